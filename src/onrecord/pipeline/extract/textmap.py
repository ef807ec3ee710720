"""Mojibake repair with an offset map back to the original string.

Extraction works on a repaired copy of the article, but every offset we return must index the
string the caller gave us, so each repair records where its characters came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy

# Runs of characters that UTF-8 read as cp1252/latin-1 turns into ("â€œ", "Ã©", "Â ").
# Only such runs are handed to ftfy, so clean text costs one regex search.
_MOJIBAKE_HINT = re.compile(
    r"[âÃÂÅ][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_MOJIBAKE_RUN = re.compile(
    r"[\u00c0-\u00ff][\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


@dataclass(frozen=True, slots=True)
class MappedText:
    """A repaired text plus, for each of its characters, the original span it came from."""

    text: str
    original: str
    starts: tuple[int, ...] | None = None  # None: identical to the original
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span [start, end) of the repaired text to the original string."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def repair_text(text: str) -> MappedText:
    """Repair UTF-8-as-cp1252 mojibake ("â€œ" -> "“") and remember the offset map.

    Text without mojibake is returned as is (no copy, no map), which is the common case.
    """
    if not _MOJIBAKE_HINT.search(text):
        return MappedText(text, text)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _MOJIBAKE_RUN.finditer(text):
        fixed = _fix_run(match.group())
        if fixed == match.group():
            continue
        _copy(text, last, match.start(), pieces, starts, ends)
        pieces.append(fixed)
        # every repaired character stands for the whole mojibake run it replaced
        starts.extend([match.start()] * len(fixed))
        ends.extend([match.end()] * len(fixed))
        last = match.end()
    if not pieces:
        return MappedText(text, text)
    _copy(text, last, len(text), pieces, starts, ends)
    return MappedText("".join(pieces), text, tuple(starts), tuple(ends))


def _fix_run(run: str) -> str:
    # ftfy may decline the whole run when a trailing character belongs to the next word;
    # shrink the run from the right until it decodes.
    for size in range(len(run), 1, -1):
        fixed = ftfy.fix_encoding(run[:size])
        if fixed != run[:size] and len(fixed) < size:
            return fixed + run[size:]
    if run.startswith("â€"):
        # the closing quote "â€\x9d" often loses its invisible last byte on the way
        return "”" + run[2:]
    return run


def _copy(
    text: str, start: int, end: int, pieces: list[str], starts: list[int], ends: list[int]
) -> None:
    if end > start:
        pieces.append(text[start:end])
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))
