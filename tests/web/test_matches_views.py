"""Matching on the desk: the statement page's panels, deciding links, the compare page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import (
    AuditEvent,
    FlipRating,
    LinkRelation,
    LinkStatus,
    ReviewState,
    Role,
    StatementLink,
    StatementStatus,
)
from onrecord.pipeline.match.operations import confirm_link, link_state, match_new_statements
from onrecord.web.access import can_decide_link
from tests import factories
from tests.web.html import one, parse, text

BEFORE = "A windfall tax on energy companies is wrong, and it will never happen."
AFTER = "A windfall tax on energy companies is the right and necessary decision."
CHECKED = "Unemployment in Valdoria fell to 4.1 percent in 2024, the lowest level in twenty years."
REPEAT = "Unemployment in Valdoria fell to 4.1 percent in 2024, the lowest in twenty years."

FACT_CHECKER_AND_UP = [
    (Role.ADMIN, True),
    (Role.EDITOR, True),
    (Role.FACT_CHECKER, True),
    (Role.VIEWER, False),
]


def _statement(session: Any, speaker: Any, text_: str, said_on: dt.date) -> Any:
    source = factories.make_source(session, text=f"Report. “{text_}” she said.", published=said_on)
    return factories.make_statement(
        session, source=source, speaker=speaker, text=text_, said_on=said_on
    )


@pytest.fixture
def matched(db: Database) -> dict[str, int]:
    """Varga's windfall-tax reversal, and Malvik repeating a claim checked before."""
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        malvik = factories.make_speaker(session, name="Piet Malvik")
        before = _statement(session, varga, BEFORE, dt.date(2018, 10, 15))
        after = _statement(session, varga, AFTER, dt.date(2023, 9, 12))
        checked = _statement(session, malvik, CHECKED, dt.date(2024, 3, 5))
        factories.make_review(
            session,
            statement=checked,
            state=ReviewState.PUBLISHED,
            label="Half True",
            summary="Registered unemployment only",
        )
        checked.status = StatementStatus.CHECKED
        session.add(checked)
        repeat = _statement(session, malvik, REPEAT, dt.date(2024, 5, 1))
        ids = {"before": before.id, "after": after.id, "checked": checked.id, "repeat": repeat.id}
    match_new_statements(db, ids.values())
    with db.session() as session:
        for key, other, relation in (
            ("reversal", "after", LinkRelation.REVERSAL),
            ("already", "repeat", LinkRelation.ALREADY_CHECKED),
        ):
            link = session.exec(
                select(StatementLink).where(
                    StatementLink.statement_id == ids[other], StatementLink.relation == relation
                )
            ).one()
            ids[key] = link.id or 0
    return ids


def _link(db: Database, link_id: int) -> StatementLink:
    with db.session() as session:
        link = session.get(StatementLink, link_id)
        assert link is not None
        return link


def test_said_before_panel_shows_the_reversal_with_its_flipped_words(
    client: FlaskClient, login: Any, matched: dict[str, int]
) -> None:
    login(Role.VIEWER)
    soup = parse(client.get(f"/statements/{matched['after']}"))
    item = one(soup, f"#said-before #link-{matched['reversal']}")
    assert text(one(item, ".match-head .badge")) == "possible reversal"
    earlier, later = item.select(".match-text blockquote")
    assert text(earlier) == BEFORE
    assert text(later) == AFTER
    assert {m.get_text() for m in earlier.select("mark.match-flip")} >= {"wrong"}
    assert {m.get_text() for m in later.select("mark.match-flip")} >= {"right", "necessary"}
    assert any(s.get_text() == "evaluation" for s in item.select(".match-signals .badge"))
    assert item.select("form") == []  # a viewer sees no decision buttons


def test_already_checked_panel_shows_the_verdict_and_the_differences(
    client: FlaskClient, login: Any, matched: dict[str, int]
) -> None:
    login(Role.FACT_CHECKER)
    soup = parse(client.get(f"/statements/{matched['repeat']}"))
    item = one(soup, f"#already-checked #link-{matched['already']}")
    verdict = one(item, "a.match-verdict")
    assert text(verdict) == "Half True"
    assert verdict["href"] == f"/statements/{matched['checked']}#verdict"
    assert text(one(item, ".match-summary")) == "Registered unemployment only"
    earlier, _ = item.select(".match-text blockquote")
    assert text(earlier) == CHECKED
    assert [m.get_text().strip() for m in earlier.select(".match-changed")] == ["level"]
    actions = [form["action"] for form in item.select(".match-actions form")]
    assert actions == [
        f"/links/{matched['already']}/confirm",
        f"/links/{matched['already']}/dismiss",
    ]
    # The other page lists nothing it was not matched to.
    other = parse(client.get(f"/statements/{matched['before']}"))
    assert other.select("#already-checked .match-item, #said-before .match-item") == []


