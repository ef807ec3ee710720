"""Matching operations: find what was already checked and what the speaker said before.

Two uses, run for each new statement (architecture section 5):

1. *Already checked*: the statement against every statement with a published
   or corrected verdict, from any speaker; links of relation
   ``already_checked`` carry the earlier verdict in their explanation.
2. *Speaker history*: against the same speaker's earlier statements; links
   are ``repeats``, ``same_topic`` or ``reversal`` (the stance module, when
   present, tells a reversal from a consistent restatement).

Both uses take candidates from the database's search index
(:mod:`~onrecord.pipeline.match.index`), rescore them
(:mod:`~onrecord.pipeline.match.scoring`) and pass them through the guards
(:mod:`~onrecord.pipeline.match.guards`). Each operation runs in the caller's
write transaction (``Database.write()``) and records an audit event.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.db import Database
from onrecord.models import (
    IngestMethod,
    LinkRelation,
    LinkStatus,
    Review,
    ReviewState,
    Source,
    Speaker,
    SpeakerAlias,
    Statement,
    StatementKind,
    StatementLink,
    StatementStatus,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import require_id
from onrecord.pipeline.match.anchors import AnchorComparison, compare_anchors
from onrecord.pipeline.match.guards import DEFAULT_SETTINGS, MatchSettings, Tier, decide_tier
from onrecord.pipeline.match.index import SearchQuery, index_for
from onrecord.pipeline.match.normalize import normalize_statement, search_terms, word_count
from onrecord.pipeline.match.scoring import (
    DEFAULT_WEIGHTS,
    Features,
    MatchText,
    Weights,
    combine,
    compute_features,
    days_apart,
    text_score,
)
from onrecord.pipeline.speakers.names import normalize_name, slugify
from onrecord.pipeline.text import content_hash

#: Review states whose verdict the public can read: these count as "already checked".
CHECKED_STATES = (ReviewState.PUBLISHED, ReviewState.CORRECTED)
STANCE_MODULE = "onrecord.pipeline.match.stance"


class Use(enum.StrEnum):
    """The two ways a new statement is matched."""

    ALREADY_CHECKED = "already_checked"
    SPEAKER_HISTORY = "speaker_history"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier statement scored against the one being matched."""

    statement_id: int
    score: float
    features: Features
    anchors: AnchorComparison
    text: str
    said_on: dt.date | None

    @property
    def words(self) -> int:
        """Word count (only needed for the few candidates that reach the guards)."""
        return word_count(self.text)


@dataclass(slots=True)
class MatchResult:
    """What :func:`match_statement` wrote for one statement."""

    statement_id: int
    links: list[WrittenLink] = field(default_factory=list)
    removed: int = 0

    def count(self, relation: LinkRelation) -> int:
        """How many links of ``relation`` were written."""
        return sum(1 for link in self.links if link.relation == relation)


def match_text_of(statement: Statement) -> MatchText:
    """The statement prepared for scoring."""
    return MatchText.build(
        statement.text, speaker_id=statement.speaker_id, said_on=statement.said_on
    )


def _search_query(statement: Statement, use: Use, settings: MatchSettings) -> SearchQuery | None:
    said_from = said_until = None
    if settings.window_days is not None and statement.said_on is not None:
        said_from = statement.said_on - dt.timedelta(days=settings.window_days)
        said_until = statement.said_on + dt.timedelta(days=settings.window_days)
    if use is Use.SPEAKER_HISTORY:
        if statement.speaker_id is None:
            return None
        # "Earlier" is by the date said; same-day statements count (order unknown).
        said_until = statement.said_on or said_until
    return SearchQuery(
        terms=search_terms(statement.text),
        limit=settings.pool,
        speaker_id=statement.speaker_id if use is Use.SPEAKER_HISTORY else None,
        checked_only=use is Use.ALREADY_CHECKED,
        exclude_ids=frozenset({require_id(statement)}),
        said_from=said_from,
        said_until=said_until,
    )


