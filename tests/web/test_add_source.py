"""Adding an article by pasting its text."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from onrecord.models import AuditEvent, IngestMethod, Outlet, Role, Source, Statement
from tests import factories
from tests.conftest import make_test_app
from tests.web.conftest import ARTICLE
from tests.web.html import one, parse, text
from tests.web.rows import count_rows

FORM = {
    "title": "Varga defends the budget",
    "outlet": "The Ledger",
    "url": "https://ledger.example/2024/varga-budget",
    "published": "2024-03-05",
    "authors": "Nadia Orsen, Piet Lang ,",
    "text": ARTICLE,
}


def test_form_renders_every_field_with_a_label_and_help(client, login):
    login()
    soup = parse(client.get("/sources/new"))
    form = one(soup, "form.form-article")
    assert form["method"] == "post"
    for name in ("title", "outlet", "url", "published", "authors", "text"):
        control = one(form, f"[name={name}]")
        assert text(one(form, f"label[for={control['id']}]"))
        help_ids = control["aria-describedby"].split()
        assert [text(one(soup, f"#{i}")) != "" for i in help_ids] == [True]
    assert one(form, "[name=published]")["type"] == "date"
    assert one(form, "[name=url]")["type"] == "url"
    assert one(form, "textarea[name=text]") is not None


def test_pasting_an_article_stores_it_and_shows_its_page(client, login, db):
    user = login(Role.FACT_CHECKER)
    response = client.post("/sources/new", data=FORM)
    assert response.status_code == 302
    with db.session() as session:
        source = session.exec(select(Source)).one()
        statements = session.exec(select(Statement)).all()
        outlet = session.get(Outlet, source.outlet_id)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "source.ingested")).one()
    assert response.location == f"/sources/{source.id}"
    assert source.title == FORM["title"]
    assert source.text == ARTICLE
    assert source.authors == ["Nadia Orsen", "Piet Lang"]
    assert source.published_at.date() == dt.date(2024, 3, 5)
    assert source.url == FORM["url"]
    assert source.ingest_method == IngestMethod.PASTE
    assert source.ingested_by_id == user.id
    assert outlet.name == "The Ledger"
    assert event.actor_id == user.id
    assert statements
    soup = parse(client.get(response.location))
    flash = one(soup, ".flash")
    assert flash["role"] == "status"
    assert "flash-success" in flash["class"]
    assert text(flash) == (
        f"Stored source {source.id} (Varga defends the budget) with {len(statements)} statements."
    )
    assert len(soup.select(".article-text mark[data-statement-id]")) >= len(statements)


def test_only_text_and_title_are_needed(client, login, db):
    login(Role.EDITOR)
    response = client.post("/sources/new", data={"title": "Short", "text": "Plain text only."})
    assert response.status_code == 302
    with db.session() as session:
        source = session.exec(select(Source)).one()
    assert (source.url, source.outlet_id, source.published_at, source.authors) == (
        None,
        None,
        None,
        [],
    )


def test_pasting_the_same_text_again_goes_to_the_stored_source(client, login, db):
    login(Role.ADMIN)
    first = client.post("/sources/new", data=FORM)
    client.get(first.location)  # consume the first flash
    again = client.post("/sources/new", data={**FORM, "title": "Another headline"})
    assert again.status_code == 302
    assert again.location == first.location
    assert count_rows(db, Source) == 1
    soup = parse(client.get(again.location))
    flash = one(soup, ".flash")
    assert "flash-info" in flash["class"]
    assert text(flash) == (
        f"Already stored as source {first.location.rsplit('/', 1)[1]} "
        "(Varga defends the budget); nothing changed."
    )
    assert text(one(soup, "h1")) == FORM["title"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "  \n\n  "}, "text"),
        ({"title": ""}, "title"),
        ({"url": "not a url"}, "url"),
        ({"published": "5 March"}, "published"),
    ],
)
def test_invalid_form_is_a_400_with_the_error_on_the_field_and_stores_nothing(
    client, login, db, changes, field
):
    login()
    response = client.post("/sources/new", data={**FORM, **changes})
    assert response.status_code == 400
    soup = parse(response)
    control = one(soup, f"[name={field}]")
    assert control["aria-invalid"] == "true"
    error_id = control["aria-describedby"].split()[-1]
    assert text(one(soup, f"#{error_id}")).startswith("Error:")
    assert one(soup, ".error-summary a")["href"] == f"#{control['id']}"
    assert count_rows(db, Source) == 0
    # What was typed is kept.
    if field != "title":
        assert one(soup, "[name=title]")["value"] == FORM["title"]


def test_refused_input_shows_the_operation_message_and_stores_nothing(client, login, db):
    login()
    response = client.post("/sources/new", data={**FORM, "text": "binary\x00junk"})
    assert response.status_code == 400
    soup = parse(response)
    summary = one(soup, ".error-summary")
    assert [text(li) for li in summary.find_all("li")] == [
        "The file looks binary (it contains NUL bytes), not an article."
    ]
    assert count_rows(db, Source) == 0
    with db.session() as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert "source.ingested" not in actions


def test_viewers_may_not_add_articles(client, login, db):
    login(Role.VIEWER)
    response = client.post("/sources/new", data=FORM)
    assert response.status_code == 403
    assert text(one(parse(response), ".status-code")) == "Error 403"
    assert count_rows(db, Source) == 0


def test_posts_without_csrf_token_are_refused_when_csrf_is_on(tmp_path):
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'csrf.db'}", wtf_csrf_enabled=True)
    db = app.extensions["onrecord.db"]
    try:
        with db.write() as session:
            factories.make_user(session, username="carla", role=Role.FACT_CHECKER)
        client = app.test_client()
        login_page = parse(client.get("/login"))
        token = one(login_page, "input[name=csrf_token]")["value"]
        logged_in = client.post(
            "/login",
            data={"username": "carla", "password": factories.DEFAULT_PASSWORD, "csrf_token": token},
        )
        assert logged_in.status_code == 302
        response = client.post("/sources/new", data=FORM)
        assert response.status_code == 400
        assert text(one(parse(response), "h1")) == "Form expired"
        assert count_rows(db, Source) == 0
        page = parse(client.get("/sources/new"))
        form_token = one(page, "form.form-article input[name=csrf_token]")["value"]
        accepted = client.post("/sources/new", data={**FORM, "csrf_token": form_token})
        assert accepted.status_code == 302
        assert count_rows(db, Source) == 1
        # Logging out needs the token of the header's form too.
        assert client.post("/logout").status_code == 400
        logout_token = one(page, "form.logout-form input[name=csrf_token]")["value"]
        assert client.post("/logout", data={"csrf_token": logout_token}).status_code == 302
        assert client.get("/").status_code == 302
    finally:
        db.dispose()
