"""``onrecord check``: audit the configuration before (and while) serving."""

from __future__ import annotations

import sys

import click

from onrecord.config import load_settings
from onrecord.db import make_engine
from onrecord.pipeline.checks import CheckResult, Status, run_checks

_COLOURS = {Status.OK: "green", Status.WARN: "yellow", Status.FAIL: "red"}


@click.command("check")
@click.option(
    "--production/--no-production",
    default=None,
    help="Judge the settings as production (default: ONRECORD_PRODUCTION).",
)
def check_command(production: bool | None) -> None:
    """Audit the settings, the database and Redis; print OK, WARN or FAIL and what to fix.

    Checks the secret key, debug mode, that the database answers and is
    migrated, the SQLite file, Redis when configured, HTTPS-only cookies, the
    proxy setting, the instance folder and the fetch allowlist. Exits with
    status 1 when any check fails. Creates and changes nothing.
    """
    settings = load_settings(None if production is None else {"production": production})
    engine = make_engine(
        settings.effective_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    try:
        results = run_checks(settings, engine)
    finally:
        engine.dispose()
    mode = "production" if settings.production else "development (use --production to judge)"
    click.echo(f"Checking onrecord settings for {mode}:")
    for result in results:
        _echo(result)
    counts = {status: sum(r.status is status for r in results) for status in Status}
    click.echo(
        f"{counts[Status.OK]} ok, {counts[Status.WARN]} warning(s), "
        f"{counts[Status.FAIL]} failure(s)."
    )
    if counts[Status.FAIL]:
        sys.exit(1)


def _echo(result: CheckResult) -> None:
    label = click.style(f"{result.status.value:<4}", fg=_COLOURS[result.status], bold=True)
    click.echo(f"{label} {result.name}: {result.message}")
    if result.fix and result.status is not Status.OK:
        click.echo(f"     fix: {result.fix}")


COMMANDS = [check_command]
