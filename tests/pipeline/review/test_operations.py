"""Review operations on SQLite and PostgreSQL: workflow, revisions, audit, optimistic locking."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import col, select

from onrecord.db import Database
from onrecord.models import (
    AuditEvent,
    Review,
    ReviewRevision,
    ReviewState,
    Role,
    Statement,
    StatementStatus,
)
from onrecord.pipeline.errors import Conflict, NotFound, OperationError
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import (
    StaleReview,
    assign_statement,
    correct_review,
    create_review,
    import_review,
    retract_review,
    save_review,
    score_statements,
    transition_review,
)
from onrecord.pipeline.review.states import ReviewAction
from onrecord.pipeline.review.verdicts import VerdictChanges
from tests import factories

VERDICT = VerdictChanges(
    label="Mostly False",
    summary="Varga says the deficit fell below three percent",
    explanation="The **budget annex** says 3.4 percent.",
    evidence=[{"title": "Budget annex", "url": "https://finance.example/annex"}],
    notes="Ask the ministry",
)


@pytest.fixture
def people(any_db: Database) -> dict[str, Actor]:
    with any_db.write() as session:
        users = {
            name: factories.make_user(session, username=name, role=role)
            for name, role in [
                ("checker", Role.FACT_CHECKER),
                ("checker2", Role.FACT_CHECKER),
                ("editor", Role.EDITOR),
                ("viewer", Role.VIEWER),
            ]
        }
    return {name: Actor(user.id, user.role) for name, user in users.items()}


@pytest.fixture
def statement_id(any_db: Database) -> int:
    with any_db.write() as session:
        statement = factories.make_statement(session)
    assert statement.id is not None
    return statement.id


def draft(db: Database, statement_id: int, actor: Actor) -> Review:
    with db.write() as session:
        return create_review(session, statement_id=statement_id, actor=actor)


def act(db: Database, review: Review, action: ReviewAction, actor: Actor, **kw: object) -> Review:
    assert review.id is not None
    with db.write() as session:
        return transition_review(
            session,
            review_id=review.id,
            action=action,
            expected_version=review.version,
            actor=actor,
            **kw,  # type: ignore[arg-type]
        )


def revisions(db: Database, review_id: int | None) -> list[ReviewRevision]:
    with db.session() as session:
        return list(
            session.exec(
                select(ReviewRevision)
                .where(ReviewRevision.review_id == review_id)
                .order_by(col(ReviewRevision.version))
            )
        )


def events(db: Database, review_id: int | None) -> list[str]:
    with db.session() as session:
        rows = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "review", AuditEvent.object_id == review_id)
            .order_by(col(AuditEvent.id))
        )
        return list(rows)


def statement_status(db: Database, statement_id: int) -> StatementStatus:
    with db.session() as session:
        statement = session.get(Statement, statement_id)
        assert statement is not None
        return statement.status


def test_the_whole_workflow(any_db: Database, people: dict[str, Actor], statement_id: int) -> None:
    review = draft(any_db, statement_id, people["checker"])
    assert statement_status(any_db, statement_id) == StatementStatus.IN_PROGRESS
    with any_db.write() as session:
        review = save_review(
            session,
            review_id=review.id or 0,
            expected_version=1,
            changes=VERDICT,
            actor=people["checker"],
        )
    assert (review.version, review.rating_value, review.label) == (2, 3, "Mostly False")
    review = act(any_db, review, ReviewAction.SUBMIT, people["checker"])
    review = act(any_db, review, ReviewAction.REQUEST_SECOND_READ, people["checker"])
    with pytest.raises(OperationError, match="may not"):
        act(any_db, review, ReviewAction.SECOND_READ, people["checker"])
    review = act(any_db, review, ReviewAction.SECOND_READ, people["checker2"])
    assert review.second_reader_id == people["checker2"].id
    with pytest.raises(OperationError, match="may not"):
        act(any_db, review, ReviewAction.PUBLISH, people["checker2"])
    review = act(any_db, review, ReviewAction.PUBLISH, people["editor"])
    assert review.state == ReviewState.PUBLISHED
    assert review.published_at is not None
    assert statement_status(any_db, statement_id) == StatementStatus.CHECKED

    with any_db.write() as session:
        review = correct_review(
            session,
            review_id=review.id or 0,
            expected_version=review.version,
            changes=VerdictChanges(label="False", summary=VERDICT.summary),
            note="The annex figure was revised to 3.6 percent.",
            actor=people["editor"],
        )
    assert (review.state, review.label) == (ReviewState.CORRECTED, "False")
    assert review.correction_note == "The annex figure was revised to 3.6 percent."
    history = revisions(any_db, review.id)
    assert [r.version for r in history] == list(range(1, 8))
    assert [r.state for r in history][-3:] == [
        ReviewState.APPROVED,
        ReviewState.PUBLISHED,
        ReviewState.CORRECTED,
    ]
    assert history[-2].snapshot["label"] == "Mostly False"  # the published text stays
    assert "label" in history[-1].changed_fields
    assert events(any_db, review.id) == [
        "review.created",
        "review.saved",
        "review.submitted",
        "review.second_read_requested",
        "review.second_read",
        "review.published",
        "review.corrected",
    ]


def test_published_verdicts_are_never_edited_in_place(
    any_db: Database, people: dict[str, Actor], statement_id: int
) -> None:
    with any_db.write() as session:
        statement = session.get(Statement, statement_id)
        assert statement is not None
        review = import_review(
            session, statement=statement, state=ReviewState.PUBLISHED, label="True", summary="s"
        )
    for actor in people.values():
        with pytest.raises(OperationError, match="only by correction"), any_db.write() as session:
            save_review(
                session,
                review_id=review.id or 0,
                expected_version=review.version,
                changes=VERDICT,
                actor=actor,
            )
    with pytest.raises(OperationError, match="public note"), any_db.write() as session:
        retract_review(
            session,
            review_id=review.id or 0,
            expected_version=review.version,
            note=" ",
            actor=people["editor"],
        )
    assert len(revisions(any_db, review.id)) == 1


def test_a_stale_save_is_refused_and_writes_nothing(
    any_db: Database, people: dict[str, Actor], statement_id: int
) -> None:
    review = draft(any_db, statement_id, people["checker"])
    with any_db.write() as session:
        save_review(
            session,
            review_id=review.id or 0,
            expected_version=1,
            changes=VERDICT,
            actor=people["checker2"],
        )
    with pytest.raises(StaleReview) as caught, any_db.write() as session:
        save_review(
            session,
            review_id=review.id or 0,
            expected_version=1,
            changes=VerdictChanges(summary="mine"),
            actor=people["checker"],
        )
    assert caught.value.current_version == 2
    assert caught.value.current["summary"] == VERDICT.summary
    assert len(revisions(any_db, review.id)) == 2
    assert isinstance(caught.value, Conflict)


def test_two_people_save_at_once_and_exactly_one_wins(
    any_db: Database, people: dict[str, Actor], statement_id: int
) -> None:
    review = draft(any_db, statement_id, people["checker"])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(actor: Actor, summary: str) -> None:
        barrier.wait()
        try:
            with any_db.write() as session:
                save_review(
                    session,
                    review_id=review.id or 0,
                    expected_version=1,
                    changes=VerdictChanges(summary=summary),
                    actor=actor,
                )
        except StaleReview:
            outcomes.append("conflict")
        else:
            outcomes.append("saved")

    threads = [
        threading.Thread(target=save, args=(people["checker"], "Varga says A")),
        threading.Thread(target=save, args=(people["checker2"], "Varga says B")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert [r.version for r in revisions(any_db, review.id)] == [1, 2]


def test_revision_and_audit_roll_back_with_the_change(
    any_db: Database, people: dict[str, Actor], statement_id: int
) -> None:
    review = draft(any_db, statement_id, people["checker"])

    def save_then_fail() -> None:
        with any_db.write() as session:
            save_review(
                session,
                review_id=review.id or 0,
                expected_version=1,
                changes=VERDICT,
                actor=people["checker"],
            )
            raise RuntimeError("the request failed after the save")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert len(revisions(any_db, review.id)) == 1
    assert events(any_db, review.id) == ["review.created"]


def test_refusals(any_db: Database, people: dict[str, Actor], statement_id: int) -> None:
    with pytest.raises(OperationError, match="Only fact-checkers"), any_db.write() as session:
        create_review(session, statement_id=statement_id, actor=people["viewer"])
    with pytest.raises(NotFound), any_db.write() as session:
        create_review(session, statement_id=999, actor=people["checker"])
    review = draft(any_db, statement_id, people["checker"])
    with pytest.raises(Conflict, match="already has a verdict"), any_db.write() as session:
        create_review(session, statement_id=statement_id, actor=people["checker"])
    with pytest.raises(Conflict, match="cannot be"):
        act(any_db, review, ReviewAction.PUBLISH, people["editor"])
    with pytest.raises(OperationError, match="without the verdict"), any_db.write() as session:
        save_review(
            session,
            review_id=review.id or 0,
            expected_version=1,
            changes=VerdictChanges(summary="False: taxes"),
            actor=people["checker"],
        )


def test_dismiss_and_reopen_follow_the_statement(
    any_db: Database, people: dict[str, Actor], statement_id: int
) -> None:
    review = draft(any_db, statement_id, people["checker"])
    review = act(any_db, review, ReviewAction.DISMISS, people["checker"])
    assert statement_status(any_db, statement_id) == StatementStatus.DISMISSED
    review = act(any_db, review, ReviewAction.REOPEN, people["editor"])
    assert review.state == ReviewState.DRAFT
    assert statement_status(any_db, statement_id) == StatementStatus.IN_PROGRESS


def test_assigning(any_db: Database, people: dict[str, Actor], statement_id: int) -> None:
    with any_db.write() as session:
        review = assign_statement(
            session,
            statement_id=statement_id,
            assignee_id=people["checker"].id,
            actor=people["checker"],
        )
    assert review.assignee_id == people["checker"].id
    with pytest.raises(OperationError), any_db.write() as session:
        assign_statement(
            session,
            statement_id=statement_id,
            assignee_id=people["checker"].id,
            actor=people["checker2"],
        )
    with any_db.write() as session:
        review = assign_statement(
            session,
            statement_id=statement_id,
            assignee_id=people["checker2"].id,
            actor=people["editor"],
        )
    assert (review.assignee_id, review.version) == (people["checker2"].id, 2)
    assert events(any_db, review.id)[-1] == "review.assigned"


def test_score_statements_fills_missing_scores(any_db: Database) -> None:
    with any_db.write() as session:
        numbers = factories.make_statement(session, text="“Taxes rose by 4 percent in 2023,”")
        opinion = factories.make_statement(session, text="“I think this is a disgrace?”")
        kept = factories.make_statement(session)
        kept.checkworthiness = 0.5
    with any_db.write() as session:
        assert score_statements(session) == 2
    with any_db.session() as session:
        scores = {s.id: s.checkworthiness for s in session.exec(select(Statement)).all()}
    assert scores[kept.id] == 0.5
    assert scores[numbers.id] is not None
    assert scores[numbers.id] >= 0.7
    assert scores[opinion.id] is not None
    assert scores[opinion.id] < 0.3
