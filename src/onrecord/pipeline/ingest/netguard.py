"""Which URLs the fetcher may contact: the address rules that keep it from being an SSRF proxy.

Users paste article URLs, so every URL is hostile until checked. :func:`check_url`
parses a URL with the same parser that later sends the request (httpx's, so the
host we check is the host we connect to), refuses schemes, credentials and ports
we do not serve, resolves the host exactly once and refuses it when *any* of its
addresses is not a public internet address. The result, a :class:`Target`,
carries the checked addresses; the fetcher connects only to those (see
``fetch.py``), so a second DNS answer can never redirect the connection.

Nothing here opens a connection; the resolver is a plain function so the rules
are tested with fake DNS answers.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from onrecord.pipeline.errors import OperationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: ``resolver(host, port)`` returns every address of ``host`` as text.
Resolver = Callable[[str, int], list[str]]

DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_URL_LENGTH = 8192
_LABEL_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
# One part of an IPv4 literal as inet_aton(3) reads it: hex, octal or decimal.
_INET_ATON_PART_RE = re.compile(r"^(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What the fetcher may contact and how much it will take (see docs/fetching.md)."""

    allowed_schemes: frozenset[str] = frozenset({"http", "https"})
    allowed_ports: frozenset[int] = frozenset({80, 443, 8080, 8443})
    max_bytes: int = 5_000_000
    #: Total seconds for DNS, connecting, every redirect and reading the body.
    timeout_s: float = 15.0
    max_redirects: int = 5
    #: Host names, IP addresses or CIDR networks reachable even though private
    #: (tests, private deployments). An allowlisted host may use any port.
    allow_hosts: frozenset[str] = frozenset()
    content_types: frozenset[str] = frozenset(
        {
            "text/html",
            "application/xhtml+xml",
            "text/plain",
            "application/rss+xml",
            "application/atom+xml",
            "application/xml",
            "text/xml",
            "application/rdf+xml",
            "application/json",
        }
    )
    user_agent: str = "onrecord/0.1 (+https://github.com/onrecord/onrecord)"

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.timeout_s <= 0 or self.max_redirects < 0:
            raise ValueError("max_bytes and timeout_s must be positive, max_redirects >= 0")


