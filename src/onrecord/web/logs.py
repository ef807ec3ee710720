"""Structured logging: request ids, one line per request, text or JSON lines.

Every log record made while a request is handled carries the request id,
method, path and the logged-in user's id. The id comes from a valid incoming
``X-Request-ID`` header (so a proxy's id follows the request through) or is
generated, and is echoed in the response. ``ONRECORD_LOG_FORMAT=json`` writes
one JSON object per line for log collectors; ``text`` stays readable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
import time
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from onrecord.config import Settings

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_ENVIRON = "HTTP_X_REQUEST_ID"  # the header as WSGI passes it
#: Ids we accept from clients and proxies: UUIDs, hex, base64 and dotted trace ids;
#: anything else (spaces, quotes, newlines, very long) could forge or break log lines.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+=/-]{1,128}")
#: Health probes run every few seconds; their lines would drown the real traffic.
_QUIET_PATHS = frozenset({"/healthz", "/readyz"})
#: Fields the request context adds to every record (None outside a request).
CONTEXT_FIELDS = ("request_id", "method", "path", "user_id")
#: Fields a record may carry through ``extra=`` that JSON lines include.
EXTRA_FIELDS = ("status", "duration_ms", "remote_addr")
_HANDLER_MARK = "_onrecord_handler"

request_log = logging.getLogger("onrecord.request")


def valid_request_id(value: str | None) -> str | None:
    """``value`` if it is acceptable as a request id, else None."""
    if value and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return None


def current_request_id() -> str | None:
    """The id of the request being handled (None outside a request)."""
    if not has_request_context():
        return None
    request_id: str | None = g.get("request_id")
    return request_id


def _current_user_id() -> int | None:
    # Only a user Flask-Login has already loaded: loading one here would touch
    # the session (and could set a cookie) on pages that never asked for it.
    user = g.get("_login_user")
    user_id = getattr(user, "id", None)
    return user_id if isinstance(user_id, int) else None


class RequestContextFilter(logging.Filter):
    """Adds the request's id, method, path and user id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id")
            record.method = request.method
            record.path = request.path
            record.user_id = _current_user_id()
        else:
            for name in CONTEXT_FIELDS:
                if not hasattr(record, name):
                    setattr(record, name, None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; the traceback of an error goes in ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        created = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        line: dict[str, Any] = {
            "timestamp": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in (*CONTEXT_FIELDS, *EXTRA_FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """A readable line: time, level, logger, request id (when there is one), message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(rid)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        record.rid = f" [{request_id}]" if request_id else ""
        return super().format(record)


def make_formatter(log_format: str) -> logging.Formatter:
    """The formatter for ``ONRECORD_LOG_FORMAT`` (``json`` or ``text``)."""
    return JsonFormatter() if log_format == "json" else TextFormatter()


def configure_logging(settings: Settings) -> None:
    """Send the ``onrecord`` loggers to stderr in the configured format and level.

    Safe to call again (each app the factory builds replaces the handler).
    """
    logger = logging.getLogger("onrecord")
    logger.setLevel(settings.log_level)
    for handler in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(make_formatter(settings.log_format))
    handler.addFilter(RequestContextFilter())
    logger.addHandler(handler)


def _start_request() -> None:
    incoming = request.environ.get(_REQUEST_ID_ENVIRON)
    # 32 random hex digits, as uuid4().hex but without building a UUID object.
    g.request_id = valid_request_id(incoming) or os.urandom(16).hex()
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    level = logging.DEBUG if request.path in _QUIET_PATHS else logging.INFO
    if not request_log.isEnabledFor(level):  # e.g. ONRECORD_LOG_LEVEL=WARNING: build nothing
        return response
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started else None
    request_log.log(
        level,
        "%s %s %s %sms",
        request.method,
        request.full_path.rstrip("?"),
        response.status_code,
        duration_ms,
        # The request fields are given here too, so that the line carries them
        # to every handler (a host's own, pytest's caplog), not only to ours.
        extra={
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "user_id": _current_user_id(),
            "status": response.status_code,
            "duration_ms": duration_ms,
            "remote_addr": request.remote_addr,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Give each request an id and log one line when it ends (register first)."""
    app.before_request(_start_request)
    app.after_request(_finish_request)
