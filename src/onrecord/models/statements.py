"""Statements (quotes and claims) and the links between them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type


class StatementKind(enum.StrEnum):
    """How the words were reported."""

    DIRECT = "direct"  # one quotation
    MIXED = "mixed"  # reported speech that contains a quoted fragment
    INDIRECT = "indirect"  # reported speech, no quote marks


class StatementStatus(enum.StrEnum):
    """Where a statement stands in the desk's work."""

    NEW = "new"  # nobody has looked at it
    IN_PROGRESS = "in_progress"  # a verdict is being written
    CHECKED = "checked"  # has a published verdict
    DISMISSED = "dismissed"  # not a checkable claim


class StatementBase(SQLModel):
    """Fields of a statement that the API shows."""

    text: str = Field(sa_type=sa.Text)
    kind: StatementKind = Field(sa_type=str_enum_type(StatementKind, "statement_kind"))
    cue: str | None = Field(default=None, max_length=100)
    said_on: dt.date | None = None
    start: int
    end: int


class Statement(StatementBase, table=True):
    """A quote or claim in a source, attributed to a speaker.

    ``source.text[start:end] == text`` always holds; the speaker mention and
    cue offsets index the same text.
    """

    __tablename__ = "statement"
    __table_args__ = (
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name="offsets"),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        sa.UniqueConstraint("source_id", "start", "end"),
        sa.Index("ix_statement_speaker_said_on", "speaker_id", "said_on"),
        sa.Index("ix_statement_status", "status", "said_on"),
        sa.Index("ix_statement_status_worth", "status", "checkworthiness"),
        sa.Index("ix_statement_said_on", "said_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", ondelete="CASCADE")
    speaker_id: int | None = Field(default=None, foreign_key="speaker.id", ondelete="SET NULL")
    normalized_text: str = Field(default="", sa_type=sa.Text)
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = Field(default=None, max_length=300)
    speaker_start: int | None = None
    speaker_end: int | None = None
    #: The name the extractor resolved inside the article, before cross-article resolution.
    speaker_name: str | None = Field(default=None, max_length=300)
    speaker_needs_confirmation: bool = False
    confidence: float = 1.0
    checkworthiness: float | None = None
    status: StatementStatus = Field(
        default=StatementStatus.NEW, sa_type=str_enum_type(StatementStatus, "statement_status")
    )
    created_at: dt.datetime = created_at_field()


class StatementPublic(StatementBase):
    """A statement as the API shows it."""

    id: int
    source_id: int
    speaker_id: int | None


class LinkRelation(enum.StrEnum):
    """How two statements relate."""

    REPEATS = "repeats"
    SAME_TOPIC = "same_topic"
    REVERSAL = "reversal"
    ALREADY_CHECKED = "already_checked"


class LinkStatus(enum.StrEnum):
    """Whether a human has looked at a suggested link."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class FlipRating(enum.StrEnum):
    """The Flip scale for confirmed reversals."""

    NO_FLIP = "No Flip"
    HALF_FLIP = "Half Flip"
    FULL_FLOP = "Full Flop"


class StatementLink(SQLModel, table=True):
    """A pair of statements: the newer one (``statement_id``) and an earlier one it relates to."""

    __tablename__ = "statement_link"
    __table_args__ = (
        sa.UniqueConstraint("statement_id", "other_id", "relation"),
        sa.CheckConstraint("statement_id <> other_id", name="distinct"),
        sa.Index("ix_statement_link_other_id", "other_id"),
        sa.Index("ix_statement_link_status", "status", "relation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", ondelete="CASCADE")
    other_id: int = Field(foreign_key="statement.id", ondelete="CASCADE")
    relation: LinkRelation = Field(sa_type=str_enum_type(LinkRelation, "link_relation"))
    status: LinkStatus = Field(
        default=LinkStatus.SUGGESTED, sa_type=str_enum_type(LinkStatus, "link_status")
    )
    score: float = 0.0
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    explanation: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    flip_rating: FlipRating | None = Field(
        default=None, sa_type=str_enum_type(FlipRating, "flip_rating")
    )
    note: str = Field(default="", sa_type=sa.Text)
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = created_at_field()
