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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from onrecord.pipeline.match import lexicon as lx
from onrecord.pipeline.match.stance_text import (
    NUMBER_RE,
    Cue,
    Span,
    Token,
    axis_positions,
    clause_polarity,
    content_words,
    find_cues,
    negated,
    target_stances,
    tokenize,
)

__all__ = [
    "AlignedSegment",
    "Explanation",
    "Relation",
    "Signal",
    "SignalKind",
    "StanceResult",
    "analyse_pair",
    "topic_similarity",
]

Relation = Literal["unrelated", "consistent", "reversal"]
SignalKind = Literal[
    "negation", "evaluation", "modality", "antonym", "number", "quantifier", "direction", "position"
]

# Below TOPIC_THRESHOLD a pair is unrelated; at or above CONTRAST_THRESHOLD a related pair is a
# reversal. Set by hand on our own pairs (tests/pipeline/match/stance_pairs.csv), not on dev.
TOPIC_THRESHOLD = 0.15
CONTRAST_THRESHOLD = 0.5

# How far each kind of topical evidence goes on its own (noisy OR, see _topic).
TOPIC_WEIGHTS: dict[str, float] = {"lexical": 1.0, "domain": 0.6, "axis": 0.25}

# Log-odds each signal adds to the contrast score (0 = no evidence = 0.5).
WEIGHTS: dict[str, float] = {
    "bias": 0.0,
    "target_flip": 1.2,
    "target_agree": -0.8,
    "domain_flip": 0.6,
    "domain_agree": -0.5,
    "negation": 1.0,
    "antonym": 1.0,
    "evaluation": 0.8,
    "modality": 0.9,
    "quantifier": 0.6,
    "number": 1.2,
    "position_flip": 1.2,
    "position_agree": -1.0,
    "restatement": -2.0,
}

_SUMMARY_LIMIT = 3
_NOT_CONTENT = lx.STOPWORDS | lx.NEGATORS
_CONTRACTED_MODALS = {"won't": "will", "wont": "will", "can't": "can", "cant": "can"}
_CONTRACTED_MODALS |= {"cannot": "can", "shan't": "shall"}
_KIND_ORDER: tuple[str, ...] = (
    "negation",
    "modality",
    "antonym",
    "evaluation",
    "number",
    "quantifier",
    "position",
    "direction",
)


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
    axes: dict[str, tuple[int, Span]]
    content: dict[str, float]
    targets: dict[str, tuple[int, list[int]]]
    unmatched: set[int] = field(default_factory=set)
    shared: set[int] = field(default_factory=set)

    def span(self, first: int, last: int) -> Span:
        """Character span from token ``first`` to token ``last`` (inclusive)."""
        return (self.tokens[first].start, self.tokens[last].end)

    def words(self, first: int, last: int) -> str:
        """The text from token ``first`` to token ``last`` (inclusive), exactly as written."""
        return self.text[self.tokens[first].start : self.tokens[last].end]


def _soft_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weight of A's stems found in B, exactly or by a shared prefix of five letters or more."""
    shared = 0.0
    prefixes = {other[:5] for other in b if len(other) >= 5}
    for word, weight in a.items():
        if word in b:
            shared += weight
        elif len(word) >= 5 and word[:5] in prefixes:
            shared += 0.8 * weight
    return shared


def _domain_vector(content: dict[str, float]) -> dict[str, float]:
    """How much of a statement's content falls in each subject domain (a word in two domains
    gives each half its weight)."""
    vector: dict[str, float] = {}
    for word, weight in content.items():
        names = lx.domains_of(word)
        for name in names:
            vector[name] = vector.get(name, 0.0) + weight / len(names)
    return vector


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(value * b.get(key, 0.0) for key, value in a.items())
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum(v * v for v in a.values()))
    norm_b = math.sqrt(sum(v * v for v in b.values()))
    return dot / (norm_a * norm_b)


