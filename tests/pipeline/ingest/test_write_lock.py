"""Extraction runs before the write transaction opens, on every way in (SQLite).

While an article is extracted, another connection must be able to take SQLite's
write lock at once (busy timeout 0): pasting or fetching an article must not
make logins and other pastes wait for the extractor (issue 4, load test).
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlmodel import select

from onrecord.cli import main
from onrecord.db import Database
from onrecord.models import IngestMethod, Role, Source, Statement
from onrecord.pipeline.accounts.tokens import create_token
from onrecord.pipeline.ingest import operations
from onrecord.pipeline.ingest.articles import from_text
from onrecord.pipeline.ingest.fetch import FetchPolicy
from onrecord.pipeline.ingest.operations import (
    add_feed,
    ingest_items,
    ingest_text,
    ingest_url,
    poll_feed,
)
from tests import factories
from tests.conftest import make_test_app
from tests.web.rows import count_rows

pytestmark = pytest.mark.sqlite_only("SQLite's write lock is what this is about")

LOOPBACK = ("127.0.0.1", "localhost")
POLICY = FetchPolicy(allow_hosts=frozenset(LOOPBACK), timeout_s=5.0)


def article(n: int = 0) -> str:
    return (
        f"Finance Minister Anna Berger defended budget number {n} on Tuesday.\n\n"
        "\u201cWe will not raise taxes this year,\u201d Berger told reporters in the capital.\n\n"
        "The opposition was not convinced.\n"
    )


def page(n: int) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in article(n).split("\n\n"))
    return (
        f"<!doctype html><html><head><title>Budget {n}</title></head><body>"
        f"<article><h1>Budget {n}</h1>{paragraphs}</article></body></html>"
    )


class WriteProbe:
    """Wraps the extractor: each call first tries to take the write lock from a
    second connection without waiting, and records whether it could."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.results: list[str] = []

    def try_write(self) -> str:
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # what every writer of the app does first
            conn.execute("ROLLBACK")
            return "writable"
        except sqlite3.OperationalError as exc:
            return str(exc)
        finally:
            conn.close()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        extract = operations.extract_statements

        def probing(*args: Any, **kwargs: Any) -> Any:
            self.results.append(self.try_write())
            return extract(*args, **kwargs)

        monkeypatch.setattr(operations, "extract_statements", probing)


def sqlite_path(db: Database) -> str:
    path = db.engine.url.database
    assert db.is_sqlite
    assert path, "these tests need an SQLite file"
    return path


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """An app on an SQLite file, allowed to fetch from the loopback test server."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}", fetch_allow_hosts=LOOPBACK)
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def probe(db: Database, monkeypatch: pytest.MonkeyPatch) -> WriteProbe:
    probe = WriteProbe(sqlite_path(db))
    probe.install(monkeypatch)
    return probe


def test_the_probe_sees_a_write_transaction(db: Database, probe: WriteProbe) -> None:
    """Control: extracting inside a caller's write transaction holds the lock."""
    with db.write() as session:
        ingest_text(session, text=article(), title="Budget")
    assert probe.results == ["database is locked"]


def test_batch_items_are_extracted_outside_the_write_transaction(
    db: Database, probe: WriteProbe
) -> None:
    """CLI files, uploads and JSON Lines batches all go through ingest_items."""
    items = [from_text(article(n), label=f"item {n}") for n in range(3)]
    outcomes = list(ingest_items(db, items, method=IngestMethod.CLI))
    assert [o.status for o in outcomes] == ["ingested"] * 3
    assert probe.results == ["writable"] * 3
    with db.session() as session:
        assert len(session.exec(select(Source)).all()) == 3
        stored = session.exec(select(Statement).where(Statement.source_id == outcomes[0].source_id))
        n = len(stored.all())
    assert n > 0
    assert outcomes[0].message.endswith(f"with {n} statement{'s' if n != 1 else ''}")


