"""The JSON API v1 (the ``api`` blueprint under ``/api/v1``); see docs/api.md.

Modules by resource (:mod:`.reviews`, :mod:`.speakers`, :mod:`.statements`,
:mod:`.search`, :mod:`.drafts`, :mod:`.sources`, :mod:`.tokens`), each declaring
its operations in the route table (:mod:`.routes`) from which :mod:`.openapi`
builds the document; :mod:`.errors` holds the one error envelope,
:mod:`.auth` the bearer tokens and :mod:`.cors` the CORS headers.
"""

from __future__ import annotations

from flask import Flask

from onrecord.web.api import (
    cors,
    drafts,
    errors,
    openapi,
    reviews,
    search,
    sources,
    speakers,
    statements,
    tokens,
)
from onrecord.web.api.blueprint import bp
from onrecord.web.extensions import csrf

__all__ = [
    "bp",
    "cors",
    "drafts",
    "init_app",
    "openapi",
    "reviews",
    "search",
    "sources",
    "speakers",
    "statements",
    "tokens",
]


def init_app(app: Flask) -> None:
    """Register the blueprint (no CSRF: API calls carry a token, never a session cookie)."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
    errors.init_app(app)
