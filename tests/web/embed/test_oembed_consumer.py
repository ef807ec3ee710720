"""A real oEmbed consumer (pyembed, from PyPI) finds our widgets by discovery.

pyembed fetches the public page over HTTP, reads its
``<link rel="alternate" type="application/json+oembed">`` tag, calls our
``/oembed`` endpoint with the size it wants and renders the answer, which is
what a CMS does when an editor pastes one of our links.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from pyembed.core import PyEmbed
from pyembed.core.consumer import PyEmbedConsumerError
from pyembed.core.discovery import AutoDiscoverer

from tests.browser.conftest import serving
from tests.web.embed.conftest import Published


def embed(url: str, max_width: int | None = None) -> BeautifulSoup:
    html = PyEmbed(discoverer=AutoDiscoverer()).embed(url, max_width=max_width)
    return BeautifulSoup(html, "html.parser")


def test_a_verdict_page_is_discovered_and_embedded(app: Flask, published: Published) -> None:
    with serving(app) as base:
        soup = embed(f"{base}/verdicts/{published.review_id}", max_width=400)
    iframe = soup.find("iframe")
    assert iframe is not None
    assert iframe["src"] == f"{base}/embed/reviews/{published.review_id}"
    assert int(iframe["width"]) == 400  # the consumer's maxwidth was honoured
    assert iframe["title"].startswith("Fact-check: Anna Varga:")


def test_a_speaker_page_is_discovered_and_embedded(app: Flask, published: Published) -> None:
    with serving(app) as base:
        soup = embed(f"{base}/people/{published.speaker_slug}")
    iframe = soup.find("iframe")
    assert iframe is not None
    assert iframe["src"] == f"{base}/embed/speakers/{published.speaker_slug}"
    assert iframe["title"] == "Fact-checks of Anna Varga"


def test_pages_without_a_widget_offer_nothing_to_discover(app: Flask, published: Published) -> None:
    with serving(app) as base, pytest.raises(PyEmbedConsumerError):
        embed(f"{base}/verdicts")  # the index has no single widget to offer
