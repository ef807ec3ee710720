"""Statements with public verdicts: ``GET /statements`` and ``GET /statements/<id>`` (public).

Only statements that have a published, corrected or retracted verdict are
visible; everything else is desk work and answers 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask.typing import ResponseReturnValue
from sqlmodel import Session, col

from onrecord.models import Review, Statement
from onrecord.pipeline.publish.verdicts import load_published_verdict
from onrecord.pipeline.review.states import PUBLIC_STATES
from onrecord.web.api.errors import ApiError
from onrecord.web.api.pagination import decode_cursor, encode_cursor, next_link
from onrecord.web.api.reviews import verdict_data
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import PageQuery, StatementList, StatementOut
from onrecord.web.extensions import db_session


def public_statements(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The public data of those statements that have public verdicts, by statement id."""
    if not ids:
        return {}
    reviews = session.execute(
        sa.select(col(Review.id), col(Review.statement_id))
        .where(col(Review.statement_id).in_(ids), col(Review.state).in_(PUBLIC_STATES))
        .order_by(col(Review.id))
    ).all()
    found: dict[int, dict[str, Any]] = {}
    for review_id, statement_id in reviews:
        verdict = load_published_verdict(session, review_id)
        if verdict is None:
            continue
        entry = found.get(statement_id)
        if entry is None:
            entry = found[statement_id] = {
                **verdict.statement.to_public(),
                "speaker": verdict.speaker.to_public() if verdict.speaker else None,
                "source": verdict.source.to_public(),
                "verdicts": [],
            }
        entry["verdicts"].append(verdict_data(verdict))
    return found


def _has_public_verdict() -> sa.ColumnElement[bool]:
    return sa.exists().where(
        col(Review.statement_id) == col(Statement.id), col(Review.state).in_(PUBLIC_STATES)
    )


@operation(
    "/statements",
    summary="List statements with public verdicts",
    tag="statements",
    query=PageQuery,
    response=StatementList,
    errors=(422,),
)
def list_statements(query: PageQuery) -> ResponseReturnValue:
    """Statements that have a public verdict, newest first (by id), each with its verdicts."""
    session = db_session()
    select_ids = sa.select(col(Statement.id)).where(_has_public_verdict())
    if query.cursor:
        (last_id,) = decode_cursor(query.cursor, int)
        select_ids = select_ids.where(col(Statement.id) < last_id)
    ids = list(
        session.execute(select_ids.order_by(col(Statement.id).desc()).limit(query.limit + 1))
        .scalars()
        .all()
    )
    shown = ids[: query.limit]
    cursor = encode_cursor(shown[-1]) if len(ids) > query.limit and shown else None
    found = public_statements(session, shown)
    address, headers = next_link(cursor)
    data = {
        "data": [found[i] for i in shown if i in found],
        "next": address,
        "next_cursor": cursor,
    }
    return respond(StatementList, data, headers=headers)


@operation(
    "/statements/<int:statement_id>",
    summary="One statement with its public verdicts",
    tag="statements",
    response=StatementOut,
    errors=(404,),
)
def get_statement(statement_id: int) -> ResponseReturnValue:
    """The statement, who said it, where, and its public verdicts."""
    found = public_statements(db_session(), [statement_id])
    if statement_id not in found:
        raise ApiError(404, f"There is no statement number {statement_id} with a public verdict.")
    return respond(StatementOut, found[statement_id])
