"""Attributions after a quote: a quote closed by its own period, parties, appositions."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import assert_statement, extract


@pytest.mark.parametrize(
    ("text", "quote", "mention", "speaker"),
    [
        (
            "The mayor spoke on Monday. “This bridge is the heart of our town.” Hart said.",
            "“This bridge is the heart of our town.”",
            "Hart",
            "Hart",
        ),
        (
            "“We are done negotiating with the contractors.” She said on Tuesday.",
            "“We are done negotiating with the contractors.”",
            "She",
            None,
        ),
        (
            "“Why would anyone pay these tolls?” Tom Hart, the head of the county board, asked "
            "on Friday.",
            "“Why would anyone pay these tolls?”",
            "Tom Hart, the head of the county board",
            "Tom Hart",
        ),
        (
            "“Not us, but we like the idea!” Ann Lee, the head of Bridges for Valdoria, Tweeted "
            "on Friday.",
            "“Not us, but we like the idea!”",
            "Ann Lee, the head of Bridges for Valdoria",
            "Ann Lee",
        ),
    ],
)
def test_a_short_attribution_after_a_quote_closed_by_its_period(
    text: str, quote: str, mention: str, speaker: str | None
) -> None:
    found = extract(text)
    assert len(found) == 1, [s.text for s in found]
    assert_statement(found[0], text, quote, "direct", mention, speaker)


def test_a_new_report_after_a_quote_starts_a_sentence() -> None:
    text = "“We are done here.” Tom Hart said that the plan was bad for the town."
    found = extract(text)
    assert [s.text for s in found][-1] == "that the plan was bad for the town"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        (
            "“If they lied, they should pay for it,” Sen. Ann Lee (D-Ore.) said Tuesday.",
            "Sen. Ann Lee",
        ),
        ("“If they lied, they should pay for it,” Rep. Tom Hart (R-N.Y.) said.", "Rep. Tom Hart"),
        ("Sen. Ann Lee (D) said the toll bill would pass next week.", "Sen. Ann Lee"),
    ],
)
def test_party_and_state_after_a_name_are_not_the_speaker(text: str, mention: str) -> None:
    found = extract(text)
    assert len(found) == 1
    assert found[0].speaker_mention == mention
    assert found[0].speaker == mention.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("text", "quote", "mention", "cue"),
    [
        (
            "“The tolls are too high and must go,” the editorial read.",
            "“The tolls are too high and must go,”",
            "the editorial",
            "read",
        ),
        (
            "“In writing the plan, the team took notes on every street,” read the statement, "
            "which was signed by Hart.",
            "“In writing the plan, the team took notes on every street,”",
            "the statement",
            "read",
        ),
        (
            "“We ought to start the repairs again this very morning,” he went on.",
            "“We ought to start the repairs again this very morning,”",
            "he",
            "went on",
        ),
        (
            "“I am not sure the plan is ready, but we will see, right?” Lee remarked, alluding "
            "to the vote.",
            "“I am not sure the plan is ready, but we will see, right?”",
            "Lee",
            "remarked",
        ),
    ],
)
def test_cues_that_only_report_after_a_quote(text: str, quote: str, mention: str, cue: str) -> None:
    found = extract(text)
    assert found[0].text == quote
    assert found[0].speaker_mention == mention
    assert found[0].cue == cue


def test_read_and_went_on_report_nothing_without_a_quote() -> None:
    text = (
        "She read the statement aloud at the council. The fight over the tolls went on for "
        "years. He went on the radio twice."
    )
    assert extract(text) == []


def test_a_name_of_an_institution_is_the_person() -> None:
    text = (
        "“Big toll rises do not work when every family is in debt,” Tom Hart of the Civic "
        "Institute wrote recently."
    )
    found = extract(text)
    assert found[0].speaker_mention == "Tom Hart of the Civic Institute"
    assert found[0].speaker == "Tom Hart"


@pytest.mark.parametrize(
    "text",
    [
        "BRIDGE NEWS TODAY—“Council weighs toll plan,” by the Valdoria Post's Ann Lee: “The "
        "council met for six hours on Tuesday and argued about every single cent of the tolls.”",
        "The Latest: Lee claims ‘victory,’ ignores the recount",
    ],
)
def test_newsletter_headings_are_not_speakers(text: str) -> None:
    assert all(s.speaker_mention not in ("BRIDGE NEWS TODAY", "The Latest") for s in extract(text))


@pytest.mark.parametrize(
    ("text", "quote", "mention"),
    [
        (
            "“Hart wants to be a tough guy tonight,” Lee shot back.",
            "“Hart wants to be a tough guy tonight,”",
            "Lee",
        ),
        (
            "“There is a lot of name-calling going on, but labels are for soup cans,” the former "
            "mayor told a crowd that the campaign had gathered.",
            "“There is a lot of name-calling going on, but labels are for soup cans,”",
            "the former mayor",
        ),
        (
            "“How do we win this town?” Tom Hart, the chairman for the county, said of the "
            "encounter he had last week with Lee on the sidelines of a rally.",
            "“How do we win this town?”",
            "Tom Hart, the chairman for the county",
        ),
    ],
)
def test_quote_then_its_speaker_with_a_longer_tail(text: str, quote: str, mention: str) -> None:
    found = extract(text)
    assert found[0].text == quote
    assert found[0].speaker_mention == mention
