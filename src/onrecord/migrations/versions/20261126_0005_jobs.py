"""Jobs: one row per background job, on RQ or in-process

Revision ID: 0005
Revises: 0004
Why: the desk and the CLI need one view of background work (URL ingestion,
feed polls, re-matching, exports) whether it runs on Redis or in the web
process. ``active_key`` is unique and NULL once a job has finished, so only
one queued or running job per idempotency key can exist on SQLite and
PostgreSQL alike, while finished jobs stay as history.

Created: 2026-11-26 19:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("key", sa.String(length=1000), nullable=False),
        sa.Column("active_key", sa.String(length=1000), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "retrying",
                "succeeded",
                "failed",
                name="job_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("enqueued_by_id", sa.Integer(), nullable=True),
        sa.Column("rq_job_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enqueued_by_id"],
            ["user.id"],
            name=op.f("fk_job_enqueued_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
        sa.UniqueConstraint("active_key", name=op.f("uq_job_active_key")),
    )
    op.create_index("ix_job_key", "job", ["key"], unique=False)
    op.create_index("ix_job_status_created", "job", ["status", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_job_status_created", table_name="job")
    op.drop_index("ix_job_key", table_name="job")
    op.drop_table("job")
