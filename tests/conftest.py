"""Fixtures shared by the whole suite.

By default each test gets a fresh SQLite database file. Tests that should also
run on PostgreSQL take the ``any_db_url`` fixture; they run against the server
named by ``ONRECORD_TEST_POSTGRES_URL`` (a database of their own, created for
this run and dropped afterwards) and skip with a message when it is not set.

``--db=postgres`` (or ``ONRECORD_TEST_DATABASE=postgres``) runs the whole suite
on PostgreSQL instead: one database per test session (per xdist worker), the
schema created once, and the rows every test wrote deleted after it (see
docs/testing.md). Tests marked ``sqlite_only`` are skipped on that run.
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
#: ``sqlite`` (default) or ``postgres``: the database of the standard fixtures.
DB_ENV = "ONRECORD_TEST_DATABASE"
#: Prefix of the databases the suite creates on the PostgreSQL server.
PG_PREFIX_ENV = "ONRECORD_TEST_POSTGRES_PREFIX"


def make_test_app(tmp_path: Path, database_url: str, **overrides: object) -> Flask:
    """An app on ``database_url`` with the schema created and test settings.

    On a ``--db=postgres`` run an SQLite URL is replaced by the session's
    PostgreSQL database (its schema exists already; the rows are deleted after
    the test), so tests that build their own app run on PostgreSQL too (an
    SQLite file the test already built stays, see :func:`_fresh_sqlite`). A
    module- or session-scoped fixture (called before any test starts) gets a
    database of its own instead, kept until the end of the session, since its
    rows must outlive each test as its SQLite file would.
    """
    if _PG_RUN.url is not None and _fresh_sqlite(database_url):
        database_url = _PG_RUN.use() if _PG_RUN.in_test else _PG_RUN.own_database()
    config: dict[str, object] = {
        "database_url": database_url,
        "secret_key": "test-secret-key",
        "instance_path": str(tmp_path / "instance"),
        "testing": True,
        "wtf_csrf_enabled": False,
    }
    config.update(overrides)
    app = create_app(config)
    _APP_DATABASES.append((_PG_RUN.in_test, app.extensions["onrecord.db"]))
    if database_url != _PG_RUN.url:
        engine = app.extensions["onrecord.db"].engine
        metadata.create_all(engine)
        ensure_search_index(engine)  # what migration 0002 adds outside the models
    return app


def _fresh_sqlite(url: str) -> bool:
    """An SQLite URL whose file does not exist yet. A file the test built itself
    (migrated, at an old revision...) is what the test is about: it stays SQLite."""
    if not url.startswith("sqlite"):
        return False
    path = sa.engine.make_url(url).database
    return not path or not Path(path).exists()


class _PostgresRun:
    """The session database of a ``--db=postgres`` run and whether a test wrote to it."""

    def __init__(self) -> None:
        self.url: str | None = None
        self.admin_url = ""
        self.used = False
        self.in_test = False
        self.own: list[str] = []
        self._engine: sa.Engine | None = None

    def start(self, admin_url: str, url: str) -> None:
        self.admin_url = admin_url
        self.url = url
        self._engine = sa.create_engine(url)
        with self._engine.begin() as conn:
            metadata.create_all(conn)
        ensure_search_index(self._engine)

    def use(self) -> str:
        assert self.url is not None
        self.used = True
        return self.url

    def own_database(self) -> str:
        """An empty database for a fixture wider than one test (dropped at the end)."""
        url = _create_database(self.admin_url, _test_db_prefix())
        self.own.append(url)
        return url

    def clean(self) -> None:
        """Delete every row and restart the id sequences, so the next test starts empty.

        DELETE in dependency order is much cheaper than TRUNCATE here (about 2 ms
        against 30 ms for the whole schema, measured): the tables hold a handful
        of rows and TRUNCATE replaces every table's files.
        """
        if not self.used or self._engine is None:
            return
        self.used = False
        deletes = "; ".join(f'DELETE FROM "{t.name}"' for t in reversed(metadata.sorted_tables))
        with self._engine.begin() as conn:
            # A test that left a transaction open would block us: fail instead of hanging.
            conn.exec_driver_sql("SET LOCAL lock_timeout = '20s'")
            conn.exec_driver_sql(deletes)
            conn.exec_driver_sql(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = current_schema()"
            )

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        for url in self.own:
            _drop_database(self.admin_url, url)
        self.own.clear()
        self.url = None
        self._engine = None


_PG_RUN = _PostgresRun()

# Every database an app made by make_test_app opened, and whether a test (rather than a
# wider fixture) made it. Pools are closed after each test (and at the end of the
# session), so no connection is left for the garbage collector: psycopg warns about
# those, and the warning lands on whichever later test happens to trigger a collection.
_APP_DATABASES: list[tuple[bool, Database]] = []


def _dispose_app_databases(*, everything: bool) -> None:
    kept = []
    for in_test, database in _APP_DATABASES:
        if in_test or everything:
            database.dispose()
        else:
            kept.append((in_test, database))
    _APP_DATABASES[:] = kept


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        choices=("sqlite", "postgres"),
        default=os.environ.get(DB_ENV) or "sqlite",
        help=f"database of the standard fixtures (default: ${DB_ENV} or sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): tests SQLite itself; skipped on a --db=postgres run"
    )
    if _on_postgres(config) and not os.environ.get(PG_ENV):
        raise pytest.UsageError(f"--db=postgres needs {PG_ENV} (the server to create databases on)")


def _on_postgres(config: pytest.Config) -> bool:
    return bool(config.getoption("--db") == "postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run: skip ``sqlite_only`` tests and drop the SQLite half of ``any_db``."""
    if not _on_postgres(config):
        return
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("any_db_url") == "sqlite":
            dropped.append(item)
            continue
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}".rstrip(": ")))
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _create_database(admin_url: str, prefix: str) -> str:
    """Create an empty database on the server of ``admin_url``; return its URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = f"{prefix}{worker}{'_' if worker else ''}{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {exc.orig}")
    finally:
        admin.dispose()
    return sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_database(admin_url: str, url: str) -> None:
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _test_db_prefix() -> str:
    return os.environ.get(PG_PREFIX_ENV) or "onrecord_test_"


@pytest.fixture(autouse=True, scope="session")
def _postgres_run(request: pytest.FixtureRequest) -> Iterator[None]:
    """On a ``--db=postgres`` run, the session's database with the schema created once."""
    if not _on_postgres(request.config):
        yield
        _dispose_app_databases(everything=True)
        return
    admin_url = os.environ[PG_ENV]  # checked in pytest_configure
    url = _create_database(admin_url, _test_db_prefix())
    try:
        _PG_RUN.start(admin_url, url)
        yield
    finally:
        _dispose_app_databases(everything=True)
        _PG_RUN.stop()
        _drop_database(admin_url, url)


@pytest.fixture(autouse=True)
def _clean_postgres(_postgres_run: None) -> Iterator[None]:
    """After each test that used the session's PostgreSQL database, empty it again."""
    _PG_RUN.in_test = True  # wider fixtures were set up before this point
    yield
    _PG_RUN.in_test = False
    _dispose_app_databases(everything=False)
    _PG_RUN.clean()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Cheap argon2 parameters for the suite: tests create users and log in all the time,
    and the production parameters cost about a second per hash on a busy machine."""
    previous = passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    passwords.use_hasher(previous)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a fresh SQLite file (on the session's PostgreSQL database with --db=postgres)."""
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
    url = _create_database(admin_url, _test_db_prefix())
    try:
        yield url
    finally:
        _drop_database(admin_url, url)


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
