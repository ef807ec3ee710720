"""Attribution: tie content spans to their cue and speaker mention, sentence by sentence.

The rules, in the order they are tried for each cue outside quotes:

* trailing attribution: material before a comma or closing quote, then the speaker and the cue
  ("…," Putin said / said Putin / , he told reporters); a following ", "…"" is the second half of
  a split quote;
* leading attribution: speaker, cue, optional object and adjuncts, then the content up to the end
  of the sentence (Putin said that …; Putin said: "…"; a lead-in ending in a colon takes the next
  paragraph's quote);
* "according to X" on either side of the content; participles (", adding that …") keep the
  speaker of their clause.

Quotes no rule here claimed are handled by ``standalone``.
"""

from __future__ import annotations

import re
from typing import Final

from onrecord.pipeline.extract.clauses import (
    COMMA_BEFORE,
    CONTENT_OPEN,
    PROGRESSIVE,
    QUOTE_AFTER_LEAD,
    TRAIL_END,
    SentenceState,
    clause_end,
    content_end_before,
    has_quote,
    sentence_end,
    skip_after_cue,
)
from onrecord.pipeline.extract.cues import (
    ALL_FORMS,
    AMBIGUOUS,
    NOUN_LIKE,
    PARTICIPLES,
    TO_VERBS,
    TRAILING_ONLY,
    Cue,
    cue_class,
    find_cues,
)
from onrecord.pipeline.extract.forms import (
    ACCORDING,
    PASSIVE_ASKED,
    report_according,
    report_appearance,
    report_participle,
    report_passive_ask,
)
from onrecord.pipeline.extract.mentions import (
    CAP_STOP,
    PRONOUNS,
    ROLE_NOUNS,
    subject_after,
    subject_before,
)
from onrecord.pipeline.extract.quotes import Quote, looks_like_title
from onrecord.pipeline.extract.sentences import Sentence
from onrecord.pipeline.extract.spans import (
    ACTOR_RUN,
    PRONOUN_OR_NAME,
    Attribution,
    Span,
    clause_actor,
    count_words,
    in_quote,
)

_BEFORE_TRAIL: Final = re.compile(r"[,\"”“’'»—–\-?!]\s*$")
_PREPOSITION_START: Final = re.compile(r"(?:of|about|on|in|at|for|with|to|from|by|into)\b", re.I)


def attribute_sentence(
    text: str,
    sent: Sentence,
    quotes: list[Quote],
    prev_mention: Span | None,
    cues: list[Cue] | None = None,
) -> list[Attribution]:
    """All attributions whose cue lies in ``sent`` (quotes: those overlapping the sentence).

    ``cues`` are the sentence's cues when the caller found them already (one pass per document).
    """
    state = SentenceState(sent.start)
    title_case: bool | None = None
    for cue in find_cues(text, sent.start, sent.end) if cues is None else cues:
        if in_quote(cue.start, quotes) or cue.start < state.seg:
            continue
        word = cue.word.lower()
        if (
            _NOUN_BEFORE.search(text, max(sent.start, cue.start - 6), cue.start)
            and not _PRONOUN_IS.search(text, max(sent.start, cue.start - 8), cue.start)
        ) or _POSSESSIVE_AFTER.match(text, cue.end):
            continue  # "the state's primary", "a comment": a noun (but "she's hoping" is a verb)
        if (
            cue.word[:1].isupper()
            and cue.start != sent.start
            and word != ACCORDING
            and not _AFTER_APPOSITION.search(text, max(sent.start, cue.start - 3), cue.start)
        ):
            if title_case is None:
                title_case = _is_title_case(text, sent)
            if not title_case:
                continue  # part of a name: "The Daily Post", "Ben Sanders"
        if (
            word.split()[0].endswith("ing")
            and word not in PARTICIPLES
            and not word.startswith("according")
            and not PROGRESSIVE.search(text, max(sent.start, cue.start - 12), cue.start)
            and not _PREPOSITION_BEFORE.search(text, max(sent.start, cue.start - 8), cue.start)
            and not _WITH_NAME_BEFORE.search(text, max(sent.start, cue.start - 60), cue.start)
            and not (
                cue_class(word) == "finding"
                and _DATA_BEFORE.search(text, max(sent.start, cue.start - 24), cue.start)
            )
        ):
            continue  # a gerund is not a report: "surveys continuing to show"
        if word == ACCORDING or word.startswith("according"):
            report_according(text, sent, cue, quotes, state)
        elif cue_class(word) == "appearance":
            report_appearance(text, sent, cue, quotes, state)
        elif word == "asked" and (
            PASSIVE_ASKED.search(text, max(sent.start, cue.start - 8), cue.end)
            or _ASKED_ASIDE.match(text, max(sent.start, cue.start - 2), sent.end)
        ):
            report_passive_ask(text, sent, cue, quotes, state)
        elif word.split()[0].endswith("ing") and cue_class(word) == "finding":
            _verb_cue(text, sent, cue, quotes, state)  # "with recent polls showing …"
        elif word.split()[0].endswith("ing") and (
            COMMA_BEFORE.search(text, sent.start, cue.start)
            or _COMMA_ADVERB_BEFORE.search(text, max(sent.start, cue.start - 30), cue.start)
            or cue.start == sent.start
            or _PREPOSITION_BEFORE.search(text, max(sent.start, cue.start - 8), cue.start)
        ):
            report_participle(text, sent, cue, quotes, state, prev_mention)
        else:
            _verb_cue(text, sent, cue, quotes, state)
    return state.results


