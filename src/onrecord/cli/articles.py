"""``onrecord extract``, ``onrecord ingest`` and ``onrecord stats``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click
from sqlmodel import func, select

from onrecord.cli.context import AppContext
from onrecord.cli.progress import track
from onrecord.jobs import enqueue_matching, statements_of_sources
from onrecord.models import IngestMethod, Outlet, Review, Source, Speaker, Statement, User
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.extract import extract_statements, statement_record
from onrecord.pipeline.ingest.articles import ArticleInput, InputError, read_upload
from onrecord.pipeline.ingest.clean import decode_text, html_to_article
from onrecord.pipeline.ingest.fetch import FetchPolicy
from onrecord.pipeline.ingest.operations import fetch_article, ingest_items, policy_from_settings

pass_app = click.make_pass_decorator(AppContext)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """A file's article text (exactly as read, or cleaned from HTML) and metadata."""

    name: str
    text: str
    title: str = ""
    published: dt.date | None = None
    authors: tuple[str, ...] = ()
    site_name: str = ""
    canonical_url: str | None = None


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise OperationError(f"cannot read {name}: {exc.strerror or exc}") from None


def load_file(name: str, *, html: bool | None = None, strict_utf8: bool = True) -> LoadedFile:
    """Read ``name`` (``-`` is stdin) as plain UTF-8 text, or as HTML cleaned by trafilatura."""
    data = _read_bytes(name)
    is_html = html if html is not None else Path(name).suffix.lower() in HTML_SUFFIXES
    if is_html:
        article = html_to_article(data)
        return LoadedFile(
            name=name,
            text=article.text,
            title=article.title,
            published=article.published,
            authors=tuple(article.authors),
            site_name=article.site_name,
            canonical_url=article.canonical_url,
        )
    if strict_utf8:
        if b"\x00" in data[:8192]:
            raise OperationError(f"{name} looks binary (it contains NUL bytes), not text")
        try:
            # newline="" semantics: offsets must index the text exactly as stored.
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise OperationError(f"{name} is not valid UTF-8 (byte {exc.start})") from None
    else:
        text = decode_text(data)
    return LoadedFile(name=name, text=text)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-05-31") from None


@click.command("extract")
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "text"]), default="text", show_default=True
)
@click.option("--html", is_flag=True, help="Treat every file as HTML (default: by suffix).")
@click.option("--date", "date_str", metavar="YYYY-MM-DD", help="Publication date of the files.")
def extract_command(files: tuple[str, ...], fmt: str, html: bool, date_str: str | None) -> None:
    """Print the quotes and claims in FILES (`-` reads standard input).

    jsonl prints one JSON object per statement, with offsets into the file's
    text exactly as read (for HTML: into the text extracted from the page).
    A file that cannot be read is reported on stderr; the exit status is then 1.
    """
    published = _parse_date(date_str)
    failed = 0
    out = sys.stdout
    for name in track(files, total=len(files), description="Extracting"):
        try:
            loaded = load_file(name, html=True if html else None)
        except OperationError as exc:
            click.echo(f"Error: {exc}", err=True)
            failed += 1
            continue
        found = extract_statements(
            loaded.text, title=loaded.title or None, published=published or loaded.published
        )
        for stmt in found:
            if fmt == "jsonl":
                out.write(json.dumps(statement_record(stmt, file=name), ensure_ascii=False) + "\n")
            else:
                who = stmt.speaker or stmt.speaker_mention or "(no speaker)"
                out.write(f"{name}:{stmt.start}-{stmt.end} [{stmt.kind}] {who}: {stmt.text}\n")
    if failed:
        raise SystemExit(1)


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _ingest_inputs(
    names: tuple[str, ...], known: dict[str, Any], policy: FetchPolicy
) -> Iterator[ArticleInput | InputError]:
    """Read files (text, HTML, JSON Lines batches) and fetch URLs, one item at a time."""
    for name in names:
        try:
            if _is_url(name):
                article = fetch_article(name, policy=policy)
                yield replace(article, **{k: v for k, v in known.items() if v})
            else:
                yield from read_upload(name, _read_bytes(name), **known)
        except OperationError as exc:
            yield InputError(name, str(exc))


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--outlet", default=None, help="Outlet name for every article.")
@click.option("--url", default=None, help="Original URL (only with a single file).")
@click.option("--title", default=None, help="Title (only with a single file).")
@click.option("--date", "date_str", metavar="YYYY-MM-DD", help="Publication date.")
@click.option(
    "--no-match", is_flag=True, help="Do not match the new statements (a job does by default)."
)
@pass_app
def ingest_command(
    ctx: AppContext,
    sources: tuple[str, ...],
    outlet: str | None,
    url: str | None,
    title: str | None,
    date_str: str | None,
    no_match: bool,
) -> None:
    """Store articles from files or URLs, with their statements and speakers.

    SOURCES are http(s) URLs (fetched safely), .txt or .html files, or .jsonl
    batches of {url, title, outlet, published, text|html} lines. Each article
    is stored whole or not at all; running the same command again stores
    nothing twice. Prints one line per article (stored, duplicate, or refused
    with the reason) and a summary; the exit status is 1 when any was refused.
    New statements are then matched by a `match_statements` job (here, or on a
    worker when ONRECORD_REDIS_URL is set) unless --no-match.
    """
    if len(sources) > 1 and (url or title):
        raise click.UsageError("--url and --title apply to a single file")
    known: dict[str, Any] = {
        "outlet": outlet,
        "url": url,
        "title": title,
        "published": _parse_date(date_str),
    }
    db = ctx.ready_db()
    policy = policy_from_settings(ctx.app.config["ONRECORD"])
    counts = dict.fromkeys(("ingested", "new_version", "duplicate", "refused"), 0)
    items = _ingest_inputs(sources, known, policy)
    outcomes = ingest_items(db, items, method=IngestMethod.CLI)
    stored: list[int] = []
    for outcome in track(outcomes, total=len(sources), description="Ingesting"):
        counts[outcome.status] += 1
        if outcome.status in {"ingested", "new_version"} and outcome.source_id is not None:
            stored.append(outcome.source_id)
        message = outcome.message.removeprefix(f"{outcome.label}: ")
        line = message if outcome.status != "refused" else f"refused: {message}"
        click.echo(f"{outcome.label}: {line}")
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
    if stored and not no_match:
        new_ids = statements_of_sources(db, stored)
        job_id = enqueue_matching(ctx.app, new_ids)
        if job_id is not None:
            click.echo(f"Matching {len(new_ids)} new statements: job {job_id}.")
    click.echo(f"Done: {summary}.")
    if counts["refused"]:
        raise SystemExit(1)


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def stats_command(ctx: AppContext, as_json: bool) -> None:
    """Count what the database holds."""
    db = ctx.ready_db()
    tables = {
        "sources": Source,
        "outlets": Outlet,
        "speakers": Speaker,
        "statements": Statement,
        "reviews": Review,
        "users": User,
    }
    with db.session() as session:
        counts = {
            name: session.exec(select(func.count()).select_from(model)).one()
            for name, model in tables.items()
        }
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for name, n in counts.items():
            click.echo(f"{name:<11} {n:>9,}")


COMMANDS = [extract_command, ingest_command, stats_command]
