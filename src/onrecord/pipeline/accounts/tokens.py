"""API tokens: created by admins for a user, shown once, stored only as a keyed hash.

A token reads ``onr_<prefix>_<secret>``: ``prefix`` (8 characters) is stored in
clear so people can tell their tokens apart in lists and logs; only an
HMAC-SHA256 of the whole token (keyed with the app's secret key) is stored. A
fast keyed hash is right here, unlike for passwords: the secret is 32 random
bytes, so there is nothing to guess, and every API call checks one. Changing
the secret key therefore invalidates every token (documented in docs/api.md).

A token acts as its user: the user's role, and whether the user is still
active, decide what it may do. Revoking sets ``revoked_at``; the row stays for
the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from onrecord.models import ApiToken, User, utcnow
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, NotFound, OperationError, require_id

#: What every token starts with (so secret scanners and people recognise one).
TOKEN_PREFIX = "onr_"  # noqa: S105 (a public marker, not a secret)
#: Characters of the public part shown in lists.
PREFIX_LENGTH = 8
#: Random bytes of the secret part.
SECRET_BYTES = 32
#: Most characters of a token name.
NAME_MAX = 100
#: ``last_used_at`` is written at most this often per token (a write per call would be costly).
TOUCH_INTERVAL = dt.timedelta(minutes=1)
_TOKEN_RE = re.compile(r"^onr_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created: ``secret`` is the full token, shown once and never stored."""

    token: ApiToken
    secret: str


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """A valid token and the active user it acts as."""

    token: ApiToken
    user: User


def hash_token(raw: str, key: bytes) -> str:
    """The stored form of a token: hex HMAC-SHA256 keyed with ``key``."""
    return hmac.new(key, raw.encode("utf-8"), hashlib.sha256).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """``(prefix, secret)`` of a well-formed token; None for anything else."""
    match = _TOKEN_RE.match(raw.strip())
    if match is None:
        return None
    return match.group(1), match.group(2)


def _new_raw_token() -> tuple[str, str]:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    prefix = "".join(secrets.choice(alphabet) for _ in range(PREFIX_LENGTH))
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def create_token(
    session: Session, *, user_id: int, name: str, key: bytes, actor_id: int | None = None
) -> NewToken:
    """Create a token for user ``user_id``; the returned ``secret`` is the only copy.

    Raises :class:`OperationError` for an empty or long name or an inactive user,
    :class:`NotFound` for an unknown user and :class:`Conflict` when the user
    already has an active token with this name.
    """
    name = name.strip()
    if not name:
        raise OperationError("Give the token a name (what or who uses it).")
    if len(name) > NAME_MAX:
        raise OperationError(f"Keep the token name to {NAME_MAX} characters.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user number {user_id}.")
    if not user.is_active:
        raise OperationError(f"User {user.username} is deactivated; tokens would not work.")
    clash = session.exec(
        select(ApiToken.id).where(
            ApiToken.user_id == user_id, ApiToken.name == name, col(ApiToken.revoked_at).is_(None)
        )
    ).first()
    if clash is not None:
        raise Conflict(f"{user.username} already has an active token named {name!r}.")
    prefix, raw = _new_raw_token()
    token = ApiToken(user_id=user_id, name=name, prefix=prefix, token_hash=hash_token(raw, key))
    session.add(token)
    session.flush()
    record_event(
        session,
        action="api_token.created",
        object_type="api_token",
        object_id=require_id(token),
        actor_id=actor_id,
        data={"user_id": user_id, "name": name, "prefix": prefix},
    )
    return NewToken(token, raw)


def revoke_token(session: Session, *, token_id: int, actor_id: int | None = None) -> ApiToken:
    """Revoke a token at once (revoking a revoked token changes nothing)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"There is no API token number {token_id}.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = utcnow()
    session.add(token)
    record_event(
        session,
        action="api_token.revoked",
        object_type="api_token",
        object_id=token_id,
        actor_id=actor_id,
        data={"user_id": token.user_id, "name": token.name, "prefix": token.prefix},
    )
    return token


def list_tokens(session: Session, *, user_id: int | None = None) -> list[tuple[ApiToken, User]]:
    """Tokens (of one user, or everyone's) with their users: active first, newest first."""
    query = select(ApiToken, User).join(User, col(User.id) == col(ApiToken.user_id))
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    rows = session.exec(
        query.order_by(col(ApiToken.revoked_at).is_not(None), col(ApiToken.id).desc())
    ).all()
    return [(token, user) for token, user in rows]


def find_token(session: Session, raw: str, *, key: bytes) -> TokenOwner | None:
    """The owner of a presented token; None when it is malformed, unknown, revoked or its
    user is deactivated. Read-only."""
    if split_token(raw) is None:
        return None
    digest = hash_token(raw.strip(), key)
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.token_hash == digest)
    ).first()
    if row is None:
        return None
    token, user = row
    # The lookup matched on the digest already; compare again in constant time so the
    # answer never depends on how much of a guessed digest was right.
    if not hmac.compare_digest(token.token_hash, digest):
        return None
    if token.revoked_at is not None or not user.is_active:
        return None
    return TokenOwner(token, user)


def needs_touch(token: ApiToken, now: dt.datetime | None = None) -> bool:
    """Whether ``last_used_at`` is old enough to be written again."""
    if token.last_used_at is None:
        return True
    now = now or utcnow()
    last = token.last_used_at
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    return now - last >= TOUCH_INTERVAL


def touch_token(session: Session, *, token_id: int) -> None:
    """Record that a token was just used (no audit event: this is bookkeeping)."""
    token = session.get(ApiToken, token_id)
    if token is not None and needs_touch(token):
        token.last_used_at = utcnow()
        session.add(token)
