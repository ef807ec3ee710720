"""Verdicts walked through the real review workflow, for the publishing tests.

Corrections and retractions must look exactly as the desk makes them (revisions
with public notes), so these call the review operations rather than writing rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from onrecord.models import Review, Role, Speaker, Statement
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import (
    correct_review,
    create_review,
    retract_review,
    save_review,
    transition_review,
)
from onrecord.pipeline.review.states import ReviewAction
from onrecord.pipeline.review.verdicts import VerdictChanges
from tests import factories


@dataclass(frozen=True, slots=True)
class Desk:
    """A fact-checker, a second reader and an editor."""

    checker: Actor
    reader: Actor
    editor: Actor


def make_desk(session: Session) -> Desk:
    """Three users with the roles the workflow needs."""
    people = [
        factories.make_user(session, role=role)
        for role in (Role.FACT_CHECKER, Role.FACT_CHECKER, Role.EDITOR)
    ]
    checker, reader, editor = (Actor(user.id, user.role) for user in people)
    return Desk(checker, reader, editor)


def changes(
    *,
    label: str = "Mostly False",
    summary: str = "The deficit fell below three percent",
    explanation: str = "The **budget annex** says 3.4 percent.",
    evidence: list[dict[str, str]] | None = None,
    notes: str = "internal: ask the ministry",
) -> VerdictChanges:
    """Verdict text with defaults (``notes`` is internal and must never be public)."""
    if evidence is None:
        evidence = [{"title": "Budget annex", "url": "https://finance.example/annex"}]
    return VerdictChanges(
        label=label, summary=summary, explanation=explanation, evidence=evidence, notes=notes
    )


def review_up_to(
    session: Session,
    desk: Desk,
    statement: Statement,
    *,
    last: ReviewAction = ReviewAction.PUBLISH,
    scale: str = "truth",
    text: VerdictChanges | None = None,
) -> Review:
    """A verdict on ``statement`` taken through the workflow up to and including ``last``."""
    assert statement.id is not None
    review = create_review(session, statement_id=statement.id, actor=desk.checker, scale=scale)
    assert review.id is not None
    save_review(
        session,
        review_id=review.id,
        expected_version=review.version,
        changes=text or changes(),
        actor=desk.checker,
    )
    steps = [
        (ReviewAction.SUBMIT, desk.checker),
        (ReviewAction.REQUEST_SECOND_READ, desk.checker),
        (ReviewAction.SECOND_READ, desk.reader),
        (ReviewAction.PUBLISH, desk.editor),
    ]
    for action, actor in steps:
        review = transition_review(
            session,
            review_id=review.id,
            action=action,
            expected_version=review.version,
            actor=actor,
        )
        if action == last:
            break
    return review


def publish(
    session: Session,
    desk: Desk,
    *,
    speaker: Speaker | None = None,
    quote: str | None = None,
    said_on: dt.date = dt.date(2024, 5, 1),
    scale: str = "truth",
    text: VerdictChanges | None = None,
    source_title: str = "An article",
    source_url: str | None = None,
) -> Review:
    """A published verdict on a new statement (and a new source)."""
    source = None
    if quote is not None or source_url is not None:
        quote = quote or f"\u201cWe will cut the deficit by {said_on.day} percent,\u201d"
        source = factories.make_source(
            session,
            text=f"Lead paragraph. {quote} she said. More text.",
            title=source_title,
            url=source_url,
        )
    statement = factories.make_statement(
        session, source=source, speaker=speaker, text=quote, said_on=said_on
    )
    return review_up_to(session, desk, statement, scale=scale, text=text)


def correct(
    session: Session, desk: Desk, review: Review, *, note: str, text: VerdictChanges
) -> Review:
    """Publish a correction of ``review``."""
    assert review.id is not None
    return correct_review(
        session,
        review_id=review.id,
        expected_version=review.version,
        changes=text,
        note=note,
        actor=desk.editor,
    )


def retract(session: Session, desk: Desk, review: Review, *, note: str) -> Review:
    """Retract ``review``."""
    assert review.id is not None
    return retract_review(
        session, review_id=review.id, expected_version=review.version, note=note, actor=desk.editor
    )
