"""Fixtures shared by the whole suite.

Each test gets a fresh SQLite database file. Tests that should also run on
PostgreSQL take the ``any_db_url`` fixture; they run against the server named
by ``ONRECORD_TEST_POSTGRES_URL`` (a database of their own, created for this
run and dropped afterwards) and skip with a message when it is not set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from onrecord.app import create_app
from onrecord.db import Database
from onrecord.models import Role, metadata
from onrecord.pipeline.accounts import passwords
from onrecord.pipeline.match.index import ensure_search_index
from tests import factories

PG_ENV = "ONRECORD_TEST_POSTGRES_URL"


def make_test_app(tmp_path: Path, database_url: str, **overrides: object) -> Flask:
    """An app on ``database_url`` with the schema created and test settings."""
    config: dict[str, object] = {
        "database_url": database_url,
        "secret_key": "test-secret-key",
        "instance_path": str(tmp_path / "instance"),
        "testing": True,
        "wtf_csrf_enabled": False,
    }
    config.update(overrides)
    app = create_app(config)
    engine = app.extensions["onrecord.db"].engine
    metadata.create_all(engine)
    ensure_search_index(engine)  # what migration 0002 adds outside the models
    return app


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Cheap argon2 parameters for the suite: tests create users and log in all the time,
    and the production parameters cost about a second per hash on a busy machine."""
    previous = passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use_hasher(previous)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh SQLite file."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}")
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def db(app: Flask) -> Database:
    """The app's database."""
    database: Database = app.extensions["onrecord.db"]
    return database


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client."""
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient, db: Database) -> Callable[..., object]:
    """``login(role)`` creates a user with that role, logs the client in, returns the user."""

    def _login(role: Role | str = Role.FACT_CHECKER, username: str | None = None) -> object:
        role = Role(role)
        name = username or f"{role.value.replace('-', '')}{uuid.uuid4().hex[:6]}"
        with db.write() as session:
            user = factories.make_user(session, username=name, role=role)
        response = client.post(
            "/login", data={"username": name, "password": factories.DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, response.data[:500]
        return user

    return _login


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this test run's own, dropped at the end."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1/test)"
        )
    name = f"onrecord_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {exc.orig}")
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        metadata.create_all(conn)
    ensure_search_index(engine)
    with engine.begin() as conn:
        tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any.db'}"
    url: str = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def any_app(tmp_path: Path, any_db_url: str) -> Iterator[Flask]:
    """An app on SQLite and on PostgreSQL in turn."""
    app = make_test_app(tmp_path, any_db_url)
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def any_db(any_app: Flask) -> Database:
    """The database of :func:`any_app`."""
    database: Database = any_app.extensions["onrecord.db"]
    return database
