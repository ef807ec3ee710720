"""Health probes: /healthz (process alive) and /readyz (database reachable and migrated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.migrations import head_revision, upgrade
from tests.conftest import make_test_app


@pytest.fixture
def migrated_app(tmp_path: Path) -> Flask:
    """An app whose database was built by the migrations (so it has a revision)."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade(url)
    return make_test_app(tmp_path, url)


def _assert_probe_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert headers["Content-Type"] == "application/json"


def _unreachable(app: Flask, tmp_path: Path) -> None:
    # A file SQLite cannot create: every connection fails.
    app.extensions["onrecord.db"] = Database(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")


def test_healthz_answers_without_a_database(app: Flask, tmp_path: Path) -> None:
    _unreachable(app, tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    _assert_probe_headers(response)


def test_readyz_is_ok_on_a_migrated_database(migrated_app: Flask) -> None:
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["migrations"]["current"] == head_revision()
    _assert_probe_headers(response)


def test_readyz_fails_when_migrations_are_behind(client: FlaskClient) -> None:
    # The `app` fixture creates tables from the models, without an Alembic revision.
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"] == {
        "ok": False,
        "current": None,
        "head": head_revision(),
        "error": "run `onrecord db upgrade`",
    }
    _assert_probe_headers(response)


def test_readyz_fails_when_the_database_is_unreachable(app: Flask, tmp_path: Path) -> None:
    _unreachable(app, tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "unreachable"}
    # No path, URL or driver message leaks to an unauthenticated client.
    assert str(tmp_path) not in response.get_data(as_text=True)
    _assert_probe_headers(response)


def test_probes_need_no_login_and_ignore_a_session(migrated_app: Flask) -> None:
    client = migrated_app.test_client()
    client.set_cookie("session", "garbage")
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers


def test_readyz_stays_ok_when_a_newer_release_migrated_the_database(migrated_app: Flask) -> None:
    # A rolling upgrade: the new release ran `onrecord db upgrade` before this
    # server was replaced; it keeps serving instead of every old server leaving.
    engine = migrated_app.extensions["onrecord.db"].engine
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["migrations"] == {
        "ok": True,
        "current": "9999",
        "head": head_revision(),
        "note": "the database is newer than this server's code",
    }


def test_readyz_fails_when_the_database_is_an_older_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    app = make_test_app(tmp_path, url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"]["current"] == "0001"