_CAPITALISED: Final = re.compile(r"\b[A-Z]")
# "Mr. Hart, asked about the cost, had said": a passive aside, not Hart's question
_ASKED_ASIDE: Final = re.compile(r",\s+asked\s+(?:about|whether|if|why|how|what|by)\b")
_SUBORDINATORS: Final = (
    r"even\s+(?:as|though|if|when)|after|when|while|whereas|where|before|as|if|although|though|"
    r"because|since|once|until|unless"
)
_SUBORDINATE_OPEN: Final = re.compile(
    r"(?:(?:But|And|So|Yet)\s+(?i:" + _SUBORDINATORS + r")|(?i:" + _SUBORDINATORS + r"))\s[^,]*$"
)


# "after telling …", "upon saying …": a participle whose speaker is the clause's subject
_PREPOSITION_BEFORE: Final = re.compile(
    r"\b(?:[Aa]fter|[Uu]pon|[Bb]efore|[Ww]hile|[Bb]y|[Ii]n|[Ww]hen|[Bb]esides|[Ww]ithout)\s+$"
)
_COMMA_ADVERB_BEFORE: Final = re.compile(r",\s+[a-z]+ly\s+$")  # ", alternately shouting"
# "with Sen. Tom Hart calling it …": a named subject of the gerund
_WITH_NAME_BEFORE: Final = re.compile(r"\bwith\s+(?:[A-Z][\w.’'-]*\s+){1,4}$")
_NOUN_BEFORE: Final = re.compile(
    r"(?:\b(?:the|a|an|this|his|her|their|its|our|my|your)|\w[’']s)\s+$", re.I
)
_PRONOUN_IS: Final = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hat|[Ww]ho|[Tt]here)[’']s\s+$")
_POSSESSIVE_AFTER: Final = re.compile(r"[’']s\b")


def _is_title_case(text: str, sent: Sentence) -> bool:
    """A headline in Title Case ("Mayor Says She Will Rebuild") capitalises its verbs too."""
    words = count_words(text, sent.start, sent.end)
    return words > 0 and len(_CAPITALISED.findall(text, sent.start, sent.end)) > 0.6 * words


# before a trailing quote: nothing, or an introduction ending in punctuation; otherwise the words
# run into the quote and belong to the content ("The delay was "shameful," she said")
_QUOTE_ONLY: Final = re.compile(r"(?:^|[,.;:!?—–(]|\s-|--|\b(?:And|But|So)\b)\s*$")
_TRAILING_OTHER: Final = frozenset(("believes", "thinks", "wrote", "writes"))
_DATA_BEFORE: Final = re.compile(
    r"\b(?:polls?|surveys?|stud(?:y|ies)|data|reports?|results|numbers|records|figures)\s+$"
)
_DATA_WORD: Final = re.compile(
    r"\b(?:polls?|surveys?|stud(?:y|ies)|data|reports?|results|numbers|analys[ie]s|research|"
    r"figures|records|documents|e-?mails|filings|estimates)\b",
    re.IGNORECASE,
)


# "The ad claims …": things that speak for someone
_SPEAKING_THINGS: Final = frozenset(
    """ad ads statement report letter email memo poll video release study survey editorial
    government party committee court agency department firm company group organization union
    council commission board network newspaper paper magazine website team office""".split()
)
# "…, the head of the county party, Tweeted": a verb capitalised by mistake after an apposition
_AFTER_APPOSITION: Final = re.compile(r",\s+$")


_INVERTED_END: Final = re.compile(
    r"\s*(?:[,.;:!?)\"”’'(—–-]|$|(?:who|in|on|at|during|as|after|adding|when|while|of|to|from)\b)"
)


def _plain_subject(text: str, subj: Span) -> bool:
    """A pronoun, a name, or "the <role>": subjects that leave a cue word a verb."""
    mention = text[subj[0] : subj[1]]
    words = mention.split()
    last = words[-1].lower()
    if last.endswith(("’s", "'s")):
        return False
    return (
        (len(words) == 1 and last in PRONOUNS)
        or (mention[:1].isupper() and words[-1][:1].isupper())
        or last in ROLE_NOUNS
        or last in _SPEAKING_THINGS
    )


def _verb_cue(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState
) -> None:
    cls = cue_class(cue.word)
    subj = subject_before(text, state.seg, cue.start)
    if (
        subj is not None
        and cue.word.lower() in NOUN_LIKE
        and not _plain_subject(text, subj)
        and not (_THAT_NEXT.match(text, cue.end) and _PLURAL_SUBJECT.search(text, *subj))
        and not _PRONOUN_OBJECT_NEXT.match(text, cue.end)  # "the first lady calls it …"
    ):
        return  # "That old support", "Lee's attacks": a noun, not a verb ("allies fear that …")
    if subj is not None and _MODIFIER_WORD.fullmatch(text, *subj):
        return  # "a Hart-style retort": a modifier of the noun, not a subject
    if subj is not None and _noun_compound(text, subj, cue):
        return  # "the new rail tolls": a singular determiner phrase before a bare form
    subj = _with_role_words(text, state.seg, subj)
    if subj is not None and (
        _DOC_NOUN.search(text, subj[0], subj[1])
        or _DOC_TO.search(text, max(sent.start, subj[0] - 40), subj[0])
    ):
        # "Lee issued a statement saying …", "sent an email to supporters stating …": the
        # document's author is the speaker
        doc = _DOC_TO.search(text, max(sent.start, subj[0] - 40), subj[0])
        anchor = doc.start() if doc is not None else subj[0]
        verb = _VERB_BEFORE.search(text, max(sent.start, anchor - 40), anchor)
        if verb is not None:
            author = next(
                (
                    r.mention
                    for r in state.results
                    if r.cue is not None and r.cue[0] == verb.start(1)
                ),
                None,
            )
            subj = author or subject_before(text, sent.start, verb.start(1)) or subj
    if subj is not None and cue.word.lower().endswith("ing"):
        verb = _OBJECT_OF_VERB.search(text, max(sent.start, subj[0] - 16), subj[0])
        if verb is not None:  # "The senator emailed supporters saying …": the senator says it
            subj = subject_before(text, sent.start, verb.start()) or subj
    if subj is None and cls == "speech":
        subj = _appositive_after_quote(text, state.seg, cue, quotes)
    subj_start = subj[0] if subj else cue.start
    before = text[state.seg : subj_start]
    after_quote = _quote_ending_at(text, state.seg, subj_start, quotes)
    if after_quote is not None and looks_like_title(text, after_quote):
        after_quote = None  # "… on "Morning Roundup," Lee said she …"
    inverted: Span | None = None
    at_start = not before.strip() and cue.word[:1].isupper()  # "Said Hart, "…""
    if subj is None and (_BEFORE_TRAIL.search(before) or at_start) and cls == "speech":
        inverted = subject_after(text, cue.end, sent.end)
        if inverted is not None and not _INVERTED_END.match(text, inverted[1], sent.end):
            inverted = None  # "…, said the election would …": no speaker after the cue
    if subj is None and inverted is None and after_quote is None:
        subj = _fallback_subject(text, sent, cue, quotes, state)
    if subj is None and _INFINITIVE.search(text, max(sent.start, cue.start - 4), cue.start):
        subj = clause_actor(text, sent.start, cue.start, quotes)  # "Lee went on TV to deny …"
        if subj is not None and not _SUBJECT_POSITION.fullmatch(text, sent.start, subj[0]):
            subj = None  # the first name is not the subject: "In a memo to Lee, …"
    mention = subj or inverted or _appositive_subject(text, state.seg, cue)
    trailing_only = " ".join(cue.word.lower().split()) in TRAILING_ONLY
    if (
        mention is None
        and cls == "speech"
        and not trailing_only
        and _THAT_NEXT.match(text, cue.end, sent.end)
    ):
        mention = _nearest_actor(text, state.seg, cue.start, quotes)  # "… noted that …"
        if mention is not None:  # a guess: the report is sure, its speaker is not
            before_guess = len(state.results)
            _leading(text, sent, cue, quotes, state, mention, skip_after_cue(text, cue, sent.end))
            for attr in state.results[before_guess:]:
                attr.confidence = min(attr.confidence, 0.45)
            return
    if mention is None:
        return
    if at_start and inverted:
        _said_first(text, sent, cue, quotes, state, inverted)
        return
    tail = inverted[1] if inverted else skip_after_cue(text, cue, sent.end)
    if (
        state.in_content
        and state.open_seg is not None
        and after_quote is None
        and cls == "speech"
        and _BEFORE_TRAIL.search(before)
        and _SENTENCE_TAIL.fullmatch(text, tail, sent.end)
    ):
        # "[In all, Lee has raised $7 million], aides said.": the whole clause is the aides'
        # report, the stance inside it stays a report of its own
        state.in_content = False
        state.seg = state.open_seg
        before = text[state.seg : subj_start]
        cut = content_end_before(text, state.seg, subj_start)
        for inner in state.results:
            if inner.start < cut < inner.end:
                inner.end = cut  # the inner report ends where the outer one does
    is_trailing = (
        (not state.in_content or after_quote is not None)
        and bool(_BEFORE_TRAIL.search(before))
        # "Last month, 26 percent said the same": an opening time or place is no content
        and not (
            after_quote is None
            and _ADJUNCT_OPEN.match(text, state.seg, subj_start)
            and count_words(text, state.seg, subj_start) <= 3
            and not _TRAIL_WORDS.search(before)
        )
        # one quoted word is enough: ""Absolutely," she said"
        and count_words(text, state.seg, subj_start) >= (1 if after_quote is not None else 2)
    )
    if is_trailing and after_quote is None and _mid_sentence(text, sent, cue, tail, mention, state):
        return
    comma_quote = after_quote is not None and _COMMA_CLOSE.search(
        text, after_quote.start, after_quote.end
    )
    if is_trailing and (
        comma_quote or _trailing_rest_ok(text, tail, sent.end, after_quote is not None)
    ):
        if _trailing(text, sent, cue, quotes, state, (mention, subj_start, tail), after_quote):
            return
        if after_quote is not None or not (
            _ADJUNCT_OPEN.match(text, state.seg, subj_start)
            and count_words(text, state.seg, subj_start) <= 8
        ):
            return  # "Asked whether …, Lee declined to answer": the stance reports nothing
        # "In Salem, Lee called Hart "unhinged"": a stance after an opening adjunct
    if not inverted and not trailing_only:
        _leading(text, sent, cue, quotes, state, mention, tail)


_THAT_NEXT: Final = re.compile(r"\s+that\s")
_OBJECT_OF_VERB: Final = re.compile(r"\b[a-z]{3,}ed\s+$")
_MODIFIER_WORD: Final = re.compile(r"[A-Z][\w’']*-(?:style|like|based|backed|led|era|type|linked)")
_PLURAL_SUBJECT: Final = re.compile(r"[a-z]{3,}s$")
_PRONOUN_OBJECT_NEXT: Final = re.compile(r"\s+(?:it|him|them)\s+(?:a|an|the|his|her|their|[\"“'‘])")
_TRAIL_WORDS: Final = re.compile(r"\b(?:is|was|are|were|will|would|has|have|had|can|could)\b")
# "In Salem, Lee backed …": a place or time before the subject, not reported content
_ADJUNCT_OPEN: Final = re.compile(
    r"\s*(?:In|On|At|During|From|Over|Under|Since|Earlier|Later|Last|This|Then|Now|Still|Also|"
    r"However|Meanwhile|Yet|But|And|So|Instead|Separately|Similarly|Today|Yesterday)\b"
)
# what may follow a trailing "…, aides said": a time, a place, the end of the sentence
_SENTENCE_TAIL: Final = re.compile(
    r"(?:\s+(?:on|last|this|in|at|earlier|late|early)?\s*(?:[A-Z]?[a-z]+day|week|month|year|"
    r"morning|night|evening|afternoon|\w+ly)?)?(?:\s*[.!?]?[\"”’')]*\s*|,\s+[a-z]+ing\b.*|"
    r",\s+[^\"“”]*)"  # "…, said Ann Roe, founder of the party": the speaker's apposition
)
# ""…," she told a crowd that …": a quote closed by a comma is the report of the verb after it
_COMMA_CLOSE: Final = re.compile(r",\s*(?:[\"”’']{1,2}|'')$")
_INFINITIVE: Final = re.compile(r"\bto\s+$")
_SUBJECT_POSITION: Final = re.compile(r"(?:[^\"“”]*,)?\s*(?:(?:But|And|So|Yet|Then|Now|Still)\s+)?")


def _nearest_actor(text: str, seg: int, pos: int, quotes: list[Quote]) -> Span | None:
    """The last pronoun or capitalised name before a cue whose subject was not recognised."""
    found: Span | None = None
    for m in ACTOR_RUN.finditer(text, max(seg, pos - 60), pos):
        if not in_quote(m.start(), quotes) and m.group() not in CAP_STOP:
            found = m.span()
    return found


_DOC_NOUN: Final = re.compile(
    r"\b(?:statement|e-?mail|letter|tweet|memo|release|post|message|ad|video|op-ed|note|"
    r"report)s?$"
)
_DOC_TO: Final = re.compile(
    r"\b(?:statement|e-?mail|letter|memo|message|note|report|post)s?\s+(?:to|for)\s+"
    r"(?:[\w’'-]+\s+){0,2}$"
)
_VERB_BEFORE: Final = re.compile(
    r"\b([a-z]+ed|sent|put out|wrote|gave)\s+(?:out\s+)?(?:\w+\s+){0,3}$"
)


def _with_role_words(text: str, seg: int, subj: Span | None) -> Span | None:
    """ "…," screenwriter Ann Lee wrote: lowercase role words before the name belong to it."""
    if subj is None or _BEFORE_TRAIL.search(text, seg, subj[0]):
        return subj
    role = _ROLE_PREFIX.search(text, seg, subj[0])
    if (
        role is not None
        and text[subj[0]].isupper()
        and count_words(text, role.start(1), subj[0]) <= 7
        and not _CLAUSE_WORD.search(role.group(1))
    ):
        return role.start(1), subj[1]
    return subj


def _appositive_subject(text: str, seg: int, cue: Cue) -> Span | None:
    """ "Rep. Ann Lee (D-Ore.), chair of the committee and …, said"."""
    if (
        cue.word.lower() in _PARTICIPLE_ONLY
        or _AS_NEXT.match(text, cue.end)
        or not _APPOSITIVE_SUBJECT.match(text, seg, cue.start)
    ):
        return None
    return seg, content_end_before(text, seg, cue.start)


_BARE_OK: Final = frozenset(
    "people police media public majority children men women staff crowd press clergy".split()
)


def _noun_compound(text: str, subj: Span, cue: Cue) -> bool:
    """A cue word in its bare form after "the/a …" is part of a noun phrase, not its verb."""
    word = cue.word.lower()
    if ALL_FORMS.get(word) != word or word.endswith("s"):
        return False  # only the bare form: "found", "said", "tolls" agree with their subject
    words = text[subj[0] : subj[1]].split()
    if len(words) < 2 or words[0].lower() not in ("the", "a", "an", "this", "that"):
        return False
    if text[subj[1] : cue.start].strip():
        return False  # "the council will say": an auxiliary between
    last = words[-1].lower()
    return not last.endswith("s") and last not in _BARE_OK


def _appositive_after_quote(text: str, seg: int, cue: Cue, quotes: list[Quote]) -> Span | None:
    """ ""…!" Tom Hart, the head of the county party, tweeted": the apposition is the speaker."""
    last = None
    for q in quotes:
        if seg <= q.start and q.end <= cue.start:
            last = q
    if last is None:
        return None
    start = last.end
    while start < cue.start and text[start] in " ,\t":
        start += 1
    if not text[start : start + 1].isupper():
        return None
    return _appositive_subject(text, start, cue)


def _said_first(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState, mention: Span
) -> None:
    """ "Said Hart, "…"": a sentence that opens with the cue and the speaker."""
    split = QUOTE_AFTER_LEAD.match(text, mention[1], sent.end)
    if split:
        end = sentence_end(text, sent, split.end(), quotes)
        state.results.append(Attribution(split.end(), end, (cue.start, cue.end), mention, 0.8))
        state.seg = end


def _trailing(
    text: str,
    sent: Sentence,
    cue: Cue,
    quotes: list[Quote],
    state: SentenceState,
    where: tuple[Span, int, int],
    after_quote: Quote | None,
) -> bool:
    """ "…," Putin said (, "…"): the content before the speaker; a split quote after it.

    Returns False when the cue cannot report what comes before it ("In Salem, Lee backed …").
    """
    mention, subj_start, tail = where
    cls = cue_class(cue.word)
    data = cls == "finding" and bool(_DATA_WORD.search(text, *mention))
    if cls != "speech" and not data and cue.word.lower() not in _TRAILING_OTHER:
        return False
    start = state.seg
    if after_quote is not None and _QUOTE_ONLY.search(text, state.seg, after_quote.start):
        start = after_quote.start  # "In Iowa, "we will win," he said": the quote alone
    end = content_end_before(text, state.seg, subj_start)
    if mention[0] < end and start < mention[1]:
        return False  # "The link, agreed in 2013, …": the "speaker" is the content itself
    if _ASKED_OPEN.match(text, start):
        end = start  # "Asked if …, Lee said, "…"": the question is not Lee's words
    if count_words(text, start, end) >= (1 if after_quote is not None else 2):
        state.results.append(Attribution(start, end, (cue.start, cue.end), mention, 0.9))
        state.last_mention = mention
    state.seg = tail
    split = _SPLIT_REST.match(text, tail, sent.end)
    if split:  # "…," he said, "…": the second half of a split quote
        start = split.end()
        end = sentence_end(text, sent, start, quotes)
        for q in quotes:
            if q.start == start and _DASH_NEXT.match(text, q.end, end):
                end = q.end  # "… - "…," he said, "…" - and vowed …": the aside ends at the dash
        state.results.append(Attribution(start, end, (cue.start, cue.end), mention, 0.85))
        state.seg = end
    return True


_DASH_NEXT: Final = re.compile(r"\s*(?:\s-\s|--|—|–)")
_ROLE_PREFIX: Final = re.compile(r"[,\"”’'—–]\s*([^,\"”“.;:!?()]{2,50})$")
_CLAUSE_WORD: Final = re.compile(  # not inside a compound: "warm-and-fuzzy Hart said"
    r"(?<![\w-])(?:and|or|but|while|as|when|then|so|that|which|who|is|was|are|were|has|had|have|"
    r"if|with|in|on|at|for|from|by|to)(?![\w-])"
)
_SPLIT_REST: Final = re.compile(r"[^\"“”«»]{0,120}?,\s*(?=[\"“‘«`'])")


_MID_REST: Final = re.compile(r"\s*,\s*(?![\"“‘«`'])")


_RELATIVE: Final = re.compile(r"(?:who|whose|which|where|whom)\b")
_GERUND_START: Final = re.compile(r"[a-z]+ing\b")
# "Asked by a reporter about X, Lee said, …": the question, not the speaker's words
_ASKED_OPEN: Final = re.compile(r"\s*(?:When\s+|After\s+|Once\s+)?(?:[Aa]sked|[Pp]ressed)\b")


def _mid_sentence(
    text: str, sent: Sentence, cue: Cue, tail: int, mention: Span, state: SentenceState
) -> bool:
    """ "In the end, Mr. Hart said, the town will pay …": the content is (also) after the cue."""
    comma = _MID_REST.match(text, tail, sent.end)
    if comma is None or _RELATIVE.match(text, comma.end()):
        return False  # "said Lee Epstein, who teaches law": the clause describes the speaker
    if _GERUND_START.match(text, comma.end()):
        return False  # "…, he said, wiping his brow": the speaker's action, not more content
    if mention[0] > cue.start:
        return False  # "…, said Dan Roe, an analyst in Salem": the speaker's apposition
    end = sentence_end(text, sent, comma.end(), [])
    end = clause_end(text, comma.end(), end, [], strict=False)  # "…, the latter …"
    if count_words(text, comma.end(), end) < 4:
        return False
    before_end = content_end_before(text, state.seg, min(mention[0], cue.start))
    if count_words(text, state.seg, before_end) >= 5 and not _ASKED_OPEN.match(text, state.seg):
        state.results.append(Attribution(state.seg, before_end, (cue.start, cue.end), mention, 0.7))
    state.results.append(Attribution(comma.end(), end, (cue.start, cue.end), mention, 0.75))
    state.last_mention = mention
    state.seg = end
    return True


# "The mayor, known locally as …": a participle phrase, not the verb of the sentence
_PARTICIPLE_ONLY: Final = frozenset(("known", "shown", "written", "seen", "thought", "told"))
_AS_NEXT: Final = re.compile(r"\s+(?:\w+ly\s+)?(?:as|by)\b")
_APPOSITIVE_SUBJECT: Final = re.compile(
    r"(?:[Tt]he\s+|[A-Z])(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Jr|[A-Z])\.|[^\"“”.;:!?])"
    r"{2,240}?,\s*(?:\w+ly\s+|also\s+)?$"
)


_OBJECT_REST: Final = re.compile(
    r"\s*(?:that|nothing|little|so|this|it|much|more|no|an?|the|his|her|their)\b"
)
# "…, Lee told aides as he worked on the speech": a clause about the telling, not an object
_CIRCUMSTANCE_REST: Final = re.compile(
    r"\s*(?:as|when|while|after|before|because|during|in|at|on|from|with|since|according)\b"
)


def _trailing_rest_ok(text: str, tail: int, end: int, after_quote: bool) -> bool:
    """Whether what follows a trailing cue leaves the content before it whole."""
    rest = text[tail:end]
    if TRAIL_END.fullmatch(rest) or rest.lstrip().startswith((",", ";")):
        return True
    if after_quote:  # "…," she told an audience at the county library in Salem.
        return not rest.lstrip().startswith("that ")
    if _CIRCUMSTANCE_REST.match(rest):
        return True
    # "The plan is bad, he said on Tuesday." but not "In a statement, he said the plan is bad."
    # nor "When asked about it, Lee said nothing."
    return count_words(text, tail, end) <= 3 and not _OBJECT_REST.match(rest)


def _quote_ending_at(text: str, seg: int, pos: int, quotes: list[Quote]) -> Quote | None:
    """The quote that ends right before ``pos`` (only punctuation and space between)."""
    stop = pos
    while stop > seg and (text[stop - 1].isspace() or text[stop - 1] in ",—–-"):
        stop -= 1
    for q in quotes:
        if q.end == stop and q.start >= seg:
            return q
    return None


def _fallback_subject(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState
) -> Span | None:
    """ "… and later said, "…"": the nearest pronoun or name of the clause before the cue."""
    coordinated = _COORDINATED.search(text, max(state.seg, cue.start - 30), cue.start)
    if not coordinated and not _QUOTE_NEXT.match(text, cue.end, cue.end + 4):
        return None
    if coordinated and state.results and state.results[0].mention is not None:
        return state.results[0].mention  # "Lee said he would go and added, "…"": Lee added
    if state.last_mention is not None:
        return state.last_mention
    if coordinated:  # "Graham said X, and said that …": the sentence's subject said both
        actor = clause_actor(text, sent.start, cue.start, quotes)
        if actor is not None:
            return actor
    found: Span | None = None
    for m in PRONOUN_OR_NAME.finditer(text, state.seg, cue.start):
        if not in_quote(m.start(), quotes):
            found = m.span()
    return found


_COORDINATED: Final = re.compile(
    r"\b(?:and|but)\s+(?:\w+ly\s+|also\s+|then\s+|on\s+\w+day\s+|last\s+\w+\s+|later\s+|"
    r"(?:has|have|had|would|will)\s+(?:\w+ly\s+|also\s+)?)?$"
)
_QUOTE_NEXT: Final = re.compile(r"\s*[,:]?\s*[\"“‘«`]")


def _leading(
    text: str,
    sent: Sentence,
    cue: Cue,
    quotes: list[Quote],
    state: SentenceState,
    mention: Span,
    tail: int,
) -> None:
    cls = cue_class(cue.word)
    keep_seg = False
    opener = CONTENT_OPEN.match(text, tail, sent.end)
    start = opener.end() if opener else tail
    if cls == "stance" and "," in text[tail:start]:
        return  # "When asked whom she backed, Lee smiled": a stance's object follows it directly
    has_that = text.startswith("that", start) and not text[start + 4 : start + 5].isalnum()
    if not has_that and cls == "speech":  # a stance's object is not a lead-in to a quote
        lead = QUOTE_AFTER_LEAD.match(text, start, sent.end)
        if lead:  # "said of the request: "…"", "asks at the school, "…""
            start = lead.end()
    cue_end = cue.end
    prep = None
    if not has_that and cls in ("speech", "stance") and not text[tail:start].strip():
        prep = _PREP_OBJECT.match(text, start, sent.end)
        if prep is not None:  # "railed against the plan": the preposition belongs to the cue
            cue_end, start = prep.end(1), prep.end()
    end = sentence_end(text, sent, start, quotes)
    end = clause_end(
        text, start, end, quotes, strict=cls == "stance" or prep is not None, cue=cue.word
    )
    if cls == "speech":
        for q in quotes:
            if q.start == start and q.end < end and _QUOTE_THEN_ADJUNCT.match(text, q.end, end):
                end = q.end  # "said, "We'll see," when asked …": the quote alone
    if _SUBORDINATE_OPEN.match(text, sent.start, mention[0] + 1):
        # "After the host asked Lee who would win, Lee laughed": the report ends with its clause
        comma = text.find(",", start, end)
        while comma >= 0 and in_quote(comma, quotes) and not _CLOSING_AFTER.match(text, comma + 1):
            comma = text.find(",", comma + 1, end)
        if comma > start:
            closing = _CLOSING_AFTER.match(text, comma + 1)
            end = closing.end() if closing and in_quote(comma, quotes) else comma
    if cls != "speech" and not _RELATIVE_SUBJECT.fullmatch(text, *mention):
        main = _MAIN_VERB_AFTER.search(text, start, end)
        if main is not None and not in_quote(main.end() - 1, quotes):
            # "Lee, in the wake of a poll showing X, told …": the aside ends before the verb
            end = main.end(1) if main.end(1) - main.start(1) > 1 else main.start()
            keep_seg = True
        elif _MAIN_VERB_AFTER.match(text, end, sent.end):
            keep_seg = True  # the content was already cut before ", told …"
    if cls != "speech" and _CONJUNCTION_START.match(text, start):
        return  # "they don't know, and about one in five say …": a new clause, not an object
    if (cue.word.lower() in NOUN_LIKE or cls == "cognition") and _COPULA_START.match(text, start):
        return  # "Valdoria shares were up": the cue word was a noun, the subject of "were"
    if _RELATIVE_SUBJECT.fullmatch(text, *mention):
        # "Lee, who thinks X, called …": the relative clause ends before the main verb
        for main in _MAIN_VERB_AFTER.finditer(text, start, end):
            if not in_quote(main.end() - 1, quotes):
                # keep a closing quote mark: "…were "in the seven figures," described …"
                end = main.end(1) if main.end(1) - main.start(1) > 1 else main.start()
                break
    if end <= start or not (
        _report_ok(text, cue, mention, (start, end), has_that, quotes)
        or (prep is not None and text[mention[0] : mention[1]].lower() not in _VAGUE_SUBJ)
    ):
        return
    if (
        cls != "speech"
        and not (keep_seg and cls == "finding")  # "…, in the wake of a poll showing X, told"
        and _MAIN_SPEECH_AFTER.match(text, end, sent.end)
    ):
        return  # "Tom Hart, who went to Salem to promote the rules, said …": an aside
    if state.in_content and state.results and _same_thinker(text, cls, mention, state):
        # "Lee says she feels X": one report of X by Lee, as the annotators read it
        state.results[-1].start = start
        state.seg = cue.end
        return
    if state.in_content and state.results:
        outer = state.results[-1]
        cut = mention[0]
        conj = _CONJ_BEFORE.search(text, max(0, cut - 8), cut)
        if conj is not None:
            cut = conj.start()  # "…, and about one in five say …"
        while cut > 0 and text[cut - 1].isspace():
            cut -= 1
        if text[cut - 1 : cut] in (",", ";") and outer.start < cut - 1 < outer.end:
            outer.end = cut - 1  # "7 percent said X, 27 percent said Y": two reports
    if not state.in_content:
        state.open_seg = state.seg
    state.in_content = True
    conf = {"speech": 0.8, "cognition": 0.6, "finding": 0.55, "stance": 0.5}.get(cls, 0.7)
    state.results.append(Attribution(start, end, (cue.start, cue_end), mention, conf))
    state.last_mention = mention
    # leave later cues inside this content free: nested reports are attributions too; after a
    # relative clause the main verb still reaches its subject ("Lee, who thinks …, called …")
    if (
        not keep_seg
        and not _RELATIVE_SUBJECT.fullmatch(text, *mention)
        and not _inside_relative(text, cue, state)
    ):
        state.seg = cue.end


_PERSONAL: Final = frozenset(("he", "she", "they", "i", "we"))
_QUOTE_THEN_ADJUNCT: Final = re.compile(
    r"\s*,?\s*(?:when|as|before|after|while|because|since|until|according|adding|noting|who|"
    r"which|prompting|drawing|and\s+[a-z]+ing|in\s+an?|"
    r"at\s+an?|during|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
)
# "complained about X", "railed against X", "lashed out at X": the object of the preposition
_PREP_OBJECT: Final = re.compile(r"((?:out\s+)?(?:about|against|at|over))\s+(?=[\w\"“‘'])")
_RELATIVE_SUBJECT: Final = re.compile(r"who|which", re.IGNORECASE)
_CLOSING_AFTER: Final = re.compile(r"[\"”’']+")
_MAIN_VERB_AFTER: Final = re.compile(
    r"(,[\"”’']*)\s+(?:\w+ly\s+|also\s+|has\s+|have\s+|had\s+|will\s+|would\s+)?(?:[a-z]+ed|said|says|"
    r"did|does|was|is|will|would|has|had|"
    r"told|tells|wrote|writes|thinks|thought|knew|knows|sought|seeks|left|won|lost|made|took)\b"
)
_CONJ_BEFORE: Final = re.compile(r"\b(?:and|but|while)\s+$")
_CONJUNCTION_START: Final = re.compile(r"(?:and|but|or|while|yet)\s")
_COPULA_START: Final = re.compile(r"(?:is|was|were|are|has|have|had)\s")
_MAIN_SPEECH_AFTER: Final = re.compile(
    r",\s+(?:\w+ly\s+|also\s+|has\s+|had\s+)?(?:said|says|told|tells|added|argued|wrote|noted|"
    r"insisted|warned|explained)\b"
)


def _inside_relative(text: str, cue: Cue, state: SentenceState) -> bool:
    """A report inside a who-clause ("Lee, who says Hart attacks her, said …")."""
    return any(
        r.mention is not None
        and r.start <= cue.start < r.end
        and _RELATIVE_SUBJECT.fullmatch(text, *r.mention) is not None
        for r in state.results[:-1]
    )


def _same_thinker(text: str, cls: str, mention: Span, state: SentenceState) -> bool:
    """A cognition verb whose pronoun subject opens the content of the report around it."""
    outer = state.results[-1]
    return (
        cls == "cognition"
        and outer.start == mention[0]
        and text[mention[0] : mention[1]].lower() in _PERSONAL
    )


def _report_ok(
    text: str, cue: Cue, mention: Span, content: Span, has_that: bool, quotes: list[Quote]
) -> bool:
    """Whether the words after a leading cue are a report, by the cue's class."""
    word = cue.word.lower()
    cls = cue_class(word)
    start, end = content
    starts_quote = text[start : start + 1] in "\"“‘'«„`"
    subject = text[mention[0] : mention[1]].lower()
    if starts_quote and any(
        q.start == start and q.end >= end - 1 and looks_like_title(text, q) for q in quotes
    ):
        return False  # "she wrote "Hard Choices"": a title, not her words
    if has_that or starts_quote:
        return not (cls == "stance" and subject in _VAGUE_SUBJ)
    if cls == "finding" and _DATA_WORD.search(subject):
        # "Polls show Lee ahead", "a survey found both men unknown"
        return count_words(text, start, end) >= 2 and not _PREPOSITION_START.match(text, start)
    if (
        word in AMBIGUOUS
        and not (cls == "speech" and _WH_START.match(text, start))
        and not _AUXILIARY_BEFORE.search(text, max(0, cue.start - 16), cue.start)
    ):
        # a noun as often as a verb; but "questioned why …", "did not mention Lee" report
        return False
    if cls == "finding" and subject.split()[-1] not in _DATA_NOUNS:
        return False
    if cls == "cognition" and (
        subject in _VAGUE_SUBJ
        or _OBJECT_PRONOUN.match(text, start)  # "Fans know him as …" reports no thought
        or count_words(text, start, end) < 4
    ):
        return False
    if cls == "stance" and (
        subject in _VAGUE_SUBJ
        or (
            word.startswith("call")
            and not has_quote(quotes, start, end)
            and not _CALLED_PRONOUN.match(text, start)
        )
    ):
        # "called" names things; "called it "a disgrace"" and "called him a liar" report words
        return False
    if (
        _PREPOSITION_START.match(text, start)
        and not (word in TO_VERBS and text.startswith("to ", start))
        and not (cls == "speech" and _ABOUT.match(text, start))
    ):
        return False  # "said in a statement" is no report; "complained about X" is
    if cls == "stance" and (
        _NAME_OBJECT.fullmatch(text, start, end) or count_words(text, start, end) >= 1
    ):
        return True  # "endorsed Ann Lee": a named object is enough
    return count_words(text, start, end) >= (2 if word in _SHORT_OK else 3)


_NAME_OBJECT: Final = re.compile(r"(?:[A-Z][\w’'.-]+\s+){1,3}[A-Z][\w’'-]+")


_AUXILIARY_BEFORE: Final = re.compile(
    r"\b(?:did\s+not|didn[’']t|has|have|had|also|repeatedly|publicly)\s+(?:\w+ly\s+)?$"
)
_WH_START: Final = re.compile(r"(?:why|whether|how|what|who|if)\s")
# "Fans know him as …", "trust them to …": the pronoun is the object, no clause follows; but
# "believes it is crucial", "learned her father had …" report a clause
_CALLED_PRONOUN: Final = re.compile(
    r"(?:him|her|them|it|me|us|you)\s+(?:an?|the|his|her|their|its|my|our)\s+(?:\w+\s+){0,3}?"
    r"(?:liar|fraud|disgrace|failure|hero|bully|loser|joke|threat|danger|opportunist|hypocrite|"
    r"racist|coward|traitor|friend|leader|champion|mistake|disaster|con|clown|embarrassment|"
    r"extremist|radical|socialist|puppet|phony|crook|criminal|genius|patriot)\b"
)
_OBJECT_PRONOUN: Final = re.compile(
    r"(?:him|her|them|me|us|it)(?:\s+(?:as|to|for|from|with|and|or|at|in|on|by|well|better|"
    r"personally|very|so|too|all|both|\w+ly)\b|\s*[,.;:!?)]|\s*$)"
)
# "26 percent said the same", "They said she could": short reports after plain speech verbs
_SHORT_OK: Final = frozenset(("said", "says", "say", "denied", "denies", "deny"))
_ABOUT: Final = re.compile(r"(?:about|of)\s+\w")
_VAGUE_SUBJ: Final = frozenset(("which", "it", "that"))
_DATA_NOUNS: Final = frozenset(
    """poll polls survey surveys study studies data report reports results numbers analysis
    research figures records documents emails review investigation audit""".split()
)
