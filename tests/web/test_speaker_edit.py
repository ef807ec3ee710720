"""Editing speakers on the desk: aliases, roles, merging, reassigning and confirming statements."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from sqlmodel import select

from onrecord.models import AuditEvent, Role, Speaker, SpeakerAlias, SpeakerRole, Statement
from onrecord.web.access import (
    can_edit_speaker,
    can_manage_feeds,
    can_merge_speakers,
    can_reassign_statement,
)
from tests import factories
from tests.web.html import one, parse, text
from tests.web.rows import count_rows

FACT_CHECKER_AND_UP = [
    (Role.ADMIN, 200),
    (Role.EDITOR, 200),
    (Role.FACT_CHECKER, 200),
    (Role.VIEWER, 403),
]
EDITOR_AND_UP = [
    (Role.ADMIN, 200),
    (Role.EDITOR, 200),
    (Role.FACT_CHECKER, 403),
    (Role.VIEWER, 403),
]


@pytest.fixture
def people(db):
    """Two speakers with close names; Varga has two statements, Vargas one flagged statement."""
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        vargas = factories.make_speaker(session, name="Anna Vargas")
        factories.make_speaker(session, name="Jonas Weller")
        first = factories.make_statement(session, speaker=varga)
        factories.make_statement(session, speaker=varga)
        flagged = factories.make_statement(session, speaker=vargas)
        flagged.speaker_needs_confirmation = True
        flagged.speaker_name = "Anna Varga"
        session.add(flagged)
    return {"varga": varga, "vargas": vargas, "first": first, "flagged": flagged}


def load(db, model, row_id):
    with db.session() as session:
        return session.get(model, row_id)


# --- The rules -------------------------------------------------------------------------


class _User:
    is_authenticated = True
    is_active = True

    def __init__(self, role: Role) -> None:
        self.role = role


@pytest.mark.parametrize(
    ("role", "manage_feeds", "edit", "reassign", "merge"),
    [
        (Role.ADMIN, True, True, True, True),
        (Role.EDITOR, True, True, True, True),
        (Role.FACT_CHECKER, True, True, True, False),
        (Role.VIEWER, False, False, False, False),
    ],
)
def test_access_rules(role, manage_feeds, edit, reassign, merge):
    user = _User(role)
    assert can_manage_feeds(user) is manage_feeds
    assert can_edit_speaker(user) is edit
    assert can_reassign_statement(user) is reassign
    assert can_merge_speakers(user) is merge


def test_anonymous_and_inactive_users_may_do_nothing():
    inactive = _User(Role.ADMIN)
    inactive.is_active = False
    for user in (None, inactive):
        for rule in (
            can_manage_feeds,
            can_edit_speaker,
            can_reassign_statement,
            can_merge_speakers,
        ):
            assert rule(user) is False


def test_anonymous_visitors_are_sent_to_login(client, db, people):
    slug, other, sid = people["varga"].slug, people["vargas"].slug, people["first"].id
    gets = [
        f"/speakers/{slug}/edit",
        f"/speakers/{slug}/merge",
        f"/speakers/{slug}/merge/{other}",
        f"/statements/{sid}/speaker",
        "/speakers/unconfirmed",
    ]
    for path in gets:
        assert client.get(path).location == f"/login?next={quote(path, safe='')}", path
    posts = [
        f"/speakers/{slug}/aliases",
        f"/speakers/{slug}/roles",
        f"/speakers/{slug}/merge/{other}",
        f"/statements/{sid}/speaker",
    ]
    for path in posts:
        assert client.post(path, data={"alias": "X", "nobody": "y"}).status_code == 302
    assert count_rows(db, Speaker) == 3


# --- Aliases and roles -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), FACT_CHECKER_AND_UP)
def test_edit_page_and_alias_by_role(client, login, db, people, role, status):
    login(role)
    slug = people["varga"].slug
    page = client.get(f"/speakers/{slug}")
    assert bool(parse(page).select(f"a[href='/speakers/{slug}/edit']")) is (status == 200)
    assert client.get(f"/speakers/{slug}/edit").status_code == status
    response = client.post(f"/speakers/{slug}/aliases", data={"alias": "A. Varga"})
    assert response.status_code == (302 if status == 200 else 403)
    with db.session() as session:
        aliases = session.exec(
            select(SpeakerAlias.alias).where(SpeakerAlias.speaker_id == people["varga"].id)
        ).all()
    assert ("A. Varga" in aliases) is (status == 200)


def test_adding_an_alias_shows_it_and_a_known_one_changes_nothing(client, login, people):
    login()
    slug = people["varga"].slug
    response = client.post(f"/speakers/{slug}/aliases", data={"alias": "  A. Varga "})
    assert response.location == f"/speakers/{slug}"
    soup = parse(client.get(response.location))
    assert text(one(soup, ".flash")) == "Added “A. Varga” as another name of Anna Varga."
    assert "A. Varga" in text(one(soup, ".aliases"))
    again = client.post(f"/speakers/{slug}/aliases", data={"alias": "a varga"})
    flash = one(parse(client.get(again.location)), ".flash")
    assert "flash-info" in flash["class"]
    assert text(flash) == "Anna Varga already has the name “a varga”; nothing changed."


def test_empty_alias_is_a_400_on_the_edit_page(client, login, people):
    login()
    response = client.post(f"/speakers/{people['varga'].slug}/aliases", data={"alias": " "})
    assert response.status_code == 400
    soup = parse(response)
    assert "Enter a name." in text(one(soup, ".form-alias .field-errors"))
    assert one(soup, "[name=alias]")["aria-invalid"] == "true"


def test_adding_a_role_with_dates(client, login, db, people):
    login()
    slug = people["varga"].slug
    data = {
        "title": "Finance Minister",
        "body": "Government of Valdoria",
        "party": "Civic Union",
        "started_on": "2021-05-04",
        "ended_on": "2024-01-31",
    }
    response = client.post(f"/speakers/{slug}/roles", data=data)
    assert response.status_code == 302
    with db.session() as session:
        role = session.exec(select(SpeakerRole)).one()
    assert (role.speaker_id, role.title, role.started_on, role.ended_on) == (
        people["varga"].id,
        "Finance Minister",
        dt.date(2021, 5, 4),
        dt.date(2024, 1, 31),
    )
    soup = parse(client.get(response.location))
    assert text(one(soup, ".role-title")) == "Finance Minister"
    assert text(one(soup, ".flash")) == "Added the role “Finance Minister” to Anna Varga."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"title": "Minister", "started_on": "2024-02-01", "ended_on": "2024-01-31"},
            "ended_on",
            "The end date is before the start date.",
        ),
        ({"title": "Minister", "started_on": "May 2021"}, "started_on", "Not a valid date value."),
        ({"title": ""}, "title", "Enter the title."),
    ],
)
def test_bad_roles_are_400_and_store_nothing(client, login, db, people, data, field, message):
    login()
    response = client.post(f"/speakers/{people['varga'].slug}/roles", data=data)
    assert response.status_code == 400
    soup = parse(response)
    control = one(soup, f".form-role [name={field}]")
    assert control["aria-invalid"] == "true"
    assert message in text(one(soup, f"#{field}-error"))
    assert count_rows(db, SpeakerRole) == 0


def test_unknown_speaker_is_404(client, login):
    login(Role.ADMIN)
    assert client.get("/speakers/nobody-here/edit").status_code == 404
    assert client.post("/speakers/nobody-here/aliases", data={"alias": "X"}).status_code == 404
    assert client.get("/speakers/nobody-here/merge").status_code == 404


# --- Merging -----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), EDITOR_AND_UP)
def test_merge_pages_by_role(client, login, people, role, status):
    login(role)
    slug, other = people["varga"].slug, people["vargas"].slug
    assert client.get(f"/speakers/{slug}/merge").status_code == status
    assert client.get(f"/speakers/{slug}/merge/{other}").status_code == status
    soup = parse(client.get(f"/speakers/{slug}"))
    assert bool(soup.select(f"a[href='/speakers/{slug}/merge']")) is (status == 200)


def test_merge_search_offers_close_names_first(client, login, people):
    login(Role.EDITOR)
    slug = people["varga"].slug
    soup = parse(client.get(f"/speakers/{slug}/merge"))
    names = [text(one(li, ".candidate-name")) for li in soup.select(".merge-candidates .candidate")]
    assert names[0] == "Anna Vargas"
    assert "Anna Varga" not in names
    link = one(soup.select(".merge-candidates .candidate")[0], "a.button")["href"]
    assert link == f"/speakers/{slug}/merge/{people['vargas'].slug}"
    searched = parse(client.get(f"/speakers/{slug}/merge?q=weler"))
    assert [text(one(li, ".candidate-name")) for li in searched.select(".candidate")] == [
        "Jonas Weller"
    ]


def test_merge_confirmation_shows_both_and_the_post_moves_everything(client, login, db, people):
    user = login(Role.EDITOR)
    keep, remove = people["varga"], people["vargas"]
    soup = parse(client.get(f"/speakers/{keep.slug}/merge/{remove.slug}"))
    sides = soup.select(".merge-side")
    assert [text(one(s, "h2")) for s in sides] == ["Anna Varga", "Anna Vargas"]
    assert [text(one(s, ".merge-statements")) for s in sides] == ["2", "1"]
    assert "Vargas" in text(one(sides[1], ".merge-aliases"))
    response = client.post(f"/speakers/{keep.slug}/merge/{remove.slug}")
    assert response.status_code == 302
    assert response.location == f"/speakers/{keep.slug}"
    assert load(db, Speaker, remove.id) is None
    assert load(db, Statement, people["flagged"].id).speaker_id == keep.id
    with db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "speaker.merged")).one()
    assert event.actor_id == user.id
    soup = parse(client.get(response.location))
    assert text(one(soup, ".flash")).startswith(
        "Merged Anna Vargas into Anna Varga: moved 1 statement, "
    )
    assert text(one(soup, "#timeline-title .count-pill")) == "3"


def test_fact_checker_cannot_merge(client, login, db, people):
    login(Role.FACT_CHECKER)
    response = client.post(f"/speakers/{people['varga'].slug}/merge/{people['vargas'].slug}")
    assert response.status_code == 403
    assert load(db, Speaker, people["vargas"].id) is not None


def test_merging_a_speaker_into_itself_is_a_400(client, login, db, people):
    login(Role.ADMIN)
    slug = people["varga"].slug
    response = client.post(f"/speakers/{slug}/merge/{slug}")
    assert response.status_code == 400
    assert "cannot be merged into itself" in text(one(parse(response), ".error-summary"))
    assert count_rows(db, Speaker) == 3


# --- Reassigning and confirming -----------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), FACT_CHECKER_AND_UP)
def test_reassign_by_role(client, login, db, people, role, status):
    login(role)
    sid = people["first"].id
    assert client.get(f"/statements/{sid}/speaker").status_code == status
    response = client.post(f"/statements/{sid}/speaker", data={"speaker_id": people["vargas"].id})
    assert response.status_code == (302 if status == 200 else 403)
    expected = people["vargas"].id if status == 200 else people["varga"].id
    assert load(db, Statement, sid).speaker_id == expected


def test_reassign_page_lists_candidates_and_searches(client, login, people):
    login()
    sid = people["flagged"].id
    soup = parse(client.get(f"/statements/{sid}/speaker"))
    names = [text(one(li, ".candidate-name")) for li in soup.select(".candidate")]
    assert names[0] == "Anna Vargas current"
    assert "Anna Varga" in names
    searched = parse(client.get(f"/statements/{sid}/speaker?q=jonas"))
    results = searched.select(".search-results .candidate")
    assert [text(one(li, ".candidate-name")) for li in results] == ["Jonas Weller"]
    form = one(results[0], "form")
    assert form["method"] == "post"
    assert one(form, "[name=speaker_id]")["value"] == str(load_speaker_id(searched, "Jonas Weller"))


def load_speaker_id(soup, name):
    for li in soup.select(".candidate"):
        if text(one(li, ".candidate-name")).startswith(name):
            return int(li["data-speaker-id"])
    raise AssertionError(name)


def test_reassigning_goes_back_to_the_statement_and_is_audited(client, login, db, people):
    user = login()
    sid = people["first"].id
    response = client.post(f"/statements/{sid}/speaker", data={"nobody": "y"})
    source_id = people["first"].source_id
    assert response.location == f"/sources/{source_id}#statement-{sid}-details"
    assert load(db, Statement, sid).speaker_id is None
    with db.session() as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "statement.speaker_reassigned")
        ).one()
    assert (event.actor_id, event.data) == (user.id, {"from": people["varga"].id, "to": None})
    flash = one(parse(client.get(response.location)), ".flash")
    assert text(flash) == f"Statement {sid} is now attributed to nobody."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a speaker, or nobody."),
        ({"speaker_id": "1", "nobody": "y"}, "Choose a speaker or nobody, not both."),
        ({"speaker_id": "abc"}, "Not a valid integer value."),
        ({"speaker_id": "9999"}, "That speaker no longer exists"),
        ({"nobody": "y", "back": "https://evil.example/"}, "Invalid value"),
    ],
)
def test_bad_reassignments_are_400_and_change_nothing(client, login, db, people, data, message):
    login()
    sid = people["first"].id
    response = client.post(f"/statements/{sid}/speaker", data=data)
    assert response.status_code == 400
    assert message in text(one(parse(response), ".error-summary"))
    assert load(db, Statement, sid).speaker_id == people["varga"].id


def test_unknown_statement_is_404(client, login):
    login()
    assert client.get("/statements/999/speaker").status_code == 404
    assert client.post("/statements/999/speaker", data={"nobody": "y"}).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_unconfirmed_list_for_everyone_buttons_for_fact_checkers(client, login, people, role):
    login(role)
    response = client.get("/speakers/unconfirmed")
    assert response.status_code == 200
    soup = parse(response)
    cards = soup.select(".unconfirmed-list .statement-card")
    assert [int(c["data-statement-id"]) for c in cards] == [people["flagged"].id]
    may = role != Role.VIEWER
    assert bool(cards[0].select(".candidate form")) is may


def test_confirming_from_the_list_clears_the_flag(client, login, db, people):
    login()
    flagged = people["flagged"]
    soup = parse(client.get("/speakers/unconfirmed"))
    li = next(
        li for li in soup.select(".candidate") if li["data-speaker-id"] == str(people["varga"].id)
    )
    form = one(li, "form")
    data = {i["name"]: i["value"] for i in form.select("input")}
    assert data["back"] == "unconfirmed"
    response = client.post(form["action"], data=data)
    assert response.location == "/speakers/unconfirmed"
    statement = load(db, Statement, flagged.id)
    assert (statement.speaker_id, statement.speaker_needs_confirmation) == (
        people["varga"].id,
        False,
    )
    soup = parse(client.get(response.location))
    assert soup.select(".unconfirmed-list") == []
    assert text(one(soup, ".empty")) == "No statement needs its speaker confirmed."


@pytest.mark.parametrize("role", list(Role))
def test_source_page_offers_confirmation_to_fact_checkers(client, login, people, role):
    login(role)
    flagged = people["flagged"]
    soup = parse(client.get(f"/sources/{flagged.source_id}"))
    card = one(soup, f"#statement-{flagged.id}-details")
    may = role != Role.VIEWER
    assert bool(card.select(".confirm-speaker .candidate form")) is may
    assert bool(card.select(f"a[href='/statements/{flagged.id}/speaker']")) is may
    if may:
        ids = [li["data-speaker-id"] for li in card.select(".candidate")]
        assert ids[0] == str(people["vargas"].id)
        assert str(people["varga"].id) in ids


def test_viewers_get_403_from_every_editing_post(client, login, db, people):
    login(Role.VIEWER)
    slug, other, sid = people["varga"].slug, people["vargas"].slug, people["first"].id
    posts = {
        f"/speakers/{slug}/aliases": {"alias": "A. Varga"},
        f"/speakers/{slug}/roles": {"title": "Minister"},
        f"/speakers/{slug}/merge/{other}": {},
        f"/statements/{sid}/speaker": {"nobody": "y"},
    }
    for path, data in posts.items():
        assert client.post(path, data=data).status_code == 403, path
    assert count_rows(db, Speaker) == 3
    assert count_rows(db, SpeakerRole) == 0
    assert load(db, Statement, sid).speaker_id == people["varga"].id
