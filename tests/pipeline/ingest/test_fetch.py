"""The fetcher against real HTTP servers on 127.0.0.1 (nothing leaves the machine).

The server is allowlisted by address (``allow_hosts={"127.0.0.1"}``); names such
as ``news.example`` reach it through fake resolvers, which is how the tests see
that the fetcher connects to the address it checked and sends the original Host.
"""

from __future__ import annotations

import gzip
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpcore
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from onrecord.pipeline.ingest.fetch import FetchPolicy, FetchRefused, FetchResult, fetch_url

HTML = "<!doctype html><html><head><title>Budget</title></head><body><p>Hi</p></body></html>"
POLICY = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"


@pytest.fixture(scope="module")
def shared_server() -> Iterator[HTTPServer]:
    # Threaded, so a deliberately slow handler never holds up the next test.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(shared_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server with no handlers from earlier tests."""
    shared_server.clear()
    yield shared_server
    shared_server.clear()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (address, port) the fetcher opens a TCP connection to."""
    opened: list[tuple[str, int]] = []
    connect = httpcore.SyncBackend.connect_tcp

    def spy(
        self: httpcore.SyncBackend, host: str, port: int, *args: object, **kwargs: object
    ) -> httpcore.NetworkStream:
        opened.append((host, port))
        return connect(self, host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", spy)
    return opened


def resolver_to(
    table: dict[str, list[str]], calls: list[str] | None = None
) -> Callable[[str, int], list[str]]:
    """A fake resolver answering from ``table``, recording each lookup in ``calls``."""

    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def refused(url: str, **kwargs: object) -> FetchRefused:
    kwargs.setdefault("policy", POLICY)
    with pytest.raises(FetchRefused) as caught:
        fetch_url(url, **kwargs)  # type: ignore[arg-type]
    return caught.value


def trickle(chunks: list[bytes], pause: float = 0.0) -> Callable[[Request], Response]:
    """A handler streaming ``chunks`` without a Content-Length, pausing between them."""

    def handler(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for chunk in chunks:
                time.sleep(pause)
                yield chunk

        return Response(body(), content_type="text/html")

    return handler


def test_fetches_an_html_page(server: HTTPServer) -> None:
    server.expect_request("/story").respond_with_data(
        HTML, content_type="text/html; charset=UTF-8", headers={"ETag": '"v1"'}
    )
    url = server.url_for("/story")

    page = fetch_url(url, policy=POLICY)

    assert page == FetchResult(
        url=url,
        final_url=url,
        status=200,
        content_type="text/html",
        charset="utf-8",
        body=HTML.encode(),
        headers=page.headers,
        redirects=(),
        not_modified=False,
    )
    assert page.headers["etag"] == '"v1"'
    request = server.log[0][0]
    assert request.headers["User-Agent"] == POLICY.user_agent
    assert "text/html" in request.headers["Accept"]


def test_decompresses_gzip_bodies(server: HTTPServer) -> None:
    server.expect_request("/gz").respond_with_data(
        gzip.compress(HTML.encode()),
        content_type="text/html",
        headers={"Content-Encoding": "gzip"},
    )

    assert fetch_url(server.url_for("/gz"), policy=POLICY).body == HTML.encode()


def test_follows_a_redirect_chain_within_the_limit(server: HTTPServer) -> None:
    server.expect_request("/one").respond_with_data(
        "", status=301, headers={"Location": server.url_for("/two")}
    )
    server.expect_request("/two").respond_with_data("", status=302, headers={"Location": "three"})
    server.expect_request("/three").respond_with_data(
        "", status=307, headers={"Location": "/final?x=1"}
    )
    server.expect_request("/final").respond_with_data(HTML, content_type="text/html")

    page = fetch_url(server.url_for("/one"), policy=POLICY)

    assert page.final_url == server.url_for("/final?x=1")
    assert page.redirects == (
        server.url_for("/two"),
        server.url_for("/three"),
        server.url_for("/final?x=1"),
    )
    assert page.body == HTML.encode()


def test_refuses_too_many_redirects(server: HTTPServer) -> None:
    for hop in range(4):
        server.expect_request(f"/hop{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/hop{hop + 1}"}
        )
    server.expect_request("/hop4").respond_with_data(HTML, content_type="text/html")
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, max_redirects=3)

    error = refused(server.url_for("/hop0"), policy=policy)

    assert error.code == "too_many_redirects"
    assert "more than 3 times" in str(error)
    assert len(server.log) == 4
    assert fetch_url(server.url_for("/hop1"), policy=policy).body == HTML.encode()


def test_refuses_a_redirect_loop(server: HTTPServer) -> None:
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})

    assert refused(server.url_for("/loop")).code == "too_many_redirects"
    assert len(server.log) == 1 + POLICY.max_redirects


@pytest.mark.parametrize(
    ("location", "named"),
    [
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://127.0.0.2:{port}/", "127.0.0.2"),
        ("http://[::1]:{port}/", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://localhost:{port}/", "localhost"),
        ("http://0x7f000002:{port}/", "0x7f000002 means 127.0.0.2"),
        ("file:///etc/passwd", "file"),
    ],
)
def test_redirect_to_a_private_address_is_refused_before_connecting(
    server: HTTPServer, connections: list[tuple[str, int]], location: str, named: str
) -> None:
    target = location.format(port=server.port)
    server.expect_request("/jump").respond_with_data("", status=302, headers={"Location": target})

    error = refused(server.url_for("/jump"))

    assert error.code == ("bad_scheme" if named == "file" else "private_address")
    assert named in str(error)
    assert connections == [("127.0.0.1", server.port)]


def test_the_allowlist_covers_every_spelling_of_its_address(server: HTTPServer) -> None:
    server.expect_request("/story").respond_with_data(HTML, content_type="text/html")

    page = fetch_url(f"http://0x7f000001:{server.port}/story", policy=POLICY)

    assert page.body == HTML.encode()


def test_dns_answer_with_a_private_address_is_refused_before_connecting(
    server: HTTPServer, connections: list[tuple[str, int]]
) -> None:
    error = refused(
        f"http://news.example:{server.port}/story",
        resolver=resolver_to({"news.example": ["10.1.2.3"]}),
    )

    assert error.code == "private_address"
    assert "news.example resolves to 10.1.2.3" in str(error)
    assert connections == []
    assert server.log == []


def test_connects_to_the_checked_address_with_the_original_host_header(
    server: HTTPServer, connections: list[tuple[str, int]]
) -> None:
    port = server.port
    server.expect_request("/start", headers={"Host": f"news.example:{port}"}).respond_with_data(
        "", status=302, headers={"Location": f"http://mirror.example:{port}/story"}
    )
    server.expect_request("/story", headers={"Host": f"mirror.example:{port}"}).respond_with_data(
        HTML, content_type="text/html"
    )
    calls: list[str] = []
    resolve = resolver_to({"news.example": ["127.0.0.1"], "mirror.example": ["127.0.0.1"]}, calls)

    page = fetch_url(f"http://news.example:{port}/start", policy=POLICY, resolver=resolve)

    assert page.body == HTML.encode()
    assert page.final_url == f"http://mirror.example:{port}/story"
    assert calls == ["news.example", "mirror.example"]
    assert connections == [("127.0.0.1", port), ("127.0.0.1", port)]
    assert [request.headers["Host"] for request, _ in server.log] == [
        f"news.example:{port}",
        f"mirror.example:{port}",
    ]


def test_a_second_dns_answer_is_never_asked_for(server: HTTPServer) -> None:
    # DNS rebinding: the first answer is checked, a later one would point inside.
    server.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    answers = iter([["127.0.0.1"], ["10.0.0.1"], ["10.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    page = fetch_url(f"http://news.example:{server.port}/story", policy=POLICY, resolver=rebinding)

    assert page.body == HTML.encode()
    assert calls == ["news.example"]


def test_tries_the_next_checked_address_when_one_refuses(
    server: HTTPServer, connections: list[tuple[str, int]]
) -> None:
    server.expect_request("/story").respond_with_data(HTML, content_type="text/html")
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.0/8"}))
    resolve = resolver_to({"news.example": ["127.0.0.3", "127.0.0.1"]})

    page = fetch_url(f"http://news.example:{server.port}/story", policy=policy, resolver=resolve)

    assert page.body == HTML.encode()
    assert connections == [("127.0.0.3", server.port), ("127.0.0.1", server.port)]


def test_environment_proxies_are_ignored(
    server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://10.9.9.9:3128")
    server.expect_request("/story").respond_with_data(HTML, content_type="text/html")

    assert fetch_url(server.url_for("/story"), policy=POLICY).body == HTML.encode()


def test_refuses_a_declared_length_over_the_cap(server: HTTPServer) -> None:
    server.expect_request("/big").respond_with_data("x" * 2000, content_type="text/html")

    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, max_bytes=1000)

    error = refused(server.url_for("/big"), policy=policy)

    assert error.code == "too_large"
    assert "1,000 bytes" in str(error)


def test_refuses_a_streamed_body_over_the_cap(server: HTTPServer) -> None:
    server.expect_request("/stream").respond_with_handler(trickle([b"<p>" + b"x" * 500] * 10))
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, max_bytes=1000)

    assert refused(server.url_for("/stream"), policy=policy).code == "too_large"


def test_accepts_a_streamed_body_at_the_cap(server: HTTPServer) -> None:
    server.expect_request("/stream").respond_with_handler(trickle([b"<p>" + b"x" * 497] * 2))
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, max_bytes=1000)

    assert len(fetch_url(server.url_for("/stream"), policy=policy).body) == 1000


def test_refuses_a_gzip_bomb_without_inflating_it(server: HTTPServer) -> None:
    bomb = gzip.compress(b" " * 20_000_000)
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, max_bytes=100_000)

    assert len(bomb) < 100_000
    assert refused(server.url_for("/bomb"), policy=policy).code == "too_large"


def test_refuses_an_unknown_content_encoding(server: HTTPServer) -> None:
    server.expect_request("/br").respond_with_data(
        b"\x1b\x00", content_type="text/html", headers={"Content-Encoding": "br"}
    )

    assert refused(server.url_for("/br")).code == "bad_response"


def test_total_timeout_covers_a_server_that_trickles(server: HTTPServer) -> None:
    # Each chunk arrives well within any per-read timeout; only a total deadline stops it.
    server.expect_request("/slow").respond_with_handler(trickle([b"<p>x</p>"] * 40, pause=0.05))
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, timeout_s=0.5)
    started = time.monotonic()

    error = refused(server.url_for("/slow"), policy=policy)

    assert error.code == "timeout"
    assert time.monotonic() - started < 1.2


def test_total_timeout_covers_a_server_that_never_answers(server: HTTPServer) -> None:
    def stall(request: Request) -> Response:
        time.sleep(0.8)
        return Response(HTML, content_type="text/html")

    server.expect_request("/stall").respond_with_handler(stall)
    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, timeout_s=0.3)
    started = time.monotonic()

    error = refused(server.url_for("/stall"), policy=policy)

    assert error.code == "timeout"
    assert "took too long" in str(error)
    assert time.monotonic() - started < 0.7


def test_total_timeout_covers_a_slow_dns_lookup() -> None:
    def stuck(host: str, port: int) -> list[str]:
        time.sleep(1.0)
        return ["127.0.0.1"]

    policy = FetchPolicy(allow_hosts=POLICY.allow_hosts, timeout_s=0.2)
    started = time.monotonic()

    error = refused("http://news.example/", policy=policy, resolver=stuck)

    assert error.code == "timeout"
    assert time.monotonic() - started < 0.6


def test_refuses_a_wrong_content_type(server: HTTPServer) -> None:
    server.expect_request("/logo").respond_with_data(PNG, content_type="image/png")

    error = refused(server.url_for("/logo"))

    assert error.code == "bad_content_type"
    assert "image/png" in str(error)


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (PDF, "PDF"),
        (PNG, "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 2000, "ZIP archive"),
        (b"\n\n  " + PDF + b"x" * 3000, "PDF"),
        (b"<html>" + b"\x00\x01\x02" * 10, "binary data"),
        (gzip.compress(HTML.encode()), "gzip data"),
    ],
)
def test_refuses_a_binary_body_labelled_as_html(server: HTTPServer, body: bytes, what: str) -> None:
    server.expect_request("/doc").respond_with_data(body, content_type="text/html")

    error = refused(server.url_for("/doc"))

    assert error.code == "bad_content_type"
    assert what in str(error)


def test_utf16_text_with_a_bom_is_not_binary(server: HTTPServer) -> None:
    body = "\ufeffStatement text".encode("utf-16-le")
    server.expect_request("/u16").respond_with_data(body, content_type="text/plain; charset=utf-16")

    page = fetch_url(server.url_for("/u16"), policy=POLICY)

    assert page.body == body
    assert page.charset == "utf-16"


def untyped(body: bytes) -> Response:
    """A response without a Content-Type header."""
    response = Response(body)
    del response.headers["Content-Type"]
    return response


def test_a_missing_content_type_is_sniffed(server: HTTPServer) -> None:
    server.expect_request("/plain").respond_with_response(untyped(HTML.encode()))
    server.expect_request("/pdf").respond_with_response(untyped(PDF))

    page = fetch_url(server.url_for("/plain"), policy=POLICY)

    assert page.body == HTML.encode()
    assert page.content_type == ""
    assert refused(server.url_for("/pdf")).code == "bad_content_type"


def test_conditional_get_with_etag_returns_not_modified(server: HTTPServer) -> None:
    server.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304, headers={"ETag": '"v1"'}
    )

    page = fetch_url(server.url_for("/feed"), policy=POLICY, etag='"v1"')

    assert page.not_modified
    assert page.status == 304
    assert page.body == b""
    assert page.headers["etag"] == '"v1"'


def test_conditional_get_with_last_modified_returns_not_modified(server: HTTPServer) -> None:
    stamp = "Wed, 25 Nov 2026 10:00:00 GMT"
    server.expect_request("/feed", headers={"If-Modified-Since": stamp}).respond_with_data(
        "", status=304
    )

    page = fetch_url(server.url_for("/feed"), policy=POLICY, last_modified=stamp)

    assert page.not_modified
    assert "If-None-Match" not in server.log[0][0].headers


def test_conditional_get_returns_a_changed_body(server: HTTPServer) -> None:
    server.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "<rss/>", content_type="application/rss+xml", headers={"ETag": '"v2"'}
    )

    page = fetch_url(server.url_for("/feed"), policy=POLICY, etag='"v1"')

    assert not page.not_modified
    assert page.body == b"<rss/>"
    assert page.headers["etag"] == '"v2"'


def test_an_unasked_304_is_an_http_error(server: HTTPServer) -> None:
    server.expect_request("/odd").respond_with_data("", status=304)

    assert refused(server.url_for("/odd")).code == "http_error"


@pytest.mark.parametrize("status", [400, 403, 404, 410, 500, 503])
def test_http_errors_are_refused_with_their_status(server: HTTPServer, status: int) -> None:
    server.expect_request("/gone").respond_with_data("nope", status=status)

    error = refused(server.url_for("/gone"))

    assert error.code == "http_error"
    assert error.status == status
    assert f"HTTP {status}" in str(error)


def test_an_unreachable_server_is_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    error = refused(f"http://127.0.0.1:{port}/")

    assert error.code == "unreachable"
    assert f"127.0.0.1 port {port}" in str(error)


def test_a_dns_failure_is_refused() -> None:
    error = refused("http://nowhere.example/", resolver=resolver_to({}))

    assert error.code == "dns_failure"
    assert "nowhere.example" in str(error)


# HTTPS: the connection goes to 127.0.0.1, yet SNI and the certificate check use the name.


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for ``news.example`` (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=news.example",
            "-addext",
            "subjectAltName=DNS:news.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[HTTPServer, list[str | None]]]:
    """An HTTPS server for news.example on 127.0.0.1, and the SNI names it was sent."""
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []

    def remember(sock: ssl.SSLObject, name: str | None, ctx: ssl.SSLContext) -> None:
        names.append(name)

    context.sni_callback = remember
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    server.start()
    yield server, names
    server.clear()
    server.stop()


def client_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def test_https_verifies_the_original_name_while_connecting_to_the_checked_ip(
    tls_server: tuple[HTTPServer, list[str | None]],
    certificate: tuple[Path, Path],
    connections: list[tuple[str, int]],
) -> None:
    server, names = tls_server
    server.expect_request("/story").respond_with_data(HTML, content_type="text/html")

    page = fetch_url(
        f"https://news.example:{server.port}/story",
        policy=POLICY,
        resolver=resolver_to({"news.example": ["127.0.0.1"]}),
        ssl_context=client_context(certificate[0]),
    )

    assert page.body == HTML.encode()
    assert names[-1] == "news.example"
    assert connections == [("127.0.0.1", server.port)]
    assert server.log[-1][0].headers["Host"] == f"news.example:{server.port}"


def test_https_refuses_a_certificate_for_another_name(
    tls_server: tuple[HTTPServer, list[str | None]], certificate: tuple[Path, Path]
) -> None:
    server, _ = tls_server

    error = refused(
        f"https://other.example:{server.port}/story",
        resolver=resolver_to({"other.example": ["127.0.0.1"]}),
        ssl_context=client_context(certificate[0]),
    )

    assert error.code == "tls_error"
    assert "other.example" in str(error)


def test_https_refuses_an_untrusted_certificate(
    tls_server: tuple[HTTPServer, list[str | None]],
) -> None:
    server, _ = tls_server

    error = refused(
        f"https://news.example:{server.port}/story",
        resolver=resolver_to({"news.example": ["127.0.0.1"]}),
    )

    assert error.code == "tls_error"
