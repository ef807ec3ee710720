"""Published verdicts and public speaker pages, read for the public (no writes, no Flask).

What the public pages, the widgets, the JSON API and the exports show comes from
here, so they never disagree and never leak internal fields (notes, authors,
assignees). Only verdicts in :data:`PUBLIC_STATES` (published, corrected,
retracted) are public; every other state reads as ``None`` (a 404).

A published verdict is never edited in place (see
:mod:`onrecord.pipeline.review.operations`): corrections and retractions change
the row and append a :class:`~onrecord.models.ReviewRevision` with a public note.
So the row is the current published content, and the corrections log is the
list of those revisions.

Public names (other modules import these):

- dataclasses ``PublishedVerdict``, ``RatingPublic``, ``EvidencePublic``,
  ``CorrectionPublic``, ``StatementPublicRef``, ``SpeakerPublicRef``,
  ``SourcePublicRef``, ``VerdictPage``, ``ReversalPublic``, ``PublicSpeaker``,
  ``TimelineEntry``, ``VerdictFilters``; each has ``to_public() -> dict`` (JSON-ready);
- ``load_published_verdict(session, review_id) -> PublishedVerdict | None``;
- ``list_published_verdicts(session, *, q=None, speaker_slug=None, rating=None,
  scale=None, date_from=None, date_to=None, after=None, limit=20) -> VerdictPage``
  (newest published first; ``after`` is the opaque ``next_cursor`` of the page before);
- ``iter_published_verdicts(session, *, batch=200)`` (every public verdict, oldest first);
- ``load_public_speaker(session, slug) -> PublicSpeaker | None``;
- ``list_public_speakers(session) -> list[SpeakerPublicRef]`` (speakers with public verdicts);
- ``encode_cursor`` / ``decode_cursor`` (``InvalidCursor`` on a bad cursor);
- ``PUBLIC_STATES``, ``MAX_LIMIT``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.models import (
    LinkRelation,
    LinkStatus,
    Outlet,
    Review,
    ReviewRevision,
    ReviewState,
    Source,
    Speaker,
    Statement,
    StatementLink,
)
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.publish.records import (
    CorrectionPublic,
    EvidencePublic,
    PublicSpeaker,
    PublishedVerdict,
    RatingPublic,
    ReversalPublic,
    SourcePublicRef,
    SpeakerPublicRef,
    StatementPublicRef,
    TimelineEntry,
    VerdictFilters,
    VerdictPage,
    as_utc,
)
from onrecord.pipeline.review.markdown import render_explanation
from onrecord.pipeline.review.scales import get_scale
from onrecord.pipeline.review.states import PUBLIC_STATES

__all__ = [
    "MAX_LIMIT",
    "PUBLIC_STATES",
    "CorrectionPublic",
    "EvidencePublic",
    "InvalidCursor",
    "PublicSpeaker",
    "PublishedVerdict",
    "RatingPublic",
    "ReversalPublic",
    "SourcePublicRef",
    "SpeakerPublicRef",
    "StatementPublicRef",
    "TimelineEntry",
    "VerdictFilters",
    "VerdictPage",
    "decode_cursor",
    "encode_cursor",
    "iter_published_verdicts",
    "list_public_speakers",
    "list_published_verdicts",
    "load_public_speaker",
    "load_published_verdict",
]

#: Most verdicts one page (or one API call) returns.
MAX_LIMIT = 100
#: States whose revision notes the public corrections log shows.
LOGGED_STATES = frozenset({ReviewState.CORRECTED, ReviewState.RETRACTED})
_WORD = re.compile(r"\w+", re.UNICODE)


class InvalidCursor(OperationError):
    """A pagination cursor that this module did not produce."""


# --- building the dataclasses from rows -------------------------------------------------


def _rating(review: Review) -> RatingPublic | None:
    if not review.label and review.rating_value is None:
        return None
    try:
        scale = get_scale(review.scale)
    except KeyError:  # a scale that was unregistered since: show the stored words
        return RatingPublic(
            review.scale, review.scale, review.label, review.rating_value, None, None, "", ""
        )
    try:
        level = scale.level(review.label or (review.rating_value or 0))
        colour, description = level.colour, level.description
    except KeyError:
        colour, description = "", ""
    return RatingPublic(
        scale=scale.slug,
        scale_name=scale.name,
        label=review.label,
        value=review.rating_value,
        best=scale.best,
        worst=scale.worst,
        colour=colour,
        description=description,
    )


def _same_as(speaker: Speaker) -> tuple[str, ...]:
    if speaker.wikidata_id:
        return (f"https://www.wikidata.org/wiki/{speaker.wikidata_id}",)
    return ()


def _speaker_ref(speaker: Speaker | None) -> SpeakerPublicRef | None:
    if speaker is None or speaker.id is None:
        return None
    return SpeakerPublicRef(
        id=speaker.id,
        name=speaker.name,
        slug=speaker.slug,
        kind=str(speaker.kind),
        description=speaker.description,
        same_as=_same_as(speaker),
    )


def _statement_ref(statement: Statement) -> StatementPublicRef:
    return StatementPublicRef(
        id=statement.id or 0,
        text=statement.text,
        kind=str(statement.kind),
        said_on=statement.said_on,
    )


def _source_ref(source: Source, outlet: Outlet | None) -> SourcePublicRef:
    return SourcePublicRef(
        id=source.id or 0,
        title=source.title,
        url=source.canonical_url or source.url,
        outlet=outlet.name if outlet else None,
        published_at=as_utc(source.published_at),
    )


def _corrections(session: Session, review_ids: Sequence[int]) -> dict[int, list[CorrectionPublic]]:
    """The public corrections log of each review, oldest first."""
    logs: dict[int, list[CorrectionPublic]] = {review_id: [] for review_id in review_ids}
    if not review_ids:
        return logs
    revisions = session.exec(
        select(ReviewRevision)
        .where(
            col(ReviewRevision.review_id).in_(review_ids),
            col(ReviewRevision.state).in_(LOGGED_STATES),
        )
        .order_by(col(ReviewRevision.review_id), col(ReviewRevision.version))
    ).all()
    for revision in revisions:
        # Only the revision that moved the state (a correction or the retraction)
        # carries a public note; later ones in the same state (an assignment) do not.
        if "state" not in (revision.changed_fields or []):
            continue
        logs[revision.review_id].append(
            CorrectionPublic(
                date=as_utc(revision.created_at) or revision.created_at,
                kind=str(revision.state),
                note=revision.note,
                version=revision.version,
            )
        )
    return logs


def _verdict(
    row: tuple[Review, Statement, Speaker | None, Source, Outlet | None],
    corrections: list[CorrectionPublic],
) -> PublishedVerdict:
    review, statement, speaker, source, outlet = row
    if not corrections and review.correction_note and review.state in LOGGED_STATES:
        # Imported verdicts carry their note without a workflow revision.
        updated = as_utc(review.updated_at) or review.updated_at
        corrections = [
            CorrectionPublic(updated, str(review.state), review.correction_note, review.version)
        ]
    return PublishedVerdict(
        id=review.id or 0,
        state=str(review.state),
        rating=_rating(review),
        summary=review.summary,
        explanation=review.explanation,
        explanation_html=render_explanation(review.explanation),
        evidence=tuple(
            EvidencePublic(
                str(item.get("title") or item.get("url") or ""), str(item.get("url", ""))
            )
            for item in review.evidence or []
        ),
        corrections=tuple(corrections),
        correction_note=review.correction_note,
        published_at=as_utc(review.published_at),
        updated_at=as_utc(review.updated_at) or review.updated_at,
        version=review.version,
        statement=_statement_ref(statement),
        speaker=_speaker_ref(speaker),
        source=_source_ref(source, outlet),
    )


def _public_query() -> sa.Select[Review, Statement, Speaker, Source, Outlet]:
    """Public reviews with their statement, speaker, source and outlet."""
    return (
        sa.select(Review, Statement, Speaker, Source, Outlet)
        .join(Statement, col(Statement.id) == Review.statement_id)
        .outerjoin(Speaker, col(Speaker.id) == Statement.speaker_id)
        .join(Source, col(Source.id) == Statement.source_id)
        .outerjoin(Outlet, col(Outlet.id) == Source.outlet_id)
        .where(col(Review.state).in_(PUBLIC_STATES))
    )


def _build(session: Session, rows: Sequence[Any]) -> list[PublishedVerdict]:
    logs = _corrections(session, [row[0].id for row in rows])
    earlier: dict[int, list[ReversalPublic]] = {}
    # Most statements have no confirmed reversal: one narrow query finds those that
    # do, and only they pay for the full join.
    linked = list(
        session.exec(
            select(StatementLink.statement_id).where(
                col(StatementLink.statement_id).in_([row[1].id for row in rows]),
                col(StatementLink.relation) == LinkRelation.REVERSAL,
                col(StatementLink.status) == LinkStatus.CONFIRMED,
            )
        )
    )
    for reversal in _reversals(session, statement_ids=linked) if linked else []:
        earlier.setdefault(reversal.later.id, []).append(reversal)
    return [
        dataclasses.replace(
            _verdict(tuple(row), logs[row[0].id]),
            reversals=tuple(earlier.get(row[1].id, ())),
        )
        for row in rows
    ]


# --- reading ----------------------------------------------------------------------------


def load_published_verdict(session: Session, review_id: int) -> PublishedVerdict | None:
    """The public verdict ``review_id``; None when there is none or it is not public."""
    row = session.execute(_public_query().where(col(Review.id) == review_id)).first()
    if row is None:
        return None
    return _build(session, [row])[0]


def _sort_time() -> sa.ColumnElement[Any]:
    """What a listing is ordered by (then id): publication time, creation time for old imports."""
    return sa.func.coalesce(col(Review.published_at), col(Review.created_at))


def encode_cursor(verdict: PublishedVerdict) -> str:
    """The cursor that continues a listing after ``verdict`` (opaque, URL-safe)."""
    moment = verdict.published_at or verdict.updated_at
    raw = f"{moment.astimezone(dt.UTC).isoformat()}|{verdict.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    """``(published_at, id)`` of a cursor; InvalidCursor when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, review_id = raw.split("|")
        when = dt.datetime.fromisoformat(moment)
        return (as_utc(when) or when, int(review_id))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidCursor("This page link is broken; start again from the first page.") from None


