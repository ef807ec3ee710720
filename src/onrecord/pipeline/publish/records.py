"""The public records of publishing: what a visitor, a widget or an API client may see.

Plain frozen dataclasses built by :mod:`onrecord.pipeline.publish.verdicts`;
each has ``to_public()`` returning JSON-ready data. Nothing internal (notes,
authors, assignees, scores) is ever put in them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from onrecord.models import ReviewState, SpeakerKind


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` with UTC as its zone when it has none (SQLite drops it from some expressions)."""
    # SQLite hands back naive datetimes from some expressions; they are UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass(frozen=True, slots=True)
class RatingPublic:
    """A verdict's rating with its scale (values grow with truth, or consistency for Flip)."""

    scale: str
    scale_name: str
    label: str
    value: int | None
    best: int | None
    worst: int | None
    colour: str
    description: str

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "scale": self.scale,
            "scale_name": self.scale_name,
            "label": self.label,
            "value": self.value,
            "best": self.best,
            "worst": self.worst,
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class EvidencePublic:
    """One evidence link."""

    title: str
    url: str

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class CorrectionPublic:
    """One entry of the public corrections log (a correction or the retraction)."""

    date: dt.datetime
    kind: str  # "corrected" or "retracted"
    note: str
    version: int

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"date": _iso(self.date), "kind": self.kind, "note": self.note}


@dataclass(frozen=True, slots=True)
class StatementPublicRef:
    """The statement a verdict is about."""

    id: int
    text: str
    kind: str
    said_on: dt.date | None

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"id": self.id, "text": self.text, "kind": self.kind, "said_on": _iso(self.said_on)}


@dataclass(frozen=True, slots=True)
class SpeakerPublicRef:
    """Who said it; ``same_as`` holds identity links (Wikidata) when known."""

    id: int
    name: str
    slug: str
    kind: str
    description: str
    same_as: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        """Whether ClaimReview should call the speaker a Person (else an Organization)."""
        return self.kind in {SpeakerKind.PERSON, SpeakerKind.ANONYMOUS}

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "id": self.id,
            "name": self.name,
            "slug": self.slug,
            "kind": self.kind,
            "description": self.description,
            "same_as": list(self.same_as),
        }


@dataclass(frozen=True, slots=True)
class SourcePublicRef:
    """Where the statement appeared."""

    id: int
    title: str
    url: str | None
    outlet: str | None
    published_at: dt.datetime | None

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published_at": _iso(self.published_at),
        }


@dataclass(frozen=True, slots=True)
class PublishedVerdict:
    """A public verdict with everything its page shows."""

    id: int
    state: str  # "published", "corrected" or "retracted"
    rating: RatingPublic | None
    summary: str
    explanation: str  # Markdown as written
    explanation_html: str  # sanitised HTML (render_explanation)
    evidence: tuple[EvidencePublic, ...]
    corrections: tuple[CorrectionPublic, ...]
    correction_note: str  # the latest public note (correction or retraction)
    published_at: dt.datetime | None
    updated_at: dt.datetime
    version: int
    statement: StatementPublicRef
    speaker: SpeakerPublicRef | None
    source: SourcePublicRef
    #: Confirmed reversals in which this statement contradicts an earlier one (Flip context).
    reversals: tuple[ReversalPublic, ...] = ()

    @property
    def claim(self) -> str:
        """The claim as ClaimReview states it: the summary, else the quoted words."""
        return self.summary or self.statement.text

    @property
    def retracted(self) -> bool:
        """Whether the verdict was withdrawn."""
        return self.state == ReviewState.RETRACTED

    @property
    def corrected(self) -> bool:
        """Whether the verdict has at least one correction."""
        return any(entry.kind == ReviewState.CORRECTED for entry in self.corrections)

    @property
    def last_modified(self) -> dt.datetime:
        """When what the public sees last changed."""
        return self.updated_at

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields (the ``.json`` twins, the API and the exports)."""
        return {
            "id": self.id,
            "state": self.state,
            "rating": self.rating.to_public() if self.rating else None,
            "claim": self.claim,
            "summary": self.summary,
            "explanation": self.explanation,
            "explanation_html": self.explanation_html,
            "evidence": [item.to_public() for item in self.evidence],
            "corrections": [entry.to_public() for entry in self.corrections],
            "correction_note": self.correction_note,
            "published_at": _iso(self.published_at),
            "updated_at": _iso(self.updated_at),
            "version": self.version,
            "statement": self.statement.to_public(),
            "speaker": self.speaker.to_public() if self.speaker else None,
            "source": self.source.to_public(),
            "reversals": [reversal.to_public() for reversal in self.reversals],
        }


@dataclass(frozen=True, slots=True)
class VerdictFilters:
    """The filters of a verdict listing, as given (for echoing in pages and JSON)."""

    q: str = ""
    speaker_slug: str = ""
    rating: str = ""
    scale: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields (empty filters are left out)."""
        data = {
            "q": self.q,
            "speaker": self.speaker_slug,
            "rating": self.rating,
            "scale": self.scale,
            "date_from": _iso(self.date_from),
            "date_to": _iso(self.date_to),
        }
        return {name: value for name, value in data.items() if value}


@dataclass(frozen=True, slots=True)
class VerdictPage:
    """One page of a verdict listing; ``next_cursor`` is None on the last page."""

    verdicts: tuple[PublishedVerdict, ...]
    next_cursor: str | None
    filters: VerdictFilters = field(default_factory=VerdictFilters)

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "verdicts": [verdict.to_public() for verdict in self.verdicts],
            "next_cursor": self.next_cursor,
            "filters": self.filters.to_public(),
        }


@dataclass(frozen=True, slots=True)
class ReversalPublic:
    """A confirmed reversal: the later statement contradicts the earlier one."""

    id: int
    flip_rating: str | None
    note: str
    decided_at: dt.datetime | None
    earlier: StatementPublicRef
    earlier_source: SourcePublicRef
    later: StatementPublicRef
    later_source: SourcePublicRef

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "id": self.id,
            "flip_rating": self.flip_rating,
            "note": self.note,
            "decided_at": _iso(self.decided_at),
            "earlier": {**self.earlier.to_public(), "source": self.earlier_source.to_public()},
            "later": {**self.later.to_public(), "source": self.later_source.to_public()},
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event on a speaker's timeline: a verdict or a reversal."""

    date: dt.date | None
    kind: str  # "verdict" or "reversal"
    verdict: PublishedVerdict | None = None
    reversal: ReversalPublic | None = None

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields (the item is referenced by id)."""
        item_id = self.verdict.id if self.verdict else self.reversal.id if self.reversal else None
        return {"date": _iso(self.date), "kind": self.kind, "id": item_id}


@dataclass(frozen=True, slots=True)
class PublicSpeaker:
    """A speaker's public page: verdicts, confirmed reversals and a timeline (newest first)."""

    speaker: SpeakerPublicRef
    verdicts: tuple[PublishedVerdict, ...]
    reversals: tuple[ReversalPublic, ...]
    timeline: tuple[TimelineEntry, ...]

    @property
    def last_modified(self) -> dt.datetime | None:
        """When anything on the page last changed."""
        dates = [v.updated_at for v in self.verdicts]
        dates += [r.decided_at for r in self.reversals if r.decided_at is not None]
        return max(dates) if dates else None

    def to_public(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "speaker": self.speaker.to_public(),
            "verdicts": [verdict.to_public() for verdict in self.verdicts],
            "reversals": [reversal.to_public() for reversal in self.reversals],
            "timeline": [entry.to_public() for entry in self.timeline],
        }
