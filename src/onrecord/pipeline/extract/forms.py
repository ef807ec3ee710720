"""Reporting forms other than subject + verb: "according to X", participles (", adding that …"),
"Asked whether …", and impressions with no source ("X appeared to …").
"""

from __future__ import annotations

import re
from typing import Final

from onrecord.pipeline.extract.clauses import (
    CONTENT_OPEN,
    QUOTE_AFTER_LEAD,
    SentenceState,
    clause_end,
    content_end_before,
    rstrip_span,
    sentence_end,
    skip_after_cue,
)
from onrecord.pipeline.extract.cues import Cue, cue_class
from onrecord.pipeline.extract.mentions import CAP_STOP, subject_after, subject_before
from onrecord.pipeline.extract.quotes import Quote
from onrecord.pipeline.extract.sentences import Sentence
from onrecord.pipeline.extract.spans import (
    PRONOUN_OR_NAME,
    Attribution,
    Span,
    clause_actor,
    count_words,
    in_quote,
)

ACCORDING: Final = "according to"
PASSIVE_ASKED: Final = re.compile(
    r"(?:^|\b(?:[Ww]hen|was|were|been|being|if|once)\s+|[.!?]\s+|^\s*)A?a?sked\b"
)
_CLAUSE_START: Final = re.compile(
    r"[,;:—(]\s*|\b(?:but|and|while|because|although|though|when|if|However|But|And)\s+"
    r"|(?=\b(?:who|which|that)\b)"
)
_APPEARANCE_NEXT: Final = re.compile(
    r"\s+(?:to\b|(?!(?:on|in|at|before|with|for|as|from|by|the|a|an)\b)[a-z]+)"
)
_ASKED_BY: Final = re.compile(
    r"\s+by\s+([^,.;:]{1,60}?)(?=\s+(?:whether|if|what|how|why|who|when|where|which|about|to)\b)"
)
_ASKED_CONTENT: Final = re.compile(
    r"\s*(?:(?:on|in|at|during)\s+[^,]{1,60}?\s+)?(?=(?:whether|if|what|how|why|who|when|where|which|about|to)\b)"
)
_WHEN_CUT: Final = re.compile(r"\s(?:when|as|after|before|because)\s")
_NP_AFTER_END: Final = re.compile(r"[,.;:!?)\]]|\s[—–]\s|$")


def report_appearance(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState
) -> None:
    """ "The mayor's voters appeared to turn out in force": no source, the clause is it."""
    if not _APPEARANCE_NEXT.match(text, cue.end, sent.end) or in_quote(cue.start, quotes):
        return
    start = state.seg
    for m in _CLAUSE_START.finditer(text, state.seg, cue.start):
        if not in_quote(m.start(), quotes):
            start = m.end()
    end = sentence_end(text, sent, cue.end, quotes)
    # "X seems stable, but that could change": the impression ends before the narrator's turn
    end = clause_end(text, cue.end, end, quotes, strict=False)
    when = _WHEN_CUT.search(text, cue.end, end)
    if when is not None and count_words(text, cue.end, when.start()) >= 3:
        end = when.start()
    if count_words(text, start, cue.start) >= 1 and count_words(text, start, end) >= 4:
        state.results.append(Attribution(start, end, (cue.start, cue.end), None, 0.4))


_CLOSED_AFTER: Final = re.compile(r"[\"”’']+")
_ASKED_ADJUNCT: Final = re.compile(
    r"\s+(?:during|after|before|at|in|on)\s+(?:an?|the|this|last|his|her|their|its|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def report_passive_ask(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState
) -> None:
    """ "Asked whether …, Devine replied": the question is reported, its asker often unnamed."""
    pos = cue.end
    mention: Span | None = None
    by = _ASKED_BY.match(text, pos, sent.end)
    if by:  # "was asked by the host whether …"
        mention = by.span(1)
        pos = by.end()
    content = _ASKED_CONTENT.match(text, pos, sent.end)
    if content is None:
        return
    start = content.end()
    comma = text.find(",", start, sent.end)
    while comma >= 0 and in_quote(comma, quotes) and not _CLOSED_AFTER.match(text, comma + 1):
        comma = text.find(",", comma + 1, sent.end)  # a comma inside a quoted title
    if comma > start and in_quote(comma, quotes):
        closed = _CLOSED_AFTER.match(text, comma + 1)
        comma = closed.end() if closed else comma
    end = comma if comma > start else sentence_end(text, sent, start, quotes)
    adjunct = _ASKED_ADJUNCT.search(text, start, end)
    if adjunct is not None and not in_quote(adjunct.start(), quotes):
        end = adjunct.start()  # "Asked why … during an appearance on Friday": the question only
    if count_words(text, start, end) >= 2:
        state.results.append(Attribution(start, end, (cue.start, cue.end), mention, 0.5))


def acting_subject(text: str, start: int, end: int, quotes: list[Quote]) -> Span | None:
    """The last pronoun or name right before a past-tense verb ("he used stronger language"),
    else the clause's first actor."""
    found: Span | None = None
    for m in PRONOUN_OR_NAME.finditer(text, start, end):
        if m.group().split()[0] not in CAP_STOP and not in_quote(m.start(), quotes):
            found = m.span()
    return found or clause_actor(text, start, end, quotes)


_MAIN_VERB_IN: Final = re.compile(
    r",\s+(?:\w+ly\s+|also\s+)?(?:[a-z]{3,}ed|said|says|told|tells|wrote)\b(?!\s+by\b)"
)
_MAIN_VERB_NEXT: Final = re.compile(
    r",\s+(?:\w+ly\s+|also\s+)?(?:said|says|told|tells|added|argued|wrote|noted|insisted|"
    r"warned|explained|called|urged|predicted|[a-z]{3,}ed)\b"
)