def _text_filter(q: str) -> list[sa.ColumnElement[bool]]:
    """Every word must appear in the quote, the summary or the speaker's name."""
    conditions = []
    for term in [word for word in _WORD.findall(q.lower()) if len(word) > 1][:10]:
        fields = (col(Statement.text), col(Review.summary), col(Speaker.name))
        conditions.append(
            sa.or_(*(sa.func.lower(f).contains(term, autoescape=True) for f in fields))
        )
    return conditions


def _filter_conditions(filters: VerdictFilters) -> list[sa.ColumnElement[bool]]:
    conditions = _text_filter(filters.q)
    if filters.speaker_slug:
        conditions.append(col(Speaker.slug) == filters.speaker_slug)
    if filters.scale:
        conditions.append(col(Review.scale) == filters.scale)
    if filters.rating:
        conditions.append(sa.func.lower(col(Review.label)) == filters.rating.lower())
    if filters.date_from is not None:
        conditions.append(col(Statement.said_on) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(Statement.said_on) <= filters.date_to)
    return conditions


def list_published_verdicts(
    session: Session,
    *,
    q: str | None = None,
    speaker_slug: str | None = None,
    rating: str | None = None,
    scale: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    after: str | None = None,
    limit: int = 20,
) -> VerdictPage:
    """One page of public verdicts, newest published first.

    ``q``: words that must all appear in the quote, summary or speaker name
    (case-insensitive); ``rating``: a label such as "False" (case-insensitive);
    ``scale``: a scale slug; ``date_from``/``date_to``: the day the statement was
    made, inclusive. ``after`` is the ``next_cursor`` of the previous page: keyset
    pagination on (publication time, id), so pages stay stable while verdicts
    are published. ``limit`` is capped at :data:`MAX_LIMIT`. Retracted verdicts
    are listed (with their state). Raises :class:`InvalidCursor` for a bad cursor.
    """
    filters = VerdictFilters(
        q=(q or "").strip(),
        speaker_slug=(speaker_slug or "").strip(),
        rating=(rating or "").strip(),
        scale=(scale or "").strip(),
        date_from=date_from,
        date_to=date_to,
    )
    limit = max(1, min(limit, MAX_LIMIT))
    sort_time = _sort_time()
    query = _public_query().where(*_filter_conditions(filters))
    if after:
        moment, last_id = decode_cursor(after)
        query = query.where(
            sa.or_(sort_time < moment, sa.and_(sort_time == moment, col(Review.id) < last_id))
        )
    rows = session.execute(
        query.order_by(sort_time.desc(), col(Review.id).desc()).limit(limit + 1)
    ).all()
    verdicts = _build(session, rows[:limit])
    next_cursor = encode_cursor(verdicts[-1]) if len(rows) > limit and verdicts else None
    return VerdictPage(tuple(verdicts), next_cursor, filters)


