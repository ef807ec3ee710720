"""The audit log: one row per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import created_at_field


class AuditEvent(SQLModel, table=True):
    """Who did what to which object, and when. ``action`` is past tense: ``source.ingested``."""

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_object", "object_type", "object_id"),
        sa.Index("ix_audit_event_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = created_at_field()
    actor_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    action: str = Field(max_length=100)
    object_type: str = Field(max_length=50)
    object_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
