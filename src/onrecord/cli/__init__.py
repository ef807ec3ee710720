"""The ``onrecord`` command line: one group, subcommands split by subject.

Every command's help is its docstring. Errors that people can fix (bad
settings, an unreachable or un-migrated database, refused input) print one
line starting with ``Error:`` and exit with status 1, never a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import click
import sqlalchemy as sa

from onrecord import __version__
from onrecord.cli.context import AppContext
from onrecord.config import ConfigError
from onrecord.db import DatabaseError, safe_url
from onrecord.pipeline.errors import OperationError


class OnrecordGroup(click.Group):
    """A click group that turns known errors into one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, DatabaseError, OperationError) as exc:
            raise click.ClickException(str(exc)) from None
        except sa.exc.OperationalError as exc:
            obj = ctx.find_object(AppContext)
            where = safe_url(obj.database_url) if obj and obj.loaded else "the database"
            first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise click.ClickException(f"database error at {where}: {first}") from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)


@click.group(cls=OnrecordGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="onrecord")
@click.pass_context
def main(ctx: click.Context) -> None:
    """onrecord: quote fact-checking and claim tracking for newsrooms.

    Settings come from ONRECORD_* environment variables; `onrecord settings`
    lists them. The database is a SQLite file in ./instance unless
    ONRECORD_DATABASE_URL says otherwise.
    """
    ctx.obj = AppContext()
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    """Add the ``COMMANDS`` of every module in this package (a new module needs no edit here)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # __main__ runs the CLI; it holds no commands
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_register()
