"""Public reads of speakers, statements and search."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from onrecord.db import Database
from tests import factories
from tests.web.api.conftest import BASE, Published, assert_envelope, publish_review


def test_speakers_list_only_those_with_public_verdicts(
    client: FlaskClient, published: Published
) -> None:
    body = client.get(f"{BASE}/speakers").get_json()
    assert [s["slug"] for s in body["data"]] == ["anna-varga", "jonas-weller"]
    page = client.get(f"{BASE}/speakers?limit=1").get_json()
    assert [s["slug"] for s in page["data"]] == ["anna-varga"]
    rest = client.get(page["next"]).get_json()
    assert [s["slug"] for s in rest["data"]] == ["jonas-weller"]
    assert rest["next"] is None


def test_speaker_detail_has_their_public_verdicts(
    client: FlaskClient, published: Published
) -> None:
    body = client.get(f"{BASE}/speakers/{published.speaker_slug}").get_json()
    assert body["name"] == "Anna Varga"
    ids = [v["id"] for v in body["verdicts"]]
    assert len(ids) == 3
    assert published.draft_id not in ids
    assert {entry["kind"] for entry in body["timeline"]} == {"verdict"}
    assert_envelope(client.get(f"{BASE}/speakers/nobody-at-all"), 404, "not_found")


def test_statements_with_public_verdicts_only(
    client: FlaskClient, db: Database, published: Published
) -> None:
    with db.write() as session:
        factories.make_statement(session)  # never reviewed: desk work, not public
    body = client.get(f"{BASE}/statements?limit=3").get_json()
    assert len(body["data"]) == 3
    everything = body["data"]
    address = body["next"]
    while address:
        page = client.get(address).get_json()
        everything += page["data"]
        address = page["next"]
    assert len(everything) == 5
    assert all(len(item["verdicts"]) == 1 for item in everything)
    one = everything[0]
    assert client.get(f"{BASE}/statements/{one['id']}").get_json() == one
    assert_envelope(
        client.get(f"{BASE}/statements/{published.draft_statement_id}"), 404, "not_found"
    )


def test_search_finds_public_statements_with_typos_and_filters(
    client: FlaskClient, db: Database, published: Published
) -> None:
    with db.write() as session:
        factories.make_statement(session, text="\u201cWe will build bridges for nobody,\u201d")
    body = client.get(f"{BASE}/search?q=bridgse").get_json()
    texts = [hit["statement"]["text"] for hit in body["data"]]
    assert len(texts) == 5  # the unreviewed statement is not public
    assert all("bridges" in t for t in texts)
    assert all(hit["statement"]["verdicts"] for hit in body["data"])
    anna = client.get(f"{BASE}/search?q=bridges&speaker=varga").get_json()
    assert len(anna["data"]) == 3
    assert client.get(f"{BASE}/search?q=bridges&kind=indirect").get_json()["data"] == []
    error = assert_envelope(
        client.get(f"{BASE}/search?said_from=2024-05-02&said_until=2024-05-01"),
        422,
        "validation_failed",
    )
    assert list(error["details"]) == ["said_until"]


def test_search_pages_are_keyset_and_complete(
    client: FlaskClient, db: Database, published: Published
) -> None:
    first = client.get(f"{BASE}/search?q=bridges&limit=2").get_json()
    seen = [hit["statement"]["id"] for hit in first["data"]]
    publish_review(
        db, when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), text="\u201cMore bridges,\u201d"
    )
    address = first["next"]
    while address:
        page = client.get(address).get_json()
        seen += [hit["statement"]["id"] for hit in page["data"]]
        address = page["next"]
    assert len(seen) == len(set(seen))
    assert len(seen) >= 5