def rank_candidates(
    session: Session,
    statement: Statement,
    use: Use,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Candidate]:
    """Candidates for ``use``, best first: index retrieval, then rescoring. Writes nothing.

    This is exactly what ``onrecord rank`` prints and what :func:`match_statement`
    turns into links.
    """
    query = _search_query(statement, use, settings)
    if query is None or not query.terms:
        return []
    hits = index_for(session).search(session, query)
    if not hits:
        return []
    rows = session.connection().execute(
        sa.select(
            col(Statement.id),
            col(Statement.text),
            col(Statement.speaker_id),
            col(Statement.said_on),
            col(Statement.source_id),
        ).where(col(Statement.id).in_([h.statement_id for h in hits]))
    )
    by_id: dict[int, Any] = {int(row[0] or 0): row for row in rows}
    mine = match_text_of(statement)
    best = max(h.relevance for h in hits)
    out = []
    for rank, hit in enumerate(hits):
        row = by_id.get(hit.statement_id)
        # A statement of the same article is part of the same utterance, not a repeat.
        if row is None or (use is Use.SPEAKER_HISTORY and row[4] == statement.source_id):
            continue
        other = MatchText.build(row[1], speaker_id=row[2], said_on=row[3])
        comparison = compare_anchors(mine.anchors, other.anchors)
        features = compute_features(
            mine, other, relevance=hit.relevance, best_relevance=best, rank=rank,
            comparison=comparison,
        )  # fmt: skip
        score = combine(features, weights)
        out.append(Candidate(hit.statement_id, score, features, comparison, row[1], row[3]))
    out.sort(key=lambda c: (-c.score, c.statement_id))
    return out


def _verdicts(session: Session, statement_ids: Sequence[int]) -> dict[int, Review]:
    """The newest public verdict of each statement."""
    if not statement_ids:
        return {}
    reviews = session.exec(
        select(Review)
        .where(col(Review.statement_id).in_(statement_ids))
        .where(col(Review.state).in_(CHECKED_STATES))
        .order_by(col(Review.updated_at))
    )
    return {review.statement_id: review for review in reviews}


StanceAnalyser = Callable[[str, str], Any]


