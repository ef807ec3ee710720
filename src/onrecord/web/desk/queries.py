"""Read-only queries behind the desk pages.

Writes go through ``pipeline`` operations; these functions only select. List
queries return an ordered :class:`sqlalchemy.Select` for :func:`paginate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.models import (
    Outlet,
    Review,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
)
from onrecord.pipeline.speakers.names import normalize_name
from onrecord.web.pagination import AnySelect


@dataclass(frozen=True, slots=True)
class DeskCounts:
    """How many of each thing the desk holds."""

    sources: int
    speakers: int
    statements: int
    reviews: int


@dataclass(frozen=True, slots=True)
class SourceDetail:
    """A source with everything its page shows."""

    source: Source
    outlet: Outlet | None
    statements: Sequence[tuple[Statement, Speaker | None]]
    previous: Source | None
    newer: Source | None


@dataclass(frozen=True, slots=True)
class SpeakerDetail:
    """A speaker with its aliases and roles (statements come paginated separately)."""

    speaker: Speaker
    aliases: Sequence[str]
    roles: Sequence[SpeakerRole]


def _count(session: Session, model: Any) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def desk_counts(session: Session) -> DeskCounts:
    """Counts of sources, speakers, statements and reviews."""
    return DeskCounts(
        sources=_count(session, Source),
        speakers=_count(session, Speaker),
        statements=_count(session, Statement),
        reviews=_count(session, Review),
    )


def _statement_counts(group_column: Any) -> Any:
    """A subquery: ``(key, n)`` statements per value of ``group_column``."""
    return (
        sa.select(group_column.label("key"), sa.func.count().label("n"))
        .group_by(group_column)
        .subquery()
    )


def sources_query() -> AnySelect:
    """``(Source, Outlet | None, statement count)`` rows, newest first."""
    counts = _statement_counts(col(Statement.source_id))
    newest = sa.func.coalesce(col(Source.published_at), col(Source.fetched_at))
    return (
        sa.select(Source, Outlet, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(Outlet, col(Outlet.id) == col(Source.outlet_id))
        .outerjoin(counts, counts.c.key == col(Source.id))
        .order_by(newest.desc(), col(Source.id).desc())
    )


def latest_sources(session: Session, limit: int = 5) -> list[tuple[Source, Outlet | None, int]]:
    """The newest sources with outlet and statement count."""
    rows = session.execute(sources_query().limit(limit)).all()
    return [(row[0], row[1], row[2]) for row in rows]


def latest_statements(
    session: Session, limit: int = 8
) -> list[tuple[Statement, Speaker | None, Source]]:
    """The statements stored last, with speaker and source."""
    query = (
        sa.select(Statement, Speaker, Source)
        .join(Source, col(Source.id) == col(Statement.source_id))
        .outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
        .order_by(col(Statement.id).desc())
        .limit(limit)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query).all()]


def source_detail(session: Session, source_id: int) -> SourceDetail | None:
    """The source with its outlet, statements (in text order) and neighbouring versions."""
    source = session.get(Source, source_id)
    if source is None:
        return None
    outlet = session.get(Outlet, source.outlet_id) if source.outlet_id is not None else None
    rows = session.execute(
        sa.select(Statement, Speaker)
        .outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
        .where(col(Statement.source_id) == source_id)
        .order_by(col(Statement.start), col(Statement.end).desc(), col(Statement.id))
    ).all()
    previous = (
        session.get(Source, source.previous_version_id)
        if source.previous_version_id is not None
        else None
    )
    newer = session.exec(
        select(Source).where(Source.previous_version_id == source_id).order_by(col(Source.id))
    ).first()
    return SourceDetail(
        source=source,
        outlet=outlet,
        statements=[(row[0], row[1]) for row in rows],
        previous=previous,
        newer=newer,
    )


def speakers_query(name: str = "") -> AnySelect:
    """``(Speaker, statement count)`` rows by name; ``name`` filters by a contained part.

    The match is case-insensitive on the name and, through the accent-folded
    alias keys, also finds "Emil" in "Émil" and surnames stored as aliases.
    """
    counts = _statement_counts(col(Statement.speaker_id))
    query = (
        sa.select(Speaker, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.key == col(Speaker.id))
        .order_by(sa.func.lower(col(Speaker.name)), col(Speaker.id))
    )
    name = name.strip()
    if name:
        conditions = [sa.func.lower(col(Speaker.name)).contains(name.lower(), autoescape=True)]
        key = normalize_name(name)
        if key:
            conditions.append(
                sa.exists().where(
                    col(SpeakerAlias.speaker_id) == col(Speaker.id),
                    col(SpeakerAlias.normalized).contains(key, autoescape=True),
                )
            )
        query = query.where(sa.or_(*conditions))
    return query


def speaker_detail(session: Session, slug: str) -> SpeakerDetail | None:
    """The speaker with this slug, its other names and its roles (latest first)."""
    speaker = session.exec(select(Speaker).where(Speaker.slug == slug)).first()
    if speaker is None:
        return None
    aliases = session.exec(
        select(SpeakerAlias.alias)
        .where(SpeakerAlias.speaker_id == speaker.id)
        .order_by(col(SpeakerAlias.alias))
    ).all()
    roles = session.exec(
        select(SpeakerRole)
        .where(SpeakerRole.speaker_id == speaker.id)
        .order_by(col(SpeakerRole.started_on).desc().nulls_last(), col(SpeakerRole.id))
    ).all()
    others = [alias for alias in aliases if alias.casefold() != speaker.name.casefold()]
    return SpeakerDetail(speaker=speaker, aliases=others, roles=list(roles))


def speaker_statements_query(speaker_id: int) -> AnySelect:
    """``(Statement, Source, Outlet | None)`` rows of one speaker, newest ``said_on`` first."""
    return (
        sa.select(Statement, Source, Outlet)
        .join(Source, col(Source.id) == col(Statement.source_id))
        .outerjoin(Outlet, col(Outlet.id) == col(Source.outlet_id))
        .where(col(Statement.speaker_id) == speaker_id)
        .order_by(
            col(Statement.said_on).desc().nulls_last(),
            col(Statement.source_id).desc(),
            col(Statement.start),
        )
    )
