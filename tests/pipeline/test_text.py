"""Text normalisation shared by hashing, matching and name lookups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.pipeline.text import (
    collapse_space,
    content_hash,
    fold,
    normalize_for_hash,
    normalize_statement,
)

ARTICLE = (
    "Valdoria will not raise income tax next year, Finance Minister Anna Varga said on Monday.\n\n"
    "\u201cWe will not raise taxes on working families,\u201d Ms Varga told reporters. "
    "Opposition leader Tomas Berg called the plan \u2018a fantasy\u2019."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dvořák", "dvorak"),
        ("Mélenchon", "melenchon"),
        ("ÉCOLE Polytechnique", "ecole polytechnique"),
        ("Straße", "strasse"),
        ("Anna Varga", "anna varga"),
        ("", ""),
    ],
)
def test_fold_lowers_and_strips_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  two   words  ", "two words"),
        ("line one\nline two\r\n\tline three", "line one line two line three"),
        ("no\u00a0break", "no break"),
        ("", ""),
    ],
)
def test_collapse_space(text: str, expected: str) -> None:
    assert collapse_space(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u201cWe will not raise taxes,\u201d", "we will not raise taxes"),
        ('"We will NOT raise taxes!"', "we will not raise taxes"),
        ("It\u2019s a fantasy \u2014 a complete fantasy.", "it s a fantasy a complete fantasy"),
        ("Dvořák said: \u00abnon\u00bb", "dvorak said non"),
        ("  ", ""),
    ],
)
def test_normalize_statement(text: str, expected: str) -> None:
    assert normalize_statement(text) == expected


def test_normalize_statement_is_the_same_for_curly_and_straight_quotes() -> None:
    curly = "\u201cWe won\u2019t cut pensions,\u201d"
    straight = '"We won\'t cut pensions,"'
    assert normalize_statement(curly) == normalize_statement(straight)


def test_content_hash_is_sha256_hex() -> None:
    digest = content_hash(ARTICLE)
    assert len(digest) == 64
    assert int(digest, 16) >= 0


def test_content_hash_ignores_rewrapped_lines() -> None:
    rewrapped = ARTICLE.replace(" said on Monday.", "\nsaid on Monday.").replace(". ", ".\n   ")
    assert rewrapped != ARTICLE
    assert content_hash(rewrapped) == content_hash(ARTICLE)


def test_content_hash_ignores_quote_style() -> None:
    straight = (
        ARTICLE.replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2018", "'")
        .replace("\u2019", "'")
    )
    assert straight != ARTICLE
    assert content_hash(straight) == content_hash(ARTICLE)


def test_content_hash_ignores_unicode_composition() -> None:
    composed = "Minister Dvo\u0159\u00e1k said no."
    decomposed = "Minister Dvor\u030ca\u0301k said no."
    assert composed != decomposed
    assert content_hash(composed) == content_hash(decomposed)


@pytest.mark.parametrize(
    "changed",
    [
        ARTICLE.replace("will not raise income tax", "will raise income tax"),
        ARTICLE.replace("Monday", "Tuesday"),
        ARTICLE.replace("Valdoria", "valdoria"),
        ARTICLE + " She did not take questions.",
    ],
)
def test_content_hash_differs_for_different_words(changed: str) -> None:
    assert content_hash(changed) != content_hash(ARTICLE)


words = st.lists(
    st.text(
        alphabet=st.characters(categories=["L", "N", "P"], exclude_characters="\u2028\u2029"),
        min_size=1,
        max_size=12,
    ),
    min_size=1,
    max_size=30,
)
separators = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\n\n", " \n ", "\u00a0"])


@given(words=words, data=st.data())
def test_content_hash_is_invariant_under_whitespace_changes(
    words: list[str], data: st.DataObject
) -> None:
    single = " ".join(words)
    seps = [data.draw(separators) for _ in range(len(words) - 1)]
    lead = data.draw(st.sampled_from(["", " ", "\n"]))
    trail = data.draw(st.sampled_from(["", " ", "\n"]))
    spaced = lead + "".join(w + s for w, s in zip(words, [*seps, ""], strict=True)) + trail
    assert content_hash(spaced) == content_hash(single)


@given(st.text(max_size=200))
def test_normalize_for_hash_is_idempotent(text: str) -> None:
    once = normalize_for_hash(text)
    assert normalize_for_hash(once) == once


@given(st.text(max_size=200))
def test_normalize_statement_has_no_punctuation_or_extra_space(text: str) -> None:
    result = normalize_statement(text)
    assert result == result.strip()
    assert "  " not in result
    assert not any(c in result for c in "\"'\u201c\u201d.,;:!?")
