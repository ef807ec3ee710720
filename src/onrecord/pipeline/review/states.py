"""The review workflow as data: states, actions and the transitions between them.

A pure core (no database, no Flask). Each :class:`Transition` says from which
states an action may be taken, where it leads and the least role that may take
it; the extra conditions (the second reader is not the author, publishing needs
a second read) live in :mod:`onrecord.pipeline.review.access`.

The usual path of a verdict::

    draft --submit--> in_review --request_second_read--> needs_second_read
      --second_read--> approved --publish--> published --correct--> corrected
                                                     \\--retract--> retracted

``send_back`` returns unpublished work to draft, ``dismiss`` marks a statement
that is not a checkable claim, ``reopen`` brings a dismissed one back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from onrecord.models import ReviewState, Role


class ReviewAction(enum.StrEnum):
    """What a person can do to a verdict's state."""

    SUBMIT = "submit"
    REQUEST_SECOND_READ = "request_second_read"
    SECOND_READ = "second_read"
    APPROVE = "approve"
    PUBLISH = "publish"
    SEND_BACK = "send_back"
    CORRECT = "correct"
    RETRACT = "retract"
    DISMISS = "dismiss"
    REOPEN = "reopen"


@dataclass(frozen=True, slots=True)
class Transition:
    """An edge of the workflow: ``action`` leads from any of ``sources`` to ``target``."""

    action: ReviewAction
    sources: frozenset[ReviewState]
    target: ReviewState
    min_role: Role
    label: str  # the button's words
    description: str


S = ReviewState
#: States in which the verdict's text may still be edited (not yet public).
EDITABLE_STATES = frozenset({S.DRAFT, S.IN_REVIEW, S.NEEDS_SECOND_READ, S.APPROVED})
#: States whose verdict the public can see.
PUBLIC_STATES = frozenset({S.PUBLISHED, S.CORRECTED, S.RETRACTED})
#: States in which nothing more happens unless an editor acts.
CLOSED_STATES = frozenset({S.RETRACTED, S.DISMISSED})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        ReviewAction.SUBMIT,
        frozenset({S.DRAFT}),
        S.IN_REVIEW,
        Role.FACT_CHECKER,
        "Submit for review",
        "The draft is ready for the desk to look at.",
    ),
    Transition(
        ReviewAction.REQUEST_SECOND_READ,
        frozenset({S.IN_REVIEW}),
        S.NEEDS_SECOND_READ,
        Role.FACT_CHECKER,
        "Ask for a second read",
        "Another fact-checker must read the verdict before it can be approved.",
    ),
    Transition(
        ReviewAction.SECOND_READ,
        frozenset({S.NEEDS_SECOND_READ}),
        S.APPROVED,
        Role.FACT_CHECKER,
        "Sign off second read",
        "You read the verdict and its evidence and agree; it goes to an editor to publish.",
    ),
    Transition(
        ReviewAction.APPROVE,
        frozenset({S.IN_REVIEW}),
        S.APPROVED,
        Role.EDITOR,
        "Approve without second read",
        "Only when the newsroom does not require a second read.",
    ),
    Transition(
        ReviewAction.PUBLISH,
        frozenset({S.APPROVED}),
        S.PUBLISHED,
        Role.EDITOR,
        "Publish",
        "The verdict becomes public. From now on it changes only by correction or retraction.",
    ),
    Transition(
        ReviewAction.SEND_BACK,
        frozenset({S.IN_REVIEW, S.NEEDS_SECOND_READ, S.APPROVED}),
        S.DRAFT,
        Role.FACT_CHECKER,
        "Send back to draft",
        "The verdict needs more work before it can go on.",
    ),
    Transition(
        ReviewAction.CORRECT,
        frozenset({S.PUBLISHED, S.CORRECTED}),
        S.CORRECTED,
        Role.EDITOR,
        "Publish a correction",
        "Changes the public verdict with a public correction note; the old text stays in history.",
    ),
    Transition(
        ReviewAction.RETRACT,
        frozenset({S.PUBLISHED, S.CORRECTED}),
        S.RETRACTED,
        Role.EDITOR,
        "Retract",
        "Withdraws the public verdict with a public note saying why.",
    ),
    Transition(
        ReviewAction.DISMISS,
        frozenset({S.DRAFT, S.IN_REVIEW, S.NEEDS_SECOND_READ}),
        S.DISMISSED,
        Role.FACT_CHECKER,
        "Dismiss: not a claim",
        "The statement is an opinion, a question or otherwise not checkable.",
    ),
    Transition(
        ReviewAction.REOPEN,
        frozenset({S.DISMISSED}),
        S.DRAFT,
        Role.EDITOR,
        "Reopen",
        "The statement is checkable after all; the verdict goes back to draft.",
    ),
)

_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

#: Actions whose form carries a public note (corrections and retractions).
NOTE_REQUIRED = frozenset({ReviewAction.CORRECT, ReviewAction.RETRACT})

STATE_LABELS = {
    S.DRAFT: "Draft",
    S.IN_REVIEW: "In review",
    S.NEEDS_SECOND_READ: "Needs second read",
    S.APPROVED: "Approved",
    S.PUBLISHED: "Published",
    S.CORRECTED: "Corrected",
    S.RETRACTED: "Retracted",
    S.DISMISSED: "Dismissed",
}


def transition(action: ReviewAction) -> Transition:
    """The transition of ``action``."""
    return _BY_ACTION[action]


def next_state(state: ReviewState, action: ReviewAction) -> ReviewState | None:
    """Where ``action`` leads from ``state``; None when it cannot be taken there."""
    edge = _BY_ACTION[action]
    return edge.target if state in edge.sources else None


def actions_from(state: ReviewState) -> list[Transition]:
    """The transitions that start in ``state``, in workflow order."""
    return [edge for edge in TRANSITIONS if state in edge.sources]


def state_label(state: ReviewState | str) -> str:
    """The state in words, for people."""
    return STATE_LABELS[ReviewState(state)]
