"""Matching normalisation: case, punctuation, quote marks, numbers as words or digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.pipeline import text
from onrecord.pipeline.match.normalize import (
    content_words,
    matching_text,
    normalize_statement,
    numbers_to_digits,
    search_terms,
    word_count,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Unemployment fell four percent.", "unemployment fell 4%"),
        ("“We cut taxes,” he said", '"we cut TAXES" he said'),
        ("It cost $4,300 a year", "it cost 4300 dollars a year"),
        ("twenty-three million jobs", "23 million jobs"),
        ("two hundred and five votes", "205 votes"),
        ("the 3rd time", "the 3 time"),
        ("Dvořák’s plan", "dvorak's plan"),
    ],
)
def test_surface_variants_share_one_matching_text(a: str, b: str) -> None:
    assert matching_text(a) == matching_text(b)


def test_decimal_numbers_stay_one_token() -> None:
    assert matching_text("growth of 2.5%") == "growth of 2point5 percent"


def test_one_as_a_pronoun_stays_a_word() -> None:
    assert numbers_to_digits("no one said one thing".split()) == "no one said one thing".split()
    assert numbers_to_digits("one hundred".split()) == ["100"]


def test_content_words_drop_stopwords_but_keep_negation() -> None:
    assert content_words("We must not raise the taxes") == ["must", "not", "raise", "taxes"]


def test_search_terms_include_both_number_spellings_and_no_stopwords() -> None:
    terms = search_terms("Says the deficit fell by four percent")
    assert {"deficit", "fell", "four", "4", "percent"} <= set(terms)
    assert "the" not in terms
    assert "says" not in terms


def test_search_terms_are_plain_words_whatever_the_input() -> None:
    terms = search_terms('NEAR("tax" cut)* OR column:value AND -x "quoted"')
    assert all(t.replace("_", "").isalnum() for t in terms)


def test_search_terms_keep_the_longest_when_cut() -> None:
    terms = search_terms(" ".join(f"w{'x' * i}" for i in range(40)), limit=5)
    assert len(terms) == 5
    assert all(len(t) >= 36 for t in terms)


def test_word_count_ignores_punctuation() -> None:
    assert word_count("“We will win — again!”") == 4


@given(st.text(max_size=80))
def test_fast_normalize_statement_equals_the_shared_one(s: str) -> None:
    assert normalize_statement(s) == text.normalize_statement(s)


def test_links_and_handles_are_not_matched() -> None:
    post = (
        "Butterflies survived the fires https://t.co/x1 pic.twitter.com/0eJ — "
        "Center for Bio Div (@CenterForBioDiv) January 14, 2020"
    )
    # The poster's name stays: on CheckThat! 2A train it is often whom the claim is about.
    expected = "butterflies survived the fires center for bio div january 14 2020"
    assert matching_text(post) == expected
    assert "pic" not in search_terms(post)
    assert matching_text("The plan — as @jdoe said — is bad") == "the plan as said is bad"
