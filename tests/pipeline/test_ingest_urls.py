"""URL canonicalisation: one article, one key, however it was linked."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.provisional import domains

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.urls import canonicalize_url, url_host

ARTICLE = "https://www.courier.example/politics/2024/03/04/no-tax-rises"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(ARTICLE, ARTICLE, id="already-canonical"),
        pytest.param(
            "HTTPS://WWW.Courier.Example/politics/2024/03/04/no-tax-rises",
            ARTICLE,
            id="scheme-and-host-lower-cased",
        ),
        pytest.param(
            "https://www.courier.example/Politics/No-Tax-Rises",
            "https://www.courier.example/Politics/No-Tax-Rises",
            id="path-case-kept",
        ),
        pytest.param(
            "https://www.courier.example:443/politics/2024/03/04/no-tax-rises",
            ARTICLE,
            id="default-https-port-dropped",
        ),
        pytest.param(
            "http://courier.example:80/news", "http://courier.example/news", id="default-http-port"
        ),
        pytest.param(
            "https://courier.example:8443/news",
            "https://courier.example:8443/news",
            id="other-port-kept",
        ),
        pytest.param(
            "https://courier.example:80/news",
            "https://courier.example:80/news",
            id="http-port-on-https-kept",
        ),
        pytest.param(ARTICLE + "#comments", ARTICLE, id="fragment-dropped"),
        pytest.param(
            ARTICLE + "?utm_source=twitter&utm_medium=social&utm_campaign=budget",
            ARTICLE,
            id="utm-removed",
        ),
        pytest.param(ARTICLE + "?UTM_Source=newsletter", ARTICLE, id="utm-any-case"),
        pytest.param(ARTICLE + "?fbclid=IwAR0abcDEF123", ARTICLE, id="fbclid"),
        pytest.param(ARTICLE + "?gclid=EAIaIQobChMI", ARTICLE, id="gclid"),
        pytest.param(
            "https://courier.example/search?q=budget&page=2&utm_source=x&fbclid=y",
            "https://courier.example/search?page=2&q=budget",
            id="tracking-removed-others-sorted",
        ),
        pytest.param(
            "https://courier.example/story?id=42&b=2&a=1",
            "https://courier.example/story?a=1&b=2&id=42",
            id="query-sorted",
        ),
        pytest.param(
            "https://courier.example/story?tag=tax&tag=budget",
            "https://courier.example/story?tag=budget&tag=tax",
            id="repeated-key-sorted-by-value",
        ),
        pytest.param(
            "https://courier.example/story?preview",
            "https://courier.example/story?preview=",
            id="blank-value-kept",
        ),
        pytest.param("https://courier.example", "https://courier.example/", id="empty-path"),
        pytest.param("https://courier.example?", "https://courier.example/", id="empty-query"),
        pytest.param(
            "https://courier.example/?utm_source=rss#top",
            "https://courier.example/",
            id="only-tracking",
        ),
        pytest.param(
            "https://courier.example./news", "https://courier.example/news", id="trailing-dot-host"
        ),
        pytest.param(
            "  https://courier.example/news \n", "https://courier.example/news", id="white-space"
        ),
        pytest.param("http://[2001:DB8::1]/news", "http://[2001:db8::1]/news", id="ipv6-bracketed"),
        pytest.param(
            "http://[2001:db8::1]:8080/news?b=1&a=2",
            "http://[2001:db8::1]:8080/news?a=2&b=1",
            id="ipv6-with-port",
        ),
        pytest.param(
            "https://[2001:db8::1]:443/", "https://[2001:db8::1]/", id="ipv6-default-port"
        ),
        pytest.param("http://192.0.2.10:8000/a", "http://192.0.2.10:8000/a", id="ipv4-with-port"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://files.courier.example/article.txt", "not an http or https URL"),
        ("javascript:alert(1)", "not an http or https URL"),
        ("mailto:desk@courier.example", "not an http or https URL"),
        ("file:///etc/passwd", "not an http or https URL"),
        ("courier.example/news", "not an http or https URL"),
        ("/politics/2024/no-tax-rises", "not an http or https URL"),
        ("", "not an http or https URL"),
        ("https://", "not an http or https URL"),
        ("https://editor@courier.example/news", "user name or password"),
        ("https://editor:s3cret@courier.example/news", "user name or password"),
        ("https://:s3cret@courier.example/news", "user name or password"),
        ("https://courier.example:99999/news", "bad port"),
        ("https://courier.example:http/news", "bad port"),
    ],
)
def test_canonicalize_url_refuses(url: str, message: str) -> None:
    with pytest.raises(OperationError, match=message):
        canonicalize_url(url)


def test_canonicalize_url_refuses_malformed_ipv6_with_operation_error() -> None:
    with pytest.raises(OperationError):
        canonicalize_url("http://[2001:db8::1/news")


def test_canonicalize_url_refuses_host_of_only_dots() -> None:
    with pytest.raises(OperationError):
        canonicalize_url("http://./news")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.courier.example/news", "courier.example"),
        ("https://WWW.Courier.Example/news", "courier.example"),
        ("https://news.courier.example/a", "news.courier.example"),
        ("https://wwwcourier.example/a", "wwwcourier.example"),
        ("/relative/path", None),
        ("", None),
    ],
)
def test_url_host(url: str, host: str | None) -> None:
    assert url_host(url) == host


path_segments = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~%", min_size=1, max_size=12),
    max_size=5,
)
query_keys = st.one_of(
    st.sampled_from(["id", "page", "q", "utm_source", "utm_campaign", "fbclid", "gclid", "ref"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8),
)
query_values = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=10
)


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(domains())
    if draw(st.booleans()):
        host = host.upper()
    port = draw(st.one_of(st.none(), st.sampled_from([80, 443, 8080]), st.integers(1, 65535)))
    path = "/".join(draw(path_segments))
    pairs = draw(st.lists(st.tuples(query_keys, query_values), max_size=5))
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)
    fragment = draw(st.one_of(st.just(""), st.text(alphabet="abcxyz-", max_size=6)))
    url = f"{scheme}://{host}{'' if port is None else f':{port}'}/{path}"
    if query:
        url += f"?{query}"
    if fragment:
        url += f"#{fragment}"
    return url


@given(http_urls())
def test_canonicalize_url_is_idempotent(url: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


@given(http_urls())
def test_canonical_url_has_no_tracking_fragment_or_default_port(url: str) -> None:
    canonical = canonicalize_url(url)
    assert "#" not in canonical
    assert "utm_" not in canonical.lower()
    assert "fbclid=" not in canonical
    assert "gclid=" not in canonical
    assert canonical.startswith(("http://", "https://"))
    host_part = canonical.split("://", 1)[1].split("/", 1)[0]
    assert host_part == host_part.lower()
    assert not canonical.startswith("http://") or not host_part.endswith(":80")
    assert not canonical.startswith("https://") or not host_part.endswith(":443")


@given(http_urls(), st.sampled_from(["utm_source=x", "fbclid=abc", "gclid=1", "utm_medium=rss"]))
def test_adding_a_tracking_parameter_does_not_change_the_canonical_url(
    url: str, tracking: str
) -> None:
    assume("#" not in url)
    joined = url + ("&" if "?" in url else "?") + tracking
    assert canonicalize_url(joined) == canonicalize_url(url)
