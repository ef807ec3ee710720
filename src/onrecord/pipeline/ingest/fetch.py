"""Fetch a user-given URL safely: the only way onrecord reads the web (docs/fetching.md).

Every hop (the URL asked for and each redirect) is checked by
:func:`~onrecord.pipeline.ingest.netguard.check_url`, which resolves the host
once and refuses non-public addresses. The connection then goes to one of
*those checked addresses* and no other: httpx sends the request through
:class:`_PinnedTransport`, whose httpcore pool opens connections with
:class:`_PinnedBackend`. httpcore asks that backend to ``connect_tcp(host,
port)`` with the URL's host; the backend never resolves it but connects to the
addresses checked for that ``(host, port)``. The URL keeps its host name, so
the Host header, TLS SNI and certificate verification use the original name.

The backend also holds one deadline for the whole fetch, and bodies are read
raw and decompressed here under the size cap (no gzip bombs).
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
import typing
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpcore
import httpx

from onrecord.pipeline.ingest.netguard import (
    FetchPolicy,
    FetchRefused,
    Resolver,
    Target,
    check_url,
    shown,
    system_resolver,
)

__all__ = ["FetchPolicy", "FetchRefused", "FetchResult", "fetch_url"]

logger = logging.getLogger(__name__)

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_SNIFF_BYTES = 1024
# Magic numbers of formats that are never an article, whatever the server calls them.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "FLAC audio"),
    (b"\x1a\x45\xdf\xa3", "a Matroska or WebM video"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch returned."""

    #: The URL asked for.
    url: str
    #: The URL of the response, after redirects.
    final_url: str
    status: int
    #: The media type, lower-case, without parameters ("" if the server sent none).
    content_type: str
    charset: str | None
    #: The body, decompressed; empty when ``not_modified``.
    body: bytes
    #: Response headers with lower-case names (etag, last-modified, ...).
    headers: dict[str, str]
    #: Each URL redirected to, in order.
    redirects: tuple[str, ...]
    #: The server answered 304 to a conditional GET: nothing changed.
    not_modified: bool


