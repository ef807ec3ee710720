"""Two statements side by side for people: what differs, and which words carry a flip (pure).

The stance analysis (:func:`onrecord.pipeline.match.stance.analyse_pair`)
aligns the two texts token by token and gives, for each signal, the character
spans that carry it. :func:`side_by_side` turns that into runs of text per
side, each marked *changed* (not aligned with the other text) and/or *flip*
(part of a counted contrast signal), ready for a template. Nothing here reads
the database; links keep their analysis in ``StatementLink.explanation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from onrecord.pipeline.match.stance import analyse_pair

Spans = Sequence[Sequence[int]]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one text with the same marks."""

    text: str
    changed: bool = False
    flip: bool = False


@dataclass(frozen=True, slots=True)
class Comparison:
    """Both texts as runs, the signals that fired, and the analysis' numbers."""

    relation: str
    topic_score: float
    contrast_score: float
    earlier: tuple[Run, ...]
    later: tuple[Run, ...]
    signals: tuple[Mapping[str, Any], ...]
    summary: str


def _runs(text: str, changed: Spans, flips: Spans) -> tuple[Run, ...]:
    marks = [[False, False] for _ in text]
    for index, spans in ((0, changed), (1, flips)):
        for start, end in spans:
            for i in range(max(0, start), min(len(text), end)):
                marks[i][index] = True
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            runs.append(Run(text[start:i], *marks[start]))
            start = i
    return tuple(runs)


def comparison_from(stance: Mapping[str, Any]) -> Comparison | None:
    """A :class:`Comparison` from a stored stance analysis (``StanceResult.to_dict()``).

    None when the data is not a full analysis (older links, or no stance module).
    """
    explanation = stance.get("explanation")
    if not isinstance(explanation, Mapping) or "text_a" not in explanation:
        return None
    text_a, text_b = str(explanation["text_a"]), str(explanation["text_b"])
    changed_a, changed_b = [], []
    for segment in explanation.get("alignment", []):
        if segment.get("op") != "equal":
            changed_a.append(segment["a"])
            changed_b.append(segment["b"])
    counted = [s for s in explanation.get("signals", []) if float(s.get("weight", 0)) > 0]
    flips_a = [span for s in counted for span in s.get("spans_a", [])]
    flips_b = [span for s in counted for span in s.get("spans_b", [])]
    return Comparison(
        relation=str(stance.get("relation", "")),
        topic_score=float(stance.get("topic_score", 0.0)),
        contrast_score=float(stance.get("contrast_score", 0.0)),
        earlier=_runs(text_a, changed_a, flips_a),
        later=_runs(text_b, changed_b, flips_b),
        signals=tuple(explanation.get("signals", [])),
        summary=str(explanation.get("summary", "")),
    )


def side_by_side(earlier: str, later: str) -> Comparison:
    """Analyse two texts now (about a millisecond for statement-length texts) and lay them out."""
    comparison = comparison_from(analyse_pair(earlier, later).to_dict())
    if comparison is None:  # pragma: no cover - a fresh analysis always has its explanation
        raise RuntimeError("the stance analysis returned no explanation")
    return comparison
