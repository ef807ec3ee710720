"""The verdict and speaker widgets: what they show, themes, errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import Review, ReviewState, Speaker, utcnow
from tests import factories
from tests.web.embed.conftest import Published, publish_verdict
from tests.web.html import one, parse, text


def test_verdict_widget_shows_the_claim_speaker_date_and_rating(
    client: FlaskClient, published: Published
) -> None:
    response = client.get(f"/embed/reviews/{published.review_id}")
    assert response.status_code == 200
    soup = parse(response)
    assert text(one(soup, "h1.claim")) == "Anna Varga says taxes on working families will not rise."
    who = one(soup, ".who")
    assert text(who).startswith("Anna Varga")
    assert one(who, "time")["datetime"] == "2024-05-01"
    assert text(one(soup, "blockquote.quote")) == "“We will not raise taxes on working families”"
    assert text(one(soup, ".rating-text")) == "Mostly False 3 of 6 on the Truth scale"
    assert text(one(soup, ".excerpt")).startswith("The budget raises the income tax")


def test_scale_graphic_marks_the_level_by_shape_as_well_as_colour(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    svg = one(soup, "svg.scale")
    assert svg["aria-hidden"] == "true"  # the text next to it says the same
    bars = svg.find_all("rect")
    assert len(bars) == 6  # the Truth scale, worst first
    current = [i for i, bar in enumerate(bars) if "scale-on" in bar.get("class", [])]
    assert current == [2]  # Mostly False is the 3rd step from the worst
    assert bars[2]["height"] == "24"
    assert {bar["height"] for i, bar in enumerate(bars) if i != 2} == {"10"}
    assert bars[2]["fill"] == "#c2621a"


def test_link_back_opens_the_full_verdict_in_a_new_tab(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    link = one(soup, ".more a")
    assert link["href"] == f"http://localhost/verdicts/{published.review_id}"
    assert link["target"] == "_blank"
    assert "noopener" in link["rel"]


def test_widget_has_no_navigation_no_inline_code_and_no_claimreview(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    assert soup.select("nav, header.site-header, form") == []
    assert soup.select('script[type="application/ld+json"]') == []
    for script in soup.find_all("script"):
        assert script.get("src", "").startswith("/static/embed/resize.js?v=")
        assert script.get_text() == ""
    assert soup.select("[style]") == []
    assert [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)] == []


def test_correction_shows_the_new_rating_and_the_note(
    client: FlaskClient, published: Published, correct: Callable[..., None]
) -> None:
    correct(published, label="False", value=2, note="We misread the tax table.")
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    assert one(soup, ".label").get_text() == "False"
    assert text(one(soup, ".notice-corrected")) == "Corrected. We misread the tax table."


def test_retraction_replaces_the_rating_with_the_notice(
    client: FlaskClient, published: Published, retract: Callable[..., None]
) -> None:
    retract(published, note="The quote was misattributed.")
    soup = parse(client.get(f"/embed/reviews/{published.review_id}"))
    assert text(one(soup, ".notice-retracted")) == "Retracted. The quote was misattributed."
    assert soup.select(".rating, svg.scale") == []
    assert "Retracted fact-check" in one(soup, "title").get_text()


@pytest.mark.parametrize(("theme", "scheme"), [("light", "light"), ("dark", "dark")])
def test_theme_sets_the_class_and_colour_scheme(
    client: FlaskClient, published: Published, theme: str, scheme: str
) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}?theme={theme}"))
    assert soup.html["class"] == [f"theme-{theme}"]
    assert one(soup, 'meta[name="color-scheme"]')["content"] == scheme


def test_compact_theme_leaves_out_the_quote_and_excerpt(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get(f"/embed/reviews/{published.review_id}?theme=compact"))
    assert soup.select("blockquote.quote, .excerpt") == []
    assert one(soup, ".label").get_text() == "Mostly False"


def test_unknown_theme_is_a_clear_400_inside_the_frame(
    client: FlaskClient, published: Published
) -> None:
    response = client.get(f"/embed/reviews/{published.review_id}?theme=neon")
    assert response.status_code == 400
    soup = parse(response)
    assert text(one(soup, ".excerpt")) == (
        "There is no widget theme called 'neon'. Use one of: light, dark, compact."
    )
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("state", ["draft", "in_review", "approved", "dismissed"])
def test_unpublished_verdicts_are_404(
    client: FlaskClient, db: Database, published: Published, state: str
) -> None:
    with db.write() as session:
        review = session.get(Review, published.review_id)
        assert review is not None
        review.state = ReviewState(state)
        session.add(review)
    response = client.get(f"/embed/reviews/{published.review_id}")
    assert response.status_code == 404
    soup = parse(response)
    assert text(one(soup, ".excerpt")) == "This verdict is not published, or it does not exist."
    assert soup.select("nav") == []


def test_missing_verdict_is_404(client: FlaskClient) -> None:
    assert client.get("/embed/reviews/999").status_code == 404


def test_speaker_widget_lists_latest_verdicts_newest_first(
    client: FlaskClient, db: Database, published: Published
) -> None:
    with db.write() as session:
        speaker = session.exec(select(Speaker).where(Speaker.slug == published.speaker_slug)).one()
        later = factories.make_statement(
            session, speaker=speaker, text="“Inflation is under control,”"
        )
        review = factories.make_review(
            session,
            statement=later,
            state=ReviewState.PUBLISHED,
            label="False",
            rating_value=2,
            summary="Anna Varga says inflation is under control.",
        )
        review.published_at = utcnow()
        session.add(review)
    soup = parse(client.get(f"/embed/speakers/{published.speaker_slug}"))
    assert text(one(soup, "h1")) == "Anna Varga"
    items = [text(a) for a in soup.select(".items .item > a")]
    assert items == [
        "Anna Varga says inflation is under control.",
        "Anna Varga says taxes on working families will not rise.",
    ]
    assert text(one(soup, ".more a")).startswith("All 2 fact-checks of Anna Varga")
    assert one(soup, ".more a")["href"] == f"http://localhost/people/{published.speaker_slug}"


def test_speaker_widget_without_verdicts_says_so(client: FlaskClient, db: Database) -> None:
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Jonas Weller")
        slug = speaker.slug
    soup = parse(client.get(f"/embed/speakers/{slug}"))
    assert text(one(soup, ".excerpt")) == "No published fact-checks yet."


def test_unknown_speaker_is_404(client: FlaskClient) -> None:
    assert client.get("/embed/speakers/nobody-here").status_code == 404


def test_other_speakers_verdicts_are_not_shown(client: FlaskClient, db: Database) -> None:
    first = publish_verdict(db)
    publish_verdict(db, speaker_name="Jonas Weller", summary="Jonas Weller says petrol is dear.")
    soup = parse(client.get(f"/embed/speakers/{first.speaker_slug}"))
    assert [text(a) for a in soup.select(".items .item > a")] == [
        "Anna Varga says taxes on working families will not rise."
    ]
