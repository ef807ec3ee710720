"""Error pages in the site's layout, and a JSON error envelope for JSON clients.

404, 403, 400, 500 and 503 (and every other HTTP error) render
``errors/error.html`` with the status, a title and a sentence for people.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from onrecord.db import DatabaseError
from onrecord.web.extensions import login_manager

log = logging.getLogger("onrecord.web")


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.endswith(".json") or best == "application/json"


def render_error(status: int, title: str, message: str) -> ResponseReturnValue:
    """An error page (or JSON envelope) with ``status``."""
    if _wants_json():
        return {
            "ok": False,
            "error": {"status": status, "title": title, "message": message},
        }, status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def handle_csrf_error(exc: CSRFError) -> ResponseReturnValue:
    """A form posted without a valid CSRF token (expired, or sent from another site)."""
    return render_error(
        400,
        "Form expired",
        "The form was open too long or came from elsewhere. "
        "Go back, reload the page and try again.",
    )


def handle_http_error(exc: HTTPException) -> ResponseReturnValue:
    """Any HTTP error raised by a view or by routing (404, 403, 405, ...)."""
    if exc.code is None or exc.code < 400:
        return exc
    if exc.code == 413:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
        return render_error(
            413,
            "File too large",
            f"The upload is larger than {limit // 1_000_000} MB, the most onrecord accepts at "
            "once. Split a large batch into several files.",
        )
    return render_error(exc.code, exc.name, exc.description or "")


def handle_database_error(exc: DatabaseError | sa.exc.DatabaseError) -> ResponseReturnValue:
    """The database cannot be reached: 503, so that the client may retry."""
    log.error("database unavailable: %s", exc)
    # The layout asks who is logged in; loading the user would query the
    # database that just failed and turn this page into a bare 500.
    if "_login_user" not in g:
        g._login_user = login_manager.anonymous_user()
    # SQLite says "database or disk is full", or "disk I/O error" when even its
    # journal or shared-memory file cannot be created on the full disk.
    if any(words in str(exc) for words in ("disk is full", "disk I/O error")):
        message = (
            "The database could not write to its disk (it is probably full), so nothing was "
            "saved. Please tell an administrator and try again once space has been freed."
        )
    else:
        message = "The database cannot be reached. Please try again in a moment."
    return render_error(503, "Service unavailable", message)


def handle_unreadable_database(exc: sa.exc.DatabaseError) -> ResponseReturnValue:
    """SQLite says the file is damaged or not a database: 503 like an unreachable one.

    Only the base class means that; its subclasses (IntegrityError, DataError,
    ProgrammingError...) are bugs and get the 500 page.
    """
    if type(exc) is not sa.exc.DatabaseError:
        return handle_unexpected_error(exc)
    return handle_database_error(exc)


def handle_unexpected_error(exc: Exception) -> ResponseReturnValue:
    """A bug: log it with its traceback and show a 500 page without details."""
    if isinstance(exc, HTTPException):
        return handle_http_error(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(
        500,
        "Internal Server Error",
        "Something went wrong on our side. The error has been logged.",
    )


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DatabaseError, handle_database_error)
    # The server went away or refused the connection mid-request: also "try again".
    app.register_error_handler(sa.exc.OperationalError, handle_database_error)
    app.register_error_handler(sa.exc.DatabaseError, handle_unreadable_database)
    app.register_error_handler(Exception, handle_unexpected_error)
