"""Anchors: names, places, years and numbers, and their conflicts."""

from __future__ import annotations

from onrecord.pipeline.match.anchors import compare_anchors, extract_anchors


def _cmp(a: str, b: str):  # type: ignore[no-untyped-def]
    return compare_anchors(extract_anchors(a), extract_anchors(b))


def test_names_years_and_numbers_are_found() -> None:
    anchors = extract_anchors("In 2017, Donald Trump said North Korea fired 14 missiles.")
    assert anchors.names == {"donald trump", "north korea"}
    assert anchors.years == {"2017"}
    assert anchors.numbers == {"14"}


def test_sentence_initial_word_is_not_a_name() -> None:
    assert extract_anchors("Unemployment fell. Taxes rose.").names == frozenset()


def test_leading_article_is_not_part_of_a_name() -> None:
    assert "united states" in extract_anchors("He said the United States will pay.").names


def test_north_korea_conflicts_with_south_korea() -> None:
    result = _cmp("North Korea tested a missile", "South Korea tested a missile")
    assert result.conflicts
    assert not result.agree


def test_korea_is_compatible_with_north_korea() -> None:
    result = _cmp("Kim rules North Korea", "we talked to Korea about North Korea and Seoul")
    assert not result.conflicts
    assert "north korea" in result.shared


def test_different_years_conflict() -> None:
    result = _cmp("taxes went up in 2017 under Smith", "taxes went up in 2019 under Smith")
    assert any("2017" in c and "2019" in c for c in result.conflicts)
    assert "smith" in result.shared


def test_different_numbers_conflict_but_weak_numbers_do_not_count() -> None:
    assert _cmp("we lost 40 percent", "we lost 25 percent").conflicts
    assert not _cmp("one of two plans", "the other plan").conflicts


def test_number_spellings_are_the_same_anchor() -> None:
    result = _cmp("Unemployment is at four percent in Ohio", "Ohio has 4% unemployment")
    assert result.agree
    assert "4" in result.shared


def test_no_anchors_means_no_agreement() -> None:
    assert not _cmp("we will win", "we will win").agree
