"""The document pass: repair, quotes, sentences, attribution, resolution, dates, offsets back.

Kept apart from ``__init__`` so the public module stays a short list of types and entry points.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Final

from onrecord.pipeline.extract.attribution import attribute_sentence
from onrecord.pipeline.extract.cues import find_cues
from onrecord.pipeline.extract.dates import find_said_on
from onrecord.pipeline.extract.model import ExtractedStatement, StatementKind
from onrecord.pipeline.extract.quotes import Quote, find_quotes
from onrecord.pipeline.extract.sentences import Sentence, split_sentences
from onrecord.pipeline.extract.spans import Attribution, Span, clause_actor
from onrecord.pipeline.extract.speakers import Resolver
from onrecord.pipeline.extract.standalone import label_line, lead_in_mention, standalone_quote
from onrecord.pipeline.extract.textmap import MappedText, repair_text

_ALNUM: Final = re.compile(r"[^\W_]")
_OPENERS: Final = "\"“‘'«„`"


def extract(text: str, title: str | None, published: dt.date | None) -> list[ExtractedStatement]:
    """Run the whole pass over one article; see ``extract_statements`` for the contract."""
    mapped = repair_text(text)
    work = mapped.text
    quotes = find_quotes(work)
    sentences = split_sentences(work, quotes)
    attributions = _attribute_document(work, sentences, quotes)
    attributions = _merge_groups(attributions, quotes)
    resolver = Resolver(work)
    if title:
        resolver.text = title + "\n" + work
        resolver.observe(len(title) + 1)
        resolver.text = work
        resolver.seen_upto = 0
    out: list[ExtractedStatement] = []
    starts = [s.start for s in sentences]
    for attr in sorted(attributions, key=lambda a: (a.start, a.end)):
        stmt = _statement(mapped, attr, quotes, (sentences, starts), resolver, published)
        if stmt is not None:
            out.append(stmt)
    return out


def _quotes_in(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    # quotes never overlap, so both their starts and their ends are sorted
    out: list[Quote] = []
    for q in quotes[bisect.bisect_right(quotes, start, key=_quote_end) :]:
        if q.start >= end:
            break
        out.append(q)
    return out


def _quote_end(q: Quote) -> int:
    return q.end


def _covered(q: Quote, attrs: list[Attribution]) -> bool:
    size = max(1, q.end - q.start)
    return any(min(a.end, q.end) - max(a.start, q.start) >= size / 2 for a in attrs)


def _attribute_document(
    work: str, sentences: list[Sentence], quotes: list[Quote]
) -> list[Attribution]:
    attrs: list[Attribution] = []
    prev: Attribution | None = None
    lead_in: Span | None = None
    cues = find_cues(work, 0, len(work))  # one dictionary pass over the whole article
    cue_starts = [c.start for c in cues]
    for index, sent in enumerate(sentences):
        next_sent = sentences[index + 1] if index + 1 < len(sentences) else None
        sq = _quotes_in(quotes, sent.start, sent.end)
        lo = bisect.bisect_left(cue_starts, sent.start)
        hi = bisect.bisect_left(cue_starts, sent.end)
        sent_cues = cues[lo:hi]
        found = attribute_sentence(work, sent, sq, prev.mention if prev else None, sent_cues)
        if index == 0 or sentences[index - 1].paragraph != sent.paragraph:
            line = label_line(work, sent, _paragraph_end(work, sent.start))
            if line is not None:
                found.insert(0, line)
        for q in sq:
            if _covered(q, found) or _covered(q, attrs):
                continue
            standalone = standalone_quote(work, sent, q, prev, lead_in, next_sent)
            if standalone is not None and standalone.mention is None and index > 0:
                # nobody in reach: the subject of the sentence before is the best guess
                before = sentences[index - 1]
                if sent.paragraph - before.paragraph <= 1:
                    before_quotes = _quotes_in(quotes, before.start, before.end)
                    guess = clause_actor(work, before.start, before.end, before_quotes)
                    if guess is not None:
                        standalone.mention, standalone.confidence = guess, 0.4
            if standalone is not None:
                found.append(standalone)
        lead_in = lead_in_mention(work, sent, sent_cues)
        if found:
            # "…," said Amy Deace, who was named …: the speaker goes on, not the relative clause
            named = [a for a in found if not _relative_mention(work, a)]
            # a quote's own speaker over a narrator's aside ("…," Lee said, as he called for …)
            prev = max(named or found, key=lambda a: (_quoted_report(work, a), a.end))
        elif not sq:
            prev = None  # narrative without quotes ends a run of quotes by one speaker
        attrs.extend(found)
    return attrs


def _quoted_report(work: str, attr: Attribution) -> bool:
    """A quote with its speaker (or a trailing report), not a narrator's aside after it."""
    return work[attr.start] in _OPENERS or attr.confidence >= 0.85


