"""Fixtures of the API tests: published verdicts, tokens per role, JSON helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask

from onrecord.db import Database
from onrecord.models import Review, ReviewState, Role, Speaker
from onrecord.pipeline.accounts.tokens import create_token
from tests import factories

BASE = "/api/v1"


@dataclass(frozen=True)
class Published:
    """What the ``published`` fixture stored (ids)."""

    review_ids: list[int]  # newest published first
    draft_id: int
    draft_statement_id: int
    speaker_slug: str
    other_slug: str


def publish_review(
    db: Database,
    *,
    speaker: Speaker | None = None,
    when: dt.datetime,
    state: ReviewState = ReviewState.PUBLISHED,
    text: str | None = None,
    label: str = "Mostly True",
    value: int = 5,
) -> Review:
    """A statement with a verdict in ``state``, published at ``when``."""
    with db.write() as session:
        statement = factories.make_statement(session, speaker=speaker, text=text)
        review = factories.make_review(
            session, statement=statement, state=state, label=label, rating_value=value
        )
        review.notes = "internal note: do not leak"
        if state in (ReviewState.PUBLISHED, ReviewState.CORRECTED, ReviewState.RETRACTED):
            review.published_at = when
        session.add(review)
        session.flush()
        return review


@pytest.fixture
def published(db: Database) -> Published:
    """Five public verdicts (two speakers) and one draft."""
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with db.write() as session:
        anna = factories.make_speaker(session, name="Anna Varga")
        jonas = factories.make_speaker(session, name="Jonas Weller")
        factories.make_speaker(session, name="Draft Person")
    ids = []
    for n in range(5):
        review = publish_review(
            db,
            speaker=anna if n % 2 == 0 else jonas,
            when=start + dt.timedelta(days=n),
            text=f"\u201cWe will build {n + 10} new bridges across the river,\u201d",
        )
        ids.append(review.id or 0)
    draft = publish_review(db, speaker=anna, when=start, state=ReviewState.DRAFT)
    return Published(
        review_ids=list(reversed(ids)),
        draft_id=draft.id or 0,
        draft_statement_id=draft.statement_id,
        speaker_slug="anna-varga",
        other_slug="jonas-weller",
    )


@pytest.fixture
def make_token(app: Flask, db: Database) -> Callable[..., str]:
    """``make_token(role)``: a user with ``role`` and a token for them; returns the secret."""

    def _make(role: Role = Role.FACT_CHECKER, name: str = "tests") -> str:
        key = str(app.config["SECRET_KEY"]).encode()
        with db.write() as session:
            user = factories.make_user(session, role=role)
            return create_token(session, user_id=user.id or 0, name=name, key=key).secret

    return _make


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of ``token``."""
    return {"Authorization": f"Bearer {token}"}


def assert_envelope(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def]
    """The response is the error envelope with ``status`` and ``code``; returns its body."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["code"] == code
    assert error["message"]
    return error
