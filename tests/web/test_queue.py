"""The review queue: filters, sorting, pagination, assigning; bad input gives messages."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.models import LinkRelation, ReviewState, Role, StatementKind, StatementLink
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review
from tests import factories
from tests.web.html import one, parse, text


@pytest.fixture
def rows(db):
    """Three statements: one new, one with a draft by the checker, one published; a link."""
    with db.write() as session:
        checker = factories.make_user(session, username="checker", role=Role.FACT_CHECKER)
        varga = factories.make_speaker(session, name="Anna Varga")
        weller = factories.make_speaker(session, name="Jonas Weller")
        new = factories.make_statement(session, speaker=varga, said_on=dt.date(2024, 1, 5))
        drafted = factories.make_statement(
            session, speaker=weller, said_on=dt.date(2024, 3, 1), kind=StatementKind.INDIRECT
        )
        published = factories.make_statement(session, speaker=varga, said_on=dt.date(2024, 6, 1))
        new.checkworthiness = 0.9
        drafted.checkworthiness = 0.2
        create_review(session, statement_id=drafted.id, actor=Actor(checker.id, checker.role))
        factories.make_review(session, statement=published, state=ReviewState.PUBLISHED)
        published.status = "checked"
        session.add(
            StatementLink(
                statement_id=new.id, other_id=published.id, relation=LinkRelation.REPEATS, score=0.9
            )
        )
    return {"new": new.id, "drafted": drafted.id, "published": published.id, "checker": checker.id}


def listed(client, query: str = "") -> list[int]:
    soup = parse(client.get(f"/queue{query}"))
    return [int(a["href"].rsplit("/", 1)[1]) for a in soup.select(".queue-table tbody th a")]


def test_default_queue_shows_open_statements_newest_first(client, login, rows) -> None:
    login(Role.VIEWER)
    assert listed(client) == [rows["drafted"], rows["new"]]
    assert listed(client, "?status=") == [rows["published"], rows["drafted"], rows["new"]]
    assert listed(client, "?sort=oldest") == [rows["new"], rows["drafted"]]
    assert listed(client, "?sort=worth") == [rows["new"], rows["drafted"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?speaker=varga", ["new"]),
        ("?speaker=WELL", ["drafted"]),
        ("?said_from=2024-02-01", ["drafted"]),
        ("?said_until=2024-02-01", ["new"]),
        ("?kind=indirect", ["drafted"]),
        ("?worth=high", ["new"]),
        ("?verdict=none", ["new"]),
        ("?verdict=draft", ["drafted"]),
        ("?suggestions=y", ["new"]),
        ("?status=checked", ["published"]),
        ("?assignee=nobody", ["new"]),
    ],
)
def test_filters(client, login, rows, query: str, expected: list[str]) -> None:
    login(Role.VIEWER)
    assert listed(client, query) == [rows[name] for name in expected]


def test_assigned_to_me_and_to_someone(client, login, rows) -> None:
    me = login(Role.FACT_CHECKER)
    response = client.post(
        f"/statements/{rows['new']}/assign",
        data={"assignee": str(me.id), "next": "/queue?assignee=me"},
    )
    assert response.status_code == 302
    assert response.location == "/queue?assignee=me"
    assert listed(client, "?assignee=me") == [rows["new"]]
    assert listed(client, f"?assignee={rows['checker']}") == [rows["drafted"]]
    # A fact-checker cannot hand work to someone else.
    response = client.post(f"/statements/{rows['new']}/assign", data={"assignee": rows["checker"]})
    assert response.status_code == 403


def test_assign_refuses_outside_next_and_viewers(client, login, rows) -> None:
    editor = login(Role.EDITOR)
    response = client.post(
        f"/statements/{rows['new']}/assign",
        data={"assignee": str(editor.id), "next": "//evil.example/"},
    )
    assert response.location == "/queue"
    assert client.post("/statements/999/assign", data={"assignee": "0"}).status_code == 404
    client.post("/logout")
    login(Role.VIEWER)
    assert (
        client.post(f"/statements/{rows['new']}/assign", data={"assignee": "0"}).status_code == 403
    )


def test_bad_filters_say_what_is_wrong(client, login, rows) -> None:
    login(Role.VIEWER)
    response = client.get("/queue?said_from=2024-05-01&said_until=2024-01-01&kind=poem")
    assert response.status_code == 400
    summary = text(one(parse(response), ".error-summary"))
    assert "The end date is before the start date." in summary
    assert "Not a valid choice" in summary
    assert client.get("/queue?page=0").status_code == 404
    assert client.get("/queue?page=9").status_code == 404


def test_queue_paginates_keeping_the_filters(client, login, db) -> None:
    login(Role.VIEWER)
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Pia Many")
        for _ in range(25):
            factories.make_statement(session, speaker=speaker)
    soup = parse(client.get("/queue?speaker=pia"))
    assert len(soup.select(".queue-table tbody tr")) == 20
    assert one(soup, "a[rel=next]")["href"] == "/queue?page=2&speaker=pia&status=open&sort=newest"
    assert len(parse(client.get("/queue?speaker=pia&page=2")).select(".queue-table tbody tr")) == 5
