"""The sources list and the source page with its highlighted statements."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.models import Role, StatementKind
from tests import factories
from tests.web.conftest import ARTICLE
from tests.web.html import article_paragraphs, marked_text, one, parse, text
from tests.web.rows import add_statement


@pytest.fixture(autouse=True)
def _viewer(login):
    login(Role.VIEWER)


def _source_with(db, body, **kwargs):
    with db.write() as session:
        return factories.make_source(session, text=body, **kwargs)


def test_sources_list_shows_outlet_date_title_and_statement_count(client, ingest):
    result = ingest(outlet="The Ledger", published=dt.date(2024, 3, 5))
    soup = parse(client.get("/sources"))
    rows = soup.select("table.sources-table tbody tr")
    assert len(rows) == 1
    cells = rows[0].find_all(["th", "td"])
    assert [text(c) for c in cells] == [
        "Varga defends the budget",
        "The Ledger",
        "5 March 2024",
        str(len(result.statements)),
    ]
    assert len(result.statements) >= 1
    assert cells[0].a["href"] == f"/sources/{result.source.id}"
    assert cells[2].time["datetime"] == "2024-03-05"


def test_sources_list_is_paginated_newest_first(client, db):
    first_day = dt.date(2020, 1, 1)
    for n in range(23):
        _source_with(db, f"Article {n}.", title=f"Day {n}", published=first_day + dt.timedelta(n))
    page1 = parse(client.get("/sources"))
    titles = [text(th) for th in page1.select("tbody th")]
    assert titles == [f"Day {n}" for n in range(22, 2, -1)]
    assert one(page1, ".pager a[rel=next]")["href"] == "/sources?page=2"
    assert page1.select(".pager a[rel=prev]") == []
    page2 = parse(client.get("/sources?page=2"))
    assert [text(th) for th in page2.select("tbody th")] == ["Day 2", "Day 1", "Day 0"]
    assert one(page2, ".pager a[rel=prev]")["href"] == "/sources?page=1"
    assert text(one(page2, ".pager-status")) == "Page 2 of 2"
    assert text(one(page2, ".list-summary")) == "21–23 of 23 sources, newest first."


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", ""])
def test_pages_that_do_not_exist_are_404(client, db, page):
    _source_with(db, "Only article.")
    assert client.get(f"/sources?page={page}").status_code == 404


def test_empty_sources_list_says_so(client):
    soup = parse(client.get("/sources"))
    assert soup.select("table") == []
    assert text(one(soup, ".empty")) == "No sources yet."


def test_source_page_shows_the_metadata(client, ingest):
    result = ingest(
        outlet="The Ledger",
        url="https://ledger.example/2024/budget?utm_source=x",
        published=dt.date(2024, 3, 5),
        authors=["Nadia Orsen", "Piet Lang"],
    )
    soup = parse(client.get(f"/sources/{result.source.id}"))
    assert text(one(soup, "h1")) == "Varga defends the budget"
    meta = {text(div.dt): div.dd for div in one(soup, ".source-head dl.meta").find_all("div")}
    assert text(meta["Outlet"]) == "The Ledger"
    assert text(meta["Published"]) == "5 March 2024"
    assert text(meta["Authors"]) == "Nadia Orsen, Piet Lang"
    link = meta["Address"].a
    assert link["href"] == "https://ledger.example/2024/budget?utm_source=x"
    assert "noopener" in link["rel"]
    assert text(meta["Version"]) == "1"


def test_source_page_links_the_versions_of_an_article(client, ingest):
    url = "https://ledger.example/2024/budget"
    first = ingest(url=url)
    second = ingest(url=url, text=ARTICLE + "\n\nUpdated with a correction.")
    assert second.status == "new_version"
    newer = parse(client.get(f"/sources/{second.source.id}"))
    previous_link = one(newer, ".meta a[rel=prev]")
    assert previous_link["href"] == f"/sources/{first.source.id}"
    older = parse(client.get(f"/sources/{first.source.id}"))
    assert one(older, ".meta a[rel=next]")["href"] == f"/sources/{second.source.id}"


def test_unknown_source_is_404(client):
    response = client.get("/sources/4242")
    assert response.status_code == 404
    assert text(one(parse(response), "h1")) == "Not Found"


def test_each_extracted_statement_is_marked_exactly_at_its_offsets(client, ingest):
    result = ingest()
    assert result.statements
    soup = parse(client.get(f"/sources/{result.source.id}"))
    text_of_source = result.source.text
    for statement in result.statements:
        selector = f'mark[data-statement-id="{statement.id}"]'
        assert marked_text(soup, selector) == text_of_source[statement.start : statement.end]
        assert soup.select(selector)[0]["id"] == f"statement-{statement.id}"
        assert f"hl-{statement.kind}" in soup.select(selector)[0]["class"]
    assert article_paragraphs(soup) == [p for p in text_of_source.split("\n\n")]


def test_article_text_is_escaped_never_rendered_as_markup(client, db):
    body = 'Intro <b>bold</b>.\n\n<script>alert("x")</script> “Trust <i>me</i>,” she said.'
    source = _source_with(db, body)
    quote_start = body.index("“")
    with db.write() as session:
        add_statement(session, source=source, start=quote_start, end=body.index(",”") + 2)
    soup = parse(client.get(f"/sources/{source.id}"))
    article = one(soup, ".article-text")
    assert article.find_all(["script", "b", "i"]) == []
    assert article_paragraphs(soup) == body.split("\n\n")
    assert soup.find_all("script") == []


def test_overlapping_and_nested_statements_all_keep_their_exact_text(client, db):
    body = "Lead. Weller said that the plan “is a fantasy that will fail” and left."
    source = _source_with(db, body)
    said = body.index("that the plan")
    quote = body.index("“")
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Jonas Weller")
        mixed = add_statement(
            session,
            source=source,
            start=said,
            end=body.index(" and left"),
            kind=StatementKind.MIXED,
            speaker=speaker,
            speaker_span=(6, 12),
        )
        direct = add_statement(
            session, source=source, start=quote, end=body.index("” and") + 1, speaker=speaker
        )
        overlapping = add_statement(
            session,
            source=source,
            start=body.index("fail”"),
            end=len(body) - 1,
            kind=StatementKind.INDIRECT,
        )
    soup = parse(client.get(f"/sources/{source.id}"))
    for statement in (mixed, direct, overlapping):
        selector = f'mark[data-statement-id="{statement.id}"]'
        assert marked_text(soup, selector) == body[statement.start : statement.end]
        assert len(soup.select(f"#statement-{statement.id}")) == 1
    assert marked_text(soup, f'mark[data-speaker-for="{mixed.id}"]') == "Weller"
    labels = [text(a) for a in soup.select(".article-text .hl-label")]
    assert labels == ["Said by Jonas Weller", "Said by Jonas Weller", "Said by Unattributed"]
    assert article_paragraphs(soup) == [body]


def test_speaker_mention_inside_the_quote_is_not_marked_twice(client, db):
    body = "“I, Anna Varga, promise it,” she said."
    source = _source_with(db, body)
    with db.write() as session:
        add_statement(
            session, source=source, start=0, end=body.index(",”") + 2, speaker_span=(3, 13)
        )
    soup = parse(client.get(f"/sources/{source.id}"))
    assert soup.select("mark[data-speaker-for]") == []


def test_statement_list_shows_speaker_kind_cue_date_confidence_and_confirmation(client, db):
    body = "Intro. “We will win,” Varga said on Monday."
    source = _source_with(db, body)
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Anna Varga")
        statement = add_statement(
            session,
            source=source,
            start=7,
            end=21,
            speaker=speaker,
            speaker_span=(22, 27),
            cue="said",
            said_on=dt.date(2024, 2, 29),
            confidence=0.87,
            speaker_needs_confirmation=True,
        )
    soup = parse(client.get(f"/sources/{source.id}"))
    card = one(soup, f"#statement-{statement.id}-details")
    meta = {text(div.dt): div.dd for div in card.select("dl > div")}
    assert meta["Speaker"].a["href"] == f"/speakers/{speaker.slug}"
    assert text(meta["Speaker"].a) == "Anna Varga"
    assert text(one(meta["Speaker"], ".badge-warn")) == "needs confirmation"
    assert text(meta["Kind"]) == "direct"
    assert text(meta["Cue"]) == "said"
    assert text(meta["Said on"]) == "29 February 2024"
    assert text(meta["Confidence"]) == "87%"
    assert one(card, "blockquote a")["href"] == f"#statement-{statement.id}"
    assert marked_text(soup, f'mark[data-speaker-for="{statement.id}"]') == "Varga"


def test_statement_without_confirmation_flag_has_no_badge(client, db):
    with db.write() as session:
        statement = factories.make_statement(session)
    soup = parse(client.get(f"/sources/{statement.source_id}"))
    assert soup.select(".badge-warn") == []
    assert text(soup.select(".statement-card dd")[0]) == "Unattributed"


def test_unresolved_speaker_shows_the_name_in_the_text(client, db):
    body = "“Prices will fall,” the finance minister said."
    source = _source_with(db, body)
    with db.write() as session:
        statement = add_statement(
            session, source=source, start=0, end=19, speaker_span=(20, 40), cue="said"
        )
    soup = parse(client.get(f"/sources/{source.id}"))
    card = one(soup, f"#statement-{statement.id}-details")
    assert text(card.select("dd")[0]) == "the finance minister (not linked)"
    label = one(soup, ".article-text .hl-label")
    assert text(label) == "Said by the finance minister"
    assert label["href"] == f"#statement-{statement.id}-details"
