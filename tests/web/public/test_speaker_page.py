"""Public speaker pages: published verdicts, confirmed reversals, a timeline, a JSON twin."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import LinkRelation, LinkStatus, StatementLink
from tests import factories
from tests.web.html import one, parse, text
from tests.web.public.conftest import Published


def test_speaker_page_shows_verdicts_reversals_and_timeline(
    client: FlaskClient, published: Published
) -> None:
    response = client.get("/people/anna-varga")
    assert response.status_code == 200
    soup = parse(response)
    assert text(one(soup, "h1")) == "Anna Varga"
    assert text(one(soup, ".lede")) == "Finance minister"
    claims = [text(h) for h in soup.select("#verdicts-title ~ ol .public-verdict-claim")]
    assert claims == [
        "The pension age stays at 65",
        "Unemployment doubled",
        "Pensions rose by ten percent",
        "The deficit fell below three percent",
    ]
    reversal = one(soup, ".public-reversal")
    quotes = [text(q) for q in reversal.select("blockquote")]
    assert quotes == [
        "\u201cWe will never raise the pension age,\u201d",
        "\u201cThe pension age must rise to 67,\u201d",
    ]
    assert text(one(reversal, ".rating-label")) == "Full Flop"
    assert text(one(reversal, ".reversal-note")) == "She promised the opposite a year before."
    dates = [t["datetime"] for t in soup.select(".timeline-date time")]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 5  # four verdicts and one reversal


def test_suggested_and_dismissed_reversals_stay_off_the_public_page(
    client: FlaskClient, db: Database
) -> None:
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Ben Ortiz")
        a = factories.make_statement(session, speaker=speaker, said_on=dt.date(2023, 1, 1))
        b = factories.make_statement(session, speaker=speaker, said_on=dt.date(2024, 1, 1))
        c = factories.make_statement(session, speaker=speaker, said_on=dt.date(2024, 2, 1))
        for newer, status in ((b, LinkStatus.SUGGESTED), (c, LinkStatus.DISMISSED)):
            assert newer.id is not None
            assert a.id is not None
            session.add(
                StatementLink(
                    statement_id=newer.id,
                    other_id=a.id,
                    relation=LinkRelation.REVERSAL,
                    status=status,
                )
            )
    soup = parse(client.get("/people/ben-ortiz"))
    assert soup.select(".public-reversal") == []
    assert text(one(soup, "#reversals-title ~ .empty")) == "No confirmed change of position."
    assert client.get("/people/ben-ortiz.json").get_json()["reversals"] == []


def test_speaker_json_twin_matches_the_page(client: FlaskClient, published: Published) -> None:
    response = client.get("/people/anna-varga.json")
    assert response.mimetype == "application/json"
    data = response.get_json()
    soup = parse(client.get("/people/anna-varga"))
    assert data["speaker"]["name"] == text(one(soup, "h1"))
    assert data["speaker"]["same_as"] == ["https://www.wikidata.org/wiki/Q42"]
    assert [v["claim"] for v in data["verdicts"]] == [
        text(h) for h in soup.select("#verdicts-title ~ ol .public-verdict-claim")
    ]
    assert [v["state"] for v in data["verdicts"]] == [
        "published",
        "retracted",
        "corrected",
        "published",
    ]
    assert data["reversals"][0]["flip_rating"] == "Full Flop"
    assert [entry["kind"] for entry in data["timeline"]].count("reversal") == 1
    assert data["url"] == "http://localhost/people/anna-varga"


def test_unknown_speaker_is_404(client: FlaskClient) -> None:
    assert client.get("/people/nobody").status_code == 404
    assert client.get("/people/nobody.json").get_json()["error"]["status"] == 404
