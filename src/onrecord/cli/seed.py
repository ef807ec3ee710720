"""``onrecord seed``: load the demo corpus."""

from __future__ import annotations

from pathlib import Path

import click

from onrecord.cli.context import AppContext
from onrecord.pipeline.seeds.manifest import default_seeds_dir, load_manifest
from onrecord.pipeline.seeds.operations import DEMO_USERS, seed_database

pass_app = click.make_pass_decorator(AppContext)


@click.command("seed")
@click.option(
    "--path",
    "seeds_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Seeds folder (default: the bundled seeds/).",
)
@click.option("--force", is_flag=True, help="Top up a database that was seeded before.")
@click.option(
    "--demo-users/--no-demo-users",
    default=False,
    help="Also create one demo user per role (admin, editor, checker, checker2, viewer).",
)
@click.option(
    "--demo-password",
    default="onrecord-demo",
    show_default=True,
    help="Password of the demo users.",
)
@pass_app
def seed_command(
    ctx: AppContext, seeds_path: Path | None, force: bool, demo_users: bool, demo_password: str
) -> None:
    """Load the demo corpus through the real pipeline: extraction, speakers, matching.

    Everything is loaded in one transaction; matching runs with the
    ONRECORD_MATCH_* settings. Refuses to run twice into the same database
    unless --force is given; with --force it adds only what is missing and
    never duplicates rows.
    """
    folder = seeds_path or default_seeds_dir()
    manifest = load_manifest(folder)
    db = ctx.ready_db()
    with db.write() as session:
        report = seed_database(
            session,
            manifest=manifest,
            seeds_dir=folder,
            force=force,
            demo_password=demo_password if demo_users else None,
            match_settings=ctx.app.config["ONRECORD"].match_settings(),
        )
    click.echo(
        f"Seeded {report.sources} sources ({report.duplicates} already there), "
        f"{report.statements} statements, {report.speakers} speakers, "
        f"{report.reviews} reviews, {report.links} links."
    )
    click.echo(
        f"Matched {report.matched} statements; {report.suggested} seeded reversal(s) left "
        "as suggestions to decide on the statement page."
    )
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if demo_users:
        click.echo("Demo logins (password for all: " + demo_password + "):")
        for username, role, _display in DEMO_USERS:
            click.echo(f"  {username:<9} {role.value}")


COMMANDS = [seed_command]
