"""Operations on verdicts. Each runs in the caller's transaction and writes a revision and an
audit event. (The full review workflow with its state machine builds on these.)"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from onrecord.models import (
    Review,
    ReviewRevision,
    ReviewState,
    Statement,
    StatementStatus,
    utcnow,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import OperationError, require_id
from onrecord.pipeline.review.scales import get_scale

#: Review fields that a revision snapshot records.
SNAPSHOT_FIELDS = (
    "state",
    "scale",
    "rating_value",
    "label",
    "summary",
    "explanation",
    "evidence",
    "correction_note",
    "notes",
    "author_id",
    "second_reader_id",
    "published_at",
)

STATEMENT_STATUS_FOR = {
    ReviewState.PUBLISHED: StatementStatus.CHECKED,
    ReviewState.CORRECTED: StatementStatus.CHECKED,
    ReviewState.DISMISSED: StatementStatus.DISMISSED,
}


def snapshot(review: Review) -> dict[str, Any]:
    """The review's fields as JSON-ready values."""
    data = {name: getattr(review, name) for name in SNAPSHOT_FIELDS}
    data["state"] = review.state.value
    data["published_at"] = review.published_at.isoformat() if review.published_at else None
    return data


def write_revision(
    session: Session, *, review: Review, actor_id: int | None, note: str, changed: list[str]
) -> ReviewRevision:
    """Append a revision with the review's current state."""
    revision = ReviewRevision(
        review_id=require_id(review),
        version=review.version,
        state=review.state,
        snapshot=snapshot(review),
        changed_fields=changed,
        note=note,
        changed_by_id=actor_id,
    )
    session.add(revision)
    return revision


def import_review(
    session: Session,
    *,
    statement: Statement,
    state: ReviewState,
    label: str,
    summary: str,
    explanation: str = "",
    evidence: list[dict[str, str]] | None = None,
    scale: str = "truth",
    author_id: int | None = None,
    second_reader_id: int | None = None,
    correction_note: str = "",
    actor_id: int | None = None,
) -> Review:
    """Store a verdict in a given state without walking the workflow (seeds and imports only)."""
    try:
        level = get_scale(scale).level(label) if label else None
    except KeyError as exc:
        raise OperationError(str(exc.args[0])) from None
    review = Review(
        statement_id=require_id(statement),
        state=state,
        scale=scale,
        rating_value=level.value if level else None,
        label=level.label if level else "",
        summary=summary,
        explanation=explanation,
        evidence=evidence or [],
        correction_note=correction_note,
        author_id=author_id,
        second_reader_id=second_reader_id,
        published_at=utcnow()
        if state in {ReviewState.PUBLISHED, ReviewState.CORRECTED, ReviewState.RETRACTED}
        else None,
    )
    session.add(review)
    session.flush()
    statement.status = STATEMENT_STATUS_FOR.get(state, StatementStatus.IN_PROGRESS)
    session.add(statement)
    write_revision(session, review=review, actor_id=actor_id, note="imported", changed=[])
    record_event(
        session,
        action="review.imported",
        object_type="review",
        object_id=review.id,
        actor_id=actor_id,
        data={"state": state.value},
    )
    return review
