"""What the widgets read: cheap validators for caching, and the cards they show.

The validator queries read only the columns that decide a widget's content, so a
cached widget costs one small indexed query; the full cards are read only when a
widget is rendered. Only published, corrected and retracted verdicts are public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup
from sqlmodel import Session, col, select

from onrecord.models import (
    LinkRelation,
    LinkStatus,
    Outlet,
    Review,
    ReviewState,
    Source,
    Speaker,
    Statement,
    StatementLink,
)
from onrecord.pipeline.review.markdown import render_explanation
from onrecord.pipeline.review.scales import get_scale
from onrecord.web.embed.contexts import ReversalCard, ScaleStep, SpeakerCard, VerdictCard

PUBLIC_STATES = (ReviewState.PUBLISHED, ReviewState.CORRECTED, ReviewState.RETRACTED)
#: Verdicts and reversals a speaker widget shows.
SPEAKER_VERDICTS = 5
SPEAKER_REVERSALS = 3
EXCERPT_CHARS = 240


@dataclass(frozen=True, slots=True)
class Validator:
    """What decides a widget's content, and when it last changed."""

    key: tuple[object, ...]
    last_modified: dt.datetime | None


def review_validator(session: Session, review_id: int) -> Validator | None:
    """The validator of a public verdict's widget; None if it is not public."""
    row = session.execute(
        sa.select(
            col(Review.version),
            col(Review.updated_at),
            col(Review.state),
            col(Speaker.name),
            col(Speaker.slug),
        )
        .join(Statement, col(Statement.id) == Review.statement_id)
        .outerjoin(Speaker, col(Speaker.id) == Statement.speaker_id)
        .where(col(Review.id) == review_id, col(Review.state).in_(PUBLIC_STATES))
    ).first()
    if row is None:
        return None
    version, updated_at, state, name, slug = row
    return Validator((review_id, version, updated_at, str(state), name, slug), updated_at)


def speaker_validator(session: Session, slug: str) -> Validator | None:
    """The validator of a speaker's widget; None if there is no such speaker."""
    speaker = session.execute(
        sa.select(col(Speaker.id), col(Speaker.name), col(Speaker.description)).where(
            col(Speaker.slug) == slug
        )
    ).first()
    if speaker is None:
        return None
    reviews = session.execute(
        sa.select(sa.func.count(), sa.func.sum(Review.version), sa.func.max(Review.updated_at))
        .join(Statement, col(Statement.id) == Review.statement_id)
        .where(col(Statement.speaker_id) == speaker.id, col(Review.state).in_(PUBLIC_STATES))
    ).one()
    links = session.execute(
        sa.select(sa.func.count(), sa.func.max(StatementLink.decided_at))
        .join(Statement, col(Statement.id) == StatementLink.statement_id)
        .where(*_reversal_filter(speaker.id))
    ).one()
    changed = [value for value in (reviews[2], links[1]) if value is not None]
    last = max(changed) if changed else None
    if last is not None and last.tzinfo is None:  # aggregates lose the column type on SQLite
        last = last.replace(tzinfo=dt.UTC)
    return Validator((slug, *speaker, *reviews, *links), last)


def _reversal_filter(speaker_id: int) -> tuple[sa.ColumnElement[bool], ...]:
    return (
        col(Statement.speaker_id) == speaker_id,
        col(StatementLink.relation) == LinkRelation.REVERSAL,
        col(StatementLink.status) == LinkStatus.CONFIRMED,
    )


#: Quote marks and the trailing comma of a quotation ("“We will,” she said").
QUOTE_EDGES = "\"'“”‘’«»„‚‹›,; "


def bare_quote(text: str) -> str:
    """A quotation without its own quote marks, so that templates can add them."""
    return text.strip().strip(QUOTE_EDGES)


