"""Where reported content starts and ends: objects and adjuncts after a cue, that-clauses,
participles, contrasts and coordinated verbs that close a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from onrecord.pipeline.extract.cues import (
    ALL_FORMS,
    NOUN_LIKE,
    PARTICIPLES,
    SPEECH_FORMS,
    STANCE_FORMS,
    Cue,
    cue_class,
)
from onrecord.pipeline.extract.quotes import Quote
from onrecord.pipeline.extract.sentences import Sentence
from onrecord.pipeline.extract.spans import Attribution, Span, count_words, in_quote

TRAIL_END: Final = re.compile(r"[\s,.;!?)\]]*$")
_OBJECT_CUES: Final = frozenset(
    "told tell tells telling asked ask asks asking assured reminded".split()
)
_OBJECT: Final = re.compile(
    r"\s*(?:(?:him|her|them|me|us|reporters|journalists|supporters|pollsters|voters|listeners|"
    r"viewers|donors|lawmakers|the\s+crowd|an?\s+audience)\b"
    r"|(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:advisers|advisors|aides|supporters|staff|"
    r"audience|crowd|colleagues|followers|readers|viewers|members|donors|interviewer|host|friends|"
    r"allies|students|employees|workers|voters|reporters)\b"
    r"|(?:(?:the|a|an|his|her|their)\s+)?(?:[A-Z][\w’'.&-]*\s*){1,4}"
    r"(?:(?:,\s*|and\s+)(?:[A-Z][\w’'.&-]*\s*){1,4})*(?=\s|,|$))"
)
_ADJUNCT: Final = re.compile(
    r"\s*,?\s*(?:(?:in|on|at|during|to|with|after|before|via|over|through)\s+(?:(?:a|an|the|his|her|"
    r"their|its|this|that|last)\s+)?(?:[\w’'.-]+\s+){0,3}(?:statement|interview|tweet|tweets|post|"
    r"e-?mail|letter|speech|rally|conference|call|release|appearance|hearing|debate|event|briefing|"
    r"program|show|Twitter|Facebook|Instagram|television|radio|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|week|weekend|month|year|morning|night|evening|afternoon|reporters|"
    r"op-ed|remarks|message|video|meeting|town\s+hall|session|testimony|book|memo|filing|"
    r"op-ed|column|article|blog)\b|(?:yesterday|today|tonight|earlier|later|afterward|recently|"
    r"previously|repeatedly|again|then|also|publicly|privately|flatly|bluntly|once|simply|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|last\s+\w+|this\s+week)\b)"
)
THAT_SOON: Final = re.compile(
    r"(?:(?!'')(?!\s(?:has|have|had|is|was|were|are|will|would|can|could|should|did|does)\s)"
    r"(?!\s(?:and|but)\s+(?:also\s+|then\s+)?(?:said|says|told|added|argued|noted|wrote|"
    r"insisted)\b)(?!,\s+(?:\w+ing|but|and|while|although|though|whereas|said|says|added|told|"
    r"argued|noted|wrote|insisted|an?|one|another|he|she|they|we|I|it)\b)"
    r"(?!\b(?:when|if|as|because|after|before|while|whether|who|which|asked)\b)[^.;:!?\"“”‘]){0,80}?"
    r"\bthat\b"
)
_THAT_AFTER_SHOW: Final = re.compile(
    r"\s*(?:on|in|to|during)\s(?:(?!,\s+\w+ing\b)[^.;:!?]){0,80}?\bthat\b"
)
CONTENT_OPEN: Final = re.compile(r"\s*(?:[:,—–]\s*)?")
_PARTICIPLE_CUT: Final = re.compile(
    r"(,[\"”’']*)\s+(?:according\s+to|"
    + "|".join(sorted(PARTICIPLES, key=len, reverse=True))
    + r")\b"
)
COMMA_BEFORE: Final = re.compile(r",[\"”’']*\s*$")
# any ", referring to …" ends the reported clause, speech participle or not
_ING_CUT: Final = re.compile(r"(,[\"”’']*)\s+(?!according)[a-z]+ing\b")
PROGRESSIVE: Final = re.compile(r"(?:\b(?:is|are|was|were|been|be|am)|[’']s|[’']re|,)\s+$")
# one short adjunct between a cue and its quote: "said of the request: "…"" (not a whole clause)
QUOTE_AFTER_LEAD: Final = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|St)\.|(?!'')(?!\s(?:but|and|said|says|told|added)\s)"
    r"[^\"“”.;!?]){0,80}?[:,]\s*(?=[\"“‘«`]|'')"
)
# "… and calls her …": a present-tense report verb of the lexicon (not "and taxes")
_S_FORMS: Final = sorted(
    f
    for f, base in {**SPEECH_FORMS, **STANCE_FORMS}.items()
    if f in (base + "s", base + "es") and f not in NOUN_LIKE
)
_COORDINATED_VERB: Final = (
    r"\s+(?:and|but)\s+(?:\w+ly\s+|also\s+|then\s+)?(?:[a-z]+ed|said|says|told|wrote|made|took|gave|"
    r"went|came|held|met|sent|kept|left|won|lost|spent|brought|began|ran|"
    + "|".join(_S_FORMS)
    + r")\b"
)
# ", declined at first to …": a list of the speaker's other acts
_LISTED_VERB: Final = r",\s+(?:\w+ly\s+)?(?!based\b|including\b)[a-z]+ed\s"
# "… and the council could not find …": a new subject with its own verb starts a new clause
# (in reported speech only after a comma: "said X and the council would pay" is one report)
_NEW_SUBJECT_AND: Final = (
    r"\s+and\s+(?:the|a|an|his|her|their|its)\s+(?:[\w’'-]+\s+){0,2}?(?:could|would|will|did|"
    r"does|do|was|were|is|are|has|have|had|can|may|might|should|must)\b"
)
_AND_SUBORDINATE: Final = r",\s+and\s+(?:after|when|before|while|if|then|once)\s"
_NEW_SUBJECT: Final = _NEW_SUBJECT_AND + "|" + _AND_SUBORDINATE
_NEW_SUBJECT_COMMA: Final = "," + _NEW_SUBJECT_AND + "|" + _AND_SUBORDINATE
_CLAUSE_CUT: Final = re.compile(
    _NEW_SUBJECT + "|"
    r",\s+(?:but|while|although|though|because|as|and|so|which|even)\b|"
    r"\s(?:when|because|after|before|while|since|although|despite|as\s+part)\s|"
    + _COORDINATED_VERB
    + "|"
    + _LISTED_VERB
)
# reported clauses end before a contrast the narrator adds: "…, but said …", "…, while …"
_CONTRAST_CUT: Final = re.compile(
    _NEW_SUBJECT_COMMA + "|"
    r",\s+an?\s+(?:\w+\s+)?(?:swipe|reference|charge|nod|dig|jab|shot|claim|move|sign|remark|"
    r"comment|statement|allusion|apparent|thinly|veiled|clear|direct|not-so-subtle|rebuke|"
    r"response|signal|slap)\b|"
    r",\s+(?:to|in|for|of|with|by|at)\s+which\s|"  # ", to which Hart interjected: …"
    r";\s|,\s+(?:which|prompting|drawing|sparking|despite|even\s+as|(?:days|hours|weeks|months|"
    r"a\s+day|a\s+week)\s+(?:after|before))\s|,\s+(?:he|she|they|we)\s+(?!said|says|added|told|argued|noted|wrote)[a-z]+(?:ed|s)\s|"
    r",?\s+(?:but|while|whereas|although|though)\s|\s[—–-]\s|,\s+and\s+(?:he|she|they|it|we|I)\s|"
    r"\s+and\s+(?:he|she|they|we|I)\s+(?:\w+ly\s+|also\s+)?[a-z]+(?:ed|s)\s|"
    r",\s+and\s+[A-Z][\w’'-]+\s+(?:\w+ly\s+)?[a-z]+(?:ed|s)\b|"  # ", and Lee vowed …"
    r",\s+(?:when|because|after|before|since|as)\s|"
    r"\s+(?:in|before|after|while|by)\s+[a-z]+ing\b|"  # "… in answering a question"
    r"\s+as\s+(?:he|she|they|we|I)\s|"  # "… as he faces a test"
    r",\s+and\s+(?:at|in|on|by|when|then|later|after|before|during)\s|"
    r"\s+on\s+(?:Twitter|Facebook|Instagram|social\s+media|television|TV)\b|"
    r",\s+an?\s+(?:\w+\s+)?(?:admission|acknowledgment|acknowledgement|concession|indication|"
    r"echo|assessment|assertion)\b|"
    r",\s+(?:compared\s+(?:with|to)|however|the\s+(?:latter|former)|and\s+(?:to\s+date|since|"
    r"now|then|has|have|had|is|was))\b|\s+and\s+\d[\d,.]*\s+(?:percent\s+)?(?:have|had|has|said|"
    r"were|are|say)\b|"
    r",\s+(?:at\s+least\s+|about\s+|nearly\s+)?(?:[\w’'-]+(?:,\d+)?\s+){0,3}(?:said|says|say|told|added)\s|"
    + _COORDINATED_VERB
    + "|"
    + _LISTED_VERB
)


@dataclass(slots=True)
class SentenceState:
    """What the cues of one sentence have claimed so far."""

    seg: int  # start of material not yet attributed
    in_content: bool = False  # the cue lies inside the content of a leading attribution
    open_seg: int | None = None  # where the material of the first leading report began
    last_mention: Span | None = None
    results: list[Attribution] = field(default_factory=list)


def rstrip_span(text: str, start: int, end: int) -> int:
    """``end`` moved left past white space and dangling punctuation."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-("):
        end -= 1
    return end


