"""The SSRF address rules: hostile URLs are refused with the right code, public ones pass.

No real DNS: every test resolves through a fake resolver built from a table.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Mapping

import pytest

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.netguard import (
    FetchPolicy,
    FetchRefused,
    address_problem,
    check_url,
    parse_ipv4_literal,
)

#: What the fake DNS answers; any other name does not exist.
DNS: Mapping[str, list[str]] = {
    "example.com": ["93.184.216.34"],
    "dual.example": ["93.184.216.34", "2606:4700::1"],
    "news.example": ["10.1.2.3"],
    "mixed.example": ["93.184.216.34", "127.0.0.1"],
    "mapped.example": ["::ffff:10.0.0.1"],
    "meta.example": ["169.254.169.254"],
    "ula.example": ["fd00:ec2::254"],
    "zero.example": ["0.0.0.0"],
    "intranet.example": ["192.168.1.10"],
    "xn--bcher-kva.example": ["93.184.216.34"],
    "empty.example": [],
    "garbage.example": ["not-an-address"],
}

POLICY = FetchPolicy()


def fake_resolver(table: Mapping[str, list[str]] = DNS) -> Callable[[str, int], list[str]]:
    """A resolver answering from ``table`` that never touches the network."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(table[host])

    return resolve


def refusal(url: str, policy: FetchPolicy = POLICY) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        check_url(url, policy, fake_resolver())
    return caught.value


TEREDO_OF_10_0_0_1 = "2001:0:4136:e378:8000:63bf:f5ff:fffe"

HOSTILE = [
    # Loopback in every spelling the OS accepts.
    ("http://127.0.0.1/", "private_address"),
    ("http://127.0.0.1:8080/admin", "private_address"),
    ("http://127.255.255.254/", "private_address"),
    ("http://0x7f000001/", "private_address"),
    ("http://2130706433/", "private_address"),
    ("http://017700000001/", "private_address"),
    ("http://127.1/", "private_address"),
    ("http://0x7f.1/", "private_address"),
    ("http://0x7F.0.0.1/", "private_address"),
    ("http://0177.0.0.1/", "private_address"),
    ("http://127.0.0.1./", "private_address"),
    ("http://[::1]/", "private_address"),
    ("http://[0:0:0:0:0:0:0:1]/", "private_address"),
    ("http://[::ffff:127.0.0.1]/", "private_address"),
    ("http://[::ffff:7f00:1]/", "private_address"),
    ("http://[::127.0.0.1]/", "private_address"),
    # Unspecified.
    ("http://0.0.0.0/", "private_address"),
    ("http://0/", "private_address"),
    ("http://[::]/", "private_address"),
    # Link-local and cloud metadata.
    ("http://169.254.169.254/latest/meta-data/", "private_address"),
    ("http://[::ffff:169.254.169.254]/", "private_address"),
    ("http://[::ffff:a9fe:a9fe]/", "private_address"),
    ("http://2852039166/", "private_address"),
    ("http://[fe80::1]/", "private_address"),
    ("http://[fe80::1%25eth0]/", "private_address"),
    ("http://[fd00:ec2::254]/", "private_address"),
    ("http://100.100.100.200/", "private_address"),
    ("http://192.0.0.192/", "private_address"),
    ("http://metadata.google.internal/computeMetadata/v1/", "private_address"),
    ("http://metadata/", "private_address"),
    ("http://metadata.goog/", "private_address"),
    ("http://instance-data/", "private_address"),
    # Private (RFC 1918, unique local).
    ("http://10.0.0.1/", "private_address"),
    ("http://172.16.0.1/", "private_address"),
    ("http://172.31.255.255/", "private_address"),
    ("http://192.168.1.1/", "private_address"),
    ("http://[fc00::1]/", "private_address"),
    ("http://[fdff:ffff::1]/", "private_address"),
    ("http://[fec0::1]/", "private_address"),
    # Multicast, reserved, broadcast.
    ("http://224.0.0.1/", "private_address"),
    ("http://239.255.255.250/", "private_address"),
    ("http://[ff02::1]/", "private_address"),
    ("http://240.0.0.1/", "private_address"),
    ("http://255.255.255.255/", "private_address"),
    # Carrier-grade NAT, benchmarking, documentation.
    ("http://100.64.0.1/", "private_address"),
    ("http://100.127.255.255/", "private_address"),
    ("http://198.18.0.1/", "private_address"),
    ("http://198.19.255.255/", "private_address"),
    ("http://192.0.2.1/", "private_address"),
    ("http://198.51.100.7/", "private_address"),
    ("http://203.0.113.9/", "private_address"),
    ("http://[2001:db8::1]/", "private_address"),
    # IPv6 forms that carry a private IPv4 address.
    ("http://[2002:7f00:1::]/", "private_address"),
    ("http://[2002:a9fe:a9fe::1]/", "private_address"),
    (f"http://[{TEREDO_OF_10_0_0_1}]/", "private_address"),
    ("http://[64:ff9b::a00:1]/", "private_address"),
    ("http://[64:ff9b::10.0.0.1]/", "private_address"),
    ("http://[64:ff9b::7f00:1]/", "private_address"),
    ("http://[64:ff9b:1::1]/", "private_address"),
    # Local-only names.
    ("http://localhost/", "private_address"),
    ("http://LOCALHOST./", "private_address"),
    ("http://localhost:8080/", "private_address"),
    ("http://admin.localhost/", "private_address"),
    ("http://db.internal/", "private_address"),
    ("http://printer.local/", "private_address"),
    # DNS answers that point inside.
    ("http://news.example/", "private_address"),
    ("http://mixed.example/", "private_address"),
    ("http://mapped.example/", "private_address"),
    ("http://meta.example/", "private_address"),
    ("http://ula.example/", "private_address"),
    ("http://zero.example/", "private_address"),
    ("http://intranet.example/", "private_address"),
    # Credentials.
    ("http://user:pw@example.com/", "credentials"),
    ("http://user@example.com/", "credentials"),
    ("http://:pw@example.com/", "credentials"),
    ("http://example.com\\@127.0.0.1/", "credentials"),
    # Other schemes.
    ("ftp://example.com/file", "bad_scheme"),
    ("file:///etc/passwd", "bad_scheme"),
    ("gopher://example.com:70/_GET", "bad_scheme"),
    ("dict://127.0.0.1:11211/stats", "bad_scheme"),
    ("ws://example.com/", "bad_scheme"),
    ("javascript:alert(1)", "bad_scheme"),
    ("data:text/html,hi", "bad_scheme"),
    ("//example.com/", "bad_scheme"),
    # Ports.
    ("http://example.com:22/", "bad_port"),
    ("http://example.com:6379/", "bad_port"),
    ("https://example.com:25/", "bad_port"),
    ("http://example.com:0/", "bad_port"),
    ("http://example.com:65536/", "bad_port"),
    ("http://93.184.216.34:11211/", "bad_port"),
    # Malformed.
    ("http:///path", "bad_url"),
    ("http://a b/", "bad_url"),
    ("http://exa_mple..com/", "bad_url"),
    ("http://[::1/", "bad_url"),
    ("http://example.com\t/", "bad_url"),
    ("http://" + "a" * 9000 + ".com/", "bad_url"),
    # DNS failures.
    ("http://nonexistent.example/", "dns_failure"),
    ("http://empty.example/", "dns_failure"),
    ("http://garbage.example/", "dns_failure"),
]


