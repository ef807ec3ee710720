"""Quote marks of every style, apostrophes, mojibake, paragraphs, nesting and split quotes."""

from __future__ import annotations

import pytest

from onrecord.pipeline.extract.quotes import find_quotes
from tests.pipeline.extract.helpers import assert_statement, extract, only

QUOTE_STYLES = [
    ('"', '"'),
    ("“", "”"),
    ("„", "“"),
    ("«", "»"),
    ("‚", "‘"),
    ("‘", "’"),
    ("'", "'"),
    ("''", "''"),
    ("``", "''"),
]


@pytest.mark.parametrize(("opening", "closing"), QUOTE_STYLES)
def test_every_quote_style_gives_a_direct_quote(opening: str, closing: str) -> None:
    quote = f"{opening}We will rebuild the bridge this year.{closing}"
    text = f"The mayor said: {quote}"
    assert_statement(only(text), text, quote, "direct", "The mayor", None)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The voters’ mood was sour. He said ‘we don’t give up’ twice.", ["‘we don’t give up’"]),
        ("It's the candidates' turn, isn't it? 'Yes,' she said.", ["'Yes,'"]),
        ("Rock 'n' roll and the '90s are back, they said.", []),
        ("The senators’ letter and the voters’ anger were ignored.", []),
        ('He said "yes" and "no".', ['"yes"', '"no"']),
    ],
)
def test_apostrophes_are_not_quote_marks(text: str, quoted: list[str]) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == quoted


def test_mojibake_is_repaired_but_offsets_index_the_original() -> None:
    text = "The mayor said: â€œWe will rebuild the bridge this year.â€\x9d Then she left."
    stmt = only(text)
    assert stmt.kind == "direct"
    assert stmt.text == text[stmt.start : stmt.end]
    assert stmt.text.startswith("â€œWe will")
    assert stmt.text.endswith("year.â€\x9d")
    assert stmt.speaker_mention == "The mayor"


def test_a_quote_running_over_several_paragraphs_is_one_statement() -> None:
    text = (
        "“We will rebuild the bridge,” Mayor Ann Lee said. “It will take a year and money.\n\n"
        "“It will not be cheap.\n\n"
        "“But the town deserves it.”\n\n"
        "The council meets on Friday."
    )
    first, second = extract(text)
    assert_statement(
        first, text, "“We will rebuild the bridge,”", "direct", "Mayor Ann Lee", "Ann Lee"
    )
    whole = (
        "“It will take a year and money.\n\n“It will not be cheap.\n\n“But the town deserves it.”"
    )
    assert_statement(second, text, whole, "direct", "Mayor Ann Lee", "Ann Lee")


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    quote = "“My father told me, ‘Never give up on a bridge.’ I never have.”"
    text = f"The mayor said: {quote}"
    assert_statement(only(text), text, quote, "direct", "The mayor", None)


def test_nested_straight_quotes_inside_curly_quotes() -> None:
    quote = '“They call it the "bridge to nowhere" and they are wrong,”'
    text = f"{quote} said Ann Lee."
    assert_statement(only(text), text, quote, "direct", "Ann Lee", "Ann Lee")


def test_split_quote_gives_two_statements_with_one_speaker() -> None:
    text = "“We will rebuild the bridge,” the mayor said, “and we will do it this year.”"
    first, second = extract(text)
    assert_statement(first, text, "“We will rebuild the bridge,”", "direct", "the mayor", None)
    assert_statement(second, text, "“and we will do it this year.”", "direct", "the mayor", None)
    assert first.cue == second.cue == "said"


def test_partial_quote_inside_reported_speech_is_mixed() -> None:
    text = "The mayor said the old bridge was “a disgrace to the town” and had to go."
    content = "the old bridge was “a disgrace to the town” and had to go"
    assert_statement(only(text), text, content, "mixed", "The mayor", None)


def test_mixed_quote_with_that_clause() -> None:
    text = "Lee insisted that the repairs were “long overdue” in a speech."
    content = "that the repairs were “long overdue” in a speech"
    assert_statement(only(text), text, content, "mixed", "Lee", "Lee")


def test_unclosed_quote_at_the_end_of_the_text_still_counts() -> None:
    text = "The mayor said: “We will rebuild the bridge no matter what it costs"
    stmt = only(text)
    assert stmt.kind == "direct"
    assert stmt.text.startswith("“We will")
    assert stmt.end == len(text)


def test_a_title_after_wrote_is_no_quote_and_names_nobody() -> None:
    text = 'In 2014 Ann Lee wrote "Hard Choices." She said "we will win the vote in May."'
    found = extract(text)
    assert [(s.text, s.speaker) for s in found] == [('"we will win the vote in May."', "Ann Lee")]


def test_a_sentence_ends_before_two_apostrophes_opening_a_quote() -> None:
    text = "Ann Lee spoke on Monday. ''It was hard to get ahead,'' Ms. Lee said."
    found = extract(text)
    assert [(s.text, s.kind, s.speaker_mention) for s in found] == [
        ("''It was hard to get ahead,''", "direct", "Ms. Lee")
    ]
