"""The ``api`` blueprint object (JSON API v1 under ``/api/v1``)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
#: Every path of the API starts with this (errors outside any route use it to answer JSON).
API_PREFIX = "/api/"
