"""Anchors: the names, places, numbers and years that pin a statement to facts.

Two statements can share most of their words and still be about different
things: "North Korea tested a missile in 2017" and "South Korea tested a
missile in 2019". Anchors make that difference visible to the guards: a link
is confirmed automatically only when the statements share an anchor and no
anchor conflicts (same head word with a different qualifier, disjoint years,
disjoint numbers).

Names are found from capitalisation in the original text, so this works
without a language model; it finds "North Korea", "Affordable Care Act" and
"Donald Trump", and ignores a capitalised first word that is a function word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.pipeline.match.normalize import STOPWORDS, matching_text
from onrecord.pipeline.match.normalize import fast_fold as fold

_NAME_RE = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:of|the|de|del|von|van|and|for)?\s*[A-Z][\w'’.-]*)*"
)
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s*)[\s\"'“‘(\[-]*$")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_NUMBER_RE = re.compile(r"\b\d+(?:point\d+)?\b")
#: Capitalised words that are not names: months and days are dates, titles are roles.
_NOT_NAMES = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr says said
    """.split()
)
#: Numbers too common in speech to identify anything ("one of", "two sides").
_WEAK_NUMBERS = frozenset({"0", "1", "2", "one", "two"})


@dataclass(frozen=True, slots=True)
class Anchors:
    """The anchors of one text, each set in a comparable (folded) form."""

    names: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        """How many anchors there are in all."""
        return len(self.names) + len(self.years) + len(self.numbers)


@dataclass(frozen=True, slots=True)
class AnchorComparison:
    """What two texts' anchors have in common and where they disagree."""

    shared: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def agree(self) -> bool:
        """At least one shared anchor and no conflict."""
        return bool(self.shared) and not self.conflicts


def _clean_name(raw: str) -> str | None:
    words = [w.strip(".'’-") for w in fold(raw).split()]
    while words and (words[0] in STOPWORDS or words[0] in _NOT_NAMES):
        words.pop(0)
    while words and (words[-1] in STOPWORDS or words[-1] in _NOT_NAMES):
        words.pop()
    words = [w for w in words if w]
    if not words or all(w.isdigit() for w in words):
        return None
    return " ".join(words)


def extract_anchors(text: str) -> Anchors:
    """The names, years and numbers in ``text`` (original casing needed for names)."""
    names = set()
    for match in _NAME_RE.finditer(text):
        name = _clean_name(match.group(0))
        if name is None:
            continue
        # A lone capitalised word that opens a sentence is usually just a word
        # ("Unemployment fell"); a run of two or more is a name either way.
        if " " not in name and _SENTENCE_START_RE.search(text[: match.start()]):
            continue
        names.add(name)
    years = {m.group(1) for m in _YEAR_RE.finditer(text)}
    numbers = {
        m.group(0)
        for m in _NUMBER_RE.finditer(matching_text(text))
        if m.group(0) not in years and m.group(0) not in _WEAK_NUMBERS
    }
    return Anchors(frozenset(names), frozenset(years), frozenset(numbers))


def _compatible(a: str, b: str) -> bool:
    """Whether two names can denote the same thing: one's words contain the other's."""
    wa, wb = a.split(), b.split()
    return set(wa) <= set(wb) or set(wb) <= set(wa)


def _name_conflicts(a: frozenset[str], b: frozenset[str]) -> list[str]:
    """Heads (last words) named in both texts, but never compatibly: north korea / south korea."""
    conflicts = []
    heads_a: dict[str, list[str]] = {}
    for name in a:
        heads_a.setdefault(name.split()[-1], []).append(name)
    heads_b: dict[str, list[str]] = {}
    for name in b:
        heads_b.setdefault(name.split()[-1], []).append(name)
    for head in sorted(heads_a.keys() & heads_b.keys()):
        pairs = [(x, y) for x in heads_a[head] for y in heads_b[head]]
        if not any(_compatible(x, y) for x, y in pairs):
            conflicts.append(f"{'/'.join(sorted(heads_a[head]))} vs {'/'.join(heads_b[head])}")
    return conflicts


def compare_anchors(a: Anchors, b: Anchors) -> AnchorComparison:
    """Shared anchors and conflicts between two texts (order does not matter for ``agree``)."""
    shared: list[str] = []
    for x in sorted(a.names):
        if any(_compatible(x, y) for y in b.names):
            shared.append(x)
    shared += sorted(a.years & b.years)
    shared += sorted(a.numbers & b.numbers)
    conflicts = _name_conflicts(a.names, b.names)
    if a.years and b.years and not a.years & b.years:
        conflicts.append(f"years {'/'.join(sorted(a.years))} vs {'/'.join(sorted(b.years))}")
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        conflicts.append(f"numbers {'/'.join(sorted(a.numbers))} vs {'/'.join(sorted(b.numbers))}")
    return AnchorComparison(tuple(shared), tuple(conflicts))
