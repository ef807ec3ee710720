"""Bind the database's defined rating scales for each request.

The source reads nothing until a page asks for a scale that is not built in,
so the widget and API paths on the built-in scales pay no query for it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g

from onrecord.pipeline.review.scales import bind_scale_source, unbind_scale_source
from onrecord.pipeline.review.stored_scales import StoredScales
from onrecord.web.extensions import db_session


def init_app(app: Flask) -> None:
    """Bind before every request, unbind after it."""
    app.before_request(_bind)
    app.teardown_request(_unbind)


def current_scales() -> StoredScales:
    """This request's stored scales (for the admin pages)."""
    source: StoredScales = g.scale_source
    return source


def _bind() -> None:
    g.scale_source = StoredScales(db_session)
    g.scale_token = bind_scale_source(g.scale_source)


def _unbind(_exc: Any) -> None:
    token = g.pop("scale_token", None)
    if token is not None:
        try:
            unbind_scale_source(token)
        except ValueError:  # reset from another context (should not happen): just clear it
            bind_scale_source(None)
