"""The API's schemas: what each endpoint accepts and returns (pydantic models).

The views validate their input with these models and pass their output
through them (unknown fields are dropped, so nothing internal can leak); the
OpenAPI document is generated from the same models. The public shapes follow
``to_public()`` of :mod:`onrecord.pipeline.publish.records`, so the API, the
``.json`` twins of the public pages and the widgets agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from onrecord.models import StatementKind

#: Most items one page of a listing returns.
MAX_PAGE = 100
DEFAULT_PAGE = 20


def _no_nul(value: object) -> object:
    # PostgreSQL cannot store or compare text containing NUL: refuse it as bad input.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class Out(BaseModel):
    """A response body (extra input fields are ignored, never echoed)."""

    model_config = ConfigDict(extra="ignore")


class In(BaseModel):
    """A request body: unknown fields are refused (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _text_only = field_validator("*", mode="after")(_no_nul)


class Query(BaseModel):
    """Query parameters (unknown ones are ignored, like any web page does)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    _text_only = field_validator("*", mode="after")(_no_nul)


# --- errors ----------------------------------------------------------------------------


class ErrorBody(Out):
    status: int = Field(examples=[404])
    code: str = Field(description="Stable machine name of the error.", examples=["not_found"])
    message: str = Field(description="A sentence for people.")
    details: dict[str, object] = Field(
        description="Per-field problems (422) or the current representation (412)."
    )


class ErrorEnvelope(Out):
    """Every error under /api has this shape."""

    error: ErrorBody


# --- public records --------------------------------------------------------------------


class RatingOut(Out):
    scale: str = Field(examples=["truth"])
    scale_name: str
    label: str = Field(examples=["False"])
    value: int | None = Field(description="Higher is more true (more consistent for flip).")
    best: int | None
    worst: int | None
    description: str


class EvidenceOut(Out):
    title: str
    url: str


class CorrectionOut(Out):
    date: dt.datetime
    kind: str = Field(examples=["corrected"])
    note: str


class StatementRefOut(Out):
    id: int
    text: str
    kind: str = Field(examples=["direct"])
    said_on: dt.date | None


class SpeakerRefOut(Out):
    id: int
    name: str
    slug: str
    kind: str = Field(examples=["person"])
    description: str
    same_as: list[str] = Field(description="Identity links (Wikidata) when known.")


class SourceRefOut(Out):
    id: int
    title: str
    url: str | None
    outlet: str | None
    published_at: dt.datetime | None


class VerdictOut(Out):
    """A published (or corrected, or retracted) verdict."""

    id: int
    state: Literal["published", "corrected", "retracted"]
    rating: RatingOut | None
    claim: str
    summary: str
    explanation: str = Field(description="Markdown as written.")
    explanation_html: str = Field(description="Sanitised HTML of the explanation.")
    evidence: list[EvidenceOut]
    corrections: list[CorrectionOut]
    correction_note: str
    published_at: dt.datetime | None
    updated_at: dt.datetime
    version: int
    statement: StatementRefOut
    speaker: SpeakerRefOut | None
    source: SourceRefOut
    url: str = Field(description="The verdict's public page.")


class StatementWithSourceOut(StatementRefOut):
    source: SourceRefOut


class ReversalOut(Out):
    """A confirmed reversal: the later statement contradicts the earlier one."""

    id: int
    flip_rating: str | None
    note: str
    decided_at: dt.datetime | None
    earlier: StatementWithSourceOut
    later: StatementWithSourceOut


class TimelineEntryOut(Out):
    date: dt.date | None
    kind: Literal["verdict", "reversal"]
    id: int | None


class SpeakerOut(SpeakerRefOut):
    """A speaker with their public verdicts, confirmed reversals and timeline (newest first)."""

    verdicts: list[VerdictOut]
    reversals: list[ReversalOut]
    timeline: list[TimelineEntryOut]


class StatementOut(Out):
    """A statement that has a public verdict, with its verdicts."""

    id: int
    text: str
    kind: str
    said_on: dt.date | None
    speaker: SpeakerRefOut | None
    source: SourceRefOut
    verdicts: list[VerdictOut]


class SearchHitOut(Out):
    score: float = Field(description="How well the statement matches the words, 0 to 100.")
    statement: StatementOut


class PageLinks(Out):
    next: str | None = Field(description="Address of the next page; null on the last page.")
    next_cursor: str | None = Field(description="Opaque cursor of the next page.")


class VerdictList(PageLinks):
    data: list[VerdictOut]


class SpeakerList(PageLinks):
    data: list[SpeakerRefOut]


class StatementList(PageLinks):
    data: list[StatementOut]


class SearchResults(PageLinks):
    data: list[SearchHitOut]


# --- query parameters ------------------------------------------------------------------


class PageQuery(Query):
    cursor: str | None = Field(
        default=None, max_length=200, description="`next_cursor` of the previous page."
    )
    limit: int = Field(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="Items per page.")


class ReviewListQuery(PageQuery):
    q: str = Field(default="", max_length=300, description="Words in the quote, summary or name.")
    speaker: str = Field(default="", max_length=200, description="A speaker's slug.")
    rating: str = Field(default="", max_length=100, description="A label, e.g. `False`.")
    scale: str = Field(default="", max_length=50, description="A scale slug, e.g. `truth`.")
    date_from: dt.date | None = Field(default=None, description="Said on or after (YYYY-MM-DD).")
    date_to: dt.date | None = Field(default=None, description="Said on or before (YYYY-MM-DD).")


class SearchQueryIn(PageQuery):
    """The desk search's words and filters, over statements with a public verdict."""

    q: str = Field(default="", max_length=300, description="Words; typos and word starts work.")
    speaker: str = Field(default="", max_length=200, description="Part of the speaker's name.")
    outlet: str = Field(default="", max_length=200, description="Part of the outlet's name.")
    said_from: dt.date | None = Field(default=None, description="Said on or after.")
    said_until: dt.date | None = Field(default=None, description="Said on or before.")
    kind: StatementKind | None = Field(default=None, description="Kind of statement.")
    verdict: Literal["published", "corrected", "retracted"] | None = Field(
        default=None, description="Only verdicts in this state."
    )


# --- writes ----------------------------------------------------------------------------


class EvidenceIn(In):
    title: str = Field(default="", max_length=300)
    url: str = Field(min_length=1, max_length=2000)


class DraftCreate(In):
    """A new draft verdict on a statement; the verdict fields are optional."""

    statement_id: int = Field(ge=1)
    scale: str = Field(default="truth", min_length=1, max_length=50)
    label: str = Field(default="", max_length=100)
    summary: str = Field(default="", max_length=300)
    explanation: str = Field(default="", max_length=50_000)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=20)