def _topic(a: _Text, b: _Text) -> tuple[float, float]:
    """Same-topic score in [0, 1] and, separately, the content-word overlap it includes.

    Three pieces of evidence, each enough on its own, combined as a noisy OR: the statements
    share content words (stems and synonyms, weighted: names and numbers more, generic political
    words less), they are about the same subject domains (cosine of their domain profiles: "coal
    plants" and "renewable energy" are both energy), and they touch the same policy axis.
    """
    ca, cb = a.content, b.content
    axis = 1.0 if set(a.axes) & set(b.axes) else 0.0
    if not ca or not cb:
        return TOPIC_WEIGHTS["axis"] * axis, 0.0
    total_a, total_b = sum(ca.values()), sum(cb.values())
    shared = (_soft_overlap(ca, cb) + _soft_overlap(cb, ca)) / 2
    overlap = min(1.0, shared / min(total_a, total_b))
    dice = min(1.0, 2 * shared / (total_a + total_b))
    lexical = (overlap + dice) / 2
    domain = _cosine(_domain_vector(ca), _domain_vector(cb))
    missing = (1 - TOPIC_WEIGHTS["lexical"] * lexical) * (1 - TOPIC_WEIGHTS["domain"] * domain)
    score = 1 - missing * (1 - TOPIC_WEIGHTS["axis"] * axis)
    return max(0.0, min(1.0, score)), lexical


def topic_similarity(text_a: str, text_b: str) -> float:
    """Same-topic score in [0, 1] of two texts (what :func:`analyse_pair` uses by default)."""
    return _topic(_prepare(text_a), _prepare(text_b))[0]


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


def _scope(side: _Text, index: int) -> set[int]:
    """Token indices a negator at ``index`` governs: the rest of its clause, 8 tokens at most."""
    clause = side.tokens[index].clause
    stop = min(len(side.tokens), index + 1 + lx.NEGATION_MAX_SCOPE)
    return {k for k in range(index + 1, stop) if side.tokens[k].clause == clause}


def _mark_shared(a: _Text, b: _Text) -> None:
    """Record the words of each text (stance words too) whose stem the other text also has."""
    for side, other_side in ((a, b), (b, a)):
        other = {lx.canonical(t.stem) for t in other_side.tokens if t.norm not in _NOT_CONTENT}
        prefixes = {w[:5] for w in other if len(w) >= 5}
        for k, tok in enumerate(side.tokens):
            if tok.norm in _NOT_CONTENT:
                continue
            key = lx.canonical(tok.stem)
            if key in other or (len(key) >= 5 and key[:5] in prefixes):
                side.shared.add(k)


def _modal_of(norm: str) -> str | None:
    """The modal inside a negated contraction: "won't" -> "will", "shouldn't" -> "should"."""
    if norm in _CONTRACTED_MODALS:
        return _CONTRACTED_MODALS[norm]
    base = norm.removesuffix("n't")
    return base if base != norm and base in lx.MODALS else None


def _modal_before(side: _Text, index: int) -> int | None:
    """Index of the modal verb of the negator at ``index`` ("should not", "will never", "won't")."""
    if _modal_of(side.tokens[index].norm):
        return index
    for k in (index - 1, index - 2):
        if k >= 0 and side.tokens[k].norm in lx.MODALS:
            return k
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
    governing = [i for i in carriers if _scope(side, i) & side.shared]
    if not governing:
        return []  # a negation of something the other text does not talk about
    index = governing[0]
    modal = _modal_before(side, index)
    spans = (side.span(min(index, modal if modal is not None else index), index),)
    other_label = "B" if label == "A" else "A"
    if modal is not None:
        phrase = side.words(min(index, modal), index)
        modal_word = _modal_of(side.tokens[modal].norm) or side.tokens[modal].norm
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
    first_in_b: dict[str, int] = {}
    for j in sorted(b.unmatched):
        first_in_b.setdefault(b.tokens[j].norm, j)
    for i in sorted(a.unmatched):
        wa = a.tokens[i]
        found = [first_in_b[w] for w in lx.opposites(wa.norm) if w in first_in_b]
        if found:
            wb = b.tokens[min(found)]
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
        if NUMBER_RE.match(tok.norm):
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


def _carrier_spans(side: _Text, indices: Iterable[int]) -> tuple[Span, ...]:
    """Character spans of token indices, adjacent tokens joined into one span."""
    spans: list[Span] = []
    last = -2
    for k in sorted(set(indices)):
        start, end = side.tokens[k].start, side.tokens[k].end
        if spans and k == last + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        last = k
    return tuple(spans)


