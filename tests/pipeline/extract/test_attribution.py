"""Where the speaker stands, which cues count, reported speech, and what is not speech."""

from __future__ import annotations

import pytest

from tests.pipeline.extract.helpers import assert_statement, extract, only

# (text, content, kind, mention, resolved speaker)
SPEAKER_POSITIONS = [
    (
        "“We will rebuild the bridge,” Ann Lee said.",
        "“We will rebuild the bridge,”",
        "direct",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "“We will rebuild the bridge,” said Mayor Ann Lee.",
        "“We will rebuild the bridge,”",
        "direct",
        "Mayor Ann Lee",
        "Ann Lee",
    ),
    (
        "“We will rebuild the bridge,” she told reporters on Monday.",
        "“We will rebuild the bridge,”",
        "direct",
        "she",
        None,
    ),
    (
        "Ann Lee said: “We will rebuild the bridge.”",
        "“We will rebuild the bridge.”",
        "direct",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "Mayor Ann Lee spoke to the council on Monday:\n\n“We will rebuild the bridge this year.”",
        "“We will rebuild the bridge this year.”",
        "direct",
        "Mayor Ann Lee",
        "Ann Lee",
    ),
    (
        "“We will rebuild the bridge this year.”\n\n— Mayor Ann Lee",
        "“We will rebuild the bridge this year.”",
        "direct",
        "Mayor Ann Lee",
        "Ann Lee",
    ),
    (
        "“We will rebuild the bridge this year” — Mayor Ann Lee.",
        "“We will rebuild the bridge this year”",
        "direct",
        "Mayor Ann Lee",
        "Ann Lee",
    ),
    (
        "Lee: 'We will rebuild the bridge'\n\nThe mayor spoke on Monday.",
        "'We will rebuild the bridge'",
        "direct",
        "Lee",
        "Lee",
    ),
    (
        "“We will rebuild it,” screenwriter Ann Lee wrote on her blog.",
        "“We will rebuild it,”",
        "direct",
        "screenwriter Ann Lee",
        "Ann Lee",
    ),
    (
        "“We will rebuild it,” Ann Lee, the mayor of the town, said.",
        "“We will rebuild it,”",
        "direct",
        "Ann Lee, the mayor of the town",
        "Ann Lee",
    ),
    (
        "At the meeting, Ann Lee quipped, “The bridge is older than I am.”",
        "“The bridge is older than I am.”",
        "direct",
        "Ann Lee",
        "Ann Lee",
    ),
    (
        "“Why now?” Ann Lee asked the council.",
        "“Why now?”",
        "direct",
        "Ann Lee",
        "Ann Lee",
    ),
]


@pytest.mark.parametrize(("text", "content", "kind", "mention", "speaker"), SPEAKER_POSITIONS)
def test_speaker_before_after_below_and_in_headlines(
    text: str, content: str, kind: str, mention: str, speaker: str | None
) -> None:
    assert_statement(only(text), text, content, kind, mention, speaker)


REPORTED = [
    (
        "Mayor Ann Lee argued that the bridge was too old to repair.",
        "that the bridge was too old to repair",
        "Mayor Ann Lee",
        "argued",
    ),
    (
        "Lee warned the bridge could collapse within a year.",
        "the bridge could collapse within a year",
        "Lee",
        "warned",
    ),
    (
        "She insisted that the council had known about the cracks for years.",
        "that the council had known about the cracks for years",
        "She",
        "insisted",
    ),
    (
        "Ann Lee told reporters that the bridge would reopen in May.",
        "that the bridge would reopen in May",
        "Ann Lee",
        "told",
    ),
    (
        "In a statement, the city council said the bridge would reopen in May.",
        "the bridge would reopen in May",
        "the city council",
        "said",
    ),
    (
        "The contractor denied that it had cut corners on the bridge.",
        "that it had cut corners on the bridge",
        "The contractor",
        "denied",
    ),
    (
        "The bridge will reopen in May, according to the city council.",
        "The bridge will reopen in May",
        "the city council",
        "according to",
    ),
    (
        "According to the city council, the bridge will reopen in May.",
        "the bridge will reopen in May",
        "the city council",
        "According to",
    ),
    (
        "The bridge is safe to cross, the engineer said on Tuesday.",
        "The bridge is safe to cross",
        "the engineer",
        "said",
    ),
    (
        "In the end, Ann Lee said, the town will pay for the new bridge.",
        "the town will pay for the new bridge",
        "Ann Lee",
        "said",
    ),
    (
        "But local engineers say the old bridge can still be saved.",
        "the old bridge can still be saved",
        "local engineers",
        "say",
    ),
]


