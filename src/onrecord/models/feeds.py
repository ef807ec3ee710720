"""RSS/Atom feeds we poll, and the entries we have seen in them."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from onrecord.models.base import UTCDateTime, created_at_field, str_enum_type


class PollStatus(enum.StrEnum):
    """How the last poll of a feed went."""

    NEVER = "never"
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"


class Feed(SQLModel, table=True):
    """A feed: its URL, conditional-GET validators, and what the last polls did."""

    __tablename__ = "feed"
    __table_args__ = (sa.UniqueConstraint("url"),)

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2048)
    title: str = Field(default="", max_length=500)
    site_url: str | None = Field(default=None, max_length=2048)
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", ondelete="SET NULL")
    active: bool = True
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    last_polled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status: PollStatus = Field(
        default=PollStatus.NEVER, sa_type=str_enum_type(PollStatus, "poll_status")
    )
    last_error: str = Field(default="", sa_type=sa.Text)
    entries_seen: int = 0
    articles_ingested: int = 0
    added_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: dt.datetime = created_at_field()


class EntryStatus(enum.StrEnum):
    """What happened to one feed entry."""

    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


class FeedEntry(SQLModel, table=True):
    """One entry of a feed, keyed by (feed, entry id) so a re-poll never ingests it twice.

    Refused entries are remembered too (with the reason) and retried on the next
    poll only when ``status`` is refused; ingested and duplicate ones are final.
    """

    __tablename__ = "feed_entry"
    __table_args__ = (sa.UniqueConstraint("feed_id", "entry_key"),)

    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feed.id", ondelete="CASCADE")
    entry_key: str = Field(max_length=1000)
    link: str | None = Field(default=None, max_length=2048)
    title: str = Field(default="", max_length=500)
    status: EntryStatus = Field(sa_type=str_enum_type(EntryStatus, "entry_status"))
    error: str = Field(default="", sa_type=sa.Text)
    source_id: int | None = Field(default=None, foreign_key="source.id", ondelete="SET NULL")
    attempts: int = 1
    seen_at: dt.datetime = created_at_field()
