"""The publishing rules are settings: second read required, second reader not the author."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from onrecord.models import Review, ReviewState, Role
from tests import factories
from tests.conftest import make_test_app
from tests.web.test_review_views import start, verdict


@pytest.fixture(params=["strict", "one_editor", "self_second_read"])
def policy(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(tmp_path: Path, policy: str) -> Iterator[Flask]:
    overrides = {
        "strict": {},
        "one_editor": {"review_second_read_required": False},
        "self_second_read": {"review_second_reader_not_author": False},
    }[policy]
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}", **overrides)
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def statement(db):
    with db.write() as session:
        return factories.make_statement(session, text="“Unemployment fell to 4 percent,”")


def state_of(db, review_id: int) -> ReviewState:
    with db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        return review.state


def test_editor_approves_alone_only_when_no_second_read_is_required(
    client, login, db, statement, policy
) -> None:
    editor = login(Role.EDITOR, "editor")
    review = start(db, statement, editor)
    assert client.post(f"/reviews/{review.id}", data=verdict(1, "submit")).status_code == 302
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    response = client.post(f"/reviews/{review.id}", data=verdict(2, "approve"))
    if policy == "one_editor":
        assert 'value="approve"' in page  # the button is offered ...
        assert response.status_code == 302  # ... and works
        assert state_of(db, review.id) == ReviewState.APPROVED
        assert client.post(f"/reviews/{review.id}", data=verdict(3, "publish")).status_code == 302
        assert state_of(db, review.id) == ReviewState.PUBLISHED
    else:
        assert 'value="approve"' not in page
        assert response.status_code == 403
        assert state_of(db, review.id) == ReviewState.IN_REVIEW


def test_author_second_reads_own_verdict_only_when_allowed(
    client, login, db, statement, policy
) -> None:
    checker = login(Role.FACT_CHECKER, "checker")
    review = start(db, statement, checker)
    client.post(f"/reviews/{review.id}", data=verdict(1, "submit"))
    client.post(f"/reviews/{review.id}", data=verdict(2, "request_second_read"))
    assert state_of(db, review.id) == ReviewState.NEEDS_SECOND_READ
    response = client.post(f"/reviews/{review.id}", data=verdict(3, "second_read"))
    if policy == "self_second_read":
        assert response.status_code == 302
        assert state_of(db, review.id) == ReviewState.APPROVED
    else:
        assert response.status_code == 403
        assert state_of(db, review.id) == ReviewState.NEEDS_SECOND_READ
