"""Small assertions shared by the extraction tests (our own example sentences only)."""

from __future__ import annotations

import datetime as dt

from onrecord.pipeline.extract import ExtractedStatement, extract_statements

PUBLISHED = dt.date(2024, 5, 15)  # a Wednesday


def extract(text: str, **kwargs: object) -> list[ExtractedStatement]:
    """Extract with a fixed publication date unless the test gives one."""
    published = kwargs.pop("published", PUBLISHED)
    title = kwargs.pop("title", None)
    assert not kwargs
    assert published is None or isinstance(published, dt.date)
    assert title is None or isinstance(title, str)
    return extract_statements(text, title=title, published=published)


def span_of(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    """The offsets of the ``occurrence``-th appearance of ``part`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def only(text: str, **kwargs: object) -> ExtractedStatement:
    """The single statement of ``text``."""
    found = extract(text, **kwargs)
    assert len(found) == 1, [s.text for s in found]
    return found[0]


def assert_statement(
    stmt: ExtractedStatement,
    text: str,
    content: str,
    kind: str,
    mention: str | None,
    speaker: str | None,
) -> None:
    """Exact content span, kind, mention span and resolved speaker."""
    assert (stmt.start, stmt.end) == span_of(text, content), stmt.text
    assert stmt.text == content
    assert stmt.kind == kind
    assert stmt.speaker_mention == mention
    if mention is not None:
        assert (stmt.speaker_start, stmt.speaker_end) == span_of(text, mention)
    assert stmt.speaker == speaker
