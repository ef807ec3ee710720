"""The oEmbed provider: parameters, answers and errors (https://oembed.com)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import Review, ReviewState
from onrecord.web.embed.links import EmbedInfo
from onrecord.web.embed.oembed import OEmbedError, fit, parse_request, parse_target
from tests.web.embed.conftest import Published

ROOT = "http://localhost/"


def test_answer_is_a_rich_oembed_with_the_widget_iframe(
    client: FlaskClient, published: Published
) -> None:
    page = f"http://localhost/verdicts/{published.review_id}"
    response = client.get("/oembed", query_string={"url": page, "format": "json"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["type"] == "rich"
    assert data["version"] == "1.0"
    assert data["provider_name"] == "onrecord"
    assert data["provider_url"] == ROOT
    assert data["cache_age"] == 300
    assert data["author_name"] == "Anna Varga"
    assert data["title"].startswith("Fact-check: Anna Varga:")
    assert (data["width"], data["height"]) == (560, 320)
    iframe = BeautifulSoup(data["html"], "html.parser").find("iframe")
    assert iframe["src"] == f"http://localhost/embed/reviews/{published.review_id}"
    assert (iframe["width"], iframe["height"]) == ("560", "320")
    assert iframe["title"] == data["title"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_speaker_page_gets_the_speaker_widget(client: FlaskClient, published: Published) -> None:
    page = f"http://localhost/people/{published.speaker_slug}"
    data = client.get("/oembed", query_string={"url": page}).get_json()
    iframe = BeautifulSoup(data["html"], "html.parser").find("iframe")
    assert iframe["src"] == f"http://localhost/embed/speakers/{published.speaker_slug}"
    assert data["title"] == "Fact-checks of Anna Varga"


def test_maxwidth_and_maxheight_are_respected(client: FlaskClient, published: Published) -> None:
    page = f"http://localhost/verdicts/{published.review_id}"
    data = client.get(
        "/oembed", query_string={"url": page, "maxwidth": "300", "maxheight": "200"}
    ).get_json()
    assert (data["width"], data["height"]) == (300, 200)
    iframe = BeautifulSoup(data["html"], "html.parser").find("iframe")
    assert (iframe["width"], iframe["height"]) == ("300", "200")
    bigger = client.get("/oembed", query_string={"url": page, "maxwidth": "2000"}).get_json()
    assert bigger["width"] == 560


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"url": "http://localhost/verdicts/1", "format": "xml"}, 501, "use format=json"),
        ({"url": "http://localhost/verdicts/1", "format": "yaml"}, 400, "Unknown format 'yaml'"),
        ({}, 400, "The url parameter is required"),
        ({"url": "http://localhost/verdicts/1", "maxwidth": "wide"}, 400, "maxwidth must be"),
        ({"url": "http://localhost/verdicts/1", "maxheight": "0"}, 400, "maxheight must be"),
        ({"url": "http://localhost/verdicts/999"}, 404, "not published"),
        ({"url": "http://localhost/people/nobody"}, 404, "no speaker"),
        ({"url": "http://elsewhere.example/verdicts/1"}, 404, "not a published verdict"),
        ({"url": "http://localhost/desk"}, 404, "not a published verdict"),
        ({"url": "javascript:alert(1)"}, 404, "not a published verdict"),
    ],
)
def test_bad_requests_get_the_status_the_spec_asks_for_and_a_message(
    client: FlaskClient, published: Published, query: dict[str, str], status: int, message: str
) -> None:
    response = client.get("/oembed", query_string=query)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status
    assert message in error["message"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_unpublished_verdict_is_404(
    client: FlaskClient, published: Published, db: Database
) -> None:
    with db.write() as session:
        review = session.get(Review, published.review_id)
        assert review is not None
        review.state = ReviewState.DRAFT
        session.add(review)
    page = f"http://localhost/verdicts/{published.review_id}"
    assert client.get("/oembed", query_string={"url": page}).status_code == 404


@pytest.mark.parametrize(
    ("url", "root", "expected"),
    [
        ("http://news.example/verdicts/12", "http://news.example/", ("review", "12")),
        ("https://news.example/verdicts/12/", "http://news.example/", ("review", "12")),
        (
            "https://NEWS.example/people/anna-varga",
            "https://news.example/",
            ("speaker", "anna-varga"),
        ),
        ("https://news.example/fc/verdicts/7", "https://news.example/fc/", ("review", "7")),
    ],
)
def test_public_page_urls_are_recognised(url: str, root: str, expected: tuple[str, str]) -> None:
    assert parse_target(url, root) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/verdicts/0",
        "https://news.example/verdicts/12/edit",
        "https://news.example/verdicts/12.json",
        "https://news.example/embed/reviews/12",
        "https://news.example/verdicts/7",  # outside the script root /fc/
        "ftp://news.example/fc/verdicts/7",
        "https://news.example.evil/fc/verdicts/7",
    ],
)
def test_other_urls_are_not_ours(url: str) -> None:
    with pytest.raises(OEmbedError) as info:
        parse_target(url, "https://news.example/fc/")
    assert info.value.status == 404


def test_parse_request_defaults_to_json_and_no_limits() -> None:
    query = parse_request({"url": "http://localhost/verdicts/3"}, ROOT)
    assert (query.kind, query.key, query.maxwidth, query.maxheight) == ("review", "3", None, None)


def test_fit_never_grows_the_frame() -> None:
    info = EmbedInfo("review", "p", "w", "o", "s", "t", 560, 320)
    assert (fit(info, 800, 900).width, fit(info, 800, 900).height) == (560, 320)
    assert (fit(info, 250, None).width, fit(info, 250, None).height) == (250, 320)
