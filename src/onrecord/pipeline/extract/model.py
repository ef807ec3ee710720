"""The extraction result type, shared by the engine and the public API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

StatementKind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True, slots=True)
class ExtractedStatement:
    """One attributed statement; every offset indexes the text given to ``extract_statements``.

    ``text`` equals ``source_text[start:end]``: the content span, quote marks included for direct
    quotes. ``speaker_mention`` is the words in the text naming the source ("he"), ``speaker`` the
    name they resolve to within the article ("Vladimir Putin"), or None.
    """

    start: int
    end: int
    text: str
    kind: StatementKind
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker: str | None
    speaker_kind: Literal["person", "organisation"] | None
    said_on: dt.date | None
    confidence: float