@pytest.mark.parametrize(("url", "code"), HOSTILE)
def test_hostile_urls_are_refused_with_their_reason(url: str, code: str) -> None:
    refused = refusal(url)

    assert refused.code == code
    assert isinstance(refused, OperationError)
    assert refused.url
    assert str(refused).startswith(("Not fetching", "Could not fetch"))


PUBLIC = [
    ("http://93.184.216.34/", "93.184.216.34", ("93.184.216.34",)),
    ("http://[2606:4700::1]/", "2606:4700::1", ("2606:4700::1",)),
    ("https://[2001:4860:4860::8888]:8443/", "2001:4860:4860::8888", ("2001:4860:4860::8888",)),
    ("http://1572395042/", "1572395042", ("93.184.216.34",)),
    ("http://8.8.8.8:8080/", "8.8.8.8", ("8.8.8.8",)),
    ("http://1.1.1.1/", "1.1.1.1", ("1.1.1.1",)),
    ("http://[::ffff:8.8.8.8]/", "::ffff:8.8.8.8", ("::ffff:808:808",)),
    ("http://[64:ff9b::808:808]/", "64:ff9b::808:808", ("64:ff9b::808:808",)),
    ("https://example.com/article?id=1", "example.com", ("93.184.216.34",)),
    ("HTTPS://EXAMPLE.COM./a", "example.com.", ("93.184.216.34",)),
    ("http://dual.example:8080/", "dual.example", ("93.184.216.34", "2606:4700::1")),
    ("http://bücher.example/", "xn--bcher-kva.example", ("93.184.216.34",)),
]


