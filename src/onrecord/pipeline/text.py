"""Text normalisation shared by the stages (hashing, matching, name lookups)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans(
    {c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"}
    | {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2039\u203a`"}
)
_SPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower case without accents: ``"Dvořák"`` → ``"dvorak"``."""
    if text.isascii():  # the common case: nothing to decompose, and casefold is lower
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def collapse_space(text: str) -> str:
    """Runs of white space become one space; ends are stripped."""
    return _SPACE_RE.sub(" ", text).strip()


def normalize_for_hash(text: str) -> str:
    """The form of an article's text that two copies of the same article share.

    Unicode NFC, typographic quotes made plain, white space collapsed, so that a
    re-fetch that only re-wraps lines or swaps quote styles is the same content.
    """
    return collapse_space(unicodedata.normalize("NFC", text).translate(_QUOTES))


def content_hash(text: str) -> str:
    """SHA-256 hex digest of :func:`normalize_for_hash`."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def normalize_statement(text: str) -> str:
    """A statement reduced for matching: folded, no punctuation or quote marks, single spaces."""
    return collapse_space(_NON_WORD_RE.sub(" ", fold(text)))
