"""Paragraph and sentence segmentation that never cuts inside a quotation.

A quote of several sentences followed by its attribution ("We will win. We will fight," he said.)
must stay one unit, so candidate boundaries that fall strictly inside a quote are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from onrecord.pipeline.extract.cues import SPEECH_FORMS, TRAILING_ONLY
from onrecord.pipeline.extract.quotes import Quote

_PARAGRAPH: Final = re.compile(r"[^\n]+")
_BOUNDARY: Final = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+(?:''|``|[\"“‘'«(\[])?[A-Z0-9])")
_ABBREVIATION: Final = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Jr|Sr|St|Prof|Rev|Capt|Adm|Maj|Sec|Inc|Corp"
    r"|Co|Ltd|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Calif|Fla|Mass|Ariz|Ala|Ga|Ill|Va"
    r"|Wash|Pa|Mich|Minn|Conn|Tenn|Ky|Ore|Nev|Colo|Wis|Md|Mo|La|Okla|Del|a\.m|p\.m)|\b[A-Z]"
    r"|\b[A-Z](?:\.[A-Z])+)\.$"
)


_NAME_CUE: Final = re.compile(
    r"\s+(?:[A-Z][\w.’'-]*,?\s+){1,6}(?:said|says|asked|asks|added|adds|told|tells|wrote|writes"
    r"|replied|shouted|continued|tweeted|explained|insisted|declared|joked|quipped|wondered)\b"
)


# after a quote closed by its own period, "?" or "!", a short attribution that ends the sentence
# joins it: "We will win." Hart said. / "…?" Tom Hart (D-Ore.) asked reporters on Monday.
_SHORT_ATTRIBUTION: Final = re.compile(
    r"\s+(?:He|She|They|We|I|(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*"
    r"(?:\s+\([A-Z][\w.-]{0,10}\)|,[^,.!?\"“”]{2,80},|\s+of\s+(?:the\s+)?[A-Z][\w’'-]*)?\s+)"
    r"(?:also\s+|then\s+|later\s+)?(went\s+on|goes\s+on|[A-Za-z]+)"
    r"(?:\s+(?:[A-Z][\w’'-]*|reporters|[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday"
    r"|[Ss]aturday|[Ss]unday|later|earlier|yesterday|today|recently))?"
    r"(?:\s+(?:on|in|at|during|to|about|after|before|last|this)\b(?:\s+[\w’'-]+){1,5}"
    r"|\s+of\s[^.!?\"“”]{1,120})?"  # "… said of the encounter he had last week with Lee."
    r"\s*(?:[.!?](?=\s|$)|,)"
)
_THAT: Final = re.compile(r"\bthat\b")


def _attribution_follows(text: str, mark: str, cut: int, end: int) -> bool:
    if mark in "?!" and _NAME_CUE.match(text, cut, end):
        return True
    short = _SHORT_ATTRIBUTION.match(text, cut, end)
    if short is None or _THAT.search(text, cut, short.end()):
        return False
    verb = " ".join(short.group(1).lower().split())
    return verb in SPEECH_FORMS or verb in TRAILING_ONLY


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: [start, end) without surrounding white space; ``paragraph`` counts from 0."""

    start: int
    end: int
    paragraph: int


def split_sentences(text: str, quotes: list[Quote]) -> list[Sentence]:
    """Split ``text`` into sentences, paragraph by paragraph, keeping quotes whole."""
    out: list[Sentence] = []
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        p_start, p_end = para.span()
        stripped = para.group().strip()
        if not stripped:
            continue
        p_start += len(para.group()) - len(para.group().lstrip())
        p_end = p_start + len(stripped)
        inside = [q for q in quotes if q.start < p_end and q.end > p_start]
        start = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            cut = m.end()
            if any(q.start < cut < q.end for q in inside):
                continue
            if m.group()[-1] in "\"”'" and _attribution_follows(text, m.group()[0], cut, p_end):
                continue  # "Why not?" Lee asked. / "We will win." Hart said.
            if _ABBREVIATION.search(text, max(p_start, m.start() - 8), m.start() + 1):
                continue
            out.append(Sentence(start, cut, number))
            start = cut
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            out.append(Sentence(start, p_end, number))
    return out
