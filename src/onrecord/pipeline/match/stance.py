"""Stance-change analysis of two statements: same topic? and if so, did the stance flip?

Pure functions, text in and a :class:`StanceResult` out. The method (docs/stance.md):

* **topic_score**: content-word overlap on light stems (generic political words count less,
  numbers and names more), shared subject domains, and rapidfuzz token_set_ratio on the stems.
* **contrast_score**: a logistic combination, with weights set by hand, of signals that the
  stance flipped: the statements' overall polarity (a product of the signs of negators,
  direction words and evaluative words in each clause) disagreeing, an unmatched negation, an
  antonym pair across the texts, evaluative words of opposite sign, obligation against choice or
  a negated modal, "only" against "all", and numbers that disagree.
* **explanation**: the two texts aligned token by token (difflib), and every signal with the
  character spans that carry it in each text and a one-line description.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

from onrecord.pipeline.match import lexicon as lx
from onrecord.pipeline.text import fold

__all__ = [
    "AlignedSegment",
    "Explanation",
    "Relation",
    "Signal",
    "SignalKind",
    "StanceResult",
    "analyse_pair",
    "contrast_features",
    "topic_similarity",
]

Relation = Literal["unrelated", "consistent", "reversal"]
SignalKind = Literal[
    "negation", "evaluation", "modality", "antonym", "number", "quantifier", "direction"
]
Span = tuple[int, int]

# Below TOPIC_THRESHOLD a pair is unrelated; at or above CONTRAST_THRESHOLD a related pair is a
# reversal. Set by hand on our own pairs (tests/pipeline/match/stance_pairs.csv), not on dev.
TOPIC_THRESHOLD = 0.22
CONTRAST_THRESHOLD = 0.5

# Log-odds each signal adds to the contrast score (0 = no evidence = 0.5).
WEIGHTS: dict[str, float] = {
    "bias": 0.0,
    "polarity_flip": 1.2,
    "polarity_agree": -0.8,
    "negation": 1.0,
    "antonym": 1.0,
    "evaluation": 0.8,
    "modality": 0.9,
    "quantifier": 0.6,
    "number": 1.0,
}

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*%?(?!\w)|[^\W_]+(?:['’][^\W_]+)*")
_CLAUSE_GAP_RE = re.compile(r"[,;:.!?()\[\]—–]|\s-\s")
_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*%?$")
_NAME_RE = re.compile(r"^[A-ZÀ-Þ]")
_SUMMARY_LIMIT = 3


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


@dataclass(frozen=True, slots=True)
class AlignedSegment:
    """One difflib opcode over tokens, as character spans of each text (empty for inserts)."""

    op: Literal["equal", "replace", "insert", "delete"]
    a: Span
    b: Span

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"op": self.op, "a": list(self.a), "b": list(self.b)}


@dataclass(frozen=True, slots=True)
class Signal:
    """Evidence that the stance flipped, with the spans that carry it in each text.

    ``weight`` is the log-odds it added to the contrast score (0 when another signal cancelled
    it, as "will not raise" and "will lower" do).
    """

    kind: SignalKind
    description: str
    spans_a: tuple[Span, ...]
    spans_b: tuple[Span, ...]
    weight: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "description": self.description,
            "spans_a": [list(s) for s in self.spans_a],
            "spans_b": [list(s) for s in self.spans_b],
            "weight": round(self.weight, 3),
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """Both texts, their token alignment and the signals that fired; offsets index the texts."""

    text_a: str
    text_b: str
    alignment: tuple[AlignedSegment, ...]
    signals: tuple[Signal, ...]
    polarity_a: int = 0
    polarity_b: int = 0

    def summary(self) -> str:
        """One line for people: the counted signals' descriptions, or why there are none."""
        counted = [s.description for s in self.signals if s.weight > 0]
        if not counted:
            return "no contrast signal"
        return "; ".join(counted[:_SUMMARY_LIMIT])

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "text_a": self.text_a,
            "text_b": self.text_b,
            "polarity_a": self.polarity_a,
            "polarity_b": self.polarity_b,
            "alignment": [seg.to_dict() for seg in self.alignment],
            "signals": [sig.to_dict() for sig in self.signals],
            "summary": self.summary(),
        }


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The verdict on a pair of statements."""

    relation: Relation
    topic_score: float
    contrast_score: float
    explanation: Explanation

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "relation": self.relation,
            "topic_score": round(self.topic_score, 4),
            "contrast_score": round(self.contrast_score, 4),
            "explanation": self.explanation.to_dict(),
        }


@dataclass(slots=True)
class _Text:
    """A tokenised statement with its polar cues and the tokens difflib left unmatched."""

    text: str
    tokens: list[Token]
    cues: list[Cue]
    unmatched: set[int] = field(default_factory=set)

    def span(self, first: int, last: int) -> Span:
        return (self.tokens[first].start, self.tokens[last].end)

    def words(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]


# --- Tokens and cues --------------------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    """Words and numbers with exact offsets; ``clause`` counts clause breaks before each token."""
    tokens: list[Token] = []
    clause = 0
    previous_end = 0
    for match in _TOKEN_RE.finditer(text):
        raw = match.group()
        norm = fold(raw).replace("’", "'")
        if tokens and (
            _CLAUSE_GAP_RE.search(text, previous_end, match.start()) or norm in lx.SCOPE_BREAKERS
        ):
            clause += 1
        tokens.append(Token(raw, match.start(), match.end(), norm, lx.stem(norm), clause))
        previous_end = match.end()
    return tokens


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
        if norm in lx.NEGATORS or norm.endswith("n't"):
            cues.append(Cue("negator", -1, i, i))
        elif norm in lx.DIRECTION:
            cues.append(Cue("direction", lx.DIRECTION[norm], i, i))
        elif norm in lx.EVALUATION:
            cues.append(Cue("evaluation", lx.EVALUATION[norm], i, i))
        i += 1
    return cues


def _multiword_at(tokens: Sequence[Token], i: int) -> tuple[int, int] | None:
    for length in (4, 3, 2):
        key = tuple(t.norm for t in tokens[i : i + length])
        if len(key) == length and key in lx.MULTIWORD:
            return length, lx.MULTIWORD[key]
    return None


def clause_polarity(tokens: Sequence[Token], cues: Sequence[Cue]) -> int:
    """The statement's overall polarity: -1, 0 or +1.

    In each clause the signs of its cues multiply ("not" x "raise" = against; "oppose" x "cuts"
    = for), except that a run of evaluative words of one sign counts once ("a dangerous,
    costly mistake"). The clauses' results are summed and the sign returned.
    """
    total = 0
    by_clause: dict[int, list[Cue]] = {}
    for cue in cues:
        by_clause.setdefault(tokens[cue.first].clause, []).append(cue)
    for clause_cues in by_clause.values():
        if all(cue.kind == "negator" for cue in clause_cues):
            continue  # "never, never": emphasis, not a stance of its own
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
        total += product
    return (total > 0) - (total < 0)


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


# --- Topic ------------------------------------------------------------------------------------


def _content(tokens: Sequence[Token]) -> dict[str, float]:
    """Content stems with their weights: stance words and stopwords are not topic words."""
    weights: dict[str, float] = {}
    for k, tok in enumerate(tokens):
        norm = tok.norm
        if norm in lx.STOPWORDS or norm in lx.NEGATORS or (len(norm) < 2 and not norm.isdigit()):
            continue
        if norm in lx.EVALUATION or norm in lx.DIRECTION:
            continue
        if _NUMBER_RE.match(norm):
            weight = 1.2
        elif norm in lx.GENERIC_WORDS:
            weight = 0.35
        elif k > 0 and _NAME_RE.match(tok.text):
            weight = 1.5
        else:
            weight = 1.0
        weights[tok.stem] = max(weights.get(tok.stem, 0.0), weight)
    return weights


def _soft_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weight of A's stems found in B, exactly or by a shared prefix of five letters or more."""
    shared = 0.0
    for word, weight in a.items():
        if word in b:
            shared += weight
        elif len(word) >= 5 and any(
            len(other) >= 5 and _common_prefix(word, other) >= 5 for other in b
        ):
            shared += 0.8 * weight
    return shared


def _common_prefix(x: str, y: str) -> int:
    n = 0
    for cx, cy in zip(x, y, strict=False):
        if cx != cy:
            break
        n += 1
    return n


def topic_similarity(tokens_a: Sequence[Token], tokens_b: Sequence[Token]) -> float:
    """Same-topic score in [0, 1] from content overlap, shared domains and token_set_ratio."""
    a, b = _content(tokens_a), _content(tokens_b)
    if not a or not b:
        return 0.0
    total_a, total_b = sum(a.values()), sum(b.values())
    shared = (_soft_overlap(a, b) + _soft_overlap(b, a)) / 2
    overlap = min(1.0, shared / min(total_a, total_b))
    dice = min(1.0, 2 * shared / (total_a + total_b))
    lexical = (overlap + dice) / 2
    domains_a = set().union(*(lx.TOPIC_DOMAINS.get(s, frozenset()) for s in a))
    domains_b = set().union(*(lx.TOPIC_DOMAINS.get(s, frozenset()) for s in b))
    smaller = min(len(domains_a), len(domains_b))
    domain = len(domains_a & domains_b) / smaller if smaller else 0.0
    fuzzy = fuzz.token_set_ratio(" ".join(sorted(a)), " ".join(sorted(b))) / 100
    return max(0.0, min(1.0, 0.6 * lexical + 0.25 * domain + 0.15 * fuzzy))


# --- Alignment --------------------------------------------------------------------------------


def _align(a: _Text, b: _Text) -> tuple[AlignedSegment, ...]:
    """difflib opcodes over folded tokens; records the unmatched token indices of each side."""
    matcher = difflib.SequenceMatcher(
        a=[t.norm for t in a.tokens], b=[t.norm for t in b.tokens], autojunk=False
    )
    segments: list[AlignedSegment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            a.unmatched.update(range(i1, i2))
            b.unmatched.update(range(j1, j2))
        segments.append(AlignedSegment(op, _char_span(a, i1, i2), _char_span(b, j1, j2)))
    return tuple(segments)


def _char_span(side: _Text, first: int, stop: int) -> Span:
    if first < stop:
        return side.span(first, stop - 1)
    position = side.tokens[first - 1].end if first > 0 else 0
    return (position, position)


# --- Signals ----------------------------------------------------------------------------------


def _scope_words(side: _Text, index: int) -> str:
    """The content words a negator at ``index`` governs, for descriptions."""
    clause = side.tokens[index].clause
    words = [
        t.text
        for t in side.tokens[index + 1 : index + 1 + lx.NEGATION_MAX_SCOPE]
        if t.clause == clause and t.norm not in lx.STOPWORDS
    ]
    return " ".join(words[:3])


def _modal_before(side: _Text, index: int) -> int | None:
    """Index of a modal verb just before the negator at ``index`` ("should not", "will never")."""
    for k in (index - 1, index - 2):
        if k >= 0 and side.tokens[k].norm in lx.MODALS:
            return k
    norm = side.tokens[index].norm
    if norm.endswith("n't") and norm[:-3] in lx.MODALS | {"won", "can", "shan", "mustn"}:
        return index
    return None


def _negation_signals(a: _Text, b: _Text) -> list[Signal]:
    """A negator left unmatched on one side flips the statement (odd count difference only)."""
    neg_a = [c.first for c in a.cues if c.kind == "negator" and c.first in a.unmatched]
    neg_b = [c.first for c in b.cues if c.kind == "negator" and c.first in b.unmatched]
    if (len(neg_a) - len(neg_b)) % 2 == 0:
        return []
    side, other, label, carriers = (
        (a, b, "A", neg_a) if len(neg_a) > len(neg_b) else (b, a, "B", neg_b)
    )
    index = carriers[0]
    modal = _modal_before(side, index)
    spans = (side.span(min(index, modal if modal is not None else index), index),)
    other_label = "B" if label == "A" else "A"
    if modal is not None:
        phrase = side.words(min(index, modal), index)
        modal_word = side.tokens[modal].norm.removesuffix("n't")
        matches = [t for t in other.tokens if t.norm == modal_word]
        other_spans = tuple((t.start, t.end) for t in matches[:1])
        text = f"'{phrase}' in text {label} where text {other_label} has '{modal_word}'"
        kind: SignalKind = "modality"
    else:
        other_spans = ()
        scope = _scope_words(side, index)
        text = f"'{side.tokens[index].text}' in text {label} negates '{scope}'"
        text += f" (no negation in text {other_label})"
        kind = "negation"
    if label == "A":
        return [Signal(kind, text, spans, other_spans, WEIGHTS["negation"])]
    return [Signal(kind, text, other_spans, spans, WEIGHTS["negation"])]


def _antonym_signals(a: _Text, b: _Text) -> list[Signal]:
    """A word in one text facing its opposite in the other ("raise" / "cut")."""
    for i in sorted(a.unmatched):
        for j in sorted(b.unmatched):
            wa, wb = a.tokens[i], b.tokens[j]
            if lx.antonym_of(wa.norm, wb.norm):
                text = f"'{wb.text}' in text B is the opposite of '{wa.text}' in text A"
                span_a, span_b = ((wa.start, wa.end),), ((wb.start, wb.end),)
                return [Signal("antonym", text, span_a, span_b, WEIGHTS["antonym"])]
    return []


def _evaluations(side: _Text) -> tuple[int, list[Span], list[str]]:
    """Net sign of the evaluative words (negation applied), their spans and phrases.

    Adjacent evaluative words form one phrase ("fraternal assistance").
    """
    net = 0
    spans: list[Span] = []
    last = -2
    for cue in side.cues:
        if cue.kind != "evaluation":
            continue
        net += -cue.sign if negated(side.tokens, side.cues, cue.first) else cue.sign
        span = side.span(cue.first, cue.last)
        if spans and cue.first == last + 1:
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
        last = cue.last
    phrases = [side.text[s:e] for s, e in spans]
    return (net > 0) - (net < 0), spans, phrases


def _evaluation_signals(a: _Text, b: _Text) -> list[Signal]:
    """Judgements of opposite sign: "a mistake" against "fraternal assistance"."""
    sign_a, spans_a, words_a = _evaluations(a)
    sign_b, spans_b, words_b = _evaluations(b)
    if sign_a * sign_b >= 0:
        return []
    names = {1: "positive", -1: "negative"}
    quoted_a = ", ".join(f"'{w}'" for w in words_a[:_SUMMARY_LIMIT])
    quoted_b = ", ".join(f"'{w}'" for w in words_b[:_SUMMARY_LIMIT])
    text = f"{quoted_b} ({names[sign_b]}) replaces {quoted_a} ({names[sign_a]})"
    return [Signal("evaluation", text, tuple(spans_a), tuple(spans_b), WEIGHTS["evaluation"])]


def _lexical_contrast(
    a: _Text,
    b: _Text,
    left: frozenset[str],
    right: frozenset[str],
    kind: SignalKind,
    names: tuple[str, str],
) -> list[Signal]:
    """A word from ``left`` only in one text and a word from ``right`` only in the other."""
    for first, second, flipped in ((a, b, False), (b, a, True)):
        hit_1 = [i for i in sorted(first.unmatched) if first.tokens[i].norm in left]
        hit_2 = [j for j in sorted(second.unmatched) if second.tokens[j].norm in right]
        if not hit_1 or not hit_2:
            continue
        t1, t2 = first.tokens[hit_1[0]], second.tokens[hit_2[0]]
        s1, s2 = ((t1.start, t1.end),), ((t2.start, t2.end),)
        one, two = ("B", "A") if flipped else ("A", "B")
        text = f"'{t1.text}' ({names[0]}) in text {one} against '{t2.text}' ({names[1]}) in {two}"
        spans_a, spans_b = (s2, s1) if flipped else (s1, s2)
        return [Signal(kind, text, spans_a, spans_b, WEIGHTS[kind])]
    return []


def _numbers(side: _Text) -> dict[str, Token]:
    found: dict[str, Token] = {}
    for tok in side.tokens:
        if _NUMBER_RE.match(tok.norm):
            found.setdefault(tok.norm.replace(",", "").rstrip("%"), tok)
    return found


def _number_signals(a: _Text, b: _Text) -> list[Signal]:
    """Each text has a number the other lacks: "12 euros" against "15 euros"."""
    nums_a, nums_b = _numbers(a), _numbers(b)
    only_a = [v for k, v in nums_a.items() if k not in nums_b]
    only_b = [v for k, v in nums_b.items() if k not in nums_a]
    if not only_a or not only_b:
        return []
    ta, tb = only_a[0], only_b[0]
    text = f"'{tb.text}' in text B disagrees with '{ta.text}' in text A"
    return [Signal("number", text, ((ta.start, ta.end),), ((tb.start, tb.end),), WEIGHTS["number"])]


def _polarity_signal(a: _Text, b: _Text, pol_a: int, pol_b: int) -> Signal | None:
    """The overall polarities disagree (or agree, which lowers the contrast)."""
    if pol_a == 0 or pol_b == 0:
        return None
    names = {1: "for", -1: "against"}
    cues_a = [a.words(c.first, c.last) for c in a.cues][:_SUMMARY_LIMIT]
    cues_b = [b.words(c.first, c.last) for c in b.cues][:_SUMMARY_LIMIT]
    text = (
        f"overall text A is {names[pol_a]} ({', '.join(cues_a)}), "
        f"text B {names[pol_b]} ({', '.join(cues_b)})"
    )
    spans_a = tuple(a.span(c.first, c.last) for c in a.cues)
    spans_b = tuple(b.span(c.first, c.last) for c in b.cues)
    key = "polarity_flip" if pol_a != pol_b else "polarity_agree"
    return Signal("direction", text, spans_a, spans_b, WEIGHTS[key])


def contrast_features(a: _Text, b: _Text) -> tuple[list[Signal], int, int]:
    """Every signal between two aligned texts, and their overall polarities."""
    pol_a = clause_polarity(a.tokens, a.cues)
    pol_b = clause_polarity(b.tokens, b.cues)
    signals = _negation_signals(a, b)
    antonyms = _antonym_signals(a, b)
    if signals and antonyms:
        # "will not raise" / "will lower": two flips make an agreement.
        signals = [_cancelled(s, "an antonym") for s in signals]
        antonyms = [_cancelled(s, "a negation") for s in antonyms]
    signals += antonyms
    signals += _evaluation_signals(a, b)
    signals += _lexical_contrast(
        a, b, lx.OBLIGATION, lx.OPTIONAL, "modality", ("obligation", "choice")
    )
    signals += _lexical_contrast(
        a, b, lx.RESTRICTIVE, lx.UNIVERSAL, "quantifier", ("restrictive", "universal")
    )
    signals += _number_signals(a, b)
    polarity = _polarity_signal(a, b, pol_a, pol_b)
    if polarity is not None:
        signals.append(polarity)
    return signals, pol_a, pol_b


def _cancelled(signal: Signal, by: str) -> Signal:
    return Signal(
        signal.kind,
        f"{signal.description} (cancelled by {by})",
        signal.spans_a,
        signal.spans_b,
        0.0,
    )


def _prepare(text: str) -> _Text:
    tokens = tokenize(text)
    return _Text(text, tokens, find_cues(tokens))


def _squash(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def analyse_pair(text_a: str, text_b: str, *, topic_score: float | None = None) -> StanceResult:
    """Judge whether ``text_b`` reverses the stance of ``text_a``.

    ``topic_score`` (in [0, 1]) comes from the matcher when it has one; otherwise it is computed
    here by :func:`topic_similarity`. Never raises on any text.
    """
    a, b = _prepare(text_a), _prepare(text_b)
    alignment = _align(a, b)
    signals, pol_a, pol_b = contrast_features(a, b)
    topic = (
        topic_similarity(a.tokens, b.tokens)
        if topic_score is None
        else max(0.0, min(1.0, float(topic_score)))
    )
    contrast = _squash(WEIGHTS["bias"] + sum(s.weight for s in signals))
    relation: Relation
    if topic < TOPIC_THRESHOLD:
        relation = "unrelated"
    elif contrast >= CONTRAST_THRESHOLD and any(s.weight > 0 for s in signals):
        relation = "reversal"
    else:
        relation = "consistent"
    explanation = Explanation(text_a, text_b, alignment, tuple(_ordered(signals)), pol_a, pol_b)
    return StanceResult(relation, topic, contrast, explanation)


def _ordered(signals: Iterable[Signal]) -> list[Signal]:
    """Strongest first, so a summary shows what mattered most."""
    return sorted(signals, key=lambda s: -s.weight)
