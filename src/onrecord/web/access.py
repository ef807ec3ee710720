"""Who may do what in the web layer: every access rule of the desk in one place.

Each predicate takes the current user (Flask-Login's ``current_user``, which may
be anonymous) and answers with a bool; views call them and answer 403 (or send
anonymous people to the login page). Each condition is on its own line.
"""

from __future__ import annotations

from typing import Any

from onrecord.models import Role


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
