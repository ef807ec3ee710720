"""Ranking and proposing links for one statement: reads only, writes nothing.

Both uses of matching (architecture section 5) take candidates from the
database's search index (:mod:`~onrecord.pipeline.match.index`), rescore them
(:mod:`~onrecord.pipeline.match.scoring`), pass them through the calibrated
gates and the guards (:mod:`~onrecord.pipeline.match.guards`) and, for a
speaker's history, the stance analysis. :func:`propose_links` is what
:func:`onrecord.pipeline.match.operations.match_statement` writes;
:func:`rank_candidates` is what ``onrecord rank`` prints.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.models import LinkRelation, Review, ReviewState, Statement
from onrecord.pipeline.errors import require_id
from onrecord.pipeline.match.anchors import AnchorComparison, compare_anchors
from onrecord.pipeline.match.guards import DEFAULT_SETTINGS, MatchSettings, Tier, decide_tier
from onrecord.pipeline.match.index import SearchQuery, index_for
from onrecord.pipeline.match.normalize import search_terms, word_count
from onrecord.pipeline.match.scoring import (
    DEFAULT_WEIGHTS,
    Features,
    MatchText,
    Weights,
    combine,
    compute_features,
    days_apart,
    gate_score,
    text_score,
)

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
        max_doc_share=settings.max_term_share,
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
    summaries = (
        _summaries(session, [h.statement_id for h in hits]) if use is Use.ALREADY_CHECKED else {}
    )
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
            comparison=comparison, summary=summaries.get(hit.statement_id),
        )  # fmt: skip
        score = combine(features, weights)
        out.append(Candidate(hit.statement_id, score, features, comparison, row[1], row[3]))
    out.sort(key=lambda c: (-c.score, c.statement_id))
    return out


def _summaries(session: Session, statement_ids: Sequence[int]) -> dict[int, MatchText]:
    """The summary of each statement's newest public verdict, prepared for scoring.

    A verdict's summary states the checked claim in the fact-checker's words
    (like a fact-check's headline); it is a second text to compare with.
    """
    rows = session.connection().execute(
        sa.select(col(Review.statement_id), col(Review.summary))
        .where(col(Review.statement_id).in_(statement_ids))
        .where(col(Review.state).in_(CHECKED_STATES))
        .where(col(Review.summary) != "")
        .order_by(col(Review.updated_at), col(Review.id))
    )
    return {int(sid): MatchText.build(str(text)) for sid, text in rows}


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
class Proposal:
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


def checked_gate(features: Features, anchored: bool, settings: MatchSettings) -> bool:
    """Whether an already-checked candidate may be suggested at all (``anchored``: it shares
    a name, place, number or year with the new statement).

    The relative bm25 feature makes the best hit of any query look good, so on
    a small collection junk would pass a plain score threshold. This gate asks
    for similar words instead, ignoring speaker and date (an old claim repeated
    by someone else counts in full). Calibrated on CheckThat! train with
    ``benchmarks/match_checkthat.py --calibrate`` (docs/matching.md, "Calibration").
    """
    overlap = features.token_set
    if overlap < settings.checked_min_similarity:
        return False
    if not anchored and (
        overlap < settings.checked_unanchored_similarity
        or features.ratio < settings.checked_unanchored_ratio
    ):
        return False
    return text_score(features) >= settings.checked_suggest_threshold


def _checked_proposals(
    session: Session, statement: Statement, words: int, settings: MatchSettings
) -> list[Proposal]:
    candidates = rank_candidates(session, statement, Use.ALREADY_CHECKED, settings=settings)
    verdicts = _verdicts(session, [c.statement_id for c in candidates[: settings.max_links]])
    proposals = []
    for cand in candidates[: settings.max_links]:
        if not checked_gate(cand.features, bool(cand.anchors.shared), settings):
            continue
        decision = decide_tier(
            score=gate_score(cand.features), words=(words, cand.words), anchors=cand.anchors,
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
        proposals.append(Proposal(cand, LinkRelation.ALREADY_CHECKED, decision.tier, explanation))
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
) -> list[Proposal]:
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
        proposals.append(Proposal(cand, relation, tier, explanation))
    return proposals


def propose_links(
    session: Session, statement: Statement, settings: MatchSettings = DEFAULT_SETTINGS
) -> list[Proposal]:
    """The links both uses propose for ``statement`` (already checked first). Writes nothing."""
    words = word_count(statement.text)
    return _checked_proposals(session, statement, words, settings) + _history_proposals(
        session, statement, words, settings
    )
