"""Read-only queries behind the statement, history, queue and search pages.

Writes go through ``onrecord.pipeline.review.operations``; these only select.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.models import (
    Outlet,
    Review,
    ReviewRevision,
    Role,
    Source,
    Speaker,
    SpeakerRole,
    Statement,
    StatementLink,
    User,
)
from onrecord.pipeline.review.operations import review_of_statement
from onrecord.web.highlight import Paragraph, Span, highlight, paragraph_bounds


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A link to another statement, seen from the statement on the page."""

    link: StatementLink
    other: Statement
    other_speaker: Speaker | None
    other_review: Review | None
    newer: bool  # whether the other statement is the newer one


@dataclass(frozen=True, slots=True)
class StatementDetail:
    """A statement with everything its page shows."""

    statement: Statement
    source: Source
    outlet: Outlet | None
    speaker: Speaker | None
    role: SpeakerRole | None
    review: Review | None
    links: Sequence[LinkRow]
    people: dict[int, str]
    context: Sequence[Paragraph]
    context_start: int
    context_end: int


def role_at(session: Session, speaker_id: int | None, statement: Statement) -> SpeakerRole | None:
    """The role the speaker held on the day of the statement (latest started first)."""
    if speaker_id is None:
        return None
    roles = session.exec(
        select(SpeakerRole)
        .where(SpeakerRole.speaker_id == speaker_id)
        .order_by(col(SpeakerRole.started_on).desc().nulls_last())
    ).all()
    if statement.said_on is None:
        return roles[0] if roles else None
    return next((role for role in roles if role.held_on(statement.said_on)), None)


def quote_context(text: str, statement: Statement) -> tuple[list[Paragraph], int, int]:
    """The paragraph holding the quote and its neighbours, with the quote marked."""
    bounds = paragraph_bounds(text)
    hits = [i for i, (lo, hi) in enumerate(bounds) if lo < statement.end and statement.start < hi]
    if not hits:
        return [], 0, 0
    first, last = max(0, hits[0] - 1), min(len(bounds) - 1, hits[-1] + 1)
    lo, hi = bounds[first][0], bounds[last][1]
    span = Span(statement.start - lo, statement.end - lo, str(statement.kind), statement.id)
    return highlight(text[lo:hi], [span]), lo, hi


def _links(session: Session, statement_id: int) -> list[LinkRow]:
    rows = session.exec(
        select(StatementLink)
        .where(
            sa.or_(
                col(StatementLink.statement_id) == statement_id,
                col(StatementLink.other_id) == statement_id,
            )
        )
        .order_by(col(StatementLink.score).desc())
        .limit(20)
    ).all()
    result = []
    for link in rows:
        newer = link.other_id == statement_id
        other = session.get(Statement, link.statement_id if newer else link.other_id)
        if other is None or other.id is None:
            continue
        speaker = session.get(Speaker, other.speaker_id) if other.speaker_id else None
        result.append(LinkRow(link, other, speaker, review_of_statement(session, other.id), newer))
    return result


def people_names(session: Session, ids: Sequence[int | None]) -> dict[int, str]:
    """Display names of the users with these ids."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(wanted))).all()
    return {user.id: user.display_name or user.username for user in users if user.id is not None}


def statement_detail(session: Session, statement_id: int) -> StatementDetail | None:
    """The statement page's data; None when there is no such statement."""
    statement = session.get(Statement, statement_id)
    if statement is None:
        return None
    source = session.get(Source, statement.source_id)
    if source is None:
        return None
    outlet = session.get(Outlet, source.outlet_id) if source.outlet_id else None
    speaker = session.get(Speaker, statement.speaker_id) if statement.speaker_id else None
    review = review_of_statement(session, statement_id)
    ids = [review.author_id, review.second_reader_id, review.assignee_id] if review else []
    context, lo, hi = quote_context(source.text, statement)
    return StatementDetail(
        statement=statement,
        source=source,
        outlet=outlet,
        speaker=speaker,
        role=role_at(session, statement.speaker_id, statement),
        review=review,
        links=_links(session, statement_id),
        people=people_names(session, ids),
        context=context,
        context_start=lo,
        context_end=hi,
    )


def revisions(session: Session, review_id: int) -> list[ReviewRevision]:
    """A verdict's revisions, oldest first."""
    return list(
        session.exec(
            select(ReviewRevision)
            .where(ReviewRevision.review_id == review_id)
            .order_by(col(ReviewRevision.version))
        ).all()
    )


def desk_people(session: Session) -> list[User]:
    """Active users who can be given work (fact-checkers and up), by name."""
    roles = [Role.FACT_CHECKER, Role.EDITOR, Role.ADMIN]
    return list(
        session.exec(
            select(User)
            .where(col(User.is_active).is_(True), col(User.role).in_(roles))
            .order_by(col(User.username))
        ).all()
    )
