"""When a statement was made: a date phrase near the cue, relative to the publication date.

Only the attribution's own words are searched (the sentence outside the content), so "Lee said
on Monday that she will visit in March" is dated Monday, not March. A year alone ("in 2017") gives
1 January of that year and a month alone the 1st of that month: the most precise day the text
supports without guessing. Relative phrases need ``published``; without it they give None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS: Final = (
    "january february march april may june july august september october november december".split()
)
_MONTH_RE: Final = (
    "|".join(m.capitalize() for m in _MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_DATE_RE: Final = re.compile(
    r"\b(?:(?P<yesterday>yesterday)|(?P<today>today|this morning|tonight|this afternoon)"
    r"|(?P<lastweek>last week)|(?P<lastyear>last year)"
    r"|(?:(?P<last>last)\s+|on\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<month>"
    + _MONTH_RE
    + r")(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<myear>(?:19|20)\d\d))?"
    r"|in\s+(?P<year>(?:19|20)\d\d))\b"
)


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in _MONTHS].index(key) + 1


def _weekday(published: dt.date, name: str, strictly_before: bool) -> dt.date:
    target = _WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _from_match(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("year"):
        return dt.date(int(m.group("year")), 1, 1)
    if m.group("month"):
        month = _month_number(m.group("month"))
        day = int(m.group("day")) if m.group("day") else 1
        if m.group("myear"):
            year = int(m.group("myear"))
        elif published is None:
            return None
        else:  # a month later than the publication month is last year's
            year = published.year - (1 if month > published.month else 0)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    if m.group("yesterday"):
        return published - dt.timedelta(days=1)
    if m.group("today"):
        return published
    if m.group("lastweek"):
        return published - dt.timedelta(days=7)
    if m.group("lastyear"):
        return dt.date(published.year - 1, 1, 1)
    if m.group("weekday"):
        return _weekday(published, m.group("weekday"), bool(m.group("last")))
    return None


def find_said_on(
    text: str, regions: list[tuple[int, int]], published: dt.date | None
) -> dt.date | None:
    """The date given in ``regions`` of ``text`` (nearest the cue first), else ``published``."""
    for start, end in regions:
        for m in _DATE_RE.finditer(text, start, end):
            if m.group("month") and not m.group("day") and not text[: m.start()].endswith("in "):
                continue  # a bare month name is too often a name ("Theresa May said")
            found = _from_match(m, published)
            if found is not None:
                return found
    return published
