"""Who may do what in the web layer: every access rule of the desk in one place.

Each predicate takes the current user (Flask-Login's ``current_user``, which may
be anonymous) and answers with a bool; views call them and answer 403 (or send
anonymous people to the login page). Each condition is on its own line.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context

from onrecord.models import Role
from onrecord.pipeline.review import access as review_rules
from onrecord.pipeline.review.access import DEFAULT_POLICY, ReviewPolicy
from onrecord.pipeline.review.access import Actor as ReviewActor
from onrecord.pipeline.review.states import ReviewAction


def _role(user: Any) -> Role | None:
    """The role of a logged-in, active user; None for anyone else."""
    if user is None:
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    role = getattr(user, "role", None)
    if role is None:
        return None
    try:
        return Role(str(role))
    except ValueError:
        return None


def can_view_desk(user: Any) -> bool:
    """Any logged-in user (viewer and up) may read the desk."""
    return _role(user) is not None


def can_add_source(user: Any) -> bool:
    """Fact-checkers, editors and admins may add articles; viewers may not."""
    role = _role(user)
    if role is None:
        return False
    return role.rank >= Role.FACT_CHECKER.rank


def _at_least(user: Any, lowest: Role) -> bool:
    """Whether the user is logged in, active and has ``lowest`` or a higher role."""
    role = _role(user)
    if role is None:
        return False
    return role.rank >= lowest.rank


def can_manage_feeds(user: Any) -> bool:
    """Fact-checkers, editors and admins may add feeds and poll them; viewers only look."""
    return _at_least(user, Role.FACT_CHECKER)


def can_edit_speaker(user: Any) -> bool:
    """Fact-checkers, editors and admins may add aliases and roles to a speaker."""
    return _at_least(user, Role.FACT_CHECKER)


def can_reassign_statement(user: Any) -> bool:
    """Fact-checkers, editors and admins may change (or confirm) who made a statement."""
    return _at_least(user, Role.FACT_CHECKER)


def can_merge_speakers(user: Any) -> bool:
    """Only editors and admins may merge two speakers: it deletes one of them."""
    return _at_least(user, Role.EDITOR)


def can_decide_link(user: Any) -> bool:
    """Fact-checkers, editors and admins confirm, dismiss and Flip-rate matching's links."""
    return _at_least(user, Role.FACT_CHECKER)


def can_manage_users(user: Any) -> bool:
    """Only admins create accounts, change roles and passwords, and disable users."""
    return _at_least(user, Role.ADMIN)


def can_manage_scales(user: Any) -> bool:
    """Only admins define and retire rating scales."""
    return _at_least(user, Role.ADMIN)


def can_retry_jobs(user: Any) -> bool:
    """Editors and admins may queue a failed background job again; everyone on the desk looks."""
    return _at_least(user, Role.EDITOR)


# --- Verdicts: wrappers around onrecord.pipeline.review.access (the rules live there). ---


def review_actor(user: Any) -> ReviewActor:
    """The pipeline's view of the current user: id and role (None for anyone not allowed in)."""
    role = _role(user)
    if role is None:
        return ReviewActor(None, None)
    return ReviewActor(getattr(user, "id", None), role)


def can_start_review(user: Any) -> bool:
    """Fact-checkers, editors and admins may start a verdict."""
    return review_rules.can_create_review(review_actor(user))


def can_edit_verdict(user: Any, review: Any) -> bool:
    """Whether the user may change the verdict's text now (never once published)."""
    return review_rules.can_edit_review(review_actor(user), review)


def review_policy() -> ReviewPolicy:
    """The publishing rules of this site (settings ``review_second_read_*``)."""
    if not has_app_context():
        return DEFAULT_POLICY
    settings = current_app.config["ONRECORD"]
    return ReviewPolicy(
        second_read_required=settings.review_second_read_required,
        second_reader_not_author=settings.review_second_reader_not_author,
    )


def can_review_action(user: Any, review: Any, action: Any) -> bool:
    """Whether the user may take the workflow ``action`` on the verdict now."""
    return review_rules.can_take_action(
        review_actor(user), review, ReviewAction(action), review_policy()
    )


def can_assign_to(user: Any, assignee_id: int | None) -> bool:
    """Fact-checkers may take statements for themselves; editors may assign anyone."""
    return review_rules.can_assign(review_actor(user), assignee_id)
