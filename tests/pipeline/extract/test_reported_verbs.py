"""Reported speech with verbs that are often nouns, coordinated verbs and listed subjects."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import extract


@pytest.mark.parametrize(
    ("text", "content", "mention", "cue"),
    [
        (
            "At first, Mr. Hart questioned why the mayor did not speak at the meeting.",
            "why the mayor did not speak at the meeting",
            "Mr. Hart",
            "questioned",
        ),
        (
            "Lee, a Democrat, did not mention Hart by name.",
            "Hart by name",
            "Lee, a Democrat",
            "mention",
        ),
        (
            "The Valdorian government claims Hart runs a network trying to overthrow the council.",
            "Hart runs a network trying to overthrow the council",
            "The Valdorian government",
            "claims",
        ),
        (
            "Lee has freed up money to fix the road and on Monday announced more funds were being "
            "sent to the county.",
            "more funds were being sent to the county",
            "Lee",
            "announced",
        ),
        (
            "He will need their support, with recent polls showing a tightening of the race.",
            "a tightening of the race",
            "recent polls",
            "showing",
        ),
        (
            "Vice Mayor Tom Hart, who went to Salem on Wednesday to promote the new rules, said "
            "they touched on a core issue for the town.",
            "they touched on a core issue for the town",
            "Vice Mayor Tom Hart",
            "said",
        ),
    ],
)
def test_reports_found(text: str, content: str, mention: str, cue: str) -> None:
    found = extract(text)
    assert [s.text for s in found] == [content]
    assert found[0].speaker_mention == mention
    assert found[0].cue == cue


def test_a_list_of_names_in_an_apposition_is_the_subject() -> None:
    text = (
        "The two leading candidates, Tom Hart and Ann Lee, have questioned the cost of the bridge."
    )
    found = extract(text)
    assert [s.text for s in found] == ["the cost of the bridge"]
    assert found[0].speaker_mention == "two leading candidates, Tom Hart and Ann Lee"


@pytest.mark.parametrize(
    "text",
    [
        "The questions about the bridge kept coming.",
        "Her mention of the tolls drew applause from the crowd.",
    ],
)
def test_nouns_that_look_like_cues_report_nothing(text: str) -> None:
    assert extract(text) == []
