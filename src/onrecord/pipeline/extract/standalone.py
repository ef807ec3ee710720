"""Quotes no cue claimed: attribute them from their surroundings, or drop them.

A dash or a speaker line after the quote, a headline "Name: quote", a past-tense verb or a colon
before it, a paragraph-final lead-in ("Putin said:") before its paragraph, or the speaker of the
previous statement for a quote that continues it. A short quote with none of these is a scare
quote, a title or a nickname and yields nothing.
"""

from __future__ import annotations

import re
from typing import Final

from onrecord.pipeline.extract.cues import ALL_FORMS, Cue
from onrecord.pipeline.extract.mentions import CAP_STOP, subject_after, subject_before
from onrecord.pipeline.extract.quotes import Quote, looks_like_title
from onrecord.pipeline.extract.sentences import Sentence
from onrecord.pipeline.extract.spans import (
    PRONOUN_OR_NAME,
    Attribution,
    Span,
    clause_actor,
    count_words,
)

_DASH_SPEAKER: Final = re.compile(r"\s*[—–-]+\s*(?=[A-Z])")
_HEADLINE: Final = re.compile(r"^([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*:\s*(?=[\"“‘'«])")


def standalone_quote(
    text: str,
    sent: Sentence,
    quote: Quote,
    prev: Attribution | None,
    lead_in: Span | None,
    next_sent: Sentence | None = None,
) -> Attribution | None:
    """Attribute a quote no cue claimed, or return None for scare quotes and titles."""
    head = _CAPS_HEAD.search(text, sent.start, quote.start)
    if head is not None and count_words(text, quote.inner_start, quote.inner_end) >= 4:
        return Attribution(quote.start, quote.end, None, head.span(1), 0.5, [quote])
    found = _standalone_quote(text, sent, quote, prev, lead_in, next_sent)
    if found is not None and found.mention is not None and found.cue is None:
        words = text[found.mention[0] : found.mention[1]].split()
        if len(words) >= 2 and all(w.isupper() or not w[:1].isalpha() for w in words):
            # "NOW OPEN—"…," by the Daily Post: "…"": an excerpt under a newsletter's section
            # heading, not the words of a speaker
            return None
    return found


def _standalone_quote(
    text: str,
    sent: Sentence,
    quote: Quote,
    prev: Attribution | None,
    lead_in: Span | None,
    next_sent: Sentence | None,
) -> Attribution | None:
    if looks_like_title(text, quote):
        return None
    words = count_words(text, quote.inner_start, quote.inner_end)
    q_words = count_words(text, sent.start, sent.end)
    share = words / q_words if q_words else 0.0
    after = text[quote.end : sent.end]
    dash = _DASH_SPEAKER.match(after)
    if dash:  # "…" — Vladimir Putin
        start = quote.end + dash.end()
        mention = subject_after(text, start, sent.end)
        if mention:
            return Attribution(quote.start, quote.end, None, mention, 0.75, [quote])
    post = _post_quote_verb(text, sent, quote)
    if post is not None:
        return post
    lead = _VERB_LEAD.search(text, sent.start, quote.start)
    if lead:  # "Ann Lee cracked, "…"": any past-tense verb with a comma or colon
        mention = subject_before(text, sent.start, lead.start(1))
        if mention is not None:
            return Attribution(quote.start, quote.end, lead.span(1), mention, 0.7, [quote])
    colon = _COLON_BEFORE.search(text, sent.start, quote.start + 1)
    if colon:  # "Lee fired back: "…"", "Former mayor Ann Lee: "…""
        whole = subject_before(text, sent.start, colon.start())
        if whole is not None and whole[0] == sent.start:
            return Attribution(quote.start, quote.end, None, whole, 0.75, [quote])
        label = _DASH_LABEL.search(text, sent.start, colon.start())
        if label is not None:  # "… is much the same - More from Ann Lee: "…""
            return Attribution(quote.start, quote.end, None, label.span(1), 0.7, [quote])
        named = _NAME_THEN_VERB.search(text, sent.start, colon.start())
        if named is not None and named.group(1).split()[0] not in CAP_STOP:
            # "When Hart spoke, Lee fired back forcefully: "…"": the name before the last verb
            return Attribution(quote.start, quote.end, None, named.span(1), 0.7, [quote])
        subject = PRONOUN_OR_NAME.search(text, sent.start, colon.start())
        actor = subject.span() if subject else clause_actor(text, sent.start, colon.start(), [])
        if actor:
            return Attribution(quote.start, quote.end, None, actor, 0.7, [quote])
    if next_sent is not None and next_sent.paragraph != sent.paragraph and share >= 0.6:
        line = _DASH_SPEAKER.match(text, next_sent.start, next_sent.end)
        if line and next_sent.start == line.start():  # "…" ¶ — Mayor Ann Lee, on the radio
            mention = subject_after(text, line.end(), next_sent.end)
            if mention:
                return Attribution(quote.start, quote.end, None, mention, 0.75, [quote])
    head = _HEADLINE.match(text, sent.start, quote.start + 1)
    if head and head.end() == quote.start and sent.paragraph == 0:  # Putin: 'We will not back down'
        return Attribution(quote.start, quote.end, None, head.span(1), 0.75, [quote])
    if share < 0.6 or words < 4:
        return None
    if lead_in is not None:
        return Attribution(quote.start, quote.end, None, lead_in, 0.8, [quote])
    if prev is not None and prev.mention is not None:
        return Attribution(quote.start, quote.end, None, prev.mention, 0.6, [quote])
    if words >= 6:  # a long quote is speech even when its speaker is out of reach
        return Attribution(quote.start, quote.end, None, None, 0.35, [quote])
    return None


