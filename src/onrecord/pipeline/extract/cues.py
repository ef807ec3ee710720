"""The cue lexicon: verbs and phrases that introduce what someone said, wrote or thinks.

Verbs are listed once by their base form; inflections are generated, irregular ones given. Cues
are graded: ``SPEECH`` verbs report words actually uttered, ``COGNITION`` verbs (think, believe)
report a stance and are only accepted with a clear subject and a that-clause or an object clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_SPEECH_VERBS: Final = """
say tell add write ask note report announce suggest tweet argue claim explain continue declare
insist warn acknowledge admit deny predict promise vow pledge state respond reply recall conclude
contend maintain observe remark complain charge allege assert stress emphasize emphasise confirm
reveal testify joke quip concede boast brag counter retort agree disagree proclaim mention comment
speculate estimate caution indicate signal hint lament muse shout yell scream exclaim post assure
remind demand reiterate repeat clarify disclose theorize surmise concur acknowledge question
object protest threaten guarantee swear swore vouch propose recommend advise urge inform predict
grumble sniff snap scoff chide mock fume rail lash gush marvel wonder whine plead answer rebut
whisper mutter murmur bellow roar boom holler thunder grouse gripe bemoan rant vent opine blurt
interject retweet quote
""".split()

_COGNITION_VERBS: Final = """
think believe feel hope fear know worry expect doubt suspect assume understand figure realize
realise recognize recognise imagine reckon guess sense trust see remember learn
""".split()

_FINDING_VERBS: Final = "show find indicate suggest reveal conclude".split()

# stances reported with an object rather than a clause: "she accused the media of …"
_STANCE_VERBS: Final = """
accuse criticize criticise defend endorse support oppose praise blame describe cite reject dismiss
welcome condemn blast slam attack mock want plan seek propose decline vow refuse pledge call
expect back applaud challenge dispute urge recommend favor favour predict consider regard
denounce dub decry lambaste label brand characterize portray hail tout deride ridicule deplore
express offer seek echo discuss address request advocate raise push voice
name nominate appoint hire sign decide identify order highlight encourage prefer compare deem
attribute thank celebrate champion rebuff assail downplay imply ignore expose promote
single list share project forecast view herald
release issue apologize target knock credit congratulate laud commend lobby
""".split()

_IRREGULAR: Final[dict[str, tuple[str, ...]]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "think": ("thought",),
    "know": ("knew", "known"),
    "feel": ("felt",),
    "find": ("found",),
    "show": ("showed", "shown"),
    "swear": ("swore", "sworn"),
    "understand": ("understood",),
    "seek": ("sought",),
    "see": ("saw", "seen"),
    "speak": ("spoke", "spoken"),
}


# verbs that double their last consonant before -ed and -ing
_DOUBLING: Final = frozenset("quip snap plan admit sniff slam dub prefer concur rebut jab".split())


def _inflect(verb: str) -> set[str]:
    forms = {verb, *_IRREGULAR.get(verb, ())}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
        if verb in _DOUBLING:  # "slammed", "preferred", "concurring"
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


def _forms(verbs: list[str]) -> dict[str, str]:
    return {form: verb for verb in verbs for form in _inflect(verb)}


SPEECH_FORMS: Final = _forms(_SPEECH_VERBS)
COGNITION_FORMS: Final = _forms(_COGNITION_VERBS)
FINDING_FORMS: Final = _forms(_FINDING_VERBS)
# "came back", "back to": only the inflected forms of "back" report support
STANCE_FORMS: Final = {k: v for k, v in _forms(_STANCE_VERBS).items() if k != "back"}
# "the fallout appears significant", "he seemed to …": an impression with no source named
APPEARANCE_FORMS: Final = _forms(["appear", "seem"])
ALL_FORMS: Final = {
    **APPEARANCE_FORMS,
    **STANCE_FORMS,
    **FINDING_FORMS,
    **COGNITION_FORMS,
    **SPEECH_FORMS,
}

_PARTICLE: Final = re.compile(
    r"\s+(?:out|to|(?:it\s+)?clear|it|about|up|for|on\s+to\s+say|on|against|in\s+on|aim\s+at|"
    r"doubt\s+on|off|with|after)\b"
)
# "pointed out", "according to": the particle belongs to the cue
_PHRASAL_HEADS: Final = {
    "according": "to",
    **{form: "out|to" for form in ("point", "points", "pointed", "pointing")},
    **{form: "in on" for form in ("weigh", "weighs", "weighed", "weighing")},
    "went": "on to say|after|on",
    "goes": "on to say|after|on",
    **{form: "aim at" for form in ("take", "takes", "took", "taking")},
    **{form: "to" for form in ("like", "likes", "liked")},
    **{form: "for|to" for form in ("look", "looks", "looked", "looking")},
    **{form: "doubt on" for form in ("cast", "casts", "casting")},
    **{form: "out" for form in ("rule", "rules", "ruled", "ruling", "lay", "lays", "laid")},
    **{form: "with" for form in ("side", "sides", "sided", "siding", "spar", "sparred")},
    **{form: "off" for form in ("shrug", "shrugs", "shrugged", "brush", "brushed")},
    "put": "it",
    "puts": "it",
    **{form: "about|up" for form in ("talk", "talks", "talked", "talking")},
    **{form: "about" for form in ("spoke", "speaks")},
    **{form: "to" for form in ("refer", "refers", "referred", "referring")},
    **{form: "for" for form in ("push", "pushed", "pushing")},
    **{form: "for|on" for form in ("call", "calls", "called", "calling")},
    **{form: "clear" for form in ("make", "makes", "made", "making")},
}


# cues that report speech only after a quote: ""…," the memo read", ""…," he went on"
TRAILING_ONLY: Final = frozenset(("read", "reads", "went on", "goes on"))


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue occurrence: [start, end) and its words as written."""

    start: int
    end: int
    word: str


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation factored by prefix: much faster in ``re`` than a flat list."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(trie)


