"""The review queue's query: statements with their verdict, filtered and sorted (read-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from onrecord.models import (
    LinkStatus,
    Outlet,
    Review,
    Source,
    Speaker,
    Statement,
    StatementKind,
    StatementLink,
    StatementStatus,
)
from onrecord.pipeline.review.states import PUBLIC_STATES
from onrecord.web.pagination import AnySelect

#: Lowest stored check-worthiness of each level.
WORTH_LEVELS = {"high": 0.7, "medium": 0.45}
#: Statuses that still need work (the queue's default).
OPEN_STATUSES = (StatementStatus.NEW, StatementStatus.IN_PROGRESS)
SORTS = {
    "newest": "Newest first",
    "oldest": "Oldest first",
    "worth": "Most check-worthy first",
    "speaker": "Speaker A–Z",
}


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What the queue shows; every field optional."""

    status: str = "open"
    speaker: str = ""
    outlet: str = ""
    said_from: dt.date | None = None
    said_until: dt.date | None = None
    kind: str = ""
    worth: str = ""
    assignee: str = ""  # "", "me", "nobody" or a user id
    verdict: str = ""  # a review state, "none", or "public" (any public state)
    suggestions: bool = False
    sort: str = "newest"


def _contains(column: Any, text: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(column).contains(text.lower(), autoescape=True)


def _conditions(filters: QueueFilters, user_id: int | None) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.status == "open":
        where.append(col(Statement.status).in_(OPEN_STATUSES))
    elif filters.status:
        where.append(col(Statement.status) == StatementStatus(filters.status))
    if filters.speaker:
        where.append(_contains(col(Speaker.name), filters.speaker))
    if filters.outlet:
        where.append(_contains(col(Outlet.name), filters.outlet))
    if filters.said_from:
        where.append(col(Statement.said_on) >= filters.said_from)
    if filters.said_until:
        where.append(col(Statement.said_on) <= filters.said_until)
    if filters.kind:
        where.append(col(Statement.kind) == StatementKind(filters.kind))
    if filters.worth in WORTH_LEVELS:
        where.append(col(Statement.checkworthiness) >= WORTH_LEVELS[filters.worth])
    if filters.assignee == "me":
        where.append(col(Review.assignee_id) == user_id)
    elif filters.assignee == "nobody":
        where.append(col(Review.assignee_id).is_(None))
    elif filters.assignee.isdigit():
        where.append(col(Review.assignee_id) == int(filters.assignee))
    if filters.verdict == "none":
        where.append(col(Review.id).is_(None))
    elif filters.verdict == "public":  # the JSON API's search: published, corrected, retracted
        where.append(col(Review.state).in_(PUBLIC_STATES))
    elif filters.verdict:
        where.append(col(Review.state) == filters.verdict)
    if filters.suggestions:
        where.append(_has_suggestions())
    return where


def _has_suggestions() -> sa.ColumnElement[bool]:
    return sa.exists().where(
        col(StatementLink.status) == LinkStatus.SUGGESTED,
        sa.or_(
            col(StatementLink.statement_id) == col(Statement.id),
            col(StatementLink.other_id) == col(Statement.id),
        ),
    )


def _order(sort: str) -> list[sa.UnaryExpression[Any]]:
    if sort == "oldest":
        return [col(Statement.said_on).asc().nulls_last(), col(Statement.id).asc()]
    if sort == "worth":
        return [col(Statement.checkworthiness).desc().nulls_last(), col(Statement.id).desc()]
    if sort == "speaker":
        return [sa.func.lower(col(Speaker.name)).asc().nulls_last(), col(Statement.id).desc()]
    return [col(Statement.said_on).desc().nulls_last(), col(Statement.id).desc()]


def queue_query(filters: QueueFilters, user_id: int | None) -> AnySelect:
    """``(Statement, Speaker | None, Source, Outlet | None, Review | None)`` rows, sorted."""
    return (
        sa.select(Statement, Speaker, Source, Outlet, Review)
        .join(Source, col(Source.id) == col(Statement.source_id))
        .outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
        .outerjoin(Outlet, col(Outlet.id) == col(Source.outlet_id))
        .outerjoin(Review, col(Review.statement_id) == col(Statement.id))
        .where(*_conditions(filters, user_id))
        .order_by(*_order(filters.sort))
    )


def queue_ids_query(filters: QueueFilters, user_id: int | None) -> AnySelect:
    """The statement ids of :func:`queue_query`, sorted, joining only what the filters need.

    Counting and paging ids on the statement table alone is what keeps the
    queue fast on large corpora; :func:`queue_rows` then loads one page.
    """
    query = sa.select(col(Statement.id))
    if filters.outlet:
        query = query.join(Source, col(Source.id) == col(Statement.source_id)).outerjoin(
            Outlet, col(Outlet.id) == col(Source.outlet_id)
        )
    if filters.speaker or filters.sort == "speaker":
        query = query.outerjoin(Speaker, col(Speaker.id) == col(Statement.speaker_id))
    if filters.assignee or filters.verdict:
        query = query.outerjoin(Review, col(Review.statement_id) == col(Statement.id))
    return query.where(*_conditions(filters, user_id)).order_by(*_order(filters.sort))


def queue_rows(session: Session, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The :func:`queue_query` rows of these statement ids, in the order given."""
    if not ids:
        return []
    rows = session.execute(
        queue_query(QueueFilters(status=""), None).order_by(None).where(col(Statement.id).in_(ids))
    ).all()
    by_id = {row[0].id: tuple(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]
