"""A widget embedded on another site, in a real browser (Debian chromium via Playwright).

The app serves on one loopback port; a plain HTML page on a second port (another
origin, as a newsroom's article would be) carries the script snippet. The test
checks that embed.js turns the links into iframes showing the verdict, that each
iframe is sized to its content by postMessage, that the plain iframe works
without the script, and that after a correction a reload shows the correction.
Screenshots of the three themes go to ``tmp_path`` (and ``$ONRECORD_TEST_SCREENSHOTS``).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from onrecord.models import Review, Role  # noqa: E402
from onrecord.pipeline.review.access import Actor  # noqa: E402
from onrecord.pipeline.review.operations import correct_review  # noqa: E402
from onrecord.pipeline.review.verdicts import VerdictChanges  # noqa: E402
from tests.browser.conftest import serving  # noqa: E402
from tests.conftest import make_test_app  # noqa: E402
from tests.web.embed.conftest import Published, publish_verdict  # noqa: E402

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def host_page(app_url: str, review_id: int, slug: str) -> str:
    """A newsroom's article embedding three verdict widgets, a speaker widget and an iframe."""
    verdict = f"{app_url}/verdicts/{review_id}"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A newsroom article</title>
<style>
body {{ font-family: Georgia, serif; max-width: 640px; margin: 2rem auto; color: #222; }}
.dark {{ background: #101418; padding: 1rem; }}
</style></head>
<body>
<h1>Budget week: what the minister said</h1>
<p>The finance minister spoke to reporters on Monday.</p>
<section id="light">
<a class="onrecord-verdict" href="{verdict}">Fact-check (light)</a></section>
<section id="dark" class="dark">
<a class="onrecord-verdict" data-theme="dark" href="{verdict}">Fact-check (dark)</a></section>
<section id="compact">
<a class="onrecord-verdict" data-theme="compact" href="{verdict}">Fact-check (compact)</a>
</section>
<section id="speaker">
<a class="onrecord-speaker" href="{app_url}/people/{slug}">Her record</a></section>
<section id="plain"><iframe id="plain-frame" src="{app_url}/embed/reviews/{review_id}"
 width="560" height="320" title="plain"></iframe></section>
<p><a class="onrecord-verdict" href="https://elsewhere.example/{review_id}">not ours</a></p>
<script async src="{app_url}/embed.js"></script>
</body></html>"""


@contextlib.contextmanager
def static_site(html: str) -> Iterator[str]:
    """Serve one HTML page on another free loopback port; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="host-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/article.html"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Any, Published, str, str]]:
    """(database, published verdict, app URL, host page URL)."""
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'embed.db'}")
    db = app.extensions["onrecord.db"]
    item = publish_verdict(db)
    with (
        serving(app) as app_url,
        static_site(host_page(app_url, item.review_id, item.speaker_slug)) as page_url,
    ):
        yield db, item, app_url, page_url


@pytest.fixture
def page() -> Iterator[Page]:
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 900, "height": 1000})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def frame_heights(page: Page, selector: str) -> tuple[float, float]:
    """(iframe box height, its document's content height) of the first match."""
    frame_element = page.locator(selector).first
    box = frame_element.bounding_box()
    assert box is not None
    frame = frame_element.element_handle().content_frame()
    assert frame is not None
    content = frame.evaluate("document.documentElement.getBoundingClientRect().height")
    return box["height"], content


@pytest.fixture
def shoot_element(tmp_path: Path, screenshot_dir: Path | None) -> Callable[..., Path]:
    """``shoot_element(locator_or_page, name, **options)``: a screenshot (copied like ``shoot``)."""

    def _shoot(target: Any, name: str, **options: Any) -> Path:
        path = tmp_path / f"{name}.png"
        target.screenshot(path=str(path), **options)
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, screenshot_dir / path.name)
        return path

    return _shoot


def test_script_snippet_embeds_and_sizes_the_widgets(
    page: Page,
    live: tuple[Any, Published, str, str],
    shoot: Callable[[Any, str], Path],
    shoot_element: Callable[..., Path],
) -> None:
    _db, _item, _app_url, page_url = live
    page.goto(page_url)
    frames = page.locator("iframe.onrecord-embed")
    expect(frames).to_have_count(4)  # three verdict themes and the speaker
    light = page.frame_locator("#light iframe")
    expect(light.locator("h1.claim")).to_have_text(
        "Anna Varga says taxes on working families will not rise."
    )
    expect(light.locator(".label")).to_have_text("Mostly False")
    expect(page.frame_locator("#speaker iframe").locator("h1")).to_have_text("Anna Varga")
    # The link to another site is left alone.
    expect(page.locator('a.onrecord-verdict[href^="https://elsewhere.example"]')).to_have_count(1)
    for section in ("light", "dark", "compact", "speaker"):
        selector = f"#{section} iframe"
        page.wait_for_function(
            "sel => document.querySelector(sel).style.height !== ''", arg=selector
        )
        box, content = frame_heights(page, selector)
        assert box != 150  # not the browser's default iframe height
        assert abs(box - content) <= 2, (section, box, content)
    compact, _ = frame_heights(page, "#compact iframe")
    light_height, _ = frame_heights(page, "#light iframe")
    assert compact < light_height
    # The plain iframe works without the script and keeps its given height.
    plain = page.frame_locator("#plain-frame")
    expect(plain.locator(".label")).to_have_text("Mostly False")
    assert page.locator("#plain-frame").evaluate("frame => frame.clientHeight") == 320
    for section in ("light", "dark", "compact", "speaker"):
        shoot_element(page.locator(f"#{section}"), f"embed-{section}")
    shoot(page, "embed-article")
    # The article with its first two widgets, as the README shows it.
    dark = page.locator("#dark").bounding_box()
    assert dark is not None
    clip = {"x": 0, "y": 0, "width": 900, "height": dark["y"] + dark["height"] + 24}
    shoot_element(page, "embed-readme", clip=clip)


def test_a_reload_after_a_correction_shows_it(
    page: Page, live: tuple[Any, Published, str, str], shoot_element: Callable[..., Path]
) -> None:
    db, item, _app_url, page_url = live
    page.goto(page_url)
    light = page.frame_locator("#light iframe")
    expect(light.locator(".label")).to_have_text("Mostly False")
    with db.write() as session:
        review = session.get(Review, item.review_id)
        assert review is not None
        correct_review(
            session,
            review_id=item.review_id,
            expected_version=review.version,
            changes=VerdictChanges(
                label="False", summary=review.summary, explanation=review.explanation
            ),
            note="We misread the tax table: the lowest band rises by one point.",
            actor=Actor(item.editor_id, Role.EDITOR),
        )
    page.reload()
    light = page.frame_locator("#light iframe")
    expect(light.locator(".label")).to_have_text("False")
    expect(light.locator(".notice-corrected")).to_contain_text("We misread the tax table")
    page.wait_for_function("() => document.querySelector('#light iframe').style.height !== ''")
    box, content = frame_heights(page, "#light iframe")
    assert abs(box - content) <= 2
    shoot_element(page.locator("#light"), "embed-corrected")
