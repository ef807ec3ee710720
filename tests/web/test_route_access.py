"""Every route of the app × every role: who gets in and who is refused.

The table below names, for each route (method and rule), who may use it:
``PUBLIC`` (anyone, logged in or not), a desk role (that role or a higher one,
logged in), ``TOKEN`` (the JSON API's writes: an API token, never a desk
session). A route missing from the table fails
:func:`test_the_table_covers_every_route`, so a new view cannot ship without
its rule being written down and tested here.

"Refused" means what a person sees: an anonymous visitor of a desk page is sent
to the login page, a logged-in user without the role gets 403, an API client
without a token gets 401. "Allowed" means anything else short of a server
error (an empty form is a 400 with messages, an unknown row a 404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import Feed, Job, JobStatus, ReviewState, Role, StatementLink
from onrecord.models.statements import LinkRelation
from onrecord.pipeline.accounts.tokens import create_token
from onrecord.pipeline.review.operations import define_scale
from tests import factories

PUBLIC = "public"
TOKEN = "token"
Access = Role | str


@dataclass(frozen=True)
class Route:
    access: Access
    url: str  # with {placeholders} filled from the fixture's rows
    data: dict[str, str] | None = None  # form or JSON body of a write


#: (method, rule) -> who may use it, and the URL (and body) the test calls.
TABLE: dict[tuple[str, str], Route] = {
    # Desk: reading
    ("GET", "/"): Route(Role.VIEWER, "/"),
    ("GET", "/queue"): Route(Role.VIEWER, "/queue"),
    ("GET", "/search"): Route(Role.VIEWER, "/search?q=deficit"),
    ("GET", "/search.<any(csv, json):fmt>"): Route(Role.VIEWER, "/search.csv?q=deficit"),
    ("GET", "/compare"): Route(Role.VIEWER, "/compare"),
    ("GET", "/sources"): Route(Role.VIEWER, "/sources"),
    ("GET", "/sources/<int:source_id>"): Route(Role.VIEWER, "/sources/{source}"),
    ("GET", "/speakers"): Route(Role.VIEWER, "/speakers?q=varga"),
    ("GET", "/speakers/<slug>"): Route(Role.VIEWER, "/speakers/{slug}"),
    ("GET", "/speakers/unconfirmed"): Route(Role.VIEWER, "/speakers/unconfirmed"),
    ("GET", "/statements/<int:statement_id>"): Route(Role.VIEWER, "/statements/{statement}"),
    ("GET", "/reviews/<int:review_id>/history"): Route(Role.VIEWER, "/reviews/{draft}/history"),
    ("GET", "/feeds"): Route(Role.VIEWER, "/feeds"),
    ("GET", "/feeds/<int:feed_id>"): Route(Role.VIEWER, "/feeds/{feed}"),
    ("GET", "/jobs"): Route(Role.VIEWER, "/jobs"),
    ("GET", "/jobs/<int:job_id>"): Route(Role.VIEWER, "/jobs/{job}"),
    # Desk: fact-checkers' work
    ("GET", "/sources/new"): Route(Role.FACT_CHECKER, "/sources/new"),
    ("POST", "/sources/new"): Route(Role.FACT_CHECKER, "/sources/new", {}),
    ("GET", "/sources/new/url"): Route(Role.FACT_CHECKER, "/sources/new/url"),
    ("POST", "/sources/new/url"): Route(Role.FACT_CHECKER, "/sources/new/url", {}),
    ("GET", "/sources/new/upload"): Route(Role.FACT_CHECKER, "/sources/new/upload"),
    ("POST", "/sources/new/upload"): Route(Role.FACT_CHECKER, "/sources/new/upload", {}),
    ("POST", "/feeds"): Route(Role.FACT_CHECKER, "/feeds", {}),
    ("POST", "/feeds/<int:feed_id>/poll"): Route(Role.FACT_CHECKER, "/feeds/{feed}/poll", {}),
    ("GET", "/speakers/<slug>/edit"): Route(Role.FACT_CHECKER, "/speakers/{slug}/edit"),
    ("POST", "/speakers/<slug>/aliases"): Route(
        Role.FACT_CHECKER, "/speakers/{slug}/aliases", {"alias": "A. Varga"}
    ),
    ("POST", "/speakers/<slug>/roles"): Route(Role.FACT_CHECKER, "/speakers/{slug}/roles", {}),
    ("GET", "/statements/<int:statement_id>/speaker"): Route(
        Role.FACT_CHECKER, "/statements/{statement}/speaker"
    ),
    ("POST", "/statements/<int:statement_id>/speaker"): Route(
        Role.FACT_CHECKER, "/statements/{statement}/speaker", {}
    ),
    ("POST", "/statements/<int:statement_id>/review"): Route(
        Role.FACT_CHECKER, "/statements/{unreviewed}/review", {"scale": "truth"}
    ),
    ("POST", "/statements/<int:statement_id>/assign"): Route(
        Role.FACT_CHECKER, "/statements/{statement}/assign", {"assignee": "{me}"}
    ),
    ("POST", "/reviews/<int:review_id>"): Route(
        Role.FACT_CHECKER,
        "/reviews/{draft}",
        {"version": "{draft_version}", "summary": "Varga says the deficit falls", "action": ""},
    ),
    ("POST", "/links/<int:link_id>/confirm"): Route(
        Role.FACT_CHECKER, "/links/{link_confirm}/confirm", {}
    ),
    ("POST", "/links/<int:link_id>/dismiss"): Route(
        Role.FACT_CHECKER, "/links/{link_dismiss}/dismiss", {}
    ),
    ("POST", "/links/<int:link_id>/flip"): Route(
        Role.FACT_CHECKER, "/links/{link_flip}/flip", {"flip_rating": "full_flop"}
    ),
    # Desk: editors
    ("GET", "/speakers/<slug>/merge"): Route(Role.EDITOR, "/speakers/{slug}/merge"),
    ("GET", "/speakers/<slug>/merge/<other>"): Route(
        Role.EDITOR, "/speakers/{merge_from}/merge/{merge_into}"
    ),
    ("POST", "/speakers/<slug>/merge/<other>"): Route(
        Role.EDITOR, "/speakers/{merge_from}/merge/{merge_into}", {}
    ),
    ("POST", "/jobs/<int:job_id>/retry"): Route(Role.EDITOR, "/jobs/{job}/retry", {}),
    # Desk: admins
    ("GET", "/admin/users"): Route(Role.ADMIN, "/admin/users"),
    ("POST", "/admin/users"): Route(Role.ADMIN, "/admin/users", {}),
    ("GET", "/admin/users/<int:user_id>"): Route(Role.ADMIN, "/admin/users/{other_user}"),
    (
        "POST",
        "/admin/users/<int:user_id>/<any(role, password, disable, enable, sessions):action>",
    ): Route(Role.ADMIN, "/admin/users/{other_user}/sessions", {}),
    ("GET", "/admin/scales"): Route(Role.ADMIN, "/admin/scales"),
    ("POST", "/admin/scales"): Route(Role.ADMIN, "/admin/scales", {}),
    ("POST", "/admin/scales/<slug>/<any(retire, restore):action>"): Route(
        Role.ADMIN, "/admin/scales/stars/retire", {}
    ),
    ("GET", "/admin/tokens"): Route(Role.ADMIN, "/admin/tokens"),
    ("POST", "/admin/tokens"): Route(Role.ADMIN, "/admin/tokens", {}),
    ("POST", "/admin/tokens/<int:token_id>/revoke"): Route(
        Role.ADMIN, "/admin/tokens/{token}/revoke", {}
    ),
    # Accounts
    ("GET", "/login"): Route(PUBLIC, "/login"),
    ("POST", "/login"): Route(PUBLIC, "/login", {}),
    ("POST", "/logout"): Route(Role.VIEWER, "/logout", {}),
    # Public site, widgets, health
    ("GET", "/verdicts"): Route(PUBLIC, "/verdicts"),
    ("GET", "/verdicts.json"): Route(PUBLIC, "/verdicts.json"),
    ("GET", "/verdicts/<int:review_id>"): Route(PUBLIC, "/verdicts/{published}"),
    ("GET", "/verdicts/<int:review_id>.json"): Route(PUBLIC, "/verdicts/{published}.json"),
    ("GET", "/verdicts/claimreview.jsonl"): Route(PUBLIC, "/verdicts/claimreview.jsonl"),
    ("GET", "/people/<slug>"): Route(PUBLIC, "/people/{slug}"),
    ("GET", "/people/<slug>.json"): Route(PUBLIC, "/people/{slug}.json"),
    ("GET", "/embed.js"): Route(PUBLIC, "/embed.js"),
    ("GET", "/embed/reviews/<int:review_id>"): Route(PUBLIC, "/embed/reviews/{published}"),
    ("GET", "/embed/speakers/<slug>"): Route(PUBLIC, "/embed/speakers/{slug}"),
    ("GET", "/oembed"): Route(PUBLIC, "/oembed?url=http://localhost/verdicts/{published}"),
    ("GET", "/healthz"): Route(PUBLIC, "/healthz"),
    ("GET", "/readyz"): Route(PUBLIC, "/readyz"),
    ("GET", "/static/<path:filename>"): Route(PUBLIC, "/static/onrecord.css"),
    # JSON API: public reads
    ("GET", "/api/v1/docs"): Route(PUBLIC, "/api/v1/docs"),
    ("GET", "/api/v1/openapi.json"): Route(PUBLIC, "/api/v1/openapi.json"),
    ("GET", "/api/v1/reviews"): Route(PUBLIC, "/api/v1/reviews"),
    ("GET", "/api/v1/reviews/<int:review_id>"): Route(PUBLIC, "/api/v1/reviews/{published}"),
    ("GET", "/api/v1/search"): Route(PUBLIC, "/api/v1/search?q=deficit"),
    ("GET", "/api/v1/speakers"): Route(PUBLIC, "/api/v1/speakers"),
    ("GET", "/api/v1/speakers/<slug>"): Route(PUBLIC, "/api/v1/speakers/{slug}"),
    ("GET", "/api/v1/statements"): Route(PUBLIC, "/api/v1/statements"),
    ("GET", "/api/v1/statements/<int:statement_id>"): Route(
        PUBLIC, "/api/v1/statements/{published_statement}"
    ),
    # JSON API: token only (a desk session is not enough)
    ("GET", "/api/v1/token"): Route(TOKEN, "/api/v1/token"),
    ("GET", "/api/v1/drafts/<int:review_id>"): Route(TOKEN, "/api/v1/drafts/{draft}"),
    ("POST", "/api/v1/drafts"): Route(TOKEN, "/api/v1/drafts", {}),
    ("PATCH", "/api/v1/drafts/<int:review_id>"): Route(TOKEN, "/api/v1/drafts/{draft}", {}),
    ("POST", "/api/v1/sources/text"): Route(TOKEN, "/api/v1/sources/text", {}),
    ("POST", "/api/v1/sources/url"): Route(TOKEN, "/api/v1/sources/url", {}),
}

#: Least role an API token's user needs for each token route (reading a draft is
#: what a viewer does on the desk; writing needs a fact-checker).
TOKEN_ROLE = {
    ("GET", "/api/v1/token"): Role.VIEWER,
    ("GET", "/api/v1/drafts/{draft}"): Role.VIEWER,
    ("PATCH", "/api/v1/drafts/{draft}"): Role.FACT_CHECKER,
    ("POST", "/api/v1/drafts"): Role.FACT_CHECKER,
    ("POST", "/api/v1/sources/text"): Role.FACT_CHECKER,
    ("POST", "/api/v1/sources/url"): Role.FACT_CHECKER,
}

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def test_the_table_covers_every_route(app: Flask) -> None:
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - IGNORED_METHODS
    }
    assert sorted(routes - TABLE.keys()) == [], "routes without an access rule in TABLE"
    assert sorted(TABLE.keys() - routes) == [], "TABLE names routes the app does not have"


@pytest.fixture
def rows(app: Flask, db: Database) -> dict[str, Any]:
    """One row of everything a route can point at."""
    with db.write() as session:
        anna = factories.make_speaker(session, name="Anna Varga")
        merge_from = factories.make_speaker(session, name="Bela Kiss")
        merge_into = factories.make_speaker(session, name="Bela Kis")
        statement = factories.make_statement(session, speaker=anna)
        unreviewed = factories.make_statement(session, speaker=anna)
        earlier = [factories.make_statement(session, speaker=anna) for _ in range(3)]
        draft = factories.make_review(session, statement=statement)
        published_statement = factories.make_statement(session, speaker=anna)
        published = factories.make_review(
            session, statement=published_statement, state=ReviewState.PUBLISHED
        )
        published.published_at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
        links = []
        for other, relation in zip(
            earlier,
            [LinkRelation.REPEATS, LinkRelation.SAME_TOPIC, LinkRelation.REVERSAL],
            strict=True,
        ):
            link = StatementLink(
                statement_id=unreviewed.id, other_id=other.id, relation=relation, score=3.0
            )
            session.add(link)
            links.append(link)
        feed = Feed(url="http://127.0.0.1:9/feed.xml", title="Local feed")
        job = Job(
            kind="ingest_url",
            key="ingest_url:http://127.0.0.1:9/a",
            params={"url": "http://127.0.0.1:9/a"},  # loopback: the fetcher refuses it
            status=JobStatus.FAILED,
            attempts=1,
        )
        session.add_all([feed, job])
        other_user = factories.make_user(session, username="someone")
        define_scale(
            session,
            slug="stars",
            name="Stars",
            levels=[
                {"label": "One star", "value": 1, "colour": "#b3261e", "description": ""},
                {"label": "Five stars", "value": 5, "colour": "#1b7a3a", "description": ""},
            ],
        )
        key = str(app.config["SECRET_KEY"]).encode()
        token = create_token(session, user_id=other_user.id or 0, name="t", key=key).token
        session.flush()
        return {
            "slug": anna.slug,
            "merge_from": merge_from.slug,
            "merge_into": merge_into.slug,
            "source": statement.source_id,
            "statement": statement.id,
            "unreviewed": unreviewed.id,
            "draft": draft.id,
            "draft_version": draft.version,
            "published": published.id,
            "published_statement": published_statement.id,
            "link_confirm": links[0].id,
            "link_dismiss": links[1].id,
            "link_flip": links[2].id,
            "feed": feed.id,
            "job": job.id,
            "other_user": other_user.id,
            "token": token.id,
        }


RANK = [Role.VIEWER, Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN]


def allowed(access: Access, role: Role | None) -> bool:
    if access == PUBLIC:
        return True
    if access == TOKEN or role is None:
        return False
    assert isinstance(access, Role)
    return RANK.index(role) >= RANK.index(access)


def call(
    client: FlaskClient,
    method: str,
    route: Route,
    values: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> Any:
    url = route.url.format(**values)
    body = {k: v.format(**values) for k, v in (route.data or {}).items()}
    if method == "GET":
        response = client.get(url, headers=headers)
    elif url.startswith("/api/"):
        response = client.open(url, method=method, json=body, headers=headers)
    else:
        response = client.open(url, method=method, data=body, headers=headers)
    response.close()  # files sent by send_file (embed.js, static) stay open otherwise
    return response


def refused_as(response: Any, role: Role | None, url: str) -> str | None:
    """How the request was refused (None: it was not)."""
    if response.status_code in (401, 403):
        return str(response.status_code)
    if response.status_code == 302 and response.location.startswith("/login"):
        return "login"
    # /readyz answers 503 here: the test schema is not stamped with a migration revision.
    assert response.status_code < 500 or url == "/readyz", (role, url, response.status_code)
    return None


def ordered() -> list[tuple[tuple[str, str], Route]]:
    """Logout last: it ends the session the other requests need."""
    return sorted(TABLE.items(), key=lambda item: item[1].url == "/logout")


def logged_out(client: FlaskClient, response: Any) -> bool:
    """Logging out succeeded: sent to the login page, and the desk asks for a login again."""
    gone = client.get("/")
    gone.close()
    return bool(
        response.status_code == 302
        and response.location.startswith("/login")
        and gone.status_code == 302
        and gone.location.startswith("/login")
    )


@pytest.mark.parametrize("role", [None, *RANK], ids=lambda r: r.value if r else "anonymous")
def test_every_route_for_every_role(
    client: FlaskClient, login: Any, rows: dict[str, Any], role: Role | None
) -> None:
    values = dict(rows)
    if role is not None:
        values["me"] = login(role).id
    else:
        values["me"] = rows["other_user"]
    wrong = []
    for (method, _rule), route in ordered():
        url = route.url.format(**values)
        response = call(client, method, route, values)
        if url == "/logout" and role is not None:
            if not logged_out(client, response):
                wrong.append(f"POST /logout did not end the {role.value}'s session")
            continue
        how = refused_as(response, role, url)
        if allowed(route.access, role):
            if how is not None:
                wrong.append(f"{method} {url}: refused ({how}), should be allowed")
        else:
            expected = "401" if url.startswith("/api/") else "login" if role is None else "403"
            if how != expected:
                wrong.append(f"{method} {url}: {how or 'allowed'}, should be refused ({expected})")
    assert wrong == []


@pytest.mark.parametrize("role", RANK, ids=lambda r: r.value)
def test_api_token_routes_for_every_role(
    app: Flask, db: Database, client: FlaskClient, rows: dict[str, Any], role: Role
) -> None:
    key = str(app.config["SECRET_KEY"]).encode()
    with db.write() as session:
        user = factories.make_user(session, role=role)
        secret = create_token(session, user_id=user.id or 0, name="routes", key=key).secret
    headers = {"Authorization": f"Bearer {secret}"}
    wrong = []
    for (method, _rule), route in TABLE.items():
        if route.access != TOKEN:
            continue
        url = route.url.format(**rows)
        how = refused_as(call(client, method, route, rows, headers), role, url)
        should = RANK.index(role) >= RANK.index(TOKEN_ROLE[method, route.url])
        if should and how is not None:
            wrong.append(f"{method} {url}: refused ({how}), should be allowed")
        if not should and how != "403":
            wrong.append(f"{method} {url}: {how or 'allowed'}, should be refused (403)")
    assert wrong == []