def iter_published_verdicts(session: Session, *, batch: int = 200) -> Iterator[PublishedVerdict]:
    """Every public verdict (retracted ones included), oldest id first, read in batches."""
    last_id = 0
    while True:
        rows = session.execute(
            _public_query().where(col(Review.id) > last_id).order_by(col(Review.id)).limit(batch)
        ).all()
        if not rows:
            return
        yield from _build(session, rows)
        last_id = rows[-1][0].id


def _reversals(
    session: Session, *, speaker_id: int | None = None, statement_ids: Sequence[int] = ()
) -> list[ReversalPublic]:
    """Confirmed reversals whose later statement is the speaker's (or one of
    ``statement_ids``), the most recently said first."""
    later, earlier = sa.orm.aliased(Statement), sa.orm.aliased(Statement)
    later_source, earlier_source = sa.orm.aliased(Source), sa.orm.aliased(Source)
    later_outlet, earlier_outlet = sa.orm.aliased(Outlet), sa.orm.aliased(Outlet)
    rows = session.execute(
        sa.select(
            StatementLink,
            later,
            later_source,
            later_outlet,
            earlier,
            earlier_source,
            earlier_outlet,
        )
        .join(later, col(later.id) == col(StatementLink.statement_id))
        .join(later_source, col(later_source.id) == col(later.source_id))
        .outerjoin(later_outlet, col(later_outlet.id) == col(later_source.outlet_id))
        .join(earlier, col(earlier.id) == col(StatementLink.other_id))
        .join(earlier_source, col(earlier_source.id) == col(earlier.source_id))
        .outerjoin(earlier_outlet, col(earlier_outlet.id) == col(earlier_source.outlet_id))
        .where(
            col(later.speaker_id) == speaker_id
            if speaker_id is not None
            else col(StatementLink.statement_id).in_(statement_ids),
            col(StatementLink.relation) == LinkRelation.REVERSAL,
            col(StatementLink.status) == LinkStatus.CONFIRMED,
        )
        .order_by(col(later.said_on).desc().nulls_last(), col(StatementLink.id).desc())
    ).all()
    return [
        ReversalPublic(
            id=link.id or 0,
            flip_rating=str(link.flip_rating) if link.flip_rating else None,
            note=link.note,
            decided_at=as_utc(link.decided_at),
            earlier=_statement_ref(old),
            earlier_source=_source_ref(old_source, old_outlet),
            later=_statement_ref(new),
            later_source=_source_ref(new_source, new_outlet),
        )
        for link, new, new_source, new_outlet, old, old_source, old_outlet in rows
    ]


