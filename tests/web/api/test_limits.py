"""Rate limits: per token and per IP, memory and Redis, and what happens when Redis is down.

Redis down: public reads fail open (served, unlimited), the login form fails
closed (503). Tests on the real Redis read ONRECORD_TEST_REDIS_URL and use a key
prefix of their own, since other tests share that Redis.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from redis import Redis

from onrecord.models import Role
from onrecord.pipeline.accounts.tokens import create_token
from tests import factories
from tests.conftest import make_test_app
from tests.web.api.conftest import BASE, assert_envelope, bearer
from tests.web.html import one, parse, text

REDIS_ENV = "ONRECORD_TEST_REDIS_URL"
#: A loopback port of our range where nothing listens: a Redis that is down.
CLOSED_REDIS = "redis://127.0.0.1:8597/0"


def _app(tmp_path: Path, **settings: object) -> Flask:
    name = uuid.uuid4().hex[:8]
    return make_test_app(tmp_path / name, f"sqlite:///{tmp_path / name}.db", **settings)


@pytest.fixture
def apps() -> Iterator[list[Flask]]:
    """Apps a test makes; their databases are closed at the end."""
    made: list[Flask] = []
    yield made
    for app in made:
        app.extensions["onrecord.db"].dispose()


def _token(app: Flask, role: Role = Role.FACT_CHECKER) -> str:
    key = str(app.config["SECRET_KEY"]).encode()
    with app.extensions["onrecord.db"].write() as session:
        user = factories.make_user(session, role=role)
        return create_token(session, user_id=user.id or 0, name="t", key=key).secret


def test_tokens_and_addresses_have_separate_counters(tmp_path: Path, apps: list[Flask]) -> None:
    app = _app(tmp_path, api_read_limit="1/minute", api_token_limit="2/minute")
    apps.append(app)
    client = app.test_client()
    first, second = _token(app), _token(app)
    assert client.get(f"{BASE}/reviews").status_code == 200
    assert_envelope(client.get(f"{BASE}/reviews"), 429, "rate_limited")
    # The same address with a token counts against the token's (larger) limit.
    assert client.get(f"{BASE}/reviews", headers=bearer(first)).status_code == 200
    assert client.get(f"{BASE}/token", headers=bearer(first)).status_code == 200
    assert_envelope(client.get(f"{BASE}/reviews", headers=bearer(first)), 429, "rate_limited")
    assert client.get(f"{BASE}/reviews", headers=bearer(second)).status_code == 200
    # Another address still has its own counter.
    other = client.get(f"{BASE}/reviews", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_an_invalid_token_does_not_escape_the_address_limit(
    tmp_path: Path, apps: list[Flask]
) -> None:
    app = _app(tmp_path, api_read_limit="1/minute")
    apps.append(app)
    client = app.test_client()
    assert client.get(f"{BASE}/reviews").status_code == 200
    forged = bearer("onr_abcdefgh_" + uuid.uuid4().hex * 2)
    assert_envelope(client.get(f"{BASE}/reviews", headers=forged), 429, "rate_limited")


def test_limits_can_be_turned_off(tmp_path: Path, apps: list[Flask]) -> None:
    app = _app(tmp_path, api_read_limit="1/minute", ratelimit_enabled=False)
    apps.append(app)
    client = app.test_client()
    assert [client.get(f"{BASE}/reviews").status_code for _ in range(3)] == [200, 200, 200]


def test_redis_down_reads_fail_open_and_login_fails_closed(
    tmp_path: Path, apps: list[Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = _app(tmp_path, redis_url=CLOSED_REDIS, api_read_limit="1/minute")
    apps.append(app)
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        statuses = [client.get(f"{BASE}/reviews").status_code for _ in range(3)]
        assert statuses == [200, 200, 200]  # unlimited while the limit cannot be counted
        assert client.get("/login").status_code == 200  # the form itself is shown
        response = client.post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 503
    soup = parse(response)
    assert "cannot be reached" in text(one(soup, ".error-page .lede"))
    assert any("fails closed" in record.getMessage() for record in caplog.records)


def _redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"Redis rate-limit tests need {REDIS_ENV} (e.g. redis://127.0.0.1:6379/15)")
    return url


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own; its keys are deleted afterwards."""
    url = _redis_url()
    prefix = f"onrecord-test-limits-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_redis_counts_are_shared_by_every_process(
    tmp_path: Path, apps: list[Flask], redis_prefix: str
) -> None:
    settings = {
        "redis_url": _redis_url(),
        "ratelimit_key_prefix": redis_prefix,
        "api_read_limit": "3/minute",
        "login_limit": "2/minute",
    }
    one_app, other_app = _app(tmp_path, **settings), _app(tmp_path, **settings)
    apps.extend([one_app, other_app])
    first, second = one_app.test_client(), other_app.test_client()
    assert first.get(f"{BASE}/reviews").status_code == 200
    assert second.get(f"{BASE}/reviews").status_code == 200
    assert first.get(f"{BASE}/reviews").status_code == 200
    assert_envelope(second.get(f"{BASE}/reviews"), 429, "rate_limited")
    login = {"username": "a", "password": "b"}
    assert first.post("/login", data=login).status_code == 400
    assert second.post("/login", data=login).status_code == 400
    assert first.post("/login", data=login).status_code == 429
    keys = list(Redis.from_url(_redis_url()).scan_iter(match=f"*{redis_prefix}*"))
    assert keys
