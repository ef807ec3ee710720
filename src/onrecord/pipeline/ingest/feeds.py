"""Reading RSS and Atom feeds from bytes with feedparser (which never fetches here)."""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import feedparser

from onrecord.pipeline.errors import OperationError


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry: its stable key, link and whatever text the feed carries."""

    key: str
    link: str | None
    title: str
    published: dt.datetime | None
    authors: tuple[str, ...] = ()
    content_html: str = ""  # full content (content:encoded / atom:content) when present


@dataclass(frozen=True, slots=True)
class FeedDocument:
    """A parsed feed."""

    title: str
    site_url: str | None
    version: str
    items: list[FeedItem] = field(default_factory=list)


def _as_datetime(parsed: time.struct_time | None) -> dt.datetime | None:
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _entry_key(entry: Any) -> str | None:
    # The feed's own id is the key; the link is the fallback for feeds without ids.
    key = entry.get("id") or entry.get("guid") or entry.get("link")
    if not key:
        title = entry.get("title")
        return f"title:{title}" if title else None
    return str(key)[:1000]


def _content(entry: Any) -> str:
    contents = entry.get("content") or []
    html = [c.get("value", "") for c in contents if c.get("value")]
    return max(html, key=len) if html else ""


def parse_feed(data: bytes, *, url: str | None = None) -> FeedDocument:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes.

    Raises :class:`OperationError` when the bytes are not a feed (an HTML page,
    JSON, garbage), so a wrong URL gets a clear message instead of zero entries.
    """
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes bytes (feedparser must never fetch by itself)")
    headers = {"content-location": url} if url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    version = parsed.get("version") or ""
    if not version:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0][:120]})" if reason else ""
        raise OperationError(f"this is not an RSS or Atom feed{detail}")
    items = []
    for entry in parsed.entries:
        key = _entry_key(entry)
        if key is None:
            continue
        authors = tuple(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        items.append(
            FeedItem(
                key=key,
                link=entry.get("link"),
                title=(entry.get("title") or "").strip()[:500],
                published=_as_datetime(
                    entry.get("published_parsed") or entry.get("updated_parsed")
                ),
                authors=authors,
                content_html=_content(entry),
            )
        )
    feed = parsed.feed
    return FeedDocument(
        title=(feed.get("title") or "").strip()[:500],
        site_url=feed.get("link"),
        version=version,
        items=items,
    )
