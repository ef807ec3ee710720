"""Quote and claim extraction with in-document speaker resolution (pure functions, no I/O).

``extract_statements(text)`` returns the direct quotes, mixed quotes and reported speech of one
article, each with its cue, speaker mention, resolved speaker, date and confidence. See
docs/extraction.md for the approach, the hard cases and the measured results.
"""

from __future__ import annotations

import datetime as dt

from onrecord.pipeline.extract.engine import extract
from onrecord.pipeline.extract.model import ExtractedStatement, StatementKind

__all__ = ["ExtractedStatement", "StatementKind", "extract_statements", "statement_record"]


def extract_statements(
    text: str, *, title: str | None = None, published: dt.date | None = None
) -> list[ExtractedStatement]:
    """Extract the statements of ``text``, sorted by start. Pure, never raises on any str input.

    ``title`` is context for speaker resolution (the headline is not part of ``text``);
    ``published`` anchors relative dates ("last Tuesday") and is the default ``said_on``.
    """
    try:
        return extract(text, title, published)
    except Exception:  # a bug must not take down ingestion: the article yields nothing
        return []


def statement_record(stmt: ExtractedStatement, *, file: str) -> dict[str, object]:
    """The JSON-lines record the CLI prints for one statement of ``file``."""
    return {
        "file": file,
        "start": stmt.start,
        "end": stmt.end,
        "text": stmt.text,
        "kind": stmt.kind,
        "cue": stmt.cue,
        "cue_start": stmt.cue_start,
        "cue_end": stmt.cue_end,
        "speaker_mention": stmt.speaker_mention,
        "speaker_start": stmt.speaker_start,
        "speaker_end": stmt.speaker_end,
        "speaker": stmt.speaker,
        "said_on": stmt.said_on.isoformat() if stmt.said_on else None,
        "confidence": stmt.confidence,
    }
