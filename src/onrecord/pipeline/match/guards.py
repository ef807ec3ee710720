"""Guards: which scored candidates become links, and which of those are confirmed.

Learned from deployed claim-matching systems (architecture section 5): a
machine may *suggest* many links for a human, but may *confirm* one only when
it is very likely right. So there are two tiers:

* **suggested**: the score reaches ``suggest_threshold``; a fact-checker decides;
* **confirmed**: additionally the score reaches ``confirm_threshold``, both
  statements have at least ``min_confirm_words`` words (short texts such as
  "We will win." match far too easily), the statements share an anchor and no
  anchor conflicts ("North Korea" never confirms "South Korea", "2017" never
  "2019"), and they were said within ``confirm_window_days`` of each other.

Below both tiers, a statement of fewer than ``MIN_LINK_WORDS`` words ("the plan",
"income tax") names a subject but says nothing about it: it gets no link at all.

A possible reversal is never confirmed by the machine: only a person rates it
on the Flip scale. ``window_days`` bounds both tiers. Pure: plain values in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from onrecord.config import MatchSettings
from onrecord.pipeline.match.anchors import AnchorComparison

__all__ = ["DEFAULT_SETTINGS", "MIN_LINK_WORDS", "Decision", "MatchSettings", "Tier", "decide_tier"]


class Tier(enum.StrEnum):
    """How sure the machine is about a link."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"


DEFAULT_SETTINGS = MatchSettings()
#: Fewer words than this on either side: no link (a bare noun phrase is not a claim).
MIN_LINK_WORDS = 3


@dataclass(frozen=True, slots=True)
class Decision:
    """The tier of one candidate (None: no link) and why it is not higher."""

    tier: Tier | None
    reasons: tuple[str, ...] = ()


def decide_tier(
    *,
    score: float,
    words: tuple[int, int],
    anchors: AnchorComparison,
    days: int | None,
    settings: MatchSettings = DEFAULT_SETTINGS,
    may_confirm: bool = True,
) -> Decision:
    """Which tier a candidate earns; ``reasons`` say what kept it from being confirmed.

    ``words`` is the word count of both statements, ``days`` how far apart they
    were said (None when a date is unknown, which never confirms).
    """
    if min(words) < MIN_LINK_WORDS:
        return Decision(None, (f"shorter than {MIN_LINK_WORDS} words: not a claim",))
    if settings.window_days is not None and days is not None and days > settings.window_days:
        return Decision(None, (f"said {days} days apart (window {settings.window_days})",))
    if score < settings.suggest_threshold:
        return Decision(None, (f"score {score:.2f} below {settings.suggest_threshold}",))
    reasons = []
    if not may_confirm:
        reasons.append("this relation needs a person to confirm it")
    if score < settings.confirm_threshold:
        reasons.append(f"score {score:.2f} below {settings.confirm_threshold}")
    if min(words) < settings.min_confirm_words:
        reasons.append(f"shorter than {settings.min_confirm_words} words")
    if not anchors.shared:
        reasons.append("no shared name, place, number or year")
    reasons.extend(f"conflicting anchors: {c}" for c in anchors.conflicts)
    if settings.confirm_window_days is not None:
        if days is None:
            reasons.append("a date is unknown")
        elif days > settings.confirm_window_days:
            reasons.append(f"said {days} days apart (limit {settings.confirm_window_days})")
    return Decision(Tier.SUGGESTED if reasons else Tier.CONFIRMED, tuple(reasons))
