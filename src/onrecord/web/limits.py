"""Rate limits (Flask-Limiter): the JSON API per token or per IP, and the login form per IP.

Each app gets its own :class:`~flask_limiter.Limiter` (in ``app.extensions``), so
apps built with different settings never share counters or storage. Counters
live in Redis when ``ONRECORD_REDIS_URL`` is set (shared by every process),
else in the process's memory.

When that Redis is down the two kinds of limits fail differently, on purpose:
public reads **fail open** (they go on unlimited, and the failure is logged),
because refusing everyone's reads would be worse than a short unlimited
spell; the login form **fails closed** (503), because unlimited password
guessing is the attack the limit is there to stop. See docs/api.md.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, abort, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from onrecord.config import Settings
from onrecord.web.api.auth import token_owner
from onrecord.web.api.blueprint import bp as api_bp
from onrecord.web.api.errors import ApiError
from onrecord.web.auth import bp as auth_bp

log = logging.getLogger("onrecord.limits")
EXTENSION = "onrecord.limiter"
#: Seconds to wait for Redis before counting it as down (a down Redis must not stall requests).
REDIS_TIMEOUT_S = 0.5
LOGIN_ENDPOINT = "auth.login"


def _settings() -> Settings:
    settings: Settings = current_app.config["ONRECORD"]
    return settings


def _api_token_id() -> int | None:
    """The id of the request's valid token; None without one (or with a bad one: the view
    answers 401 for that, and the IP limit applies meanwhile)."""
    try:
        owner = token_owner()
    except ApiError:
        return None
    return owner.token.id if owner is not None else None


def api_key() -> str:
    """Whose counter an API call counts against: its token's, else its IP address's."""
    token_id = _api_token_id()
    if token_id is not None:
        return f"token:{token_id}"
    return f"ip:{get_remote_address()}"


def api_limit() -> str:
    """The limit of an API call: per token with a token, per IP without."""
    settings = _settings()
    return settings.api_token_limit if _api_token_id() is not None else settings.api_read_limit


def login_limit() -> str:
    """The limit of login attempts per IP."""
    return _settings().login_limit


def _not_login_post() -> bool:
    return not (request.endpoint == LOGIN_ENDPOINT and request.method == "POST")


def limiter() -> Limiter | None:
    """The current app's limiter (None when rate limiting is off)."""
    found: Limiter | None = current_app.extensions.get(EXTENSION)
    return found


def _storage_uri(settings: Settings) -> tuple[str, dict[str, Any]]:
    if settings.redis_url:
        timeouts = {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S}
        return settings.redis_url, timeouts
    return "memory://", {}


def _refuse_login_without_storage() -> None:
    """Fail closed: no login attempt while the limit's storage cannot count it."""
    if _not_login_post():
        return
    found = limiter()
    if found is None:
        return
    if not found.storage.check():
        log.error("rate-limit storage unreachable: login refused (fails closed)")
        abort(
            503,
            "Logging in is paused because the service that counts login attempts cannot be "
            "reached. Please try again in a minute; if it persists, tell an administrator.",
        )


def init_app(app: Flask) -> None:
    """Create the app's limiter and attach the API and login limits."""
    settings: Settings = app.config["ONRECORD"]
    if not settings.ratelimit_enabled:
        return
    uri, options = _storage_uri(settings)
    app.config["RATELIMIT_ENABLED"] = True
    found = Limiter(
        key_func=get_remote_address,
        storage_uri=uri,
        storage_options=options,
        strategy="fixed-window",
        key_prefix=settings.ratelimit_key_prefix,
        headers_enabled=True,
        # Fail open: a storage error lets the request through (logged); the login
        # form checks the storage itself first (fail closed).
        swallow_errors=True,
    )
    app.before_request(_refuse_login_without_storage)
    found.init_app(app)
    # Shared scopes: one counter per client for the whole API (not one per endpoint).
    found.shared_limit(api_limit, scope="api", key_func=api_key)(api_bp)
    found.shared_limit(
        login_limit, scope="login", key_func=get_remote_address, exempt_when=_not_login_post
    )(auth_bp)
    app.extensions[EXTENSION] = found
