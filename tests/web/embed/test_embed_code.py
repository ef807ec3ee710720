"""The "copy embed code" box and the oEmbed discovery partial."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import Review, ReviewState
from tests.web.embed.conftest import Published
from tests.web.html import one, parse


def test_desk_shows_the_embed_code_of_a_published_verdict(
    client: FlaskClient, login: Callable[..., Any], published: Published
) -> None:
    login("editor")
    soup = parse(client.get(f"/statements/{published.statement_id}"))
    box = one(soup, "section.embed-code")
    script_code = BeautifulSoup(one(box, "#embed-code-review-script").get_text(), "html.parser")
    link = one(script_code, "a.onrecord-verdict")
    assert link["href"] == f"http://localhost/verdicts/{published.review_id}"
    assert one(script_code, "script")["src"] == "http://localhost/embed.js"
    iframe_code = BeautifulSoup(one(box, "#embed-code-review-iframe").get_text(), "html.parser")
    iframe = one(iframe_code, "iframe")
    assert iframe["src"] == f"http://localhost/embed/reviews/{published.review_id}"
    assert one(box, "textarea#embed-code-review-script").has_attr("readonly")
    # The copy buttons come with an external script, shown only when it runs.
    assert [b["data-copy-target"] for b in box.select("button.embed-copy")] == [
        "embed-code-review-script",
        "embed-code-review-iframe",
    ]
    assert one(box, "script")["src"] == "/static/embed/copy.js"
    assert one(box, "h3").get_text() == "Embed this verdict"


def test_desk_shows_no_embed_code_before_publication(
    client: FlaskClient, login: Callable[..., Any], published: Published, db: Database
) -> None:
    with db.write() as session:
        review = session.get(Review, published.review_id)
        assert review is not None
        review.state = ReviewState.APPROVED
        session.add(review)
    login("editor")
    soup = parse(client.get(f"/statements/{published.statement_id}"))
    assert soup.select("section.embed-code") == []


def test_discovery_link_points_at_our_oembed_answer(
    app: Flask, client: FlaskClient, published: Published
) -> None:
    with app.test_request_context("/"):
        html = render_template_string(
            '{% set embed = embed_for_review(rid, "Fact-check: tax") %}'
            '{% include "embed/_oembed_links.html" %}',
            rid=published.review_id,
        )
    link = one(BeautifulSoup(html, "html.parser"), "link")
    assert link["rel"] == ["alternate"]
    assert link["type"] == "application/json+oembed"
    assert link["title"] == "Fact-check: tax"
    answer = client.get(link["href"])
    assert answer.status_code == 200
    assert answer.get_json()["type"] == "rich"


def test_speaker_embed_code(app: Flask, published: Published) -> None:
    with app.test_request_context("/"):
        html = render_template_string(
            '{% set embed = embed_for_speaker(slug, "Anna Varga") %}'
            '{% include "embed/_embed_code.html" %}',
            slug=published.speaker_slug,
        )
    box = BeautifulSoup(html, "html.parser")
    code = BeautifulSoup(one(box, "#embed-code-speaker-script").get_text(), "html.parser")
    assert one(code, "a.onrecord-speaker")["href"] == "http://localhost/people/anna-varga"
    assert one(box, "h2").get_text() == "Embed this record"


def test_public_base_url_is_used_in_embed_codes(app: Flask, published: Published) -> None:
    settings = app.config["ONRECORD"]
    app.config["ONRECORD"] = replace(settings, public_base_url="https://factcheck.example")
    with app.test_request_context("/"):
        html = render_template_string(
            '{% set embed = embed_for_review(rid) %}{% include "embed/_embed_code.html" %}',
            rid=published.review_id,
        )
    box = BeautifulSoup(html, "html.parser")
    code = BeautifulSoup(one(box, "#embed-code-review-iframe").get_text(), "html.parser")
    assert one(code, "iframe")["src"] == (
        f"https://factcheck.example/embed/reviews/{published.review_id}"
    )
