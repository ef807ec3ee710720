"""What a verdict says, checked before it is stored: pure rules, no database.

The form uses the same rules, so a person sees the message next to the field,
and the operations check again, so no other door can store a bad verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.review.scales import all_scales, get_scale

#: ClaimReview's ``claimReviewed`` is short (Google shows about this much).
SUMMARY_MAX = 150
#: Most evidence links one verdict keeps.
EVIDENCE_MAX = 20
#: Words that give a verdict away; the summary states the claim, not the rating.
EXTRA_RATING_WORDS = ("misleading", "untrue", "flip-flop", "flip flop")


@dataclass(frozen=True, slots=True)
class VerdictChanges:
    """The editable fields of a verdict, as a person submits them."""

    label: str = ""
    summary: str = ""
    explanation: str = ""
    evidence: Sequence[Mapping[str, str]] = field(default_factory=tuple)
    notes: str = ""


def rating_words() -> list[str]:
    """Every label of every scale plus the extra giveaway words, lower case, longest first."""
    words = {level.label.lower() for scale in all_scales() for level in scale.levels}
    words.update(EXTRA_RATING_WORDS)
    return sorted(words, key=len, reverse=True)


def rating_words_in(text: str) -> list[str]:
    """The rating words ``text`` contains as whole words (case-insensitive)."""
    found = []
    lowered = text.lower()
    for word in rating_words():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
            found.append(word)
    return found


def summary_problem(summary: str) -> str | None:
    """Why ``summary`` cannot be a claim summary, or None when it can."""
    if len(summary) > SUMMARY_MAX:
        return f"Keep the summary to {SUMMARY_MAX} characters (it has {len(summary)})."
    if "\n" in summary:
        return "The summary is one line."
    words = rating_words_in(summary)
    if words:
        quoted = ", ".join(f"“{word}”" for word in words)
        return (
            f"State the claim without the verdict: remove {quoted}. The rating is shown next to it."
        )
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be an evidence link, or None when it can."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"}:
        return "Evidence links must start with http:// or https://."
    if not parts.netloc:
        return "This address has no site name."
    return None


def clean_evidence(items: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """The evidence as stored: stripped, empty rows dropped; OperationError on a bad link."""
    cleaned = []
    for item in items:
        title = str(item.get("title") or "").strip()
        url = str(item.get("url") or "").strip()
        if not title and not url:
            continue
        problem = url_problem(url)
        if problem:
            raise OperationError(f"{problem} ({url or 'empty address'})")
        cleaned.append({"title": title or url, "url": url})
    if len(cleaned) > EVIDENCE_MAX:
        raise OperationError(f"Keep at most {EVIDENCE_MAX} evidence links.")
    return cleaned


def check_verdict(scale: str, changes: VerdictChanges) -> tuple[int | None, str]:
    """The rating value and canonical label for ``changes.label`` on ``scale``.

    Raises OperationError when the label is not on the scale or the summary
    gives the verdict away. An empty label means "not rated yet".
    """
    problem = summary_problem(changes.summary.strip())
    if problem:
        raise OperationError(problem)
    if not changes.label:
        return None, ""
    try:
        level = get_scale(scale).level(changes.label)
    except KeyError as exc:
        raise OperationError(str(exc.args[0])) from None
    return level.value, level.label
