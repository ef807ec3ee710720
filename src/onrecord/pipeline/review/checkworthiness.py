"""How worth checking a statement is: a transparent score with its reasons.

A pure function of the text. Each signal adds or removes a fixed weight and
says so in words, so a fact-checker sees *why* a quote ranks high in the queue:
numbers, comparisons, causal and factual claims and named entities raise the
score; opinions, predictions of feelings and questions lower it. The score is
clipped to 0..1; it orders the queue, it decides nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Where every statement starts before the signals.
BASE = 0.3


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal that moved the score, with its weight and the words that triggered it."""

    label: str
    weight: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    """The score (0..1) and the reasons behind it, strongest first."""

    score: float
    reasons: tuple[Reason, ...]

    @property
    def level(self) -> str:
        """ "high", "medium" or "low", for people."""
        if self.score >= 0.7:
            return "high"
        if self.score >= 0.45:
            return "medium"
        return "low"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


_NUMBER = re.compile(
    r"(?<!\w)(?:\d(?:[\d,.]*\d)?\s?"
    r"(?:%|percent|per cent|million|billion|thousand|crowns|euros?|dollars?)?"
    r"|[€$£]\s?\d[\d,.]*"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|million|billion)"
    r"(?:\s(?:percent|per cent|million|billion|times))?)(?!\w)",
    re.IGNORECASE,
)
_COMPARISON = _words(
    r"more|less|fewer|than|higher|lower|highest|lowest|largest|smallest|biggest|record|"
    r"doubled?|tripled?|halved|increased?|decreased?|rose|risen|fell|fallen|grew|grown|"
    r"dropped|cut|most|least|best|worst|first|only|never|ever|all|every|none"
)
_CAUSAL = _words(
    r"because|caused?|causes|due to|led to|leads? to|result(?:ed|s)? in|thanks to|"
    r"as a result|responsible for|created|destroyed|saved|cost"
)
_FACTUAL = _words(
    r"is|are|was|were|has|have|had|will|won't|did|does|voted|signed|spent|paid|raised|"
    r"received|published|promised|pledged"
)
_OPINION = _words(
    r"i think|i believe|i feel|in my (?:view|opinion)|we believe|should|must|ought to|"
    r"hope|wish|great|terrible|wonderful|disgrace(?:ful)?|shameful|fantasy|ridiculous|"
    r"beautiful|proud|outrageous|nonsense|deserve"
)
_ENTITY = re.compile(r"(?<=[\w,;:] )(?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def score_statement(text: str) -> Checkworthiness:
    """The check-worthiness of ``text`` with its reasons (pure, milliseconds)."""
    quote = text.strip().strip("\"“”‘’'").strip()
    reasons: list[Reason] = []

    def signal(label: str, weight: float, found: str | None) -> None:
        if found:
            reasons.append(Reason(label, weight, found))

    signal("has a number or amount", 0.3, _first(_NUMBER, quote))
    signal("names a year", 0.1, _first(_YEAR, quote))
    signal("makes a comparison or superlative", 0.15, _first(_COMPARISON, quote))
    signal("claims a cause or effect", 0.15, _first(_CAUSAL, quote))
    signal("states something as fact", 0.05, _first(_FACTUAL, quote))
    signal("names a person, place or body", 0.1, _first(_ENTITY, quote))
    signal("sounds like opinion", -0.25, _first(_OPINION, quote))
    if quote.rstrip(",.;: ").endswith("?"):
        signal("is a question", -0.35, "?")
    if len(quote.split()) < 4:
        signal("is very short", -0.1, f"{len(quote.split())} words")
    score = min(1.0, max(0.0, BASE + sum(reason.weight for reason in reasons)))
    ordered = tuple(sorted(reasons, key=lambda reason: -abs(reason.weight)))
    return Checkworthiness(round(score, 2), ordered)
