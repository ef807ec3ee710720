"""CORS: open on public reads and their preflight, absent on writes and token calls."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from onrecord.models import Role
from tests.web.api.conftest import BASE, Published, bearer

ORIGIN = {"Origin": "https://news.example"}


@pytest.mark.parametrize(
    "path", ["/reviews", "/speakers", "/statements", "/search?q=tax", "/openapi.json"]
)
def test_public_reads_are_open_to_every_site(client: FlaskClient, path: str) -> None:
    response = client.get(BASE + path, headers=ORIGIN)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Link" in response.headers["Access-Control-Expose-Headers"]


def test_public_detail_and_its_404_are_open(client: FlaskClient, published: Published) -> None:
    ok = client.get(f"{BASE}/reviews/{published.review_ids[0]}", headers=ORIGIN)
    assert ok.headers["Access-Control-Allow-Origin"] == "*"
    missing = client.get(f"{BASE}/reviews/999999", headers=ORIGIN)
    assert missing.status_code == 404
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_of_a_public_read(client: FlaskClient) -> None:
    response = client.options(
        f"{BASE}/reviews",
        headers={**ORIGIN, "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "accept"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Authorization" not in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/drafts"),
        ("OPTIONS", "/drafts"),
        ("GET", "/drafts/1"),
        ("PATCH", "/drafts/1"),
        ("OPTIONS", "/drafts/1"),
        ("POST", "/sources/text"),
        ("OPTIONS", "/sources/url"),
        ("GET", "/token"),
    ],
)
def test_writes_and_token_calls_are_not_open(
    client: FlaskClient, make_token: Callable[..., str], method: str, path: str
) -> None:
    headers = {**ORIGIN, **bearer(make_token(Role.EDITOR))}
    response = client.open(BASE + path, method=method, headers=headers, json={})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers
