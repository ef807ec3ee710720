"""Read-only queries behind the desk pages.

Writes go through ``pipeline`` operations; these functions only select. List
queries return an ordered :class:`sqlalchemy.Select` for :func:`paginate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session, col, select

from onrecord.models import (
    Feed,
    FeedEntry,
    Outlet,
    Review,
    Source,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    Statement,
)
from onrecord.pipeline.speakers.names import (
    is_description,
    normalize_name,
    strip_titles,
    without_article,
)
from onrecord.pipeline.speakers.operations import find_by_alias, find_by_role
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


# --- Feeds (issue 4) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedDetail:
    """A feed with its outlet and its most recent entries (with their sources)."""

    feed: Feed
    outlet: Outlet | None
    entries: Sequence[tuple[FeedEntry, Source | None]]


def feeds_list(session: Session) -> list[tuple[Feed, Outlet | None]]:
    """Every feed with its outlet, by title then address."""
    rows = session.execute(
        sa.select(Feed, Outlet)
        .outerjoin(Outlet, col(Outlet.id) == col(Feed.outlet_id))
        .order_by(sa.func.lower(col(Feed.title)), col(Feed.url), col(Feed.id))
    ).all()
    return [(row[0], row[1]) for row in rows]


def feed_detail(session: Session, feed_id: int, limit: int = 50) -> FeedDetail | None:
    """The feed and its ``limit`` most recently seen entries."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        return None
    outlet = session.get(Outlet, feed.outlet_id) if feed.outlet_id is not None else None
    rows = session.execute(
        sa.select(FeedEntry, Source)
        .outerjoin(Source, col(Source.id) == col(FeedEntry.source_id))
        .where(col(FeedEntry.feed_id) == feed_id)
        .order_by(col(FeedEntry.seen_at).desc(), col(FeedEntry.id).desc())
        .limit(limit)
    ).all()
    return FeedDetail(feed=feed, outlet=outlet, entries=[(row[0], row[1]) for row in rows])


# --- Speaker candidates, merging, unconfirmed statements (issue 4) ------------------

#: rapidfuzz WRatio (0-100) from which a speaker is offered for a typed search.
CANDIDATE_CUTOFF = 70.0
#: rapidfuzz token_sort_ratio (0-100) from which a speaker is offered for a name in an
#: article: whole-name comparison, so "Anna Varga" does not offer "Minister Anna Berger".
STATEMENT_CUTOFF = 80.0


@dataclass(frozen=True, slots=True)
class SpeakerCandidate:
    """A speaker offered for a name, with how well it matched (100 = exact alias)."""

    speaker: Speaker
    score: float
    matched: str  # the alias or role that matched


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """What the merge confirmation shows of one speaker."""

    speaker: Speaker
    statements: int
    aliases: Sequence[str]
    roles: int


def _alias_rows(session: Session, key: str) -> Sequence[SpeakerAlias]:
    """Aliases that may be close to ``key``: containing it, or sharing a word's first letters."""
    conditions = [col(SpeakerAlias.normalized).contains(key, autoescape=True)]
    for word in {w for w in key.split() if len(w) >= 2}:
        conditions.append(col(SpeakerAlias.normalized).startswith(word[:2], autoescape=True))
        conditions.append(col(SpeakerAlias.normalized).contains(f" {word[:2]}", autoescape=True))
    return session.exec(select(SpeakerAlias).where(sa.or_(*conditions)).limit(2000)).all()


