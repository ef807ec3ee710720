"""The workflow table and the access rules: every action × state × role."""

from __future__ import annotations

import itertools

import pytest

from onrecord.models import Review, ReviewState, Role
from onrecord.pipeline.review import access
from onrecord.pipeline.review.access import Actor, ReviewPolicy
from onrecord.pipeline.review.states import (
    TRANSITIONS,
    ReviewAction,
    actions_from,
    next_state,
    state_label,
)

AUTHOR, OTHER = 1, 2
S, A = ReviewState, ReviewAction

#: action -> (from states, to state, least role)
EXPECTED = {
    A.SUBMIT: ({S.DRAFT}, S.IN_REVIEW, Role.FACT_CHECKER),
    A.REQUEST_SECOND_READ: ({S.IN_REVIEW}, S.NEEDS_SECOND_READ, Role.FACT_CHECKER),
    A.SECOND_READ: ({S.NEEDS_SECOND_READ}, S.APPROVED, Role.FACT_CHECKER),
    A.APPROVE: ({S.IN_REVIEW}, S.APPROVED, Role.EDITOR),
    A.PUBLISH: ({S.APPROVED}, S.PUBLISHED, Role.EDITOR),
    A.SEND_BACK: ({S.IN_REVIEW, S.NEEDS_SECOND_READ, S.APPROVED}, S.DRAFT, Role.FACT_CHECKER),
    A.CORRECT: ({S.PUBLISHED, S.CORRECTED}, S.CORRECTED, Role.EDITOR),
    A.RETRACT: ({S.PUBLISHED, S.CORRECTED}, S.RETRACTED, Role.EDITOR),
    A.DISMISS: ({S.DRAFT, S.IN_REVIEW, S.NEEDS_SECOND_READ}, S.DISMISSED, Role.FACT_CHECKER),
    A.REOPEN: ({S.DISMISSED}, S.DRAFT, Role.EDITOR),
}
ROLES = [None, *Role]


def review(state: ReviewState, *, second_reader: int | None = OTHER) -> Review:
    return Review(
        id=1, statement_id=1, state=state, author_id=AUTHOR, second_reader_id=second_reader
    )


def test_every_action_has_one_transition() -> None:
    assert {t.action for t in TRANSITIONS} == set(ReviewAction)
    assert len(TRANSITIONS) == len(ReviewAction)


@pytest.mark.parametrize(("action", "state"), list(itertools.product(ReviewAction, ReviewState)))
def test_next_state_table(action: ReviewAction, state: ReviewState) -> None:
    sources, target, _ = EXPECTED[action]
    assert next_state(state, action) == (target if state in sources else None)


@pytest.mark.parametrize(
    ("action", "state", "role"), list(itertools.product(ReviewAction, ReviewState, ROLES))
)
def test_who_may_take_each_action(
    action: ReviewAction, state: ReviewState, role: Role | None
) -> None:
    """Someone other than the author, on a review that had its second read."""
    sources, _, least = EXPECTED[action]
    actor = Actor(OTHER + 1, role)
    allowed = (
        state in sources
        and role is not None
        and role.rank >= least.rank
        and not (action == A.SEND_BACK and state == S.APPROVED and role.rank < Role.EDITOR.rank)
        and action != A.APPROVE  # the default policy requires a second read
    )
    assert access.can_take_action(actor, review(state), action) is allowed


def test_the_author_cannot_second_read_their_own_verdict() -> None:
    target = review(S.NEEDS_SECOND_READ, second_reader=None)
    assert not access.can_second_read(Actor(AUTHOR, Role.EDITOR), target)
    assert access.can_second_read(Actor(OTHER, Role.FACT_CHECKER), target)
    relaxed = ReviewPolicy(second_reader_not_author=False)
    assert access.can_second_read(Actor(AUTHOR, Role.FACT_CHECKER), target, relaxed)


def test_publishing_needs_a_second_reader_who_is_not_the_author() -> None:
    editor = Actor(3, Role.EDITOR)
    assert access.can_publish(editor, review(S.APPROVED))
    assert not access.can_publish(editor, review(S.APPROVED, second_reader=None))
    assert not access.can_publish(editor, review(S.APPROVED, second_reader=AUTHOR))
    no_second_read = ReviewPolicy(second_read_required=False)
    assert access.can_publish(editor, review(S.APPROVED, second_reader=None), no_second_read)
    assert access.can_approve(editor, review(S.IN_REVIEW), no_second_read)
    assert not access.can_approve(Actor(4, Role.FACT_CHECKER), review(S.IN_REVIEW), no_second_read)


@pytest.mark.parametrize(("state", "role"), list(itertools.product(ReviewState, ROLES)))
def test_who_may_edit(state: ReviewState, role: Role | None) -> None:
    actor = Actor(OTHER, role)
    expected = (
        role is not None
        and role.rank >= Role.FACT_CHECKER.rank
        and state in {S.DRAFT, S.IN_REVIEW, S.NEEDS_SECOND_READ, S.APPROVED}
        and (state != S.APPROVED or role.rank >= Role.EDITOR.rank)
    )
    assert access.can_edit_review(actor, review(state)) is expected


def test_published_verdicts_are_never_editable() -> None:
    admin = Actor(OTHER, Role.ADMIN)
    for state in (S.PUBLISHED, S.CORRECTED, S.RETRACTED, S.DISMISSED):
        assert not access.can_edit_review(admin, review(state))


def test_assigning() -> None:
    assert access.can_assign(Actor(5, Role.FACT_CHECKER), 5)
    assert not access.can_assign(Actor(5, Role.FACT_CHECKER), 6)
    assert access.can_assign(Actor(5, Role.EDITOR), 6)
    assert access.can_assign(Actor(5, Role.EDITOR), None)
    assert not access.can_assign(Actor(5, Role.VIEWER), 5)
    assert not access.can_create_review(Actor(5, Role.VIEWER))
    assert access.can_create_review(Actor(5, Role.FACT_CHECKER))


def test_actions_and_labels_for_people() -> None:
    assert [t.action for t in actions_from(S.DRAFT)] == [A.SUBMIT, A.DISMISS]
    assert actions_from(S.RETRACTED) == []
    assert state_label("needs_second_read") == "Needs second read"


def test_nobody_without_an_id_acts() -> None:
    assert not access.can_submit(Actor(None, Role.ADMIN), review(S.DRAFT))
