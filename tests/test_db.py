"""The database layer: SQLite pragmas, write transactions, many processes writing at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from onrecord.db import Database, DatabaseError


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}", busy_timeout_ms=1234)
    with db.write() as session:
        session.execute(sa.text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)"))
        session.execute(sa.text("INSERT INTO counter VALUES (1, 0)"))
    return db


@pytest.mark.sqlite_only("SQLite pragmas")
def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234


@pytest.mark.sqlite_only("BEGIN IMMEDIATE")
def test_writes_begin_immediate_and_reads_deferred(sqlite_db: Database) -> None:
    seen: list[str] = []

    @event.listens_for(sqlite_db.engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    with sqlite_db.write() as session:
        session.execute(sa.text("UPDATE counter SET n = n + 1"))
    with sqlite_db.session() as session:
        session.execute(sa.text("SELECT n FROM counter")).scalar()
    assert seen == [
        "BEGIN IMMEDIATE",
        "UPDATE counter SET n = n + 1",
        "BEGIN",
        "SELECT n FROM counter",
    ]


def _update_then_fail(db: Database) -> None:
    with db.write() as session:
        session.execute(sa.text("UPDATE counter SET n = 99"))
        raise RuntimeError("boom")


def test_write_rolls_back_on_error(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        _update_then_fail(sqlite_db)
    with sqlite_db.session() as session:
        assert session.execute(sa.text("SELECT n FROM counter")).scalar() == 0


def _increment_many(url: str, times: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    db = Database(url, busy_timeout_ms=30000)
    errors = 0
    for _ in range(times):
        try:
            # Read, then write what was read: the pattern that fails with
            # "database is locked" under a deferred BEGIN.
            with db.write() as session:
                n = session.execute(sa.text("SELECT n FROM counter WHERE id = 1")).scalar_one()
                session.execute(sa.text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
        except sa.exc.OperationalError:
            errors += 1
    db.dispose()
    queue.put(errors)


@pytest.mark.slow
@pytest.mark.sqlite_only("SQLite file locking between processes")
def test_concurrent_writers_in_several_processes_never_fail(sqlite_db: Database) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    processes, times = 4, 150
    workers = [
        ctx.Process(target=_increment_many, args=(sqlite_db.url, times, queue))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    errors = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert errors == [0] * processes
    with sqlite_db.session() as session:
        # No lost update either: every increment read the value the previous one wrote.
        assert session.execute(sa.text("SELECT n FROM counter")).scalar() == processes * times


def test_check_reports_unreachable_database_in_one_line() -> None:
    db = Database("postgresql+psycopg://nobody:secret@127.0.0.1:1/nowhere")
    with pytest.raises(DatabaseError) as info:
        db.check()
    message = str(info.value)
    assert "\n" not in message
    assert "secret" not in message
    assert message.startswith("cannot reach the database at postgresql+psycopg://nobody:***@")
