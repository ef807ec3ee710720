"""The verdict index: search, filters, cursor pagination, and its JSON twin."""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient

from onrecord.db import Database
from tests import factories
from tests.pipeline.publish import builders
from tests.web.html import one, parse, text
from tests.web.public.conftest import Published


def _claims(client: FlaskClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [text(h) for h in parse(response).select(".public-verdict-claim")]


def test_index_lists_public_verdicts_newest_first_with_retracted_marked(
    client: FlaskClient, published: Published
) -> None:
    soup = parse(client.get("/verdicts"))
    items = soup.select(".public-verdict")
    assert [text(one(item, ".public-verdict-claim")) for item in items] == [
        "The pension age stays at 65",
        "Unemployment doubled",
        "Pensions rose by ten percent",
        "The deficit fell below three percent",
    ]
    states = [text(s) for s in soup.select(".public-verdict .public-state")]
    assert states == ["Retracted", "Corrected"]
    assert one(soup, "form[role=search]")["action"] == "/verdicts"
    for name in ("q", "speaker", "rating", "scale", "date_from", "date_to"):
        field = one(soup, f"[name={name}]")
        assert one(soup, f'label[for="{field["id"]}"]')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=pension", ["The pension age stays at 65", "Pensions rose by ten percent"]),
        ("q=DEFICIT+below", ["The deficit fell below three percent"]),
        ("q=varga+unemployment", ["Unemployment doubled"]),
        ("rating=Mostly+False",
         ["Pensions rose by ten percent", "The deficit fell below three percent"]),
        ("scale=flip", ["The pension age stays at 65"]),
        ("date_from=2024-04-01&date_to=2024-05-31",
         ["Unemployment doubled", "Pensions rose by ten percent"]),
        ("speaker=anna-varga&q=nothing-like-this", []),
    ],
)  # fmt: skip
def test_index_filters(
    client: FlaskClient, published: Published, query: str, expected: list[str]
) -> None:
    assert _claims(client, f"/verdicts?{query}") == expected


def test_bad_filters_answer_400_with_the_reason(client: FlaskClient, published: Published) -> None:
    response = client.get("/verdicts?date_from=2024-05-01&date_to=2024-01-01")
    assert response.status_code == 400
    assert "end date is before the start date" in text(one(parse(response), ".error-summary"))
    response = client.get("/verdicts.json?speaker=nobody-at-all")
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400
    response = client.get("/verdicts?after=garbage")
    assert response.status_code == 400
    assert "page link is broken" in text(one(parse(response), ".error-summary"))


def test_pages_follow_cursors_without_repeats_in_html_and_json(
    client: FlaskClient, db: Database
) -> None:
    with db.write() as session:
        desk = builders.make_desk(session)
        for n in range(45):
            builders.publish(
                session,
                desk,
                said_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
                text=builders.changes(summary=f"Claim number {n}"),
            )
    seen: list[str] = []
    url: str | None = "/verdicts"
    pages = 0
    while url:
        soup = parse(client.get(url))
        seen += [text(h) for h in soup.select(".public-verdict-claim")]
        older = soup.select("a[rel=next]")
        url = older[0]["href"].removeprefix("http://localhost") if older else None
        pages += 1
        if pages > 1:
            assert soup.select(".pager a")[0]["href"] == "/verdicts"
    assert pages == 3
    assert seen == [f"Claim number {n}" for n in reversed(range(45))]

    json_seen: list[str] = []
    next_url: str | None = "/verdicts.json"
    while next_url:
        data = client.get(next_url.removeprefix("http://localhost")).get_json()
        json_seen += [item["claim"] for item in data["verdicts"]]
        next_url = data["next"]
    assert json_seen == seen


def test_json_twin_has_the_same_page_as_the_html(client: FlaskClient, published: Published) -> None:
    html_claims = _claims(client, "/verdicts?q=pension")
    assert len(html_claims) == 2
    data = client.get("/verdicts.json?q=pension").get_json()
    assert [item["claim"] for item in data["verdicts"]] == html_claims
    assert data["filters"] == {"q": "pension"}
    assert data["next"] is None
    assert data["verdicts"][0]["url"] == f"http://localhost/verdicts/{published.flip}"
    assert "notes" not in data["verdicts"][0]


def test_index_is_empty_but_fine_before_anything_is_published(
    client: FlaskClient, db: Database
) -> None:
    with db.write() as session:
        factories.make_review(session, statement=factories.make_statement(session))
    soup = parse(client.get("/verdicts"))
    assert text(one(soup, ".empty")) == "Nothing has been published yet."
    assert client.get("/verdicts.json").get_json()["verdicts"] == []
