"""Quote-mark scanning: find quoted spans in a text, whatever the quotation style.

Double-quote styles (straight, curly, „“, «», two apostrophes, ``…'') are paired first; single
quotes (‘…’, British '…', ‚‘) are then paired only outside double quotes, so a nested quote stays
part of its outer quote. A quote left open at the end of a paragraph continues when the next
paragraph opens with a quote mark (the newspaper convention for long quotes), and such pieces share
a group number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_MARK = re.compile(r"``|''|[\"“”„«»‹›]")
_SINGLE_MARK = re.compile(r"[‘’‚']")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPENERS_BEFORE = frozenset(' \t\n([{—–-/:;“"«„')
_CLOSERS_AFTER = frozenset(' \t\n)]}.,;:!?—–-"”»…')
# elisions that start with an apostrophe: 'em, 'til, 'cause, '90s
_ELISION = re.compile(r"(?:em|til|cause|n|bout|tis|twas|\d\d)s?\b", re.IGNORECASE)

OPEN, CLOSE, EITHER = 1, 2, 3


@dataclass(frozen=True, slots=True)
class Quote:
    """One quoted piece: marks included in [start, end); [inner_start, inner_end) without them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    group: int  # pieces of one multi-paragraph quote share it
    single: bool  # single-quote style (‘…’ or '…')


def find_quotes(text: str) -> list[Quote]:
    """Return the quoted pieces of ``text`` sorted by start."""
    quotes = _pair_doubles(text)
    quotes.extend(_pair_singles(text, quotes, len(quotes)))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _double_role(text: str, pos: int, mark: str, is_open: bool, opener: str) -> int:
    if mark in "“«‹„``":
        # German „…“ closes with the mark English uses to open; typos put “ at the end too
        if mark == "“" and is_open:
            nxt = text[pos + 1 : pos + 2]
            if opener == "„" or (not text[pos - 1 : pos].isspace() and not nxt.isalnum()):
                return CLOSE
        return OPEN
    if mark in "”»›":
        return CLOSE
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if not is_open:
        return OPEN if not after.isspace() else EITHER
    if before.isspace() and after.isalnum():
        return EITHER  # looks like an opener although one is open: let the caller decide
    return CLOSE


def _straight(mark: str) -> bool:
    return mark in ('"', "''", "``")


def _pair_doubles(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    group = 0
    carried: tuple[int, str] | None = None  # open quote carried from the previous paragraph
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        open_at: tuple[int, str] | None = None
        first = True
        nested = 0
        for m in _DOUBLE_MARK.finditer(text, p_start, p_end):
            mark = m.group()
            at_para_start = first and not text[p_start : m.start()].strip()
            first = False
            if open_at is not None and _straight(open_at[1]) != _straight(mark):
                # the other family inside an open quote: a nested quote, or a sloppy closing mark
                after = text[m.end() : m.end() + 1]
                if mark in "“«„``" or (mark in "\"''" and after.isalnum()):
                    nested += 1
                    continue
                if nested:
                    nested -= 1
                    continue
            role = _double_role(
                text, m.start(), mark, open_at is not None, open_at[1] if open_at else ""
            )
            if open_at is None:
                if role == CLOSE or (role == EITHER and not at_para_start):
                    continue  # a stray closing mark
                if carried is not None and at_para_start:
                    pass  # continuation of a multi-paragraph quote keeps the group
                else:
                    group += 1
                carried = None
                open_at = (m.start(), mark)
                nested = 0
            elif role in (CLOSE, EITHER):
                quotes.append(
                    Quote(
                        open_at[0],
                        m.end(),
                        open_at[0] + len(open_at[1]),
                        m.start(),
                        True,
                        group,
                        False,
                    )
                )
                open_at = None
            else:
                open_at = (m.start(), mark)  # a missing closing mark: restart here
        if carried is not None:
            carried = None
        if open_at is not None:
            end = len(text[p_start:p_end].rstrip()) + p_start
            if end - open_at[0] > 12:
                quotes.append(
                    Quote(open_at[0], end, open_at[0] + len(open_at[1]), end, False, group, False)
                )
                carried = open_at
    return quotes


def _inside(pos: int, spans: list[Quote]) -> bool:
    return any(q.start <= pos < q.end for q in spans)


def _pair_singles(text: str, doubles: list[Quote], group: int) -> list[Quote]:
    if "'" not in text and "‘" not in text and "‚" not in text:
        return []
    out: list[Quote] = []
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        open_at: int | None = None
        for m in _SINGLE_MARK.finditer(text, p_start, p_end):
            pos = m.start()
            if (
                _inside(pos, doubles)
                or text[pos : pos + 2] == "''"
                or text[pos - 1 : pos + 1] == "''"
            ):
                continue
            before = text[pos - 1] if pos > p_start else " "
            after = text[pos + 1] if pos + 1 < p_end else " "
            if open_at is None:
                if (
                    m.group() != "’"
                    and before in _OPENERS_BEFORE
                    and (after.isalnum() or after in '“"')
                    and not _ELISION.match(text, pos + 1)
                ):
                    open_at = pos
            elif (
                before.strip() and not after.isalnum() and (after in _CLOSERS_AFTER or after == "'")
            ):
                if before == "s" and after == " " and text[pos + 2 : pos + 3].islower():
                    continue  # voters’ rights: a plural possessive, not the end of the quote
                if m.group() == "‚" or (m.group() == "‘" and text[open_at] != "‚"):
                    continue  # ‘ closes only the German ‚…‘
                group += 1
                out.append(Quote(open_at, pos + 1, open_at + 1, pos, True, group, True))
                open_at = None
    return out


_TITLE_SMALL = frozenset("a an and at by for in of on or the to with from".split())
_TITLE_CONTEXT = re.compile(
    r"(?:\b(?:on|in|at|of|from|to|for|with|the|read|titled|called|named|book|show|film|movie|song|"
    r"album|series|program|programme|headline|documentary|column|essay|play|slogan|wrote|"
    r"dubbed|nicknamed|authored),?|[’']s)\s*$"
)
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'&.-]*|\d+")


def looks_like_title(text: str, quote: Quote) -> bool:
    """A short quote in Title Case after "on", "of", "titled" …: a show, book or slogan name."""
    words = _TITLE_WORD.findall(text, quote.inner_start, quote.inner_end)
    if not words or len(words) > 8:
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words):
        return False
    return bool(_TITLE_CONTEXT.search(text, max(0, quote.start - 12), quote.start))
