"""Text analysis for stance: tokens with exact offsets, polar cues, clause polarity, axes.

Pure functions over one statement; :mod:`onrecord.pipeline.match.stance` compares two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from onrecord.pipeline.match import lexicon as lx
from onrecord.pipeline.text import fold

__all__ = [
    "NUMBER_RE",
    "Cue",
    "Span",
    "Token",
    "axis_positions",
    "clause_polarity",
    "clause_signs",
    "content_words",
    "find_cues",
    "negated",
    "target_stances",
    "tokenize",
]

Span = tuple[int, int]

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?(?!\w)|[^\W_]+(?:['’][^\W_]+)*")
_CLAUSE_GAP_RE = re.compile(r"[,;:.!?()\[\]—–]|\s-\s")
NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*%?$")
_NAME_RE = re.compile(r"^[A-ZÀ-Þ]")
_MULTIWORD_STARTS = frozenset(key[0] for key in lx.MULTIWORD)


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number: its text, character offsets, folded form and stem."""

    text: str
    start: int
    end: int
    norm: str
    stem: str
    clause: int


@dataclass(frozen=True, slots=True)
class Cue:
    """A polar item: a negator, a direction word or an evaluative word, with its sign."""

    kind: Literal["negator", "direction", "evaluation"]
    sign: int
    first: int
    last: int


# --- Tokens and cues --------------------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    """Words and numbers with exact offsets; ``clause`` counts clause breaks before each token."""
    tokens: list[Token] = []
    clause = 0
    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        norm, stem = _forms(raw)
        if tokens and (
            _CLAUSE_GAP_RE.search(text, previous_end, match.start()) or norm in lx.SCOPE_BREAKERS
        ):
            clause += 1
        tokens.append(Token(raw, match.start(), match.end(), norm, stem, clause))
        previous_end = match.end()
    return tokens


@functools.lru_cache(maxsize=65536)
def _forms(raw: str) -> tuple[str, str]:
    """Folded form and stem of a word (cached: statements reuse a small vocabulary)."""
    norm = fold(raw).replace("’", "'")
    return norm, lx.stem(norm)


def find_cues(tokens: Sequence[Token]) -> list[Cue]:
    """Negators, direction words (also multi-word, "phase out") and evaluative words, in order."""
    cues: list[Cue] = []
    i = 0
    while i < len(tokens):
        matched = _multiword_at(tokens, i)
        if matched:
            length, sign = matched
            cues.append(Cue("direction", sign, i, i + length - 1))
            i += length
            continue
        norm = tokens[i].norm
        if norm == "without" and _next_norm(tokens, i) in lx.NOT_NEGATED_AFTER_WITHOUT:
            pass  # "without exception" stresses, it does not negate
        elif (norm, _next_norm(tokens, i)) in lx.NOT_CUES:
            pass  # "close to home" is near, not shut
        elif norm in lx.NEGATORS or norm.endswith("n't"):
            cues.append(Cue("negator", -1, i, i))
        elif norm in lx.DIRECTION:
            cues.append(Cue("direction", lx.DIRECTION[norm], i, i))
        elif norm in lx.EVALUATION:
            cues.append(Cue("evaluation", lx.EVALUATION[norm], i, i))
        i += 1
    return cues


def _next_norm(tokens: Sequence[Token], i: int) -> str:
    return tokens[i + 1].norm if i + 1 < len(tokens) else ""


