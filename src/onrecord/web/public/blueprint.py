"""The ``public`` blueprint (routes in :mod:`onrecord.web.public.views`); nobody logs in."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__)
