"""Operations on verdicts: the only code that changes a review.

Each runs in the caller's transaction (``with database().write() as session``)
and, for every change, appends a :class:`ReviewRevision` and records an
audit event in that same transaction, and keeps ``statement.status`` in step.
Saves carry the version the person loaded (optimistic locking): a stale save
raises :class:`StaleReview` with the current version, and nothing is written.
A published verdict is never edited in place: only :func:`correct_review` and
:func:`retract_review` change it, each with a public note.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.models import (
    RatingScaleDefinition,
    Review,
    ReviewRevision,
    ReviewState,
    Statement,
    StatementStatus,
    utcnow,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, NotFound, OperationError, require_id
from onrecord.pipeline.review import access
from onrecord.pipeline.review.access import DEFAULT_POLICY, Actor, ReviewPolicy
from onrecord.pipeline.review.checkworthiness import score_statement
from onrecord.pipeline.review.scales import (
    all_scales,
    build_scale,
    builtin_slugs,
    get_scale,
    scale_levels_data,
)
from onrecord.pipeline.review.states import (
    NOTE_REQUIRED,
    ReviewAction,
    next_state,
    state_label,
    transition,
)
from onrecord.pipeline.review.verdicts import VerdictChanges, check_verdict, clean_evidence

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
    "assignee_id",
    "published_at",
)
#: Fields a save may change (the rest change only through the workflow).
EDITABLE_FIELDS = ("rating_value", "label", "summary", "explanation", "evidence", "notes")

STATEMENT_STATUS_FOR = {
    ReviewState.PUBLISHED: StatementStatus.CHECKED,
    ReviewState.CORRECTED: StatementStatus.CHECKED,
    ReviewState.DISMISSED: StatementStatus.DISMISSED,
}

#: The audit event of each action (past tense, like every event).
EVENT_FOR = {
    ReviewAction.SUBMIT: "review.submitted",
    ReviewAction.REQUEST_SECOND_READ: "review.second_read_requested",
    ReviewAction.SECOND_READ: "review.second_read",
    ReviewAction.APPROVE: "review.approved",
    ReviewAction.PUBLISH: "review.published",
    ReviewAction.SEND_BACK: "review.sent_back",
    ReviewAction.CORRECT: "review.corrected",
    ReviewAction.RETRACT: "review.retracted",
    ReviewAction.DISMISS: "review.dismissed",
    ReviewAction.REOPEN: "review.reopened",
}


class StaleReview(Conflict):
    """Someone saved the verdict after it was loaded; ``current`` is what they saved."""

    def __init__(self, review: Review) -> None:
        super().__init__(
            f"Someone else saved this verdict in the meantime (it is now version "
            f"{review.version}). Nothing of yours was saved: compare the two versions "
            "and save again."
        )
        self.current_version = review.version
        self.current = snapshot(review)


def snapshot(review: Review) -> dict[str, Any]:
    """The review's fields as JSON-ready values."""
    data = {name: getattr(review, name) for name in SNAPSHOT_FIELDS}
    data["state"] = review.state.value
    data["published_at"] = review.published_at.isoformat() if review.published_at else None
    data["evidence"] = [dict(item) for item in review.evidence or []]
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


def statement_status_for(state: ReviewState) -> StatementStatus:
    """The statement's status while its verdict is in ``state``."""
    return STATEMENT_STATUS_FOR.get(state, StatementStatus.IN_PROGRESS)


def load_review(session: Session, review_id: int, *, for_update: bool = False) -> Review:
    """The review with this id (row-locked on PostgreSQL when ``for_update``); NotFound if none."""
    query = select(Review).where(Review.id == review_id)
    if for_update:
        query = query.with_for_update()
    review = session.exec(query).first()
    if review is None:
        raise NotFound(f"There is no verdict number {review_id}.")
    return review


def review_of_statement(session: Session, statement_id: int) -> Review | None:
    """The newest verdict of a statement, if any."""
    query = (
        select(Review).where(Review.statement_id == statement_id).order_by(col(Review.id).desc())
    )
    return session.exec(query).first()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise OperationError(message)


