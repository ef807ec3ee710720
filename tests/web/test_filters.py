"""Template filters and the pagination arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.web.filters import as_sentence, format_date, iso_date, percent
from onrecord.web.pagination import Page


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 5, 4), "4 May 2021"),
        (dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.UTC), "29 February 2024"),
        (None, ""),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


def test_iso_date_drops_the_time():
    assert iso_date(dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC)) == "2024-03-05"
    assert iso_date(dt.date(2024, 3, 5)) == "2024-03-05"
    assert iso_date(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"), [(0.87, "87%"), (1.0, "100%"), (0.0, "0%"), (0.125, "12%"), (None, "")]
)
def test_percent(value, expected):
    assert percent(value) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("the article has no text", "The article has no text."),
        ("stored source 3 (x) with 2 statements", "Stored source 3 (x) with 2 statements."),
        ("Done!", "Done!"),
        ("  ", ""),
    ],
)
def test_as_sentence(message, expected):
    assert as_sentence(message) == expected


@pytest.mark.parametrize(
    ("total", "number", "pages", "first", "last", "previous", "following"),
    [
        (0, 1, 1, 0, 0, False, False),
        (20, 1, 1, 1, 20, False, False),
        (21, 1, 2, 1, 20, False, True),
        (21, 2, 2, 21, 21, True, False),
    ],
)
def test_page_arithmetic(total, number, pages, first, last, previous, following):
    shown = min(20, max(0, total - (number - 1) * 20))
    page = Page(items=list(range(shown)), number=number, per_page=20, total=total)
    assert page.pages == pages
    assert (page.first_index, page.last_index) == (first, last)
    assert (page.has_previous, page.has_next) == (previous, following)