_DASH_LABEL: Final = re.compile(
    r"\s[-—–]\s+(?:[Mm]ore\s+from\s+)?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*$"
)
_NAME_THEN_VERB: Final = re.compile(
    r"\b([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:[a-z]+\s+){0,2}[a-z]+\s*$"
)
# "HOW THE BRIDGE WAS WON "…"": a newsletter headline right before the excerpt it introduces
_CAPS_HEAD: Final = re.compile(r"((?:[A-Z][A-Z’'‘,.&-]*\s+){2,}[A-Z][A-Z’'‘,.&-]*)\s*$")
_VERB_LEAD: Final = re.compile(r"\b([a-z]+ed)\s*[,:]\s*$")
_COLON_BEFORE: Final = re.compile(r":\s*(?=[\"“‘«`'][^:]*$)")
_POST_VERB: Final = re.compile(
    r"\s*,?\s*([\w’'. -]{2,80}?)\s+(\w+ed|\w+s|(?:shot|hit|struck|fought|cut|broke|chimed)\s+"
    r"(?:back|in))\b|\s*,?\s*(\w+ed)\s+(?=\w)"
)


def _post_quote_verb(text: str, sent: Sentence, quote: Quote) -> Attribution | None:
    """ ""…," the mayor riffed / beamed Tom Hart: any verb form right after a quote."""
    m = _POST_VERB.match(text, quote.end, sent.end)
    if m is None or not quote.closed:
        return None
    if m.group(3):
        mention = subject_after(text, m.end(), sent.end)
        cue = m.span(3)
    else:
        if m.group(2)[-1] == "s" and " " not in m.group(2) and m.group(2).lower() not in ALL_FORMS:
            return None  # "… cost the town millions"
        mention = subject_before(text, quote.end, m.start(2))
        cue = m.span(2)
        if mention is not None and text[m.start(1) : mention[0]] not in ("", "the ", "The "):
            return None  # the words between quote and verb must all be the speaker
    if mention is None:
        return None
    return Attribution(quote.start, quote.end, cue, mention, 0.7, [quote])


_LEAD_IN_END: Final = re.compile(r":\s*$")


def lead_in_mention(text: str, sent: Sentence, cues: list[Cue]) -> Span | None:
    """The speaker of a paragraph-final lead-in ("Putin said:"), whose quote follows."""
    colon = _LEAD_IN_END.search(text, sent.start, sent.end)
    last: Span | None = None
    for cue in cues:  # the sentence's cues
        if colon or _CUE_LAST.match(text, cue.end, sent.end):
            # "Putin said:", or "Tom Hart agreed." before a quote
            last = subject_before(text, sent.start, cue.start) or last
    if last is None and colon:  # "Mayor Ann Lee spoke to the council on Monday:"
        for m in _ACTOR.finditer(text, sent.start, sent.end):
            words = m.group(1).split()
            while words and words[0] in CAP_STOP:
                words.pop(0)
            if words:
                last = (m.end(1) - len(" ".join(words)), m.end(1))
    return last


_CUE_LAST: Final = re.compile(r"(?:\s+(?:on|in|at|to|during)(?:\s+[\w’'-]+){1,4})*\s*[.:]?\s*$")
_ACTOR: Final = re.compile(r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w’'-]*)\s+[a-z]")


# "Ann Lee: Time to rebuild", "Q: Why did it close?", "HART: The cables …"
_LABEL: Final = re.compile(
    r"((?:[A-Z][\w.’'&-]*)(?:\s+(?:[A-Z][\w.’'&-]*|of|the|and|de|van|von|to|on|about|for)){0,7})"
    r"\s*:\s+(?=\S)"
)
_NOT_SPEAKERS: Final = frozenset(
    """update updated note editor correction clarification photo photos image images related watch
    read source sources getty video videos follow subscribe credit disclosure warning tags posted
    filed by listen see also more full text transcript partial exclusive breaking live topics
    continue advertisement ap reuters afp latest links""".split()
)


def label_line(text: str, sent: Sentence, para_end: int) -> Attribution | None:
    """A paragraph that opens with a speaker label: headlines, interviews, transcripts."""
    m = _LABEL.match(text, sent.start, sent.end)
    if m is None:
        return None
    label = m.group(1)
    first = next((w for w in label.split() if w != "The"), label).lower().rstrip(".’'s")
    if first in _NOT_SPEAKERS or (label.isupper() and len(label) > 1 and first in _NOT_SPEAKERS):
        return None
    end = para_end
    while end > m.end() and text[end - 1] in " .\t":
        end -= 1
    if count_words(text, m.end(), end) < 3:
        return None
    return Attribution(m.end(), end, None, m.span(1), 0.6)