@pytest.mark.parametrize(("url", "host", "addresses"), PUBLIC)
def test_public_urls_pass_with_their_checked_addresses(
    url: str, host: str, addresses: tuple[str, ...]
) -> None:
    target = check_url(url, POLICY, fake_resolver())

    assert target.host == host
    assert target.addresses == addresses
    assert not target.allowlisted


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "8.8.8.8",
        "1.1.1.1",
        "151.101.1.69",
        "2606:4700::1",
        "2001:4860:4860::8888",
        "2a00:1450:4001:830::200e",
        "::ffff:93.184.216.34",
        "64:ff9b::5db8:d822",
    ],
)
def test_public_addresses_have_no_problem(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        ("127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("10.0.0.1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("198.18.0.1", "benchmarking"),
        ("192.0.2.1", "documentation"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1, a loopback"),
        ("2002:c0a8:101::", "6to4 form of 192.168.1.1, a private"),
        (TEREDO_OF_10_0_0_1, "Teredo form of 10.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "NAT64 form of 169.254.169.254, a link-local"),
    ],
)
def test_address_problem_names_the_reason(address: str, phrase: str) -> None:
    problem = address_problem(ipaddress.ip_address(address))

    assert problem is not None
    assert phrase in problem


@pytest.mark.parametrize(
    "literal",
    [
        "127.0.0.1",
        "2130706433",
        "0x7f000001",
        "0X7F000001",
        "017700000001",
        "127.1",
        "127.0.1",
        "0x7f.1",
        "0177.0.0.1",
        "0",
        "00",
        "1.16777215",
        "1.16777216",
        "0xffffffff",
        "4294967296",
        "1.2.3.256",
        "08",
        "0x",
        "1.2.3.4.5",
        "1..2",
        "example.com",
    ],
)
def test_ipv4_literals_are_read_like_inet_aton(literal: str) -> None:
    try:
        expected: ipaddress.IPv4Address | None = ipaddress.IPv4Address(socket.inet_aton(literal))
    except OSError:
        expected = None

    assert parse_ipv4_literal(literal) == expected


def test_message_names_the_url_host_address_and_reason() -> None:
    message = str(refusal("http://news.example/story"))

    assert "http://news.example/story" in message
    assert "news.example resolves to 10.1.2.3" in message
    assert "private address" in message


def test_message_for_an_obfuscated_literal_shows_what_it_means() -> None:
    message = str(refusal("http://0x7f.1/"))

    assert "0x7f.1 means 127.0.0.1" in message
    assert "loopback" in message


def test_resolver_is_called_once_and_never_for_literals() -> None:
    calls: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append((host, port))
        return ["93.184.216.34"]

    check_url("https://example.com/a", POLICY, resolve)
    check_url("http://93.184.216.34/", POLICY, resolve)
    check_url("http://[2606:4700::1]:8080/", POLICY, resolve)

    assert calls == [("example.com", 443)]


def test_disallowed_scheme_is_refused_before_dns() -> None:
    def resolve(host: str, port: int) -> list[str]:
        raise AssertionError("resolved a URL that should have been refused first")

    with pytest.raises(FetchRefused) as caught:
        check_url("gopher://example.com/", POLICY, resolve)

    assert caught.value.code == "bad_scheme"


def test_allowlisted_address_may_be_private_and_use_any_port() -> None:
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))

    target = check_url("http://127.0.0.1:5000/", policy, fake_resolver())

    assert target.allowlisted
    assert target.addresses == ("127.0.0.1",)


def test_allowlisted_address_does_not_cover_its_neighbours() -> None:
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))

    assert refusal("http://127.0.0.2:5000/", policy).code == "private_address"
    assert refusal("http://localhost/", policy).code == "private_address"


def test_allowlisted_network_covers_dns_answers_inside_it() -> None:
    policy = FetchPolicy(allow_hosts=frozenset({"10.0.0.0/8"}))

    target = check_url("http://news.example:9000/", policy, fake_resolver())

    assert target.addresses == ("10.1.2.3",)
    assert target.allowlisted
    assert refusal("http://intranet.example/", policy).code == "private_address"


def test_allowlisted_name_may_resolve_anywhere() -> None:
    policy = FetchPolicy(allow_hosts=frozenset({"Intranet.Example"}))

    target = check_url("http://intranet.example:3000/", policy, fake_resolver())

    assert target.addresses == ("192.168.1.10",)


def test_allowlist_does_not_bypass_scheme_or_credentials() -> None:
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))

    assert refusal("ftp://127.0.0.1/", policy).code == "bad_scheme"
    assert refusal("http://u:p@127.0.0.1/", policy).code == "credentials"


def test_ports_follow_the_policy() -> None:
    policy = FetchPolicy(allowed_ports=frozenset({443}))

    assert check_url("https://example.com/", policy, fake_resolver()).port == 443
    assert refusal("http://example.com/", policy).code == "bad_port"


def test_policy_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="positive"):
        FetchPolicy(max_bytes=0)