def stance_analyser() -> StanceAnalyser | None:
    """``stance.analyse_pair`` when the stance module is installed, else None."""
    try:
        module = importlib.import_module(STANCE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != STANCE_MODULE:
            raise  # the module exists but something it imports is missing: a real error
        return None
    analyse: StanceAnalyser | None = getattr(module, "analyse_pair", None)
    return analyse


def _stance_of(analyse: StanceAnalyser | None, new: str, old: str) -> dict[str, Any] | None:
    """The stance analysis of (earlier, newer) as JSON-ready data, None without the module."""
    if analyse is None:
        return None
    result = analyse(old, new)
    relation = getattr(result, "relation", "unrelated")
    explanation = getattr(result, "explanation", "")
    to_dict = getattr(explanation, "to_dict", None)
    return {
        "relation": str(getattr(relation, "value", relation)),
        "topic_score": float(getattr(result, "topic_score", 0.0)),
        "contrast_score": float(getattr(result, "contrast_score", 0.0)),
        "explanation": to_dict() if callable(to_dict) else str(explanation),
    }


@dataclass(frozen=True, slots=True)
class _Proposal:
    """A link to write: relation, tier and the evidence for a person."""

    candidate: Candidate
    relation: LinkRelation
    tier: Tier
    explanation: dict[str, Any]


def _explain(candidate: Candidate, reasons: Sequence[str]) -> dict[str, Any]:
    return {
        "shared_anchors": list(candidate.anchors.shared),
        "conflicts": list(candidate.anchors.conflicts),
        "not_confirmed_because": list(reasons),
    }


def _checked_gate(cand: Candidate, settings: MatchSettings) -> bool:
    """Whether an already-checked candidate may be suggested at all.

    The relative bm25 feature makes the best hit of any query look good, so on
    a small collection junk would pass a plain score threshold. This gate asks
    for similar words instead, ignoring speaker and date (an old claim repeated
    by someone else counts in full); calibrated on CheckThat! train
    (docs/matching.md, "Calibration").
    """
    overlap = cand.features.token_set
    if overlap < settings.checked_min_similarity:
        return False
    if not cand.anchors.shared and (
        overlap < settings.checked_unanchored_similarity
        or cand.features.ratio < settings.checked_unanchored_ratio
    ):
        return False
    return text_score(cand.features) >= settings.checked_suggest_threshold


def _checked_proposals(
    session: Session, statement: Statement, words: int, settings: MatchSettings
) -> list[_Proposal]:
    candidates = rank_candidates(session, statement, Use.ALREADY_CHECKED, settings=settings)
    verdicts = _verdicts(session, [c.statement_id for c in candidates[: settings.max_links]])
    proposals = []
    for cand in candidates[: settings.max_links]:
        if not _checked_gate(cand, settings):
            continue
        decision = decide_tier(
            score=cand.score, words=(words, cand.words), anchors=cand.anchors,
            days=days_apart(statement.said_on, cand.said_on), settings=settings,
        )  # fmt: skip
        review = verdicts.get(cand.statement_id)
        if decision.tier is None or review is None:
            continue
        explanation = _explain(cand, decision.reasons)
        explanation["verdict"] = {
            "review_id": review.id,
            "label": review.label,
            "summary": review.summary,
            "state": review.state.value,
        }
        proposals.append(_Proposal(cand, LinkRelation.ALREADY_CHECKED, decision.tier, explanation))
    return proposals


def _on_topic_words(cand: Candidate, settings: MatchSettings) -> bool:
    """Enough shared content words for a speaker-history link (calibrated on the seeds).

    A shared name, place, number or year without conflict lowers the bar: "the
    1968 intervention in Marnesia" said twice is one topic in other words.
    """
    if cand.features.token_set >= settings.history_min_similarity:
        return True
    anchored = bool(cand.anchors.shared) and not cand.anchors.conflicts
    return anchored and cand.features.token_set >= settings.history_anchor_min_similarity


def _history_proposals(
    session: Session, statement: Statement, words: int, settings: MatchSettings
) -> list[_Proposal]:
    candidates = rank_candidates(session, statement, Use.SPEAKER_HISTORY, settings=settings)
    analyse = stance_analyser()
    proposals = []
    for cand in candidates[: settings.max_links]:
        repeats = (
            cand.features.token_set >= settings.repeat_similarity and not cand.anchors.conflicts
        )
        relation = LinkRelation.REPEATS if repeats else LinkRelation.SAME_TOPIC
        decision = decide_tier(
            score=cand.score, words=(words, cand.words), anchors=cand.anchors,
            days=days_apart(statement.said_on, cand.said_on), settings=settings,
            may_confirm=repeats,
        )  # fmt: skip
        if decision.tier is None or not (repeats or _on_topic_words(cand, settings)):
            continue
        tier = decision.tier
        # Stance only for pairs on the same topic: it is the costly part of a match.
        stance = None if repeats else _stance_of(analyse, statement.text, cand.text)
        if stance is not None and (
            stance["relation"] == "unrelated" or stance["topic_score"] < settings.history_min_topic
        ):
            continue
        if stance is not None and stance["relation"] == "reversal":
            relation, tier = LinkRelation.REVERSAL, Tier.SUGGESTED
        explanation = _explain(cand, decision.reasons)
        if stance is not None:
            explanation["stance"] = stance
        proposals.append(_Proposal(cand, relation, tier, explanation))
    return proposals


@dataclass(frozen=True, slots=True)
class WrittenLink:
    """A link :func:`match_statement` wrote or updated (the row is in ``statement_link``)."""

    other_id: int
    relation: LinkRelation
    status: LinkStatus
    score: float
    explanation: dict[str, Any]


def _write_links(
    session: Session, statement_id: int, proposals: Sequence[_Proposal]
) -> tuple[list[WrittenLink], int]:
    """Upsert links; machine links no longer proposed are removed, human decisions are kept.

    New links go in with one multi-row INSERT: building ORM objects costs
    about a millisecond each, which matters when every stored statement is matched.
    """
    existing = {
        (link.other_id, link.relation): link
        for link in session.exec(
            select(StatementLink).where(StatementLink.statement_id == statement_id)
        )
    }
    written, new_rows, now = [], [], dt.datetime.now(dt.UTC)
    for proposal in proposals:
        key = (proposal.candidate.statement_id, proposal.relation)
        link = existing.pop(key, None)
        if link is not None and _decided(link):
            continue  # a person decided this pair; the machine does not overrule
        status = LinkStatus(proposal.tier.value)
        if link is not None and link.status == LinkStatus.DISMISSED:
            status = LinkStatus.DISMISSED
        values: dict[str, Any] = {
            "status": status,
            "score": round(proposal.candidate.score, 4),
            "scores": {**proposal.candidate.features.as_dict(), "tier": proposal.tier.value},
            "explanation": proposal.explanation,
        }
        if link is None:
            new_rows.append(
                {"statement_id": statement_id, "other_id": key[0], "relation": key[1],
                 "created_at": now, **_LINK_DEFAULTS, **values}
            )  # fmt: skip
        else:
            for name, value in values.items():
                setattr(link, name, value)
            session.add(link)
        written.append(WrittenLink(key[0], key[1], status, values["score"], values["explanation"]))
    removed = 0
    for link in existing.values():
        if not _decided(link) and link.status != LinkStatus.DISMISSED:
            session.delete(link)
            removed += 1
    session.flush()
    if new_rows:
        session.connection().execute(sa.insert(_table(StatementLink)), new_rows)
    return written, removed


def _decided(link: StatementLink) -> bool:
    """Whether a person decided the link (``decided_at`` stays when the user is deleted)."""
    return link.decided_by_id is not None or link.decided_at is not None


_LINK_DEFAULTS: dict[str, Any] = {
    "flip_rating": None, "note": "", "decided_by_id": None, "decided_at": None,
}  # fmt: skip


def match_statement(
    session: Session,
    statement: Statement,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    actor_id: int | None = None,
) -> MatchResult:
    """Link ``statement`` to already-checked claims and to its speaker's earlier statements.

    Runs in the caller's write transaction. Safe to run again: links are
    updated in place, machine links that no longer qualify are removed, and a
    link a person confirmed or dismissed is never changed.
    """
    statement_id = require_id(statement)
    words = word_count(statement.text)
    proposals = _checked_proposals(session, statement, words, settings)
    proposals += _history_proposals(session, statement, words, settings)
    links, removed = _write_links(session, statement_id, proposals)
    result = MatchResult(statement_id, links, removed)
    record_event(
        session,
        action="statement.matched",
        object_type="statement",
        object_id=statement_id,
        actor_id=actor_id,
        data={
            **{r.value: result.count(r) for r in LinkRelation if result.count(r)},
            "confirmed": sum(1 for link in links if link.status == LinkStatus.CONFIRMED),
            "removed": removed,
        },
    )
    return result


def rebuild_index(session: Session, *, actor_id: int | None = None) -> int:
    """Rebuild the search index from the statement table; returns the number of statements."""
    index = index_for(session)
    index.rebuild(session.connection())
    total = session.exec(select(sa.func.count()).select_from(Statement)).one()
    record_event(
        session,
        action="search_index.rebuilt",
        object_type="statement",
        object_id=None,
        actor_id=actor_id,
        data={"backend": index.dialect, "statements": int(total)},
    )
    return int(total)


@dataclass(frozen=True, slots=True)
class PlainStatement:
    """A statement from a file (checked claims or queries) for :func:`import_statements`."""

    text: str
    speaker_id: int | None = None
    said_on: dt.date | None = None
    label: str = ""
    summary: str = ""


def speakers_by_name(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The speaker id for each name: an exact alias match, or a new speaker (bulk insert).

    For imports of thousands of claims: one query finds the known names and
    new speakers are inserted in one statement each for speakers and aliases,
    because building ORM objects one by one costs milliseconds each.
    """
    wanted = {n.strip(): normalize_name(n) for n in names if n and normalize_name(n)}
    ids: dict[str, int] = {}
    known: dict[str, int] = {}
    keys = sorted(set(wanted.values()))
    for chunk in _chunks(keys, 500):
        rows = session.connection().execute(
            sa.select(col(SpeakerAlias.normalized), col(SpeakerAlias.speaker_id)).where(
                col(SpeakerAlias.normalized).in_(chunk)
            )
        )
        known.update({str(k): int(v) for k, v in rows})
    new = {key: name for name, key in wanted.items() if key not in known}
    if new:
        taken = set(session.connection().execute(sa.select(col(Speaker.slug))).scalars())
        now = dt.datetime.now(dt.UTC)
        rows_in = []
        for key, name in sorted(new.items()):
            slug, n = slugify(name) or "speaker", 2
            while slug in taken:
                slug, n = f"{slugify(name) or 'speaker'}-{n}", n + 1
            taken.add(slug)
            rows_in.append({"name": name[:200], "slug": slug[:200], "created_at": now, "key": key})
        table = _table(Speaker)
        inserted = session.connection().execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True),
            [{k: v for k, v in r.items() if k != "key"} | _SPEAKER_DEFAULTS for r in rows_in],
        )
        for row, speaker_id in zip(rows_in, inserted.scalars(), strict=True):
            known[str(row["key"])] = int(speaker_id)
        session.connection().execute(
            sa.insert(_table(SpeakerAlias)),
            [{"speaker_id": known[str(r["key"])], "alias": r["name"], "normalized": r["key"]}
             for r in rows_in],
        )  # fmt: skip
    for name, key in wanted.items():
        ids[name] = known[key]
    return ids


_SPEAKER_DEFAULTS: dict[str, Any] = {"kind": "person", "description": "", "wikidata_id": None}


def _table(model: type[Any]) -> sa.Table:
    table: sa.Table = model.__table__
    return table


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def import_statements(
    session: Session,
    items: Sequence[PlainStatement],
    *,
    title: str,
    checked: bool,
    published: dt.date | None = None,
    actor_id: int | None = None,
) -> list[int]:
    """Store ``items`` as the statements of one new source whose text is theirs, joined.

    Returns the new statement ids in order. With ``checked``, each gets a
    published verdict (label and summary as given) and the status "checked", so
    it is found as already checked. Rows are inserted in bulk (see
    :func:`speakers_by_name`); the index triggers see them like any other row.
    Used by ``onrecord rank`` and the benchmarks.
    """
    body = "\n\n".join([title, *(item.text for item in items)])
    source = Source(
        title=title[:500], text=body, content_hash=content_hash(body),
        published_at=_midnight(published), ingest_method=IngestMethod.CLI,
    )  # fmt: skip
    session.add(source)
    session.flush()
    now = dt.datetime.now(dt.UTC)
    rows, offset = [], len(title) + 2
    status = StatementStatus.CHECKED if checked else StatementStatus.NEW
    for item in items:
        rows.append(
            {"source_id": require_id(source), "speaker_id": item.speaker_id, "text": item.text,
             "normalized_text": normalize_statement(item.text), "start": offset,
             "end": offset + len(item.text), "said_on": item.said_on, "status": status,
             "created_at": now} | _STATEMENT_DEFAULTS
        )  # fmt: skip
        offset += len(item.text) + 2
    conn = session.connection()
    ids: list[int] = []
    table = _table(Statement)
    if rows:
        inserted = conn.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        ids = [int(i) for i in inserted.scalars()]
    if checked and ids:
        conn.execute(
            sa.insert(_table(Review)),
            [{"statement_id": sid, "state": ReviewState.PUBLISHED, "label": item.label[:100],
              "summary": item.summary[:300], "published_at": now, "created_at": now,
              "updated_at": now} | _REVIEW_DEFAULTS
             for sid, item in zip(ids, items, strict=True)],
        )  # fmt: skip
    record_event(
        session, action="source.imported", object_type="source", object_id=source.id,
        actor_id=actor_id, data={"statements": len(ids), "checked": checked},
    )  # fmt: skip
    return ids


_STATEMENT_DEFAULTS: dict[str, Any] = {
    "kind": StatementKind.DIRECT, "cue": None, "cue_start": None, "cue_end": None,
    "speaker_mention": None, "speaker_start": None, "speaker_end": None, "speaker_name": None,
    "speaker_needs_confirmation": False, "confidence": 1.0, "checkworthiness": None,
}  # fmt: skip
_REVIEW_DEFAULTS: dict[str, Any] = {
    "scale": "truth", "rating_value": None, "explanation": "", "evidence": [],
    "correction_note": "", "notes": "", "author_id": None, "second_reader_id": None,
    "assignee_id": None, "version": 1,
}  # fmt: skip


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None


@dataclass(slots=True)
class MatchSummary:
    """What :func:`match_new_statements` did, for a job's log or a command's output."""

    matched: int = 0
    missing: list[int] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)
    removed: int = 0

    def add(self, result: MatchResult) -> None:
        """Count the links of one statement's :class:`MatchResult`."""
        self.matched += 1
        self.removed += result.removed
        for link in result.links:
            key = f"{link.relation.value} ({link.status.value})"
            self.links[key] = self.links.get(key, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (job results, audit data)."""
        return {
            "matched": self.matched,
            "missing": list(self.missing),
            "links": dict(sorted(self.links.items())),
            "removed": self.removed,
        }


def match_new_statements(
    db: Database,
    statement_ids: Iterable[int],
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    actor_id: int | None = None,
) -> MatchSummary:
    """Match statements just stored: already checked, and the speaker's history.

    ``match_new_statements(db, statement_ids, settings) -> MatchSummary``: the
    function the ``match_statements`` job and ``onrecord seed`` call after
    statements are stored. Each statement is matched in its own write
    transaction (``db.write()``), oldest said first so that a statement's
    history is in place before the statements that follow it. Idempotent:
    running it again creates no duplicate :class:`StatementLink` and never
    changes a link a person confirmed or dismissed. Ids that no longer exist
    (deleted meanwhile) are listed in ``summary.missing``, not an error.
    """
    wanted = sorted(set(statement_ids))
    summary = MatchSummary()
    with db.session() as session:
        rows = session.connection().execute(
            sa.select(col(Statement.id), col(Statement.said_on)).where(
                col(Statement.id).in_(wanted)
            )
        )
        found = {int(row[0] or 0): row[1] for row in rows}
    summary.missing = [sid for sid in wanted if sid not in found]
    order = sorted(found, key=lambda sid: (found[sid] or dt.date.max, sid))
    for sid in order:
        with db.write() as session:
            statement = session.get(Statement, sid)
            if statement is None:  # deleted between the read and this transaction
                summary.missing.append(sid)
                continue
            summary.add(match_statement(session, statement, settings=settings, actor_id=actor_id))
    return summary


def rematch_speaker(
    db: Database,
    speaker_id: int,
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    actor_id: int | None = None,
) -> MatchSummary:
    """Match every statement of ``speaker_id`` again (after a merge of two speakers).

    A merge brings two histories together, so speaker-history links must be
    recomputed for all of the speaker's statements; links a person decided stay.
    One transaction per statement, like :func:`match_new_statements`.
    """
    with db.session() as session:
        ids = session.connection().execute(
            sa.select(col(Statement.id)).where(col(Statement.speaker_id) == speaker_id)
        )
        statement_ids = [int(i or 0) for i in ids.scalars()]
    return match_new_statements(db, statement_ids, settings, actor_id=actor_id)
