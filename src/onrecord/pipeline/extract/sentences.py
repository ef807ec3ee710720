"""Paragraph and sentence segmentation that never cuts inside a quotation.

A quote of several sentences followed by its attribution ("We will win. We will fight," he said.)
must stay one unit, so candidate boundaries that fall strictly inside a quote are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

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
            if (
                m.group()[-1] in "\"”'"
                and m.group()[0] in "?!"
                and _NAME_CUE.match(text, cut, p_end)
            ):
                continue  # "Why not?" Lee asked.
            if _ABBREVIATION.search(text, max(p_start, m.start() - 8), m.start() + 1):
                continue
            out.append(Sentence(start, cut, number))
            start = cut
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            out.append(Sentence(start, p_end, number))
    return out
