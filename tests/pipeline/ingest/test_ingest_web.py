"""Ingest by URL and feed polling against a loopback server the test starts."""

from __future__ import annotations

import threading

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import func, select
from werkzeug import Request, Response

from onrecord.db import Database
from onrecord.models import EntryStatus, Feed, FeedEntry, PollStatus, Source, Statement
from onrecord.pipeline.errors import Conflict, OperationError
from onrecord.pipeline.ingest.fetch import FetchPolicy
from onrecord.pipeline.ingest.operations import add_feed, ingest_url, poll_feed

POLICY = FetchPolicy(allow_hosts=frozenset({"127.0.0.1", "localhost"}), timeout_s=5.0)


def page(headline: str, quote: str, speaker: str = "Anna Berger") -> str:
    return f"""<!doctype html><html><head><title>{headline}</title>
    <meta name="author" content="Petra Lind"></head><body><nav>Home | Politics</nav>
    <article><h1>{headline}</h1>
    <p>Finance Minister {speaker} spoke in parliament on Tuesday about the budget plans.</p>
    <p>\u201c{quote},\u201d {speaker.split()[-1]} told reporters after the session ended.</p>
    <p>The opposition said it would study the numbers before the vote next week.</p>
    </article><footer>All rights reserved</footer></body></html>"""


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{path}</guid></item>"
        for path, t in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    )


def count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_ingest_url_stores_once(db: Database, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/budget").respond_with_data(
        page("Budget row", "We will not raise taxes this year"), content_type="text/html"
    )
    url = httpserver.url_for("/budget") + "?utm_source=feed#top"
    first = ingest_url(db, url, policy=POLICY)
    assert first.status == "ingested"
    assert first.source.canonical_url == httpserver.url_for("/budget")
    assert first.source.authors == ["Petra Lind"]
    [quote] = [s for s in first.statements if "raise taxes" in s.text]
    assert first.source.text[quote.start : quote.end] == quote.text
    again = ingest_url(db, httpserver.url_for("/budget"), policy=POLICY)
    assert again.status == "duplicate"
    assert again.source.id == first.source.id
    assert count(db, Source) == 1


def test_changed_article_becomes_a_new_version(db: Database, httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/story").respond_with_data(
        page("Story", "We will not raise taxes this year"), content_type="text/html"
    )
    httpserver.expect_ordered_request("/story").respond_with_data(
        page("Story (updated)", "We may have to raise taxes next year"), content_type="text/html"
    )
    first = ingest_url(db, httpserver.url_for("/story"), policy=POLICY)
    second = ingest_url(db, httpserver.url_for("/story"), policy=POLICY)
    assert second.status == "new_version"
    assert second.source.version == 2
    assert second.source.previous_version_id == first.source.id
    with db.session() as session:
        old = session.exec(select(Statement).where(Statement.source_id == first.source.id)).all()
    assert any("not raise taxes" in s.text for s in old)


@pytest.mark.parametrize(
    ("respond", "message"),
    [
        ({"response_data": b"\x89PNG\r\n\x1a\n....", "content_type": "image/png"}, "image/png"),
        (
            {
                "response_data": "<html><body><nav>menu</nav></body></html>",
                "content_type": "text/html",
            },
            "no article text",
        ),
        ({"response_data": "gone", "status": 404}, "404"),
    ],
)
def test_bad_pages_store_nothing(
    db: Database, httpserver: HTTPServer, respond: dict[str, object], message: str
) -> None:
    httpserver.expect_request("/bad").respond_with_data(**respond)  # type: ignore[arg-type]
    with pytest.raises(OperationError, match=message):
        ingest_url(db, httpserver.url_for("/bad"), policy=POLICY)
    assert count(db, Source) == 0


def test_private_addresses_are_refused_without_the_allowlist(
    db: Database, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/x").respond_with_data(page("X", "Hello there"))
    with pytest.raises(OperationError, match="local-only host"):
        ingest_url(db, httpserver.url_for("/x"), policy=FetchPolicy())
    assert count(db, Source) == 0


def test_feed_add_and_poll(db: Database, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    feed_xml = rss(base, [("/a1", "First"), ("/a2", "Second"), ("/broken", "Broken")])

    def feed_handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(feed_xml, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed_handler)
    httpserver.expect_request("/a1").respond_with_data(
        page("First", "Taxes stay as they are"), content_type="text/html"
    )
    httpserver.expect_request("/a2").respond_with_data(
        page("Second", "Growth will return soon", "Jonas Weller"), content_type="text/html"
    )
    httpserver.expect_request("/broken").respond_with_data("nope", status=500)

    feed = add_feed(db, httpserver.url_for("/feed.xml"), policy=POLICY, outlet="The Ledger")
    assert feed.title == "Ledger"
    with pytest.raises(Conflict, match="already added"):
        add_feed(db, httpserver.url_for("/feed.xml"), policy=POLICY)

    assert feed.id is not None
    report = poll_feed(db, feed.id, policy=POLICY)
    assert report.status == PollStatus.OK
    assert report.new_entries == 3
    assert [o.status for o in report.outcomes] == ["ingested", "ingested", "refused"]
    assert "500" in report.outcomes[2].message
    assert count(db, Source) == 2

    again = poll_feed(db, feed.id, policy=POLICY)  # conditional GET: 304
    assert again.status == PollStatus.NOT_MODIFIED
    assert count(db, Source) == 2
    with db.session() as session:
        stored = session.get(Feed, feed.id)
        assert stored is not None
        assert stored.etag == '"v1"'
        assert stored.articles_ingested == 2
        entries = session.exec(select(FeedEntry).order_by(FeedEntry.id)).all()  # type: ignore[arg-type]
    assert [e.status for e in entries] == [
        EntryStatus.INGESTED,
        EntryStatus.INGESTED,
        EntryStatus.REFUSED,
    ]


def test_not_a_feed_is_refused_and_nothing_stored(db: Database, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data(page("P", "Hi"), content_type="text/html")
    with pytest.raises(OperationError, match="not an RSS or Atom feed"):
        add_feed(db, httpserver.url_for("/page"), policy=POLICY)
    assert count(db, Feed) == 0


def test_concurrent_ingestion_of_one_url_stores_it_once(
    any_db: Database, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/same").respond_with_data(
        page("Same", "We will not raise taxes this year"), content_type="text/html"
    )
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(ingest_url(any_db, httpserver.url_for("/same"), policy=POLICY).status)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == ["duplicate", "duplicate", "duplicate", "ingested"]
    assert count(any_db, Source) == 1
