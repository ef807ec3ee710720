"""Public reads of published verdicts: list, detail, filters, keyset pages, no internal fields."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import ReviewState
from tests.web.api.conftest import BASE, Published, assert_envelope, publish_review

INTERNAL = ("notes", "author_id", "assignee_id", "second_reader_id", "password_hash")


def _keys(value: object) -> set[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_list_is_newest_first_without_drafts_or_internal_fields(
    client: FlaskClient, published: Published
) -> None:
    response = client.get(f"{BASE}/reviews")
    assert response.status_code == 200
    body = response.get_json()
    assert [item["id"] for item in body["data"]] == published.review_ids
    assert published.draft_id not in [item["id"] for item in body["data"]]
    assert body["next"] is None
    assert "Link" not in response.headers
    assert not _keys(body) & set(INTERNAL)
    assert "internal note" not in response.get_data(as_text=True)
    first = body["data"][0]
    assert first["state"] == "published"
    assert first["rating"]["label"] == "Mostly True"
    assert first["url"].endswith(f"/verdicts/{first['id']}")
    assert first["speaker"]["slug"] in {published.speaker_slug, published.other_slug}


def test_detail_and_404_for_drafts_and_unknown(client: FlaskClient, published: Published) -> None:
    review_id = published.review_ids[0]
    response = client.get(f"{BASE}/reviews/{review_id}")
    assert response.status_code == 200
    assert response.get_json()["id"] == review_id
    assert_envelope(client.get(f"{BASE}/reviews/{published.draft_id}"), 404, "not_found")
    assert_envelope(client.get(f"{BASE}/reviews/999999"), 404, "not_found")


def test_filters(client: FlaskClient, published: Published) -> None:
    by_speaker = client.get(f"{BASE}/reviews?speaker={published.speaker_slug}").get_json()
    assert len(by_speaker["data"]) == 3
    assert {v["speaker"]["slug"] for v in by_speaker["data"]} == {published.speaker_slug}
    words = client.get(f"{BASE}/reviews?q=12+bridges").get_json()
    assert [v["statement"]["text"] for v in words["data"]] == [
        "\u201cWe will build 12 new bridges across the river,\u201d"
    ]
    assert client.get(f"{BASE}/reviews?rating=False").get_json()["data"] == []
    bad = assert_envelope(
        client.get(f"{BASE}/reviews?date_from=yesterday"), 422, "validation_failed"
    )
    assert list(bad["details"]) == ["date_from"]


def test_pages_follow_next_and_stay_stable_while_verdicts_are_published(
    client: FlaskClient, db: Database, published: Published
) -> None:
    first = client.get(f"{BASE}/reviews?limit=2")
    body = first.get_json()
    assert [v["id"] for v in body["data"]] == published.review_ids[:2]
    assert body["next_cursor"]
    assert first.headers["Link"] == f'<{body["next"]}>; rel="next"'
    assert "limit=2" in body["next"]
    # Published meanwhile (newest of all): the next pages do not shift.
    publish_review(db, when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    seen = [v["id"] for v in body["data"]]
    address = body["next"]
    while address:
        page = client.get(address).get_json()
        seen += [v["id"] for v in page["data"]]
        address = page["next"]
    assert seen == published.review_ids


def test_bad_cursor_is_a_422(client: FlaskClient, published: Published) -> None:
    error = assert_envelope(client.get(f"{BASE}/reviews?cursor=not-ours"), 422, "validation_failed")
    assert "cursor" in error["details"]


def test_retracted_verdicts_are_listed_as_retracted(client: FlaskClient, db: Database) -> None:
    review = publish_review(
        db, when=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), state=ReviewState.RETRACTED
    )
    body = client.get(f"{BASE}/reviews/{review.id}").get_json()
    assert body["state"] == "retracted"
