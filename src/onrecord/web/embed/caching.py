"""HTTP caching of widgets and oEmbed answers: validators first, rendering only on a miss.

A widget's ETag is a hash of what decides its content (the validator row of the
verdict or speaker, the theme, the widget templates and the static assets), so a
correction or retraction, which bumps the review's version, changes it. A
conditional request whose ETag still matches is answered 304 after one small
query and without rendering; a plain request whose ETag is in this process's
:class:`RenderedCache` is answered from memory. Each process keeps its own cache,
which is safe: entries are keyed by the ETag, never by time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Response, current_app, request

#: Widget answers kept per process (a few KB each).
CACHE_ENTRIES = 512


def make_etag(*parts: object) -> str:
    """A strong entity tag (without quotes) over ``parts``, stable across processes."""
    digest = hashlib.blake2b(digest_size=12)
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Cached:
    """A rendered answer."""

    body: bytes
    mimetype: str


class RenderedCache:
    """A small thread-safe LRU of rendered answers keyed by ETag."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self._size = size
        self._items: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> Cached | None:
        """The answer for ``etag``, if this process rendered it recently."""
        with self._lock:
            item = self._items.get(etag)
            if item is not None:
                self._items.move_to_end(etag)
            return item

    def put(self, etag: str, item: Cached) -> None:
        """Keep ``item``; the least recently used entry goes when the cache is full."""
        with self._lock:
            self._items[etag] = item
            self._items.move_to_end(etag)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._items.clear()


def rendered_cache() -> RenderedCache:
    """The current app's cache of rendered widgets."""
    cache: RenderedCache = current_app.extensions["onrecord.embed_cache"]
    return cache


def cache_control(max_age: int) -> str:
    """Browsers ask again every time (a 304 while nothing changed), so a reader who
    reloads sees a correction at once; shared caches (a CDN, a proxy) keep the answer
    for ``max_age`` seconds and may serve it stale for as long if we are down."""
    return f"public, max-age=0, s-maxage={max_age}, stale-if-error={max_age}"


def _not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    if since is not None and last_modified is not None:
        return last_modified.replace(microsecond=0) <= since
    return False


def cached_response(
    *,
    etag: str,
    last_modified: dt.datetime | None,
    render: Callable[[], Cached],
    max_age: int,
    extra_headers: Iterable[tuple[str, str]] = (),
) -> Response:
    """A 304, a cached body or a freshly rendered one, with the caching headers.

    ``render`` runs only when neither the client nor this process has the answer.
    """
    if _not_modified(etag, last_modified):
        response = Response(status=304)
    else:
        cache = rendered_cache()
        item = cache.get(etag)
        if item is None:
            item = render()
            cache.put(etag, item)
        response = Response(item.body, mimetype=item.mimetype)
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    response.headers["Cache-Control"] = cache_control(max_age)
    for name, value in extra_headers:
        response.headers[name] = value
    return response
