"""Published verdicts: ``GET /reviews`` and ``GET /reviews/<id>`` (public, no token).

Read through :mod:`onrecord.pipeline.publish.verdicts`, like the public pages and
the widgets, so all three say the same thing.
"""

from __future__ import annotations

from typing import Any

from flask.typing import ResponseReturnValue

from onrecord.pipeline.publish.records import PublishedVerdict
from onrecord.pipeline.publish.verdicts import (
    InvalidCursor,
    list_published_verdicts,
    load_published_verdict,
)
from onrecord.web.api.errors import ApiError
from onrecord.web.api.pagination import bad_cursor, next_link
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import ReviewListQuery, VerdictList, VerdictOut
from onrecord.web.extensions import db_session
from onrecord.web.public.urls import public_url


def verdict_data(verdict: PublishedVerdict) -> dict[str, Any]:
    """A verdict's public fields plus the address of its public page."""
    return {**verdict.to_public(), "url": public_url("public.verdict", review_id=verdict.id)}


@operation(
    "/reviews",
    summary="List published verdicts",
    tag="reviews",
    query=ReviewListQuery,
    response=VerdictList,
    errors=(422,),
)
def list_reviews(query: ReviewListQuery) -> ResponseReturnValue:
    """Published, corrected and retracted verdicts, newest published first, with filters.

    Pages are keyset-paginated: follow `next` (or the `Link` header) until it is null.
    """
    try:
        page = list_published_verdicts(
            db_session(),
            q=query.q,
            speaker_slug=query.speaker,
            rating=query.rating,
            scale=query.scale,
            date_from=query.date_from,
            date_to=query.date_to,
            after=query.cursor,
            limit=query.limit,
        )
    except InvalidCursor as exc:
        raise bad_cursor(str(exc)) from None
    address, headers = next_link(page.next_cursor)
    data = {
        "data": [verdict_data(verdict) for verdict in page.verdicts],
        "next": address,
        "next_cursor": page.next_cursor,
    }
    return respond(VerdictList, data, headers=headers)


@operation(
    "/reviews/<int:review_id>",
    summary="One published verdict",
    tag="reviews",
    response=VerdictOut,
    errors=(404,),
)
def get_review(review_id: int) -> ResponseReturnValue:
    """A published verdict with its rating, evidence and corrections log.

    Retracted verdicts are returned with state `retracted`; drafts are 404.
    """
    verdict = load_published_verdict(db_session(), review_id)
    if verdict is None:
        raise ApiError(404, f"There is no published verdict number {review_id}.")
    return respond(VerdictOut, verdict_data(verdict))
