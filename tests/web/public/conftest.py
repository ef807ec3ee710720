"""Published verdicts for the public page tests, made through the real review workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlmodel import Session

from onrecord.db import Database
from onrecord.models import (
    FlipRating,
    LinkRelation,
    LinkStatus,
    Outlet,
    Speaker,
    StatementLink,
    utcnow,
)
from tests import factories
from tests.pipeline.publish import builders


@dataclass(frozen=True, slots=True)
class Published:
    """Ids of the verdicts of the :func:`published` fixture."""

    plain: int
    corrected: int
    retracted: int
    flip: int
    speaker_slug: str


def _outlet(session: Session, review_id: int) -> None:
    """Give the source of a review an outlet (its name shows on the page)."""
    from onrecord.models import Review, Source, Statement

    review = session.get(Review, review_id)
    assert review is not None
    statement = session.get(Statement, review.statement_id)
    assert statement is not None
    source = session.get(Source, statement.source_id)
    assert source is not None
    outlet = Outlet(name="The Daily Example", domain="news.example")
    session.add(outlet)
    session.flush()
    source.outlet_id = outlet.id
    session.add(source)


@pytest.fixture
def published(db: Database) -> Published:
    """A plain, a corrected, a retracted and a Flip verdict by Anna Varga, plus a reversal."""
    with db.write() as session:
        desk = builders.make_desk(session)
        anna = factories.make_speaker(session, name="Anna Varga")
        anna.wikidata_id = "Q42"
        anna.description = "Finance minister"
        session.add(anna)
        plain = builders.publish(
            session,
            desk,
            speaker=anna,
            quote="\u201cThe deficit fell below three percent last year,\u201d",
            said_on=dt.date(2024, 3, 4),
            source_title="Minister defends budget",
            source_url="https://news.example/budget",
        )
        assert plain.id is not None
        _outlet(session, plain.id)
        corrected = builders.publish(
            session, desk, speaker=anna, said_on=dt.date(2024, 4, 2),
            source_url="https://news.example/pensions",
            text=builders.changes(label="Half True", summary="Pensions rose by ten percent"),
        )  # fmt: skip
        corrected = builders.correct(
            session, desk, corrected,
            note="We first gave the 2022 figure; the 2023 rise was 8 percent.",
            text=builders.changes(label="Mostly False", summary="Pensions rose by ten percent",
                                  explanation="The rise was **8 percent**."),
        )  # fmt: skip
        retracted = builders.publish(
            session, desk, speaker=anna, said_on=dt.date(2024, 5, 6),
            text=builders.changes(label="False", summary="Unemployment doubled"),
        )  # fmt: skip
        retracted = builders.retract(
            session, desk, retracted, note="The quote belonged to another speaker."
        )
        earlier = factories.make_statement(
            session, speaker=anna, text="\u201cWe will never raise the pension age,\u201d",
            said_on=dt.date(2023, 1, 10),
        )  # fmt: skip
        later = factories.make_statement(
            session, speaker=anna, text="\u201cThe pension age must rise to 67,\u201d",
            said_on=dt.date(2024, 6, 1),
        )  # fmt: skip
        assert earlier.id is not None
        assert later.id is not None
        session.add(
            StatementLink(
                statement_id=later.id,
                other_id=earlier.id,
                relation=LinkRelation.REVERSAL,
                status=LinkStatus.CONFIRMED,
                flip_rating=FlipRating.FULL_FLOP,
                note="She promised the opposite a year before.",
                decided_at=utcnow(),
            )
        )
        flip = builders.review_up_to(
            session, desk, later, scale="flip",
            text=builders.changes(label="Full Flop", summary="The pension age stays at 65"),
        )  # fmt: skip
        ids = (plain.id, corrected.id, retracted.id, flip.id)
    assert all(review_id is not None for review_id in ids)
    return Published(*ids, speaker_slug=anna.slug)  # type: ignore[arg-type]


def speaker_named(db: Database, name: str) -> Speaker:
    """The speaker called ``name``."""
    from sqlmodel import select

    with db.session() as session:
        speaker = session.exec(select(Speaker).where(Speaker.name == name)).one()
        session.expunge(speaker)
        return speaker
