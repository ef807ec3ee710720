"""HTTP caching of widgets and oEmbed answers: validators first, rendering only on a miss.

A widget's ETag is a hash of what decides its content (the validator row of the
verdict or speaker, the theme, the widget templates and the static assets), so a
correction or retraction, which bumps the review's version, changes it. A
conditional request whose ETag still matches is answered 304 after one small
query and without rendering; a plain request whose ETag is in this process's
:class:`RenderedCache` is answered from memory. Each process keeps its own cache,
which is safe: entries are keyed by the ETag, never by time.

The validators themselves are kept for a moment too (:class:`ValidatorCache`,
one second by default), so that a burst of requests for the same widget costs
one query, not one each: a cached widget is then answered without touching the
database. A write committed in this process (a correction on the desk, an
import) forgets them at once; a write made by another process (another gunicorn
worker, a job worker) reaches this process's widgets within that second. Shared
caches already keep widgets for ``ONRECORD_EMBED_MAX_AGE_S``, so one second
more at the origin changes nothing a reader can notice.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm
from flask import Response, current_app, request
from werkzeug.http import http_date

#: Widget answers kept per process (a few KB each).
CACHE_ENTRIES = 512
#: Seconds a process trusts a validator it read (writes from other processes show after this).
VALIDATOR_TTL_S = 1.0
#: Validators kept per process; past this the cache starts afresh.
VALIDATOR_ENTRIES = 4096

V = TypeVar("V")


@functools.lru_cache(maxsize=VALIDATOR_ENTRIES)
def make_etag(*parts: Hashable) -> str:
    """A strong entity tag (without quotes) over ``parts``, stable across processes.

    Remembered per process: the same validator, theme and site address come back
    on every request for a widget.
    """
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


class _Commits:
    """Counts the database commits made in this process (any engine, ORM or Core).

    A Core connection reports a commit just before it happens, so ORM sessions
    (every write of the app) count again just after theirs: a validator read in
    between is not kept past that second count.
    """

    count = 0
    listening = False

    @classmethod
    def bump(cls, _target: Any) -> None:
        cls.count += 1

    @classmethod
    def listen(cls) -> None:
        if not cls.listening:
            sa.event.listen(sa.engine.Engine, "commit", cls.bump)
            sa.event.listen(sa.orm.Session, "after_commit", cls.bump)
            cls.listening = True


def listen_for_commits() -> None:
    """Forget cached validators whenever this process commits a write (once per process)."""
    _Commits.listen()


class ValidatorCache(Generic[V]):
    """Validators read in the last ``ttl_s`` seconds, forgotten on any commit in this process.

    Only found validators are kept (a missing verdict is looked up each time, so a
    newly published one shows at once). ``ttl_s=0`` turns the cache off.
    """

    def __init__(self, ttl_s: float = VALIDATOR_TTL_S, size: int = VALIDATOR_ENTRIES) -> None:
        self.ttl_s = ttl_s
        self._size = size
        self._items: dict[Hashable, tuple[float, int, V]] = {}

    def get(self, key: Hashable, load: Callable[[], V | None]) -> V | None:
        """The validator for ``key``: kept if fresh, else ``load()`` (and kept if found)."""
        now = time.monotonic()
        commits = _Commits.count
        item = self._items.get(key)
        if item is not None and item[0] > now and item[1] == commits:
            return item[2]
        value = load()
        if value is not None and self.ttl_s > 0:
            if len(self._items) >= self._size:
                self._items = {}
            # The commit count from before the load: a commit during it makes this stale.
            self._items[key] = (now + self.ttl_s, commits, value)
        return value

    def clear(self) -> None:
        """Forget everything."""
        self._items = {}


def validator_cache() -> ValidatorCache[Any]:
    """The current app's cache of widget validators."""
    cache: ValidatorCache[Any] = current_app.extensions["onrecord.embed_validators"]
    return cache


def rendered_cache() -> RenderedCache:
    """The current app's cache of rendered widgets."""
    cache: RenderedCache = current_app.extensions["onrecord.embed_cache"]
    return cache


def cache_control(max_age: int) -> str:
    """Browsers ask again every time (a 304 while nothing changed), so a reader who
    reloads sees a correction at once; shared caches (a CDN, a proxy) keep the answer
    for ``max_age`` seconds and may serve it stale for as long if we are down."""
    return f"public, max-age=0, s-maxage={max_age}, stale-if-error={max_age}"


@functools.lru_cache(maxsize=VALIDATOR_ENTRIES)
def _caching_headers(
    etag: str, last_modified: dt.datetime | None, max_age: int
) -> tuple[tuple[str, str], ...]:
    headers = [("ETag", f'"{etag}"')]
    if last_modified is not None:
        headers.append(("Last-Modified", http_date(last_modified.replace(microsecond=0))))
    headers.append(("Cache-Control", cache_control(max_age)))
    return tuple(headers)


def _not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    # The usual revalidation first, without parsing: the exact ETag we sent.
    if request.environ.get("HTTP_IF_NONE_MATCH") == f'"{etag}"':
        return True
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
    headers = [*_caching_headers(etag, last_modified, max_age), *extra_headers]
    if _not_modified(etag, last_modified):
        return Response(status=304, headers=headers)
    cache = rendered_cache()
    item = cache.get(etag)
    if item is None:
        item = render()
        cache.put(etag, item)
    return Response(item.body, mimetype=item.mimetype, headers=headers)
