"""The application factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.app import create_app, templates_dir
from onrecord.config import ConfigError


def test_config_mapping_is_used(tmp_path: Path) -> None:
    app = create_app({"instance_path": str(tmp_path), "testing": True, "secret_key": "k"})
    assert app.testing
    assert app.config["SECRET_KEY"] == "k"
    assert app.extensions["onrecord.db"].url == f"sqlite:///{tmp_path / 'onrecord.db'}"


def test_two_apps_do_not_share_a_database(tmp_path: Path) -> None:
    a = create_app({"instance_path": str(tmp_path / "a")})
    b = create_app({"instance_path": str(tmp_path / "b")})
    assert a.extensions["onrecord.db"].engine is not b.extensions["onrecord.db"].engine


def test_bad_setting_fails_fast(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ONRECORD_DATABASE_URL uses 'mysql'"):
        create_app({"instance_path": str(tmp_path), "database_url": "mysql://localhost/x"})


def test_templates_are_found() -> None:
    assert (templates_dir() / "base.html").is_file()


def test_session_cookie_is_hardened(tmp_path: Path) -> None:
    app = create_app({"instance_path": str(tmp_path), "session_cookie_secure": True})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
