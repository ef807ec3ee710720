"""``onrecord backup`` / ``onrecord restore``, including a backup taken under write load."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from onrecord import migrations
from onrecord.cli import main
from onrecord.db import Database
from onrecord.models import IngestMethod, Role
from onrecord.pipeline.backup import BackupError, backup_sqlite, inspect_backup, restore_sqlite
from onrecord.pipeline.ingest.operations import ingest_text
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review, load_review, save_review
from onrecord.pipeline.review.verdicts import VerdictChanges

Run = Callable[..., Result]

ARTICLE = (
    "OSTREL – Finance Minister Anna Varga defended budget line {i} on Monday.\n\n"
    "“We will not raise taxes on working families,” Varga told reporters in Ostrel.\n\n"
    "The opposition leader Jonas Weller said line {i} was a fantasy."
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A migrated SQLite database with one article in it."""
    path = tmp_path / "live.db"
    migrations.upgrade(f"sqlite:///{path}")
    db = Database(f"sqlite:///{path}")
    with db.write() as session:
        ingest_text(session, text=ARTICLE.format(i=0), method=IngestMethod.PASTE)
    db.dispose()
    return path


@pytest.fixture
def run(tmp_path: Path, database: Path) -> Run:
    runner = CliRunner()
    env = {
        "ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"),
        "ONRECORD_DATABASE_URL": f"sqlite:///{database}",
    }

    def _run(*args: str, **extra: str) -> Result:
        return runner.invoke(main, list(args), env={**env, **extra}, catch_exceptions=False)

    return _run


def _connect(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(path))