def _multiword_at(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    if tokens[i].norm not in _MULTIWORD_STARTS:
        return None
    for length in (4, 3, 2):
        key = tuple(t.norm for t in tokens[i : i + length])
        if len(key) == length and key in lx.MULTIWORD:
            return length, lx.MULTIWORD[key]
    return None


def clause_signs(tokens: Sequence[Token], cues: Sequence[Cue]) -> dict[int, int]:
    """Each clause's polarity: the product of its cues' signs (clauses without cues are absent).

    Signs multiply ("not" x "raise" = against; "oppose" x "cuts" = for), except that a run of
    evaluative words of one sign counts once ("a dangerous, costly mistake"). A clause whose only
    cues are negators is against what it names ("should not spend money on solar panels"),
    unless it names nothing: "never, never" is emphasis and is left out.
    """
    by_clause: dict[int, list[Cue]] = {}
    for cue in cues:
        by_clause.setdefault(tokens[cue.first].clause, []).append(cue)
    signs: dict[int, int] = {}
    for clause, clause_cues in by_clause.items():
        if all(cue.kind == "negator" for cue in clause_cues) and not _has_content(tokens, clause):
            continue
        product = 1
        previous: Cue | None = None
        for cue in clause_cues:
            same_run = (
                previous is not None
                and previous.kind == cue.kind == "evaluation"
                and previous.sign == cue.sign
            )
            if not same_run:
                product *= cue.sign
            previous = cue
        signs[clause] = product
    return signs


def _has_content(tokens: Sequence[Token], clause: int) -> bool:
    """Whether a clause names something (a word that is not a function, negation or generic
    political word)."""
    return any(t.clause == clause and _is_content(t) for t in tokens)


def clause_polarity(tokens: Sequence[Token], cues: Sequence[Cue]) -> int:
    """The statement's overall polarity, -1, 0 or +1: the sign of its clauses' sum."""
    total = sum(clause_signs(tokens, cues).values())
    return (total > 0) - (total < 0)


def axis_positions(tokens: Sequence[Token], cues: Sequence[Cue]) -> dict[str, tuple[int, Span]]:
    """Where the statement stands on each policy axis it touches: sign and token range.

    Each axis word adds its orientation times its clause's sign; a clause without cues endorses
    what it names ("free daycare for all families"), so it counts +1.
    """
    signs = clause_signs(tokens, cues)
    scores: dict[str, int] = {}
    where: dict[str, tuple[int, int]] = {}
    i = 0
    while i < len(tokens):
        length, hits = _axis_words_at(tokens, i)
        for axis, orientation in hits:
            scores[axis] = scores.get(axis, 0) + orientation * signs.get(tokens[i].clause, 1)
            first, last = where.get(axis, (i, i))
            where[axis] = (min(first, i), max(last, i + length - 1))
        i += length
    return {axis: ((v > 0) - (v < 0), where[axis]) for axis, v in scores.items()}


def _axis_words_at(tokens: Sequence[Token], i: int) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The longest axis entry starting at token ``i`` (three words down to one)."""
    for length in (3, 2, 1):
        if i + length <= len(tokens):
            hits = lx.AXIS_WORDS.get(tuple(t.stem for t in tokens[i : i + length]))
            if hits:
                return length, hits
    return 1, ()


def negated(tokens: Sequence[Token], cues: Sequence[Cue], index: int) -> bool:
    """Whether token ``index`` lies in the scope of an odd number of negators."""
    flips = 0
    for cue in cues:
        if cue.kind != "negator" or cue.first >= index:
            continue
        in_reach = index - cue.first <= lx.NEGATION_MAX_SCOPE
        if in_reach and tokens[cue.first].clause == tokens[index].clause:
            flips += 1
    return flips % 2 == 1


def target_stances(
    tokens: Sequence[Token], cues: Sequence[Cue]
) -> dict[str, tuple[int, list[int]]]:
    """The statement's stance toward each thing it names: sign and the token indices that
    carry it.

    A content word (synonyms folded to one stem) takes the polarity of its clause ("not raise
    *taxes*": against taxes). A word in a clause without polar cues is only mentioned, not
    judged, and is left out. The carriers are the clause's cues.
    """
    signs = clause_signs(tokens, cues)
    cue_tokens: dict[int, list[int]] = {}
    for cue in cues:
        cue_tokens.setdefault(tokens[cue.first].clause, []).extend(range(cue.first, cue.last + 1))
    totals: dict[str, int] = {}
    carriers: dict[str, list[int]] = {}
    for tok in tokens:
        if not _is_content(tok):
            continue
        if tok.clause not in signs:
            continue  # named without a polar cue: mentioned, not judged
        key = lx.canonical(tok.stem)
        totals[key] = totals.get(key, 0) + signs[tok.clause]
        carriers.setdefault(key, []).extend(cue_tokens[tok.clause])
    return {
        key: ((total > 0) - (total < 0), sorted(set(carriers[key])))
        for key, total in totals.items()
    }


def _is_content(tok: Token) -> bool:
    norm = tok.norm
    if norm in lx.STOPWORDS or norm in lx.NEGATORS or len(norm) < 2 or NUMBER_RE.match(norm):
        return False
    return norm not in lx.EVALUATION and norm not in lx.DIRECTION and norm not in lx.GENERIC_WORDS


# --- Topic ------------------------------------------------------------------------------------


def content_words(tokens: Sequence[Token]) -> dict[str, float]:
    """Content stems with their weights: stance words and stopwords are not topic words."""
    weights: dict[str, float] = {}
    for k, tok in enumerate(tokens):
        norm = tok.norm
        if norm in lx.STOPWORDS or norm in lx.NEGATORS or (len(norm) < 2 and not norm.isdigit()):
            continue
        if norm in lx.EVALUATION or norm in lx.DIRECTION:
            continue
        if NUMBER_RE.match(norm):
            weight = 1.2
        elif norm in lx.GENERIC_WORDS:
            weight = 0.35
        elif norm in lx.COMMON_WORDS and not (k > 0 and _NAME_RE.match(tok.text)):
            weight = 0.6
        elif k > 0 and _NAME_RE.match(tok.text):
            weight = 1.5
        else:
            weight = 1.0
        key = lx.canonical(tok.stem)
        weights[key] = max(weights.get(key, 0.0), weight)
    return weights
