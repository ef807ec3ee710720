"""Cue classes and the rarer reporting patterns: labels, asks, impressions, infinitives."""

from __future__ import annotations

import pytest

from onrecord.pipeline.extract.cues import cue_class, find_cues
from tests.pipeline.extract.helpers import assert_statement, extract, only


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("said", "speech"),
        ("Tweeted", "speech"),
        ("pointed out", "speech"),
        ("according to", "phrase"),
        ("believes", "cognition"),
        ("showed", "finding"),
        ("accused", "stance"),
        ("appeared", "appearance"),
    ],
)
def test_cue_classes(word: str, expected: str) -> None:
    assert cue_class(word) == expected


def test_pointed_to_and_referring_to_are_cues() -> None:
    text = (
        "Lee mocked the plan on Monday, referring to the new bridge. "
        "Hart pointed to the cost of steel."
    )
    found = extract(text)
    assert [(s.cue, s.text, s.speaker) for s in found] == [
        ("mocked", "the plan on Monday", "Lee"),
        ("referring to", "the new bridge", "Lee"),
        ("pointed to", "the cost of steel", "Hart"),
    ]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Lee took aim at the council's budget.", "took aim at", "the council's budget"),
        ("Hart called on the council to act.", "called on", "the council to act"),
        ("Lee ruled out a new tax for the bridge.", "ruled out", "a new tax for the bridge"),
        ("Hart would like to see the bridge reopened.", "like to", "see the bridge reopened"),
        ("Lee is looking for a new bridge engineer.", "looking for", "a new bridge engineer"),
        (
            "Hart sided with the engineers on the cables.",
            "sided with",
            "the engineers on the cables",
        ),
    ],
)
def test_phrasal_stance_cues(text: str, cue: str, content: str) -> None:
    stmt = only(text)
    assert (stmt.cue, stmt.text) == (cue, content)


def test_went_looking_for_is_no_report() -> None:
    assert extract("Ann Lee went looking for money in Salem on Tuesday.") == []


def test_find_cues_reads_phrases_and_skips_other_words() -> None:
    text = "She pointed out, according to aides, that he went on to say nothing. Hart sanded."
    assert [c.word for c in find_cues(text, 0, len(text))] == [
        "pointed out",
        "according to",
        "went on to say",
    ]


# (text, content, kind, mention, speaker)
PATTERNS = [
    (
        "Ann Lee was thanking the crews and praising the engineers.",
        "the crews",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Tom Hart criticized the bridge plan during a council meeting on Monday.",
        "the bridge plan",
        "indirect",
        "Tom Hart",
        "Tom Hart",
    ),
    (
        "Ann Lee said the bridge was safe, days after the inspectors had closed it.",
        "the bridge was safe",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Ann Lee said the bridge would close in May, which angered the drivers who use it.",
        "the bridge would close in May",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "After the host asked Lee who would win the race, Hart laughed.",
        "who would win the race",
        "indirect",
        "the host",
        None,
    ),
    (
        "When Ann Lee said the bridge was safe, nobody believed her.",
        "the bridge was safe",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "The council asked Lee and Hart to search their e-mails.",
        "to search their e-mails",
        "indirect",
        "The council",
        "the council",
    ),
    (
        "The bureau says commuters, numbering 75,000, outnumber all other bridge users.",
        "commuters, numbering 75,000, outnumber all other bridge users",
        "indirect",
        "The bureau",
        "the bureau",
    ),
    (
        "Lee will back the plan eventually, former rival says.",
        "Lee will back the plan eventually",
        "indirect",
        "former rival",
        None,
    ),
    (
        "The Hart campaign released a plan to repair the old bridge by May.",
        "a plan to repair the old bridge by May",
        "indirect",
        "The Hart campaign",
        "the Hart campaign",
    ),
    (
        "Ann Lee said the bridge was safe; the council, for its part, voted to close it.",
        "the bridge was safe",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Ann Lee opposed Hart.",
        "Hart",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Ann Lee said the bridge plan was rushed, a swipe at the county council.",
        "the bridge plan was rushed",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Polls show Ann Lee ahead in the northern districts.",
        "Ann Lee ahead in the northern districts",
        "indirect",
        "Polls",
        None,
    ),
    (
        "A survey by the council found most residents opposed to the bridge.",
        "most residents opposed to the bridge",
        "indirect",
        "A survey by the council",
        None,
    ),
    (
        "Ann Lee groused that the council never reads its own reports.",
        "that the council never reads its own reports",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Tom Hart endorsed Ann Lee, the former mayor, in the primary.",
        "Ann Lee",
        "indirect",
        "Tom Hart",
        "Tom Hart",
    ),
    (
        "Tom Hart criticized the bridge plan — the third this year.",
        "the bridge plan",
        "indirect",
        "Tom Hart",
        "Tom Hart",
    ),
    (
        "Mayor Ann Lee decided to close the bridge for the winter.",
        "to close the bridge for the winter",
        "indirect",
        "Mayor Ann Lee",
        "Ann Lee",
    ),
    (
        "Tom Hart highlighted the rising cost of the new cables.",
        "the rising cost of the new cables",
        "indirect",
        "Tom Hart",
        "Tom Hart",
    ),
    (
        "Ann Lee: Time to rebuild the old bridge\n\nThe mayor spoke on Monday.",
        "Time to rebuild the old bridge",
        "indirect",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "As the engineer Tom Hart put it, “A bridge is only as strong as its weakest bolt.”",
        "“A bridge is only as strong as its weakest bolt.”",
        "direct",
        "Tom Hart",
        "Tom Hart",
    ),
    (
        "“We will rebuild the bridge,” according to Ann Lee.",
        "“We will rebuild the bridge,”",
        "direct",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Lee agreed to fund the repairs from the town budget.",
        "to fund the repairs from the town budget",
        "indirect",
        "Lee",
        "Lee",
    ),
    (
        "Tom Hart, 54, said the cables were rusting.",
        "the cables were rusting",
        "indirect",
        "Tom Hart, 54",
        "Tom Hart",
    ),
    (
        "Some say the bridge should never have been built.",
        "the bridge should never have been built",
        "indirect",
        "Some",
        None,
    ),
    (
        "Asked whether the bridge would reopen in May, Lee declined to answer.",
        "whether the bridge would reopen in May",
        "indirect",
        None,
        None,
    ),
    (
        "Lee was asked by reporters whether the bridge would reopen.",
        "whether the bridge would reopen",
        "indirect",
        "reporters",
        None,
    ),
    (
        "The council appeared to favour a new bridge over repairs.",
        "The council appeared to favour a new bridge over repairs",
        "indirect",
        None,
        None,
    ),
    (
        "The old bridge is unsafe, a study by the county found.",
        "The old bridge is unsafe",
        "indirect",
        "a study by the county",
        None,
    ),
]