def _timeline(
    verdicts: Sequence[PublishedVerdict], reversals: Sequence[ReversalPublic]
) -> tuple[TimelineEntry, ...]:
    entries = [TimelineEntry(v.statement.said_on, "verdict", verdict=v) for v in verdicts]
    entries += [TimelineEntry(r.later.said_on, "reversal", reversal=r) for r in reversals]
    # Newest first; undated entries last.
    entries.sort(key=lambda e: (e.date is not None, e.date or dt.date.min), reverse=True)
    return tuple(entries)


def load_public_speaker(session: Session, slug: str) -> PublicSpeaker | None:
    """A speaker's public page; None when there is no speaker with ``slug``.

    A speaker without public verdicts or reversals still has a (short) page.
    """
    speaker = session.exec(select(Speaker).where(Speaker.slug == slug)).first()
    ref = _speaker_ref(speaker)
    if speaker is None or ref is None:
        return None
    rows = session.execute(
        _public_query()
        .where(col(Statement.speaker_id) == speaker.id)
        .order_by(_sort_time().desc(), col(Review.id).desc())
    ).all()
    verdicts = tuple(_build(session, rows))
    reversals = tuple(_reversals(session, speaker_id=ref.id))
    return PublicSpeaker(ref, verdicts, reversals, _timeline(verdicts, reversals))


def list_public_speakers(session: Session) -> list[SpeakerPublicRef]:
    """Speakers with at least one public verdict, by name (for the index's speaker filter)."""
    speakers = session.exec(
        select(Speaker)
        .where(
            sa.exists(
                sa.select(1)
                .select_from(Review)
                .join(Statement, col(Statement.id) == Review.statement_id)
                .where(
                    col(Statement.speaker_id) == Speaker.id,
                    col(Review.state).in_(PUBLIC_STATES),
                )
            )
        )
        .order_by(col(Speaker.name))
    ).all()
    return [ref for ref in (_speaker_ref(speaker) for speaker in speakers) if ref is not None]