def sentence_end(text: str, sent: Sentence, start: int, quotes: list[Quote]) -> int:
    """Where content starting at ``start`` ends: a participle continuation or the sentence end."""
    cuts = [
        *_PARTICIPLE_CUT.finditer(text, start, sent.end),
        *_ING_CUT.finditer(text, start, sent.end),
    ]
    for m in sorted(cuts, key=lambda m: m.start()):
        if count_words(text, start, m.start()) < 3 and not _PARTICIPLE_CUT.match(text, m.start()):
            continue  # "Millennials, numbering 75 million, surpassed …": the subject's aside
        if not in_quote(m.end(1), quotes):
            # keep a closing quote mark that follows the comma: "…," adding that
            return m.end(1) if m.end(1) - m.start(1) > 1 else m.start()
    end = sent.end
    while end > start and text[end - 1] in ".!?" and not in_quote(end - 1, quotes):
        end -= 1
    return rstrip_span(text, start, end)


_THAT_RIGHT_AFTER: Final = re.compile(r"\s*that\s")


def skip_after_cue(text: str, cue: Cue, limit: int) -> int:
    """Skip the object of told/asked and adjuncts (", in a statement on Tuesday,")."""
    pos = cue.end
    if cue.word.lower() in _OBJECT_CUES:
        obj = _OBJECT.match(text, pos, limit)
        if obj and obj.end() > pos:
            pos = obj.end()
    for _ in range(4):
        adj = _ADJUNCT.match(text, pos, limit)
        if not adj or adj.end() == pos:
            break
        pos = adj.end()
    if cue_class(cue.word) == "stance" and not _THAT_RIGHT_AFTER.match(text, pos, limit):
        return pos  # "defended the plans that the council rejected": a relative clause
    that = THAT_SOON.match(text, pos, limit)
    if that and not _in_quote_text(text, pos, that.end()):
        pos = that.end() - 4
    elif (that := _THAT_AFTER_SHOW.match(text, pos, limit)) is not None:
        pos = that.end() - 4  # said on Channel 4's "Morning Roundup" that …
    return pos


