"""Adding articles by URL (from a loopback server the test starts) and by file upload."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import IngestMethod, Outlet, Role, Source
from tests import factories
from tests.conftest import make_test_app
from tests.web.conftest import ARTICLE
from tests.web.html import one, parse, text
from tests.web.rows import count_rows

LOOPBACK = ("127.0.0.1", "localhost")
ROLES_ALLOWED = [
    (Role.ADMIN, 200),
    (Role.EDITOR, 200),
    (Role.FACT_CHECKER, 200),
    (Role.VIEWER, 403),
]


def page(headline: str, quote: str) -> str:
    """An article page as a news site serves it (navigation and footer around it)."""
    return f"""<!doctype html><html><head><title>{headline}</title>
    <meta name="author" content="Petra Lind"></head><body><nav>Home | Politics</nav>
    <article><h1>{headline}</h1>
    <p>Finance Minister Anna Berger spoke in parliament on Tuesday about the budget plans.</p>
    <p>\u201c{quote},\u201d Berger told reporters after the session ended.</p>
    <p>The opposition said it would study the numbers before the vote next week.</p>
    </article><footer>All rights reserved</footer></body></html>"""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The web tests' app, allowed to fetch from the loopback test server."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}", fetch_allow_hosts=LOOPBACK)
    yield app
    app.extensions["onrecord.db"].dispose()


# --- By URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES_ALLOWED)
def test_url_form_is_for_fact_checkers_and_up(client, login, role, status):
    login(role)
    response = client.get("/sources/new/url")
    assert response.status_code == status
    if status == 200:
        soup = parse(response)
        assert one(soup, "form.form-ingest-url [name=url]")["type"] == "url"
        assert one(soup, ".tabs [aria-current=page]")["href"] == "/sources/new/url"


def test_anonymous_visitors_are_sent_to_login(client, db):
    for path in ("/sources/new/url", "/sources/new/upload"):
        assert client.get(path).location.startswith("/login?next=")
        response = client.post(path, data={"url": "http://127.0.0.1/x"})
        assert response.status_code == 302
    assert count_rows(db, Source) == 0


def test_viewer_post_is_forbidden_and_stores_nothing(client, login, db, httpserver):
    httpserver.expect_request("/a").respond_with_data(
        page("A", "Taxes stay"), content_type="text/html"
    )
    login(Role.VIEWER)
    response = client.post("/sources/new/url", data={"url": httpserver.url_for("/a")})
    assert response.status_code == 403
    assert count_rows(db, Source) == 0


def test_url_is_fetched_stored_and_shown(client, login, db, httpserver: HTTPServer):
    httpserver.expect_request("/budget").respond_with_data(
        page("Budget row", "We will not raise taxes this year"), content_type="text/html"
    )
    user = login(Role.FACT_CHECKER)
    url = httpserver.url_for("/budget") + "?utm_source=x"
    response = client.post("/sources/new/url", data={"url": url, "outlet": "The Ledger"})
    assert response.status_code == 302, response.data[:800]
    with db.session() as session:
        source = session.exec(select(Source)).one()
        outlet = session.get(Outlet, source.outlet_id)
    assert response.location == f"/sources/{source.id}"
    assert source.ingest_method == IngestMethod.URL
    assert source.ingested_by_id == user.id
    assert source.canonical_url == httpserver.url_for("/budget")
    assert outlet.name == "The Ledger"
    soup = parse(client.get(response.location))
    assert "flash-success" in one(soup, ".flash")["class"]
    assert text(one(soup, ".flash")).startswith(f"Stored source {source.id} (Budget row)")

    again = client.post("/sources/new/url", data={"url": httpserver.url_for("/budget")})
    assert again.location == response.location
    flash = one(parse(client.get(again.location)), ".flash")
    assert "flash-info" in flash["class"]
    assert "nothing changed" in text(flash)
    assert count_rows(db, Source) == 1


def test_a_changed_page_becomes_a_new_version(client, login, db, httpserver: HTTPServer):
    httpserver.expect_ordered_request("/story").respond_with_data(
        page("Story", "We will not raise taxes this year"), content_type="text/html"
    )
    httpserver.expect_ordered_request("/story").respond_with_data(
        page("Story (updated)", "We may raise taxes next year"), content_type="text/html"
    )
    login()
    first = client.post("/sources/new/url", data={"url": httpserver.url_for("/story")})
    client.get(first.location)
    second = client.post("/sources/new/url", data={"url": httpserver.url_for("/story")})
    assert second.location != first.location
    flash = one(parse(client.get(second.location)), ".flash")
    assert text(flash).startswith("New version of source")


def test_refused_page_is_a_form_error_and_stores_nothing(client, login, db, httpserver):
    httpserver.expect_request("/img").respond_with_data(
        b"\x89PNG\r\n\x1a\n...", content_type="image/png"
    )
    login()
    response = client.post("/sources/new/url", data={"url": httpserver.url_for("/img")})
    assert response.status_code == 400
    soup = parse(response)
    summary = one(soup, ".error-summary")
    assert summary["role"] == "alert"
    assert "image/png" in text(summary)
    assert one(soup, "[name=url]")["value"] == httpserver.url_for("/img")
    assert count_rows(db, Source) == 0


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "Enter the article's address."),
        ("ftp://example.org/a", "ftp"),
        ("http://user:secret@example.org/a", "user name or password"),
    ],
)
def test_bad_urls_are_explained(client, login, db, url, words):
    login()
    response = client.post("/sources/new/url", data={"url": url})
    assert response.status_code == 400
    assert words in text(one(parse(response), ".error-summary"))
    assert count_rows(db, Source) == 0


def test_private_addresses_are_refused_without_the_allowlist(tmp_path, httpserver: HTTPServer):
    httpserver.expect_request("/x").respond_with_data(
        page("X", "Hello there"), content_type="text/html"
    )
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'strict.db'}")
    db: Database = app.extensions["onrecord.db"]
    client = app.test_client()
    with db.write() as session:
        factories.make_user(session, username="fc", role=Role.FACT_CHECKER)
    client.post("/login", data={"username": "fc", "password": factories.DEFAULT_PASSWORD})
    response = client.post("/sources/new/url", data={"url": httpserver.url_for("/x")})
    assert response.status_code == 400
    assert "local-only host" in text(one(parse(response), ".error-summary"))
    assert count_rows(db, Source) == 0
    assert len(httpserver.log) == 0
    db.dispose()


# --- Upload ----------------------------------------------------------------------------


def upload(client: FlaskClient, name: str, data: bytes, **fields: str):
    """POST the upload form with one file."""
    return client.post(
        "/sources/new/upload",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(("role", "status"), ROLES_ALLOWED)
def test_upload_form_is_for_fact_checkers_and_up(client, login, role, status):
    login(role)
    response = client.get("/sources/new/upload")
    assert response.status_code == status
    if status == 200:
        control = one(parse(response), "form.form-upload input[name=file]")
        assert control["type"] == "file"
        assert control["accept"] == ".html,.htm,.txt,.jsonl"
        assert one(parse(response), "form.form-upload")["enctype"] == "multipart/form-data"


def test_viewer_upload_is_forbidden(client, login, db):
    login(Role.VIEWER)
    assert upload(client, "a.txt", ARTICLE.encode()).status_code == 403
    assert count_rows(db, Source) == 0


def test_text_file_is_stored_with_the_outlet_and_date(client, login, db):
    login()
    response = upload(
        client, "varga.txt", ARTICLE.encode(), outlet="The Ledger", published="2024-03-05"
    )
    assert response.status_code == 200
    soup = parse(response)
    assert text(one(soup, ".upload-summary")) == "1 article: 1 stored."
    row = one(soup, "tr.outcome")
    assert text(one(row, ".outcome-label")) == "varga.txt"
    assert "outcome-ingested" in row["class"]
    with db.session() as session:
        source = session.exec(select(Source)).one()
        outlet = session.get(Outlet, source.outlet_id)
    assert one(row, "a")["href"] == f"/sources/{source.id}"
    assert source.ingest_method == IngestMethod.UPLOAD
    assert source.published_at.date().isoformat() == "2024-03-05"
    assert outlet.name == "The Ledger"


def test_html_file_is_read_like_a_page(client, login, db):
    login()
    response = upload(client, "story.HTML", page("Budget row", "We will not raise taxes").encode())
    assert response.status_code == 200
    with db.session() as session:
        source = session.exec(select(Source)).one()
    assert source.title == "Budget row"
    assert "<p>" not in source.text


def test_batch_reports_each_line_and_keeps_the_good_ones(client, login, db):
    login()
    lines = [
        json.dumps({"title": "One", "outlet": "Ledger", "text": ARTICLE}),
        "{not json",
        json.dumps({"title": "Two", "text": ARTICLE.replace("Monday", "Friday")}),
        json.dumps({"title": "One again", "text": ARTICLE}),
    ]
    response = upload(client, "batch.jsonl", "\n".join(lines).encode())
    assert response.status_code == 200
    soup = parse(response)
    rows = soup.select("tr.outcome")
    assert [text(one(r, ".outcome-label")) for r in rows] == [
        "batch.jsonl line 1",
        "batch.jsonl line 2",
        "batch.jsonl line 3",
        "batch.jsonl line 4",
    ]
    assert [text(one(r, ".status")) for r in rows] == [
        "stored",
        "refused",
        "stored",
        "already stored",
    ]
    assert "not valid JSON" in text(one(rows[1], ".outcome-message"))
    assert rows[1].select("a") == []
    assert text(one(soup, ".upload-summary")) == (
        "4 articles: 2 stored, 1 already stored, 1 refused."
    )
    assert count_rows(db, Source) == 2


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("notes.pdf", b"%PDF-1.4 ...", "Upload a .html, .htm, .txt or .jsonl file."),
        ("empty.txt", b"   \n", "The file is empty."),
        ("binary.txt", b"abc\x00def and some more words here", "NUL bytes"),
        ("empty.jsonl", b"\n\n", "The file is empty."),
        ("nav.html", b"<html><body><nav>menu</nav></body></html>", "No article text"),
    ],
)
def test_bad_files_are_form_errors_and_store_nothing(client, login, db, name, data, words):
    login()
    response = upload(client, name, data)
    assert response.status_code == 400
    soup = parse(response)
    assert words in text(one(soup, ".field.has-error .field-errors"))
    assert words in text(one(soup, ".error-summary"))
    assert soup.select("tr.outcome") == []
    assert count_rows(db, Source) == 0


def test_missing_file_is_a_form_error(client, login, db):
    login()
    response = client.post("/sources/new/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to upload." in text(one(parse(response), ".error-summary"))


def big_upload_body() -> tuple[bytes, str]:
    """A multipart body over MAX_CONTENT_LENGTH, and its content type.

    Ready-made: the test client would spool a file this big to a temporary file
    that it never closes (a ResourceWarning, i.e. an error here).
    """
    boundary = "onrecordboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    )
    body = head.encode() + b"a" * (21 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_body_over_the_limit_gets_the_413_page_even_with_csrf_on(tmp_path):
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'csrf.db'}", wtf_csrf_enabled=True)
    db: Database = app.extensions["onrecord.db"]
    client = app.test_client()
    body, content_type = big_upload_body()
    response = client.post("/sources/new/upload", data=body, content_type=content_type)
    assert response.status_code == 413
    assert text(one(parse(response), ".status-code")) == "Error 413"
    assert count_rows(db, Source) == 0
    db.dispose()


def test_a_body_over_the_limit_gets_the_413_page(client, login, db):
    login()
    body, content_type = big_upload_body()
    response = client.post(
        "/sources/new/upload",
        data=body,
        content_type=content_type,
    )
    assert response.status_code == 413
    soup = parse(response)
    assert text(one(soup, ".status-code")) == "Error 413"
    assert text(one(soup, "h1")) == "File too large"
    assert "larger than 20 MB" in text(one(soup, "main"))
    assert count_rows(db, Source) == 0
