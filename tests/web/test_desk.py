"""The desk's start page."""

from __future__ import annotations

import datetime as dt

from onrecord.models import Role
from tests import factories
from tests.web.html import one, parse, text


def _counts(soup):
    return {text(div.dt): text(div.dd) for div in soup.select("dl.counts > div")}


def test_empty_desk_shows_zero_counts_and_invites_to_add(client, login):
    login(Role.FACT_CHECKER)
    soup = parse(client.get("/"))
    assert text(one(soup, "h1")) == "Desk"
    assert _counts(soup) == {"Sources": "0", "Speakers": "0", "Statements": "0", "Reviews": "0"}
    empties = [text(p) for p in soup.select(".empty")]
    assert empties[0] == "No sources yet. Add the first article."
    assert one(soup, ".page-head a.button")["href"] == "/sources/new"


def test_viewer_desk_has_no_add_button(client, login):
    login(Role.VIEWER)
    soup = parse(client.get("/"))
    assert soup.select(".page-head a.button") == []
    assert text(soup.select(".empty")[0]) == "No sources yet."


def test_desk_counts_and_latest_items(client, login, db):
    login(Role.VIEWER)
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Anna Varga")
        statements = [
            factories.make_statement(session, speaker=speaker if n % 2 else None) for n in range(10)
        ]
        factories.make_review(session, statement=statements[0])
        old = factories.make_source(session, title="Old news", published=dt.date(2001, 1, 1))
    soup = parse(client.get("/"))
    assert _counts(soup) == {
        "Sources": "11",
        "Speakers": "1",
        "Statements": "10",
        "Reviews": "1",
    }
    latest_sources = soup.select(".latest-sources li")
    assert len(latest_sources) == 5
    assert old.title not in [text(one(li, "a")) for li in latest_sources]
    latest = soup.select(".latest-statements li")
    assert len(latest) == 8
    newest = statements[-1]
    link = one(latest[0], "blockquote a")
    assert link["href"] == f"/sources/{newest.source_id}#statement-{newest.id}"
    assert text(link) == newest.text
    assert text(one(latest[0], ".item-meta a")) == "Anna Varga"
    assert "Unattributed" in [text(s) for s in latest[1].select(".item-meta span")]
