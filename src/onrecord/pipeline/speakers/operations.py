"""Finding or creating the Speaker behind a name, and editing speakers.

Resolution order for a name seen in an article: exact alias, role held on the
date ("the finance minister"), fuzzy alias match (rapidfuzz) above a threshold,
else a new speaker. When the two best fuzzy candidates are too close to tell
apart, the best one is used and the statement is flagged for confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session, SQLModel, col, select

from onrecord.models import Speaker, SpeakerAlias, SpeakerKind, SpeakerRole, Statement
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import OperationError, require_id
from onrecord.pipeline.speakers.names import (
    is_description,
    is_title,
    looks_like_name,
    normalize_name,
    normalize_title,
    slugify,
    strip_titles,
    surname,
    without_article,
)

_ALIAS_TABLE: sa.Table = SQLModel.metadata.tables["speaker_alias"]

#: rapidfuzz token_sort_ratio (0-100) from which a fuzzy alias match is accepted.
FUZZY_ACCEPT = 88.0
#: When the runner-up is within this many points of the best, ask a human.
AMBIGUITY_MARGIN = 3.0


@dataclass(frozen=True, slots=True)
class SpeakerMatch:
    """The speaker a name resolved to, how, and whether a human should confirm it."""

    speaker: Speaker
    method: str  # "alias", "role", "fuzzy", "created"
    score: float
    needs_confirmation: bool = False


def alias_keys(name: str) -> set[str]:
    """The alias lookup keys of a name: as written, without a leading article, without titles."""
    bare = without_article(name)
    return {normalize_name(name), normalize_name(bare), normalize_name(strip_titles(bare))} - {""}


def speaker_ids_by_alias(session: Session, names: Iterable[str]) -> dict[str, list[int]]:
    """For each name, the ids (ascending) of the speakers with an alias equal to it once
    normalised (titles stripped too); one query for all names, no ORM objects (ingest
    resolves a whole article this way)."""
    keys_of = {name: alias_keys(name) for name in names}
    wanted = set().union(*keys_of.values()) if keys_of else set()
    if not wanted:
        return {name: [] for name in keys_of}
    rows = session.execute(
        sa.select(_ALIAS_TABLE.c.normalized, _ALIAS_TABLE.c.speaker_id).where(
            _ALIAS_TABLE.c.normalized.in_(wanted)
        )
    ).all()
    by_key: dict[str, set[int]] = {}
    for key, speaker_id in rows:
        by_key.setdefault(key, set()).add(speaker_id)
    return {
        name: sorted(set().union(*(by_key.get(key, set()) for key in keys)))
        for name, keys in keys_of.items()
    }


def find_many_by_alias(session: Session, names: Iterable[str]) -> dict[str, list[Speaker]]:
    """:func:`find_by_alias` for many names in one query: the speakers of each name,
    lowest id first (so that the first of several is always the same one)."""
    keys_of = {name: alias_keys(name) for name in names}
    wanted = set().union(*keys_of.values()) if keys_of else set()
    if not wanted:
        return {name: [] for name in keys_of}
    rows = session.exec(
        select(SpeakerAlias.normalized, Speaker)
        .join(Speaker, col(SpeakerAlias.speaker_id) == col(Speaker.id))
        .where(col(SpeakerAlias.normalized).in_(wanted))
    ).all()
    by_key: dict[str, dict[int, Speaker]] = {}
    for key, speaker in rows:
        by_key.setdefault(key, {})[require_id(speaker)] = speaker
    found: dict[str, list[Speaker]] = {}
    for name, keys in keys_of.items():
        merged: dict[int, Speaker] = {}
        for key in keys:
            merged.update(by_key.get(key, {}))
        found[name] = [merged[i] for i in sorted(merged)]
    return found


def find_by_alias(session: Session, name: str) -> list[Speaker]:
    """Speakers with an alias equal to ``name`` once normalised (titles stripped too)."""
    return find_many_by_alias(session, [name])[name]


def find_by_role(session: Session, title: str, on: dt.date | None) -> list[Speaker]:
    """Speakers who held ``title`` on the date ``on`` (any time when no date is known)."""
    key = normalize_title(title)
    stmt = select(SpeakerRole, Speaker).join(
        Speaker, col(Speaker.id) == col(SpeakerRole.speaker_id)
    )
    rows = session.exec(stmt.where(SpeakerRole.normalized_title == key)).all()
    # A role mention may carry a nationality ("the Valdorian president"): try without it.
    if not rows and " " in key:
        shorter = key.split(" ", 1)[1]
        rows = session.exec(stmt.where(SpeakerRole.normalized_title == shorter)).all()
    held = [speaker for role, speaker in rows if on is None or role.held_on(on)]
    unique = {s.id: s for s in held}
    return list(unique.values())


def _fuzzy_candidates(session: Session, name: str) -> list[tuple[Speaker, float]]:
    """Speakers with an alias close to ``name`` as a whole (rapidfuzz token_sort_ratio).

    Whole-name comparison on purpose: partial matching would let "minister"
    match "Prime Minister Emil Korvath". Candidates are narrowed in the database
    by the first letters of the name's last word, so this stays fast at scale.
    """
    key = normalize_name(strip_titles(without_article(name)))
    last = key.split()[-1] if key else ""
    if len(key) < 4 or len(last) < 3:
        return []
    aliases = session.exec(
        select(SpeakerAlias).where(
            sa.or_(
                col(SpeakerAlias.normalized).like(f"{last[:2]}%"),
                col(SpeakerAlias.normalized).like(f"% {last[:2]}%"),
            )
        )
    ).all()
    if not aliases:
        return []
    choices = {i: a.normalized for i, a in enumerate(aliases)}
    best: dict[int, float] = {}
    for _, score, i in process.extract(key, choices, scorer=fuzz.token_sort_ratio, limit=20):
        sid = aliases[i].speaker_id
        best[sid] = max(best.get(sid, 0.0), float(score))
    ranked = sorted(best.items(), key=lambda item: -item[1])
    speakers = {s.id: s for s in session.exec(select(Speaker).where(col(Speaker.id).in_(best)))}
    return [(speakers[sid], score) for sid, score in ranked if sid in speakers]


def resolve_speaker(
    session: Session,
    name: str,
    *,
    kind: SpeakerKind = SpeakerKind.PERSON,
    on: dt.date | None = None,
    create: bool = True,
    actor_id: int | None = None,
) -> SpeakerMatch | None:
    """The Speaker behind ``name`` as of date ``on``; creates one when nothing matches well."""
    name = name.strip()
    if not normalize_name(name):
        return None
    bare = without_article(name)
    if is_description(name):
        # "the finance minister", "its chairwoman": only a role held on the date
        # can say who this is; a description never becomes a Speaker of its own.
        by_role = find_by_role(session, name, on)
        if len(by_role) == 1:
            return SpeakerMatch(by_role[0], "role", 100.0)
        if len(by_role) > 1:
            return SpeakerMatch(by_role[0], "role", 50.0, needs_confirmation=True)
        exact = find_by_alias(session, name)
        return SpeakerMatch(exact[0], "alias", 100.0, len(exact) > 1) if exact else None
    exact = find_by_alias(session, name)
    if exact:
        return SpeakerMatch(exact[0], "alias", 100.0, needs_confirmation=len(exact) > 1)
    candidates = _fuzzy_candidates(session, name)
    if candidates and candidates[0][1] >= FUZZY_ACCEPT:
        best_speaker, best_score = candidates[0]
        close = len(candidates) > 1 and best_score - candidates[1][1] < AMBIGUITY_MARGIN
        return SpeakerMatch(best_speaker, "fuzzy", best_score, needs_confirmation=close)
    clean = strip_titles(bare) if kind == SpeakerKind.PERSON else bare
    if not create or not looks_like_name(clean) or is_title(clean):
        # Not a proper name ("Government officials"): kept on the statement as text only.
        return None
    aliases = [name] if clean != name else []
    try:
        # A savepoint: another process may create the same speaker at this moment
        # (unique slug); then we use theirs instead of failing the whole ingest.
        with session.begin_nested():
            speaker = create_speaker(
                session, name=clean, kind=kind, aliases=aliases, actor_id=actor_id
            )
    except sa.exc.IntegrityError:
        raced = find_by_alias(session, name)
        if not raced:
            raise
        return SpeakerMatch(raced[0], "alias", 100.0, needs_confirmation=len(raced) > 1)
    return SpeakerMatch(speaker, "created", 0.0)


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(
        session.exec(
            select(Speaker.slug).where(
                sa.or_(col(Speaker.slug) == base, col(Speaker.slug).like(f"{base}-%"))
            )
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_speaker(
    session: Session,
    *,
    name: str,
    kind: SpeakerKind = SpeakerKind.PERSON,
    description: str = "",
    wikidata_id: str | None = None,
    aliases: list[str] | None = None,
    actor_id: int | None = None,
) -> Speaker:
    """A new speaker with its name (and, for people, the surname) as aliases."""
    speaker = Speaker(
        name=name,
        slug=_unique_slug(session, name),
        kind=kind,
        description=description,
        wikidata_id=wikidata_id,
    )
    session.add(speaker)
    session.flush()
    names = [name, *(aliases or [])]
    if kind == SpeakerKind.PERSON and len(name.split()) > 1:
        names.append(surname(name))
    # A new speaker has no aliases yet: dedupe here instead of asking the database per alias.
    unique: dict[str, str] = {}
    for alias in names:
        unique.setdefault(normalize_name(alias), alias.strip())
    session.add_all(
        SpeakerAlias(speaker_id=require_id(speaker), alias=alias, normalized=key)
        for key, alias in unique.items()
        if key
    )
    record_event(
        session,
        action="speaker.created",
        object_type="speaker",
        object_id=speaker.id,
        actor_id=actor_id,
        data={"name": name},
    )
    return speaker


def add_alias(session: Session, *, speaker: Speaker, alias: str) -> SpeakerAlias | None:
    """Add ``alias`` to ``speaker`` unless it already has it (returns None then)."""
    key = normalize_name(alias)
    if not key or speaker.id is None:
        return None
    exists = session.exec(
        select(SpeakerAlias.id).where(
            SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.normalized == key
        )
    ).first()
    if exists is not None:
        return None
    row = SpeakerAlias(speaker_id=speaker.id, alias=alias.strip(), normalized=key)
    session.add(row)
    session.flush()
    return row


def add_role(
    session: Session,
    *,
    speaker: Speaker,
    title: str,
    body: str = "",
    party: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> SpeakerRole:
    """Record that ``speaker`` held ``title`` between two dates (either may be open)."""
    role = SpeakerRole(
        speaker_id=require_id(speaker),
        title=title,
        normalized_title=normalize_title(title),
        body=body,
        party=party,
        started_on=started_on,
        ended_on=ended_on,
    )
    session.add(role)
    session.flush()
    return role


def reassign_statement(
    session: Session, *, statement: Statement, speaker: Speaker | None, actor_id: int | None
) -> None:
    """Attribute ``statement`` to ``speaker`` (None: to nobody); a human decision, so the
    "needs confirmation" flag is cleared."""
    before = statement.speaker_id
    statement.speaker_id = speaker.id if speaker else None
    statement.speaker_needs_confirmation = False
    session.add(statement)
    record_event(
        session,
        action="statement.speaker_reassigned",
        object_type="statement",
        object_id=statement.id,
        actor_id=actor_id,
        data={"from": before, "to": statement.speaker_id},
    )


def merge_speakers(
    session: Session, *, keep: Speaker, remove: Speaker, actor_id: int | None
) -> dict[str, int]:
    """Fold ``remove`` into ``keep``: every statement, alias and role moves, then
    ``remove`` is deleted. Returns how many rows moved, as recorded in the audit log."""
    keep_id, remove_id = require_id(keep), require_id(remove)
    if keep_id == remove_id:
        raise OperationError("a speaker cannot be merged into itself")
    moved_statements = _rowcount(
        session.execute(
            sa.update(Statement)
            .where(col(Statement.speaker_id) == remove_id)
            .values(speaker_id=keep_id)
        )
    )
    have = set(
        session.exec(
            select(SpeakerAlias.normalized).where(SpeakerAlias.speaker_id == keep_id)
        ).all()
    )
    moved_aliases = 0
    for alias in session.exec(select(SpeakerAlias).where(SpeakerAlias.speaker_id == remove_id)):
        if alias.normalized in have:
            session.delete(alias)
        else:
            alias.speaker_id = keep_id
            have.add(alias.normalized)
            moved_aliases += 1
    moved_roles = _rowcount(
        session.execute(
            sa.update(SpeakerRole)
            .where(col(SpeakerRole.speaker_id) == remove_id)
            .values(speaker_id=keep_id)
        )
    )
    session.flush()
    add_alias(session, speaker=keep, alias=remove.name)
    counts = {
        "statements": int(moved_statements),
        "aliases": moved_aliases,
        "roles": int(moved_roles),
    }
    record_event(
        session,
        action="speaker.merged",
        object_type="speaker",
        object_id=keep_id,
        actor_id=actor_id,
        data={"removed_id": remove_id, "removed_name": remove.name, **counts},
    )
    session.delete(remove)
    session.flush()
    return counts


def _rowcount(result: sa.Result[Any]) -> int:
    """Rows an UPDATE touched (UPDATE results are cursor results)."""
    return int(cast("sa.CursorResult[Any]", result).rowcount)
