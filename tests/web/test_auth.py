"""Logging in and out through the pages."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from onrecord.models import Role
from tests import factories
from tests.web.html import one, parse, text


@pytest.fixture
def user(db):
    with db.write() as session:
        return factories.make_user(session, username="fiona", role=Role.FACT_CHECKER)


def _log_in(client, query="", password=factories.DEFAULT_PASSWORD):
    return client.post(f"/login{query}", data={"username": "fiona", "password": password})


def test_login_page_renders_the_form_through_the_field_macro(client):
    soup = parse(client.get("/login"))
    form = one(soup, "main form")
    assert form["method"] == "post"
    for name in ("username", "password", "remember"):
        field = one(form, f"input[name={name}]")
        label = one(form, f"label[for={field['id']}]")
        assert text(label)
    assert one(form, "input[name=username]")["autocomplete"] == "username"
    assert one(form, "input[name=password]")["autocomplete"] == "current-password"


def test_login_success_redirects_to_the_desk(client, user):
    response = _log_in(client)
    assert response.status_code == 302
    assert response.location == "/"
    soup = parse(client.get("/"))
    assert text(one(soup, ".account-name")) == "fiona"


def test_login_failure_shows_the_error_on_the_field(client, user):
    response = _log_in(client, password="wrong password here")
    assert response.status_code == 400
    soup = parse(response)
    password = one(soup, "input[name=password]")
    assert password["aria-invalid"] == "true"
    error = one(soup, f"#{password['aria-describedby']}")
    assert text(error) == "Error: Wrong username or password."
    assert one(soup, ".error-summary")["role"] == "alert"
    # Still logged out.
    assert client.get("/").status_code == 302


def test_login_with_empty_fields_is_a_400_with_errors(client):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    soup = parse(response)
    assert len(soup.select(".field.has-error")) == 2


def test_login_follows_a_local_next(client, user):
    response = _log_in(client, "?next=/speakers%3Fq%3Dan")
    assert response.location == "/speakers?q=an"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_login_ignores_a_next_that_leaves_the_site(client, user, target):
    response = _log_in(client, f"?next={quote(target, safe='')}")
    assert response.status_code == 302
    assert response.location == "/"


def test_anonymous_desk_page_redirects_to_login_and_back(client, user):
    response = client.get("/sources?page=1")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    login_page = client.get(response.location)
    assert text(one(parse(login_page), ".flash")) == "Please log in to see this page."
    back = client.post(
        response.location,
        data={"username": "fiona", "password": factories.DEFAULT_PASSWORD},
    )
    assert back.location == "/sources?page=1"


def test_logged_in_user_visiting_login_goes_to_the_desk(client, login):
    login()
    response = client.get("/login")
    assert response.status_code == 302
    assert response.location == "/"


def test_logout_ends_the_session(client, login):
    login()
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.location == "/login"
    flashes = [text(p) for p in parse(client.get("/login")).select(".flash")]
    assert flashes[-1] == "You are logged out."
    assert client.get("/").status_code == 302


def test_logout_by_get_is_not_allowed(client, login):
    login()
    response = client.get("/logout")
    assert response.status_code == 405
    assert client.get("/").status_code == 200
