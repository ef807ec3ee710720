"""Ingestion and speaker editing in a real browser (Debian chromium driven by Playwright).

The app runs in a thread with CSRF on and may fetch from the loopback server
that pytest-httpserver starts (pages and an RSS feed). Screenshots go to
``tmp_path`` and, when ``ONRECORD_TEST_SCREENSHOTS`` names a folder, there too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_httpserver import HTTPServer

from onrecord.models import IngestMethod, Role, Statement
from onrecord.pipeline.ingest.operations import ingest_text
from tests import factories
from tests.browser.conftest import serving
from tests.browser.test_desk_browser import (  # also skips this module without chromium
    ARTICLE,
    LiveServer,
    browser,
    no_sideways_scroll,
)
from tests.conftest import make_test_app
from tests.web.test_feeds_views import rss
from tests.web.test_ingest_views import page as article_page

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # fixtures used by name

CHECKER, EDITOR = "fatima", "ed"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free loopback port, CSRF on, allowed to fetch from loopback."""
    tmp = tmp_path_factory.mktemp("live-ingest")
    app = make_test_app(
        tmp,
        f"sqlite:///{tmp / 'live.db'}",
        wtf_csrf_enabled=True,
        fetch_allow_hosts=("127.0.0.1", "localhost"),
    )
    db = app.extensions["onrecord.db"]
    with db.write() as session:
        factories.make_user(session, username=CHECKER, role=Role.FACT_CHECKER)
        factories.make_user(session, username=EDITOR, role=Role.EDITOR)
    with serving(app) as base_url:
        yield LiveServer(base_url, db)