def excerpt(markdown: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of an explanation as plain text, cut at a word."""
    # Sanitised by render_explanation (nh3) before the tags are stripped.
    text = Markup(render_explanation(markdown)).striptags()  # noqa: S704
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def scale_steps(scale_slug: str, value: int | None) -> tuple[ScaleStep, ...]:
    """The steps of a scale, worst first, with the verdict's step marked."""
    try:
        scale = get_scale(scale_slug)
    except KeyError:
        return ()
    levels = sorted(scale.levels, key=lambda level: level.value)
    return tuple(ScaleStep(lv.value, lv.label, lv.colour, lv.value == value) for lv in levels)


def _card(
    review: Review,
    statement: Statement,
    speaker: Speaker | None,
    source: Source,
    outlet: Outlet | None,
    page_url: str,
) -> VerdictCard:
    if review.id is None:  # only stored reviews get here
        raise ValueError("review without an id")
    try:
        scale = get_scale(review.scale)
        scale_name, best, worst = scale.name, scale.best, scale.worst
    except KeyError:
        scale_name, best, worst = review.scale, None, None
    return VerdictCard(
        review_id=review.id,
        state=str(review.state),
        claim=review.summary or statement.text,
        quote=bare_quote(statement.text),
        speaker_name=speaker.name if speaker else (statement.speaker_name or "Unknown speaker"),
        speaker_slug=speaker.slug if speaker else None,
        said_on=statement.said_on,
        source_title=source.title,
        outlet_name=outlet.name if outlet else "",
        label=review.label,
        rating_value=review.rating_value,
        scale_name=scale_name,
        best=best,
        worst=worst,
        steps=scale_steps(review.scale, review.rating_value),
        excerpt=excerpt(review.explanation),
        correction_note=review.correction_note,
        published_at=review.published_at,
        updated_at=review.updated_at,
        page_url=page_url,
    )


def _public_verdicts() -> Any:
    return (
        sa.select(Review, Statement, Speaker, Source, Outlet)
        .join(Statement, col(Statement.id) == Review.statement_id)
        .join(Source, col(Source.id) == Statement.source_id)
        .outerjoin(Speaker, col(Speaker.id) == Statement.speaker_id)
        .outerjoin(Outlet, col(Outlet.id) == Source.outlet_id)
        .where(col(Review.state).in_(PUBLIC_STATES))
    )


def load_verdict_card(session: Session, review_id: int, page_url: str) -> VerdictCard | None:
    """The card of a public verdict; None if it is not public."""
    row = session.execute(_public_verdicts().where(col(Review.id) == review_id)).first()
    if row is None:
        return None
    review, statement, speaker, source, outlet = row
    return _card(review, statement, speaker, source, outlet, page_url)


def load_speaker_card(
    session: Session, slug: str, page_url: str, verdict_url: Callable[[int], str]
) -> SpeakerCard | None:
    """A speaker's latest public verdicts and confirmed reversals; None if unknown."""
    speaker = session.exec(select(Speaker).where(col(Speaker.slug) == slug)).first()
    if speaker is None or speaker.id is None:
        return None
    query = _public_verdicts().where(col(Statement.speaker_id) == speaker.id)
    rows = session.execute(
        query.order_by(col(Review.published_at).desc(), col(Review.id).desc()).limit(
            SPEAKER_VERDICTS
        )
    ).all()
    count = session.execute(
        sa.select(sa.func.count())
        .select_from(Review)
        .join(Statement, col(Statement.id) == Review.statement_id)
        .where(col(Statement.speaker_id) == speaker.id, col(Review.state).in_(PUBLIC_STATES))
    ).scalar_one()
    return SpeakerCard(
        slug=speaker.slug,
        name=speaker.name,
        description=speaker.description,
        verdicts=tuple(
            _card(review, statement, speaker_row, source, outlet, verdict_url(review.id))
            for review, statement, speaker_row, source, outlet in rows
        ),
        reversals=_reversals(session, speaker.id),
        verdict_count=count,
        page_url=page_url,
    )


def _reversals(session: Session, speaker_id: int) -> tuple[ReversalCard, ...]:
    later = sa.orm.aliased(Statement)
    earlier = sa.orm.aliased(Statement)
    rows = session.execute(
        sa.select(
            col(StatementLink.flip_rating),
            col(earlier.text),
            col(earlier.said_on),
            col(later.text),
            col(later.said_on),
        )
        .join(later, col(later.id) == StatementLink.statement_id)
        .join(earlier, col(earlier.id) == StatementLink.other_id)
        .where(
            col(later.speaker_id) == speaker_id,
            col(StatementLink.relation) == LinkRelation.REVERSAL,
            col(StatementLink.status) == LinkStatus.CONFIRMED,
        )
        .order_by(col(StatementLink.decided_at).desc(), col(StatementLink.id).desc())
        .limit(SPEAKER_REVERSALS)
    ).all()
    return tuple(
        ReversalCard(str(flip or ""), e_text, e_said, l_text, l_said)
        for flip, e_text, e_said, l_text, l_said in rows
    )
