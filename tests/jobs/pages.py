"""Article pages and feeds as a loopback test server serves them."""

from __future__ import annotations


def article_page(headline: str, quote: str, speaker: str = "Anna Berger") -> str:
    """An article page with one attributed quote."""
    surname = speaker.split()[-1]
    return f"""<!doctype html><html><head><title>{headline}</title></head><body>
    <article><h1>{headline}</h1>
    <p>Finance Minister {speaker} spoke in parliament on Tuesday about the budget plans.</p>
    <p>\u201c{quote},\u201d {surname} told reporters after the session ended.</p>
    <p>The opposition said it would study the numbers before the vote next week.</p>
    </article></body></html>"""


def rss(items: list[tuple[str, str]]) -> str:
    """An RSS feed whose items (guid, link) point at article pages."""
    body = "".join(
        f"<item><title>Item {guid}</title><link>{link}</link><guid>{guid}</guid></item>"
        for guid, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test feed</title><link>http://127.0.0.1/</link>{body}</channel></rss>"
    )