def test_confirm_and_dismiss_are_recorded_and_kept_by_rematching(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    user = login(Role.FACT_CHECKER)
    link = _link(db, matched["already"])
    response = client.post(
        f"/links/{link.id}/dismiss", data={"state": link_state(link), "note": "other claim"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/statements/{matched['repeat']}#link-{link.id}")
    dismissed = _link(db, link.id or 0)
    assert (dismissed.status, dismissed.note, dismissed.decided_by_id) == (
        LinkStatus.DISMISSED,
        "other claim",
        user.id,  # type: ignore[attr-defined]
    )
    match_new_statements(db, [matched["repeat"]])
    assert _link(db, link.id or 0).status == LinkStatus.DISMISSED
    response = client.post(f"/links/{link.id}/confirm", data={"state": link_state(dismissed)})
    assert _link(db, link.id or 0).status == LinkStatus.CONFIRMED
    with db.session() as session:
        actions = [
            e.action
            for e in session.exec(
                select(AuditEvent).where(AuditEvent.object_type == "statement_link")
            )
        ]
    assert actions == ["link.dismissed", "link.confirmed"]


def test_a_reversal_is_rated_on_the_flip_scale(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    login(Role.EDITOR)
    link = _link(db, matched["reversal"])
    response = client.post(
        f"/links/{link.id}/flip",
        data={"state": link_state(link), "rating": "Full Flop", "note": "wrong, then right"},
    )
    assert response.status_code == 303
    rated = _link(db, link.id or 0)
    assert (rated.status, rated.flip_rating, rated.note) == (
        LinkStatus.CONFIRMED,
        FlipRating.FULL_FLOP,
        "wrong, then right",
    )
    soup = parse(client.get(f"/statements/{matched['after']}"))
    item = one(soup, f"#link-{link.id}")
    assert text(one(item, ".match-decided strong")) == "Full Flop"
    assert one(item, "input[name=rating][checked]")["value"] == "Full Flop"


def test_a_flip_rating_needs_a_choice(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    login(Role.FACT_CHECKER)
    link = _link(db, matched["reversal"])
    response = client.post(
        f"/links/{link.id}/flip", data={"state": link_state(link)}, follow_redirects=True
    )
    assert text(one(parse(response), ".flash-error")) == "Choose No Flip, Half Flip or Full Flop."
    assert _link(db, link.id or 0).flip_rating is None


def test_an_already_checked_link_cannot_be_flip_rated(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    login(Role.FACT_CHECKER)
    link = _link(db, matched["already"])
    response = client.post(
        f"/links/{link.id}/flip",
        data={"state": link_state(link), "rating": "No Flip"},
        follow_redirects=True,
    )
    assert "only a possible reversal" in text(one(parse(response), ".flash")).lower()
    assert _link(db, link.id or 0).flip_rating is None


def test_a_decision_taken_meanwhile_is_not_overwritten(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    login(Role.FACT_CHECKER)
    seen = _link(db, matched["reversal"])
    with db.write() as session:
        other = factories.make_user(session, username="cleo", role=Role.EDITOR)
        other.display_name = "Cleo Checker"
        confirm_link(
            session, link_id=seen.id or 0, expected_state=link_state(seen), actor_id=other.id
        )
    response = client.post(
        f"/links/{seen.id}/dismiss", data={"state": link_state(seen)}, follow_redirects=True
    )
    message = text(one(parse(response), ".flash-error"))
    assert message.startswith("Cleo Checker confirmed this link while you were looking")
    assert _link(db, seen.id or 0).status == LinkStatus.CONFIRMED


class _User:
    is_authenticated = True
    is_active = True

    def __init__(self, role: Role) -> None:
        self.role = role


@pytest.mark.parametrize(("role", "allowed"), FACT_CHECKER_AND_UP)
def test_only_fact_checkers_and_up_decide(
    client: FlaskClient,
    login: Any,
    db: Database,
    matched: dict[str, int],
    role: Role,
    allowed: bool,
) -> None:
    login(role)
    assert can_decide_link(_User(role)) is allowed
    link = _link(db, matched["already"])
    response = client.post(f"/links/{link.id}/confirm", data={"state": link_state(link)})
    assert response.status_code == (303 if allowed else 403)
    expected = LinkStatus.CONFIRMED if allowed else link.status
    assert _link(db, link.id or 0).status == expected


def test_deciding_needs_a_login_and_a_known_link(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    link = _link(db, matched["already"])
    response = client.post(f"/links/{link.id}/confirm", data={"state": link_state(link)})
    assert response.status_code == 302  # to the login page
    login(Role.FACT_CHECKER)
    assert client.post("/links/99999/confirm", data={"state": "x"}).status_code == 404
    assert client.post(f"/links/{link.id}/confirm", data={}).status_code == 400


def test_compare_two_statements_by_number(
    client: FlaskClient, login: Any, matched: dict[str, int]
) -> None:
    login(Role.VIEWER)
    response = client.get(f"/compare?a_id={matched['before']}&b_id={matched['after']}")
    assert response.status_code == 200
    soup = parse(response)
    assert text(one(soup, ".compare-scores .badge")) == "reversal"
    figures = [text(f) for f in soup.select(".match-text figcaption")]
    assert figures == [
        "Earlier: statement {} by Anna Varga, 15 Oct 2018".format(matched["before"]),
        "Later: statement {} by Anna Varga, 12 Sep 2023".format(matched["after"]),
    ]
    assert soup.select(".match-later mark.match-flip")


def test_compare_two_pasted_texts(client: FlaskClient, login: Any) -> None:
    login(Role.VIEWER)
    response = client.get(
        "/compare",
        query_string={
            "a_text": "We will never raise the pension age.",
            "b_text": "We will raise the pension age.",
        },
    )
    soup = parse(response)
    assert text(one(soup, ".compare-scores .badge")) == "reversal"
    kinds = [b.get_text() for b in soup.select(".match-signals .badge")]
    assert kinds[0] == "modality"  # "will never" against "will"
    flipped = [m.get_text() for m in soup.select(".match-earlier mark.match-flip")]
    assert "never" in flipped
    assert soup.select(".match-later mark.match-flip")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"a_id": "99999", "b_text": "x"}, "There is no statement 99999."),
        ({"a_text": "x"}, "Give the later statement's number or paste its text."),
        (
            {"a_id": "1", "a_text": "x", "b_text": "y"},
            "Give the earlier statement's number or its text, not both.",
        ),
        ({"a_id": "abc", "b_text": "y"}, "Not a valid integer value."),
    ],
)
def test_compare_refuses_bad_input_with_form_errors(
    client: FlaskClient, login: Any, matched: dict[str, int], query: dict[str, str], message: str
) -> None:
    login(Role.VIEWER)
    response = client.get("/compare", query_string=query)
    assert response.status_code == 400
    soup = parse(response)
    errors = [text(li) for li in soup.select(".field-errors li")]
    assert f"Error: {message}" in errors
    assert soup.select(".compare-result") == []


def test_compare_page_starts_empty(client: FlaskClient, login: Any) -> None:
    login(Role.VIEWER)
    response = client.get("/compare")
    assert response.status_code == 200
    soup = parse(response)
    assert soup.select(".field-errors, .compare-result") == []
    assert one(soup, "form.compare-form")["method"] == "get"


def test_speaker_page_groups_statements_by_topic_and_marks_confirmed_reversals(
    client: FlaskClient, login: Any, db: Database, matched: dict[str, int]
) -> None:
    login(Role.EDITOR)
    link = _link(db, matched["reversal"])
    client.post(f"/links/{link.id}/flip", data={"state": link_state(link), "rating": "Full Flop"})
    soup = parse(client.get("/speakers/anna-varga"))
    topic = one(soup, ".speaker-topics .timeline-topic")
    items = topic.select(".timeline-list li")
    assert [li["data-statement-id"] for li in items] == [
        str(matched["before"]),
        str(matched["after"]),
    ]
    assert "timeline-reversal" in items[1]["class"]
    assert text(one(items[1], ".timeline-flip")) == "⇄ reversal: Full Flop"
    assert text(one(topic, "h3 .relation-reversal")) == "1 confirmed reversal"
    malvik = parse(client.get("/speakers/piet-malvik"))
    counts = [text(li) for li in malvik.select(".verdict-counts li")]
    assert counts == ["Half True 1"]
