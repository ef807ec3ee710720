"""The desk in a real browser: Debian chromium driven by Playwright.

The app is served from a thread (werkzeug on 127.0.0.1, a free port) on a
fresh SQLite file with CSRF protection on, as in production. Screenshots go to
pytest's ``tmp_path`` and, when ``ONRECORD_TEST_SCREENSHOTS`` names a folder, there too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from onrecord.db import Database  # noqa: E402
from onrecord.models import IngestMethod, Role  # noqa: E402
from onrecord.pipeline.ingest.operations import ingest_text  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.conftest import serving  # noqa: E402
from tests.conftest import make_test_app  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
USERNAME = "fiona"
QUOTE = "“We will not raise taxes on working families,”"
ARTICLE = (
    "OSTREL – Finance Minister Anna Varga defended the budget on Monday, a day after "
    "the opposition called it a tax grab.\n\n"
    f"{QUOTE} Varga told reporters in Ostrel. "
    "She said the deficit would fall below three percent by 2026.\n\n"
    "The opposition leader Jonas Weller said the plan was a fantasy."
)
#: A second article, stored directly, for the tests that only read.
QUOTE_2 = "“Nobody will pay more at the pump,”"
ARTICLE_2 = (
    "VELDRA – The finance ministry published its fuel duty plan on Tuesday.\n\n"
    f"{QUOTE_2} Finance Minister Anna Varga said at a news conference in Veldra."
)


@dataclass(frozen=True)
class LiveServer:
    """Where the app listens, and its database."""

    url: str
    db: Database


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free loopback port, with CSRF on and one fact-checker account."""
    tmp = tmp_path_factory.mktemp("live")
    app = make_test_app(tmp, f"sqlite:///{tmp / 'live.db'}", wtf_csrf_enabled=True)
    db = app.extensions["onrecord.db"]
    with db.write() as session:
        factories.make_user(session, username=USERNAME, role=Role.FACT_CHECKER)
    with serving(app) as base_url:
        yield LiveServer(base_url, db)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless (assertions wait up to 15 s: CI machines can be busy)."""
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def stored_article(live_server: LiveServer) -> int:
    """The id of ARTICLE_2, stored through the ingest operation (once per server)."""
    with live_server.db.write() as session:
        result = ingest_text(
            session,
            text=ARTICLE_2,
            title="Fuel duty plan published",
            outlet="Valdoria News Agency",
            published=dt.date(2024, 4, 2),
            method=IngestMethod.SEED,
        )
    assert result.source.id is not None
    return result.source.id


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) at laptop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in(page: Page) -> None:
    """Log in through the form, as a person would."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk")


def no_sideways_scroll(page: Page) -> bool:
    """Whether the page fits the viewport's width (nothing scrolls sideways)."""
    fits: bool = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    return fits


def test_login_paste_and_see_the_quote_highlighted(page: Page, shoot) -> None:
    page.goto("/login")
    shoot(page, "01-login")
    log_in(page)
    shoot(page, "02-desk-empty")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add article").click()
    page.get_by_role("button", name="Add article").click()
    expect(page.locator(".error-summary")).to_be_visible()
    shoot(page, "03-add-article-errors")

    page.get_by_label("Headline").fill("Varga defends the budget")
    page.get_by_label("Outlet").fill("The Ledger")
    page.get_by_label("Address (URL)").fill("https://ledger.example/2024/varga-budget")
    page.get_by_label("Published on").fill("2024-03-05")
    page.get_by_label("Authors").fill("Nadia Orsen, Piet Lang")
    page.get_by_label("Article text").fill(ARTICLE)
    shoot(page, "04-add-article-filled")
    page.get_by_role("button", name="Add article").click()

    expect(page).to_have_url(re.compile(r"/sources/\d+$"))
    expect(page.get_by_role("status")).to_contain_text("Stored source")
    quote = page.locator(".article-text mark.hl-direct")
    expect(quote).to_have_count(1)
    expect(quote).to_have_text(QUOTE)
    expect(quote).to_have_attribute("data-statement-id", re.compile(r"^\d+$"))
    label = page.locator(".article-text .hl-label-direct")
    expect(label).to_be_visible()
    expect(label).to_contain_text("Anna Varga")
    expect(page.locator(".article-text mark.hl-speaker").first).to_be_visible()
    shoot(page, "05-source-page")

    # The label jumps to the statement's card below the text.
    label.click()
    expect(page).to_have_url(re.compile(r"#statement-\d+-details$"))
    expect(page.locator(".statement-card:target")).to_contain_text("Anna Varga")


