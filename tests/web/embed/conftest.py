"""Fixtures of the widget tests: published verdicts made with the factories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask

from onrecord.db import Database
from onrecord.models import Review, ReviewState, Role, utcnow
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import correct_review, retract_review
from onrecord.pipeline.review.verdicts import VerdictChanges
from onrecord.web.embed.caching import RenderedCache
from tests import factories

QUOTE = "\u201cWe will not raise taxes on working families,\u201d"


@dataclass(frozen=True)
class Published:
    """Ids of a published verdict and its speaker."""

    review_id: int
    statement_id: int
    speaker_slug: str
    editor_id: int


def publish_verdict(
    db: Database,
    *,
    speaker_name: str = "Anna Varga",
    label: str = "Mostly False",
    rating_value: int = 3,
    summary: str = "Anna Varga says taxes on working families will not rise.",
    quote: str = QUOTE,
) -> Published:
    """A published verdict on a quote by ``speaker_name`` (stored with the factories)."""
    with db.write() as session:
        editor = factories.make_user(session, role=Role.EDITOR)
        speaker = factories.make_speaker(session, name=speaker_name)
        source = factories.make_source(
            session, text=f"{summary} {quote} {speaker_name} told reporters.", title="On taxes"
        )
        statement = factories.make_statement(session, source=source, speaker=speaker, text=quote)
        review = factories.make_review(
            session,
            statement=statement,
            state=ReviewState.PUBLISHED,
            label=label,
            rating_value=rating_value,
            summary=summary,
        )
        review.explanation = "The budget raises the **income tax** for the lowest band by 1 point."
        review.published_at = utcnow()
        session.add(review)
        session.flush()
        assert review.id is not None
        assert statement.id is not None
        assert editor.id is not None
        return Published(review.id, statement.id, speaker.slug, editor.id)


@pytest.fixture
def published(db: Database) -> Published:
    """One published verdict."""
    return publish_verdict(db)


@pytest.fixture
def correct(db: Database) -> Callable[..., None]:
    """``correct(published, label=..., value=..., note=...)`` publishes a correction."""

    def _correct(item: Published, *, label: str, value: int, note: str) -> None:
        with db.write() as session:
            review = session.get(Review, item.review_id)
            assert review is not None
            correct_review(
                session,
                review_id=item.review_id,
                expected_version=review.version,
                changes=VerdictChanges(
                    label=label, summary=review.summary, explanation=review.explanation
                ),
                note=note,
                actor=Actor(item.editor_id, Role.EDITOR),
            )

    return _correct


@pytest.fixture
def retract(db: Database) -> Callable[..., None]:
    """``retract(published, note=...)`` withdraws a verdict."""

    def _retract(item: Published, *, note: str) -> None:
        with db.write() as session:
            review = session.get(Review, item.review_id)
            assert review is not None
            retract_review(
                session,
                review_id=item.review_id,
                expected_version=review.version,
                note=note,
                actor=Actor(item.editor_id, Role.EDITOR),
            )

    return _retract


@pytest.fixture
def widget_cache(app: Flask) -> RenderedCache:
    """The app's cache of rendered widgets."""
    cache: RenderedCache = app.extensions["onrecord.embed_cache"]
    return cache
