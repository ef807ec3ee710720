"""Operations on users. Each is one transaction and writes an audit event."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlmodel import Session, select

from onrecord.models import Role, User, utcnow
from onrecord.pipeline.accounts.passwords import (
    DUMMY_HASH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_session_token,
    verify_password,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, NotFound, OperationError

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def validate_password(password: str) -> None:
    """Raise :class:`OperationError` when ``password`` is too weak to accept."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperationError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str = "",
    email: str | None = None,
    actor_id: int | None = None,
) -> User:
    """Create a user with an argon2 password hash.

    Raises :class:`OperationError` for a bad username, role or password and
    :class:`Conflict` when the username is taken.
    """
    username = username.strip().lower()
    if not USERNAME_RE.match(username):
        raise OperationError(
            "username must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'"
        )
    try:
        role = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise OperationError(f"unknown role {role!r}; choose one of {roles}") from None
    validate_password(password)
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict(f"a user named {username!r} already exists")
    user = User(
        username=username,
        display_name=display_name or username,
        email=email,
        password_hash=hash_password(password),
        role=role,
        session_token=new_session_token(),
    )
    session.add(user)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        raise Conflict(f"a user named {username!r} already exists") from None
    record_event(
        session,
        action="user.created",
        object_type="user",
        object_id=user.id,
        actor_id=actor_id,
        data={"username": username, "role": role.value},
    )
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with these credentials, or None. Records the login on success."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        verify_password(DUMMY_HASH, password)
        return None
    # The password is checked first so that a disabled account answers as slowly
    # as any other: response time must not reveal which accounts exist.
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record_event(
        session, action="user.logged_in", object_type="user", object_id=user.id, actor_id=user.id
    )
    return user


def end_sessions(session: Session, *, user: User, actor_id: int | None, reason: str) -> None:
    """Rotate the user's session token so that every open login session ends."""
    user.session_token = new_session_token()
    session.add(user)
    record_event(
        session,
        action="user.sessions_ended",
        object_type="user",
        object_id=user.id,
        actor_id=actor_id,
        data={"reason": reason},
    )


def change_password(
    session: Session, *, user: User, new_password: str, actor_id: int | None
) -> None:
    """Set a new password and end every login session of the user."""
    validate_password(new_password)
    user.password_hash = hash_password(new_password)
    end_sessions(session, user=user, actor_id=actor_id, reason="password changed")
    record_event(
        session,
        action="user.password_changed",
        object_type="user",
        object_id=user.id,
        actor_id=actor_id,
    )


def set_active(session: Session, *, user: User, active: bool, actor_id: int | None) -> None:
    """Enable or disable a user; disabling ends every login session at once."""
    user.is_active = active
    if not active:
        end_sessions(session, user=user, actor_id=actor_id, reason="user disabled")
    session.add(user)
    record_event(
        session,
        action="user.enabled" if active else "user.disabled",
        object_type="user",
        object_id=user.id,
        actor_id=actor_id,
    )


def load_user(session: Session, user_id: int) -> User:
    """The user with ``user_id``; :class:`NotFound` if there is none."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user number {user_id}.")
    return user


def _last_active_admin(session: Session, user: User) -> bool:
    """Whether ``user`` is the only active admin (who must not lock everyone out)."""
    if user.role != Role.ADMIN or not user.is_active:
        return False
    others = session.exec(
        select(sa.func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.is_active == sa.true(), User.id != user.id)
    ).one()
    return int(others) == 0


def change_role(session: Session, *, user: User, role: Role | str, actor_id: int | None) -> None:
    """Give ``user`` another role; their open sessions end so the new rights apply at once.

    The last active admin cannot lose the admin role (nobody could manage users any more).
    """
    try:
        role = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise OperationError(f"unknown role {role!r}; choose one of {roles}") from None
    if role == user.role:
        return
    if _last_active_admin(session, user):
        raise OperationError("this is the only active admin; make someone else an admin first")
    previous = user.role
    user.role = role
    end_sessions(session, user=user, actor_id=actor_id, reason="role changed")
    record_event(
        session,
        action="user.role_changed",
        object_type="user",
        object_id=user.id,
        actor_id=actor_id,
        data={"from": Role(previous).value, "to": role.value},
    )


def disable_user(session: Session, *, user: User, actor_id: int | None) -> None:
    """Disable ``user`` (every session ends at once), unless they are the last active admin."""
    if _last_active_admin(session, user):
        raise OperationError("this is the only active admin; make someone else an admin first")
    set_active(session, user=user, active=False, actor_id=actor_id)
