"""The oEmbed provider's rules (https://oembed.com, type ``rich``), without Flask.

:func:`parse_request` turns the query into an :class:`OEmbedQuery` or raises
:class:`OEmbedError` with the status the spec asks for: 400 for bad parameters,
404 for a URL that is not one of our public pages, 501 for a format we do not
serve (XML). :func:`payload` builds the JSON answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from onrecord.web.embed.links import REVIEW_PATH, SPEAKER_PATH, EmbedInfo

#: Largest maxwidth/maxheight we take seriously (pixels).
MAX_DIMENSION = 10_000


class OEmbedError(Exception):
    """A request the provider refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


@dataclass(frozen=True, slots=True)
class OEmbedQuery:
    """A valid oEmbed request: which page, and the size limits the consumer set."""

    kind: str  # "review" or "speaker"
    key: str  # review id or speaker slug
    maxwidth: int | None
    maxheight: int | None


def _dimension(name: str, raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 0 < int(raw) <= MAX_DIMENSION:
        raise OEmbedError(
            400,
            "Bad request",
            f"{name} must be a whole number of pixels from 1 to {MAX_DIMENSION}.",
        )
    return int(raw)


def parse_target(url: str, site_root: str) -> tuple[str, str]:
    """The (kind, key) of a public page URL on this site; 404 :class:`OEmbedError` otherwise."""
    parts = urlsplit(url.strip())
    root = urlsplit(site_root)
    not_ours = OEmbedError(
        404,
        "Not found",
        f"{url} is not a published verdict or speaker page of this site ({root.netloc}).",
    )
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() != root.netloc.lower():
        raise not_ours
    prefix = root.path.rstrip("/")
    if not parts.path.startswith(prefix + "/"):
        raise not_ours
    path = parts.path[len(prefix) :]
    if match := REVIEW_PATH.fullmatch(path):
        return "review", match["key"]
    if match := SPEAKER_PATH.fullmatch(path):
        return "speaker", match["key"]
    raise not_ours


def parse_request(args: Mapping[str, str], site_root: str) -> OEmbedQuery:
    """Check the query parameters of an oEmbed request."""
    fmt = (args.get("format") or "json").lower()
    if fmt == "xml":
        raise OEmbedError(
            501, "Not implemented", "This provider answers in JSON only: use format=json."
        )
    if fmt != "json":
        raise OEmbedError(400, "Bad request", f"Unknown format {fmt!r}: use format=json.")
    url = args.get("url", "")
    if not url:
        raise OEmbedError(
            400, "Bad request", "The url parameter is required (a verdict or speaker page)."
        )
    maxwidth = _dimension("maxwidth", args.get("maxwidth"))
    maxheight = _dimension("maxheight", args.get("maxheight"))
    kind, key = parse_target(url, site_root)
    return OEmbedQuery(kind, key, maxwidth, maxheight)


def fit(info: EmbedInfo, maxwidth: int | None, maxheight: int | None) -> EmbedInfo:
    """``info`` with a frame no larger than the consumer's limits (the widget reflows)."""
    width = info.width if maxwidth is None else min(info.width, maxwidth)
    height = info.height if maxheight is None else min(info.height, maxheight)
    return dataclasses.replace(info, width=width, height=height)


def payload(
    info: EmbedInfo,
    *,
    author_name: str,
    author_url: str,
    provider_name: str,
    provider_url: str,
    cache_age: int,
) -> dict[str, Any]:
    """The oEmbed JSON answer for an already fitted ``info``."""
    return {
        "type": "rich",
        "version": "1.0",
        "title": info.title,
        "author_name": author_name,
        "author_url": author_url,
        "provider_name": provider_name,
        "provider_url": provider_url,
        "cache_age": cache_age,
        "html": info.iframe_html,
        "width": info.width,
        "height": info.height,
    }