@pytest.mark.parametrize(("text", "content", "kind", "mention", "speaker"), PATTERNS)
def test_rarer_reporting_patterns(
    text: str, content: str, kind: str, mention: str | None, speaker: str | None
) -> None:
    assert_statement(only(text), text, content, kind, mention, speaker)


def test_interview_labels_are_statements_without_a_resolved_speaker() -> None:
    text = (
        "Q: Why did the bridge close?\n\nA: The engineers found cracks in two of the main cables."
    )
    question, answer = extract(text)
    assert (question.speaker_mention, question.speaker) == ("Q", None)
    assert answer.text == "The engineers found cracks in two of the main cables"
    assert answer.speaker_mention == "A"


def test_contrast_and_coordination_end_a_report() -> None:
    text = "Lee said the bridge was unsafe, but agreed that it could stay open."
    first, second = extract(text)
    assert first.text == "the bridge was unsafe"
    assert (second.text, second.cue) == ("that it could stay open", "agreed")


@pytest.mark.parametrize(
    "text",
    [
        "When asked about the cracks, Lee said nothing.",
        "His attacks on the council were fierce.",
        "Lee came back to the bridge on Friday.",
        "The Washington Post reported nothing new.",
        "Voters in the state's primary waited for hours.",
    ],
)
def test_no_report_where_words_only_look_like_cues(text: str) -> None:
    assert all(s.cue not in ("said", "attacks", "back", "Post") for s in extract(text))


def test_time_phrases_between_speaker_and_cue_are_skipped() -> None:
    text = "Lee at the time said she would pay for the repairs herself."
    stmt = only(text)
    assert (stmt.speaker_mention, stmt.text) == ("Lee", "she would pay for the repairs herself")


def test_a_thought_reported_by_its_thinker_is_one_statement() -> None:
    text = "Lee says she feels the bridge will be ready by June."
    assert_statement(only(text), text, "the bridge will be ready by June", "indirect", "Lee", "Lee")


@pytest.mark.parametrize(
    ("text", "mention", "content"),
    [
        (
            "Lee, during a town hall meeting in Columbus, Ohio, said she would rebuild the bridge.",
            "Lee",
            "she would rebuild the bridge",
        ),
        (
            "Ann Lee, 27, a bridge engineer in Salem, said the bridge would come down in a storm.",
            "Ann Lee, 27, a bridge engineer in Salem",
            "the bridge would come down in a storm",
        ),
        (
            "Voters were angry, said Tom Hart, who chairs the county party.",
            "Tom Hart",
            "Voters were angry",
        ),
    ],
)
def test_asides_between_speaker_and_cue(text: str, mention: str, content: str) -> None:
    stmt = only(text)
    assert (stmt.speaker_mention, stmt.text) == (mention, content)
