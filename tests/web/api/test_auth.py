"""Token authentication on the API, and the admin page that manages tokens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import ApiToken, Role, User
from tests.web.api.conftest import BASE, Published, assert_envelope, bearer
from tests.web.html import one, parse, text

DRAFT = {"statement_id": 1}


def test_write_without_token_is_401_with_a_challenge(client: FlaskClient) -> None:
    response = client.post(f"{BASE}/drafts", json=DRAFT)
    assert_envelope(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer onr_abcdefgh_" + "x" * 43, "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer "],
)
def test_wrong_tokens_are_401_even_on_public_reads(client: FlaskClient, header: str) -> None:
    assert_envelope(
        client.get(f"{BASE}/reviews", headers={"Authorization": header}), 401, "unauthorized"
    )
    assert_envelope(
        client.post(f"{BASE}/drafts", json=DRAFT, headers={"Authorization": header}),
        401,
        "unauthorized",
    )


def test_revoked_token_is_401(
    client: FlaskClient, db: Database, make_token: Callable[..., str]
) -> None:
    token = make_token(Role.FACT_CHECKER)
    assert client.get(f"{BASE}/token", headers=bearer(token)).status_code == 200
    with db.write() as session:
        row = session.exec(select(ApiToken)).one()
        row.revoked_at = row.created_at
        session.add(row)
    assert_envelope(client.get(f"{BASE}/token", headers=bearer(token)), 401, "unauthorized")


def test_deactivated_user_token_is_401(
    client: FlaskClient, db: Database, make_token: Callable[..., str]
) -> None:
    token = make_token(Role.EDITOR)
    with db.write() as session:
        user = session.exec(select(User)).one()
        user.is_active = False
        session.add(user)
    assert_envelope(client.get(f"{BASE}/token", headers=bearer(token)), 401, "unauthorized")


def test_role_too_low_is_403_and_nothing_is_written(
    client: FlaskClient, make_token: Callable[..., str], published: Published
) -> None:
    viewer = make_token(Role.VIEWER)
    response = client.post(
        f"{BASE}/drafts",
        json={"statement_id": published.draft_statement_id},
        headers=bearer(viewer),
    )
    assert_envelope(response, 403, "forbidden")
    response = client.post(f"{BASE}/sources/text", json={"text": "x"}, headers=bearer(viewer))
    assert_envelope(response, 403, "forbidden")


def test_token_info_and_last_used(
    client: FlaskClient, db: Database, make_token: Callable[..., str]
) -> None:
    token = make_token(Role.EDITOR, name="newsroom CMS")
    body = client.get(f"{BASE}/token", headers=bearer(token)).get_json()
    assert body["name"] == "newsroom CMS"
    assert body["user"]["role"] == "editor"
    assert token.startswith(f"onr_{body['prefix']}_")
    with db.session() as session:
        assert session.exec(select(ApiToken)).one().last_used_at is not None


# --- /admin/tokens -----------------------------------------------------------------------


def test_admin_pages_need_an_admin(client: FlaskClient, login: Callable[..., object]) -> None:
    response = client.get("/admin/tokens")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    login(Role.EDITOR)
    assert client.get("/admin/tokens").status_code == 403
    assert client.post("/admin/tokens", data={"user_id": "1", "name": "x"}).status_code == 403
    assert client.post("/admin/tokens/1/revoke").status_code == 403


def test_admin_creates_shows_once_and_revokes(
    client: FlaskClient, db: Database, login: Callable[..., object]
) -> None:
    admin = login(Role.ADMIN)
    assert isinstance(admin, User)
    page = client.get("/admin/tokens")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    response = client.post("/admin/tokens", data={"user_id": str(admin.id), "name": "CMS"})
    assert response.status_code == 201
    secret = text(one(parse(response), "#token-secret"))
    assert secret.startswith("onr_")
    assert client.get(f"{BASE}/token", headers=bearer(secret)).status_code == 200
    # Shown once: the list afterwards has only the prefix.
    again = client.get("/admin/tokens")
    assert secret not in again.get_data(as_text=True)
    assert not parse(again).select("#token-secret")
    row = one(parse(again), "tr.token-row")
    assert text(one(row, ".token-status")) == "active"
    response = client.post(f"/admin/tokens/{row['data-token-id']}/revoke")
    assert response.status_code == 302
    row = one(parse(client.get("/admin/tokens")), "tr.token-row")
    assert text(one(row, ".token-status")).startswith("revoked")
    assert_envelope(client.get(f"{BASE}/token", headers=bearer(secret)), 401, "unauthorized")


def test_admin_form_errors_are_shown(client: FlaskClient, login: Callable[..., object]) -> None:
    admin = login(Role.ADMIN)
    assert isinstance(admin, User)
    response = client.post("/admin/tokens", data={"user_id": str(admin.id), "name": ""})
    assert response.status_code == 400
    assert one(parse(response), ".field.has-error .field-errors")


def test_admins_see_the_tokens_link(client: FlaskClient, login: Callable[..., object]) -> None:
    login(Role.ADMIN)
    soup = parse(client.get("/admin/tokens"))
    current = one(one(soup, "nav[aria-label=Main]"), "a[aria-current=page]")
    assert (text(current), current["href"]) == ("Admin", "/admin/users")
    current = one(one(soup, "nav[aria-label=Admin]"), "a[aria-current=page]")
    assert (text(current), current["href"]) == ("API tokens", "/admin/tokens")