def speaker_candidates(
    session: Session,
    name: str,
    *,
    on: dt.date | None = None,
    exclude_id: int | None = None,
    limit: int = 8,
    whole_name: bool = False,
) -> list[SpeakerCandidate]:
    """Speakers a person may mean by ``name``, best first.

    Exact aliases (titles stripped) and roles held on ``on`` score 100; other
    aliases are ranked with rapidfuzz ``WRatio`` (which also rewards a typed part
    of a name, "varg" → "Anna Varga") from :data:`CANDIDATE_CUTOFF`, or, with
    ``whole_name``, with ``token_sort_ratio`` from :data:`STATEMENT_CUTOFF`.
    """
    found: dict[int, SpeakerCandidate] = {}

    def offer(speaker: Speaker, score: float, matched: str) -> None:
        if speaker.id is None or speaker.id == exclude_id:
            return
        best = found.get(speaker.id)
        if best is None or score > best.score:
            found[speaker.id] = SpeakerCandidate(speaker, score, matched)

    name = name.strip()
    key = normalize_name(strip_titles(without_article(name))) if name else ""
    if not key:
        return []
    for speaker in find_by_alias(session, name):
        offer(speaker, 100.0, name)
    if is_description(name):
        for speaker in find_by_role(session, name, on):
            offer(speaker, 100.0, name)
    aliases = _alias_rows(session, key)
    choices = {i: alias.normalized for i, alias in enumerate(aliases)}
    scorer, cutoff = (
        (fuzz.token_sort_ratio, STATEMENT_CUTOFF) if whole_name else (fuzz.WRatio, CANDIDATE_CUTOFF)
    )
    scored = process.extract(key, choices, scorer=scorer, score_cutoff=cutoff, limit=limit * 4)
    speakers = {
        s.id: s
        for s in session.exec(
            select(Speaker).where(col(Speaker.id).in_({aliases[i].speaker_id for *_, i in scored}))
        )
    }
    for _, score, i in scored:
        near = speakers.get(aliases[i].speaker_id)
        if near is not None:
            offer(near, float(score), aliases[i].alias)
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.speaker.name.casefold()))
    return ranked[:limit]


def statement_candidates(session: Session, statement: Statement) -> list[SpeakerCandidate]:
    """Speakers the statement's name or mention may refer to, its current speaker first."""
    names = [n for n in (statement.speaker_name, statement.speaker_mention) if n]
    found: dict[int | None, SpeakerCandidate] = {}
    for name in names:
        for candidate in speaker_candidates(session, name, on=statement.said_on, whole_name=True):
            found.setdefault(candidate.speaker.id, candidate)
    current = session.get(Speaker, statement.speaker_id) if statement.speaker_id else None
    if current is not None and current.id not in found:
        found[current.id] = SpeakerCandidate(current, 0.0, "current speaker")
    return sorted(
        found.values(),
        key=lambda c: (c.speaker.id != statement.speaker_id, -c.score, c.speaker.name),
    )


def speaker_summary(session: Session, speaker: Speaker) -> SpeakerSummary:
    """A speaker's statement count, aliases and number of roles."""
    statements = session.scalar(
        sa.select(sa.func.count()).where(col(Statement.speaker_id) == speaker.id)
    )
    aliases = session.exec(
        select(SpeakerAlias.alias)
        .where(SpeakerAlias.speaker_id == speaker.id)
        .order_by(col(SpeakerAlias.alias))
    ).all()
    roles = session.scalar(
        sa.select(sa.func.count()).where(col(SpeakerRole.speaker_id) == speaker.id)
    )
    return SpeakerSummary(speaker, statements or 0, list(aliases), roles or 0)


def unconfirmed_statements_query() -> AnySelect:
    """``(Statement, Speaker | None, Source)`` rows needing speaker confirmation, newest first."""
    return (
        sa.select(Statement, Speaker, Source)
        .join(Source, col(Source.id) == col(Statement.source_id))
        .outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
        .where(col(Statement.speaker_needs_confirmation).is_(True))
        .order_by(col(Statement.id).desc())
    )


def statement_with_source(
    session: Session, statement_id: int
) -> tuple[Statement, Speaker | None, Source] | None:
    """One statement with its speaker and source, or None."""
    row = session.execute(
        sa.select(Statement, Speaker, Source)
        .join(Source, col(Source.id) == col(Statement.source_id))
        .outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
        .where(col(Statement.id) == statement_id)
    ).first()
    return (row[0], row[1], row[2]) if row else None
