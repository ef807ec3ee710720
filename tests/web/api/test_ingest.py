"""Ingest through the API: by text, and by URL from a loopback server the test starts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import IngestMethod, Role, Source, Statement
from tests.conftest import make_test_app
from tests.web.api.conftest import BASE, assert_envelope, bearer
from tests.web.conftest import ARTICLE
from tests.web.rows import count_rows

LOOPBACK = ("127.0.0.1", "localhost")
#: A port of this suite's range (8500-8599) for the loopback article server.
PORT = 8531


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app allowed to fetch from the loopback test server."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}", fetch_allow_hosts=LOOPBACK)
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def site() -> Iterator[HTTPServer]:
    """A loopback web server on a port of our range."""
    server = HTTPServer(host="127.0.0.1", port=PORT)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def token(make_token: Callable[..., str]) -> str:
    return make_token(Role.FACT_CHECKER)


def _page(quote: str) -> str:
    return f"""<!doctype html><html><head><title>Budget row</title></head><body>
    <article><h1>Budget row</h1>
    <p>Finance Minister Anna Berger spoke in parliament on Tuesday about the budget plans.</p>
    <p>\u201c{quote},\u201d Berger told reporters after the session ended.</p>
    <p>The opposition said it would study the numbers before the vote next week.</p>
    </article></body></html>"""


def test_ingest_text_stores_the_article_and_its_statements(
    client: FlaskClient, db: Database, token: str
) -> None:
    body = {"text": ARTICLE, "title": "Varga defends the budget", "outlet": "The Ledger",
            "published": "2024-05-01"}  # fmt: skip
    response = client.post(f"{BASE}/sources/text", json=body, headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    data = response.get_json()
    assert data["status"] == "ingested"
    assert any("raise taxes" in st["text"] for st in data["statements"])
    with db.session() as session:
        source = session.exec(select(Source)).one()
    assert source.id == data["source_id"]
    assert source.ingest_method == IngestMethod.API
    again = client.post(f"{BASE}/sources/text", json=body, headers=bearer(token))
    assert again.status_code == 200
    assert again.get_json()["status"] == "duplicate"
    assert count_rows(db, Source) == 1


def test_refused_text_writes_nothing(client: FlaskClient, db: Database, token: str) -> None:
    assert_envelope(
        client.post(f"{BASE}/sources/text", json={"text": ""}, headers=bearer(token)),
        422,
        "validation_failed",
    )
    response = client.post(
        f"{BASE}/sources/text", json={"text": ARTICLE, "published": "soon"}, headers=bearer(token)
    )
    assert "published" in assert_envelope(response, 422, "validation_failed")["details"]
    assert count_rows(db, Source) == 0
    assert count_rows(db, Statement) == 0


def test_ingest_url_fetches_through_the_guard(
    client: FlaskClient, db: Database, token: str, site: HTTPServer
) -> None:
    site.expect_request("/budget").respond_with_data(
        _page("We will not raise taxes this year"), content_type="text/html"
    )
    response = client.post(
        f"{BASE}/sources/url",
        json={"url": site.url_for("/budget"), "outlet": "The Ledger"},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    data = response.get_json()
    assert data["status"] == "ingested"
    texts = [st["text"] for st in data["statements"]]
    assert "\u201cWe will not raise taxes this year,\u201d" in texts
    with db.session() as session:
        assert session.exec(select(Source)).one().ingest_method == IngestMethod.URL


def test_ingest_url_refuses_private_addresses_by_default(
    tmp_path: Path, make_token: Callable[..., str], site: HTTPServer
) -> None:
    guarded = make_test_app(tmp_path / "guarded", f"sqlite:///{tmp_path / 'guarded.db'}")
    try:
        key = str(guarded.config["SECRET_KEY"]).encode()
        from onrecord.pipeline.accounts.tokens import create_token
        from tests import factories

        with guarded.extensions["onrecord.db"].write() as session:
            user = factories.make_user(session, role=Role.FACT_CHECKER)
            secret = create_token(session, user_id=user.id or 0, name="t", key=key).secret
        response = guarded.test_client().post(
            f"{BASE}/sources/url", json={"url": site.url_for("/x")}, headers=bearer(secret)
        )
        assert_envelope(response, 422, "validation_failed")
        assert count_rows(guarded.extensions["onrecord.db"], Source) == 0
        assert not site.log  # never contacted
    finally:
        guarded.extensions["onrecord.db"].dispose()
