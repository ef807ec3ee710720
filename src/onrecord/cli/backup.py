"""``onrecord backup`` and ``onrecord restore``: copies of the SQLite database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from onrecord.cli.context import AppContext
from onrecord.db import safe_url
from onrecord.pipeline.backup import (
    DatabaseSummary,
    backup_sqlite,
    needs_upgrade,
    postgres_explanation,
    restore_sqlite,
    sqlite_path,
)

pass_app = click.make_pass_decorator(AppContext)


def _describe(summary: DatabaseSummary) -> None:
    size_mb = summary.size_bytes / 1_000_000
    click.echo(
        f"  {size_mb:.2f} MB, revision {summary.revision or 'none'}, "
        f"{summary.total_rows} rows: "
        + ", ".join(f"{name} {count}" for name, count in summary.row_counts.items() if count)
    )


def _sqlite_file(ctx: AppContext, path: Path) -> Path:
    url = ctx.database_url
    database = sqlite_path(url)
    if database is None:
        click.echo(f"Error: {postgres_explanation(url, str(path))}", err=True)
        sys.exit(1)
    return database


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_app
def backup_command(ctx: AppContext, path: Path, force: bool) -> None:
    """Copy the SQLite database to PATH, consistently, while the app keeps running.

    The copy is checked (PRAGMA integrity_check) and only then renamed to PATH.
    On PostgreSQL, prints the pg_dump and pg_restore commands instead and exits 1.
    """
    database = _sqlite_file(ctx, path)
    summary = backup_sqlite(database, path, overwrite=force)
    click.echo(f"Backed up {database} to {summary.path} (integrity check ok).")
    _describe(summary)


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@pass_app
def restore_command(ctx: AppContext, path: Path, force: bool) -> None:
    """Replace the SQLite database with the backup at PATH.

    Checks that PATH is an intact onrecord database at a known schema revision;
    refuses to overwrite a database with data unless --force. Stop the app (or
    expect its open requests to fail) while restoring.
    """
    database = _sqlite_file(ctx, path)
    summary = restore_sqlite(path, database, force=force)
    click.echo(f"Restored {safe_url(ctx.database_url)} from {path.resolve()}.")
    _describe(summary)
    if needs_upgrade(summary):
        click.echo("The backup is from an older onrecord: run `onrecord db upgrade` next.")


COMMANDS = [backup_command, restore_command]
