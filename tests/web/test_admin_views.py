"""Admin pages: accounts (create, role, password, disable, sessions) and rating scales."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import AuditEvent, RatingScaleDefinition, Review, Role, User
from tests import factories
from tests.web.html import one, parse, text

ADMIN_PAGES = ["/admin/users", "/admin/scales"]
LEVELS = "Accurate | 3 | #1b7a3a | Supported\nMisleading | 2 | #b38600\nInaccurate | 1 | #b3261e"


def user_named(db: Database, username: str) -> User:
    with db.session() as session:
        return session.exec(select(User).where(User.username == username)).one()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.FACT_CHECKER, Role.VIEWER])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_only_admins_see_admin_pages(
    client: FlaskClient, login: Callable[..., object], role: Role, path: str
) -> None:
    login(role)
    assert client.get(path).status_code == 403
    assert client.post(path, data={}).status_code == 403
    nav = [a.get_text() for a in parse(client.get("/")).select(".site-nav a")]
    assert "Admin" not in nav


def test_anonymous_goes_to_login(client: FlaskClient) -> None:
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_creates_user_who_can_log_in(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    response = client.post(
        "/admin/users",
        data={
            "username": "Nina.K",
            "display_name": "Nina K",
            "role": "editor",
            "password": "a-long-first-password",
        },
    )
    assert response.status_code == 302
    nina = user_named(db, "nina.k")
    assert (nina.role, nina.display_name) == (Role.EDITOR, "Nina K")
    rows = parse(client.get("/admin/users")).select(".user-row th a")
    assert "nina.k" in [a.get_text() for a in rows]
    other = client.application.test_client()
    ok = other.post("/login", data={"username": "nina.k", "password": "a-long-first-password"})
    assert ok.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "x", "password": "a-long-first-password"}, "Username"),
        ({"username": "bad name!", "password": "a-long-first-password"}, "Username must be"),
        ({"username": "sam", "password": "short"}, "First password"),
        ({"username": "sam", "password": "a-long-first-password", "role": "king"}, "Role"),
    ],
)
def test_bad_new_user_is_refused_with_a_message(
    client: FlaskClient,
    db: Database,
    login: Callable[..., object],
    data: dict[str, str],
    message: str,
) -> None:
    login(Role.ADMIN)
    with db.session() as session:
        before = len(session.exec(select(User)).all())
    response = client.post("/admin/users", data={"role": "viewer", **data})
    assert response.status_code == 400
    assert message in text(one(parse(response), ".error-summary"))
    with db.session() as session:
        assert len(session.exec(select(User)).all()) == before


def test_duplicate_username_is_refused(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    with db.write() as session:
        factories.make_user(session, username="sam")
    response = client.post(
        "/admin/users", data={"username": "sam", "role": "viewer", "password": "long-password-1"}
    )
    assert response.status_code == 400
    assert "already exists" in text(one(parse(response), ".error-summary"))


def test_role_change_ends_the_users_sessions(
    app: object, client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    with db.write() as session:
        factories.make_user(session, username="vera", role=Role.VIEWER)
    vera = user_named(db, "vera")
    theirs = client.application.test_client()
    theirs.post("/login", data={"username": "vera", "password": factories.DEFAULT_PASSWORD})
    assert theirs.get("/queue").status_code == 200
    response = client.post(f"/admin/users/{vera.id}/role", data={"role": "fact-checker"})
    assert response.status_code == 302
    assert user_named(db, "vera").role == Role.FACT_CHECKER
    assert theirs.get("/queue").status_code == 302  # logged out: back to the login page
    with db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "user.role_changed"))
        assert event.one().data == {"from": "viewer", "to": "fact-checker"}


def test_disable_and_enable(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    with db.write() as session:
        factories.make_user(session, username="ola")
    ola = user_named(db, "ola")
    assert client.post(f"/admin/users/{ola.id}/disable").status_code == 302
    assert not user_named(db, "ola").is_active
    refused = client.application.test_client().post(
        "/login", data={"username": "ola", "password": factories.DEFAULT_PASSWORD}
    )
    assert refused.status_code == 400  # the login form again, with an error
    assert client.post(f"/admin/users/{ola.id}/enable").status_code == 302
    assert user_named(db, "ola").is_active


def test_last_admin_cannot_demote_themselves(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    admin = login(Role.ADMIN)
    response = client.post(
        f"/admin/users/{admin.id}/role", data={"role": "viewer"}, follow_redirects=True
    )
    assert "only active admin" in text(one(parse(response), ".flash-error"))
    assert user_named(db, admin.username).role == Role.ADMIN


def test_password_reset_validates_and_applies(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    with db.write() as session:
        factories.make_user(session, username="ivo")
    ivo = user_named(db, "ivo")
    short = client.post(f"/admin/users/{ivo.id}/password", data={"password": "short"})
    assert short.status_code == 400
    assert "New password" in text(one(parse(short), ".error-summary"))
    assert (
        client.post(
            f"/admin/users/{ivo.id}/password", data={"password": "another-long-one"}
        ).status_code
        == 302
    )
    fresh = client.application.test_client()
    ok = fresh.post("/login", data={"username": "ivo", "password": "another-long-one"})
    assert ok.status_code == 302


def test_unknown_user_is_404(client: FlaskClient, login: Callable[..., object]) -> None:
    login(Role.ADMIN)
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/disable").status_code == 404


def test_admin_defines_scale_and_checkers_use_it(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    response = client.post(
        "/admin/scales",
        data={"slug": "accuracy", "name": "Accuracy", "levels": LEVELS},
    )
    assert response.status_code == 302
    page = parse(client.get("/admin/scales"))
    section = one(page, 'section[data-scale="accuracy"]')
    labels = [text(th) for th in section.select("tbody th")]
    assert labels == ["Accurate", "Misleading", "Inaccurate"]
    with db.write() as session:
        statement = factories.make_statement(session)
    checker = client.application.test_client()
    with db.write() as session:
        factories.make_user(session, username="chk", role=Role.FACT_CHECKER)
    checker.post("/login", data={"username": "chk", "password": factories.DEFAULT_PASSWORD})
    form = parse(checker.get(f"/statements/{statement.id}"))
    options = [o["value"] for o in form.select('select[name="scale"] option')]
    assert "accuracy" in options
    started = checker.post(f"/statements/{statement.id}/review", data={"scale": "accuracy"})
    assert started.status_code == 302
    with db.session() as session:
        assert session.exec(select(Review)).one().scale == "accuracy"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slug": "Bad Slug", "name": "X", "levels": LEVELS}, "short name"),
        ({"slug": "truth", "name": "X", "levels": LEVELS}, "already exists"),
        ({"slug": "one", "name": "X", "levels": "Only | 1 | #000000"}, "2 to 12 levels"),
        ({"slug": "two", "name": "X", "levels": "A | 1 | #000000\nB 2 #111111"}, "Line 2"),
        ({"slug": "three", "name": "X", "levels": "A | 1 | red\nB | 2 | #111111"}, "colour"),
    ],
)
def test_bad_scale_is_refused_with_a_message(
    client: FlaskClient,
    db: Database,
    login: Callable[..., object],
    data: dict[str, str],
    message: str,
) -> None:
    login(Role.ADMIN)
    response = client.post("/admin/scales", data=data)
    assert response.status_code == 400
    assert message in text(one(parse(response), ".error-summary"))
    with db.session() as session:
        assert session.exec(select(RatingScaleDefinition)).all() == []


def test_retire_and_restore_scale(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    login(Role.ADMIN)
    client.post("/admin/scales", data={"slug": "accuracy", "name": "Accuracy", "levels": LEVELS})
    assert client.post("/admin/scales/accuracy/retire").status_code == 302
    with db.session() as session:
        assert not session.exec(select(RatingScaleDefinition)).one().is_active
    badge = one(parse(client.get("/admin/scales")), 'section[data-scale="accuracy"] .state-badge')
    assert text(badge) == "retired"
    assert client.post("/admin/scales/accuracy/restore").status_code == 302
    with db.session() as session:
        assert session.exec(select(RatingScaleDefinition)).one().is_active
    refused = client.post("/admin/scales/truth/retire", follow_redirects=True)
    assert "Built-in" in text(one(parse(refused), ".flash-error"))
    assert client.post("/admin/scales/nope/retire").status_code == 404
