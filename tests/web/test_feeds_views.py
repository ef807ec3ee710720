"""The feeds pages: list, detail, adding a feed and polling it (RSS from a loopback server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlmodel import select
from werkzeug import Request, Response

from onrecord.db import Database
from onrecord.models import EntryStatus, Feed, FeedEntry, Outlet, PollStatus, Role, Source
from tests.conftest import make_test_app
from tests.web.html import one, parse, text
from tests.web.rows import count_rows
from tests.web.test_ingest_views import LOOPBACK, page

ALL_ROLES = [Role.ADMIN, Role.EDITOR, Role.FACT_CHECKER, Role.VIEWER]
MANAGE = [(Role.ADMIN, True), (Role.EDITOR, True), (Role.FACT_CHECKER, True), (Role.VIEWER, False)]


def rss(base: str, items: list[tuple[str, str]]) -> str:
    """An RSS 2.0 document whose items link to ``base + path``."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><guid>{path}</guid></item>"
        for path, title in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>The Ledger</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The web tests' app, allowed to fetch from the loopback test server."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'test.db'}", fetch_allow_hosts=LOOPBACK)
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def served_feed(httpserver: HTTPServer) -> str:
    """A feed of two good articles and one broken link; answers 304 to its own ETag."""
    base = httpserver.url_for("").rstrip("/")
    body = rss(base, [("/a1", "First"), ("/a2", "Second"), ("/broken", "Broken")])

    def feed_handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed_handler)
    httpserver.expect_request("/a1").respond_with_data(
        page("First", "Taxes stay as they are"), content_type="text/html"
    )
    httpserver.expect_request("/a2").respond_with_data(
        page("Second", "Growth will return soon"), content_type="text/html"
    )
    httpserver.expect_request("/broken").respond_with_data("nope", status=500)
    return httpserver.url_for("/feed.xml")


def make_feed(db: Database, url: str = "https://ledger.example/feed.xml", **fields) -> Feed:
    """A feed row, as if added earlier."""
    with db.write() as session:
        feed = Feed(url=url, title=fields.pop("title", "Ledger"), **fields)
        session.add(feed)
        session.flush()
    return feed


def test_anonymous_visitors_are_sent_to_login(client, db):
    feed = make_feed(db)
    for path in ("/feeds", f"/feeds/{feed.id}"):
        assert client.get(path).location.startswith("/login?next=")
    for path in ("/feeds", f"/feeds/{feed.id}/poll"):
        assert client.post(path, data={"url": "https://x.example/f"}).status_code == 302
    assert count_rows(db, Feed) == 1


@pytest.mark.parametrize(("role", "manages"), MANAGE)
def test_everyone_sees_feeds_only_fact_checkers_and_up_get_the_buttons(
    client, login, db, role, manages
):
    feed = make_feed(
        db, last_status=PollStatus.ERROR, last_error="Not fetching it: timeout.", entries_seen=4
    )
    login(role)
    soup = parse(client.get("/feeds"))
    row = one(soup, f"tr.feed-row[data-feed-id='{feed.id}']")
    assert text(one(row, "th a")) == "Ledger"
    assert text(one(row, ".feed-url")) == feed.url
    assert text(one(row, "td[data-label=Status]")) == "failed Not fetching it: timeout."
    assert text(one(row, "td[data-label='Entries seen']")) == "4"
    assert text(one(soup, ".site-nav [aria-current=page]")) == "Feeds"
    assert bool(row.select("form[action$='/poll'] button")) is manages
    assert bool(soup.select("form.form-feed")) is manages
    detail = client.get(f"/feeds/{feed.id}")
    assert detail.status_code == 200
    assert bool(parse(detail).select("form[action$='/poll']")) is manages


@pytest.mark.parametrize("role", [Role.VIEWER])
def test_viewers_cannot_add_or_poll(client, login, db, role, served_feed):
    feed = make_feed(db)
    login(role)
    assert client.post("/feeds", data={"url": served_feed}).status_code == 403
    assert client.post(f"/feeds/{feed.id}/poll").status_code == 403
    assert count_rows(db, Feed) == 1
    with db.session() as session:
        assert session.get(Feed, feed.id).last_status == PollStatus.NEVER


def test_unknown_feed_is_404(client, login):
    login()
    assert client.get("/feeds/999").status_code == 404
    assert client.post("/feeds/999/poll").status_code == 404


