"""Parsing RSS and Atom from bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Ledger: Politics</title><link>https://ledger.example/politics</link>
<item><title>Budget row deepens</title><link>https://ledger.example/2024/05/budget</link>
<guid isPermaLink="false">ledger-4411</guid><pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Full text here.</p>]]></content:encoded></item>
<item><title>No guid</title><link>https://ledger.example/2024/05/other</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<link href="https://courier.example/"/><id>urn:courier</id><updated>2024-05-07T10:00:00Z</updated>
<entry><title>Minister resigns</title><id>urn:courier:991</id>
<link href="https://courier.example/991"/><updated>2024-05-07T09:30:00Z</updated>
<author><name>Jan Novak</name></author></entry></feed>"""


def test_rss_items_with_keys_dates_and_content() -> None:
    feed = parse_feed(RSS, url="https://ledger.example/feed.xml")
    assert feed.title == "The Ledger: Politics"
    assert feed.version == "rss20"
    first, second = feed.items
    assert first.key.endswith("ledger-4411")
    assert first.link == "https://ledger.example/2024/05/budget"
    assert first.published == dt.datetime(2024, 5, 7, 8, 0, tzinfo=dt.UTC)
    assert "Full text here." in first.content_html
    # Without a guid the link is the key, so a re-poll recognises the entry.
    assert second.key == "https://ledger.example/2024/05/other"


def test_atom_entries() -> None:
    feed = parse_feed(ATOM)
    [entry] = feed.items
    assert feed.version.startswith("atom")
    assert entry.key == "urn:courier:991"
    assert entry.authors == ("Jan Novak",)


@pytest.mark.parametrize(
    "data",
    [b"<html><body><p>An article, not a feed</p></body></html>", b'{"items": []}', b"\x89PNG..."],
)
def test_things_that_are_not_feeds_are_refused(data: bytes) -> None:
    with pytest.raises(OperationError, match="not an RSS or Atom feed"):
        parse_feed(data)


def test_parse_feed_never_fetches_a_string() -> None:
    with pytest.raises(TypeError, match="takes bytes"):
        parse_feed("https://ledger.example/feed.xml")  # type: ignore[arg-type]
