"""Storing an article with its statements: one transaction, all or nothing.

An article is new when neither its content hash nor its canonical URL is
known; the same content again is a duplicate and changes nothing; new content
at a known canonical URL becomes a new version of that source, and the old
version keeps its statements and reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from onrecord.models import (
    IngestMethod,
    Outlet,
    Source,
    SpeakerKind,
    Statement,
    StatementKind,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import OperationError, require_id
from onrecord.pipeline.extract import ExtractedStatement, extract_statements
from onrecord.pipeline.ingest.urls import canonicalize_url, url_host
from onrecord.pipeline.speakers.operations import resolve_speaker
from onrecord.pipeline.text import content_hash, normalize_statement

#: Largest article text accepted, in characters (a long article is ~50,000).
MAX_TEXT_CHARS = 1_000_000


@dataclass(slots=True)
class IngestResult:
    """What happened to one article: ``status`` is "ingested", "new_version" or "duplicate"."""

    source: Source
    status: str
    statements: list[Statement] = field(default_factory=list)

    @property
    def created(self) -> bool:
        """Whether a new source row was written."""
        return self.status != "duplicate"

    @property
    def message(self) -> str:
        """One line for people."""
        title = self.source.title or "untitled"
        if self.status == "duplicate":
            return f"already stored as source {self.source.id} ({title}); nothing changed"
        what = "new version of" if self.status == "new_version" else "stored"
        return f"{what} source {self.source.id} ({title}) with {len(self.statements)} statements"


def check_article_text(text: str) -> str:
    """The text if it can be stored; raises :class:`OperationError` saying what is wrong."""
    if "\x00" in text:
        raise OperationError("the file looks binary (it contains NUL bytes), not an article")
    if len(text) > MAX_TEXT_CHARS:
        raise OperationError(
            f"the article is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    if not text.strip():
        raise OperationError("the article has no text")
    return text


def get_or_create_outlet(
    session: Session, *, name: str | None, domain: str | None
) -> Outlet | None:
    """The outlet with this name or domain, created when unknown; None when neither is given."""
    name = (name or "").strip()
    domain = (domain or "").strip().lower() or None
    if not name and not domain:
        return None
    conditions = []
    if name:
        conditions.append(func.lower(col(Outlet.name)) == name.lower())
    if domain:
        conditions.append(col(Outlet.domain) == domain)
    outlet = session.exec(select(Outlet).where(sa.or_(*conditions))).first()
    if outlet is None:
        outlet = Outlet(name=name or domain or "", domain=domain)
        session.add(outlet)
        session.flush()
    elif domain and outlet.domain is None:
        outlet.domain = domain
    return outlet


def _as_datetime(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def ingest_text(
    session: Session,
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    canonical_url: str | None = None,
    outlet: str | None = None,
    outlet_domain: str | None = None,
    published: dt.date | dt.datetime | None = None,
    authors: Sequence[str] = (),
    language: str = "en",
    method: IngestMethod = IngestMethod.PASTE,
    actor_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> IngestResult:
    """Store an article, extract its statements and attribute them to speakers.

    Runs inside the caller's write transaction (``Database.write()``): any error
    leaves nothing behind. Raises :class:`OperationError` for unusable input.
    """
    check_article_text(text)
    link = canonical_url or url
    canonical = canonicalize_url(link) if link else None
    digest = content_hash(text)
    existing = session.exec(select(Source).where(Source.content_hash == digest)).first()
    if existing is not None:
        return IngestResult(existing, "duplicate")
    previous = None
    if canonical is not None:
        previous = session.exec(
            select(Source)
            .where(Source.canonical_url == canonical)
            .order_by(col(Source.version).desc())
        ).first()
    published_at = _as_datetime(published)
    source = Source(
        url=url.strip() if url else None,
        canonical_url=canonical,
        title=title.strip(),
        authors=[a.strip() for a in authors if a.strip()],
        published_at=published_at,
        language=language or "en",
        text=text,
        content_hash=digest,
        version=previous.version + 1 if previous else 1,
        previous_version_id=previous.id if previous else None,
        ingest_method=method,
        ingested_by_id=actor_id,
        extra=extra or {},
    )
    outlet_row = get_or_create_outlet(
        session, name=outlet, domain=outlet_domain or (url_host(canonical) if canonical else None)
    )
    source.outlet_id = outlet_row.id if outlet_row else None
    session.add(source)
    session.flush()
    day = published_at.date() if published_at else None
    extracted = distinct_spans(extract_statements(text, title=title or None, published=day))
    statements = [
        _store_statement(session, source=source, found=found, day=day, actor_id=actor_id)
        for found in extracted
    ]
    status = "new_version" if previous else "ingested"
    record_event(
        session,
        action="source.ingested",
        object_type="source",
        object_id=source.id,
        actor_id=actor_id,
        data={"status": status, "statements": len(statements), "method": method.value},
    )
    return IngestResult(source, status, statements)


def distinct_spans(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """One statement per (start, end): the most confident wins (a span is stored once)."""
    best: dict[tuple[int, int], ExtractedStatement] = {}
    for stmt in found:
        key = (stmt.start, stmt.end)
        if key not in best or stmt.confidence > best[key].confidence:
            best[key] = stmt
    return sorted(best.values(), key=lambda s: (s.start, s.end))


def _store_statement(
    session: Session,
    *,
    source: Source,
    found: ExtractedStatement,
    day: dt.date | None,
    actor_id: int | None,
) -> Statement:
    speaker_id = None
    needs_confirmation = False
    if found.speaker:
        kind = (
            SpeakerKind.ORGANISATION if found.speaker_kind == "organisation" else SpeakerKind.PERSON
        )
        match = resolve_speaker(
            session, found.speaker, kind=kind, on=found.said_on or day, actor_id=actor_id
        )
        if match is not None:
            speaker_id = match.speaker.id
            needs_confirmation = match.needs_confirmation
    statement = Statement(
        source_id=require_id(source),
        speaker_id=speaker_id,
        text=found.text,
        normalized_text=normalize_statement(found.text),
        kind=StatementKind(found.kind),
        cue=found.cue,
        cue_start=found.cue_start,
        cue_end=found.cue_end,
        start=found.start,
        end=found.end,
        speaker_mention=found.speaker_mention,
        speaker_start=found.speaker_start,
        speaker_end=found.speaker_end,
        speaker_name=found.speaker,
        speaker_needs_confirmation=needs_confirmation,
        said_on=found.said_on or day,
        confidence=min(1.0, max(0.0, found.confidence)),
    )
    session.add(statement)
    session.flush()
    return statement
