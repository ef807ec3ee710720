"""Database engine and sessions, one per app.

SQLite is set up for a web app with several processes: WAL journal, a busy
timeout, foreign keys on, and write transactions that start with
``BEGIN IMMEDIATE`` so that a read-then-write transaction takes the write lock
up front instead of failing with "database is locked" when it tries to upgrade
(architecture section 9). Reads use a plain deferred ``BEGIN``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session

from onrecord.config import ConfigError

_IMMEDIATE = "onrecord_begin_immediate"


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why in one line."""


def make_engine(url: str, *, busy_timeout_ms: int = 5000) -> Engine:
    """Create the engine for ``url``; SQLite gets its pragmas and transaction handling."""
    try:
        parsed = sa.engine.make_url(url)
    except ArgumentError:
        raise ConfigError(f"ONRECORD_DATABASE_URL={url!r} is not a database URL") from None
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"ONRECORD_DATABASE_URL uses {backend!r}; onrecord supports sqlite and postgresql"
        )
    kwargs: dict[str, Any] = {"pool_pre_ping": backend != "sqlite"}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        hint = " (install onrecord[postgres])" if backend == "postgresql" else ""
        raise ConfigError(f"cannot use {parsed.drivername!r}: {exc}{hint}") from None
    if backend == "sqlite":
        _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    is_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that we
        # decide how each transaction begins (see the "begin" hook below).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if not is_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        if conn.get_execution_options().get(_IMMEDIATE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


class Database:
    """The engine of one app plus helpers to open sessions and write transactions."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 5000) -> None:
        self.url = url
        self.engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)

    @property
    def is_sqlite(self) -> bool:
        """Whether this is an SQLite database."""
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A session for reading (deferred transaction on SQLite). Close it when done."""
        return Session(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commits when the block ends, rolls back on any error.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE``.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={_IMMEDIATE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def check(self) -> None:
        """Connect and run a trivial query; raise :class:`DatabaseError` with one line if not."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.SQLAlchemyError as exc:
            raise DatabaseError(
                f"cannot reach the database at {safe_url(self.url)}: {_first_line(exc)}"
            ) from None

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__
