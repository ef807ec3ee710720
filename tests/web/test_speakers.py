"""The speakers list with its name filter, and each speaker's page and timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.models import Role, Speaker
from onrecord.pipeline.speakers.operations import add_role
from tests import factories
from tests.web.html import one, parse, text
from tests.web.rows import add_statement


@pytest.fixture(autouse=True)
def _viewer(login):
    login(Role.VIEWER)


def _names(soup):
    return [text(th) for th in soup.select("table.speakers-table tbody th")]


def test_speakers_list_shows_names_kinds_and_statement_counts(client, db):
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        factories.make_speaker(session, name="Valdorian Ministry of Finance", kind="organisation")
        factories.make_statement(session, speaker=varga)
        factories.make_statement(session, speaker=varga)
    soup = parse(client.get("/speakers"))
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    assert rows == [
        ["Anna Varga", "person", "2"],
        ["Valdorian Ministry of Finance", "organisation", "0"],
    ]
    assert soup.select("tbody th a")[0]["href"] == f"/speakers/{varga.slug}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("varga", ["Anna Varga"]),
        ("ANNA", ["Anna Varga", "Johanna Berg"]),
        ("  nA ", ["Anna Varga", "Johanna Berg", "Jonas Weller"]),
        ("émil", ["Émil Korvath"]),
        ("emil", ["Émil Korvath"]),
        ("%", []),
        ("_", []),
        ("nobody", []),
        # SQLite's lower() folds ASCII only, so accented capitals sort last.
        ("", ["Anna Varga", "Johanna Berg", "Jonas Weller", "Émil Korvath"]),
    ],
)
def test_name_filter_is_a_case_insensitive_contains_match(client, db, query, expected):
    with db.write() as session:
        for name in ("Jonas Weller", "Anna Varga", "Johanna Berg", "Émil Korvath"):
            factories.make_speaker(session, name=name)
    response = client.get("/speakers", query_string={"q": query})
    assert response.status_code == 200
    soup = parse(response)
    assert _names(soup) == expected
    assert one(soup, "form[role=search] input[name=q]").get("value", "") == query.strip()
    if not expected:
        assert text(one(soup, ".empty")).startswith("No speaker")
    elif len(expected) == 1:
        assert text(one(soup, ".list-summary")) == f"1 speaker matching “{query.strip()}”."


def test_speakers_list_is_paginated_and_keeps_the_filter(client, db):
    with db.write() as session:
        for n in range(25):
            factories.make_speaker(session, name=f"Speaker {n:02d}")
    soup = parse(client.get("/speakers?q=speaker"))
    assert len(_names(soup)) == 20
    assert one(soup, ".pager a[rel=next]")["href"] == "/speakers?page=2&q=speaker"
    page2 = parse(client.get("/speakers?page=2&q=speaker"))
    assert _names(page2) == [f"Speaker {n}" for n in range(20, 25)]


def test_too_long_filter_is_a_400_with_the_error_shown(client):
    response = client.get("/speakers", query_string={"q": "x" * 201})
    assert response.status_code == 400
    field = one(parse(response), "input[name=q]")
    assert field["aria-invalid"] == "true"


def test_speaker_page_shows_kind_description_aliases_and_roles(client, db):
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Emil Korvath", aliases=["Korvath Emil"])
        speaker.description = "President of Valdoria since 2014."
        add_role(
            session,
            speaker=speaker,
            title="Prime Minister",
            body="Valdoria",
            party="National Union",
            started_on=dt.date(2006, 5, 1),
            ended_on=dt.date(2014, 5, 31),
        )
        add_role(session, speaker=speaker, title="President", started_on=dt.date(2014, 6, 1))
    soup = parse(client.get(f"/speakers/{speaker.slug}"))
    assert text(one(soup, "h1")) == "Emil Korvath"
    assert text(one(soup, ".speaker-head .lede")) == "President of Valdoria since 2014."
    assert text(one(soup, ".speaker-kind")) == "person"
    assert text(one(soup, ".aliases")) == "Korvath, Korvath Emil"
    roles = [text(li) for li in soup.select(".roles li")]
    assert roles == [
        "President 1 June 2014 – today",
        "Prime Minister, Valdoria (National Union) 1 May 2006 – 31 May 2014",
    ]
    assert text(one(soup, ".timeline + .empty, section .empty")).startswith("No statements")


def test_speaker_timeline_is_newest_first_and_links_to_the_statement(client, db, ingest):
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Anna Varga")
    dates = [dt.date(2019, 6, 1), dt.date(2023, 1, 9), None, dt.date(2021, 3, 4)]
    made = []
    for n, day in enumerate(dates):
        body = f"Paragraph {n}. “Taxes will fall by {n} percent,” Varga said."
        with db.write() as session:
            source = factories.make_source(session, text=body, title=f"Article {n}")
            made.append(
                add_statement(
                    session,
                    source=source,
                    start=body.index("“"),
                    end=body.index(",”") + 2,
                    speaker=speaker,
                    said_on=day,
                )
            )
    soup = parse(client.get(f"/speakers/{speaker.slug}"))
    items = soup.select("ol.timeline > li")
    order = [int(li["data-statement-id"]) for li in items]
    assert order == [made[1].id, made[3].id, made[0].id, made[2].id]
    assert [text(one(li, ".timeline-date")) for li in items] == [
        "9 January 2023",
        "4 March 2021",
        "1 June 2019",
        "no date",
    ]
    first = items[0]
    link = one(first, ".item-meta a")
    assert link["href"] == f"/sources/{made[1].source_id}#statement-{made[1].id}"
    assert text(link) == "Article 1"
    assert text(one(first, "blockquote")) == made[1].text
    # The anchor exists on the source page.
    source_page = parse(client.get(link["href"].split("#")[0]))
    assert one(source_page, f"#statement-{made[1].id}").name == "mark"


def test_timeline_shows_the_outlet(client, ingest, db):
    result = ingest(outlet="The Ledger", published=dt.date(2024, 3, 5))
    speaker_ids = {s.speaker_id for s in result.statements if s.speaker_id}
    assert speaker_ids
    with db.session() as session:
        slugs = [session.get(Speaker, i).slug for i in speaker_ids]
    soup = parse(client.get(f"/speakers/{slugs[0]}"))
    assert {text(o) for o in soup.select(".timeline .outlet")} == {"The Ledger"}


def test_unknown_speaker_is_404(client):
    response = client.get("/speakers/nobody-at-all")
    assert response.status_code == 404
    assert text(one(parse(response), ".status-code")) == "Error 404"
