"""Cutting an article's text into segments so that statements can be highlighted.

A pure core: plain text and plain spans in, plain segments out, nothing about
HTML. The template renders each segment as its text wrapped in one ``<mark>``
per span that covers it, every ``<mark>`` closed at the end of the segment, so
overlapping and nested spans can never produce broken markup, and the text is
still escaped by Jinja. Concatenating the segments gives the text back.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A blank line: what separates paragraphs in stored article text.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: Any line break: the paragraph separator for texts that have no blank line at all.
_LINE_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text to mark: ``text[start:end]``.

    ``kind`` names what it is ("direct", "mixed", "indirect", "speaker"),
    ``id`` the statement it belongs to, ``label`` what to show about it.
    """

    start: int
    end: int
    kind: str
    id: int | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the text covered by the same spans from its start to its end.

    ``spans`` lists the covering spans outermost first; ``opens`` are those that
    start here and ``closes`` those that end here.
    """

    start: int
    end: int
    text: str
    spans: tuple[Span, ...] = ()
    opens: tuple[Span, ...] = ()
    closes: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the text, ``text[start:end]``, as its segments."""

    start: int
    end: int
    segments: tuple[Segment, ...]


def _clip(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans limited to the text, empty ones dropped, sorted outermost first."""
    clipped = []
    for span in spans:
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            if (start, end) != (span.start, span.end):
                span = Span(start, end, span.kind, span.id, span.label)
            clipped.append(span)
    # Outermost first: earlier start, then longer; ties keep the caller's order.
    return sorted(clipped, key=lambda s: (s.start, -s.end))


def segment_text(text: str, spans: Iterable[Span], *, cuts: Iterable[int] = ()) -> list[Segment]:
    """The text cut at every span boundary (and at ``cuts``), each piece with its spans.

    Spans may overlap or nest; out-of-range offsets are clipped and empty spans
    ignored. ``"".join(s.text for s in segment_text(text, spans)) == text``.
    """
    ordered = _clip(spans, len(text))
    bounds = {0, len(text)}
    bounds.update(c for c in cuts if 0 < c < len(text))
    for span in ordered:
        bounds.update((span.start, span.end))
    points = sorted(bounds)
    segments = []
    for lo, hi in itertools.pairwise(points):
        covering = tuple(s for s in ordered if s.start <= lo and hi <= s.end)
        segments.append(
            Segment(
                start=lo,
                end=hi,
                text=text[lo:hi],
                spans=covering,
                opens=tuple(s for s in covering if s.start == lo),
                closes=tuple(s for s in covering if s.end == hi),
            )
        )
    return segments


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: split at blank lines, or at line breaks if none.

    The text between two paragraphs is white space only; leading and trailing
    white space of the whole text belongs to no paragraph.
    """
    pattern = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    bounds = []
    pos = 0
    for match in pattern.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    result = []
    for start, end in bounds:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            result.append((start + lead, start + lead + len(stripped)))
    return result


def highlight(text: str, spans: Sequence[Span]) -> list[Paragraph]:
    """The text as paragraphs of segments, ready for the article template.

    Within each paragraph the segments give back ``text[start:end]`` exactly;
    only the white space between paragraphs is left out.
    """
    bounds = paragraph_bounds(text)
    cuts = [point for bound in bounds for point in bound]
    segments = segment_text(text, spans, cuts=cuts)
    paragraphs = []
    index = 0
    for start, end in bounds:
        while index < len(segments) and segments[index].end <= start:
            index += 1
        inside = []
        while index < len(segments) and segments[index].end <= end:
            inside.append(segments[index])
            index += 1
        paragraphs.append(Paragraph(start, end, tuple(inside)))
    return paragraphs
