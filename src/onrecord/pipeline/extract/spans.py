"""The attribution record and small span helpers shared by the attribution rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from onrecord.pipeline.extract.mentions import CAP_STOP
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
# a pronoun, or a name followed by a past-tense verb ("Lee fired back")
PRONOUN_OR_NAME: Final = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?=\s+(?:and\s+|\w+ly\s+)?"
    r"(?:[a-z]+ed|wrote|said|told|sent|gave|put|made|took|spoke|held|met)\b))\b"
)

# any pronoun or run of capitalised words ("Senate Majority Leader Ann Lee")
ACTOR_RUN: Final = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)\b"
)


# a sentence-opening prepositional phrase up to its comma: its names are not the subject
_OPENING_ADJUNCT: Final = re.compile(
    r"(?:In|At|On|During|After|Before|With|From|For|Under|Over|Since|Like|Unlike|Despite|Amid|"
    r"Through|Throughout|Within|Without|By|When|While|As|Once|If|Although|Though|Because|"
    r"Asked|Pressed|Absent|Given|Shortly\s+(?:after|before))\s[^,;:\"“”]{1,80},\s*"
)


def count_words(text: str, start: int, end: int) -> int:
    """The number of words in text[start:end]."""
    return len(_WORD.findall(text, start, end))


def in_quote(pos: int, quotes: list[Quote]) -> bool:
    """Whether ``pos`` lies strictly inside one of ``quotes``."""
    return any(q.start < pos < q.end for q in quotes)


def clause_actor(text: str, start: int, end: int, quotes: list[Quote]) -> Span | None:
    """The first name or pronoun of a clause, past "At the time," and "Walking home,"."""
    opener = _OPENING_ADJUNCT.match(text, start, end)
    if opener is not None and not in_quote(opener.end(), quotes):
        start = opener.end()  # "In a Fox interview later that day, Lee went further"
    for m in ACTOR_RUN.finditer(text, start, end):
        first = m.group().split()[0]
        if first in CAP_STOP or first.endswith("ing") or in_quote(m.start(), quotes):
            continue
        return m.span()
    return None
