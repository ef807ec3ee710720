"""Every error under /api has the one envelope: 404, 405, 413, 415, 422, 429, 500, 503."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onrecord.app import create_app
from onrecord.models import Role
from tests.conftest import make_test_app
from tests.web.api.conftest import BASE, assert_envelope, bearer
from tests.web.html import one, parse, text


def test_unknown_paths_and_methods(client: FlaskClient) -> None:
    assert_envelope(client.get(f"{BASE}/no/such/thing"), 404, "not_found")
    assert_envelope(client.get("/api/v2/reviews"), 404, "not_found")
    response = client.delete(f"{BASE}/reviews")
    assert_envelope(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]
    # Outside /api the site's own error page is unchanged.
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert page.mimetype == "text/html"


def test_path_converters_refuse_with_the_envelope(client: FlaskClient) -> None:
    assert_envelope(client.get(f"{BASE}/reviews/-1"), 404, "not_found")
    assert_envelope(client.get(f"{BASE}/reviews/abc"), 404, "not_found")


def test_too_large_body_is_413(
    app: Flask, client: FlaskClient, make_token: Callable[..., str]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        f"{BASE}/sources/text", json={"text": "x" * 5000}, headers=bearer(make_token())
    )
    assert_envelope(response, 413, "payload_too_large")


def test_bugs_are_500_without_details(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    def boom() -> str:
        raise RuntimeError("secret detail")

    app.add_url_rule(f"{BASE}/_boom", view_func=boom)
    response = app.test_client().get(f"{BASE}/_boom")
    error = assert_envelope(response, 500, "internal_error")
    assert "secret detail" not in error["message"]


@pytest.fixture
def unreachable_app(tmp_path: Path) -> Iterator[Flask]:
    """An app whose PostgreSQL refuses connections (a closed port of our range)."""
    app = create_app(
        {
            "database_url": "postgresql+psycopg://postgres@127.0.0.1:8598/none",
            "instance_path": str(tmp_path),
            "secret_key": "k",
            "testing": True,
        }
    )
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.mark.parametrize("path", ["/reviews", "/reviews/1", "/speakers/x", "/search?q=a"])
def test_unreachable_database_is_503(unreachable_app: Flask, path: str) -> None:
    response = unreachable_app.test_client().get(BASE + path)
    assert_envelope(response, 503, "unavailable")
    assert response.headers["Retry-After"]


def test_unreachable_database_with_a_token_is_503(unreachable_app: Flask) -> None:
    response = unreachable_app.test_client().get(
        f"{BASE}/token", headers=bearer("onr_abcdefgh_" + "x" * 43)
    )
    assert_envelope(response, 503, "unavailable")


def test_rate_limited_answers_are_429_with_retry_after(tmp_path: Path) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 't.db'}", api_read_limit="2/minute")
    client = app.test_client()
    assert client.get(f"{BASE}/reviews").status_code == 200
    assert client.get(f"{BASE}/speakers").status_code == 200
    response = client.get(f"{BASE}/reviews")
    assert_envelope(response, 429, "rate_limited")
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["X-RateLimit-Limit"] == "2"
    app.extensions["onrecord.db"].dispose()


def test_login_page_is_still_html_when_limited(tmp_path: Path) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 't.db'}", login_limit="1/minute")
    client = app.test_client()
    client.post("/login", data={"username": "a", "password": "b"})
    response = client.post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 429
    assert text(one(parse(response), ".status-code")) == "Error 429"
    assert client.get("/login").status_code == 200  # showing the form is not limited
    app.extensions["onrecord.db"].dispose()


def test_role_check_comes_before_reading_the_body(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    response = client.post(
        f"{BASE}/drafts", data="garbage", headers=bearer(make_token(Role.VIEWER))
    )
    assert_envelope(response, 403, "forbidden")


def test_ids_beyond_any_row_are_404(client: FlaskClient, make_token: Callable[..., str]) -> None:
    assert_envelope(client.get(f"{BASE}/reviews/{2**31}"), 404, "not_found")
    token = make_token(Role.EDITOR)
    assert_envelope(client.get(f"{BASE}/drafts/{2**63}", headers=bearer(token)), 404, "not_found")


def test_nul_characters_are_refused_not_stored(
    client: FlaskClient, make_token: Callable[..., str]
) -> None:
    """PostgreSQL cannot hold NUL in text (schemathesis found this as a 500)."""
    error = assert_envelope(client.get(f"{BASE}/search?speaker=a%00b"), 422, "validation_failed")
    assert list(error["details"]) == ["speaker"]
    assert_envelope(client.get(f"{BASE}/speakers/a%00b"), 404, "not_found")
    response = client.post(
        f"{BASE}/sources/text", json={"text": "a\x00b"}, headers=bearer(make_token())
    )
    assert "text" in assert_envelope(response, 422, "validation_failed")["details"]