def _target_signal(a: _Text, b: _Text) -> Signal | None:
    """The two texts' stances toward the things both name ("rail fares": for / against).

    Compared per shared word (synonyms folded), not over the whole statement: "renewables should
    be expanded" and "coal plants should be closed" have opposite overall polarity but are no
    contradiction. Without a shared word, the stances toward shared subject domains are compared
    instead, with less weight.
    """
    names = {1: "for", -1: "against"}
    shared = [
        k for k in sorted(set(a.targets) & set(b.targets)) if a.targets[k][0] and b.targets[k][0]
    ]
    if shared:
        flipped = [k for k in shared if a.targets[k][0] != b.targets[k][0]]
        agreeing = [k for k in shared if a.targets[k][0] == b.targets[k][0]]
        chosen, key = (
            (flipped, "target_flip") if len(flipped) > len(agreeing) else (agreeing, "target_agree")
        )
        word_a = [a.tokens[i].text for i in a.targets[chosen[0]][1]]
        word_b = [b.tokens[i].text for i in b.targets[chosen[0]][1]]
        sign_a, sign_b = a.targets[chosen[0]][0], b.targets[chosen[0]][0]
        text = (
            f"on '{chosen[0]}', text A is {names[sign_a]} ({' '.join(word_a[:4])}), "
            f"text B {names[sign_b]} ({' '.join(word_b[:4])})"
        )
        spans_a = _carrier_spans(a, (i for k in chosen for i in a.targets[k][1]))
        spans_b = _carrier_spans(b, (i for k in chosen for i in b.targets[k][1]))
        return Signal("direction", text, spans_a, spans_b, WEIGHTS[key])
    dom_a, dom_b = _domain_stances(a), _domain_stances(b)
    common = [d for d in sorted(set(dom_a) & set(dom_b)) if dom_a[d][0] and dom_b[d][0]]
    if not common:
        return None
    flipped = [d for d in common if dom_a[d][0] != dom_b[d][0]]
    agreeing = [d for d in common if dom_a[d][0] == dom_b[d][0]]
    chosen, key = (
        (flipped, "domain_flip") if len(flipped) > len(agreeing) else (agreeing, "domain_agree")
    )
    domain = chosen[0]
    (sign_a, carriers_a), (sign_b, carriers_b) = dom_a[domain], dom_b[domain]
    text = (
        f"on {domain}, text A is {names[sign_a]} ({a.words(min(carriers_a), max(carriers_a))}), "
        f"text B {names[sign_b]} ({b.words(min(carriers_b), max(carriers_b))})"
    )
    spans_a, spans_b = _carrier_spans(a, carriers_a), _carrier_spans(b, carriers_b)
    return Signal("direction", text, spans_a, spans_b, WEIGHTS[key])


def _domain_stances(side: _Text) -> dict[str, tuple[int, list[int]]]:
    """Stance toward each subject domain: the sum of the stances toward its words."""
    totals: dict[str, int] = {}
    carriers: dict[str, list[int]] = {}
    for key, (sign, indices) in side.targets.items():
        for domain in lx.domains_of(key):
            totals[domain] = totals.get(domain, 0) + sign
            carriers.setdefault(domain, []).extend(indices)
    return {d: ((t > 0) - (t < 0), sorted(set(carriers[d]))) for d, t in totals.items()}


def _position_signals(a: _Text, b: _Text) -> list[Signal]:
    """Opposite (or the same) sides of a policy axis both statements touch."""
    signals: list[Signal] = []
    for axis in sorted(set(a.axes) & set(b.axes)):
        (sign_a, (fa, la)), (sign_b, (fb, lb)) = a.axes[axis], b.axes[axis]
        if sign_a == 0 or sign_b == 0:
            continue
        side = {1: "+", -1: "-"}
        text = (
            f"on {axis}, text A is {side[sign_a]} ('{a.words(fa, la)}'), "
            f"text B is {side[sign_b]} ('{b.words(fb, lb)}')"
        )
        key = "position_flip" if sign_a != sign_b else "position_agree"
        spans_a, spans_b = (a.span(fa, la),), (b.span(fb, lb),)
        signals.append(Signal("position", text, spans_a, spans_b, WEIGHTS[key]))
    return signals


