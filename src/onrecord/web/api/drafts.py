"""Draft verdicts through the API (token): create, read, update with ``If-Match``.

The review operations do the work (role rules, revisions, audit events,
optimistic locking); this module maps their answers to HTTP: the version is the
``ETag``, an update without ``If-Match`` is 428, a stale one 412 with the
current representation. Field problems are found before anything is written
and answered 422 per field; create-with-fields is one transaction.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from sqlmodel import Session

from onrecord.models import Review, Role
from onrecord.pipeline.review import access
from onrecord.pipeline.review.operations import (
    StaleReview,
    create_review,
    load_review,
    save_review,
)
from onrecord.pipeline.review.scales import get_scale
from onrecord.pipeline.review.verdicts import VerdictChanges, summary_problem, url_problem
from onrecord.web.api.auth import actor
from onrecord.web.api.errors import ApiError
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import DraftCreate, DraftOut, DraftUpdate, ErrorEnvelope
from onrecord.web.extensions import database, db_session

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def draft_data(review: Review) -> dict[str, Any]:
    """The fields of a verdict the API shows its writers (never notes or user ids)."""
    return {
        "id": review.id,
        "statement_id": review.statement_id,
        "state": review.state.value,
        "scale": review.scale,
        "label": review.label,
        "rating_value": review.rating_value,
        "summary": review.summary,
        "explanation": review.explanation,
        "evidence": review.evidence or [],
        "version": review.version,
        "updated_at": review.updated_at,
    }


def etag(review: Review) -> str:
    """The review's version as a strong ETag."""
    return f'"{review.version}"'


def _field_problems(scale: str, fields: dict[str, Any]) -> dict[str, list[str]]:
    """Per-field problems of verdict fields, found before anything is written."""
    problems: dict[str, list[str]] = {}
    summary = fields.get("summary")
    if summary is not None and (problem := summary_problem(summary.strip())):
        problems["summary"] = [problem]
    label = fields.get("label")
    if label:
        try:
            get_scale(scale).level(label)
        except KeyError as exc:
            problems["label"] = [str(exc.args[0])]
    for index, item in enumerate(fields.get("evidence") or []):
        if problem := url_problem(item["url"]):
            problems[f"evidence.{index}.url"] = [problem]
    return problems


def _changes(review: Review, fields: dict[str, Any]) -> VerdictChanges:
    """The review's current verdict with ``fields`` applied (notes are kept as they are)."""
    return VerdictChanges(
        label=fields["label"] if fields.get("label") is not None else review.label,
        summary=fields["summary"] if fields.get("summary") is not None else review.summary,
        explanation=(
            fields["explanation"] if fields.get("explanation") is not None else review.explanation
        ),
        evidence=(
            fields["evidence"] if fields.get("evidence") is not None else review.evidence or []
        ),
        notes=review.notes,
    )


def _answer(review: Review, status: int = 200, **headers: str) -> ResponseReturnValue:
    return respond(
        DraftOut, draft_data(review), status=status, headers={"ETag": etag(review), **headers}
    )


@operation(
    "/drafts",
    method="POST",
    summary="Start a draft verdict on a statement",
    tag="drafts",
    body=DraftCreate,
    response=DraftOut,
    status=201,
    role=Role.FACT_CHECKER,
    errors=(400, 401, 403, 404, 409, 415, 422),
    etag=True,
)
def create_draft(body: DraftCreate) -> ResponseReturnValue:
    """Create a draft (version 1, or 2 when verdict fields are given) as the token's user.

    One verdict per statement: a statement that has one answers 409.
    """
    fields = body.model_dump(exclude={"statement_id", "scale"}, exclude_defaults=True)
    problems = _field_problems(body.scale, fields)
    if problems:
        raise ApiError(422, "Some fields are not valid.", details=problems)
    who = actor()
    with database().write() as session:
        review = create_review(session, statement_id=body.statement_id, actor=who, scale=body.scale)
        if fields:
            review = save_review(
                session,
                review_id=review.id or 0,
                expected_version=review.version,
                changes=_changes(review, fields),
                actor=who,
            )
    location = url_for("api.get_draft", review_id=review.id, _external=True)
    return _answer(review, 201, Location=location)


def _load(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id)
    if review is None:
        raise ApiError(404, f"There is no verdict number {review_id}.")
    return review


@operation(
    "/drafts/<int:review_id>",
    summary="A verdict as its writers see it",
    tag="drafts",
    response=DraftOut,
    role=Role.VIEWER,
    errors=(401, 403, 404),
    etag=True,
)
def get_draft(review_id: int) -> ResponseReturnValue:
    """Any verdict, in any state, with its version as the `ETag` (send it back in `If-Match`)."""
    return _answer(_load(db_session(), review_id))


def expected_version() -> int:
    """The version named by ``If-Match``: 428 without it, 412 when it cannot be a version."""
    header = request.headers.get("If-Match")
    if header is None:
        raise ApiError(
            428,
            "Send If-Match with the ETag you read, so that nobody's change is overwritten.",
        )
    match = _ETAG.match(header)
    if match is None:
        raise ApiError(412, "If-Match does not name a version of this verdict.")
    return int(match.group(1))


@operation(
    "/drafts/<int:review_id>",
    method="PATCH",
    summary="Change a draft verdict (needs If-Match)",
    tag="drafts",
    body=DraftUpdate,
    response=DraftOut,
    role=Role.FACT_CHECKER,
    errors=(400, 401, 403, 404, 409, 415, 422, 428),
    if_match=True,
    etag=True,
    extra_responses={412: (ErrorEnvelope, "Stale If-Match: details.current is the verdict now.")},
)
def update_draft(review_id: int, body: DraftUpdate) -> ResponseReturnValue:
    """Change the fields given; the others keep their value.

    `If-Match` must carry the current `ETag`: 428 without it, 412 (with the current
    verdict in `details.current`) when someone saved in between. Published verdicts
    change only by correction on the desk (409).
    """
    version = expected_version()
    fields = body.model_dump(exclude_none=True)
    with database().write() as session:
        review = _load(session, review_id)
        if review.version != version:
            raise _stale(review)
        if not access.can_edit_review(actor(), review):
            raise ApiError(409, f"This verdict is {review.state.value}; it cannot be edited now.")
        problems = _field_problems(review.scale, fields)
        if problems:
            raise ApiError(422, "Some fields are not valid.", details=problems)
        try:
            review = save_review(
                session,
                review_id=review_id,
                expected_version=version,
                changes=_changes(review, fields),
                actor=actor(),
            )
        except StaleReview:
            raise _stale(load_review(session, review_id)) from None
    return _answer(review)


def _stale(review: Review) -> ApiError:
    current = DraftOut.model_validate(draft_data(review)).model_dump(mode="json")
    return ApiError(
        412,
        f"Someone saved this verdict in the meantime (it is now version {review.version}); "
        "nothing was saved. Merge your change into the current version and send it again.",
        details={"current": current},
        headers={"ETag": etag(review)},
    )
