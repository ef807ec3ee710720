"""The web layer: one blueprint package per audience, registered by :func:`init_app`."""

from __future__ import annotations

from flask import Flask

from onrecord.web import (
    admin,
    api,
    auth,
    desk,
    embed,
    errors,
    extensions,
    filters,
    health,
    limits,
    logs,
    public,
    scales,
)


def init_app(app: Flask) -> None:
    """Register extensions, template filters, error pages and every blueprint."""
    logs.init_app(app)  # first: every later hook and error logs with the request id
    extensions.init_app(app)
    scales.init_app(app)  # defined rating scales, read lazily per request
    filters.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(public.bp)
    embed.init_app(app)
    api.init_app(app)  # after errors.init_app: wraps its handlers for /api/ paths
    app.register_blueprint(admin.bp)
    limits.init_app(app)  # after every blueprint it limits (api, auth)
