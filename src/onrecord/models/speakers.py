"""Speakers: people and organisations who say things, with aliases and roles over time."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import created_at_field, str_enum_type


class SpeakerKind(enum.StrEnum):
    """What kind of source a speaker is."""

    PERSON = "person"
    ORGANISATION = "organisation"
    OUTLET = "outlet"
    ANONYMOUS = "anonymous"


class SpeakerBase(SQLModel):
    """Fields shared by the speaker table and its API schemas."""

    name: str = Field(max_length=200)
    slug: str = Field(max_length=200)
    kind: SpeakerKind = Field(
        default=SpeakerKind.PERSON, sa_type=str_enum_type(SpeakerKind, "speaker_kind")
    )
    description: str = Field(default="", max_length=2000)
    wikidata_id: str | None = Field(default=None, max_length=32)


class Speaker(SpeakerBase, table=True):
    """A person or organisation whose statements we track."""

    __tablename__ = "speaker"
    __table_args__ = (sa.UniqueConstraint("slug"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = created_at_field()


class SpeakerPublic(SpeakerBase):
    """A speaker as the API and widgets show it."""

    id: int


class SpeakerAlias(SQLModel, table=True):
    """Another name for a speaker: a surname, a transliteration, a nickname used in print.

    ``normalized`` is the lower-cased, accent-folded form used for exact lookups.
    """

    __tablename__ = "speaker_alias"
    __table_args__ = (
        sa.UniqueConstraint("speaker_id", "normalized"),
        sa.Index("ix_speaker_alias_normalized", "normalized"),
    )

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", ondelete="CASCADE")
    alias: str = Field(max_length=200)
    normalized: str = Field(max_length=200)


class SpeakerRole(SQLModel, table=True):
    """A title a speaker held for a time, so "the finance minister" resolves by date."""

    __tablename__ = "speaker_role"
    __table_args__ = (sa.Index("ix_speaker_role_title", "normalized_title", "started_on"),)

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(foreign_key="speaker.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    normalized_title: str = Field(max_length=200)
    body: str = Field(default="", max_length=200)
    party: str = Field(default="", max_length=200)
    started_on: dt.date | None = None
    ended_on: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        """Whether the role was held on ``day`` (open ends count as held)."""
        if self.started_on is not None and day < self.started_on:
            return False
        return self.ended_on is None or day <= self.ended_on
