"""``onrecord serve``: the development server, or gunicorn with ``--production``."""

from __future__ import annotations

from typing import Any

import click
from flask import Flask

from onrecord.cli.context import AppContext
from onrecord.config import load_settings

pass_app = click.make_pass_decorator(AppContext)

DEV_PORT = 5000
PRODUCTION_PORT = 8000


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=int, default=None, help="Port to listen on [default: 5000, production 8000]."
)
@click.option("--reload/--no-reload", default=False, help="Restart when code changes (dev only).")
@click.option(
    "--production",
    is_flag=True,
    help="Serve with gunicorn in production mode (refuses unsafe settings).",
)
@click.option("--workers", type=int, default=None, help="Gunicorn workers [ONRECORD_WEB_WORKERS].")
@click.option(
    "--threads", type=int, default=None, help="Threads per worker [ONRECORD_WEB_THREADS]."
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="With --production: check everything, print gunicorn's settings and exit.",
)
@pass_app
def serve_command(
    ctx: AppContext,
    host: str,
    port: int | None,
    reload: bool,
    production: bool,
    workers: int | None,
    threads: int | None,
    dry_run: bool,
) -> None:
    """Serve the app: Flask's development server, or gunicorn with --production.

    Production mode needs ONRECORD_SECRET_KEY (the same on every server), debug
    off and a migrated database; it makes session cookies HTTPS-only. The same
    gunicorn settings are available to the plain gunicorn command:
    gunicorn -c python:onrecord.gunicorn_conf 'onrecord.app:create_app()'
    """
    if not production:
        if dry_run or workers is not None or threads is not None:
            raise click.UsageError("--workers, --threads and --dry-run need --production")
        ctx.ready_db()
        port = port or DEV_PORT
        click.echo(f"onrecord is serving on http://{host}:{port}/ (press Ctrl+C to stop)")
        ctx.app.run(host=host, port=port, use_reloader=reload, debug=ctx.app.debug)
        return
    if reload:
        raise click.UsageError("--reload is for the development server only")
    overrides: dict[str, Any] = {"production": True}
    if workers is not None:
        overrides["web_workers"] = workers
    if threads is not None:
        overrides["web_threads"] = threads
    options = production_options(
        overrides, bind=f"{_host_for_bind(host)}:{port or PRODUCTION_PORT}"
    )
    if dry_run:
        for name in sorted(options):
            click.echo(f"{name} = {options[name]!r}")
        return
    click.echo(
        f"onrecord is serving on http://{host}:{port}/ with "
        f"{options['workers']} gunicorn workers x {options['threads']} threads "
        "(Ctrl+C or SIGTERM stops it gracefully)"
    )
    ProductionServer(options, overrides).run()


def _host_for_bind(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def production_options(overrides: dict[str, Any], *, bind: str) -> dict[str, Any]:
    """Check the settings and the database for production, then gunicorn's settings.

    Builds the app once (which refuses unsafe settings), checks that the database
    answers and is migrated, and closes its connections before workers fork.
    """
    from onrecord.app import create_app
    from onrecord.gunicorn_conf import gunicorn_options
    from onrecord.pipeline.checks import Status, check_database, check_migrations

    app = create_app(overrides)
    db = app.extensions["onrecord.db"]
    try:
        for result in (check_database(db.engine, db.url), check_migrations(db.engine)):
            if result.status is Status.FAIL:
                fix = f"; {result.fix}" if result.fix else ""
                raise click.ClickException(f"{result.name}: {result.message}{fix}")
    finally:
        db.dispose()
    return gunicorn_options(load_settings(overrides), bind=bind)


def _make_app(overrides: dict[str, Any]) -> Flask:
    from onrecord.app import create_app

    return create_app(overrides)


class ProductionServer:
    """Gunicorn run from Python with our settings; each worker builds its own app."""

    def __init__(self, options: dict[str, Any], overrides: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication

        class _Application(BaseApplication):
            def load_config(self) -> None:
                for name, value in options.items():
                    self.cfg.set(name, value)

            def load(self) -> Flask:
                return _make_app(overrides)

        self._application = _Application()

    def run(self) -> None:
        """Start the master process; returns when gunicorn stops."""
        self._application.run()


COMMANDS = [serve_command]
