"""``onrecord export``: a dump of the public verdicts."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import click

from onrecord.cli.context import AppContext
from onrecord.pipeline.publish.exports import EXPORT_FORMATS, write_export
from onrecord.web.public.urls import organisation, public_url

pass_app = click.make_pass_decorator(AppContext)


def _verdict_url(review_id: int) -> str:
    return public_url("public.verdict", review_id=review_id)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: an array of verdicts; csv: one row per verdict; "
    "claimreview-jsonl: one schema.org ClaimReview per line.",
)
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    help="File to write (replaced only once complete); - writes to standard output.",
)
@pass_app
def export_command(ctx: AppContext, fmt: str, output: str) -> None:
    """Export the public verdicts: published, corrected and retracted (with their state).

    The ClaimReview feed leaves out retracted and unrated verdicts, which have
    no ClaimReview. Page addresses use ONRECORD_PUBLIC_BASE_URL (set it, or
    they point at http://localhost:5000). The count goes to standard error.
    """
    db = ctx.ready_db()
    with ctx.app.app_context(), db.session() as session:
        org = organisation()

        def write(out: TextIO) -> int:
            return write_export(session, out, fmt, page_url=_verdict_url, organisation=org)

        if output == "-":
            stream = sys.stdout
            count = write(stream)
            stream.flush()
        else:
            count = _write_file(Path(output), write)
    noun = "ClaimReview" if fmt == "claimreview-jsonl" else "verdict"
    where = "standard output" if output == "-" else output
    click.echo(f"Exported {count} {noun}{'' if count == 1 else 's'} to {where}.", err=True)


def _write_file(path: Path, write: Callable[[TextIO], int]) -> int:
    """Write through a temporary file next to ``path`` and move it into place when complete,
    so a failed export never leaves a half-written file behind."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise click.ClickException(f"the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        # newline="" lets the csv module write its own line endings.
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = write(out)
        os.replace(temporary, path)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count


COMMANDS = [export_command]
