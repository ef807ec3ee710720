"""Pure functions on speaker names: normalising, titles, slugs."""

from __future__ import annotations

import re

from onrecord.pipeline.text import collapse_space, fold

# Honorifics and titles that may stand before a name ("President Vladimir Putin").
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady rev gen col maj capt lt sgt sen rep gov
    president vice prime minister secretary senator representative governor mayor
    chancellor premier deputy foreign finance interior defence defense justice health
    economy economic state chief spokesman spokeswoman spokesperson speaker leader chairman
    chairwoman chair general former acting ambassador commissioner judge king queen prince
    princess congressman congresswoman candidate councillor councilor attorney minority
    majority house the
    """.split()
)
_PUNCT_RE = re.compile(r"[^\w\s'-]")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def normalize_name(name: str) -> str:
    """Folded name with punctuation removed and white space collapsed: the alias lookup key."""
    return collapse_space(_PUNCT_RE.sub(" ", fold(name)).replace("'", "").replace("-", " "))


def strip_titles(name: str) -> str:
    """The name without leading titles: ``"President Vladimir Putin"`` → ``"Vladimir Putin"``.

    Only capitalised leading words that are titles, or adjectives of nationality
    right before a title, are removed; a bare title is returned unchanged.
    """
    words = collapse_space(name).split(" ")
    i = 0
    while i < len(words) - 1:
        key = fold(words[i]).strip(".,")
        nxt = fold(words[i + 1]).strip(".,")
        if key in TITLE_WORDS or (words[i][:1].isupper() and nxt in TITLE_WORDS):
            i += 1
            continue
        break
    rest = words[i:]
    return " ".join(rest) if rest else name


def surname(name: str) -> str:
    """The last word of a person's name (the usual short form in print)."""
    parts = strip_titles(name).split()
    return parts[-1] if parts else name


def slugify(name: str) -> str:
    """A URL slug: ``"Anna Varga"`` → ``"anna-varga"``."""
    return _SLUG_RE.sub("-", fold(name)).strip("-")[:190] or "speaker"


#: Lower-case words allowed inside a proper name ("Ministry of Finance", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    "of the for and on in de del della der di da du van von den ter le la al el bin ibn y e".split()
)
_WORD_RE = re.compile(r"[\w’'.-]+")


def looks_like_name(name: str) -> bool:
    """Whether ``name`` reads as a proper name rather than a description.

    Every word must be capitalised (or a particle such as "of" or "van"), the
    first word must not be a determiner ("his office", "the channel"), and it
    must be short; so "Valdorian Statistics Office" passes while "Government
    officials" and "its chairwoman" do not.
    """
    words = _WORD_RE.findall(name)
    if not words or len(words) > 7:
        return False
    if fold(words[0]) in DETERMINERS:
        return False
    capitalised = 0
    for word in words:
        if word[:1].isupper() or word[:1].isdigit():
            capitalised += 1
        elif word.lower() not in NAME_PARTICLES:
            return False
    return capitalised > 0


#: Words that open a description, never a name.
DETERMINERS = frozenset(
    "the a an his her its their our my your this that these those some several many".split()
)


def without_article(name: str) -> str:
    """``name`` without a leading "the"/"a"/"an": "the Kremlin" → "Kremlin"."""
    words = collapse_space(name).split(" ")
    if len(words) > 1 and fold(words[0]) in {"the", "a", "an"}:
        return " ".join(words[1:])
    return collapse_space(name)


def is_description(name: str) -> bool:
    """Whether ``name`` describes rather than names: no capitalised word once a leading
    article is dropped, or it opens with a possessive ("the finance minister",
    "finance minister", "its chairwoman"; not "the Kremlin")."""
    words = _WORD_RE.findall(name)
    if not words:
        return False
    if fold(words[0]) in DETERMINERS - {"the", "a", "an"}:
        return True
    rest = words[1:] if fold(words[0]) in {"the", "a", "an"} else words
    return not any(w[:1].isupper() for w in rest)


def is_role_noun(name: str) -> bool:
    """Whether ``name`` is a description rather than a name (see :func:`is_description`)."""
    return is_description(name)


def normalize_title(title: str) -> str:
    """A role title as a lookup key without articles: ``"The Minister"`` → ``"minister"``."""
    words = normalize_name(title).split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)
