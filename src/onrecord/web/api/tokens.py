"""``GET /token``: which token a request is made with (to check a client's setup)."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from onrecord.models import Role
from onrecord.web.api.auth import require_token
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import TokenOut


@operation(
    "/token",
    summary="The token of this request",
    tag="tokens",
    response=TokenOut,
    role=Role.VIEWER,
    errors=(401,),
)
def current_token() -> ResponseReturnValue:
    """The token's name and prefix, when it was last used, and the user it acts as.

    Tokens are created and revoked by admins on the desk (`/admin/tokens`).
    """
    owner = require_token(Role.VIEWER)
    token, user = owner.token, owner.user
    data = {
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "user": {"username": user.username, "role": user.role.value},
    }
    return respond(TokenOut, data)
