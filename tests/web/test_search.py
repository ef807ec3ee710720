"""Editors' search: words, typos, filters, highlights, CSV and JSON export."""

from __future__ import annotations

import csv
import io

import pytest

from onrecord.models import ReviewState, Role
from onrecord.pipeline.match.index import ensure_search_index
from tests import factories
from tests.web.html import one, parse, text


@pytest.fixture
def rows(db):
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        weller = factories.make_speaker(session, name="Jonas Weller")
        deficit = factories.make_statement(
            session, speaker=varga, text="“The deficit will fall below three percent,”"
        )
        taxes = factories.make_statement(
            session, speaker=weller, text="“=SUM(A1) taxes on families will rise,”"
        )
        factories.make_review(
            session, statement=deficit, state=ReviewState.PUBLISHED, label="False", rating_value=2
        )
    return {"deficit": deficit.id, "taxes": taxes.id}


def found(client, query: str) -> list[int]:
    soup = parse(client.get(f"/search?{query}"))
    return [int(a["href"].rsplit("/", 1)[1]) for a in soup.select(".search-result blockquote a")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=deficit", ["deficit"]),
        ("q=DEFICIT+percent", ["deficit"]),
        ("q=defict", ["deficit"]),  # a typo
        ("q=defi", ["deficit"]),  # the start of a word
        ("q=families", ["taxes"]),
        ("q=nothing+like+this", []),
        ("speaker=weller", ["taxes"]),
        ("q=deficit&speaker=weller", []),
        ("verdict=published", ["deficit"]),
    ],
)
def test_search_finds_words_typos_and_filters(client, login, rows, query, expected) -> None:
    login(Role.VIEWER)
    assert found(client, query) == [rows[name] for name in expected]


def test_matching_words_are_highlighted(client, login, rows) -> None:
    login(Role.VIEWER)
    soup = parse(client.get("/search?q=defict"))
    assert [text(mark) for mark in soup.select("mark.search-hit")] == ["deficit"]


def test_empty_search_shows_only_the_form(client, login, rows) -> None:
    login(Role.VIEWER)
    soup = parse(client.get("/search"))
    assert soup.select(".search-result") == []
    assert soup.select(".list-summary") == []


def test_export_csv_and_json(client, login, rows) -> None:
    login(Role.VIEWER)
    response = client.get("/search.csv?q=will")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["id"] for row in table} == {str(rows["deficit"]), str(rows["taxes"])}
    taxes = next(row for row in table if row["id"] == str(rows["taxes"]))
    assert taxes["text"].startswith("'“=SUM") is False  # the quote mark comes first: no formula
    deficit = next(row for row in table if row["id"] == str(rows["deficit"]))
    assert (deficit["rating"], deficit["verdict_state"], deficit["speaker"]) == (
        "False",
        "published",
        "Anna Varga",
    )
    data = client.get("/search.json?q=deficit").get_json()
    assert data["count"] == 1
    assert data["results"][0]["url"].endswith(f"/statements/{rows['deficit']}")


def test_export_neutralises_formulas(client, login, db) -> None:
    login(Role.VIEWER)
    with db.write() as session:
        source = factories.make_source(session, text="Lead. =HYPERLINK(1) said the man. More.")
        factories.make_statement(session, source=source, text="=HYPERLINK(1)")
    table = list(
        csv.DictReader(io.StringIO(client.get("/search.csv?q=hyperlink").get_data(as_text=True)))
    )
    assert table[0]["text"] == "'=HYPERLINK(1)"


def test_bad_search_input(client, login, rows) -> None:
    login(Role.VIEWER)
    response = client.get("/search?q=x&said_from=2024-13-45")
    assert response.status_code == 400
    assert "Said from" in text(one(parse(response), ".error-summary"))
    response = client.get(
        "/search.json?said_from=2024-05-01&said_until=2024-01-01",
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert client.get("/search?q=deficit&page=3").status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_search_and_export(client, login, rows, role) -> None:
    login(role)
    assert client.get("/search?q=deficit").status_code == 200
    assert client.get("/search.csv?q=deficit").status_code == 200
    assert client.get("/queue").status_code == 200


def test_search_through_the_full_text_index(client, login, db) -> None:
    """With the index present and many hits, the index's hits are the candidates."""
    ensure_search_index(db.engine)
    login(Role.VIEWER)
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        for n in range(60):
            factories.make_statement(session, text=f"“The deficit fell {n} points,”")
        factories.make_statement(session, speaker=varga, text="“The deficit is mine,”")
        factories.make_statement(session, text="“Unemployment fell,”")
    assert client.get("/search.json?q=deficit").get_json()["count"] == 61
    assert client.get("/search.json?q=deficit&speaker=varga").get_json()["count"] == 1
    assert client.get("/search.json?q=unemploymnt").get_json()["count"] == 1