def _relative_mention(work: str, attr: Attribution) -> bool:
    return attr.mention is not None and work[attr.mention[0] : attr.mention[1]].lower() in (
        "who",
        "which",
        "that",
    )


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _merge_groups(attrs: list[Attribution], quotes: list[Quote]) -> list[Attribution]:
    """Join the pieces of a quote that runs over several paragraphs into its first statement."""
    by_group: dict[int, list[Quote]] = {}
    for q in quotes:
        by_group.setdefault(q.group, []).append(q)
    multi = {g: qs for g, qs in by_group.items() if len(qs) > 1}
    if not multi:
        return attrs
    owner: dict[int, Attribution] = {}
    kept: list[Attribution] = []
    for attr in sorted(attrs, key=lambda a: a.start):
        groups = {q.group for q in _quotes_in(quotes, attr.start, attr.end) if q.group in multi}
        merged = False
        for g in groups:
            first = owner.get(g)
            if first is None:
                owner[g] = attr
            elif attr.cue is None and first is not attr:
                first.end = max(first.end, attr.end)
                merged = True
        if not merged:
            kept.append(attr)
    return kept


def _kind(work: str, start: int, end: int, quotes: list[Quote]) -> StatementKind:
    inside = _quotes_in(quotes, start, end)
    if not inside:
        return "indirect"
    pos = start
    for q in sorted(inside, key=lambda q: q.start):
        if _ALNUM.search(work, pos, max(pos, q.start)):
            return "mixed"  # words outside the quote marks
        pos = max(pos, q.end)
    return "mixed" if _ALNUM.search(work, pos, max(pos, end)) else "direct"


def _statement(
    mapped: MappedText,
    attr: Attribution,
    quotes: list[Quote],
    sentences: tuple[list[Sentence], list[int]],
    resolver: Resolver,
    published: dt.date | None,
) -> ExtractedStatement | None:
    work = mapped.text
    start, end = attr.start, attr.end
    while start < end and work[start].isspace():
        start += 1
    while end > start and work[end - 1].isspace():
        end -= 1
    if end <= start or not _ALNUM.search(work, start, end):
        return None
    kind = _kind(work, start, end, quotes)
    speaker: str | None = None
    speaker_kind = None
    if attr.mention is not None:
        speaker, speaker_kind = resolver.resolve(*attr.mention)
    regions = _date_regions(attr, start, end, *sentences)
    said_on = find_said_on(work, regions, published)
    o_start, o_end = mapped.to_original(start, end)
    cue = mapped.to_original(*attr.cue) if attr.cue else None
    mention = mapped.to_original(*attr.mention) if attr.mention else None
    original = mapped.original
    return ExtractedStatement(
        start=o_start,
        end=o_end,
        text=original[o_start:o_end],
        kind=kind,
        cue=original[cue[0] : cue[1]] if cue else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        speaker_mention=original[mention[0] : mention[1]] if mention else None,
        speaker_start=mention[0] if mention else None,
        speaker_end=mention[1] if mention else None,
        speaker=speaker,
        speaker_kind=speaker_kind,
        said_on=said_on,
        confidence=max(0.0, min(1.0, attr.confidence)),
    )


def _date_regions(
    attr: Attribution, start: int, end: int, sentences: list[Sentence], starts: list[int]
) -> list[tuple[int, int]]:
    """The attribution's own words: its sentence minus the content, nearest the cue first."""
    anchor = attr.cue[0] if attr.cue else attr.mention[0] if attr.mention else start
    index = bisect.bisect_right(starts, anchor) - 1
    if index < 0 or anchor > sentences[index].end:
        return []
    sent = sentences[index]
    left, right = (sent.start, start), (end, sent.end)
    return [r for r in ((right, left) if anchor >= end else (left, right)) if r[1] > r[0]]