def _contrast_features(a: _Text, b: _Text) -> tuple[list[Signal], int, int]:
    """Every signal between two aligned texts, and their overall polarities."""
    pol_a = clause_polarity(a.tokens, a.cues)
    pol_b = clause_polarity(b.tokens, b.cues)
    _mark_shared(a, b)
    if not a.shared:
        # Sharing no content word, the texts' negations and judgements may be about different
        # things: only their positions on a common policy axis can be compared.
        return _position_signals(a, b), pol_a, pol_b
    signals = _negation_signals(a, b)
    antonyms = _antonym_signals(a, b)
    target = _target_signal(a, b)
    if signals and antonyms:
        # "will not raise" / "will lower": two flips make an agreement.
        signals = [_cancelled(s, "an antonym") for s in signals]
        antonyms = [_cancelled(s, "a negation") for s in antonyms]
    elif target is not None and target.weight == WEIGHTS["target_agree"]:
        # "should not join the EU" / "joining the EU would be a mistake": the negation is part
        # of a stance on the shared words that the other text takes too, in other words.
        reason = "the same stance on the shared words"
        signals = [_cancelled(s, reason) if _within(s, target) else s for s in signals]
        antonyms = [_cancelled(s, reason) if _within(s, target) else s for s in antonyms]
    signals += antonyms
    signals += _evaluation_signals(a, b)
    signals += _lexical_contrast(
        a, b, lx.OBLIGATION, lx.OPTIONAL, "modality", ("obligation", "choice")
    )
    signals += _lexical_contrast(
        a, b, lx.RESTRICTIVE, lx.UNIVERSAL, "quantifier", ("restrictive", "universal")
    ) or _lexical_contrast(a, b, lx.UNIFORM, lx.GRADED, "quantifier", ("uniform", "graded"))
    signals += _number_signals(a, b)
    signals += _position_signals(a, b)
    if target is not None:
        signals.append(target)
    return signals, pol_a, pol_b


def _within(signal: Signal, stance: Signal) -> bool:
    """Whether a word-level signal's words are among those that carry ``stance``."""

    def overlap(spans: tuple[Span, ...], carriers: tuple[Span, ...]) -> bool:
        return any(
            start < c_end and c_start < end for start, end in spans for c_start, c_end in carriers
        )

    return overlap(signal.spans_a, stance.spans_a) or overlap(signal.spans_b, stance.spans_b)


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
    cues = find_cues(tokens)
    return _Text(
        text,
        tokens,
        cues,
        axis_positions(tokens, cues),
        content_words(tokens),
        target_stances(tokens, cues),
    )


def _unit(value: float) -> float:
    """``value`` clamped to [0, 1]; NaN counts as 0."""
    number = float(value)
    return 0.0 if math.isnan(number) else max(0.0, min(1.0, number))


def _squash(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def analyse_pair(text_a: str, text_b: str, *, topic_score: float | None = None) -> StanceResult:
    """Judge whether ``text_b`` reverses the stance of ``text_a``.

    ``topic_score`` (in [0, 1]) comes from the matcher when it has one; otherwise it is computed
    here by :func:`topic_similarity`. Never raises on any text.
    """
    a, b = _prepare(text_a), _prepare(text_b)
    alignment = _align(a, b)
    signals, pol_a, pol_b = _contrast_features(a, b)
    own_topic, lexical = _topic(a, b)
    topic = own_topic if topic_score is None else _unit(topic_score)
    # Flips add up; agreements (overall polarity, policy axes) are one piece of evidence.
    z = WEIGHTS["bias"] + sum(s.weight for s in signals if s.weight > 0)
    z += min((s.weight for s in signals if s.weight < 0), default=0.0)
    if not any(s.weight > 0 for s in signals):
        # A restatement with nothing flipped is a repeat. Sharing the topic's words is what any
        # two statements on one subject do, for or against; only keeping more than half of the
        # other's content says "the same thing again".
        z += WEIGHTS["restatement"] * max(0.0, 2 * lexical - 1)
    contrast = _squash(z)
    relation: Relation
    if topic < TOPIC_THRESHOLD:
        relation = "unrelated"
    elif contrast >= CONTRAST_THRESHOLD:
        relation = "reversal"
    else:
        relation = "consistent"
    explanation = Explanation(text_a, text_b, alignment, tuple(_ordered(signals)), pol_a, pol_b)
    return StanceResult(relation, topic, contrast, explanation)


def _ordered(signals: Iterable[Signal]) -> list[Signal]:
    """Word-level signals first (negation ... quantifier), overall polarity last; then weight."""
    return sorted(signals, key=lambda s: (_KIND_ORDER.index(s.kind), -s.weight))
