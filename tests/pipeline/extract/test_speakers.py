"""In-article speaker resolution: titles, apposition, surnames, pronouns, roles, organisations."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import extract

# (text, expected (mention, speaker, kind) per statement in order)
RESOLUTION = [
    (
        "Russian President Vladimir Putin spoke on Monday. “We will not back down,” Putin said. "
        "The Russian president added that talks would continue.",
        [
            ("Putin", "Vladimir Putin", "person"),
            ("The Russian president", "Vladimir Putin", "person"),
        ],
    ),
    (
        "Mayor Ann Lee met Tom Hart on Friday. “The bridge is safe,” she said. "
        "“It is not,” he replied.",
        [("she", "Ann Lee", "person"), ("he", "Tom Hart", "person")],
    ),
    (
        "“We reject the claims,” the Kremlin said. Russian media reported that the talks had "
        "failed.",
        [
            ("the Kremlin", "the Kremlin", "organisation"),
            ("Russian media", "Russian media", "organisation"),
        ],
    ),
    (
        "The campaign said the rally would go ahead in the rain.",
        [("The campaign", "the campaign", "organisation")],
    ),
    (
        "Sen. Maria Ortiz, who chairs the committee, said the vote would be delayed.",
        [("Sen. Maria Ortiz", "Maria Ortiz", "person")],
    ),
    (
        "Ann Lee, the mayor, said the bridge was safe.",
        [("Ann Lee, the mayor", "Ann Lee", "person")],
    ),
    (
        "Finance Minister Anna Berger spoke on Tuesday. “We will not raise taxes,” Berger said.",
        [("Berger", "Anna Berger", "person")],
    ),
    (
        "Deputy Interior Minister Tom Hart spoke first. Hart said the border would stay open.",
        [("Hart", "Tom Hart", "person")],
    ),
    (
        "Governor Tom Hart toured the dam. His office said the repairs would start in June.",
        [("His office", "Tom Hart", "person")],
    ),
    (
        "The Green Union met on Sunday. Its leader, Paula Brant, said the party would vote no.",
        [("Its leader, Paula Brant", "Paula Brant", "person")],
    ),
    (
        "Green Union leader Paula Brant spoke first. “We will vote no,” the Green Union leader "
        "said.",
        [("the Green Union leader", "Paula Brant", "person")],
    ),
    (
        "Exports fell 3 percent, according to data from the Northland Trade Office published in "
        "March.",
        [
            (
                "data from the Northland Trade Office published in March",
                "Northland Trade Office",
                "organisation",
            )
        ],
    ),
    (
        "‘When Ostria’s leaders deny it, they insult us,’ Ms. Lane said. Tom Hart visited her "
        "office. Later she said the archive must open.",
        [("Ms. Lane", "Lane", "person"), ("she", "Lane", "person")],
    ),
    (
        "Ida Kross met Piet Hart’s aides on Monday, and she was angry. Hart denied that the plan "
        "was late. “It is on time,” he told reporters.",
        [("Hart", "Piet Hart", "person"), ("he", "Piet Hart", "person")],
    ),
    (
        "Once known as “Mr. No”, Tom Hart has changed. He argued that the tax should be cut.",
        [("He", "Tom Hart", "person")],
    ),
    (
        "Mr. Hart visited the site. He said the cracks were new.",
        [("He", "Hart", "person")],
    ),
    (
        "Officials said the bridge would stay closed until June.",
        [("Officials", None, None)],
    ),
    (
        "A spokesman for the city council said the bridge would stay closed.",
        [("A spokesman for the city council", None, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RESOLUTION)
def test_mentions_resolve_within_the_article(
    text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    got = [(s.speaker_mention, s.speaker, s.speaker_kind) for s in extract(text)]
    assert got == expected


def test_the_title_gives_context_for_surnames() -> None:
    text = "“We will not back down,” Putin said."
    (stmt,) = extract(text, title="Vladimir Putin rejects the new sanctions")
    assert stmt.speaker == "Vladimir Putin"
    assert stmt.speaker_mention == "Putin"


def test_who_resolves_to_the_name_before_it() -> None:
    text = "The bill was drafted by Tom Hart, who said it would pass easily."
    (stmt,) = extract(text)
    assert stmt.speaker_mention == "who"
    assert stmt.speaker == "Tom Hart"


def test_a_pronoun_takes_the_last_compatible_speaker() -> None:
    text = (
        "Ann Lee and Tom Hart toured the bridge. “It is safe,” Hart said. "
        "“It is not,” Lee said. She added that the council would vote."
    )
    statements = extract(text)
    assert [s.speaker for s in statements] == ["Tom Hart", "Ann Lee", "Ann Lee"]


def test_a_name_in_an_opening_adjunct_is_not_the_speaker_of_a_colon_quote() -> None:
    text = (
        "Hart spoke first. In a Channel 4 interview later that day, Lee went even further: "
        "“If he goes forward and loses, it is the end of his career.”"
    )
    found = extract(text)
    assert found[-1].speaker_mention == "Lee"


def test_two_roles_joined_by_and_are_one_subject_and_no_name() -> None:
    text = "The Democratic front-runner and former mayor said the town needed a bridge."
    found = extract(text)
    assert [s.text for s in found] == ["the town needed a bridge"]
    assert found[0].speaker_mention == "The Democratic front-runner and former mayor"
    assert found[0].speaker is None


def test_a_colon_quote_after_a_subordinate_clause_takes_the_main_subject() -> None:
    text = (
        "Lee spoke. When Hart suggested that the town would sue, Lee fired back forcefully: "
        "“If they sue us in a court in Salem, they are going to lose.”"
    )
    assert extract(text)[-1].speaker_mention == "Lee"


def test_a_dash_label_before_a_colon_quote_is_the_speaker() -> None:
    text = (
        "The picture in the north is much the same - More from Ann Lee: “The partisanship of "
        "the county is a starting point in determining the likely vote.”"
    )
    found = extract(text)
    assert found[-1].speaker_mention == "Ann Lee"
    assert found[-1].speaker == "Ann Lee"


def test_a_capitalised_heading_introduces_an_excerpt_but_names_no_one() -> None:
    text = (
        "Bridge news. [Post.]\n\nHOW THE BRIDGE WAS WON “The council met for six hours and "
        "argued about every cent of the tolls.” [Post.]"
    )
    found = extract(text)
    assert found[-1].speaker_mention == "HOW THE BRIDGE WAS WON"
    assert found[-1].speaker is None
