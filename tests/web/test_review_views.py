"""The statement page, the verdict form and its workflow, the history page (through the client)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from onrecord.models import Review, ReviewRevision, ReviewState, Role, StatementLink
from onrecord.models.statements import LinkRelation
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review, import_review
from tests import factories
from tests.web.html import one, parse, text


@pytest.fixture
def statement(db):
    with db.write() as session:
        speaker = factories.make_speaker(session, name="Anna Varga")
        source = factories.make_source(
            session,
            text=(
                "First paragraph about the budget.\n\n"
                "“We will cut the deficit by 2 percent,” Varga said on Monday.\n\n"
                "Third paragraph with more detail.\n\nFourth paragraph, far away."
            ),
            url="https://ledger.example/budget",
        )
        return factories.make_statement(
            session,
            source=source,
            speaker=speaker,
            text="“We will cut the deficit by 2 percent,”",
        )


def start(db, statement, user) -> Review:
    with db.write() as session:
        return create_review(session, statement_id=statement.id, actor=Actor(user.id, user.role))


def verdict(version: int | str, action: str = "", **fields: str) -> dict[str, str]:
    data = {
        "version": str(version),
        "label": "Mostly False",
        "summary": "Varga says the deficit will be cut by 2 percent",
        "explanation": "The **annex** says otherwise.",
        "evidence-0-title": "Budget annex",
        "evidence-0-url": "https://finance.example/annex",
        "notes": "call the ministry",
        "action": action,
    }
    data.update(fields)
    return data


def test_statement_page_shows_the_quote_in_context(client, login, statement) -> None:
    login(Role.VIEWER)
    soup = parse(client.get(f"/statements/{statement.id}"))
    assert text(one(soup, ".statement-quote")) == statement.text
    context = one(soup, ".context-text")
    assert text(one(context, "mark.hl")) == statement.text
    paragraphs = [text(p) for p in context.find_all("p")]
    assert paragraphs[0] == "First paragraph about the budget."
    assert "Fourth paragraph, far away." not in paragraphs  # only the neighbours
    assert one(soup, "a.source-url")["href"] == "https://ledger.example/budget"
    assert text(one(soup, "#who-title + dl a")) == "Anna Varga"
    assert soup.select(".worth-reasons li")
    assert not soup.select("form.verdict-form")  # viewers only read
    assert not soup.select("form[action$='/review']")


def test_unknown_statement_is_404(client, login) -> None:
    login(Role.VIEWER)
    response = client.get("/statements/999")
    assert response.status_code == 404
    assert "no statement" in text(one(parse(response), ".lede"))


def test_checker_starts_saves_and_submits(client, login, db, statement) -> None:
    login(Role.FACT_CHECKER)
    response = client.post(f"/statements/{statement.id}/review", data={"scale": "truth"})
    assert response.status_code == 302
    soup = parse(client.get(f"/statements/{statement.id}"))
    form = one(soup, "form.verdict-form")
    assert one(form, "input[name=version]")["value"] == "1"
    options = [o["value"] for o in form.select("select[name=label] option")]
    assert options == [
        "",
        "True",
        "Mostly True",
        "Half True",
        "Mostly False",
        "False",
        "Pants on Fire",
    ]
    buttons = [b["value"] for b in form.select("button[name=action]")]
    assert buttons == ["", "submit", "dismiss"]
    review_id = form["action"].rsplit("/", 1)[1]
    response = client.post(f"/reviews/{review_id}", data=verdict(1, "submit"))
    assert response.status_code == 302
    with db.session() as session:
        review = session.get(Review, int(review_id))
        assert review is not None
        assert (review.state, review.label, review.version) == (
            ReviewState.IN_REVIEW,
            "Mostly False",
            2,
        )
        assert review.evidence == [
            {"title": "Budget annex", "url": "https://finance.example/annex"}
        ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"summary": "False claim on the deficit"}, "without the verdict"),
        ({"summary": "x" * 151}, "150 characters"),
        ({"evidence-0-url": "javascript:alert(1)"}, "http:// or https://"),
        ({"evidence-0-url": ""}, "Add the address"),
        ({"label": "Full Flop"}, "Not a valid choice"),
        ({"version": "abc"}, "version number"),
        ({"action": "explode"}, "Unknown action"),
    ],
)
def test_bad_verdicts_are_refused_with_a_message(
    client, login, db, statement, fields: dict[str, str], message: str
) -> None:
    user = login(Role.FACT_CHECKER)
    review = start(db, statement, user)
    response = client.post(f"/reviews/{review.id}", data={**verdict(1), **fields})
    assert response.status_code == 400
    assert message in text(one(parse(response), ".error-summary"))
    with db.session() as session:
        assert session.get(Review, review.id).version == 1  # type: ignore[union-attr]


def test_a_stale_save_shows_both_versions(client, login, db, statement) -> None:
    user = login(Role.FACT_CHECKER)
    review = start(db, statement, user)
    assert (
        client.post(f"/reviews/{review.id}", data=verdict(1, summary="Varga says A")).status_code
        == 302
    )
    response = client.post(f"/reviews/{review.id}", data=verdict(1, summary="Varga says B"))
    assert response.status_code == 409
    soup = parse(response)
    mine, theirs = soup.select(".conflict-side")
    assert "Varga says B" in text(mine)
    assert "Varga says A" in text(theirs)
    form = one(soup, "form.verdict-form")
    assert one(form, "input[name=summary]")["value"] == "Varga says B"  # nothing typed is lost
    assert one(form, "input[name=version]")["value"] == "2"


def test_whole_flow_by_role(client, login, db, statement) -> None:
    checker = login(Role.FACT_CHECKER, "checker")
    review = start(db, statement, checker)
    client.post(f"/reviews/{review.id}", data=verdict(1, "submit"))
    client.post(f"/reviews/{review.id}", data=verdict(2, "request_second_read"))
    assert client.post(f"/reviews/{review.id}", data=verdict(3, "second_read")).status_code == 403
    client.post("/logout")
    login(Role.FACT_CHECKER, "checker2")
    assert client.post(f"/reviews/{review.id}", data=verdict(3, "second_read")).status_code == 302
    assert client.post(f"/reviews/{review.id}", data=verdict(4, "publish")).status_code == 403
    client.post("/logout")
    login(Role.EDITOR, "editor")
    assert client.post(f"/reviews/{review.id}", data=verdict(4, "publish")).status_code == 302
    # Published: saving in place is refused; a correction needs a public note.
    assert client.post(f"/reviews/{review.id}", data=verdict(5)).status_code == 403
    response = client.post(f"/reviews/{review.id}", data=verdict(5, "correct", label="False"))
    assert response.status_code == 400
    assert "public note" in text(one(parse(response), ".error-summary"))
    response = client.post(
        f"/reviews/{review.id}",
        data=verdict(5, "correct", label="False", public_note="The annex was revised."),
    )
    assert response.status_code == 302
    soup = parse(client.get(f"/statements/{statement.id}"))
    assert "The annex was revised." in text(one(soup, ".correction-note"))
    assert text(one(soup, ".rating-badge")) == "False"
    with db.session() as session:
        states = session.exec(
            select(ReviewRevision.state)
            .where(ReviewRevision.review_id == review.id)
            .order_by(ReviewRevision.version)
        ).all()
    assert states[-2:] == [ReviewState.PUBLISHED, ReviewState.CORRECTED]

    history = parse(client.get(f"/reviews/{review.id}/history"))
    entries = history.select(".history-entry")
    assert len(entries) == 6
    assert "Corrected" in text(entries[0].find("h2"))
    assert [text(x) for x in entries[0].select("del")][:2] == [
        "was: Published",
        "was: Mostly False",
    ]


def test_explanations_are_sanitised_on_the_page(client, login, db, statement) -> None:
    login(Role.VIEWER)
    with db.write() as session:
        import_review(
            session,
            statement=statement,
            state=ReviewState.PUBLISHED,
            label="True",
            summary="s",
            explanation="**ok** <script>alert(1)</script> [x](javascript:alert(1))",
        )
    soup = parse(client.get(f"/statements/{statement.id}"))
    explanation = one(soup, ".verdict-explanation")
    assert explanation.find("strong") is not None
    assert explanation.find("script") is None
    assert not [a for a in explanation.find_all("a") if "javascript" in a.get("href", "")]


def test_links_panel_shows_matching_suggestions(client, login, db, statement) -> None:
    login(Role.VIEWER)
    with db.write() as session:
        other = factories.make_statement(session)
        session.add(
            StatementLink(
                statement_id=statement.id,
                other_id=other.id,
                relation=LinkRelation.REPEATS,
                score=0.8,
            )
        )
    soup = parse(client.get(f"/statements/{statement.id}"))
    item = one(soup, ".link-item")
    assert one(item, "a")["href"] == f"/statements/{other.id}"


ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/statements/{sid}", {}),
    ("GET", "/reviews/{rid}/history", {}),
    ("POST", "/statements/{sid2}/review", {"scale": "truth"}),
    ("POST", "/reviews/{rid}", {"version": "1", "summary": "Varga says", "action": ""}),
    ("POST", "/statements/{sid}/assign", {"assignee": "{uid}"}),
]
#: role -> expected status of each route above
EXPECTED = {
    Role.VIEWER: [200, 200, 403, 403, 403],
    Role.FACT_CHECKER: [200, 200, 302, 302, 302],
    Role.EDITOR: [200, 200, 302, 302, 302],
    Role.ADMIN: [200, 200, 302, 302, 302],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_routes_by_role(client, login, db, statement, role: Role) -> None:
    with db.write() as session:
        author = factories.make_user(session)
        second = factories.make_statement(session)
    review = start(db, statement, author)
    user = login(role)
    ids = {"sid": statement.id, "sid2": second.id, "rid": review.id, "uid": user.id}
    statuses = []
    for method, path, data in ROUTES:
        url = path.format(**ids)
        body = {k: v.format(**ids) for k, v in data.items()}
        response = client.get(url) if method == "GET" else client.post(url, data=body)
        statuses.append(response.status_code)
    assert statuses == EXPECTED[role]


def test_anonymous_visitors_go_to_login(client, statement) -> None:
    for path in (f"/statements/{statement.id}", "/reviews/1/history", "/queue", "/search"):
        assert client.get(path).status_code == 302
    assert client.post(f"/statements/{statement.id}/review").status_code == 302


def test_a_step_on_an_old_page_shows_the_conflict(client, login, db, statement) -> None:
    """Two editors press Publish on the same page: the second sees what happened instead."""
    checker = login(Role.FACT_CHECKER, "checker")
    review = start(db, statement, checker)
    client.post(f"/reviews/{review.id}", data=verdict(1, "submit"))
    client.post(f"/reviews/{review.id}", data=verdict(2, "send_back"))
    response = client.post(f"/reviews/{review.id}", data=verdict(2, "request_second_read"))
    assert response.status_code == 409
    soup = parse(response)
    assert "Saved version 3" in text(one(soup, "#theirs-title"))
    buttons = [b["value"] for b in soup.select("form.verdict-form button[name=action]")]
    assert buttons == ["", "submit", "dismiss"]  # the buttons of the state saved meanwhile