_OPENING_PREPOSITION: Final = re.compile(
    r"\s*(?:After|Before|While|By|In|Upon|Besides|Since|When|Without)\s+"
)
_MAIN_SUBJECT: Final = re.compile(
    r"\s*((?:[Hh]e|[Ss]he|[Tt]hey|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}))"
    r"\s+(?:\w+ly\s+|also\s+|then\s+)?(?:[a-z]+(?:ed|s)|said|told|wrote|thought|felt|knew|"
    r"made|took|gave|sought|won|lost)\b"
)


_PAST_VERB: Final = re.compile(r"\b(?:[a-z]{3,}ed|said|told|wrote|sent|gave|made|took|spoke)\b")


def _subject_of_last_verb(text: str, start: int, end: int, quotes: list[Quote]) -> Span | None:
    """The subject of the last past-tense verb before a participle ("…rallied them, saying")."""
    verbs = [m for m in _PAST_VERB.finditer(text, start, end) if not in_quote(m.start(), quotes)]
    if not verbs:
        return None
    subject = subject_before(text, start, verbs[-1].start())
    if subject is None or text[subject[0] : subject[1]] in CAP_STOP:
        return None
    return subject


def report_participle(
    text: str,
    sent: Sentence,
    cue: Cue,
    quotes: list[Quote],
    state: SentenceState,
    prev_mention: Span | None,
) -> None:
    """ ", adding that …", ", saying …": a further report by the speaker of the clause."""
    mention = state.last_mention or (state.results[-1].mention if state.results else None)
    if mention is None and cue.start == sent.start:
        mention = prev_mention  # "Adding, "…"": the previous sentence's speaker goes on
    main_comma = -1
    if mention is None and _OPENING_PREPOSITION.fullmatch(text, sent.start, cue.start):
        # "After praising the plan, Lee voted …": the main clause's subject did it
        main_comma = text.find(",", cue.end, sent.end)
        while main_comma >= 0 and in_quote(main_comma, quotes):
            main_comma = text.find(",", main_comma + 1, sent.end)
        if main_comma > 0:
            subject = _MAIN_SUBJECT.match(text, main_comma + 1, sent.end)
            if subject is not None and subject.group(1) not in CAP_STOP:
                mention = subject.span(1)
    if mention is None:  # "The families had mobilized, warning …": the subject of that verb
        mention = _subject_of_last_verb(text, sent.start, cue.start, quotes)
    if mention is None:  # "He also issued a statement, saying …": the clause's subject
        mention = acting_subject(text, sent.start, cue.start, quotes)
    if mention is None:
        return
    tail = skip_after_cue(text, cue, sent.end)
    opener = CONTENT_OPEN.match(text, tail, sent.end)
    start = opener.end() if opener else tail
    if cue_class(cue.word) == "speech" and not text.startswith("that ", start):
        lead = QUOTE_AFTER_LEAD.match(text, start, sent.end)
        if lead is not None:  # ", tweeting at him, "…"": the quote, not the lead-in
            start = lead.end()
    end = sentence_end(text, sent, start, quotes)
    if main_comma > start:
        end = main_comma
    main_verb = _MAIN_VERB_IN.search(text, start, end)
    if main_verb is not None and not in_quote(main_verb.start(), quotes):
        end = main_verb.start()  # "Lee, recalling …, described …": the aside ends at the verb
    least = 3
    if cue_class(cue.word) == "stance":  # ", praising its goals but …": the object only
        end = clause_end(text, start, end, quotes, strict=True, cue=cue.word)
        least = 2
    else:  # ", answering a question, he served …": the participle's clause only
        end = clause_end(text, start, end, quotes, strict=False)
    if count_words(text, start, end) >= least:
        state.results.append(Attribution(start, end, (cue.start, cue.end), mention, 0.7))
        if not _MAIN_VERB_NEXT.match(text, end, sent.end):
            state.seg = cue.end  # "Lee, citing a poll, said …": the main verb keeps "Lee"


def report_according(
    text: str, sent: Sentence, cue: Cue, quotes: list[Quote], state: SentenceState
) -> None:
    """ "according to X, …" or "…, according to X": X is the source of the other side."""
    np_end = _np_end_after(text, cue.end, sent.end)
    mention = subject_after(text, cue.end, np_end) or (cue.end + 1, np_end)
    mention = (mention[0], max(mention[1], np_end)) if mention[1] < np_end else mention
    if mention[1] <= mention[0]:
        return
    before = text[state.seg : cue.start].rstrip()
    if count_words(text, state.seg, cue.start) >= 3 and before.endswith(
        (",", "—", "–", "(", "”", '"', "''")
    ):
        end = content_end_before(text, state.seg, cue.start)
        state.results.append(Attribution(state.seg, end, (cue.start, cue.end), mention, 0.75))
    elif text[np_end : np_end + 1] == ",":
        start = np_end + 1
        while start < sent.end and text[start].isspace():
            start += 1
        end = sentence_end(text, sent, start, quotes)
        if count_words(text, start, end) >= 3:
            state.results.append(Attribution(start, end, (cue.start, cue.end), mention, 0.75))
    else:
        return
    state.last_mention = mention
    state.seg = np_end


def _np_end_after(text: str, pos: int, limit: int) -> int:
    m = _NP_AFTER_END.search(text, pos, limit)
    end = m.start() if m else limit
    if end - pos > 120:
        end = pos + 120
    return rstrip_span(text, pos, end)