def _rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table``, in a stable order (some FTS tables have no rowid)."""
    with _connect(path) as conn:
        return sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def _by_id(path: Path, table: str) -> dict[int, tuple[Any, ...]]:
    with _connect(path) as conn:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        position = [column[0] for column in cursor.description].index("id")
        return {row[position]: row for row in cursor.fetchall()}


def _tables(path: Path) -> list[str]:
    with _connect(path) as conn:
        query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        return sorted(row[0] for row in conn.execute(query))


def test_backup_writes_a_checked_self_contained_private_copy(
    run: Run, database: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "onrecord-1.db"
    target.parent.mkdir()
    result = run("backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"Backed up {database} to {target} (integrity check ok)."
    )
    assert f"revision {migrations.head_revision()}" in result.output
    assert "source 1" in result.output
    assert sorted(p.name for p in target.parent.iterdir()) == ["onrecord-1.db"]  # no -wal, no tmp
    assert target.stat().st_mode & 0o077 == 0
    with _connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    for table in _tables(database):
        assert _rows(target, table) == _rows(database, table), table


def test_backup_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_bytes(b"an older backup")
    refused = run("backup", str(target))
    assert refused.exit_code == 1
    assert refused.output.strip() == f"Error: {target} already exists; pass --force to replace it"
    assert target.read_bytes() == b"an older backup"
    assert run("backup", "--force", str(target)).exit_code == 0
    assert inspect_backup(target).row_counts["source"] == 1


def test_backup_on_postgresql_explains_pg_dump(run: Run, tmp_path: Path) -> None:
    url = "postgresql+psycopg://onrecord:s3cret@db.internal:5433/newsroom"
    result = run("backup", str(tmp_path / "x.dump"), ONRECORD_DATABASE_URL=url)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("Error: onrecord backup copies SQLite databases only")
    dump = f"pg_dump --format=custom --dbname=postgresql://onrecord@db.internal:5433/newsroom --file={tmp_path / 'x.dump'}"  # noqa: E501
    assert lines[1].strip() == f"back up:  {dump}"
    assert lines[2].strip().startswith("restore:  pg_restore --clean --if-exists --no-owner")
    assert "s3cret" not in result.output
    assert not (tmp_path / "x.dump").exists()


def test_restore_refuses_a_database_with_data_unless_forced(
    run: Run, database: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.db"
    assert run("backup", str(backup)).exit_code == 0
    db = Database(f"sqlite:///{database}")
    with db.write() as session:
        ingest_text(session, text=ARTICLE.format(i=1), method=IngestMethod.PASTE)
    db.dispose()
    refused = run("restore", str(backup))
    assert refused.exit_code == 1
    assert "already holds data (2 source rows" in refused.output
    assert "pass --force" in refused.output
    assert len(_rows(database, "source")) == 2
    restored = run("restore", "--force", str(backup))
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith(f"Restored sqlite:///{database} from {backup}.")
    assert len(_rows(database, "source")) == 1


def test_restore_into_a_new_database_needs_no_force(run: Run, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    assert run("backup", str(backup)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run("restore", str(backup), ONRECORD_DATABASE_URL=f"sqlite:///{fresh}")
    assert result.exit_code == 0, result.output
    assert "onrecord db upgrade" not in result.output
    for table in _tables(backup):
        assert _rows(fresh, table) == _rows(backup, table), table


def test_restore_of_an_older_revision_says_to_upgrade(run: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    migrations.upgrade(f"sqlite:///{old}", "0001")
    result = run("restore", str(old), ONRECORD_DATABASE_URL=f"sqlite:///{tmp_path / 'new.db'}")
    assert result.exit_code == 0, result.output
    assert "revision 0001" in result.output
    assert result.output.splitlines()[-1] == (
        "The backup is from an older onrecord: run `onrecord db upgrade` next."
    )


def _not_onrecord(path: Path) -> None:
    with _connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")


def _unknown_revision(path: Path) -> None:
    migrations.upgrade(f"sqlite:///{path}")
    with _connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()


def _damaged(path: Path) -> None:
    migrations.upgrade(f"sqlite:///{path}")
    with _connect(path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'source'").fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root[0] - 1) * size
    data[start : start + 64] = b"\xff" * 64  # scribble over the source table's b-tree page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, "there is no backup file at {path}"),
        (
            lambda p: p.write_bytes(b"hello, not a database" * 100),
            "{path} is not a readable SQLite database",
        ),
        (_not_onrecord, "{path} is not an onrecord database"),
        (_unknown_revision, "{path} is at revision 9999, which this onrecord does not know"),
        (_damaged, "{path} is damaged: "),
    ],
    ids=["missing", "not-sqlite", "not-onrecord", "unknown-revision", "damaged"],
)
def test_restore_refuses_bad_files_and_changes_nothing(
    run: Run, database: Path, tmp_path: Path, make: Callable[[Path], None] | None, message: str
) -> None:
    path = tmp_path / "bad.db"
    if make is not None:
        make(path)
    before = _rows(database, "source")
    result = run("restore", "--force", str(path))
    assert result.exit_code == 1
    assert result.output.startswith("Error: " + message.format(path=path)), result.output
    assert _rows(database, "source") == before


def test_backup_refuses_to_replace_the_database_itself(database: Path) -> None:
    with pytest.raises(BackupError, match="cannot replace the database itself"):
        backup_sqlite(database, database, overwrite=True)


# A backup under write load ---------------------------------------------------


def _writer(url: str, log_path: str, ready: Event, stop: Event) -> None:
    """Ingest articles and edit verdicts in a loop, logging what each commit wrote."""
    db = Database(url)
    from tests import factories

    with db.write() as session:
        user = factories.make_user(session, username="writer", role=Role.FACT_CHECKER)
        actor = Actor(id=user.id, role=Role.FACT_CHECKER)
    reviews: list[int] = []
    with open(log_path, "a", encoding="utf-8") as log:
        i = 1
        while not stop.is_set():
            with db.write() as session:
                result = ingest_text(session, text=ARTICLE.format(i=i), method=IngestMethod.PASTE)
                statements = [s.id for s in result.statements]
                review = create_review(session, statement_id=statements[0], actor=actor)
            reviews.append(review.id)  # type: ignore[arg-type]
            for review_id in reviews[-3:]:  # edit the latest verdicts again and again
                with db.write() as session:
                    current = load_review(session, review_id)
                    save_review(
                        session,
                        review_id=review_id,
                        expected_version=current.version,
                        changes=VerdictChanges(label="Mostly False", summary=f"Edit {i}"),
                        actor=actor,
                    )
            line = {"i": i, "source": result.source.id, "statements": len(statements)}
            log.write(json.dumps(line) + "\n")
            log.flush()
            if i == 5:
                ready.set()
            i += 1
    db.dispose()


def _log(path: Path) -> list[dict[str, int]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _check_snapshot(backup: Path, log: list[dict[str, int]], logged_before: int) -> None:
    """The backup holds whole transactions: a prefix of the writer's commits, each complete."""
    with _connect(backup) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = [r[0] for r in conn.execute("SELECT id FROM source ORDER BY id")]
        per_source = dict(conn.execute("SELECT source_id, count(*) FROM statement GROUP BY 1"))
        versions = dict(conn.execute("SELECT id, version FROM review"))
        revisions = dict(conn.execute("SELECT review_id, count(*) FROM review_revision GROUP BY 1"))
        latest = dict(
            conn.execute("SELECT review_id, max(version) FROM review_revision GROUP BY 1")
        )
        saves = dict(
            conn.execute(
                "SELECT object_id, count(*) FROM audit_event "
                "WHERE action = 'review.saved' GROUP BY 1"
            )
        )
    written = [entry["source"] for entry in log]
    in_backup = sources[1:]  # the first source is the fixture's
    assert in_backup == written[: len(in_backup)]  # a prefix: no commit missing in between
    assert len(in_backup) >= logged_before  # everything committed before the backup began
    assert len(in_backup) < len(log)  # and the writer went on writing after it
    for entry in log[: len(in_backup)]:
        assert per_source[entry["source"]] == entry["statements"]  # whole articles only
    assert len(versions) == len(in_backup)
    for review_id, version in versions.items():
        assert revisions[review_id] == version  # every version has its revision...
        assert latest[review_id] == version
        assert saves.get(review_id, 0) == version - 1  # ...and its audit event


@pytest.mark.slow
def test_backup_under_write_load_restores_a_consistent_snapshot(
    database: Path, tmp_path: Path
) -> None:
    log_path = tmp_path / "writer.log"
    log_path.touch()
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Event(), context.Event()
    writer = context.Process(
        target=_writer, args=(f"sqlite:///{database}", str(log_path), ready, stop)
    )
    writer.start()
    try:
        assert ready.wait(120), "the writer did not start writing"
        logged_before = len(_log(log_path))
        backup = tmp_path / "under-load.db"
        summary = backup_sqlite(database, backup)  # checks integrity before renaming
        in_backup = summary.row_counts["source"] - 1
        _wait_for(lambda: len(_log(log_path)) >= in_backup + 2, "writes after the backup")
    finally:
        stop.set()
        writer.join(60)
    assert writer.exitcode == 0
    _check_snapshot(backup, _log(log_path), logged_before)
    # Rows never changed after being written equal the live database's rows.
    for table in ("source", "review_revision", "audit_event"):
        live = _by_id(database, table)
        for row_id, row in _by_id(backup, table).items():
            assert live[row_id] == row, table
    # The restore reproduces the backup row for row.
    restored = tmp_path / "restored.db"
    restore_sqlite(backup, restored)
    for table in _tables(backup):
        assert _rows(restored, table) == _rows(backup, table), table
    with _connect(restored) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
