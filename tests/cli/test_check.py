"""``onrecord check``: every FAIL path, the warnings, and a clean pass."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from onrecord import migrations
from onrecord.cli import main
from onrecord.config import Settings
from onrecord.pipeline import checks
from tests.conftest import PG_ENV

STRONG_KEY = "7d2c9a4e1f0b6d3a8c5e2f9b1a7d4c0e6f3b8a2d5c9e1f7a0b4d6c8e2a3f5b9d"
Run = Callable[..., Result]


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def run(instance: Path) -> Run:
    runner = CliRunner()
    base = {"ONRECORD_INSTANCE_PATH": str(instance), "ONRECORD_SECRET_KEY": STRONG_KEY}

    def _run(*args: str, **env: str) -> Result:
        return runner.invoke(main, ["check", *args], env={**base, **env}, catch_exceptions=False)

    return _run


@pytest.fixture
def migrated(instance: Path) -> Path:
    """A migrated SQLite database in the instance folder, readable by its owner only."""
    instance.mkdir(parents=True)
    path = instance / "onrecord.db"
    migrations.upgrade(f"sqlite:///{path}")
    path.chmod(0o600)
    return path


def _lines(result: Result) -> dict[str, str]:
    """``{check name: "STATUS message"}`` from the output."""
    found = {}
    for line in result.output.splitlines():
        status, _, rest = line.partition(" ")
        if status in {"OK", "WARN", "FAIL"}:
            name, _, message = rest.strip().partition(": ")
            found[name] = f"{status} {message}"
    return found


def test_a_clean_production_setup_passes(run: Run, migrated: Path) -> None:
    result = run("--production", ONRECORD_PROXY_FIX_HOPS="1")
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert list(lines) == [
        "secret key", "debug", "database", "migrations", "sqlite", "redis", "cookies", "proxy",
        "instance folder", "fetch allowlist",
    ]  # fmt: skip
    assert all(line.startswith("OK ") for line in lines.values()), lines
    assert result.output.splitlines()[-1] == "10 ok, 0 warning(s), 0 failure(s)."
    assert "fix:" not in result.output


@pytest.mark.parametrize(
    ("env", "name", "expected"),
    [
        ({"ONRECORD_SECRET_KEY": ""}, "secret key", "FAIL not set"),
        ({"ONRECORD_SECRET_KEY": "s3cret"}, "secret key", "FAIL ONRECORD_SECRET_KEY is weak"),
        ({"ONRECORD_SECRET_KEY": "ab" * 20}, "secret key", "FAIL ONRECORD_SECRET_KEY is weak"),
        ({"ONRECORD_DEBUG": "true"}, "debug", "FAIL debug mode is on"),
        ({"ONRECORD_WTF_CSRF_ENABLED": "false"}, "debug", "FAIL CSRF protection is off"),
        ({"ONRECORD_PROXY_FIX_HOPS": "-1"}, "proxy", "FAIL ONRECORD_PROXY_FIX_HOPS=-1"),
        (
            {"ONRECORD_FETCH_ALLOW_HOSTS": "10.0.0.0/4"},
            "fetch allowlist",
            "FAIL 10.0.0.0/4 opens 268,435,456 addresses",
        ),
        (
            {"ONRECORD_FETCH_ALLOW_HOSTS": "cms.internal,169.254.0.0/16"},
            "fetch allowlist",
            "FAIL 169.254.0.0/16 includes a cloud metadata address",
        ),
        (
            {"ONRECORD_FETCH_ALLOW_HOSTS": "bad host!"},
            "fetch allowlist",
            "FAIL 'bad host!' is neither a host name nor an address",
        ),
        (
            {"ONRECORD_REDIS_URL": "redis://127.0.0.1:1/0"},
            "redis",
            "FAIL cannot reach redis://127.0.0.1:1/0",
        ),
    ],
)
def test_each_failure_is_reported_with_a_fix(
    run: Run, migrated: Path, env: dict[str, str], name: str, expected: str
) -> None:
    result = run("--production", **env)
    assert result.exit_code == 1, result.output
    lines = _lines(result)
    assert lines[name].startswith(expected), lines[name]
    failed = [n for n, line in lines.items() if line.startswith("FAIL")]
    assert failed == [name]
    assert "fix: " in result.output
    assert result.output.splitlines()[-1].endswith("1 failure(s).")


def test_outside_production_a_missing_key_and_debug_are_warnings(run: Run, migrated: Path) -> None:
    result = run(ONRECORD_SECRET_KEY="", ONRECORD_DEBUG="true")
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert lines["secret key"].startswith("WARN not set")
    assert lines["debug"].startswith("WARN debug mode is on")
    assert "development" in result.output.splitlines()[0]


def test_production_follows_the_setting(run: Run, migrated: Path) -> None:
    result = run(ONRECORD_PRODUCTION="true", ONRECORD_SECRET_KEY="")
    assert result.exit_code == 1
    assert _lines(result)["secret key"].startswith("FAIL")


def test_a_missing_database_file_fails_and_is_not_created(run: Run, instance: Path) -> None:
    instance.mkdir()
    result = run()
    assert result.exit_code == 1
    assert _lines(result)["database"] == f"FAIL no database file at {instance / 'onrecord.db'}"
    assert "migrations" not in _lines(result)  # not checked without a database
    assert "fix: run `onrecord db upgrade`" in result.output
    assert not (instance / "onrecord.db").exists()


def test_an_unreachable_server_fails(run: Run, migrated: Path) -> None:
    result = run(ONRECORD_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert _lines(result)["database"].startswith(
        "FAIL cannot reach postgresql+psycopg://nobody@127.0.0.1:1/none"
    )


def test_an_empty_database_fails_migrations(run: Run, instance: Path) -> None:
    instance.mkdir()
    sqlite3.connect(instance / "onrecord.db").close()
    result = run()
    assert result.exit_code == 1
    assert _lines(result)["migrations"] == "FAIL the database has no tables yet"


def test_an_old_revision_fails_migrations(run: Run, instance: Path) -> None:
    instance.mkdir()
    migrations.upgrade(f"sqlite:///{instance / 'onrecord.db'}", "0001")
    result = run()
    assert result.exit_code == 1
    head = migrations.head_revision()
    assert _lines(result)["migrations"] == (
        f"FAIL the database is at revision 0001, this onrecord needs {head}"
    )


def test_an_unwritable_sqlite_folder_fails(
    run: Run, migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The suite may run as root, who can write anywhere: ask os.access to say no.
    real_access = os.access
    monkeypatch.setattr(
        checks.os, "access", lambda p, mode: Path(p) != migrated.parent and real_access(p, mode)
    )
    result = run()
    assert result.exit_code == 1
    lines = _lines(result)
    assert lines["sqlite"] == f"FAIL the folder {migrated.parent} is not writable"
    assert lines["instance folder"] == f"FAIL {migrated.parent} is not writable"


def test_a_world_readable_database_is_a_warning(run: Run, migrated: Path) -> None:
    migrated.chmod(0o644)
    result = run()
    assert result.exit_code == 0
    assert _lines(result)["sqlite"] == f"WARN {migrated} can be read by other users of this machine"


def test_an_instance_folder_under_a_file_fails(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(
        ONRECORD_INSTANCE_PATH=str(blocker / "instance"),
        ONRECORD_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
    )
    assert result.exit_code == 1
    assert _lines(result)["instance folder"] == f"FAIL {blocker / 'instance'} is not writable"


def test_cookies_over_http_behind_a_proxy_are_a_warning() -> None:
    result = checks.check_cookies(Settings(proxy_fix_hops=1))
    assert result.status is checks.Status.WARN
    https = checks.check_cookies(Settings(proxy_fix_hops=1, preferred_url_scheme="https"))
    assert https.status is checks.Status.OK


def test_redis_ping_is_used_when_configured() -> None:
    pinged: list[str] = []
    result = checks.check_redis("redis://cache:6379/3", pinged.append)
    assert result.status is checks.Status.OK
    assert pinged == ["redis://cache:6379/3"]
    assert checks.check_redis("").message == "not configured: jobs run in-process"


@pytest.fixture
def migrated_postgres() -> Iterator[str]:
    """A PostgreSQL database of this test's own, migrated with ``onrecord db upgrade``."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}")
    name = f"onrecord_check_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.mark.postgres
def test_a_migrated_postgresql_database_passes(run: Run, migrated_postgres: str) -> None:
    result = run("--production", ONRECORD_DATABASE_URL=migrated_postgres)
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert "sqlite" not in lines
    assert lines["database"].startswith("OK reachable at postgresql+psycopg://")
    assert lines["migrations"] == f"OK at the newest revision ({migrations.head_revision()})"
    engine = sa.create_engine(migrated_postgres)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    engine.dispose()
    behind = run("--production", ONRECORD_DATABASE_URL=migrated_postgres)
    assert behind.exit_code == 1
    assert _lines(behind)["migrations"].startswith("FAIL the database is at revision 0001")
