"""``onrecord rank``, ``onrecord match`` and ``onrecord index rebuild``."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from sqlmodel import col, select

from onrecord import migrations
from onrecord.cli.context import AppContext
from onrecord.cli.progress import track
from onrecord.db import Database
from onrecord.models import Statement
from onrecord.pipeline.errors import NotFound, OperationError
from onrecord.pipeline.match.guards import DEFAULT_SETTINGS
from onrecord.pipeline.match.operations import (
    Candidate,
    PlainStatement,
    Use,
    import_statements,
    match_statement,
    rank_candidates,
    rebuild_index,
    speakers_by_name,
)

pass_app = click.make_pass_decorator(AppContext)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY_RE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DMY_RE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_YMD_ID_RE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\D|$)")
_HEADER_WORDS = {"id", "qid", "query_id", "iclaim_id", "tweet_id", "text", "sentence", "tweet"}


def parse_loose_date(text: str | None) -> dt.date | None:
    """A date in ``text``: ISO, "October 22, 2019", "26 May 2015" or a leading 20191022."""
    if not text:
        return None
    text = str(text)
    found = _ISO_RE.search(text) or _YMD_ID_RE.search(text)
    if found:
        y, m, d = (int(g) for g in found.groups())
        return _date_or_none(y, m, d)
    for regex, order in ((_MDY_RE, "mdy"), (_DMY_RE, "dmy")):
        match = regex.search(text)
        if match is None:
            continue
        a, b, year = match.groups()
        month_word, day = (a, b) if order == "mdy" else (b, a)
        month = _month(month_word)
        if month is not None:
            return _date_or_none(int(year), month, int(day))
    return None


def _month(word: str) -> int | None:
    word = word.lower()
    for name, number in _MONTHS.items():
        if name.startswith(word) and len(word) >= 3:
            return number
    return None


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_tsv_pairs(path: str) -> list[tuple[str, str]]:
    """``id<TAB>value`` lines; a header line is skipped, blank lines are ignored."""
    pairs = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            parts = line.rstrip("\r\n").split("\t", 1)
            if len(parts) < 2 or not parts[0].strip():
                continue
            if number == 0 and (parts[0].strip().lower() in _HEADER_WORDS):
                continue
            pairs.append((parts[0].strip(), parts[1].strip()))
    return pairs


@dataclass(frozen=True, slots=True)
class CorpusFields:
    """Which JSON fields of a corpus line hold what."""

    id: str = "id"
    text: str = "text"
    speaker: str = "speaker"
    date: str = "date"
    summary: str = "title"


@dataclass(slots=True)
class RankSetup:
    """A temporary database with a corpus stored as checked claims and the queries stored."""

    db: Database
    doc_ids: dict[int, str]
    queries: list[tuple[str, Statement]]


def _read_corpus(path: str, fields: CorpusFields) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise OperationError(f"{path}:{number} is not a JSON object") from None
            if not str(row.get(fields.text) or "").strip() or fields.id not in row:
                continue  # nothing to match against
            rows.append(row)
    return rows


@contextlib.contextmanager
def rank_setup(
    corpus: str,
    queries: str,
    *,
    fields: CorpusFields = CorpusFields(),
    query_speakers: str | None = None,
    query_dates: str | None = None,
) -> Iterator[RankSetup]:
    """Load a corpus and queries into a temporary, migrated SQLite database (removed afterwards).

    The corpus goes in as checked claims and the queries as new statements,
    through the same storage and index code the app uses.
    """
    rows = _read_corpus(corpus, fields)
    # A query id given twice (CheckThat! repeats a line per relevant claim) is ranked once.
    first: dict[str, str] = {}
    for qid, text in read_tsv_pairs(queries):
        first.setdefault(qid, text)
    pairs = list(first.items())
    speakers = dict(read_tsv_pairs(query_speakers)) if query_speakers else {}
    dates = dict(read_tsv_pairs(query_dates)) if query_dates else {}
    with tempfile.TemporaryDirectory(prefix="onrecord-rank-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'rank.db'}"
        migrations.upgrade(url)
        db = Database(url)
        try:
            with db.write() as session:
                names = [str(r.get(fields.speaker) or "") for r in rows] + list(speakers.values())
                ids = speakers_by_name(session, names)
                items = [
                    PlainStatement(
                        text=str(r[fields.text]).strip(),
                        speaker_id=ids.get(str(r.get(fields.speaker) or "").strip()),
                        said_on=parse_loose_date(r.get(fields.date)),
                        summary=str(r.get(fields.summary) or "").strip(),
                    )
                    for r in rows
                ]
                stored = import_statements(session, items, title=f"corpus {corpus}", checked=True)
                doc_ids = {sid: str(r[fields.id]) for sid, r in zip(stored, rows, strict=True)}
                qitems = [
                    PlainStatement(
                        text=text,
                        speaker_id=ids.get(speakers.get(qid, "").strip()),
                        said_on=parse_loose_date(dates.get(qid)),
                    )
                    for qid, text in pairs
                ]
                qids = import_statements(session, qitems, title=f"queries {queries}", checked=False)
                found = session.exec(select(Statement).where(col(Statement.id).in_(qids)))
                by_id = {s.id: s for s in found}
            yield RankSetup(
                db, doc_ids, [(q, by_id[i]) for (q, _), i in zip(pairs, qids, strict=True)]
            )
        finally:
            db.dispose()


def rank_queries(setup: RankSetup, *, top: int) -> Iterator[tuple[str, list[Candidate]]]:
    """Each query with its ranked already-checked candidates, as the app ranks them."""
    settings = dataclasses.replace(DEFAULT_SETTINGS, pool=max(top, DEFAULT_SETTINGS.pool))
    with setup.db.session() as session:
        for qid, statement in setup.queries:
            candidates = rank_candidates(session, statement, Use.ALREADY_CHECKED, settings=settings)
            yield qid, candidates[:top]


@click.command("rank")
@click.option("--corpus", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--queries", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--query-speakers", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option(
    "--query-dates",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="id<TAB>date lines: when each query was said.",
)
@click.option("--top", default=100, show_default=True, type=click.IntRange(1, 1000))
@click.option("--id-field", default="id", show_default=True)
@click.option("--text-field", default="text", show_default=True)
@click.option("--speaker-field", default="speaker", show_default=True)
@click.option("--date-field", default="date", show_default=True)
@click.option(
    "--summary-field",
    default="title",
    show_default=True,
    help="The field stored as each claim's verdict summary (a fact-check's headline).",
)
def rank_command(
    corpus: str,
    queries: str,
    query_speakers: str | None,
    query_dates: str | None,
    top: int,
    id_field: str,
    text_field: str,
    speaker_field: str,
    date_field: str,
    summary_field: str,
) -> None:
    """Rank a corpus of checked claims for each query and print a TREC run.

    The corpus (JSON lines) is stored as already-checked statements in a
    temporary SQLite database, through the app's storage and search index;
    each claim with its verdict summary (``--summary-field``) when the line has
    one; each query (``id<TAB>text`` lines) is stored as a new statement, with its
    speaker (``--query-speakers``, ``id<TAB>name``) and date when given, and
    matched exactly as the app matches a new statement. Prints one line per
    candidate: ``QUERY_ID Q0 DOC_ID RANK SCORE onrecord``.
    """
    fields = CorpusFields(id_field, text_field, speaker_field, date_field, summary_field)
    with rank_setup(
        corpus, queries, fields=fields, query_speakers=query_speakers, query_dates=query_dates
    ) as setup:
        out = sys.stdout
        total = len(setup.queries)
        for qid, candidates in track(
            rank_queries(setup, top=top), total=total, description="Ranking"
        ):
            for rank, cand in enumerate(candidates, 1):
                doc = setup.doc_ids.get(cand.statement_id)
                out.write(f"{qid} Q0 {doc} {rank} {cand.score:.6f} onrecord\n")


@click.command("match")
@click.option("--statement", "statement_id", type=int, default=None, help="One statement id.")
@click.option("--all", "match_all", is_flag=True, help="Every statement, oldest first.")
@pass_app
def match_command(ctx: AppContext, statement_id: int | None, match_all: bool) -> None:
    """Suggest links to already-checked claims and to the speaker's earlier statements.

    Runs what happens automatically when a statement is stored. Each
    statement is matched in its own transaction; links a person confirmed or
    dismissed are never changed.
    """
    if (statement_id is None) == (not match_all):
        raise click.UsageError("give either --statement ID or --all")
    db = ctx.ready_db()
    if statement_id is not None:
        ids = [statement_id]
    else:
        with db.session() as session:
            order = (col(Statement.said_on), col(Statement.id))
            rows = session.connection().execute(sa.select(col(Statement.id)).order_by(*order))
            ids = [i for i in rows.scalars() if i is not None]
    totals: dict[str, int] = {}
    settings = ctx.app.config["ONRECORD"].match_settings()  # the ONRECORD_MATCH_* settings
    for sid in track(ids, total=len(ids), description="Matching"):
        with db.write() as session:
            statement = session.get(Statement, sid)
            if statement is None:
                raise NotFound(f"there is no statement {sid}")
            result = match_statement(session, statement, settings=settings)
        for link in result.links:
            key = f"{link.relation.value} ({link.status.value})"
            totals[key] = totals.get(key, 0) + 1
        if statement_id is not None:
            for link in result.links:
                click.echo(
                    f"{link.relation.value} {link.status.value}: statement {link.other_id} "
                    f"score {link.score:.2f}"
                )
    summary = ", ".join(f"{n} {k}" for k, n in sorted(totals.items())) or "no links"
    click.echo(f"Matched {len(ids)} statement(s): {summary}.")


@click.group("index")
def index_group() -> None:
    """The search index used for matching."""


@index_group.command("rebuild")
@pass_app
def index_rebuild(ctx: AppContext) -> None:
    """Rebuild the search index from the statements (safe to run at any time)."""
    db = ctx.ready_db()
    with db.write() as session:
        total = rebuild_index(session)
    click.echo(f"Rebuilt the search index over {total:,} statements.")


COMMANDS = [rank_command, match_command, index_group]
