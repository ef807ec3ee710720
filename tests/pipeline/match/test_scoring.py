"""Scoring: features in [0, 1] and a weighted sum."""

from __future__ import annotations

import dataclasses
import datetime as dt

from onrecord.pipeline.match.scoring import (
    DEFAULT_WEIGHTS,
    Features,
    MatchText,
    Weights,
    combine,
    compute_features,
    gate_score,
    text_score,
)

QUERY = MatchText.build(
    "Unemployment in Ohio fell four percent in 2019.", speaker_id=1, said_on=dt.date(2020, 1, 1)
)


def _features(text: str, **kw: object) -> Features:
    other = MatchText.build(text, **kw)  # type: ignore[arg-type]
    return compute_features(QUERY, other, relevance=5.0, best_relevance=10.0, rank=1)


def test_every_feature_is_between_zero_and_one() -> None:
    for text in ["Ohio unemployment fell 4% in 2019", "Cats are great", ""]:
        for value in dataclasses.asdict(_features(text)).values():
            assert 0.0 <= value <= 1.0


def test_identical_text_scores_higher_than_a_paraphrase_and_unrelated_text() -> None:
    weights = Weights(retrieval=0.0, token_set=1.0, ratio=1.0, anchors=1.0)
    same = combine(_features("Unemployment in Ohio fell four percent in 2019."), weights)
    para = combine(_features("In 2019 Ohio saw unemployment drop by 4%."), weights)
    other = combine(_features("The senator opposes the new pipeline in Texas."), weights)
    assert same > para > other


def test_structure_features() -> None:
    near = _features("Ohio unemployment fell 4% in 2019", speaker_id=1, said_on=dt.date(2020, 1, 1))
    far = _features("Ohio unemployment fell 4% in 2017", speaker_id=2, said_on=dt.date(2010, 1, 1))
    assert near.same_speaker == 1.0
    assert far.same_speaker == 0.0
    assert near.recency == 1.0
    assert far.recency < 0.01
    assert near.conflict == 0.0
    assert far.conflict == 1.0
    assert near.anchors > 0
    assert near.retrieval == 0.5
    assert near.reciprocal == 0.5


def test_combine_is_the_weighted_sum() -> None:
    features = Features(retrieval=0.5, token_set=1.0, conflict=1.0)
    weights = Weights(retrieval=2.0, token_set=0.5, conflict=-1.0)
    assert combine(features, weights) == 2.0 * 0.5 + 0.5 - 1.0


def test_default_weights_reward_retrieval_and_penalise_conflicts() -> None:
    assert DEFAULT_WEIGHTS.retrieval > 0
    assert DEFAULT_WEIGHTS.conflict <= 0


def test_summary_feature_compares_with_the_verdict_summary() -> None:
    other = MatchText.build("Says the jobless rate went down.")
    kw = {"relevance": 5.0, "best_relevance": 10.0, "rank": 1}
    without = compute_features(QUERY, other, **kw)  # type: ignore[arg-type]
    on_topic = compute_features(
        QUERY, other, summary=MatchText.build("Unemployment in Ohio fell in 2019"), **kw
    )  # type: ignore[arg-type]
    off_topic = compute_features(
        QUERY, other, summary=MatchText.build("A bridge in Toledo cost more"), **kw
    )  # type: ignore[arg-type]
    assert without.summary == 0.0
    assert on_topic.summary > 0.9 > 0.5 > off_topic.summary
    assert combine(on_topic) > combine(off_topic) > combine(without) - 1e-9


def test_the_summary_orders_candidates_but_does_not_open_the_gates() -> None:
    features = Features(retrieval=1.0, partial=0.5, recency=1.0, summary=1.0)
    assert combine(features) == gate_score(features) + DEFAULT_WEIGHTS.summary
    assert gate_score(features) == text_score(features) + DEFAULT_WEIGHTS.recency