@pytest.mark.parametrize(("text", "content", "mention", "cue"), REPORTED)
def test_reported_speech_without_quote_marks(
    text: str, content: str, mention: str, cue: str
) -> None:
    stmt = only(text)
    assert_statement(stmt, text, content, "indirect", mention, stmt.speaker)
    assert stmt.cue == cue
    assert stmt.cue_start is not None
    assert text[stmt.cue_start : stmt.cue_end] == cue


def test_participle_continues_with_the_same_speaker() -> None:
    text = "Ann Lee said the bridge was unsafe, adding that repairs would start in June."
    first, second = extract(text)
    assert_statement(first, text, "the bridge was unsafe", "indirect", "Ann Lee", "Ann Lee")
    assert_statement(
        second, text, "that repairs would start in June", "indirect", "Ann Lee", "Ann Lee"
    )
    assert second.cue == "adding"


def test_two_reports_in_one_sentence() -> None:
    text = "While 7 percent said they were undecided, 27 percent said they could change."
    first, second = extract(text)
    assert_statement(first, text, "they were undecided", "indirect", "7 percent", None)
    assert_statement(second, text, "they could change", "indirect", "27 percent", None)


NOT_SPEECH = [
    "The so-called “bridge to nowhere” cost the town millions.",
    "She read “The Old Man and the Sea” on the train home.",
    "The mayor, known locally as “the Bridge King,” cut the ribbon.",
    "Protesters carried signs reading “Build it now” along the river.",
    "Supporters chanted “Four more years!” as she left the hall.",
    "The bridge was built in 1931 and repaired in 1990.",
    "He is said to be the oldest engineer in town.",
    "The Washington Post Says Nothing, a band from Ohio, played first.",
]


@pytest.mark.parametrize("text", NOT_SPEECH)
def test_scare_quotes_titles_nicknames_and_slogans_are_not_statements(text: str) -> None:
    assert extract(text) == []


def test_a_long_quote_without_any_speaker_is_kept_with_low_confidence() -> None:
    text = "The town is divided.\n\n“We want a new bridge and we want it before the winter comes.”"
    stmt = only(text)
    assert stmt.kind == "direct"
    assert stmt.speaker is None
    assert stmt.speaker_mention is None
    assert stmt.confidence < 0.5


def test_a_quote_continuing_the_previous_speaker() -> None:
    text = (
        "“The bridge is safe,” Ann Lee said.\n\n"
        "“We checked every bolt and every cable twice this spring.”"
    )
    first, second = extract(text)
    assert second.speaker_mention == "Ann Lee"
    assert second.speaker_start == first.speaker_start
    assert second.cue is None
    assert second.confidence < first.confidence


def test_trailing_speaker_with_a_participle_after_the_cue() -> None:
    text = (
        '"Today is a day for celebration," Hart said in making his announcement in Salem, '
        "noting that it was a priority for him."
    )
    found = extract(text)
    assert [(s.text, s.cue, s.speaker_mention) for s in found] == [
        ('"Today is a day for celebration,"', "said", "Hart"),
        ("that it was a priority for him", "noting", "Hart"),
    ]


def test_inverted_speaker_with_a_role_containing_of() -> None:
    text = '"Thanks for coming," said master of ceremonies Tom Hart, a local engineer.'
    stmt = only(text)
    assert stmt.speaker_mention == "master of ceremonies Tom Hart"
    assert stmt.speaker == "Tom Hart"


def test_a_long_quote_with_nobody_in_reach_takes_the_subject_before_it() -> None:
    text = (
        "Ann Lee walked to the podium in silence.\n\n"
        "“The bridge will be rebuilt before the winter comes, whatever the cost.”"
    )
    stmt = only(text)
    assert stmt.kind == "direct"
    assert (stmt.speaker_mention, stmt.speaker, stmt.confidence) == ("Ann Lee", "Ann Lee", 0.4)


def test_long_apposition_with_abbreviations_before_the_cue() -> None:
    text = (
        "Jill A. Martin, a close friend of Mrs. Hart's who ran her office, said in a statement "
        "that the claims had no substance."
    )
    stmt = only(text)
    assert stmt.text == "that the claims had no substance"
    assert stmt.speaker == "Jill A. Martin"


def test_a_quote_continues_the_speaker_not_a_relative_clause_after_it() -> None:
    text = (
        "''I know many of them,'' said Amy Deace, who leads the coalition and backed Lee. "
        "''It's a large community that tends to stick together.''"
    )
    found = extract(text)
    assert found[-1].text == "''It's a large community that tends to stick together.''"
    assert found[-1].speaker_mention == "Amy Deace"


def test_a_quote_continues_the_quoted_speaker_not_a_narrator_aside() -> None:
    text = (
        "“We will judge them by their deeds,” Lee said in a speech, as he called for stricter "
        "rules for the bridge contractors. “Money cannot decide everything for this town.”"
    )
    found = extract(text)
    assert found[-1].text == "“Money cannot decide everything for this town.”"
    assert found[-1].speaker_mention == "Lee"
