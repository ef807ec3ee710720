"""The API's one error envelope, for every 4xx and 5xx under ``/api``.

``{"error": {"status": 404, "code": "not_found", "message": "...", "details": {...}}}``:
``code`` is a stable machine name, ``message`` a sentence for people,
``details`` per-field problems (422) or the current representation (412).
Routing errors (an unknown path, a wrong method) have no blueprint, so the
app-level HTTP error handler is wrapped: paths under ``/api/`` get the
envelope, every other path the site's own error page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from onrecord.db import DatabaseError
from onrecord.pipeline.errors import Conflict, NotFound, OperationError
from onrecord.web import errors as site_errors
from onrecord.web.api.blueprint import API_PREFIX, bp

log = logging.getLogger("onrecord.api")

#: The ``code`` of each status (the envelope's machine-readable name).
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    428: "precondition_required",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An API answer other than success; raised by views, rendered as the envelope."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.details = details or {}
        self.headers = headers or {}


def envelope(
    status: int,
    message: str,
    *,
    code: str | None = None,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error response: the envelope as JSON with ``status``."""
    response = jsonify(
        {
            "error": {
                "status": status,
                "code": code or CODES.get(status, "error"),
                "message": message,
                "details": details or {},
            }
        }
    )
    response.status_code = status
    response.headers.update(headers or {})
    return response


def validation_details(exc: ValidationError) -> dict[str, list[str]]:
    """Pydantic's errors as ``{"field": ["message", ...]}`` (``"body"`` for the whole body)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, []).append(str(error["msg"]))
    return fields


def handle_api_error(exc: ApiError) -> ResponseReturnValue:
    """An :class:`ApiError` raised by a view."""
    return envelope(
        exc.status, exc.message, code=exc.code, details=exc.details, headers=exc.headers
    )


def handle_operation_error(exc: OperationError) -> ResponseReturnValue:
    """A refusal from an operation: 404, 409 or 422 with its sentence."""
    if isinstance(exc, NotFound):
        return envelope(404, str(exc))
    if isinstance(exc, Conflict):
        return envelope(409, str(exc))
    return envelope(422, str(exc))


def handle_http_error(exc: HTTPException) -> ResponseReturnValue:
    """Werkzeug's errors (404, 405, 413, 429 ...) as the envelope, keeping their headers."""
    status = exc.code or 500
    if status == 413:
        message = "The request body is too large."
    elif status == 429:
        message = f"Too many requests: the limit is {exc.description}. Try again later."
    else:
        message = exc.description or exc.name
    headers = {}
    response = exc.get_response()
    for name in ("Allow", "Retry-After"):
        if name in response.headers:
            headers[name] = response.headers[name]
    return envelope(status, message, headers=headers)


def handle_database_error(exc: Exception) -> ResponseReturnValue:
    """The database cannot be reached (or is damaged): 503, the client may retry."""
    if isinstance(exc, sa.exc.DatabaseError) and type(exc) not in (
        sa.exc.DatabaseError,
        sa.exc.OperationalError,
    ):
        return handle_unexpected_error(exc)  # IntegrityError & co. are bugs
    log.error("database unavailable: %s", exc)
    return envelope(
        503,
        "The database cannot be reached. Please try again in a moment.",
        headers={"Retry-After": "5"},
    )


def handle_unexpected_error(exc: Exception) -> ResponseReturnValue:
    """A bug: logged with its traceback, answered 500 without details."""
    if isinstance(exc, HTTPException):
        return handle_http_error(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return envelope(500, "Something went wrong on our side. The error has been logged.")


def _for_api_paths(
    api_handler: Callable[[Any], ResponseReturnValue],
    site_handler: Callable[[Any], ResponseReturnValue],
) -> Callable[[Any], ResponseReturnValue]:
    """One app-level handler: the envelope under ``/api/``, the site's page elsewhere."""

    def handler(exc: Any) -> ResponseReturnValue:
        if request.path.startswith(API_PREFIX):
            return api_handler(exc)
        return site_handler(exc)

    return handler


# Blueprint handlers are set at import: Flask copies them when the blueprint is registered.
bp.register_error_handler(ApiError, handle_api_error)
bp.register_error_handler(OperationError, handle_operation_error)
bp.register_error_handler(HTTPException, handle_http_error)
bp.register_error_handler(DatabaseError, handle_database_error)
bp.register_error_handler(sa.exc.DatabaseError, handle_database_error)
bp.register_error_handler(Exception, handle_unexpected_error)


def init_app(app: Flask) -> None:
    """Answer routing errors under ``/api/`` (no blueprint owns them) with the envelope.

    Must run after :func:`onrecord.web.errors.init_app`: it wraps the site's handlers.
    """
    app.register_error_handler(
        HTTPException, _for_api_paths(handle_http_error, site_errors.handle_http_error)
    )
    app.register_error_handler(
        Exception, _for_api_paths(handle_unexpected_error, site_errors.handle_unexpected_error)
    )
