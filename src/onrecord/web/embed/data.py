"""What the widgets read: cheap validators for caching, and the cards they show.

The validator queries read only the columns that decide a widget's content, so a
cached widget costs one small indexed query; the full cards are read only when a
widget is rendered. Only published, corrected and retracted verdicts are public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup
from sqlmodel import Session, col

from onrecord.models import LinkRelation, LinkStatus, Review, Speaker, Statement, StatementLink
from onrecord.pipeline.publish.verdicts import (
    PUBLIC_STATES,
    PublishedVerdict,
    load_public_speaker,
    load_published_verdict,
)
from onrecord.pipeline.review.markdown import render_explanation
from onrecord.pipeline.review.scales import get_scale
from onrecord.web.embed.contexts import ReversalCard, ScaleStep, SpeakerCard, VerdictCard

#: Verdicts and reversals a speaker widget shows.
SPEAKER_VERDICTS = 5
SPEAKER_REVERSALS = 3
EXCERPT_CHARS = 240


@dataclass(frozen=True, slots=True)
class Validator:
    """What decides a widget's content, and when it last changed."""

    key: tuple[object, ...]
    last_modified: dt.datetime | None


#: Built once: the validator runs on every widget request, and a prepared
#: statement skips rebuilding the query (SQLAlchemy caches its compiled form).
_REVIEW_VALIDATOR = (
    sa.select(
        col(Review.version),
        col(Review.updated_at),
        col(Review.state),
        col(Speaker.name),
        col(Speaker.slug),
    )
    .join(Statement, col(Statement.id) == Review.statement_id)
    .outerjoin(Speaker, col(Speaker.id) == Statement.speaker_id)
    .where(col(Review.id) == sa.bindparam("review_id"), col(Review.state).in_(PUBLIC_STATES))
)


def review_validator(session: Session, review_id: int) -> Validator | None:
    """The validator of a public verdict's widget; None if it is not public."""
    row = session.connection().execute(_REVIEW_VALIDATOR, {"review_id": review_id}).first()
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


def _card(verdict: PublishedVerdict, page_url: str) -> VerdictCard:
    rating = verdict.rating
    speaker = verdict.speaker
    return VerdictCard(
        review_id=verdict.id,
        state=verdict.state,
        claim=verdict.claim,
        quote=bare_quote(verdict.statement.text),
        speaker_name=speaker.name if speaker else "Unknown speaker",
        speaker_slug=speaker.slug if speaker else None,
        said_on=verdict.statement.said_on,
        source_title=verdict.source.title,
        outlet_name=verdict.source.outlet or "",
        label=rating.label if rating else "",
        rating_value=rating.value if rating else None,
        scale_name=rating.scale_name if rating else "",
        best=rating.best if rating else None,
        worst=rating.worst if rating else None,
        steps=scale_steps(rating.scale, rating.value) if rating else (),
        excerpt=excerpt(verdict.explanation),
        correction_note=verdict.correction_note,
        published_at=verdict.published_at,
        updated_at=verdict.updated_at,
        page_url=page_url,
    )


def load_verdict_card(session: Session, review_id: int, page_url: str) -> VerdictCard | None:
    """The card of a public verdict; None if it is not public."""
    verdict = load_published_verdict(session, review_id)
    return None if verdict is None else _card(verdict, page_url)


def load_speaker_card(
    session: Session, slug: str, page_url: str, verdict_url: Callable[[int], str]
) -> SpeakerCard | None:
    """A speaker's latest public verdicts and confirmed reversals; None if unknown."""
    public = load_public_speaker(session, slug)
    if public is None:
        return None
    return SpeakerCard(
        slug=public.speaker.slug,
        name=public.speaker.name,
        description=public.speaker.description,
        verdicts=tuple(_card(v, verdict_url(v.id)) for v in public.verdicts[:SPEAKER_VERDICTS]),
        reversals=tuple(
            ReversalCard(
                flip_rating=r.flip_rating or "",
                earlier_text=bare_quote(r.earlier.text),
                earlier_said_on=r.earlier.said_on,
                later_text=bare_quote(r.later.text),
                later_said_on=r.later.said_on,
            )
            for r in public.reversals[:SPEAKER_REVERSALS]
        ),
        verdict_count=len(public.verdicts),
        page_url=page_url,
    )
