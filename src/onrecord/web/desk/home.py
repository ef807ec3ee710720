"""The desk's start page."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from onrecord.web.desk import queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.extensions import db_session


@bp.route("/")
def index() -> ResponseReturnValue:
    """Counts of what the desk holds, the latest sources and the latest statements."""
    session = db_session()
    return render_template(
        "desk/index.html",
        counts=queries.desk_counts(session),
        sources=queries.latest_sources(session),
        statements=queries.latest_statements(session),
    )
