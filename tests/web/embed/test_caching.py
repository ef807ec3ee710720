"""Widget caching: ETag, Last-Modified, 304s, and a new ETag after every public change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from onrecord.web.embed.caching import Cached, RenderedCache
from tests.web.embed.conftest import Published
from tests.web.html import parse

WIDGETS = [
    "/embed/reviews/{review_id}",
    "/embed/speakers/{slug}",
    "/oembed?url=http://localhost/verdicts/{review_id}",
]


def _url(template: str, published: Published) -> str:
    return template.format(review_id=published.review_id, slug=published.speaker_slug)


@pytest.mark.parametrize("template", WIDGETS)
def test_answers_are_publicly_cacheable_with_validators(
    client: FlaskClient, published: Published, template: str
) -> None:
    response = client.get(_url(template, published))
    assert response.status_code == 200
    expected = "public, max-age=0, s-maxage=300, stale-if-error=300"
    assert response.headers["Cache-Control"] == expected
    etag, weak = response.get_etag()
    assert etag
    assert not weak
    assert response.last_modified is not None
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.vary


@pytest.mark.parametrize("template", WIDGETS)
def test_matching_etag_is_answered_304_without_a_body(
    client: FlaskClient, published: Published, template: str
) -> None:
    url = _url(template, published)
    etag = client.get(url).headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=300")


def test_if_modified_since_is_answered_304(client: FlaskClient, published: Published) -> None:
    url = f"/embed/reviews/{published.review_id}"
    last_modified = client.get(url).headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    older = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200


def test_stale_etag_gets_the_full_answer(client: FlaskClient, published: Published) -> None:
    response = client.get(
        f"/embed/reviews/{published.review_id}", headers={"If-None-Match": '"not-this-one"'}
    )
    assert response.status_code == 200
    assert response.get_data()


@pytest.mark.parametrize("template", WIDGETS)
def test_correction_changes_etag_and_content(
    client: FlaskClient, published: Published, correct: Callable[..., None], template: str
) -> None:
    url = _url(template, published)
    before = client.get(url)
    correct(published, label="False", value=2, note="We misread the tax table.")
    revalidated = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert revalidated.status_code == 200
    assert revalidated.headers["ETag"] != before.headers["ETag"]
    assert revalidated.get_data() != before.get_data()


def test_retraction_changes_etag_and_content(
    client: FlaskClient, published: Published, retract: Callable[..., None]
) -> None:
    url = f"/embed/reviews/{published.review_id}"
    before = client.get(url)
    retract(published, note="Misattributed.")
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert b"Misattributed." in after.get_data()


def test_each_theme_has_its_own_etag(client: FlaskClient, published: Published) -> None:
    etags = {
        client.get(f"/embed/reviews/{published.review_id}?theme={theme}").headers["ETag"]
        for theme in ("light", "dark", "compact")
    }
    assert len(etags) == 3


def test_a_repeated_request_is_served_from_the_rendered_cache(
    client: FlaskClient, published: Published, widget_cache: RenderedCache
) -> None:
    url = f"/embed/reviews/{published.review_id}"
    first = client.get(url)
    cached = widget_cache.get(first.headers["ETag"].strip('"'))
    assert cached is not None
    assert cached.body == first.get_data()
    # Replace the cached body: a second request must use it instead of rendering.
    widget_cache.put(first.headers["ETag"].strip('"'), Cached(b"from the cache", "text/html"))
    assert client.get(url).get_data() == b"from the cache"


def test_cache_keeps_only_the_newest_entries() -> None:
    cache = RenderedCache(size=2)
    for key in ("a", "b", "c"):
        cache.put(key, Cached(key.encode(), "text/html"))
    assert cache.get("a") is None
    assert cache.get("c") is not None


def test_embed_js_is_cached_and_revalidated(client: FlaskClient) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    etag = response.headers["ETag"]
    response.close()
    again = client.get("/embed.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    again.close()


def test_versioned_widget_assets_are_immutable(client: FlaskClient, published: Published) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    css = soup.find("link", rel="stylesheet")["href"]
    response = client.get(css)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    response.close()
    unversioned = client.get("/static/embed/widget.css")
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")
    unversioned.close()
