"""The stance word lists and the light stemmer that keys them."""

from __future__ import annotations

import pytest

from onrecord.pipeline.match import lexicon as lx


@pytest.mark.parametrize(
    "forms",
    [
        ("raise", "raises", "raised", "raising"),
        ("tax", "taxes"),
        ("cut", "cuts", "cutting"),
        ("privatise", "privatised", "privatisation", "privatize", "privatization"),
        ("legalise", "legalised", "legalization"),
        ("policy", "policies"),
        ("nation", "national"),
        ("refugee", "refugees"),
        ("Pensions", "pension"),
    ],
)
def test_stem_brings_forms_of_one_word_together(forms: tuple[str, ...]) -> None:
    assert len({lx.stem(form) for form in forms}) == 1


@pytest.mark.parametrize(
    ("left", "right"),
    [("tax", "taxi"), ("north", "south"), ("public", "publish"), ("wage", "war")],
)
def test_stem_keeps_different_words_apart(left: str, right: str) -> None:
    assert lx.stem(left) != lx.stem(right)


def test_stem_leaves_short_words_and_numbers() -> None:
    assert lx.stem("gas") == "gas"
    assert lx.stem("2030") == "2030"
    assert lx.stem("") == ""


def test_verb_inflections_double_final_consonants() -> None:
    assert {"bans", "banned", "banning"} <= lx.inflections("ban", verb=True)
    assert {"permitted", "permitting"} <= lx.inflections("permit", verb=True)
    assert {"closed", "closing", "closes"} <= lx.inflections("close", verb=True)
    assert {"legalized", "legalised"} <= lx.inflections("legalise", verb=True)
    assert lx.inflections("mistake") == {"mistake", "mistakes"}


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("raise", "cut"),
        ("raised", "lowered"),
        ("allowed", "banned"),
        ("support", "opposes"),
        ("mandatory", "voluntary"),
        ("legal", "illegal"),
        ("fair", "unfair"),
        ("regulate", "deregulate"),
        ("tightened", "lifted"),
    ],
)
def test_antonyms_are_found_both_ways(word: str, other: str) -> None:
    assert lx.antonym_of(word, other)
    assert lx.antonym_of(other, word)
    assert other in lx.opposites(word)
    assert word in lx.opposites(other)


@pytest.mark.parametrize(
    ("word", "other"),
    [("raise", "raise"), ("legal", "regal"), ("tax", "taxes"), ("in", "inn"), ("for", "against")],
)
def test_non_antonyms(word: str, other: str) -> None:
    assert not lx.antonym_of(word, other)


def test_evaluation_and_direction_signs() -> None:
    assert lx.EVALUATION["mistake"] == lx.EVALUATION["errors"] == -1
    assert lx.EVALUATION["justified"] == lx.EVALUATION["thankful"] == 1
    assert lx.DIRECTION["increase"] == lx.DIRECTION["raised"] == 1
    assert lx.DIRECTION["cut"] == lx.DIRECTION["banned"] == -1
    assert lx.MULTIWORD[("phase", "out")] == -1


def test_lists_do_not_contradict_themselves() -> None:
    positive = set(lx._POSITIVE_EVALUATION)
    negative = set(lx._NEGATIVE_EVALUATION)
    assert not positive & negative
    assert not set(lx._UP_VERBS) & set(lx._DOWN_VERBS)
    assert not set(lx._UP_WORDS) & set(lx._DOWN_WORDS)
    assert not lx.OBLIGATION & lx.OPTIONAL
    assert not lx.RESTRICTIVE & lx.UNIVERSAL
    for key, hits in lx.AXIS_WORDS.items():
        axes = [axis for axis, _ in hits]
        assert len(axes) == len(set(axes)), f"{key} has both orientations on one axis"


def test_everything_is_lower_case() -> None:
    words = (
        set(lx.STOPWORDS)
        | set(lx.NEGATORS)
        | set(lx.EVALUATION)
        | set(lx.DIRECTION)
        | {w for key in lx.MULTIWORD for w in key}
        | set(lx.ANTONYMS)
    )
    assert all(w == w.lower() for w in words)


def test_negators_include_contractions() -> None:
    assert {"not", "never", "no", "don't", "won't", "cannot", "without"} <= lx.NEGATORS
    assert "but" in lx.SCOPE_BREAKERS
    assert lx.NEGATION_MAX_SCOPE > 3


def test_topic_domains_and_axes_are_keyed_by_stems() -> None:
    assert "energy" in lx.TOPIC_DOMAINS[lx.stem("renewables")]
    assert "migration" in lx.TOPIC_DOMAINS[lx.stem("refugees")]
    hits = dict(lx.AXIS_WORDS[(lx.stem("minimum"), lx.stem("wage"))])
    assert hits["economy (+ market, - state)"] == -1
    assert dict(lx.AXIS_WORDS[(lx.stem("coal"),)])["environment (+ protect)"] == -1
