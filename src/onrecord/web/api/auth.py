"""Bearer tokens: who an API request acts as.

``Authorization: Bearer onr_...``. A request that sends a token must send a
valid one, even to a public endpoint (401 otherwise), so a mistyped token is
noticed at once. Writes need a token whose user has the operation's role or
higher (403 otherwise). The token acts as its user: the review rules in
:mod:`onrecord.pipeline.review.access` apply to it as to the desk.
"""

from __future__ import annotations

from flask import current_app, g, request

from onrecord.models import Role
from onrecord.pipeline.accounts.tokens import TokenOwner, find_token, needs_touch, touch_token
from onrecord.pipeline.review.access import Actor
from onrecord.web.api.errors import ApiError
from onrecord.web.extensions import database, db_session

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="onrecord"'}


def token_key() -> bytes:
    """The key tokens are hashed with: the app's secret key."""
    return str(current_app.config["SECRET_KEY"]).encode("utf-8")


def presented_token() -> str | None:
    """The token of ``Authorization: Bearer ...``; None without the header.

    Raises 401 for another scheme or an empty token.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise ApiError(
            401, "Send the token as 'Authorization: Bearer <token>'.", headers=_CHALLENGE
        )
    return value.strip()


def token_owner() -> TokenOwner | None:
    """The valid token of this request and its user (cached per request); None without one.

    Raises 401 when a token is sent that is unknown, revoked or whose user is deactivated.
    """
    if "api_owner" in g:
        owner: TokenOwner | None = g.api_owner
        return owner
    raw = presented_token()
    owner = None
    if raw is not None:
        owner = find_token(db_session(), raw, key=token_key())
        if owner is None:
            raise ApiError(401, "This token is not valid (unknown or revoked).", headers=_CHALLENGE)
        if owner.token.id is not None and needs_touch(owner.token):
            with database().write() as session:
                touch_token(session, token_id=owner.token.id)
    g.api_owner = owner
    return owner


def require_token(role: Role) -> TokenOwner:
    """The request's token owner, who must have ``role`` or a higher one (401/403 otherwise)."""
    owner = token_owner()
    if owner is None:
        raise ApiError(401, "This operation needs an API token.", headers=_CHALLENGE)
    if owner.user.role.rank < role.rank:
        raise ApiError(
            403,
            f"The token's user is a {owner.user.role.value}; this needs {role.value} or higher.",
        )
    return owner


def actor() -> Actor:
    """The token's user as the review rules see them (call after :func:`require_token`)."""
    owner = token_owner()
    if owner is None:
        return Actor(None, None)
    return Actor(owner.user.id, owner.user.role)
