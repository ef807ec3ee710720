"""Where reported content ends, and bare plural subjects after a comma."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import extract


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Lee declined to renew the contract and the council could not find a new builder.",
            "to renew the contract",
        ),
        (
            "The mayor said the bridge would open in May, and the council would pay for it.",
            "the bridge would open in May",
        ),
        (
            # without the comma it is one report: the mayor may have said both
            "The mayor said the bridge would open in May and the council would pay for it.",
            "the bridge would open in May and the council would pay for it",
        ),
        (
            "Hart seemed to be of two minds on Tuesday night when she delivered a speech.",
            "Hart seemed to be of two minds on Tuesday night",
        ),
    ],
)
def test_reported_content_ends_before_a_new_clause(text: str, content: str) -> None:
    assert extract(text)[0].text == content


def test_a_bare_plural_after_a_comma_is_the_source() -> None:
    text = (
        "After the council took over the bridge in 2011 it made many changes but kept the "
        "old design, records show."
    )
    found = extract(text)
    assert len(found) == 1
    assert found[0].text.startswith("After the council took over")
    assert found[0].speaker_mention == "records"
    assert found[0].cue == "show"


def test_a_report_ends_before_another_named_speaker_clause() -> None:
    text = (
        'Hart said he would make the river "glow in the dark," for instance, and Lee vowed to '
        '"bomb the hell" out of the toll booths.'
    )
    found = extract(text)
    assert [(s.text, s.speaker_mention) for s in found] == [
        ('he would make the river "glow in the dark," for instance', "Hart"),
        ('to "bomb the hell" out of the toll booths', "Lee"),
    ]


def test_a_report_inside_an_even_as_clause_ends_at_its_comma() -> None:
    text = (
        "Even as Lee has repeatedly said that she opposes new tolls, her council continues to "
        "carve out exceptions."
    )
    assert extract(text)[0].text == "that she opposes new tolls"


def test_a_to_which_reply_is_its_own_quote() -> None:
    text = (
        "She said that experts had found her plans strong, to which Hart interjected: "
        "“It is just not true.”"
    )
    found = extract(text)
    assert [(s.text, s.speaker_mention) for s in found] == [
        ("that experts had found her plans strong", "She"),
        ("“It is just not true.”", "Hart"),
    ]
