"""``onrecord db ...`` and ``onrecord settings``."""

from __future__ import annotations

import click

from onrecord import migrations
from onrecord.cli.context import AppContext
from onrecord.config import setting_help
from onrecord.db import safe_url

pass_app = click.make_pass_decorator(AppContext)


@click.group("db")
def db_group() -> None:
    """Create, upgrade and inspect the database."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@pass_app
def db_upgrade(ctx: AppContext, revision: str) -> None:
    """Create the database or upgrade it to the newest schema (safe to run again)."""
    db = ctx.db
    db.check()
    before = migrations.current_revision(db.engine)
    migrations.upgrade(db.url, revision)
    after = migrations.current_revision(db.engine)
    where = safe_url(db.url)
    if before == after:
        click.echo(f"Database {where} is up to date (revision {after}).")
    else:
        click.echo(f"Upgraded {where} from {before or 'empty'} to {after}.")


@db_group.command("current")
@pass_app
def db_current(ctx: AppContext) -> None:
    """Print the database's schema revision and the newest one."""
    db = ctx.db
    db.check()
    current = migrations.current_revision(db.engine)
    head = migrations.head_revision()
    state = "up to date" if current == head else "needs `onrecord db upgrade`"
    click.echo(f"{safe_url(db.url)}: revision {current or 'none'} (newest {head}): {state}")


@click.command("settings")
def settings_command() -> None:
    """List every setting with its environment variable, type, default and meaning."""
    for env, kind, default, help_text in setting_help():
        click.echo(f"{env} ({kind}, default: {default or '-'})\n    {help_text}")


COMMANDS = [db_group, settings_command]
