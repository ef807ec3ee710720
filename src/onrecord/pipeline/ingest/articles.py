"""Article inputs from every way in (paste, file, upload, JSON Lines batch, feed entry).

Pure functions: bytes and strings in, :class:`ArticleInput` out. HTML is turned
into text here (trafilatura), so that storage only ever sees clean text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Any

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.clean import decode_text, html_to_article, repair_text

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
BATCH_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: Largest upload or batch file accepted, in bytes.
MAX_UPLOAD_BYTES = 20_000_000


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article to store: clean text plus what is known about it."""

    text: str
    title: str = ""
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    published: dt.date | dt.datetime | None = None
    authors: tuple[str, ...] = ()
    language: str = "en"
    label: str = ""  # where it came from, for per-item reports ("batch.jsonl line 3")
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputError:
    """An item that could not even be read; ``label`` says which, ``message`` why."""

    label: str
    message: str


def from_html(
    data: bytes | str, *, url: str | None = None, label: str = "", **known: Any
) -> ArticleInput:
    """An article from an HTML page; metadata given in ``known`` wins over the page's own."""
    page = html_to_article(data, url=url)
    article = ArticleInput(
        text=page.text,
        title=page.title,
        url=url,
        canonical_url=page.canonical_url,
        outlet=page.site_name or None,
        published=page.published,
        authors=tuple(page.authors),
        language=page.language or "en",
        label=label,
    )
    return replace(article, **{k: v for k, v in known.items() if v})


def from_text(text: str, *, label: str = "", **known: Any) -> ArticleInput:
    """An article from plain text (mojibake repaired; offsets then index the repaired text)."""
    return ArticleInput(text=repair_text(text), label=label, **known)


def _parse_published(value: Any, where: str) -> dt.date | dt.datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise OperationError(f"{where}: 'published' must be a date string like 2024-05-31")
    try:
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError:
        raise OperationError(f"{where}: {value!r} is not an ISO date") from None


def _batch_item(record: Any, label: str) -> ArticleInput:
    if not isinstance(record, dict):
        raise OperationError(f"{label}: expected a JSON object")
    allowed = {"url", "title", "outlet", "published", "text", "html", "authors", "language"}
    unknown = set(record) - allowed
    if unknown:
        raise OperationError(f"{label}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    authors = record.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    known = {
        "title": str(record.get("title") or ""),
        "outlet": record.get("outlet") or None,
        "published": _parse_published(record.get("published"), label),
        "authors": tuple(str(a) for a in authors),
    }
    url = record.get("url") or None
    if record.get("html"):
        return from_html(str(record["html"]), url=url, label=label, **known)
    if record.get("text"):
        return from_text(str(record["text"]), label=label, url=url, **known)
    raise OperationError(f"{label}: needs 'text' or 'html'")


def parse_batch(data: bytes, *, name: str = "batch") -> list[ArticleInput | InputError]:
    """Items of a JSON Lines batch: one ``{url, title, outlet, published, text|html}`` per line.

    Each bad line becomes an :class:`InputError` naming its line; blank lines are skipped.
    """
    text = decode_text(data)
    items: list[ArticleInput | InputError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{name} line {number}"
        try:
            record = json.loads(line)
            items.append(_batch_item(record, label))
        except json.JSONDecodeError as exc:
            items.append(InputError(label, f"{label}: not valid JSON ({exc.msg})"))
        except OperationError as exc:
            items.append(InputError(label, str(exc)))
    if not items:
        raise OperationError("the batch has no articles")
    return items


def read_upload(filename: str, data: bytes, **known: Any) -> list[ArticleInput | InputError]:
    """Articles from an uploaded file: .html/.htm, .txt, or a .jsonl batch.

    Raises :class:`OperationError` for an unsupported type, an empty, binary or
    oversized file.
    """
    suffix = PurePath(filename).suffix.lower()
    known = {key: value for key, value in known.items() if value not in (None, "", ())}
    if len(data) > MAX_UPLOAD_BYTES:
        raise OperationError(
            f"the file is too large ({len(data):,} bytes; the limit is {MAX_UPLOAD_BYTES:,})"
        )
    if not data.strip():
        raise OperationError("the file is empty")
    if suffix in BATCH_SUFFIXES:
        return parse_batch(data, name=filename)
    if suffix in HTML_SUFFIXES:
        return [from_html(data, label=filename, **known)]
    if suffix in TEXT_SUFFIXES:
        return [from_text(decode_text(data), label=filename, **known)]
    allowed = ", ".join(sorted(HTML_SUFFIXES | TEXT_SUFFIXES | BATCH_SUFFIXES))
    raise OperationError(f"unsupported file type {suffix or '(none)'}; use one of {allowed}")