class DraftUpdate(In):
    """Fields to change; those left out keep their value."""

    label: str | None = Field(default=None, max_length=100)
    summary: str | None = Field(default=None, max_length=300)
    explanation: str | None = Field(default=None, max_length=50_000)
    evidence: list[EvidenceIn] | None = Field(default=None, max_length=20)


class DraftOut(Out):
    """A verdict not yet public, as its writers see it through the API (no internal notes)."""

    id: int
    statement_id: int
    state: str = Field(examples=["draft"])
    scale: str
    label: str
    rating_value: int | None
    summary: str
    explanation: str
    evidence: list[EvidenceOut]
    version: int = Field(description="Also the `ETag`; send it back in `If-Match`.")
    updated_at: dt.datetime


class IngestTextIn(In):
    """An article given as text."""

    text: str = Field(min_length=1, max_length=2_000_000)
    title: str = Field(default="", max_length=500)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published: dt.date | None = None


class IngestUrlIn(In):
    """An article to fetch (through the SSRF guard)."""

    url: str = Field(min_length=1, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)


class IngestedStatementOut(Out):
    id: int
    text: str
    kind: str
    speaker_name: str | None
    said_on: dt.date | None


class IngestOut(Out):
    """What happened to the article."""

    status: Literal["ingested", "new_version", "duplicate", "queued"]
    message: str
    source_id: int | None
    statements: list[IngestedStatementOut]
    job_id: int | None = Field(default=None, description="The background job, when queued.")


class TokenUserOut(Out):
    username: str
    role: str


class TokenOut(Out):
    """The token the request was made with."""

    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    user: TokenUserOut
