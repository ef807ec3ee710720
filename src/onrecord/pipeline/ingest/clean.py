"""Article text and metadata from HTML bytes, with trafilatura (which never fetches here)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy
import trafilatura

from onrecord.pipeline.errors import OperationError

_LINE_SPLIT_RE = re.compile(r"\n+")
#: Fewer words than this after cleaning means the page has no article.
MIN_ARTICLE_WORDS = 5
MIN_ARTICLE_CHARS = 40
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:;|,| and )\s*")


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """The readable text of a web page and what it says about itself."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: dt.date | None = None
    site_name: str = ""
    canonical_url: str | None = None
    language: str | None = None


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM), else repaired as cp1252/latin-1."""
    if b"\x00" in data[:8192]:
        raise OperationError("the file looks binary (it contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text


#: Mojibake of UTF-8 read as Latin-1/cp1252 always shows a UTF-8 lead byte as one of
#: these characters (Â, Ã, â, Ð, ...); text without any cannot hold such mojibake.
_MOJIBAKE_LEAD_RE = re.compile("[\u00c2-\u00f4]")
_LINE_BREAKS_RE = re.compile("\r\n?|[\u2028\u2029\u0085]")


def repair_text(text: str) -> str:
    """Fix mojibake (``â€œ`` → ``“``), normalise to NFC and line endings to ``\\n``."""
    if not _MOJIBAKE_LEAD_RE.search(text):
        # The common case, and ftfy is the slowest step of ingestion: do only what it
        # would have done to such text.
        return unicodedata.normalize("NFC", _LINE_BREAKS_RE.sub("\n", text))
    # Full-width forms stay: they are the normal punctuation of CJK text (，。“”).
    fixed = ftfy.fix_text(
        text,
        normalization="NFC",
        uncurl_quotes=False,
        fix_line_breaks=True,
        fix_character_width=False,
    )
    return fixed


def _parse_date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def html_to_article(data: bytes | str, *, url: str | None = None) -> CleanArticle:
    """Extract the main text (paragraphs separated by blank lines) and metadata from HTML.

    Raises :class:`OperationError` when the page has no readable article text.
    """
    if isinstance(data, bytes) and b"\x00" in data[:8192]:
        raise OperationError("the file looks binary (it contains NUL bytes), not HTML")
    try:
        doc = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except (ValueError, TypeError) as exc:
        raise OperationError(f"the page could not be read as HTML: {exc}") from None
    if doc is None or isinstance(doc, dict):
        raise OperationError("no article text found in the page")
    title = repair_text(doc.title or "").strip()
    lines = [line.strip() for line in _LINE_SPLIT_RE.split(repair_text(doc.text or ""))]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    text = "\n\n".join(lines)
    # Words, or characters for languages written without spaces (Chinese, Japanese, Thai).
    if len(text.split()) < MIN_ARTICLE_WORDS and len(text) < MIN_ARTICLE_CHARS:
        # A menu or a cookie banner is all that is left of pages without an article.
        raise OperationError("no article text found in the page")
    authors = [a for a in _AUTHOR_SPLIT_RE.split(doc.author or "") if a]
    return CleanArticle(
        text=text,
        title=title,
        authors=authors,
        published=_parse_date(doc.date),
        site_name=doc.sitename or "",
        canonical_url=doc.url or None,
        language=doc.language or None,
    )
