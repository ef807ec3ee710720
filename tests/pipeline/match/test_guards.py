"""Guards: two tiers, short statements, anchors and time windows."""

from __future__ import annotations

from onrecord.pipeline.match.anchors import AnchorComparison
from onrecord.pipeline.match.guards import MatchSettings, Tier, decide_tier

AGREE = AnchorComparison(shared=("ohio",), conflicts=())
SETTINGS = MatchSettings(suggest_threshold=1.0, confirm_threshold=2.0, confirm_window_days=365)


def _decide(**kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "score": 3.0, "words": (12, 12), "anchors": AGREE, "days": 10, "settings": SETTINGS,
    }  # fmt: skip
    args.update(kw)
    return decide_tier(**args)  # type: ignore[arg-type]


def test_strong_long_anchored_recent_match_is_confirmed() -> None:
    decision = _decide()
    assert decision.tier is Tier.CONFIRMED
    assert decision.reasons == ()


def test_below_suggest_threshold_is_no_link() -> None:
    assert _decide(score=0.5).tier is None


def test_between_thresholds_is_a_suggestion() -> None:
    decision = _decide(score=1.5)
    assert decision.tier is Tier.SUGGESTED
    assert any("below 2.0" in r for r in decision.reasons)


def test_short_statements_are_never_confirmed() -> None:
    for words in [(7, 30), (30, 7), (3, 3)]:
        decision = _decide(score=100.0, words=words)
        assert decision.tier is Tier.SUGGESTED
        assert any("shorter than 8 words" in r for r in decision.reasons)


def test_bare_noun_phrases_get_no_link_at_all() -> None:
    for words in [(2, 30), (30, 1), (2, 2)]:
        decision = _decide(score=100.0, words=words)
        assert decision.tier is None
        assert decision.reasons == ("shorter than 3 words: not a claim",)
    assert _decide(score=100.0, words=(3, 30)).tier is Tier.SUGGESTED


def test_confirming_needs_a_shared_anchor() -> None:
    decision = _decide(anchors=AnchorComparison(shared=(), conflicts=()))
    assert decision.tier is Tier.SUGGESTED


def test_conflicting_anchors_are_never_confirmed() -> None:
    conflict = AnchorComparison(shared=("2017",), conflicts=("north korea vs south korea",))
    decision = _decide(score=100.0, anchors=conflict)
    assert decision.tier is Tier.SUGGESTED
    assert any("north korea vs south korea" in r for r in decision.reasons)


def test_confirm_window_and_unknown_dates() -> None:
    assert _decide(days=400).tier is Tier.SUGGESTED
    assert _decide(days=None).tier is Tier.SUGGESTED
    no_limit = MatchSettings(confirm_window_days=None, suggest_threshold=1.0, confirm_threshold=2.0)
    assert _decide(days=400, settings=no_limit).tier is Tier.CONFIRMED


def test_window_days_bounds_both_tiers() -> None:
    settings = MatchSettings(suggest_threshold=1.0, confirm_threshold=2.0, window_days=30)
    assert _decide(days=31, settings=settings).tier is None
    assert _decide(days=None, settings=settings).tier is Tier.SUGGESTED


def test_relations_that_need_a_person_are_only_suggested() -> None:
    decision = _decide(may_confirm=False)
    assert decision.tier is Tier.SUGGESTED
