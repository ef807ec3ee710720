"""Error pages: every HTTP error uses errors/error.html in the site's layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import abort

from onrecord.app import create_app
from onrecord.db import DatabaseError
from tests.web.html import one, parse, text


@pytest.fixture
def failing_app(app):
    """The app with routes that fail in each way an error page covers."""

    def bad_request():
        abort(400)

    def boom():
        raise RuntimeError("a bug")

    def database_down():
        raise DatabaseError("cannot reach the database")

    app.add_url_rule("/_test/400", view_func=bad_request)
    app.add_url_rule("/_test/500", view_func=boom)
    app.add_url_rule("/_test/503", view_func=database_down)
    return app


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/no/such/page", 404, "Not Found"),
        ("/_test/400", 400, "Bad Request"),
        ("/_test/500", 500, "Internal Server Error"),
        ("/_test/503", 503, "Service unavailable"),
    ],
)
def test_error_pages_use_the_error_template(failing_app, path, status, title, caplog):
    response = failing_app.test_client().get(path)
    assert response.status_code == status
    soup = parse(response)
    assert text(one(soup, "main h1")) == title
    assert text(one(soup, ".status-code")) == f"Error {status}"
    assert text(one(soup, ".error-page .lede"))
    assert one(soup, "a.skip-link")["href"] == "#main"
    assert one(soup, "title").string == f"{title} · onrecord"
    assert text(one(soup, ".error-links a")) == "Log in"


def test_500_page_shows_no_details_of_the_error(failing_app, caplog):
    response = failing_app.test_client().get("/_test/500")
    assert "a bug" not in text(parse(response))
    assert any("unhandled error" in r.getMessage() for r in caplog.records)


def test_403_page_for_a_logged_in_user_links_back_to_the_desk(client, login):
    login("viewer")
    response = client.get("/sources/new")
    assert response.status_code == 403
    soup = parse(response)
    assert text(one(soup, "h1")) == "Forbidden"
    assert text(one(soup, ".lede")) == "Only fact-checkers, editors and admins can add articles."
    assert [a["href"] for a in soup.select(".error-links a")] == ["/", "/sources"]


def test_json_clients_get_the_error_envelope(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json == {
        "ok": False,
        "error": {
            "status": 404,
            "title": "Not Found",
            "message": response.json["error"]["message"],
        },
    }


def test_database_gone_mid_request_is_a_503_page(tmp_path: Path) -> None:
    """A server that refuses connections gives the 503 page, not a 500 or a traceback."""
    app = create_app(
        {
            "database_url": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "instance_path": str(tmp_path),
            "secret_key": "k",
            "testing": True,
            "wtf_csrf_enabled": False,
        }
    )
    response = app.test_client().get("/login")
    assert response.status_code == 200
    response = app.test_client().post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 503
    assert text(one(parse(response), "h1")) == "Service unavailable"