def has_quote(quotes: list[Quote], start: int, end: int) -> bool:
    """Whether a whole quote lies within [start, end)."""
    return any(start <= q.start and q.end <= end for q in quotes)


def _in_quote_text(text: str, start: int, end: int) -> bool:
    return any(c in '"“”' for c in text[start:end])


def clause_end(
    text: str, start: int, end: int, quotes: list[Quote], *, strict: bool, cue: str = ""
) -> int:
    """Object content stops at a following clause: "…, but critics say"."""
    if strict:  # a stance's object is a noun phrase: "backed Ann Lee, the mayor, in 2016"
        naming = ALL_FORMS.get(cue.lower()) in _AS_COMPLEMENT  # "described him as a hero"
        for cut in _OBJECT_CUT.finditer(text, start, end):
            if naming and _AS_CUT.match(text, cut.start()):
                continue
            if not in_quote(cut.start(), quotes) and count_words(text, start, cut.start()) >= 1:
                end = cut.start()
                break
        for cut in _COORDINATED_CUT.finditer(text, start, end):
            # "called it "shameful" and urged …": the object ends before the next verb
            if not in_quote(cut.start(), quotes) and count_words(text, start, cut.start()) >= 1:
                end = cut.start()
                break
    pattern = _CLAUSE_CUT if strict else _CONTRAST_CUT
    cuts = [
        cut.start()
        for cut in pattern.finditer(text, start, end)
        if not in_quote(cut.start(), quotes) and count_words(text, start, cut.start()) >= 3
    ]
    # "…was "dead on arrival," but the council …": the comma sits inside the closing mark
    cuts += [
        cut.end()
        for cut in _QUOTED_COMMA_CUT.finditer(text, start, end)
        if any(q.end == cut.end() for q in quotes) and count_words(text, start, cut.end()) >= 3
    ]
    return min(cuts, default=end)


