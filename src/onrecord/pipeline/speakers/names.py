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


def is_role_noun(name: str) -> bool:
    """Whether ``name`` is a description rather than a name ("the finance minister")."""
    words = normalize_name(name).split()
    return bool(words) and words[0] in {"the", "a", "an"}


def normalize_title(title: str) -> str:
    """A role title as a lookup key without articles: ``"The Minister"`` → ``"minister"``."""
    words = normalize_name(title).split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)
