"""Who may see which desk page; the rules live in onrecord.web.access."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

import pytest

from onrecord.models import Role, Source
from onrecord.web.access import can_add_source, can_view_desk
from tests import factories
from tests.web.rows import count_rows


@pytest.fixture
def paths(db):
    """One URL of each desk page, with rows for the detail pages to show."""
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Anna Varga")
        statement = factories.make_statement(session, speaker=speaker)
    return [
        "/",
        "/sources",
        f"/sources/{statement.source_id}",
        "/sources/new",
        "/speakers",
        "/speakers?q=varga",
        f"/speakers/{speaker.slug}",
    ]


def test_anonymous_visitors_are_sent_to_login_from_every_desk_page(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location == f"/login?next={quote(path, safe='')}", path


def test_anonymous_post_to_add_article_stores_nothing(client, db):
    response = client.post("/sources/new", data={"title": "T", "text": "Some text."})
    assert response.status_code == 302
    assert response.location.startswith("/login")
    assert count_rows(db, Source) == 0


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_read_every_desk_page(client, login, paths, role):
    login(role)
    for path in paths:
        if path == "/sources/new":
            continue
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.EDITOR, 200), (Role.FACT_CHECKER, 200), (Role.VIEWER, 403)],
)
def test_only_fact_checkers_and_up_may_open_add_article(client, login, role, status):
    login(role)
    assert client.get("/sources/new").status_code == status


def _user(role, *, authenticated=True, active=True):
    return SimpleNamespace(is_authenticated=authenticated, is_active=active, role=role)


@pytest.mark.parametrize(
    ("user", "view", "add"),
    [
        (_user(Role.ADMIN), True, True),
        (_user(Role.EDITOR), True, True),
        (_user(Role.FACT_CHECKER), True, True),
        (_user(Role.VIEWER), True, False),
        (_user("fact-checker"), True, True),
        (_user(Role.ADMIN, authenticated=False), False, False),
        (_user(Role.ADMIN, active=False), False, False),
        (_user("chief"), False, False),
        (_user(None), False, False),
        (SimpleNamespace(is_authenticated=False, is_active=False), False, False),
        (None, False, False),
    ],
)
def test_access_rules(user, view, add):
    assert can_view_desk(user) is view
    assert can_add_source(user) is add
