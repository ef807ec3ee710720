"""URL canonicalisation, so that one article has one key however it was linked."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from onrecord.pipeline.errors import OperationError

#: Query parameters that only track where a click came from.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ncid",
        "ocid",
        "smid",
        "smtyp",
        "utm",
        "at_medium",
        "at_campaign",
        "spm",
        "share",
        "s_cid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(("utm_", "pk_", "mtm_", "hsa_"))


def canonicalize_url(url: str) -> str:
    """The canonical form of an article URL.

    Lower-case scheme and host, default port and fragment dropped, tracking
    parameters removed, remaining query parameters sorted, empty path as ``/``.
    Raises :class:`OperationError` for anything that is not an http(s) URL.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        hostname = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 literal "http://[::1/"
        raise OperationError(f"malformed URL: {raw[:200]!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not hostname:
        raise OperationError(f"not an http or https URL: {raw[:200]!r}")
    if parts.username or parts.password:
        raise OperationError("URLs with a user name or password are not accepted")
    host = hostname.lower().rstrip(".")
    if not host or host.startswith("."):
        raise OperationError(f"URL has no valid host name: {raw[:200]!r}")
    try:
        port = parts.port
    except ValueError:
        raise OperationError(f"bad port in URL: {raw[:200]!r}") from None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def url_host(url: str) -> str | None:
    """The host of ``url`` without a leading ``www.``, or None."""
    host = urlsplit(url).hostname
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host