def _check_version(review: Review, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != review.version:
        raise StaleReview(review)


def _record_change(
    session: Session,
    *,
    review: Review,
    actor: Actor,
    event: str,
    changed: list[str],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """Bump the version, sync the statement, append the revision and the audit event."""
    review.version += 1
    review.updated_at = utcnow()
    session.add(review)
    statement = session.get(Statement, review.statement_id)
    if statement is not None:
        statement.status = statement_status_for(review.state)
        session.add(statement)
    session.flush()
    write_revision(session, review=review, actor_id=actor.id, note=note, changed=changed)
    record_event(
        session,
        action=event,
        object_type="review",
        object_id=review.id,
        actor_id=actor.id,
        data={"version": review.version, "state": review.state.value, **(data or {})},
    )


def create_review(
    session: Session,
    *,
    statement_id: int,
    actor: Actor,
    scale: str = "truth",
    assignee_id: int | None = None,
) -> Review:
    """Start a draft verdict on a statement (one verdict per statement).

    ``scale`` is the rating scale's slug (``flip`` for reversals). The draft
    is version 1 with its first revision; the statement becomes "in progress".
    """
    _require(access.can_create_review(actor), "Only fact-checkers and editors write verdicts.")
    statement = session.get(Statement, statement_id)
    if statement is None:
        raise NotFound(f"There is no statement number {statement_id}.")
    existing = review_of_statement(session, statement_id)
    if existing is not None:
        raise Conflict(f"This statement already has a verdict (number {existing.id}).")
    usable = [s.slug for s in all_scales()]  # built-in and active defined scales
    if scale not in usable:
        raise OperationError(
            f"New verdicts cannot use the scale {scale!r}; choose one of {', '.join(usable)}."
        )
    review = Review(
        statement_id=statement_id,
        scale=scale,
        author_id=actor.id,
        assignee_id=assignee_id if assignee_id is not None else actor.id,
    )
    session.add(review)
    statement.status = StatementStatus.IN_PROGRESS
    session.add(statement)
    session.flush()
    write_revision(session, review=review, actor_id=actor.id, note="created", changed=[])
    record_event(
        session,
        action="review.created",
        object_type="review",
        object_id=review.id,
        actor_id=actor.id,
        data={"statement_id": statement_id, "scale": scale},
    )
    return review


def _apply_changes(review: Review, changes: VerdictChanges) -> list[str]:
    """Put the checked ``changes`` on ``review``; the names of the fields that changed."""
    value, label = check_verdict(review.scale, changes)
    new = {
        "rating_value": value,
        "label": label,
        "summary": changes.summary.strip(),
        "explanation": changes.explanation.strip(),
        "evidence": clean_evidence(changes.evidence),
        "notes": changes.notes.strip(),
    }
    changed = [name for name in EDITABLE_FIELDS if getattr(review, name) != new[name]]
    for name in changed:
        setattr(review, name, new[name])
    return changed


def save_review(
    session: Session,
    *,
    review_id: int,
    expected_version: int,
    changes: VerdictChanges,
    actor: Actor,
) -> Review:
    """Save an unpublished verdict's text.

    Raises :class:`StaleReview` when ``expected_version`` is not the current
    version (someone saved in between), OperationError when the actor may not
    edit it (published verdicts change only by correction) or the text is bad.
    A save that changes nothing writes nothing.
    """
    review = load_review(session, review_id, for_update=True)
    _check_version(review, expected_version)
    _require(
        access.can_edit_review(actor, review),
        "You cannot edit this verdict now. Published verdicts change only by correction.",
    )
    changed = _apply_changes(review, changes)
    if changed:
        _record_change(session, review=review, actor=actor, event="review.saved", changed=changed)
    return review


def transition_review(
    session: Session,
    *,
    review_id: int,
    action: ReviewAction,
    expected_version: int,
    actor: Actor,
    note: str = "",
    changes: VerdictChanges | None = None,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> Review:
    """Take a workflow ``action`` (submit, second read, publish, ...), saving ``changes`` first.

    Corrections and retractions need a public ``note``. Refused with a
    sentence when the state or the actor's role does not allow it.
    """
    review = load_review(session, review_id, for_update=True)
    _check_version(review, expected_version)
    target = next_state(review.state, action)
    if target is None:
        raise Conflict(
            f"A verdict that is {state_label(review.state).lower()} cannot be "
            f"“{transition(action).label.lower()}”."
        )
    _require(
        access.can_take_action(actor, review, action, policy),
        f"You may not “{transition(action).label.lower()}” this verdict.",
    )
    note = note.strip()
    if action in NOTE_REQUIRED and not note:
        raise OperationError("Write the public note that explains the change.")
    changed = _apply_changes(review, changes) if changes is not None else []
    _move(review, action, target, actor, note)
    changed = ["state", *changed]
    if action in NOTE_REQUIRED:
        changed.append("correction_note")
    _record_change(
        session,
        review=review,
        actor=actor,
        event=EVENT_FOR[action],
        changed=changed,
        note=note or transition(action).label,
        data={"action": action.value},
    )
    return review


def _move(
    review: Review, action: ReviewAction, target: ReviewState, actor: Actor, note: str
) -> None:
    """Set the new state and what comes with it (second reader, publication date, note)."""
    review.state = target
    if action == ReviewAction.SECOND_READ:
        review.second_reader_id = actor.id
    if action == ReviewAction.SEND_BACK:
        review.second_reader_id = None
    if action == ReviewAction.PUBLISH:
        review.published_at = utcnow()
    if action in NOTE_REQUIRED:
        review.correction_note = note


def correct_review(
    session: Session,
    *,
    review_id: int,
    expected_version: int,
    changes: VerdictChanges,
    note: str,
    actor: Actor,
) -> Review:
    """Publish a correction: the new text plus a public note; the old text stays in history."""
    return transition_review(
        session,
        review_id=review_id,
        action=ReviewAction.CORRECT,
        expected_version=expected_version,
        actor=actor,
        note=note,
        changes=changes,
    )


def retract_review(
    session: Session, *, review_id: int, expected_version: int, note: str, actor: Actor
) -> Review:
    """Withdraw a published verdict with a public note saying why."""
    return transition_review(
        session,
        review_id=review_id,
        action=ReviewAction.RETRACT,
        expected_version=expected_version,
        actor=actor,
        note=note,
    )


def assign_statement(
    session: Session, *, statement_id: int, assignee_id: int | None, actor: Actor
) -> Review:
    """Give a statement's verdict to someone (starting a draft when there is none)."""
    _require(
        access.can_assign(actor, assignee_id),
        "Fact-checkers can take statements for themselves; editors can assign anyone.",
    )
    review = review_of_statement(session, statement_id)
    if review is None:
        return create_review(
            session, statement_id=statement_id, actor=actor, assignee_id=assignee_id
        )
    review = load_review(session, require_id(review), for_update=True)
    if review.assignee_id == assignee_id:
        return review
    review.assignee_id = assignee_id
    _record_change(
        session,
        review=review,
        actor=actor,
        event="review.assigned",
        changed=["assignee_id"],
        note="assigned",
        data={"assignee_id": assignee_id},
    )
    return review


def score_statements(session: Session, *, only_missing: bool = True, batch: int = 1000) -> int:
    """Store the check-worthiness score of statements (those without one by default).

    The queue filters and sorts by the stored ``statement.checkworthiness``;
    ingestion (or ``onrecord`` maintenance) calls this after new statements
    arrive. Returns how many statements were scored.
    """
    query = select(Statement).order_by(col(Statement.id))
    if only_missing:
        query = query.where(col(Statement.checkworthiness).is_(None))
    scored = 0
    for statement in session.exec(query.execution_options(yield_per=batch)):
        statement.checkworthiness = score_statement(statement.text).score
        session.add(statement)
        scored += 1
    return scored


def define_scale(
    session: Session,
    *,
    slug: str,
    name: str,
    levels: list[dict[str, Any]],
    description: str = "",
    actor_id: int | None = None,
) -> RatingScaleDefinition:
    """Store a new rating scale an admin defined; it can be used at once by new verdicts.

    Raises :class:`OperationError` for an unusable scale and :class:`Conflict` when
    the short name is taken (by a built-in scale or a stored one).
    """
    slug = slug.strip().lower()
    try:
        scale = build_scale(slug, name, levels)
    except ValueError as exc:
        raise OperationError(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
    taken = slug in builtin_slugs() or (
        session.exec(
            select(RatingScaleDefinition.id).where(RatingScaleDefinition.slug == slug)
        ).first()
        is not None
    )
    if taken:
        raise Conflict(f"A scale with the short name “{slug}” already exists.")
    row = RatingScaleDefinition(
        slug=scale.slug,
        name=scale.name,
        description=description.strip(),
        levels=scale_levels_data(scale),
        created_by_id=actor_id,
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except sa.exc.IntegrityError:
        raise Conflict(f"A scale with the short name “{slug}” already exists.") from None
    record_event(
        session,
        action="scale.defined",
        object_type="rating_scale",
        object_id=row.id,
        actor_id=actor_id,
        data={"slug": scale.slug, "levels": len(scale.levels)},
    )
    return row


def set_scale_active(
    session: Session, *, slug: str, active: bool, actor_id: int | None = None
) -> RatingScaleDefinition:
    """Retire a defined scale (new verdicts cannot pick it) or bring it back.

    Verdicts that already use a retired scale keep it. Built-in scales cannot be retired.
    """
    if slug in builtin_slugs():
        raise OperationError("Built-in scales cannot be retired.")
    row = session.exec(
        select(RatingScaleDefinition).where(RatingScaleDefinition.slug == slug)
    ).first()
    if row is None:
        raise NotFound(f"There is no scale “{slug}”.")
    if row.is_active == active:
        return row
    row.is_active = active
    session.add(row)
    record_event(
        session,
        action="scale.restored" if active else "scale.retired",
        object_type="rating_scale",
        object_id=row.id,
        actor_id=actor_id,
        data={"slug": slug},
    )
    return row
