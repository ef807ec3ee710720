"""Public verdict pages and their JSON twins: published, corrected, retracted; 404 otherwise."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import ReviewState
from onrecord.pipeline.review.states import ReviewAction
from tests import factories
from tests.pipeline.publish import builders
from tests.web.html import one, parse, text
from tests.web.public.conftest import Published

INTERNAL_KEYS = {"notes", "author_id", "assignee_id", "second_reader_id", "changed_by_id"}


def _keys(data: object) -> set[str]:
    """Every key anywhere in a JSON document."""
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _keys(value)}
    if isinstance(data, list):
        return {key for value in data for key in _keys(value)}
    return set()


def test_published_verdict_page_shows_claim_quote_rating_source_and_evidence(
    client: FlaskClient, published: Published
) -> None:
    response = client.get(f"/verdicts/{published.plain}")
    assert response.status_code == 200
    soup = parse(response)
    assert text(one(soup, "h1")) == "The deficit fell below three percent"
    assert text(one(soup, ".public-quote blockquote")) == (
        "\u201cThe deficit fell below three percent last year,\u201d"
    )
    assert text(one(soup, ".public-rating .rating-label")) == "Mostly False"
    assert one(soup, ".rating-line")["data-rating-value"] == "3"
    assert text(one(soup, ".verdict-byline .speaker-name")) == "Anna Varga"
    assert one(soup, ".verdict-byline .speaker-name")["href"] == "/people/anna-varga"
    assert one(soup, ".said-on")["datetime"] == "2024-03-04"
    assert one(soup, ".source-link")["href"] == "https://news.example/budget"
    assert "The Daily Example" in text(one(soup, ".verdict-byline"))
    assert text(one(soup, ".verdict-explanation strong")) == "budget annex"
    evidence = [(a["href"], text(a)) for a in soup.select(".evidence-list a")]
    assert evidence == [("https://finance.example/annex", "Budget annex")]
    assert soup.select(".corrections-log") == []
    assert soup.select(".retraction-banner") == []
    # The internal note of the desk never reaches the page.
    assert "ask the ministry" not in response.get_data(as_text=True)


def test_corrected_verdict_shows_the_new_text_and_the_correction_log(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/verdicts/{published.corrected}"))
    assert text(one(soup, ".public-rating .rating-label")) == "Mostly False"
    assert text(one(soup, ".verdict-explanation")) == "The rise was 8 percent."
    entries = soup.select(".corrections-log li")
    assert len(entries) == 1
    assert "Corrected." in text(entries[0])
    assert "the 2023 rise was 8 percent" in text(entries[0])
    assert entries[0].find("time")["datetime"]
    assert text(one(soup, ".public-meta .public-state")) == "Corrected"


def test_retracted_verdict_says_so_and_keeps_its_note(
    client: FlaskClient, published: Published
) -> None:
    response = client.get(f"/verdicts/{published.retracted}")
    assert response.status_code == 200
    soup = parse(response)
    banner = one(soup, ".retraction-banner")
    assert text(one(banner, ".retraction-title")) == "This fact-check was retracted"
    # The headline stays the page's first heading.
    assert soup.find(["h1", "h2"]).name == "h1"
    assert "The quote belonged to another speaker." in text(banner)
    assert text(one(soup, "#rating-title")) == "Withdrawn rating"
    assert "Retracted." in text(one(soup, ".corrections-log li"))


@pytest.mark.parametrize(
    "last",
    [ReviewAction.SUBMIT, ReviewAction.REQUEST_SECOND_READ, ReviewAction.SECOND_READ],
)
def test_unpublished_verdicts_are_404_in_html_and_json(
    client: FlaskClient, db: Database, last: ReviewAction
) -> None:
    with db.write() as session:
        desk = builders.make_desk(session)
        review = builders.review_up_to(session, desk, factories.make_statement(session), last=last)
        review_id = review.id
    assert client.get(f"/verdicts/{review_id}").status_code == 404
    response = client.get(f"/verdicts/{review_id}.json")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.DISMISSED])
def test_drafts_and_dismissed_verdicts_are_404(
    client: FlaskClient, db: Database, state: ReviewState
) -> None:
    with db.write() as session:
        review = factories.make_review(
            session, statement=factories.make_statement(session), state=state
        )
    assert client.get(f"/verdicts/{review.id}").status_code == 404
    assert client.get(f"/verdicts/{review.id}.json").status_code == 404
    assert client.get("/verdicts/999999").status_code == 404


def test_json_twin_has_the_same_verdict_and_no_internal_fields(
    client: FlaskClient, published: Published
) -> None:
    data = client.get(f"/verdicts/{published.corrected}.json").get_json()
    soup = parse(client.get(f"/verdicts/{published.corrected}"))
    verdict = data["verdict"]
    assert verdict["id"] == published.corrected
    assert verdict["state"] == "corrected"
    assert verdict["claim"] == text(one(soup, "h1"))
    assert verdict["rating"]["label"] == text(one(soup, ".public-rating .rating-label"))
    assert [c["note"] for c in verdict["corrections"]] == [
        "We first gave the 2022 figure; the 2023 rise was 8 percent."
    ]
    assert data["url"] == f"http://localhost/verdicts/{published.corrected}"
    assert data["claim_review"]["url"] == data["url"]
    assert not INTERNAL_KEYS & _keys(data)


def test_retracted_json_twin_says_retracted_and_has_no_claim_review(
    client: FlaskClient, published: Published
) -> None:
    data = client.get(f"/verdicts/{published.retracted}.json").get_json()
    assert data["verdict"]["state"] == "retracted"
    assert data["verdict"]["correction_note"] == "The quote belonged to another speaker."
    assert data["claim_review"] is None


def test_verdict_page_links_its_twin_and_canonical_address(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/verdicts/{published.plain}"))
    assert one(soup, 'link[rel="canonical"]')["href"] == (
        f"http://localhost/verdicts/{published.plain}"
    )
    assert one(soup, 'link[type="application/json"]')["href"] == (
        f"/verdicts/{published.plain}.json"
    )


def test_public_pages_need_no_login_and_show_no_desk_navigation(
    client: FlaskClient, published: Published
) -> None:
    for url in ("/verdicts", f"/verdicts/{published.plain}", "/people/anna-varga"):
        response = client.get(url)
        assert response.status_code == 200, url
        soup = parse(response)
        assert soup.select('nav[aria-label="Main"]') == []
        assert one(soup, 'nav[aria-label="Public site"] a')["href"] == "/verdicts"
        assert one(soup, "main h1")


def test_login_page_and_footer_link_to_the_public_site(client: FlaskClient) -> None:
    soup = parse(client.get("/login"))
    assert one(soup, ".login-public a")["href"] == "/verdicts"
    assert [a["href"] for a in soup.select("footer a")] == ["/verdicts"]


def test_flip_verdict_shows_what_the_speaker_said_before(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/verdicts/{published.flip}"))
    context = one(soup, ".flip-context")
    assert text(one(context, "h2")) == "What Anna Varga said before, on 10 January 2023"
    assert text(one(context, "blockquote")) == "\u201cWe will never raise the pension age,\u201d"
    data = client.get(f"/verdicts/{published.flip}.json").get_json()
    assert [r["earlier"]["said_on"] for r in data["verdict"]["reversals"]] == ["2023-01-10"]
    assert parse(client.get(f"/verdicts/{published.plain}")).select(".flip-context") == []
