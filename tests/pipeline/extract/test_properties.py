"""Properties: any input is safe, and every offset is consistent with the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.pipeline.extract import extract_statements
from onrecord.pipeline.extract.engine import extract

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "„",
        "«",
        "»",
        "‘",
        "’",
        "‚",
        "'",
        "''",
        "``",
        "\n",
        "\n\n",
        " ",
        ",",
        ".",
        ":",
        "—",
        "-",
        "â€œ",
        "â€",
        "Ã©",
        "said",
        "says",
        "told",
        "according to",
        "that",
        "he",
        "She",
        "Putin",
        "Ann Lee",
        "the Kremlin",
        "voters’",
        "don't",
        "We",
        "will",
        "win",
        "Monday",
        "in 2017",
        "last Tuesday",
        "Mr.",
        "U.S.",
        "(",
        ")",
        "?",
        "!",
    ]
)
QUOTEY = st.lists(PIECES, max_size=60).map(" ".join) | st.lists(PIECES, max_size=60).map("".join)


def check(text: str) -> None:
    statements = extract_statements(text)
    assert [s.start for s in statements] == sorted(s.start for s in statements)
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.kind in ("direct", "mixed", "indirect")
        assert 0.0 <= s.confidence <= 1.0
        if s.cue is None:
            assert s.cue_start is None
            assert s.cue_end is None
        else:
            assert s.cue_start is not None
            assert s.cue_end is not None
            assert 0 <= s.cue_start < s.cue_end <= len(text)
            assert text[s.cue_start : s.cue_end] == s.cue
        if s.speaker_mention is None:
            assert s.speaker_start is None
            assert s.speaker_end is None
        else:
            assert s.speaker_start is not None
            assert s.speaker_end is not None
            assert 0 <= s.speaker_start < s.speaker_end <= len(text)
            assert text[s.speaker_start : s.speaker_end] == s.speaker_mention
        assert s.speaker_kind in (None, "person", "organisation")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_breaks_the_contract(text: str) -> None:
    check(text)


@settings(max_examples=400, deadline=None)
@given(QUOTEY)
def test_quote_marks_apostrophes_and_words_never_break_the_contract(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(QUOTEY | st.text())
def test_the_engine_itself_never_raises(text: str) -> None:
    # extract_statements swallows exceptions as a last resort; the engine must not need that
    extract(text, "Title: 'quoted'", None)