def new_page(browser: Browser, live_server: LiveServer, width: int = 1280) -> Page:
    """A page in a fresh context (no cookies)."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page: Page, username: str) -> None:
    """Log in through the form."""
    page.goto("/login")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk")


def batch_file(tmp_path: Path) -> Path:
    """A JSON Lines batch: two articles and one broken line."""
    lines = [
        json.dumps({"title": "Varga defends the budget", "outlet": "The Ledger", "text": ARTICLE}),
        '{"title": "broken", ',
        json.dumps(
            {
                "title": "Weller answers",
                "outlet": "Valdoria News Agency",
                "published": "2024-03-06",
                "text": "VELDRA – “The budget is a fantasy,” opposition leader Jonas Weller "
                "said on Tuesday in a speech to party members in Veldra.",
            }
        ),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_upload_a_batch_fetch_a_url_and_poll_a_feed(
    browser: Browser, live_server: LiveServer, httpserver: HTTPServer, shoot, tmp_path: Path
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(base, [("/a1", "Taxes stay"), ("/gone", "Gone")]),
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/a1").respond_with_data(
        article_page("Taxes stay as they are", "Taxes stay as they are"), content_type="text/html"
    )
    httpserver.expect_request("/gone").respond_with_data("gone", status=404)
    httpserver.expect_request("/story").respond_with_data(
        article_page("Berger on growth", "Growth will return next year"), content_type="text/html"
    )
    page = new_page(browser, live_server)
    log_in(page, CHECKER)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add article").click()
    page.get_by_role("link", name="Upload files").click()
    page.get_by_role("button", name="Upload and add").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a file to upload.")
    shoot(page, "20-upload-missing-file")
    page.locator("input[name=file]").set_input_files(str(batch_file(tmp_path)))
    page.get_by_role("button", name="Upload and add").click()
    expect(page.locator(".upload-summary")).to_have_text("3 articles: 2 stored, 1 refused.")
    expect(page.locator("tr.outcome")).to_have_count(3)
    expect(page.locator("tr.outcome-refused")).to_contain_text("not valid JSON")
    shoot(page, "21-upload-report")

    page.get_by_role("link", name="From a URL").click()
    page.get_by_label("Address (URL)", exact=True).fill(httpserver.url_for("/story"))
    page.get_by_role("button", name="Fetch and add").click()
    expect(page).to_have_url(re.compile(r"/sources/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Stored source")
    expect(page.locator("h1")).to_have_text("Berger on growth")
    shoot(page, "22-url-source")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Feeds").click()
    page.get_by_label("Feed address (URL)", exact=True).fill(httpserver.url_for("/feed.xml"))
    page.get_by_label("Outlet", exact=True).fill("The Ledger")
    page.get_by_role("button", name="Add feed").click()
    expect(page.locator("h1")).to_have_text("The Ledger")
    page.get_by_role("button", name="Poll now").click()
    expect(page.locator(".flash").first).to_contain_text("2 new entries, 1 stored")
    expect(page.locator("tr.entry")).to_have_count(2)
    expect(page.locator("tr.entry-refused .entry-error")).to_contain_text("404")
    shoot(page, "23-feed-polled")
    page.get_by_role("link", name="Feeds").first.click()
    expect(page.locator("tr.feed-row")).to_have_count(1)
    shoot(page, "24-feeds")
    page.context.close()


def test_phone_width_feeds_and_upload(browser: Browser, live_server: LiveServer, shoot) -> None:
    page = new_page(browser, live_server, width=375)
    log_in(page, CHECKER)
    page.goto("/feeds")
    assert no_sideways_scroll(page)
    shoot(page, "25-phone-feeds")
    page.goto("/sources/new/upload")
    assert no_sideways_scroll(page)
    shoot(page, "26-phone-upload")
    page.context.close()


@pytest.fixture
def flagged(live_server: LiveServer) -> int:
    """A statement flagged for confirmation, and two speakers with close names."""
    with live_server.db.write() as session:
        text = "“We will balance the budget,” Anna Varga said on Monday in Ostrel."
        result = ingest_text(
            session,
            text=text,
            title="Balanced budget",
            published=dt.date(2024, 5, 6),
            method=IngestMethod.SEED,
        )
        factories.make_speaker(session, name="Anna Vargas")
        statement = result.statements[0]
        statement.speaker_needs_confirmation = True
        session.add(statement)
        assert statement.id is not None
        return statement.id


def test_confirm_a_speaker_then_merge_the_duplicate(
    browser: Browser, live_server: LiveServer, shoot, flagged: int
) -> None:
    page = new_page(browser, live_server)
    log_in(page, EDITOR)
    page.get_by_role("link", name="Speakers").first.click()
    page.get_by_role("link", name="Speakers to confirm").click()
    expect(page.locator(".unconfirmed-list .statement-card")).to_have_count(1)
    shoot(page, "27-unconfirmed")
    page.locator(".unconfirmed-list a").first.click()
    card = page.locator(f"#statement-{flagged}-details")
    expect(card.locator(".confirm-speaker")).to_be_visible()
    card.scroll_into_view_if_needed()
    shoot(page, "28-source-confirm")
    card.locator(".candidate").filter(has_text="Anna Varga").first.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("now attributed to Anna Varga")
    with live_server.db.session() as session:
        assert session.get(Statement, flagged).speaker_needs_confirmation is False

    page.goto("/speakers?q=Anna+Varga")
    page.get_by_role("link", name="Anna Varga", exact=True).click()
    page.get_by_role("link", name="Add a name or role").click()
    page.get_by_label("Title", exact=True).fill("Finance Minister")
    page.get_by_label("From", exact=True).fill("2024-02-01")
    page.get_by_label("To", exact=True).fill("2024-01-01")
    page.get_by_role("button", name="Add role").click()
    expect(page.locator(".form-role .field-errors")).to_contain_text("before the start date")
    shoot(page, "29-speaker-edit-errors")
    page.get_by_label("To", exact=True).fill("")
    page.get_by_role("button", name="Add role").click()
    expect(page.get_by_role("status")).to_contain_text("Added the role")

    page.get_by_role("link", name="Merge another speaker into this one").click()
    shoot(page, "30-merge-candidates")
    page.locator(".merge-candidates .candidate").filter(has_text="Anna Vargas").get_by_role(
        "link", name=re.compile("Review merge")
    ).click()
    expect(page.locator(".merge-side")).to_have_count(2)
    shoot(page, "31-merge-confirm")
    page.get_by_role("button", name="Merge Anna Vargas into Anna Varga").click()
    expect(page.get_by_role("status")).to_contain_text("Merged Anna Vargas into Anna Varga")
    shoot(page, "32-merged")
    page.context.close()