_COORDINATED_CUT: Final = re.compile(_COORDINATED_VERB)
# verbs whose "as …" complement is part of what they report: "described himself as a hero"
_AS_COMPLEMENT: Final = frozenset(
    """describe characterize portray label brand herald hail dismiss view regard cast depict
    denounce criticize criticise slam blast tout praise deride ridicule rank present paint single
    attack mock""".split()
)
_AS_CUT: Final = re.compile(r"\s+as\s")
_QUOTED_COMMA_CUT: Final = re.compile(
    r",[\"”’']{1,2}(?=\s+(?:but|while|whereas|although|though|which|because|when|since|prompting|"
    r"drawing|sparking|despite|even\s+as|and\s+(?:he|she|they|it|we|I)\b|an?\s+(?:\w+\s+)?(?:swipe|"
    r"reference|nod|dig|jab|shot|rebuke|allusion|signal|slap|view|sentiment|phrase|term|word|"
    r"line|description|label|charge|indictment|accusation|attack|remark|comment|move|step)\b))"
)
_OBJECT_CUT: Final = re.compile(
    r",|\s*\(|\s*--|\s*[—–]|\s-\s|\s+as\s+(?:he|she|they|it|we|the|his|her|their)\b"
    r"|\s+(?:during|through|while|last|on\s+(?:social|Twitter|Facebook|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)|in\s+(?:an?|another|his|her|their)\s+(?:\w+\s+)?"
    r"(?:interview|speech|statement|appearance|op-ed|tweet|post|letter|video|show|column|memo)|(?:and|but)\s+[a-z]+ing)\b"
    r"|\s*;|\s+(?:because|after|before|when|once|even\s+(?:though|as|if)|although|ahead\s+of|"
    r"aside\s+from|despite|since|until|unless)\b"
    r"|\s+(?:and|but|or)\s+(?:has|have|had|is|was|are|were|will|would|he|she|they|it|we|I|then)\b"
    r"|\s+(?:but|yet)\s+(?:\w+ly\s+)?[a-z]+(?:s|ed)\b"
    r"|\s+(?:at|in|on)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w’'-]+\s+){0,3}?(?:rally|event|"
    r"debate|interview|speech|hearing|meeting|conference|news\s+conference|town\s+hall|dinner|"
    r"forum|appearance|campaign\s+stop|press\s+conference)\b"
    r"|\s+(?:in|on|last|this|next)\s+(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|week|month|year|morning|night|evening)\b"
)


def content_end_before(text: str, seg: int, subj_start: int) -> int:
    """The end of content that precedes its speaker: before the comma or dash."""
    end = subj_start
    while end > seg and (text[end - 1].isspace() or text[end - 1] in ",—–-"):
        end -= 1
    return end
