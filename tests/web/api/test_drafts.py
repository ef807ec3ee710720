"""Draft verdicts through the API: create, read, update with If-Match (428/412/200), 422."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import Review, ReviewRevision, Role
from tests import factories
from tests.web.api.conftest import BASE, Published, assert_envelope, bearer


@pytest.fixture
def statement_id(db: Database) -> int:
    with db.write() as session:
        return factories.make_statement(session).id or 0


@pytest.fixture
def token(make_token: Callable[..., str]) -> str:
    return make_token(Role.FACT_CHECKER)


def _create(client: FlaskClient, token: str, statement_id: int, **fields: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"{BASE}/drafts", json={"statement_id": statement_id, **fields}, headers=bearer(token)
    )


def test_create_with_fields_is_one_step(
    client: FlaskClient, db: Database, token: str, statement_id: int
) -> None:
    response = _create(client, token, statement_id, label="False", summary="Taxes went up")
    assert response.status_code == 201
    body = response.get_json()
    assert body["state"] == "draft"
    assert body["label"] == "False"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert response.headers["Location"].endswith(f"/api/v1/drafts/{body['id']}")
    assert "notes" not in body
    fetched = client.get(f"{BASE}/drafts/{body['id']}", headers=bearer(token))
    assert fetched.get_json() == body
    assert fetched.headers["ETag"] == response.headers["ETag"]
    assert_envelope(_create(client, token, statement_id), 409, "conflict")


def test_invalid_fields_are_422_per_field_and_nothing_is_written(
    client: FlaskClient, db: Database, token: str, statement_id: int
) -> None:
    response = _create(
        client,
        token,
        statement_id,
        label="Sort of",
        summary="This is false",
        evidence=[{"title": "x", "url": "ftp://nope"}],
    )
    error = assert_envelope(response, 422, "validation_failed")
    assert set(error["details"]) == {"label", "summary", "evidence.0.url"}
    error = assert_envelope(
        _create(client, token, statement_id, colour="red"), 422, "validation_failed"
    )
    assert "colour" in error["details"]
    assert_envelope(_create(client, token, 999999), 404, "not_found")
    with db.session() as session:
        assert session.exec(select(Review)).all() == []
    response = client.post(f"{BASE}/drafts", data="statement_id=1", headers=bearer(token))
    assert_envelope(response, 415, "unsupported_media_type")
    response = client.post(
        f"{BASE}/drafts",
        data="{not json",
        headers={**bearer(token), "Content-Type": "application/json"},
    )
    assert_envelope(response, 400, "bad_request")


def test_update_needs_if_match_and_refuses_stale_versions(
    client: FlaskClient, db: Database, token: str, statement_id: int
) -> None:
    created = _create(client, token, statement_id).get_json()
    url = f"{BASE}/drafts/{created['id']}"
    assert_envelope(
        client.patch(url, json={"summary": "Taxes went up"}, headers=bearer(token)),
        428,
        "precondition_required",
    )
    ok = client.patch(
        url, json={"summary": "Taxes went up"}, headers={**bearer(token), "If-Match": '"1"'}
    )
    assert ok.status_code == 200
    assert ok.get_json()["summary"] == "Taxes went up"
    assert ok.headers["ETag"] == '"2"'
    # Someone else still holds version 1: refused, and shown the current verdict.
    stale = client.patch(
        url, json={"summary": "Taxes went down"}, headers={**bearer(token), "If-Match": '"1"'}
    )
    error = assert_envelope(stale, 412, "precondition_failed")
    assert error["details"]["current"]["summary"] == "Taxes went up"
    assert error["details"]["current"]["version"] == 2
    assert stale.headers["ETag"] == '"2"'
    with db.session() as session:
        review = session.get(Review, created["id"])
        assert review is not None
        assert review.summary == "Taxes went up"
        versions = session.exec(
            select(ReviewRevision.version).where(ReviewRevision.review_id == created["id"])
        ).all()
    assert sorted(versions) == [1, 2]
    weak = client.patch(url, json={"label": "True"}, headers={**bearer(token), "If-Match": 'W/"2"'})
    assert weak.status_code == 200
    assert weak.get_json()["rating_value"] == 6


def test_published_verdicts_cannot_be_patched(
    client: FlaskClient, token: str, published: Published
) -> None:
    url = f"{BASE}/drafts/{published.review_ids[0]}"
    etag = client.get(url, headers=bearer(token)).headers["ETag"]
    response = client.patch(
        url, json={"summary": "Changed"}, headers={**bearer(token), "If-Match": etag}
    )
    assert_envelope(response, 409, "conflict")