class FetchRefused(OperationError):
    """The fetcher refused a URL or its response; ``str(error)`` says which URL and why.

    ``code`` is a stable machine-readable reason: ``bad_url``, ``bad_scheme``,
    ``credentials``, ``bad_port``, ``dns_failure``, ``private_address``,
    ``unreachable``, ``tls_error``, ``timeout``, ``too_many_redirects``,
    ``http_error`` (with ``status``), ``too_large``, ``bad_content_type`` or
    ``bad_response``.
    """

    def __init__(self, message: str, *, code: str, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.url = url
        self.status = status


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed every rule, with the addresses the fetcher may connect to."""

    url: httpx.URL
    #: The host as it goes on the wire (IDNA-encoded, no brackets around IPv6).
    host: str
    port: int
    addresses: tuple[str, ...]
    allowlisted: bool


def shown(url: str | httpx.URL) -> str:
    """``url`` shortened for a message shown to users."""
    text = str(url)
    return text if len(text) <= 200 else text[:199] + "…"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``getaddrinfo`` gives for ``host`` (the one DNS lookup per hop)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """``host`` read as an IPv4 address the way ``inet_aton(3)`` (and so the OS) reads it.

    Accepts the forms browsers and resolvers accept and attackers use to hide
    loopback: ``2130706433``, ``0x7f000001``, ``017700000001``, ``127.1``,
    ``0177.0.0.1``, ``0x7f.1``. Returns None for anything that is not such a
    literal (it is then a host name).
    """
    text = host[:-1] if host.endswith(".") else host
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART_RE.match(p) for p in parts):
        return None
    values = [_inet_aton_part(part) for part in parts]
    # Every part but the last is one byte; the last fills the bytes left over.
    last_bits = 8 * (5 - len(values))
    if any(v > 0xFF for v in values[:-1]) or values[-1] >= 1 << last_bits:
        return None
    number = values[-1]
    for index, value in enumerate(values[:-1]):
        number |= value << (24 - 8 * index)
    return ipaddress.IPv4Address(number)


def _inet_aton_part(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:], 16)
    if part.startswith("0"):
        return int(part, 8)
    return int(part)


def parse_ip(text: str) -> IPAddress | None:
    """``text`` as an IP address (IPv6 with or without a zone, or any IPv4 spelling), or None."""
    if ":" in text:
        try:
            address = ipaddress.IPv6Address(text)
        except ValueError:
            return None
        # The zone (fe80::1%eth0) says which interface, not which host: drop it.
        return ipaddress.IPv6Address(address.packed) if address.scope_id else address
    return parse_ipv4_literal(text)


def _networks(*specs: tuple[str, str]) -> tuple[tuple[IPNetwork, str], ...]:
    return tuple((ipaddress.ip_network(net), reason) for net, reason in specs)


# Listed explicitly rather than trusting ``is_global`` alone: its answers have
# changed between Python releases (multicast and 192.0.0.0/24 count as global
# in some), and these are the ranges that matter most.
_BLOCKED_NETWORKS = _networks(
    ("0.0.0.0/8", "an unspecified ('this network') address"),
    ("10.0.0.0/8", "a private address (RFC 1918)"),
    ("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
    ("127.0.0.0/8", "a loopback address"),
    ("169.254.0.0/16", "a link-local address (where cloud metadata services live)"),
    ("172.16.0.0/12", "a private address (RFC 1918)"),
    ("192.0.0.0/24", "an IETF protocol address (some clouds put metadata services here)"),
    ("192.0.2.0/24", "a documentation address"),
    ("192.88.99.0/24", "a 6to4 relay address"),
    ("192.168.0.0/16", "a private address (RFC 1918)"),
    ("198.18.0.0/15", "a benchmarking address"),
    ("198.51.100.0/24", "a documentation address"),
    ("203.0.113.0/24", "a documentation address"),
    ("224.0.0.0/4", "a multicast address"),
    ("240.0.0.0/4", "a reserved address"),
    ("::/128", "an unspecified address"),
    ("::1/128", "a loopback address"),
    ("64:ff9b:1::/48", "a local-use NAT64 address"),
    ("100::/64", "a discard-only address"),
    ("2001:db8::/32", "a documentation address"),
    ("3fff::/20", "a documentation address"),
    ("fc00::/7", "a unique local (private) address"),
    ("fe80::/10", "a link-local address"),
    ("fec0::/10", "a site-local (private) address"),
    ("ff00::/8", "a multicast address"),
)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries, and how, for the forms that reach it."""
    if address.ipv4_mapped is not None:
        return "an IPv4-mapped form", address.ipv4_mapped
    if address in _NAT64:
        return "a NAT64 form", ipaddress.IPv4Address(address.packed[-4:])
    if address.sixtofour is not None:
        return "a 6to4 form", address.sixtofour
    if address.teredo is not None:
        return "a Teredo form", address.teredo[1]
    if address.packed[:12] == bytes(12) and int(address) > 1:
        return "an IPv4-compatible form", ipaddress.IPv4Address(address.packed[-4:])
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def address_problem(address: IPAddress) -> str | None:
    """Why ``address`` must not be contacted (a phrase such as "a loopback address"), or None.

    IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4,
    Teredo) are judged by the address they carry as well as by their own.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            form, inner = embedded
            problem = address_problem(inner)
            if problem is not None:
                return f"{form} of {inner}, {problem}"
            # Mapped and NAT64 forms of a public address reach that public address
            # (and Python calls them reserved), so they are judged by it alone.
            if form in ("an IPv4-mapped form", "a NAT64 form"):
                return None
    for network, reason in _BLOCKED_NETWORKS:
        if address in network:
            return reason
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_private:
        return "a private address"
    if address.is_reserved:
        return "a reserved address"
    if not address.is_global:
        return "not a public internet address"
    return None


# Names of cloud metadata services (their addresses are link-local or private
# too, but a name can be given a public-looking answer by a hostile resolver).
_METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.goog",
        "metadata.google.internal",
        "instance-data",
        "instance-data.ec2.internal",
    }
)
# Names that never lead anywhere public, whatever DNS says today.
_LOCAL_NAMES = frozenset({"localhost", "kubernetes.default", "kubernetes.default.svc"})
_LOCAL_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")


def name_problem(name: str) -> str | None:
    """Why the host name ``name`` must not be contacted, or None (its addresses are checked too)."""
    bare = name.lower().rstrip(".")
    if bare in _METADATA_NAMES:
        return "a cloud metadata service name"
    if bare in _LOCAL_NAMES or bare.endswith(_LOCAL_SUFFIXES):
        return "a local-only host name"
    return None


@dataclass(frozen=True, slots=True)
class _Allowlist:
    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    def covers(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


@functools.lru_cache(maxsize=32)
def _allowlist(entries: frozenset[str]) -> _Allowlist:
    names: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in entries:
        text = entry.strip().lower().strip("[]")
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            names.add(text.rstrip("."))
    return _Allowlist(frozenset(names), tuple(networks))


def parse_url(url: str | httpx.URL, policy: FetchPolicy) -> tuple[httpx.URL, str, int]:
    """``url`` parsed by httpx (the parser that sends it), with its wire host and port.

    Refuses what no address check is needed for: bad syntax, other schemes,
    user info, empty or malformed hosts, impossible ports.
    """
    text = str(url).strip()
    if len(text) > _MAX_URL_LENGTH:
        raise FetchRefused(
            f"Not fetching {shown(text)}: the URL is too long.", code="bad_url", url=text
        )
    try:
        parsed = httpx.URL(text)
        host = parsed.raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError) as error:
        _refuse_unparsable_private(text)
        raise FetchRefused(
            f"Not fetching {shown(text)}: it is not a valid URL ({error}).",
            code="bad_url",
            url=text,
        ) from None
    if parsed.scheme not in policy.allowed_schemes:
        allowed = " and ".join(sorted(policy.allowed_schemes))
        raise FetchRefused(
            f"Not fetching {shown(text)}: only {allowed} URLs can be fetched"
            f" (this one is {parsed.scheme or 'relative'}).",
            code="bad_scheme",
            url=text,
        )
    if parsed.userinfo:
        raise FetchRefused(
            f"Not fetching {shown(text)}: URLs with a user name or password are not accepted.",
            code="credentials",
            url=text,
        )
    if not host:
        raise FetchRefused(
            f"Not fetching {shown(text)}: the URL has no host.", code="bad_url", url=text
        )
    if parse_ip(host) is None and not _is_host_name(host):
        raise FetchRefused(
            f"Not fetching {shown(text)}: {host[:100]!r} is not a valid host name.",
            code="bad_url",
            url=text,
        )
    port = parsed.port if parsed.port is not None else DEFAULT_PORTS.get(parsed.scheme, 0)
    if not 0 < port < 65536:
        raise FetchRefused(
            f"Not fetching {shown(text)}: port {port} does not exist.", code="bad_port", url=text
        )
    return parsed, host, port


def _refuse_unparsable_private(text: str) -> None:
    """Name the private address in a URL httpx cannot parse (e.g. ``http://0177.0.0.1/``).

    Such a URL is never fetched either way; this only gives the clearer reason.
    """
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return
    address = parse_ip(host) if host else None
    problem = address_problem(address) if address is not None else None
    if problem is not None:
        raise FetchRefused(
            f"Not fetching {shown(text)}: {host} means {address}, which is {problem}; "
            "only public internet addresses are fetched.",
            code="private_address",
            url=text,
        )


def _is_host_name(host: str) -> bool:
    labels = host.rstrip(".").split(".")
    return len(host) <= 253 and all(_LABEL_RE.match(label) for label in labels)


def check_url(url: str | httpx.URL, policy: FetchPolicy, resolver: Resolver) -> Target:
    """``url`` checked against every rule, with the addresses it may be fetched from.

    The host is resolved once with ``resolver`` (IP literals in any spelling are
    not resolved); the request is refused when any address is not public,
    unless the host name or every address is in ``policy.allow_hosts``.
    Raises :class:`FetchRefused`.
    """
    parsed, host, port = parse_url(url, policy)
    text = str(parsed)
    allow = _allowlist(policy.allow_hosts)
    bare = host.rstrip(".")
    literal = parse_ip(host)
    named_in_allowlist = literal is None and bare in allow.names
    if literal is None and not named_in_allowlist:
        problem = name_problem(host)
        if problem is not None:
            raise FetchRefused(
                f"Not fetching {shown(text)}: {bare} is {problem}.",
                code="private_address",
                url=text,
            )
    addresses = [literal] if literal is not None else _resolve(text, bare, port, resolver)
    if not named_in_allowlist:
        _refuse_private(text, bare, addresses, allow, literal=literal is not None)
    allowlisted = named_in_allowlist or all(allow.covers(a) for a in addresses)
    if port not in policy.allowed_ports and not allowlisted:
        allowed = ", ".join(str(p) for p in sorted(policy.allowed_ports))
        raise FetchRefused(
            f"Not fetching {shown(text)}: port {port} is not allowed (allowed: {allowed}).",
            code="bad_port",
            url=text,
        )
    return Target(parsed, host, port, tuple(str(a) for a in addresses), allowlisted)


def _resolve(url: str, host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    try:
        answers = resolver(host, port)
    except (OSError, UnicodeError) as error:
        raise FetchRefused(
            f"Could not fetch {shown(url)}: the host {host} was not found ({error}).",
            code="dns_failure",
            url=url,
        ) from None
    addresses = [parse_ip(answer) for answer in answers]
    if not addresses:
        raise FetchRefused(
            f"Could not fetch {shown(url)}: the host {host} has no address.",
            code="dns_failure",
            url=url,
        )
    if any(a is None for a in addresses):
        raise FetchRefused(
            f"Could not fetch {shown(url)}: the DNS answer for {host} is not an address.",
            code="dns_failure",
            url=url,
        )
    return [a for a in addresses if a is not None]


def _refuse_private(
    url: str, host: str, addresses: Iterable[IPAddress], allow: _Allowlist, *, literal: bool
) -> None:
    for address in addresses:
        problem = None if allow.covers(address) else address_problem(address)
        if problem is None:
            continue
        if host == str(address) or (literal and ":" in host):
            where = host
        elif literal:
            where = f"{host} means {address}, which"
        else:
            where = f"{host} resolves to {address}, which"
        raise FetchRefused(
            f"Not fetching {shown(url)}: {where} is {problem}; "
            "only public internet addresses are fetched.",
            code="private_address",
            url=url,
        )
