"""said_on: dates given next to the cue, relative to the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.pipeline.extract.dates import find_said_on
from tests.pipeline.extract.helpers import PUBLISHED, extract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lee said in 2017 that the bridge was safe.", dt.date(2017, 1, 1)),
        ("Lee said on Monday that the bridge was safe.", dt.date(2024, 5, 13)),
        ("Lee said last Tuesday that the bridge was safe.", dt.date(2024, 5, 14)),
        ("Lee said yesterday that the bridge was safe.", dt.date(2024, 5, 14)),
        ("Lee said in March that the bridge was safe.", dt.date(2024, 3, 1)),
        ("Lee said in June that the bridge was safe.", dt.date(2023, 6, 1)),
        ("Lee said on March 3, 2015, that the bridge was safe.", dt.date(2015, 3, 3)),
        ("Lee said last week that the bridge was safe.", dt.date(2024, 5, 8)),
        ("Lee said that the bridge was safe.", PUBLISHED),
    ],
)
def test_said_on_from_the_attribution(text: str, expected: dt.date) -> None:
    (stmt,) = extract(text)
    assert stmt.said_on == expected


def test_dates_inside_the_content_are_not_when_it_was_said() -> None:
    (stmt,) = extract("Lee said on Monday that the bridge would reopen in March.")
    assert stmt.said_on == dt.date(2024, 5, 13)


def test_without_a_publication_date_only_absolute_dates_resolve() -> None:
    (relative,) = extract("Lee said yesterday that the bridge was safe.", published=None)
    (absolute,) = extract("Lee said in 2017 that the bridge was safe.", published=None)
    assert relative.said_on is None
    assert absolute.said_on == dt.date(2017, 1, 1)


def test_a_surname_like_may_is_not_a_month() -> None:
    text = "Theresa May said"
    assert find_said_on(text, [(0, len(text))], PUBLISHED) == PUBLISHED


def test_same_weekday_means_the_publication_day_unless_last() -> None:
    text = "on Wednesday"
    assert find_said_on(text, [(0, len(text))], PUBLISHED) == PUBLISHED
    text = "last Wednesday"
    assert find_said_on(text, [(0, len(text))], PUBLISHED) == dt.date(2024, 5, 8)
