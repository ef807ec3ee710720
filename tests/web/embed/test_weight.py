"""A verdict widget with everything it loads stays under 15 KB (issue 7)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from onrecord.db import Database
from tests.web.embed.conftest import publish_verdict
from tests.web.html import parse

LIMIT = 15 * 1024
LONG_QUOTE = "“" + "We will build the bridge, the tunnel and the railway line by 2030, " * 8 + "”"


def same_origin_assets(client: FlaskClient, url: str) -> dict[str, int]:
    """Bytes of the widget page and of every same-origin file it references."""
    response = client.get(url)
    sizes = {url: len(response.get_data())}
    soup = parse(response)
    refs = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe"])]
    refs += [tag.get("href") for tag in soup.find_all("link") if "stylesheet" in tag.get("rel", [])]
    for ref in filter(None, refs):
        parts = urlsplit(ref)
        assert not parts.netloc or parts.netloc == "localhost", f"third-party resource {ref}"
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        sizes[ref] = len(asset.get_data())
        asset.close()
    return sizes


@pytest.mark.parametrize("theme", ["light", "dark", "compact"])
def test_verdict_widget_weighs_under_15_kb(client: FlaskClient, db: Database, theme: str) -> None:
    item = publish_verdict(db, quote=LONG_QUOTE)
    sizes = same_origin_assets(client, f"/embed/reviews/{item.review_id}?theme={theme}")
    assert len(sizes) == 3  # the page, its stylesheet and its script
    assert sum(sizes.values()) < LIMIT, sizes


def test_speaker_widget_weighs_under_15_kb(client: FlaskClient, db: Database) -> None:
    item = publish_verdict(db)
    sizes = same_origin_assets(client, f"/embed/speakers/{item.speaker_slug}")
    assert sum(sizes.values()) < LIMIT, sizes


def test_embed_js_is_a_few_kb(client: FlaskClient) -> None:
    response = client.get("/embed.js")
    assert len(response.get_data()) < 5 * 1024
    response.close()