@pytest.mark.usefixtures("stored_article")
def test_speaker_timeline_links_back_to_the_quote(page: Page, shoot) -> None:
    log_in(page)
    page.get_by_role("link", name="Speakers").first.click()
    page.get_by_label("Name contains").fill("varga")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.speakers-table tbody tr")).to_have_count(1)
    shoot(page, "06-speakers-filtered")
    page.get_by_role("link", name="Anna Varga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anna Varga")
    shoot(page, "07-speaker")
    page.locator(".timeline .item-meta a").first.click()
    expect(page).to_have_url(re.compile(r"/sources/\d+#statement-\d+$"))
    expect(page.locator("mark:target")).to_have_text(QUOTE_2)


@pytest.mark.usefixtures("stored_article")
def test_phone_width_keyboard_and_logout(browser: Browser, live_server: LiveServer, shoot) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, base_url=live_server.url, device_scale_factor=2
    )
    try:
        page = context.new_page()
        log_in(page)
        assert no_sideways_scroll(page)
        shoot(page, "08-phone-desk")
        page.goto("/sources")
        assert no_sideways_scroll(page)
        shoot(page, "09-phone-sources")
        page.locator("table.sources-table tbody a").first.click()
        expect(page.locator(".article-text mark.hl-direct")).to_have_text(QUOTE_2)
        assert no_sideways_scroll(page)
        shoot(page, "10-phone-source")

        # The first Tab shows the skip link, and it leads to the main content.
        page.goto("/sources")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to main content")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        shoot(page, "11-phone-skip-link")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"#main$"))

        page.get_by_role("button", name="Log out").click()
        expect(page).to_have_url(re.compile(r"/login$"))
        expect(page.get_by_role("status")).to_have_text("You are logged out.")
        page.goto("/sources/9999")
        expect(page).to_have_url(re.compile(r"/login\?next="))
    finally:
        context.close()


def test_error_page_in_the_browser(page: Page, shoot) -> None:
    log_in(page)
    response = page.goto("/sources/9999")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not Found")
    shoot(page, "12-not-found")


def test_queue_keyboard_shortcuts(page: Page, stored_article: int, shoot) -> None:
    """j/k move through the queue, a assigns the current statement to me, o opens it."""
    log_in(page)
    page.goto("/queue?status=all")
    rows = page.locator(".queue-table tbody tr")
    assert rows.count() >= 1
    expect(page.locator("#queue-keys-help")).to_be_visible()  # only shown when the script runs
    page.locator("h1").click()  # focus outside any field
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    first_link = rows.nth(0).locator("th a")
    expect(first_link).to_be_focused()
    # Keys typed into a filter field stay there.
    speaker = page.get_by_label("Speaker", exact=True)
    speaker.fill("")
    speaker.type("jk")
    expect(speaker).to_have_value("jk")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    first_link.focus()
    shoot(page, "queue-keys-current")
    page.keyboard.press("a")
    page.wait_for_load_state()
    expect(page.locator(".flash-success, .flash")).to_contain_text("ssign")
    current = page.locator(".queue-table tbody tr").nth(0)
    expect(current.locator("td[data-label=Assigned]")).to_contain_text(USERNAME)
    page.locator("h1").click()
    page.keyboard.press("j")
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(r"/statements/\d+"))