def _trie_node(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


_CUE_WORDS: Final = sorted(
    {
        w
        for form in (*ALL_FORMS, *_PHRASAL_HEADS, "read", "reads")
        for w in (form, form.capitalize())
    }
)
# candidate words only; the dictionary lookup below decides
_CANDIDATE: Final = re.compile(r"\b" + _trie_pattern(_CUE_WORDS) + r"\b")


# any past-tense verb before a that-clause reports one: "Lee groused that …", "the court ruled
# that …" (the lexicon cannot list them all); the words below are not reports
_THAT_VERB: Final = re.compile(r"\b([a-z]{3,}ed)(?=\s+that\s)")
_NOT_THAT_VERBS: Final = frozenset(
    """concerned surprised pleased convinced aware worried disappointed shocked interested
    satisfied alarmed based designed used needed wanted pointed seemed appeared assured""".split()
)


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Cue words and phrases in text[start:end] (a prefix-trie regex, then a dictionary)."""
    out = _lexicon_cues(text, start, end)
    extra = [
        Cue(m.start(), m.end(), m.group())
        for m in _THAT_VERB.finditer(text, start, end)
        if m.group() not in ALL_FORMS and m.group() not in _NOT_THAT_VERBS
    ]
    if extra:
        out = sorted(out + extra, key=lambda c: c.start)
    return out


def _lexicon_cues(text: str, start: int, end: int) -> list[Cue]:
    out: list[Cue] = []
    for m in _CANDIDATE.finditer(text, start, end):
        if out and m.start() < out[-1].end:
            continue  # inside a phrase already found: "went on to say"
        if (m.start() > 0 and text[m.start() - 1] == "-") or text[m.end() : m.end() + 1] == "-":
            continue  # part of a compound: "the Oscar-nominated actor", "a sought-after host"
        low = m.group().lower()
        particle = _PHRASAL_HEADS.get(low)
        if particle is not None:
            pm = _PARTICLE.match(text, m.end(), end)
            if pm and pm.group().split()[-1] in {p.split()[-1] for p in particle.split("|")}:
                out.append(Cue(m.start(), pm.end(), text[m.start() : pm.end()]))
                continue
        if low in ALL_FORMS or low in TRAILING_ONLY:
            out.append(Cue(m.start(), m.end(), m.group()))
    return out


# verbs whose report is an infinitive: "agreed to keep …", "vowed to fight …"
TO_VERBS: Final = frozenset(
    f
    for verb in """agree pledge vow promise plan want decline refuse threaten hope expect seek urge
    offer swear vote aim intend ask tell appear seem decide prefer""".split()
    for f in _inflect(verb)
)
# -s forms that are as often plural nouns: "his attacks", "that old support"
NOUN_LIKE: Final = frozenset(
    """remarks attacks supports plans calls fears hopes claims reports comments promises pledges
    vows brands labels demands questions estimates charges thoughts doubts worries views backs
    praises blames disputes challenges favors replies tweets posts notes warnings answers
    suggestions criticisms support attack plan call fear hope claim report comment promise pledge
    vow brand label demand question estimate charge doubt worry view praise blame dispute
    challenge favor reply tweet post note answer sign signs list lists share shares view views
    order orders name names project projects forecast forecasts thanks release releases issue
    issues target targets credit credits lobby""".split()
)
# participles that continue an attribution with the same speaker: ", adding that …"
PARTICIPLES: Final = frozenset(f for f in SPEECH_FORMS if f.endswith("ing"))
# words that are cue forms but usually something else in news text
AMBIGUOUS: Final = frozenset(
    """post posts posted posting question questions questioned object objects objected charge
    charges charged state states stated report reports show shows find finds sense signal signals
    figure figures counter trust mention comment comments post estimate estimates pledge pledges
    promise promises demand demands guess hint hints protest protests repeat joke jokes threat
    question questioning trusted feeling feelings understanding add adds""".split()
)


def cue_class(word: str) -> str:
    """The class of a matched cue word.

    One of "speech", "cognition", "finding", "stance", "appearance" or "phrase".
    """
    low = word.lower()
    if " " in low and not low.startswith("according"):
        return "speech"  # "pointed out", "went on to say", "put it"
    if low in SPEECH_FORMS or low in TRAILING_ONLY:
        return "speech"
    if low in COGNITION_FORMS:
        return "cognition"
    if low in FINDING_FORMS:
        return "finding"
    if low in STANCE_FORMS:
        return "stance"
    if low in APPEARANCE_FORMS:
        return "appearance"
    return "phrase"
