"""Background jobs: one row per job, whether it runs on RQ or in-process.

The row is the single view of a job for the desk and the CLI in both modes.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type


class JobStatus(enum.StrEnum):
    """Where a job is in its life. Queued, running and retrying jobs are *active*."""

    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def is_active(self) -> bool:
        """Whether the job may still run (its key is taken)."""
        return self in {JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING}


class Job(SQLModel, table=True):
    """One background job: its kind, parameters, idempotency key, attempts and outcome.

    ``key`` names the work (``ingest_url:<canonical url>``); ``active_key``
    holds the same value while the job is queued, running or retrying and is
    NULL afterwards, so a unique constraint on it lets only one active job per
    key exist (NULLs never collide on SQLite or PostgreSQL) while finished jobs
    with the same key stay as history. Jobs of once-per-key kinds (a feed poll
    for one time bucket) keep ``active_key`` when they finish: one job per key, ever.
    """

    __tablename__ = "job"
    __table_args__ = (
        sa.UniqueConstraint("active_key"),
        sa.Index("ix_job_key", "key"),
        sa.Index("ix_job_status_created", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=50)
    key: str = Field(max_length=1000)
    active_key: str | None = Field(default=None, max_length=1000)
    params: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    status: JobStatus = Field(
        default=JobStatus.QUEUED, sa_type=str_enum_type(JobStatus, "job_status")
    )
    attempts: int = 0
    max_attempts: int = 1
    last_error: str = Field(default="", sa_type=sa.Text)
    result: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    enqueued_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    rq_job_id: str | None = Field(default=None, max_length=100)
    created_at: dt.datetime = created_at_field()
    started_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
