"""ProxyFix: X-Forwarded-* headers count only when ONRECORD_PROXY_FIX_HOPS says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, request, url_for

from onrecord.config import ConfigError
from tests.conftest import make_test_app

STRONG_KEY = "9c4e1b7a2f60d83e5a1c4b9f7e2d6a083b5c1e9f4a7d2b6c8e0f3a5d7b9c1e4f"
FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "checks.example.org",
}


def _echo_app(tmp_path: Path, **settings: object) -> Flask:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", **settings)

    @app.get("/_where")
    def where() -> dict[str, object]:
        return {
            "url": url_for("health.healthz", _external=True),
            "remote_addr": request.remote_addr,
            "secure": request.is_secure,
        }

    return app


def test_forwarded_headers_are_ignored_by_default(tmp_path: Path) -> None:
    client = _echo_app(tmp_path).test_client()
    body = client.get("/_where", headers=FORWARDED).get_json()
    assert body == {"url": "http://localhost/healthz", "remote_addr": "127.0.0.1", "secure": False}


def test_forwarded_headers_are_honoured_behind_one_proxy(tmp_path: Path) -> None:
    client = _echo_app(tmp_path, proxy_fix_hops=1).test_client()
    body = client.get("/_where", headers=FORWARDED).get_json()
    assert body == {
        "url": "https://checks.example.org/healthz",
        "remote_addr": "203.0.113.7",
        "secure": True,
    }


def test_only_the_trusted_number_of_hops_is_used(tmp_path: Path) -> None:
    # A client sent its own X-Forwarded-For; the one proxy appended the real address.
    client = _echo_app(tmp_path, proxy_fix_hops=1).test_client()
    headers = {**FORWARDED, "X-Forwarded-For": "10.9.9.9, 198.51.100.4"}
    body = client.get("/_where", headers=headers).get_json()
    assert body["remote_addr"] == "198.51.100.4"


def test_negative_hops_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ONRECORD_PROXY_FIX_HOPS=-1"):
        make_test_app(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", proxy_fix_hops=-1)


@pytest.mark.parametrize(
    ("settings", "secure"),
    [
        ({}, False),
        ({"session_cookie_secure": True}, True),
        ({"preferred_url_scheme": "https"}, True),
        ({"public_base_url": "https://checks.example.org"}, True),
        ({"public_base_url": "http://intranet.example"}, False),
        ({"production": True, "secret_key": STRONG_KEY, "wtf_csrf_enabled": True}, True),
    ],
)
def test_cookies_are_https_only_when_served_over_https(
    tmp_path: Path, settings: dict[str, object], secure: bool
) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", **settings)
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    assert app.config["REMEMBER_COOKIE_SECURE"] is secure


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"secret_key": ""}, "production mode needs ONRECORD_SECRET_KEY"),
        ({"secret_key": "short"}, "too weak for production: it is 5 characters long"),
        ({"secret_key": STRONG_KEY, "debug": True}, "refuses ONRECORD_DEBUG=true"),
        ({"secret_key": STRONG_KEY}, "refuses ONRECORD_WTF_CSRF_ENABLED=false"),
    ],
)
def test_production_mode_refuses_unsafe_settings(
    tmp_path: Path, settings: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        make_test_app(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", production=True, **settings)
    # Nothing was generated on the way.
    assert not (tmp_path / "instance" / "secret_key").exists()
