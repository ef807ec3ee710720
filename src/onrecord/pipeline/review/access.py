"""Who may do what to a verdict: pure predicates, each condition on its own line.

Every function takes the actor's role and id (``None`` for nobody) and the
review (or what is known about it) and answers with a bool. The web layer wraps
them for Flask-Login's user; the operations call them too, so a rule holds
whichever door the request comes through.
"""

from __future__ import annotations

from dataclasses import dataclass

from onrecord.models import Review, ReviewState, Role
from onrecord.pipeline.review.states import (
    EDITABLE_STATES,
    ReviewAction,
    next_state,
    transition,
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: a user id and role (the pipeline never sees Flask's user objects)."""

    id: int | None
    role: Role | None


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """The newsroom's workflow settings.

    ``second_read_required``: publishing needs a second reader (and the editors'
    shortcut ``approve`` is refused). ``second_reader_not_author``: the second
    reader must be someone other than the author.
    """

    second_read_required: bool = True
    second_reader_not_author: bool = True


DEFAULT_POLICY = ReviewPolicy()


def _at_least(role: Role | None, least: Role) -> bool:
    if role is None:
        return False
    return role.rank >= least.rank


def can_create_review(actor: Actor) -> bool:
    """Fact-checkers and up may start a verdict."""
    return _at_least(actor.role, Role.FACT_CHECKER)


def can_assign(actor: Actor, assignee_id: int | None) -> bool:
    """Fact-checkers may take work for themselves; editors may assign anyone."""
    if not _at_least(actor.role, Role.FACT_CHECKER):
        return False
    if _at_least(actor.role, Role.EDITOR):
        return True
    return assignee_id is not None and assignee_id == actor.id


def can_edit_review(actor: Actor, review: Review) -> bool:
    """Unpublished verdicts may be edited by fact-checkers; approved ones only by editors."""
    if not _at_least(actor.role, Role.FACT_CHECKER):
        return False
    if review.state not in EDITABLE_STATES:
        return False
    if review.state == ReviewState.APPROVED:
        return _at_least(actor.role, Role.EDITOR)
    return True


def can_submit(actor: Actor, review: Review) -> bool:
    """A fact-checker submits a draft."""
    return _allowed_by_table(actor, review, ReviewAction.SUBMIT)


def can_request_second_read(actor: Actor, review: Review) -> bool:
    """A fact-checker asks for a second read of a verdict in review."""
    return _allowed_by_table(actor, review, ReviewAction.REQUEST_SECOND_READ)


def can_second_read(actor: Actor, review: Review, policy: ReviewPolicy = DEFAULT_POLICY) -> bool:
    """A fact-checker other than the author signs off the second read."""
    if not _allowed_by_table(actor, review, ReviewAction.SECOND_READ):
        return False
    if policy.second_reader_not_author and actor.id == review.author_id:  # noqa: SIM103
        return False
    return True


def can_approve(actor: Actor, review: Review, policy: ReviewPolicy = DEFAULT_POLICY) -> bool:
    """An editor approves without a second read, only when the policy needs none."""
    if not _allowed_by_table(actor, review, ReviewAction.APPROVE):
        return False
    if policy.second_read_required:  # noqa: SIM103
        return False
    return True


def can_publish(actor: Actor, review: Review, policy: ReviewPolicy = DEFAULT_POLICY) -> bool:
    """An editor publishes an approved verdict that had its second read (when required)."""
    if not _allowed_by_table(actor, review, ReviewAction.PUBLISH):
        return False
    if policy.second_read_required and review.second_reader_id is None:
        return False
    if (  # noqa: SIM103
        policy.second_read_required
        and policy.second_reader_not_author
        and review.second_reader_id == review.author_id
    ):
        return False
    return True


def can_send_back(actor: Actor, review: Review) -> bool:
    """Fact-checkers send work in review back to draft; approved work only editors."""
    if not _allowed_by_table(actor, review, ReviewAction.SEND_BACK):
        return False
    if review.state == ReviewState.APPROVED:
        return _at_least(actor.role, Role.EDITOR)
    return True


def can_correct(actor: Actor, review: Review) -> bool:
    """An editor corrects a published verdict (with a public note)."""
    return _allowed_by_table(actor, review, ReviewAction.CORRECT)


def can_retract(actor: Actor, review: Review) -> bool:
    """An editor retracts a published verdict (with a public note)."""
    return _allowed_by_table(actor, review, ReviewAction.RETRACT)


def can_dismiss(actor: Actor, review: Review) -> bool:
    """A fact-checker dismisses an unpublished verdict of something that is not a claim."""
    return _allowed_by_table(actor, review, ReviewAction.DISMISS)


def can_reopen(actor: Actor, review: Review) -> bool:
    """An editor reopens a dismissed statement."""
    return _allowed_by_table(actor, review, ReviewAction.REOPEN)


def can_take_action(
    actor: Actor, review: Review, action: ReviewAction, policy: ReviewPolicy = DEFAULT_POLICY
) -> bool:
    """Whether ``actor`` may take ``action`` on ``review`` now (dispatches to the rules above)."""
    if action in (ReviewAction.SECOND_READ, ReviewAction.APPROVE, ReviewAction.PUBLISH):
        return _POLICY_RULES[action](actor, review, policy)
    return _RULES[action](actor, review)


def _allowed_by_table(actor: Actor, review: Review, action: ReviewAction) -> bool:
    """The transition table's part: the state allows the action and the role suffices."""
    if actor.id is None:
        return False
    if next_state(review.state, action) is None:
        return False
    return _at_least(actor.role, transition(action).min_role)


_RULES = {
    ReviewAction.SUBMIT: can_submit,
    ReviewAction.REQUEST_SECOND_READ: can_request_second_read,
    ReviewAction.SEND_BACK: can_send_back,
    ReviewAction.CORRECT: can_correct,
    ReviewAction.RETRACT: can_retract,
    ReviewAction.DISMISS: can_dismiss,
    ReviewAction.REOPEN: can_reopen,
}
_POLICY_RULES = {
    ReviewAction.SECOND_READ: can_second_read,
    ReviewAction.APPROVE: can_approve,
    ReviewAction.PUBLISH: can_publish,
}
