"""``onrecord serve``: the development server."""

from __future__ import annotations

import click

from onrecord.cli.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to listen on.")
@click.option("--reload/--no-reload", default=False, help="Restart when code changes.")
@pass_app
def serve_command(ctx: AppContext, host: str, port: int, reload: bool) -> None:
    """Serve the app with Flask's development server (for one person on one machine)."""
    ctx.ready_db()
    click.echo(f"onrecord is serving on http://{host}:{port}/ (press Ctrl+C to stop)")
    ctx.app.run(host=host, port=port, use_reloader=reload, debug=ctx.app.debug)


COMMANDS = [serve_command]