def fetch_url(
    url: str,
    *,
    policy: FetchPolicy = FetchPolicy(),  # noqa: B008 (frozen, so one shared default is safe)
    etag: str | None = None,
    last_modified: str | None = None,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``, following redirects, or raise :class:`FetchRefused`.

    ``etag`` and ``last_modified`` (from an earlier result's headers) make the
    request conditional; an unchanged resource comes back with
    ``not_modified=True`` and no body. ``resolver(host, port)`` replaces the
    system DNS lookup (tests use a fake one); ``ssl_context`` replaces the
    default certificate store (certifi), e.g. for a private CA.
    """
    deadline = _Deadline(policy.timeout_s)
    backend = _PinnedBackend(deadline)
    transport = _PinnedTransport(backend, ssl_context or _default_ssl_context())
    headers = _request_headers(policy, etag, last_modified)
    conditional = etag is not None or last_modified is not None
    redirects: list[str] = []
    current = url
    try:
        # trust_env=False: no proxy from the environment (it would bypass the
        # address pinning) and no .netrc credentials sent to arbitrary hosts.
        with httpx.Client(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            timeout=policy.timeout_s,
            headers=headers,
        ) as client:
            while True:
                resolve = _within(resolver or system_resolver, deadline, current)
                target = check_url(current, policy, resolve)
                backend.pin(target)
                outcome = _fetch_hop(client, target, policy, deadline, conditional)
                if isinstance(outcome, _Final):
                    return outcome.result(url, str(target.url), tuple(redirects))
                current = _next_hop(url, target, outcome, redirects, policy)
    except FetchRefused as refused:
        logger.info("fetch refused (%s): %s", refused.code, refused)
        raise


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """certifi's CA store, loaded once: loading takes a good part of a second.

    One context is safely shared between threads and fetches.
    """
    return httpcore.default_ssl_context()


def _within(resolver: Resolver, deadline: _Deadline, url: str) -> Resolver:
    """``resolver`` cut off when the fetch's time is spent.

    ``getaddrinfo`` has no timeout of its own, so the lookup runs in a daemon
    thread; one that outlives the deadline is abandoned and ends by itself.
    """

    def resolve(host: str, port: int) -> list[str]:
        answers: list[list[str]] = []
        failures: list[BaseException] = []

        def run() -> None:
            try:
                answers.append(resolver(host, port))
            except BaseException as error:  # re-raised below, in the caller's thread
                failures.append(error)

        worker = threading.Thread(target=run, name=f"onrecord resolve {host}", daemon=True)
        worker.start()
        worker.join(max(deadline.remaining(), 0.0))
        if worker.is_alive():
            raise deadline.refusal(url)
        if failures:
            raise failures[0]
        return answers[0]

    return resolve


@dataclass(frozen=True, slots=True)
class _Final:
    """A final answer, body read and checked."""

    status: int
    content_type: str
    charset: str | None
    body: bytes
    headers: dict[str, str]
    not_modified: bool

    def result(self, url: str, final_url: str, redirects: tuple[str, ...]) -> FetchResult:
        return FetchResult(
            url,
            final_url,
            self.status,
            self.content_type,
            self.charset,
            self.body,
            self.headers,
            redirects,
            self.not_modified,
        )


def _fetch_hop(
    client: httpx.Client,
    target: Target,
    policy: FetchPolicy,
    deadline: _Deadline,
    conditional: bool,
) -> str | _Final:
    """One request to a checked target: the location of a redirect, or the final response."""
    url = str(target.url)
    with _network_errors_refused(url, target), client.stream("GET", target.url) as response:
        status = response.status_code
        headers = {name.lower(): value for name, value in response.headers.items()}
        location: str | None = response.headers.get("location")
        if status in _REDIRECT_STATUSES and location:
            return location
        if status == 304 and conditional:
            return _Final(status, "", None, b"", headers, not_modified=True)
        if not 200 <= status < 300:
            reason = f" {response.reason_phrase}" if response.reason_phrase else ""
            raise FetchRefused(
                f"Could not fetch {shown(url)}: the server answered HTTP {status}{reason}.",
                code="http_error",
                url=url,
                status=status,
            )
        content_type, charset = _content_type(url, response.headers.get("content-type"), policy)
        body = _read_body(url, response, policy, deadline)
        return _Final(status, content_type, charset, body, headers, not_modified=False)


def _next_hop(
    url: str, target: Target, location: str, redirects: list[str], policy: FetchPolicy
) -> str:
    """The absolute URL a redirect points to, counted against ``max_redirects``."""
    if len(redirects) >= policy.max_redirects:
        raise FetchRefused(
            f"Not fetching {shown(url)}: it redirects more than {policy.max_redirects} times.",
            code="too_many_redirects",
            url=url,
        )
    try:
        following = str(target.url.join(location))
    except httpx.InvalidURL as error:
        raise FetchRefused(
            f"Not fetching {shown(url)}: {shown(target.url)} redirects to an invalid URL"
            f" ({error}).",
            code="bad_url",
            url=url,
        ) from None
    redirects.append(following)
    return following


def _request_headers(
    policy: FetchPolicy, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    accept = ", ".join(sorted(policy.content_types)) + ", */*;q=0.1"
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": accept,
        # Only encodings we decompress ourselves, under the size cap.
        "Accept-Encoding": "gzip, deflate",
    }
    if etag is not None:
        headers["If-None-Match"] = etag
    if last_modified is not None:
        headers["If-Modified-Since"] = last_modified
    return headers


def _content_type(url: str, header: str | None, policy: FetchPolicy) -> tuple[str, str | None]:
    """The media type and charset of a response, refused unless ``policy`` accepts it."""
    if header is None:
        # Some servers send none; the body is still sniffed for binary formats.
        return "", None
    media_type, _, parameters = header.partition(";")
    media_type = media_type.strip().lower()
    if media_type not in policy.content_types:
        raise FetchRefused(
            f"Not fetching {shown(url)}: it is {media_type or 'an unnamed type'}, not a web page"
            " or feed.",
            code="bad_content_type",
            url=url,
        )
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media_type, charset


def _read_body(
    url: str, response: httpx.Response, policy: FetchPolicy, deadline: _Deadline
) -> bytes:
    """The decompressed body, refused when it grows past ``max_bytes`` or looks binary."""
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise _too_large(url, policy)
    decoder = _BoundedDecoder(url, response.headers.get("content-encoding", ""), policy)
    chunks: list[bytes] = []
    size = 0
    sniffed = False
    for raw in response.iter_raw():
        deadline.check(url)
        chunk = decoder.feed(raw)
        size += len(chunk)
        chunks.append(chunk)
        if not sniffed and size >= _SNIFF_BYTES:
            _refuse_binary(url, b"".join(chunks)[:_SNIFF_BYTES])
            sniffed = True
    chunks.append(decoder.flush())
    body = b"".join(chunks)
    if not sniffed:
        _refuse_binary(url, body[:_SNIFF_BYTES])
    return body


def _too_large(url: str, policy: FetchPolicy) -> FetchRefused:
    return FetchRefused(
        f"Not fetching {shown(url)}: it is larger than {policy.max_bytes:,} bytes.",
        code="too_large",
        url=url,
    )


def _refuse_binary(url: str, head: bytes) -> None:
    """Refuse a body whose first bytes show a binary format, whatever its content type."""
    what = binary_kind(head)
    if what is not None:
        raise FetchRefused(
            f"Not fetching {shown(url)}: it is {what}, not a web page or feed.",
            code="bad_content_type",
            url=url,
        )


def binary_kind(head: bytes) -> str | None:
    """What binary format the first bytes of a body show (e.g. "a PDF document"), or None."""
    start = head.lstrip(b" \t\r\n")
    for signature, what in _BINARY_SIGNATURES:
        if start.startswith(signature):
            return what
    if start[4:8] == b"ftyp":
        return "an MP4 or HEIF media file"
    if b"\x00" in head and not head.startswith(_TEXT_BOMS):
        return "binary data"
    return None


class _BoundedDecoder:
    """Undo gzip or deflate Content-Encoding without ever holding more than the cap.

    httpx's own decoders inflate each network chunk in one go, so a few kilobytes
    of gzip could become gigabytes before any size check; here each call to
    ``decompress`` is given the bytes still allowed, plus one to notice overflow.
    """

    def __init__(self, url: str, content_encoding: str, policy: FetchPolicy) -> None:
        self._url = url
        self._policy = policy
        self._left = policy.max_bytes
        self._raw_left = policy.max_bytes
        encoding = content_encoding.strip().lower()
        self._inflater: typing.Any = None
        self._deflate = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._deflate:
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        elif encoding not in ("", "identity"):
            raise FetchRefused(
                f"Not fetching {shown(url)}: it is compressed as {encoding[:40]!r},"
                " which the fetcher does not read.",
                code="bad_response",
                url=url,
            )

    def feed(self, raw: bytes) -> bytes:
        """The decoded bytes of ``raw``, refused once the total passes ``max_bytes``."""
        self._raw_left -= len(raw)
        if self._raw_left < 0:
            raise _too_large(self._url, self._policy)
        if self._inflater is None:
            return self._take(raw)
        try:
            return self._take(self._inflate(raw))
        except zlib.error:
            if not self._deflate:
                raise self._corrupt() from None
            # Some servers send raw deflate without the zlib wrapper the RFC asks for.
            self._deflate = False
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                return self._take(self._inflate(raw))
            except zlib.error:
                raise self._corrupt() from None

    def flush(self) -> bytes:
        """Whatever the decompressor still holds."""
        if self._inflater is None:
            return b""
        try:
            return self._take(self._inflater.flush())
        except zlib.error:
            raise self._corrupt() from None

    def _inflate(self, raw: bytes) -> bytes:
        data: bytes = self._inflater.decompress(raw, self._left + 1)
        if self._inflater.unconsumed_tail:
            raise _too_large(self._url, self._policy)
        # Once raw deflate worked, a zlib error is corruption, not a wrong guess.
        self._deflate = False
        return data

    def _take(self, data: bytes) -> bytes:
        self._left -= len(data)
        if self._left < 0:
            raise _too_large(self._url, self._policy)
        return data

    def _corrupt(self) -> FetchRefused:
        return FetchRefused(
            f"Not fetching {shown(self._url)}: its compressed body is corrupt.",
            code="bad_response",
            url=self._url,
        )


@contextmanager
def _network_errors_refused(url: str, target: Target) -> Iterator[None]:
    """Turn connection, TLS, timeout and protocol failures into :class:`FetchRefused`."""
    where = f"{target.host} port {target.port}"
    try:
        yield
    except (httpcore.TimeoutException, httpx.TimeoutException):
        raise FetchRefused(
            f"Could not fetch {shown(url)}: {where} took too long to answer.",
            code="timeout",
            url=url,
        ) from None
    except httpcore.ConnectError as error:
        if isinstance(error.__cause__ or error.__context__, ssl.SSLError):
            raise FetchRefused(
                f"Could not fetch {shown(url)}: the secure connection to {target.host} failed"
                f" ({error}).",
                code="tls_error",
                url=url,
            ) from None
        raise FetchRefused(
            f"Could not fetch {shown(url)}: could not connect to {where} ({error}).",
            code="unreachable",
            url=url,
        ) from None
    except (httpcore.NetworkError, httpx.TransportError) as error:
        raise FetchRefused(
            f"Could not fetch {shown(url)}: the connection to {where} broke ({error}).",
            code="unreachable",
            url=url,
        ) from None
    except (httpcore.ProtocolError, httpx.HTTPError) as error:
        raise FetchRefused(
            f"Could not fetch {shown(url)}: {where} did not answer in valid HTTP ({error}).",
            code="bad_response",
            url=url,
        ) from None


class _Deadline:
    """One time budget for a whole fetch; every network operation gets what is left."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self, url: str) -> None:
        """Refuse once the budget is spent (between network operations)."""
        if self.remaining() <= 0:
            raise self.refusal(url)

    def refusal(self, url: str) -> FetchRefused:
        """The refusal for running out of time while fetching ``url``."""
        return FetchRefused(
            f"Could not fetch {shown(url)}: it took longer than {self._seconds:g} seconds.",
            code="timeout",
            url=url,
        )

    def clamp(self, timeout: float | None, error: type[httpcore.TimeoutException]) -> float:
        """``timeout`` cut to the time left; ``error`` if none is left."""
        left = self.remaining()
        if left <= 0:
            raise error("the total time allowed for this fetch is spent")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every operation ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # server_hostname is the URL's host name (not the IP we connected to), so
        # SNI and certificate verification are for the name the user gave.
        limit = self._deadline.clamp(timeout, httpcore.ConnectTimeout)
        self._stream = self._stream.start_tls(ssl_context, server_hostname, limit)
        return self

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to addresses the guard checked for a host, never resolving names."""

    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline
        self._inner = httpcore.SyncBackend()
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}

    def pin(self, target: Target) -> None:
        """Allow connections to ``target``'s host and port, at its checked addresses only."""
        self._pins[(target.host, target.port)] = target.addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get((host.lower(), port))
        if not addresses:
            raise httpcore.ConnectError(f"{host} port {port} was not checked; not connecting")
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.clamp(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as error:
                failure = error  # try the host's next checked address
                continue
            return _DeadlineStream(stream, self._deadline)
        assert failure is not None  # noqa: S101 (addresses is not empty)
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the fetcher never connects to Unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool that uses :class:`_PinnedBackend`.

    httpx's ``HTTPTransport`` offers no way to pass a network backend, so this
    does the small translation between httpx and httpcore requests itself, using
    only their public APIs. HTTP/1.1 only; no proxies.
    """

    def __init__(self, backend: _PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=backend, http1=True, http2=False
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=typing.cast(Iterable[bytes], request.stream),
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_CoreStream(typing.cast(Iterable[bytes], core_response.stream)),
            extensions=core_response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class _CoreStream(httpx.SyncByteStream):
    """An httpcore response body as an httpx byte stream."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()
