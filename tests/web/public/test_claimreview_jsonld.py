"""ClaimReview JSON-LD on verdict pages, read with a real structured-data parser (extruct)
and checked field by field against the database and against what the page shows."""

from __future__ import annotations

import json
from typing import Any

import extruct
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import Outlet, Review, Source, Speaker, Statement
from onrecord.pipeline.review.scales import FLIP, get_scale
from tests.pipeline.publish import builders
from tests.web.html import one, parse, text
from tests.web.public.conftest import Published


def _json_ld(client: FlaskClient, url: str) -> tuple[list[dict[str, Any]], Any]:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = extruct.extract(html, base_url=f"http://localhost{url}", syntaxes=["json-ld"])
    return data["json-ld"], parse(response)


def _rows(db: Database, review_id: int) -> tuple[Review, Statement, Speaker, Source, Outlet | None]:
    with db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        statement = session.get(Statement, review.statement_id)
        assert statement is not None
        speaker = session.get(Speaker, statement.speaker_id)
        assert speaker is not None
        source = session.get(Source, statement.source_id)
        assert source is not None
        outlet = session.get(Outlet, source.outlet_id) if source.outlet_id else None
        for row in (review, statement, speaker, source, outlet):
            if row is not None:
                session.expunge(row)
        return review, statement, speaker, source, outlet


def test_verdict_page_has_one_claim_review_matching_the_database(
    client: FlaskClient, db: Database, published: Published
) -> None:
    items, soup = _json_ld(client, f"/verdicts/{published.plain}")
    assert len(soup.find_all("script", type="application/ld+json")) == 1
    assert len(items) == 1
    item = items[0]
    review, statement, speaker, source, outlet = _rows(db, published.plain)
    scale = get_scale(review.scale)
    assert item["@context"] == "https://schema.org"
    assert item["@type"] == "ClaimReview"
    assert item["url"] == f"http://localhost/verdicts/{review.id}"
    assert item["claimReviewed"] == review.summary
    assert item["reviewRating"] == {
        "@type": "Rating",
        "alternateName": review.label,
        "ratingValue": review.rating_value,
        "bestRating": scale.best,
        "worstRating": scale.worst,
    }
    assert item["author"] == {
        "@type": "Organization",
        "name": "onrecord",
        "url": "http://localhost/",
    }
    assert review.published_at is not None
    assert item["datePublished"] == review.published_at.date().isoformat()
    claim = item["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {
        "@type": "Person",
        "name": speaker.name,
        "sameAs": f"https://www.wikidata.org/wiki/{speaker.wikidata_id}",
    }
    assert statement.said_on is not None
    assert claim["datePublished"] == statement.said_on.isoformat()
    assert outlet is not None
    appearance = {
        "@type": "CreativeWork",
        "url": source.canonical_url,
        "headline": source.title,
        "datePublished": "2024-05-01",
        "publisher": {"@type": "Organization", "name": outlet.name},
    }
    assert claim["appearance"] == [appearance]
    assert claim["firstAppearance"] == appearance


def test_structured_data_matches_what_the_page_shows(
    client: FlaskClient, published: Published
) -> None:
    for review_id in (published.plain, published.corrected, published.flip):
        items, soup = _json_ld(client, f"/verdicts/{review_id}")
        item = items[0]
        assert text(one(soup, "h1")) == item["claimReviewed"]
        rating = one(soup, ".rating-line")
        assert text(one(rating, ".rating-label")) == item["reviewRating"]["alternateName"]
        assert int(rating["data-rating-value"]) == item["reviewRating"]["ratingValue"]
        assert int(rating["data-best-rating"]) == item["reviewRating"]["bestRating"]
        assert int(rating["data-worst-rating"]) == item["reviewRating"]["worstRating"]
        assert text(one(soup, ".speaker-name")) == item["itemReviewed"]["author"]["name"]
        assert one(soup, ".said-on")["datetime"] == item["itemReviewed"]["datePublished"]
        assert one(soup, "time.published")["datetime"][:10] == item["datePublished"]
        assert one(soup, 'link[rel="canonical"]')["href"] == item["url"]
        if "appearance" in item["itemReviewed"]:
            assert one(soup, ".source-link")["href"] == item["itemReviewed"]["appearance"][0]["url"]


def test_corrected_verdict_exports_the_corrected_rating(
    client: FlaskClient, published: Published
) -> None:
    items, _ = _json_ld(client, f"/verdicts/{published.corrected}")
    assert items[0]["reviewRating"]["alternateName"] == "Mostly False"
    assert items[0]["reviewRating"]["ratingValue"] == 3
    assert "dateModified" in items[0]


def test_flip_verdict_is_a_claim_about_consistency_with_no_flip_best(
    client: FlaskClient, published: Published
) -> None:
    items, _ = _json_ld(client, f"/verdicts/{published.flip}")
    item = items[0]
    assert item["claimReviewed"] == (
        "Anna Varga has held the same position: The pension age stays at 65"
    )
    assert item["reviewRating"]["alternateName"] == "Full Flop"
    assert item["reviewRating"]["ratingValue"] == 1
    assert item["reviewRating"]["bestRating"] == FLIP.level("No Flip").value == FLIP.best
    assert item["reviewRating"]["worstRating"] == FLIP.level("Full Flop").value


def test_retracted_verdict_page_has_no_claim_review(
    client: FlaskClient, published: Published
) -> None:
    items, soup = _json_ld(client, f"/verdicts/{published.retracted}")
    assert items == []
    assert soup.find_all("script", type="application/ld+json") == []


def test_claim_review_uses_the_configured_public_address_and_organisation(
    app: Flask, client: FlaskClient, published: Published
) -> None:
    settings = app.config["ONRECORD"]
    app.config["ONRECORD"] = type(settings)(
        **{
            **{name: getattr(settings, name) for name in settings.__dataclass_fields__},
            "public_base_url": "https://factcheck.example/",
            "organisation_name": "Example Fact Desk",
            "organisation_url": "https://desk.example/about",
        }
    )
    items, soup = _json_ld(client, f"/verdicts/{published.plain}")
    assert items[0]["url"] == f"https://factcheck.example/verdicts/{published.plain}"
    assert items[0]["author"] == {
        "@type": "Organization",
        "name": "Example Fact Desk",
        "url": "https://desk.example/about",
    }
    assert one(soup, 'link[rel="canonical"]')["href"] == items[0]["url"]


def test_claim_review_feed_has_one_line_per_standing_verdict(
    client: FlaskClient, db: Database, published: Published
) -> None:
    response = client.get("/verdicts/claimreview.jsonl")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    urls = [line["url"] for line in lines]
    expected = [published.plain, published.corrected, published.flip]
    assert urls == [f"http://localhost/verdicts/{rid}" for rid in expected]
    for line in lines:
        page_items, _ = _json_ld(client, line["url"].removeprefix("http://localhost"))
        assert page_items == [line]
    with db.session() as session:
        public = session.exec(select(Review).where(Review.state != "retracted")).all()
    assert len(public) == len(lines)


def test_a_claim_cannot_break_out_of_the_json_ld_block(client: FlaskClient, db: Database) -> None:
    hostile = '</script><script>alert("x")</script> & <b>'
    with db.write() as session:
        desk = builders.make_desk(session)
        review = builders.publish(session, desk, text=builders.changes(summary=hostile))
    items, soup = _json_ld(client, f"/verdicts/{review.id}")
    assert len(soup.find_all("script")) == len(soup.find_all("script", src=True)) + 1
    assert items[0]["claimReviewed"] == hostile
    assert text(one(soup, "h1")) == hostile