def test_a_duplicate_is_not_extracted_again(db: Database, probe: WriteProbe) -> None:
    list(ingest_items(db, [from_text(article())], method=IngestMethod.CLI))
    [again] = list(ingest_items(db, [from_text(article())], method=IngestMethod.CLI))
    assert again.status == "duplicate"
    assert probe.results == ["writable"]


def test_ingest_url_extracts_outside_the_write_transaction(
    db: Database, probe: WriteProbe, httpserver: HTTPServer
) -> None:
    """The ingest_url job and the URL forms of the desk and the API call ingest_url."""
    httpserver.expect_request("/budget").respond_with_data(page(1), content_type="text/html")
    result = ingest_url(db, httpserver.url_for("/budget"), policy=POLICY)
    assert result.status == "ingested"
    assert probe.results == ["writable"]


def test_feed_entries_are_extracted_outside_the_write_transaction(
    db: Database, probe: WriteProbe, httpserver: HTTPServer
) -> None:
    base = httpserver.url_for("")
    items = "".join(
        f"<item><title>Budget {n}</title><link>{base}/a{n}</link><guid>a{n}</guid></item>"
        for n in range(2)
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{base}/</link>{items}</channel></rss>",
        content_type="application/rss+xml",
    )
    for n in range(2):
        httpserver.expect_request(f"/a{n}").respond_with_data(page(n), content_type="text/html")
    feed = add_feed(db, httpserver.url_for("/feed.xml"), policy=POLICY)
    assert feed.id is not None
    report = poll_feed(db, feed.id, policy=POLICY)
    assert report.count("ingested") == 2, report.message
    assert probe.results == ["writable"] * 2


def test_cli_ingest_extracts_outside_the_write_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cli.db"
    env = {
        "ONRECORD_INSTANCE_PATH": str(tmp_path / "cli-instance"),
        "ONRECORD_DATABASE_URL": f"sqlite:///{path}",
    }
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    probe = WriteProbe(str(path))
    probe.install(monkeypatch)
    files = []
    for n in range(2):
        file = tmp_path / f"article-{n}.txt"
        file.write_text(article(n), encoding="utf-8")
        files.append(str(file))
    result = runner.invoke(main, ["ingest", "--no-match", *files], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Done: 2 ingested." in result.output
    assert probe.results == ["writable"] * 2


def test_pasting_extracts_outside_the_write_transaction(
    client: Any, login: Callable[..., object], db: Database, probe: WriteProbe
) -> None:
    login(Role.FACT_CHECKER)
    response = client.post("/sources/new", data={"title": "Budget", "text": article()})
    assert response.status_code == 302
    assert probe.results == ["writable"]
    assert count_rows(db, Source) == 1


def test_uploading_extracts_outside_the_write_transaction(
    client: Any, login: Callable[..., object], db: Database, probe: WriteProbe
) -> None:
    login(Role.FACT_CHECKER)
    batch = "\n".join(json.dumps({"title": f"Budget {n}", "text": article(n)}) for n in range(2))
    response = client.post(
        "/sources/new/upload",
        data={"file": (io.BytesIO(batch.encode()), "batch.jsonl")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert probe.results == ["writable"] * 2
    assert count_rows(db, Source) == 2


def test_the_api_extracts_outside_the_write_transaction(
    app: Flask, client: Any, db: Database, probe: WriteProbe
) -> None:
    with db.write() as session:
        user = factories.make_user(session, role=Role.FACT_CHECKER)
        key = str(app.config["SECRET_KEY"]).encode()
        secret = create_token(session, user_id=user.id or 0, name="t", key=key).secret
    response = client.post(
        "/api/v1/sources/text",
        json={"text": article(), "title": "Budget"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert probe.results == ["writable"]


def test_a_failure_after_extraction_leaves_nothing(
    db: Database, probe: WriteProbe, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Still all or nothing: an error in the write transaction stores no part of it."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is full")

    monkeypatch.setattr(operations, "record_event", broken)
    with pytest.raises(RuntimeError):
        list(ingest_items(db, [from_text(article())], method=IngestMethod.CLI))
    assert probe.results == ["writable"]
    assert count_rows(db, Source) == 0
    assert count_rows(db, Statement) == 0
