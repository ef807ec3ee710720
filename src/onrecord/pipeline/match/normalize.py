"""Text forms for matching: one comparable form for rapidfuzz, and search terms for the index.

Two statements that say the same thing often differ in surface form only:
case, quote marks, punctuation, "four percent" vs "4%", "$4,300" vs "4300
dollars". :func:`matching_text` removes those differences so that rapidfuzz
compares words, and :func:`search_terms` turns a statement into the terms of
an OR query for the full-text index (stopwords out, numbers in both spellings).

Everything here is pure and works on plain strings.
"""

from __future__ import annotations

import re
import unicodedata

from onrecord.pipeline.text import collapse_space, fold

_NON_WORD_RE = re.compile(r"[^\w\s]")

#: Function words that carry no topic. Kept short on purpose: words like "not",
#: "no", "never" and "must" are stance words and stay searchable and comparable.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just let me more most my myself nor now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves says said say saying stated claims claim according
    going get got gonna know think really thing things lot well yes okay ok mr mrs ms
    """.split()
)

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_WORD_FOR = {value: word for word, value in _UNITS.items()}
_NUMBER_WORDS = frozenset([*_UNITS, "hundred"])

#: Links, picture links and @handles in social-media posts: they name no claim,
#: and as search terms ("pic", "twitter", "com") they only add noise.
_LINK_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|(?<!\w)@\w+")
_PERCENT_RE = re.compile(r"(\d)\s*%")
_DOLLAR_RE = re.compile(r"\$\s*(\d[\d,.]*)")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}\b)")
_DECIMAL_RE = re.compile(r"(?<=\d)\.(?=\d)")
_ORDINAL_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def _pre_symbols(text: str) -> str:
    """Spell out the symbols that carry meaning before punctuation is dropped."""
    text = _THOUSANDS_RE.sub("", text)  # "4,300" -> "4300", so it stays one number
    text = _DECIMAL_RE.sub("point", text)  # "2.5" -> "2point5", one token, never "2 5"
    text = _PERCENT_RE.sub(r"\1 percent", text)
    text = _DOLLAR_RE.sub(r"\1 dollars", text)
    return _ORDINAL_RE.sub(r"\1", text)


def fast_fold(text: str) -> str:
    """:func:`onrecord.pipeline.text.fold`, with fast paths when NFKD leaves plain ASCII.

    Matching folds every candidate of every query, and the general version
    walks the text character by character in Python.
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.casefold() if decomposed.isascii() else fold(text)


#: Typographic punctuation that is not a word character either way: spaces
#: before folding, so that text with curly quotes takes the fast ASCII path.
_TYPOGRAPHIC = str.maketrans({c: " " for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0"})


def normalize_statement(text: str) -> str:
    """Exactly :func:`onrecord.pipeline.text.normalize_statement` (the indexed form), faster."""
    return collapse_space(_NON_WORD_RE.sub(" ", fast_fold(text.translate(_TYPOGRAPHIC))))


def numbers_to_digits(tokens: list[str]) -> list[str]:
    """Replace runs of number words by digits: ``["twenty", "three", "percent"]`` → ``["23", ...]``.

    "thousand", "million" and "billion" stay words, because digits are written
    with them too ("23 million"); "one" alone stays a word ("one of the", "no
    one"), since it is far more often a pronoun than a quantity.
    """
    if _NUMBER_WORDS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j, current = i, 0
        while j < len(tokens) and (tokens[j] in _UNITS or tokens[j] == "hundred"):
            current = (
                max(current, 1) * 100 if tokens[j] == "hundred" else current + _UNITS[tokens[j]]
            )
            j += 1
            if j < len(tokens) - 1 and tokens[j] == "and" and tokens[j + 1] in _UNITS:
                j += 1  # "two hundred and five"
        if j == i:
            out.append(tokens[i])
            i += 1
            continue
        out.append("one" if j == i + 1 and tokens[i] == "one" else str(current))
        i = j
    return out


def matching_text(text: str) -> str:
    """The form two statements are compared in: folded, numbers as digits, no punctuation.

    >>> matching_text("Unemployment fell “four percent” to $4,300!")
    'unemployment fell 4 percent to 4300 dollars'
    """
    text = _LINK_RE.sub(" ", text)
    tokens = normalize_statement(_pre_symbols(fast_fold(text.translate(_TYPOGRAPHIC)))).split()
    return " ".join(numbers_to_digits(tokens))


def content_words(text: str) -> list[str]:
    """The words of :func:`matching_text` that are not stopwords, in order."""
    return [t for t in matching_text(text).split() if t not in STOPWORDS]


def word_count(text: str) -> int:
    """Number of words as people count them (for the "short statement" guard)."""
    return len(collapse_space(normalize_statement(text)).split())


def search_terms(text: str, *, limit: int = 24) -> list[str]:
    """Distinct terms for an OR query against the index, both number spellings included.

    The index holds ``normalize_statement`` text (numbers as written), so a
    number is searched as digits and, when small, as its word too; the longest
    words come first when the query must be cut to ``limit`` terms, because
    long words are rarer and cheaper to search.
    """
    seen: dict[str, None] = {}
    for token in normalize_statement(_LINK_RE.sub(" ", text)).split() + content_words(text):
        if token in STOPWORDS or (len(token) < 2 and not token.isdigit()):
            continue
        seen.setdefault(token, None)
        if token.isdigit() and int(token) in _WORD_FOR and int(token) > 1:
            seen.setdefault(_WORD_FOR[int(token)], None)
        elif token in _UNITS and _UNITS[token] > 1:
            seen.setdefault(str(_UNITS[token]), None)
    terms = list(seen)
    if len(terms) > limit:
        keep = set(sorted(terms, key=len, reverse=True)[:limit])
        terms = [t for t in terms if t in keep]
    return terms
