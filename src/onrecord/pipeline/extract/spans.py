"""The attribution record and small span helpers shared by the attribution rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from onrecord.pipeline.extract.quotes import Quote

Span = tuple[int, int]


@dataclass(slots=True)
class Attribution:
    """A content span with its cue and speaker-mention spans (in the working text)."""

    start: int
    end: int
    cue: Span | None
    mention: Span | None
    confidence: float
    quotes: list[Quote] = field(default_factory=list)


_WORD: Final = re.compile(r"[^\W_]+")
# a pronoun, or a name followed by a past-tense verb ("Rubio fired back")
PRONOUN_OR_NAME: Final = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?=\s+(?:and\s+)?[a-z]+ed\b))\b"
)


def count_words(text: str, start: int, end: int) -> int:
    """The number of words in text[start:end]."""
    return len(_WORD.findall(text, start, end))


def in_quote(pos: int, quotes: list[Quote]) -> bool:
    """Whether ``pos`` lies strictly inside one of ``quotes``."""
    return any(q.start < pos < q.end for q in quotes)
