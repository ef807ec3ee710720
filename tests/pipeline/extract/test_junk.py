"""Cue words inside noun phrases make no statements of their own (no nested junk)."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import extract


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        # "rail" is a cue ("rail against"), but here it is part of "the new rail tolls"
        (
            "The mayor defended the new rail tolls, which rose by a third last year.",
            "the new rail tolls",
            "defended",
        ),
        # a relative clause after a stance's object is part of the object, not a that-clause
        (
            "The mayor defended the new rail plans that the council rejected.",
            "the new rail plans that the council rejected",
            "defended",
        ),
        # "shares" is the subject of "were", not a verb with the subject "Valdoria"
        (
            "Valdoria shares were up 17 percent on the news, traders said.",
            "Valdoria shares were up 17 percent on the news",
            "said",
        ),
        # "would add" is arithmetic, not speech
        (
            "A toll rise would add less than 1 percent to the town's income, officials said.",
            "A toll rise would add less than 1 percent to the town's income",
            "said",
        ),
        (
            "The spending numbers he saw were even more dramatic, Hart said.",
            "The spending numbers he saw were even more dramatic",
            "said",
        ),
    ],
)
def test_only_the_real_report_is_extracted(text: str, content: str, cue: str) -> None:
    found = extract(text)
    assert [(s.text, s.cue) for s in found] == [(content, cue)]


def test_plural_subjects_still_take_a_bare_verb() -> None:
    found = extract("The people say the bridge is unsafe. The police say it will close.")
    assert [s.text for s in found] == ["the bridge is unsafe", "it will close"]
