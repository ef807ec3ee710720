"""The highlighting core: text and spans in, segments out, never losing or breaking text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from onrecord.web.highlight import Span, highlight, paragraph_bounds, segment_text


def test_no_spans_gives_the_text_as_one_segment():
    segments = segment_text("Hello world.", [])
    assert [(s.text, s.spans) for s in segments] == [("Hello world.", ())]


def test_empty_text_has_no_segments():
    assert segment_text("", [Span(0, 3, "direct", 1)]) == []
    assert highlight("", []) == []


def test_one_span_cuts_the_text_in_three():
    quote = Span(4, 9, "direct", 7, "Varga")
    segments = segment_text("She “yes” said.", [quote])
    assert [s.text for s in segments] == ["She ", "“yes”", " said."]
    assert segments[1].spans == (quote,)
    assert segments[1].opens == (quote,)
    assert segments[1].closes == (quote,)
    assert segments[0].spans == segments[2].spans == ()


def test_nested_spans_are_listed_outermost_first():
    outer = Span(0, 10, "indirect", 1)
    inner = Span(3, 6, "direct", 2)
    segments = segment_text("0123456789", [inner, outer])
    assert [s.text for s in segments] == ["012", "345", "6789"]
    assert segments[1].spans == (outer, inner)
    assert segments[0].opens == (outer,)
    assert segments[2].closes == (outer,)


def test_overlapping_spans_split_into_three_covered_parts():
    first = Span(0, 6, "direct", 1)
    second = Span(4, 10, "mixed", 2)
    segments = segment_text("0123456789", [first, second])
    assert [(s.text, [sp.id for sp in s.spans]) for s in segments] == [
        ("0123", [1]),
        ("45", [1, 2]),
        ("6789", [2]),
    ]


def test_identical_spans_keep_the_callers_order():
    quote = Span(2, 5, "direct", 1)
    mention = Span(2, 5, "speaker", 1)
    segments = segment_text("abcdefg", [quote, mention])
    assert segments[1].spans == (quote, mention)


def test_out_of_range_and_empty_spans_are_clipped_or_ignored():
    segments = segment_text("abc", [Span(-5, 1, "direct", 1), Span(2, 99, "direct", 2)])
    assert [(s.text, [sp.id for sp in s.spans]) for s in segments] == [
        ("a", [1]),
        ("b", []),
        ("c", [2]),
    ]
    assert segments[0].spans[0].start == 0
    assert segment_text("abc", [Span(2, 2, "direct", 1), Span(3, 1, "direct", 2)])[0].spans == ()


def test_text_with_markup_is_returned_as_plain_characters():
    # Escaping is the template's job; the core must hand back the characters unchanged.
    text = "<script>alert(1)</script> & “quoted”"
    segments = segment_text(text, [Span(0, 8, "direct", 1)])
    assert "".join(s.text for s in segments) == text


def test_paragraphs_split_at_blank_lines():
    text = "First para\nstill first.\n\n  Second.\n\n\nThird."
    assert [text[a:b] for a, b in paragraph_bounds(text)] == [
        "First para\nstill first.",
        "Second.",
        "Third.",
    ]


def test_paragraphs_split_at_line_breaks_when_there_is_no_blank_line():
    text = "One.\nTwo.\r\nThree."
    assert [text[a:b] for a, b in paragraph_bounds(text)] == ["One.", "Two.", "Three."]


def test_white_space_only_text_has_no_paragraphs():
    assert paragraph_bounds(" \n\n \n") == []


def test_a_quote_over_two_paragraphs_opens_once_and_closes_once():
    text = "“First part.\n\n“Second part,” she said."
    quote = Span(0, text.index(",”") + 2, "direct", 5, "Stanek")
    paragraphs = highlight(text, [quote])
    assert len(paragraphs) == 2
    first, second = paragraphs
    assert first.segments[0].text == "“First part."
    assert first.segments[0].opens == (quote,)
    assert first.segments[0].closes == ()
    assert second.segments[0].text == "“Second part,”"
    assert second.segments[0].opens == ()
    assert second.segments[0].closes == (quote,)


def _spans(draw: st.DrawFn, length: int) -> list[Span]:
    count = draw(st.integers(min_value=0, max_value=8))
    spans = []
    for n in range(count):
        start = draw(st.integers(min_value=-3, max_value=length + 3))
        end = draw(st.integers(min_value=-3, max_value=length + 3))
        kind = draw(st.sampled_from(["direct", "mixed", "indirect", "speaker"]))
        spans.append(Span(start, end, kind, n))
    return spans


@st.composite
def texts_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    alphabet = st.sampled_from(list("ab “”'\"<>&\n\t é"))
    text = draw(st.text(alphabet=alphabet, max_size=60))
    return text, _spans(draw, len(text))


@given(texts_and_spans())
def test_segments_give_the_text_back_and_cover_each_span_exactly(case):
    text, spans = case
    segments = segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments)
    assert all(text[s.start : s.end] == s.text for s in segments)
    for span in spans:
        start, end = max(0, span.start), min(len(text), span.end)
        covered = "".join(s.text for s in segments if any(sp.id == span.id for sp in s.spans))
        assert covered == (text[start:end] if start < end else "")
        assert sum(1 for s in segments for sp in s.opens if sp.id == span.id) <= 1
        assert sum(1 for s in segments for sp in s.closes if sp.id == span.id) <= 1


@given(texts_and_spans())
def test_covering_spans_are_outermost_first(case):
    text, spans = case
    for segment in segment_text(text, spans):
        keys = [(sp.start, -sp.end) for sp in segment.spans]
        assert keys == sorted(keys)


@given(texts_and_spans())
def test_paragraphs_keep_every_character_except_white_space_between_them(case):
    text, spans = case
    paragraphs = highlight(text, spans)
    position = 0
    for paragraph in paragraphs:
        assert text[position : paragraph.start].strip() == ""
        assert "".join(s.text for s in paragraph.segments) == text[paragraph.start : paragraph.end]
        position = paragraph.end
    assert text[position:].strip() == ""
