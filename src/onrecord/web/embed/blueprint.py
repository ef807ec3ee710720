"""The ``embed`` blueprint (its routes are in :mod:`onrecord.web.embed.views`)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("embed", __name__)
