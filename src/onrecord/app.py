"""The application factory: a short list of ``init_app`` calls, nothing built at import time."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from onrecord import web
from onrecord.config import ConfigError, Settings, ensure_secret_key, load_settings
from onrecord.db import Database
from onrecord.pipeline.checks import production_errors
from onrecord.web import limits, security
from onrecord.web.logs import configure_logging

PACKAGE_DIR = Path(__file__).resolve().parent
#: Blueprints with no rate limit: widgets, public pages and health probes (cheap,
#: public, mostly cached answers). Flask-Limiter skips them without first working
#: out, on every request, that no limit applies (10-20% of a cached widget's time).
UNLIMITED_BLUEPRINTS = frozenset({"embed", "public", "health"})


def templates_dir() -> Path:
    """Where the Jinja templates are: inside the installed package, or the repo's ``templates/``."""
    packaged = PACKAGE_DIR / "templates"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent.parent / "templates"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from ``config`` (setting names as keys) over ``ONRECORD_*`` variables."""
    settings = load_settings(config)
    app = Flask(
        "onrecord",
        template_folder=str(templates_dir()),
        static_folder=str(PACKAGE_DIR / "static"),
        instance_path=str(settings.instance_dir),
        instance_relative_config=False,
    )
    configure(app, settings)
    init_database(app, settings)
    web.init_app(app)
    skip_rate_limit_checks(app)
    security.init_app(app)  # after every blueprint: the embed views get their own policy
    init_proxy_fix(app, settings)
    return app


def configure(app: Flask, settings: Settings) -> None:
    """Copy the settings into ``app.config`` in Flask's own names where Flask reads them.

    In production mode, refuse settings that are unsafe there (a generated or weak
    secret key, debug on) before anything is written to the instance folder.
    """
    if settings.production and (errors := production_errors(settings)):
        raise ConfigError("; ".join(errors))
    app.config.update(
        ONRECORD=settings,
        SECRET_KEY=ensure_secret_key(settings),
        DEBUG=settings.debug,
        TESTING=settings.testing,
        WTF_CSRF_ENABLED=settings.wtf_csrf_enabled,
        SESSION_COOKIE_SECURE=settings.cookies_secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.cookies_secure,
        PREFERRED_URL_SCHEME=settings.preferred_url_scheme,
        REMEMBER_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    configure_logging(settings)


def _unlimited_blueprint() -> bool:
    return request.blueprint in UNLIMITED_BLUEPRINTS


def skip_rate_limit_checks(app: Flask) -> None:
    """Let requests to :data:`UNLIMITED_BLUEPRINTS` pass the limiter at once (static files do)."""
    found = app.extensions.get(limits.EXTENSION)
    if found is not None:
        found.request_filter(_unlimited_blueprint)


def init_proxy_fix(app: Flask, settings: Settings) -> None:
    """Trust ``X-Forwarded-*`` from ``proxy_fix_hops`` reverse proxies (none by default).

    Only when set: otherwise any client could claim to be HTTPS or another address.
    """
    hops = settings.proxy_fix_hops
    if hops < 0:
        raise ConfigError(f"ONRECORD_PROXY_FIX_HOPS={hops} must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


def init_database(app: Flask, settings: Settings) -> None:
    """Create the app's :class:`Database`; connections open lazily on first use."""
    if not settings.database_url:
        settings.instance_dir.mkdir(parents=True, exist_ok=True)
    app.extensions["onrecord.db"] = Database(
        settings.effective_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
