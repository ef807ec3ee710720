"""Parsing responses for the web tests: HTML is checked by parsing, never by substrings."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from werkzeug.test import TestResponse


def parse(response: TestResponse) -> BeautifulSoup:
    """The response body as a parsed HTML document."""
    assert response.mimetype == "text/html", response.mimetype
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    """The only element matching ``selector`` (fails when there are none or several)."""
    found = soup.select(selector)
    assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
    return found[0]


def text(element: Tag) -> str:
    """An element's text with white space collapsed."""
    return " ".join(element.get_text().split())


def marked_text(soup: BeautifulSoup | Tag, selector: str) -> str:
    """The text of every element matching ``selector``, concatenated in document order."""
    return "".join(mark.get_text() for mark in soup.select(selector))


def article_paragraphs(soup: BeautifulSoup) -> list[str]:
    """The article's paragraphs as shown, without the speaker labels (removed from ``soup``)."""
    article = one(soup, ".article-text")
    for label in article.select(".hl-label"):
        label.decompose()
    return [p.get_text() for p in article.find_all("p")]
