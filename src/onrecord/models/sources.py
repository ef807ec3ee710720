"""Outlets and sources (articles and documents), with provenance."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type


class Outlet(SQLModel, table=True):
    """A publisher: newspaper, broadcaster, agency, blog."""

    __tablename__ = "outlet"
    __table_args__ = (sa.UniqueConstraint("domain"), sa.UniqueConstraint("name"))

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    domain: str | None = Field(default=None, max_length=253)
    country: str = Field(default="", max_length=100)


class IngestMethod(enum.StrEnum):
    """How a source came in."""

    PASTE = "paste"
    URL = "url"
    UPLOAD = "upload"
    FEED = "feed"
    SEED = "seed"
    CLI = "cli"
    API = "api"


class SourceBase(SQLModel):
    """Fields of a source that the API shows."""

    url: str | None = Field(default=None, max_length=2048)
    canonical_url: str | None = Field(default=None, max_length=2048)
    title: str = Field(default="", max_length=500)
    authors: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    language: str = Field(default="en", max_length=16)


class Source(SourceBase, table=True):
    """One article or document as we stored it.

    A changed article at the same canonical URL is stored as a new row with a
    higher ``version``; the old row and its statements stay.
    """

    __tablename__ = "source"
    __table_args__ = (
        sa.UniqueConstraint("canonical_url", "version"),
        sa.UniqueConstraint("content_hash"),
        sa.Index("ix_source_published_at", "published_at"),
        sa.Index("ix_source_outlet_id", "outlet_id", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", ondelete="SET NULL")
    text: str = Field(sa_type=sa.Text)
    content_hash: str = Field(max_length=64)
    fingerprint: str | None = Field(default=None, max_length=64)
    archive_url: str | None = Field(default=None, max_length=2048)
    version: int = Field(default=1)
    previous_version_id: int | None = Field(
        default=None, foreign_key="source.id", ondelete="SET NULL"
    )
    ingest_method: IngestMethod = Field(
        default=IngestMethod.PASTE, sa_type=str_enum_type(IngestMethod, "ingest_method")
    )
    ingested_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    extra: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    fetched_at: dt.datetime = created_at_field()


class SourcePublic(SourceBase):
    """A source as the API shows it (no full text)."""

    id: int
    outlet_id: int | None
    version: int
