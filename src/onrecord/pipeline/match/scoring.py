"""Scoring candidates: a documented linear combination of retrieval, rapidfuzz and structure.

The full-text index ranks well on its own, and rapidfuzz alone ranks badly
(architecture section 5), so rapidfuzz enters as features next to the
retrieval score rather than replacing it. Every feature is in [0, 1]:

``retrieval``    the index relevance (bm25 or ts_rank) divided by the best in this query
``reciprocal``   1 / (1 + retrieval rank): the index's order, whatever its scale
``token_set``    rapidfuzz ``token_set_ratio`` of the content words (stopwords out)
``partial``      rapidfuzz ``partial_ratio`` of the matching texts (one inside the other)
``ratio``        rapidfuzz ``ratio`` of the matching texts (near-verbatim repeats)
``same_speaker`` 1 when both statements have the same speaker
``anchors``      shared anchors (names, years, numbers), 1/3 each, at most 1
``conflict``     1 when anchors conflict (North vs South Korea, 2017 vs 2019)
``recency``      exp(-days apart / 365) when both dates are known, else 0
``summary``      rapidfuzz ``token_set_ratio`` of the content words of the statement and of the
                 candidate's published verdict summary (the claim as the fact-checker stated
                 it: a fact-check's headline), 0 without one

The weights in :data:`DEFAULT_WEIGHTS` were fitted on the CheckThat! 2022
training queries only (2A and 2B), by coordinate ascent on MAP@5 with
``benchmarks/match_checkthat.py --tune``; ``docs/matching.md`` has the numbers.
Everything here is pure: plain values in, numbers out.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import asdict, dataclass, fields

from rapidfuzz import fuzz

from onrecord.pipeline.match.anchors import AnchorComparison, Anchors, compare_anchors
from onrecord.pipeline.match.anchors import extract_anchors as _extract_anchors
from onrecord.pipeline.match.normalize import STOPWORDS, matching_text


@dataclass(frozen=True, slots=True)
class MatchText:
    """One statement prepared for scoring (computed once per statement per match)."""

    text: str
    matching: str
    content: str
    anchors: Anchors
    speaker_id: int | None = None
    said_on: dt.date | None = None

    @classmethod
    def build(
        cls, text: str, *, speaker_id: int | None = None, said_on: dt.date | None = None
    ) -> MatchText:
        """Prepare ``text`` (the statement as said, with its casing) for scoring."""
        matching, content, anchors = _prepare(text)
        return cls(text, matching, content, anchors, speaker_id, said_on)


@functools.lru_cache(maxsize=20_000)
def _prepare(text: str) -> tuple[str, str, Anchors]:
    """The text-only part of :class:`MatchText`, cached: a checked claim is a candidate often."""
    matching = matching_text(text)
    content = " ".join(t for t in matching.split() if t not in STOPWORDS)
    return matching, content, _extract_anchors(text)


@dataclass(frozen=True, slots=True)
class Features:
    """The signals for one (query, candidate) pair, each in [0, 1]."""

    retrieval: float = 0.0
    reciprocal: float = 0.0
    token_set: float = 0.0
    partial: float = 0.0
    ratio: float = 0.0
    same_speaker: float = 0.0
    anchors: float = 0.0
    conflict: float = 0.0
    recency: float = 0.0
    summary: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """The features rounded for storage in ``StatementLink.scores``."""
        return {k: round(v, 4) for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class Weights:
    """One weight per feature; the score is the weighted sum."""

    retrieval: float = 1.0
    reciprocal: float = 0.0
    token_set: float = 0.0
    partial: float = 0.0
    ratio: float = 0.0
    same_speaker: float = 0.0
    anchors: float = 0.0
    conflict: float = 0.0
    recency: float = 0.0
    summary: float = 0.0

    @classmethod
    def names(cls) -> list[str]:
        """Feature names in declaration order."""
        return [f.name for f in fields(cls)]


_NAMES = tuple(Weights.names())

#: Fitted on CheckThat! 2022 train only (2A, and 2B with each sentence's date
#: and, where the event names one, speaker), by coordinate ascent on MAP@5 over
#: a grid, with ``benchmarks/match_checkthat.py --tune``. Mean train MAP@5 went
#: from 0.61 (retrieval alone) to 0.67. Recency, partial_ratio and ratio carry
#: the most; anchors and conflicts weigh little in the ranking because the
#: guards, not the ranking, act on them. ``summary`` was fitted afterwards with
#: the others fixed (the same tuning, 2026-11-27): plain 2B train MAP@5
#: 0.483 -> 0.497, 2A train 0.770 -> 0.792.
DEFAULT_WEIGHTS = Weights(
    retrieval=1.0,
    reciprocal=0.1,
    token_set=0.2,
    partial=1.0,
    ratio=1.0,
    same_speaker=0.3,
    anchors=0.1,
    conflict=-0.1,
    recency=1.0,
    summary=1.5,
)


def days_apart(a: dt.date | None, b: dt.date | None) -> int | None:
    """Absolute days between two dates, None when either is unknown."""
    if a is None or b is None:
        return None
    return abs((a - b).days)


def compute_features(
    query: MatchText,
    candidate: MatchText,
    *,
    relevance: float,
    best_relevance: float,
    rank: int,
    comparison: AnchorComparison | None = None,
    summary: MatchText | None = None,
) -> Features:
    """The features of ``candidate`` (found at ``rank``, 0-based) for ``query``.

    ``summary`` is the candidate's published verdict summary, when it has one.
    """
    comparison = comparison or compare_anchors(query.anchors, candidate.anchors)
    days = days_apart(query.said_on, candidate.said_on)
    same = query.speaker_id is not None and query.speaker_id == candidate.speaker_id
    return Features(
        retrieval=relevance / best_relevance if best_relevance > 0 else 0.0,
        reciprocal=1.0 / (1 + rank),
        token_set=fuzz.token_set_ratio(query.content, candidate.content) / 100,
        partial=fuzz.partial_ratio(query.matching, candidate.matching) / 100,
        ratio=fuzz.ratio(query.matching, candidate.matching) / 100,
        same_speaker=1.0 if same else 0.0,
        anchors=min(1.0, len(comparison.shared) / 3),
        conflict=1.0 if comparison.conflicts else 0.0,
        recency=math.exp(-days / 365) if days is not None else 0.0,
        summary=(
            fuzz.token_set_ratio(query.content, summary.content) / 100
            if summary is not None and summary.content
            else 0.0
        ),
    )


def combine(features: Features, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The candidate's score: the weighted sum of its features."""
    return float(sum(getattr(features, name) * getattr(weights, name) for name in Weights.names()))


#: Features that describe when and by whom, not what was said.
METADATA_FEATURES = ("same_speaker", "recency")
#: Features that order candidates but do not decide links. A verdict summary is
#: short and general ("Obama's record on jobs"), so its token_set overlap is high
#: for many loosely related statements: counted in the gates, it let junk through
#: on CheckThat! train (2A suggestion precision 0.93 -> 0.53).
RANKING_ONLY_FEATURES = ("summary",)


def _partial(features: Features, weights: Weights, names: tuple[str, ...]) -> float:
    return float(sum(float(getattr(features, n)) * getattr(weights, n) for n in names))


def gate_score(features: Features, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The score the gates and tiers judge: :func:`combine` without the ranking-only features."""
    return combine(features, weights) - _partial(features, weights, RANKING_ONLY_FEATURES)


def text_score(features: Features, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The gate score without the metadata features: how alike the two texts are.

    The "already checked" gate uses it so that an old claim repeated years
    later (recency near 0) or by someone else is judged on its words alone.
    """
    return gate_score(features, weights) - _partial(features, weights, METADATA_FEATURES)
