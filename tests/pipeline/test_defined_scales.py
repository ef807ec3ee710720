"""Rating scales that admins define: checks, storage, the per-request source, retiring."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import AuditEvent, RatingScaleDefinition, Role
from onrecord.pipeline.errors import Conflict, NotFound, OperationError
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import (
    create_review,
    define_scale,
    set_scale_active,
)
from onrecord.pipeline.review.scales import all_scales, build_scale, get_scale, scale_source
from onrecord.pipeline.review.stored_scales import StoredScales
from tests import factories

STARS = [
    {"label": "One star", "value": 1, "colour": "#b3261e", "description": "Wrong."},
    {"label": "Five stars", "value": 5, "colour": "#1b7a3a", "description": "Right."},
    {"label": "Three stars", "value": 3, "colour": "#b38600", "description": ""},
]


@contextmanager
def request_scope(db: Database) -> Iterator[None]:
    """What the web app does around each request: bind the database's defined scales."""
    session = db.session()
    try:
        with scale_source(StoredScales(lambda: session)):
            yield
    finally:
        session.close()


@pytest.fixture
def stored(any_db: Database) -> Database:
    """``any_db``, named for what these tests keep in it."""
    return any_db


def test_build_scale_orders_levels_best_first() -> None:
    scale = build_scale("stars", "Stars", STARS)
    assert [lv.label for lv in scale.levels] == ["Five stars", "Three stars", "One star"]
    assert (scale.best, scale.worst) == (5, 1)


@pytest.mark.parametrize(
    ("slug", "levels", "message"),
    [
        ("Stars!", STARS, "short name"),
        ("stars", STARS[:1], "2 to 12 levels"),
        ("stars", [*STARS[:2], {**STARS[2], "label": "one STAR"}], "same label"),
        ("stars", [*STARS[:2], {**STARS[2], "value": 5}], "same value"),
        ("stars", [*STARS[:2], {**STARS[2], "colour": "red"}], "colour"),
        ("stars", [*STARS[:2], {**STARS[2], "value": "3"}], "whole-number"),
        ("stars", [*STARS[:2], {**STARS[2], "label": " "}], "needs a label"),
    ],
)
def test_build_scale_refuses_bad_scales(slug: str, levels: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_scale(slug, "Stars", levels)


def test_defined_scale_is_stored_audited_and_usable(stored: Database) -> None:
    with stored.write() as session:
        admin = factories.make_user(session, role=Role.ADMIN)
        row = define_scale(session, slug="stars", name="Stars", levels=STARS, actor_id=admin.id)
        assert row.levels[0]["label"] == "Five stars"
    with stored.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "scale.defined")).one()
        assert event.data == {"slug": "stars", "levels": 3}
    with request_scope(stored):
        assert get_scale("stars").level("three stars").value == 3
        assert "stars" in [s.slug for s in all_scales()]
    with request_scope(stored), stored.write() as session:
        checker = factories.make_user(session, role=Role.FACT_CHECKER)
        statement = factories.make_statement(session)
        review = create_review(
            session,
            statement_id=statement.id,
            actor=Actor(checker.id, Role.FACT_CHECKER),
            scale="stars",
        )
        assert review.scale == "stars"


def test_unbound_scales_are_unknown(stored: Database) -> None:
    with stored.write() as session:
        define_scale(session, slug="stars", name="Stars", levels=STARS)
    with scale_source(None), pytest.raises(KeyError, match="unknown rating scale 'stars'"):
        get_scale("stars")


@pytest.mark.parametrize("slug", ["truth", "stars"])
def test_taken_short_name_is_a_conflict(stored: Database, slug: str) -> None:
    with stored.write() as session:
        define_scale(session, slug="stars", name="Stars", levels=STARS)
    with pytest.raises(Conflict, match="already exists"), stored.write() as session:
        define_scale(session, slug=slug, name="Again", levels=STARS)
    with stored.session() as session:
        assert len(session.exec(select(RatingScaleDefinition)).all()) == 1


def test_bad_scale_writes_nothing(stored: Database) -> None:
    with pytest.raises(OperationError, match="same label"), stored.write() as session:
        define_scale(session, slug="stars", name="Stars", levels=[STARS[0], STARS[0]])
    with stored.session() as session:
        assert session.exec(select(RatingScaleDefinition)).all() == []
        assert session.exec(select(AuditEvent)).all() == []


def test_retired_scale_keeps_old_verdicts_but_not_new_ones(stored: Database) -> None:
    with stored.write() as session:
        define_scale(session, slug="stars", name="Stars", levels=STARS)
    with request_scope(stored), stored.write() as session:
        checker = factories.make_user(session, role=Role.FACT_CHECKER)
        actor = Actor(checker.id, Role.FACT_CHECKER)
        first = factories.make_statement(session)
        create_review(session, statement_id=first.id, actor=actor, scale="stars")
        second = factories.make_statement(session)
        second_id = second.id
    with stored.write() as session:
        set_scale_active(session, slug="stars", active=False)
    with request_scope(stored), stored.session() as session:
        assert get_scale("stars").name == "Stars"  # old verdicts still render
        assert "stars" not in [s.slug for s in all_scales()]
        with pytest.raises(OperationError, match="cannot use the scale 'stars'"):
            create_review(session, statement_id=second_id, actor=actor, scale="stars")


def test_retiring_builtin_or_unknown_scale_is_refused(stored: Database) -> None:
    with pytest.raises(OperationError, match="Built-in"), stored.write() as session:
        set_scale_active(session, slug="truth", active=False)
    with pytest.raises(NotFound), stored.write() as session:
        set_scale_active(session, slug="nope", active=False)