@pytest.mark.parametrize("role", [Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN])
def test_add_then_poll_stores_the_articles_and_reports(client, login, db, served_feed, role):
    login(role)
    response = client.post("/feeds", data={"url": served_feed, "outlet": "The Ledger"})
    assert response.status_code == 302, response.data[:800]
    with db.session() as session:
        feed = session.exec(select(Feed)).one()
        outlet = session.get(Outlet, feed.outlet_id)
    assert response.location == f"/feeds/{feed.id}"
    assert outlet.name == "The Ledger"
    soup = parse(client.get(response.location))
    assert (
        text(one(soup, ".flash")) == "Added the feed “The Ledger”. Poll it to fetch its articles."
    )
    assert text(one(soup, ".entries-table ~ p, .empty")).startswith("No entries yet")

    polled = client.post(f"/feeds/{feed.id}/poll")
    assert polled.status_code == 302
    assert polled.location == f"/feeds/{feed.id}"
    soup = parse(client.get(polled.location))
    flashes = soup.select(".flash")
    assert "flash-warning" in flashes[0]["class"]
    assert text(flashes[0]) == (
        f"Feed {feed.id} ({served_feed}): 3 new entries, 2 stored, 0 duplicates, 1 refused."
    )
    assert text(flashes[1]).startswith("Could not fetch http://")
    assert "/broken: the server answered HTTP 500" in text(flashes[1])
    statuses = [text(one(r, ".status")) for r in soup.select("tr.entry")]
    assert sorted(statuses) == ["ingested", "ingested", "refused"]
    refused = one(soup, "tr.entry-refused")
    assert "500" in text(one(refused, ".entry-error"))
    links = [a["href"] for a in soup.select("tr.entry td[data-label=Source] a")]
    with db.session() as session:
        ids = session.exec(select(Source.id).order_by(Source.id)).all()
        entries = session.exec(select(FeedEntry)).all()
    assert sorted(links) == sorted(f"/sources/{i}" for i in ids)
    assert len(ids) == 2
    assert {e.status for e in entries} == {EntryStatus.INGESTED, EntryStatus.REFUSED}
    assert text(one(soup, ".feed-status")) == "ok"

    again = client.post(f"/feeds/{feed.id}/poll")
    flash = one(parse(client.get(again.location)), ".flash")
    assert "not modified" in text(flash)
    assert count_rows(db, Source) == 2


def test_adding_the_same_feed_twice_says_so(client, login, db, served_feed):
    login()
    client.post("/feeds", data={"url": served_feed})
    response = client.post("/feeds", data={"url": served_feed})
    assert response.status_code == 400
    assert "already added" in text(one(parse(response), ".error-summary"))
    assert count_rows(db, Feed) == 1


@pytest.mark.parametrize(
    ("url_path", "words"),
    [("/page", "not an RSS or Atom feed"), ("/missing", "404")],
)
def test_a_page_that_is_not_a_feed_is_refused(client, login, db, httpserver, url_path, words):
    httpserver.expect_request("/page").respond_with_data(
        page("Not a feed", "Hello"), content_type="text/html"
    )
    httpserver.expect_request("/missing").respond_with_data("gone", status=404)
    login()
    response = client.post("/feeds", data={"url": httpserver.url_for(url_path)})
    assert response.status_code == 400
    soup = parse(response)
    assert words in text(one(soup, ".error-summary"))
    assert one(soup, "[name=url]")["aria-invalid"] == "true"
    assert count_rows(db, Feed) == 0


def test_empty_url_is_a_field_error(client, login, db):
    login()
    response = client.post("/feeds", data={"url": ""})
    assert response.status_code == 400
    assert "Enter the feed's address." in text(one(parse(response), ".error-summary"))


def test_a_failing_poll_is_shown_with_its_error(client, login, db, httpserver):
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)
    feed = make_feed(db, url=httpserver.url_for("/gone.xml"))
    login()
    response = client.post(f"/feeds/{feed.id}/poll")
    soup = parse(client.get(response.location))
    assert "flash-danger" in one(soup, ".flash")["class"]
    assert "410" in text(one(soup, ".flash"))
    assert text(one(soup, ".feed-status")).startswith("failed")
    listed = parse(client.get("/feeds"))
    assert "410" in text(one(listed, ".feed-error"))
