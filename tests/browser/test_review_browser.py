"""The whole review flow in a real browser (Debian chromium via Playwright).

A fact-checker pastes an article, drafts a verdict and submits it; a second
fact-checker signs off the second read; an editor publishes and then corrects
it; the verdict is found by a misspelt search and exported. Screenshots of each
step go to ``tmp_path`` (and to ``$ONRECORD_TEST_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from onrecord.models import Role  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.conftest import serving  # noqa: E402
from tests.conftest import make_test_app  # noqa: E402

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
QUOTE = "“We will cut the deficit to 2 percent of output by 2026,”"
ARTICLE = (
    "OSTREL – Finance Minister Anna Varga presented the budget on Monday.\n\n"
    f"{QUOTE} Varga told reporters in Ostrel.\n\n"
    "The opposition leader Jonas Weller said the plan was a fantasy."
)
USERS = {"checker": Role.FACT_CHECKER, "checker2": Role.FACT_CHECKER, "editor": Role.EDITOR}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port with CSRF on and the three demo people."""
    tmp = tmp_path_factory.mktemp("review-live")
    app = make_test_app(tmp, f"sqlite:///{tmp / 'live.db'}", wtf_csrf_enabled=True)
    db = app.extensions["onrecord.db"]
    with db.write() as session:
        for name, role in USERS.items():
            factories.make_user(session, username=name, role=role)
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def page(base_url: str) -> Iterator[Page]:
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, base_url=base_url, accept_downloads=True
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Desk")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def press(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_role("status").first).to_be_visible()


def test_draft_second_read_publish_correct_search_export(
    page: Page, shoot: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    log_in(page, "checker")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add article").click()
    page.get_by_label("Headline").fill("Varga presents the budget")
    page.get_by_label("Outlet").fill("The Ledger")
    page.get_by_label("Published on").fill("2024-03-04")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Add article").click()
    expect(page).to_have_url(re.compile(r"/sources/\d+$"))
    page.get_by_role("link", name=re.compile("^Review this statement")).first.click()
    expect(page.locator(".statement-quote")).to_have_text(QUOTE)
    expect(page.locator(".context-text mark")).to_have_text(QUOTE)
    shoot(page, "01-statement-new")

    page.get_by_role("button", name="Start a verdict").click()
    page.get_by_label("Rating").select_option("Mostly False")
    page.get_by_label("Claim summary").fill("False: the deficit will be 2 percent")
    page.locator("#evidence-0-title").fill("Budget annex 4")
    page.locator("#evidence-0-url").fill("https://finance.example/annex-4")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("without the verdict")
    shoot(page, "02-verdict-refused")
    page.get_by_label("Claim summary").fill("Varga says the deficit will be 2 percent by 2026")
    page.get_by_label("Explanation").fill("The **budget annex** forecasts 3.1 percent for 2026.")
    press(page, "Save and submit for review")
    press(page, "Save and ask for a second read")
    expect(page.locator(".status-line")).to_contain_text("Needs second read")
    shoot(page, "03-submitted")
    log_out(page)

    log_in(page, "checker2")
    page.get_by_role("link", name="Queue").click()
    page.get_by_label("Verdict").select_option("needs_second_read")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".queue-table tbody tr")).to_have_count(1)
    shoot(page, "04-queue")
    page.locator(".queue-table tbody th a").first.click()
    press(page, "Save and sign off second read")
    expect(page.locator(".status-line")).to_contain_text("Approved")
    log_out(page)

    log_in(page, "editor")
    page.get_by_role("link", name="Queue").click()
    page.get_by_label("Verdict").select_option("approved")
    page.get_by_role("button", name="Filter").click()
    page.locator(".queue-table tbody th a").first.click()
    press(page, "Save and publish")
    expect(page.locator(".status-line")).to_contain_text("Published")
    expect(page.locator(".rating-badge")).to_have_text("Mostly False")
    shoot(page, "05-published")

    page.get_by_text("Correct or retract this verdict").click()
    page.get_by_label("Rating").select_option("False")
    page.get_by_label("Public note").fill("The ministry revised its forecast to 3.4 percent.")
    press(page, "Publish a correction")
    expect(page.locator(".correction-note")).to_contain_text("revised its forecast")
    expect(page.locator(".rating-badge")).to_have_text("False")
    shoot(page, "06-corrected")
    page.get_by_role("link", name="history").click()
    expect(page.locator(".history-entry")).to_have_count(6)
    shoot(page, "07-history")

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words").fill("defict percnt")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-result")).to_have_count(1)
    expect(page.locator(".search-result mark").first).to_have_text("deficit")
    shoot(page, "08-search")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    target = tmp_path / "export.csv"
    info.value.save_as(target)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["text"], r["rating"], r["verdict_state"]) for r in rows] == [
        (QUOTE, "False", "corrected")
    ]

    # On a phone the statement page and the queue fit the width.
    page.set_viewport_size({"width": 375, "height": 740})
    page.locator(".search-result blockquote a").click()
    expect(page.locator(".statement-quote")).to_have_text(QUOTE)
    assert fits_width(page)
    shoot(page, "09-phone-statement")
    page.goto("/queue?status=")
    assert fits_width(page)
    shoot(page, "10-phone-queue")


def fits_width(page: Page) -> bool:
    """Whether nothing scrolls sideways."""
    fits: bool = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    return fits
