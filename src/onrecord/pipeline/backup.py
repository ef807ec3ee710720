"""Backups of the SQLite database, and restoring one.

A backup uses SQLite's online backup API in one step: it reads one
consistent snapshot (a read transaction, which WAL lets writers continue
past) into a temporary file next to the target, which is switched to a
self-contained rollback journal, checked with ``PRAGMA integrity_check`` and
then renamed over the target, so a crash never leaves a half-written backup
under the real name.

A restore checks that the file is an intact onrecord database at a known
migration revision, refuses to overwrite a database that holds data unless
forced, and copies it in with the backup API: one write transaction on the
live database, so other connections see the old or the new data, never a mix.

PostgreSQL databases are backed up with ``pg_dump``; :func:`postgres_commands`
spells out the commands for the configured URL.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from onrecord.migrations import alembic_config, head_revision
from onrecord.models import metadata
from onrecord.pipeline.errors import OperationError

#: Tables whose rows say "this database is in use" (restore refuses to overwrite them).
DATA_TABLES = ("source", "statement", "review", "speaker", "user")
_BUSY_TIMEOUT_MS = 30_000


class BackupError(OperationError):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class DatabaseSummary:
    """What a backup or restore wrote: where, how big, at which revision, how many rows."""

    path: Path
    size_bytes: int
    revision: str | None
    row_counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """Rows over all onrecord tables."""
        return sum(self.row_counts.values())


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for another database or an in-memory one."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


def postgres_commands(url: str, path: str) -> tuple[str, str]:
    """The ``pg_dump`` and ``pg_restore`` commands for ``url``, with the password left out."""
    parsed = sa.engine.make_url(url)
    libpq = sa.engine.URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    ).render_as_string()
    db, file = shlex.quote(libpq), shlex.quote(path)
    dump = f"pg_dump --format=custom --dbname={db} --file={file}"
    restore = f"pg_restore --clean --if-exists --no-owner --dbname={db} {file}"
    return dump, restore


def postgres_explanation(url: str, path: str) -> str:
    """Why ``onrecord backup`` does not copy PostgreSQL, and the commands that do."""
    dump, restore = postgres_commands(url, path)
    return (
        "onrecord backup copies SQLite databases only; this one is PostgreSQL, whose own "
        "tools take a consistent backup of a running database.\n"
        f"  back up:  {dump}\n"
        f"  restore:  {restore}\n"
        "(the password comes from PGPASSWORD or ~/.pgpass; see docs/deploy.md)"
    )


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_MS / 1000)
    try:
        conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        yield conn
    finally:
        conn.close()


def _integrity_problem(conn: sqlite3.Connection) -> str | None:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows[:3])


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return str(row[0]) if row else None


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {}
    for table in metadata.sorted_tables:
        if table.name in present:
            # Table names come from our own models, never from input.
            query = f'SELECT count(*) FROM "{table.name}"'  # noqa: S608
            counts[table.name] = int(conn.execute(query).fetchone()[0])
    return counts


def _summary(path: Path, conn: sqlite3.Connection) -> DatabaseSummary:
    return DatabaseSummary(path, path.stat().st_size, _revision(conn), _row_counts(conn))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_sqlite(source: Path, target: Path, *, overwrite: bool = False) -> DatabaseSummary:
    """Copy the live SQLite database ``source`` to ``target`` consistently; return a summary.

    Safe while the app runs and writes. Refuses an existing ``target`` unless
    ``overwrite``; writes a temporary file first and renames it into place.
    """
    source, target = source.resolve(), target.resolve()
    if not source.is_file():
        raise BackupError(f"there is no database file at {source}")
    if target == source:
        raise BackupError("the backup cannot replace the database itself; choose another path")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the backup's file name")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists; pass --force to replace it")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with _connect(source, read_only=True) as src, _connect(temporary) as dst:
            # pages=-1: the whole database in one step, from one read snapshot.
            src.backup(dst, pages=-1)
            # A backup is one self-contained file, without -wal and -shm companions.
            dst.execute("PRAGMA journal_mode=DELETE")
            problem = _integrity_problem(dst)
            if problem is not None:
                raise BackupError(f"the copy failed its integrity check: {problem}")
            summary = _summary(temporary, dst)
        os.chmod(temporary, 0o600)  # it holds password hashes and unpublished verdicts
        with open(temporary, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temporary, target)
        _fsync_dir(target.parent)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {source}: {exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return DatabaseSummary(target, summary.size_bytes, summary.revision, summary.row_counts)


def _known_revision(revision: str) -> bool:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False


def inspect_backup(path: Path) -> DatabaseSummary:
    """Check that ``path`` is an intact onrecord database at a known revision."""
    path = path.resolve()
    if not path.is_file():
        raise BackupError(f"there is no backup file at {path}")
    try:
        with _connect(path, read_only=True) as conn:
            problem = _integrity_problem(conn)
            if problem is not None:
                raise BackupError(f"{path} is damaged: {problem}")
            revision = _revision(conn)
            summary = _summary(path, conn)
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":
            raise BackupError(f"{path} is damaged: {exc}") from None
        raise BackupError(f"{path} is not a readable SQLite database ({exc})") from None
    missing = [name for name in DATA_TABLES if name not in summary.row_counts]
    if revision is None or missing:
        raise BackupError(f"{path} is not an onrecord database (no schema revision or tables)")
    if not _known_revision(revision):
        raise BackupError(
            f"{path} is at revision {revision}, which this onrecord does not know "
            "(made by a newer version?)"
        )
    return summary


def _existing_data(target: Path) -> dict[str, int]:
    if not target.exists() or target.stat().st_size == 0:
        return {}
    try:
        with _connect(target, read_only=True) as conn:
            counts = _row_counts(conn)
    except sqlite3.DatabaseError:
        return {}
    return {name: counts[name] for name in DATA_TABLES if counts.get(name)}


def restore_sqlite(backup: Path, target: Path, *, force: bool = False) -> DatabaseSummary:
    """Replace the SQLite database ``target`` with the checked ``backup``.

    Refuses when ``target`` holds data unless ``force``. The copy is one write
    transaction on ``target`` (the backup API), so a failure leaves it as it was.
    """
    summary = inspect_backup(backup)
    target = target.resolve()
    if target == summary.path:
        raise BackupError("the backup is the database itself; nothing to restore")
    existing = _existing_data(target)
    if existing and not force:
        counts = ", ".join(f"{n} {name} rows" for name, n in existing.items())
        raise BackupError(
            f"the database at {target} already holds data ({counts}); "
            "pass --force to replace it with the backup"
        )
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    try:
        with _connect(summary.path, read_only=True) as src, _connect(target) as dst:
            src.backup(dst, pages=-1)
            restored = _summary(target, dst)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot restore into {target}: {exc}") from None
    return restored


def needs_upgrade(summary: DatabaseSummary) -> bool:
    """Whether the restored database is older than this onrecord's newest revision."""
    return summary.revision != head_revision()
