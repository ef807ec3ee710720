"""Verdicts on statements and their append-only revision history."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type, utcnow


class ReviewState(enum.StrEnum):
    """The workflow states of a verdict (architecture section 6)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    NEEDS_SECOND_READ = "needs_second_read"
    APPROVED = "approved"
    PUBLISHED = "published"
    CORRECTED = "corrected"
    RETRACTED = "retracted"
    DISMISSED = "dismissed"


class ReviewBase(SQLModel):
    """Fields of a verdict that the API shows."""

    scale: str = Field(default="truth", max_length=50)
    rating_value: int | None = None
    label: str = Field(default="", max_length=100)
    summary: str = Field(default="", max_length=300)
    explanation: str = Field(default="", sa_type=sa.Text)
    evidence: list[dict[str, str]] = Field(default_factory=list, sa_type=sa.JSON)
    correction_note: str = Field(default="", sa_type=sa.Text)


class Review(ReviewBase, table=True):
    """A verdict on one statement.

    ``version`` grows by one on every change; a save must carry the version it
    loaded (optimistic locking), and every change writes a :class:`ReviewRevision`.
    """

    __tablename__ = "review"
    __table_args__ = (
        sa.Index("ix_review_statement_id", "statement_id"),
        sa.Index("ix_review_state", "state", "updated_at"),
        sa.Index("ix_review_assignee_id", "assignee_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", ondelete="CASCADE")
    state: ReviewState = Field(
        default=ReviewState.DRAFT, sa_type=str_enum_type(ReviewState, "review_state")
    )
    notes: str = Field(default="", sa_type=sa.Text)
    author_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    second_reader_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    assignee_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1)
    created_at: dt.datetime = created_at_field()
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReviewPublic(ReviewBase):
    """A published verdict as the API and widgets show it."""

    id: int
    statement_id: int
    state: ReviewState
    published_at: dt.datetime | None
    version: int


class ReviewRevision(SQLModel, table=True):
    """One saved state of a verdict. Rows are only ever added."""

    __tablename__ = "review_revision"
    __table_args__ = (sa.UniqueConstraint("review_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", ondelete="CASCADE")
    version: int
    state: ReviewState = Field(sa_type=str_enum_type(ReviewState, "review_state"))
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    changed_fields: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    note: str = Field(default="", sa_type=sa.Text)
    changed_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: dt.datetime = created_at_field()


class RatingScaleDefinition(SQLModel, table=True):
    """A rating scale an admin defined (the built-in Truth and Flip scales live in code).

    A scale is never edited once saved: published verdicts quote its labels, so
    changing a level would change what they say. Admins retire a scale instead
    (``is_active`` false), which keeps it readable for verdicts that use it.
    """

    __tablename__ = "rating_scale"
    __table_args__ = (sa.UniqueConstraint("slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=50)
    name: str = Field(max_length=100)
    description: str = Field(default="", sa_type=sa.Text)
    # [{"label": ..., "value": ..., "colour": ..., "description": ...}, ...]
    levels: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    is_active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: dt.datetime = created_at_field()
