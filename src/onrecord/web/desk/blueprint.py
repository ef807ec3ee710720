"""The desk blueprint; every desk page needs a logged-in user (viewer and up)."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onrecord.web.access import can_view_desk
from onrecord.web.extensions import login_manager

bp = Blueprint("desk", __name__)


@bp.before_request
def _require_login() -> ResponseReturnValue | None:
    """Send anyone who may not read the desk to the login page (with ``next``)."""
    if not can_view_desk(current_user):
        response: ResponseReturnValue = login_manager.unauthorized()
        return response
    return None
