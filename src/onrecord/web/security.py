"""Security headers for every route family, and cookie-free embedding routes.

Flask-Talisman sets the headers. The site's policy (every page, the API, errors)
allows only our own scripts, styles and images, no inline script or style, and no
framing (``frame-ancestors 'none'`` plus ``X-Frame-Options: DENY``). The embed
blueprint (``embed.*`` endpoints: widgets, ``/embed.js``, ``/oembed``) is the one
exception: other sites may frame and load it, so it gets ``frame-ancestors *``,
no ``X-Frame-Options`` and ``Cross-Origin-Resource-Policy: cross-origin``.

Embedding routes never read or write the Flask session, so they set no cookie
even for a logged-in browser, and shared caches may keep them: their session is
a throwaway that is never saved, and any ``Set-Cookie`` that still appears is
removed (and logged, because it is a bug). HTTPS redirects and HSTS are on only
with ``ONRECORD_FORCE_HTTPS``. Desk and login pages get ``Cache-Control: no-store``
(unless they set their own): they show unpublished work. The headers per family
are listed in docs/security.md.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_talisman import Talisman
from werkzeug.datastructures import Headers

from onrecord.config import Settings

log = logging.getLogger("onrecord.security")

#: Our own origin only; ``data:`` images for small inline SVG backgrounds in CSS.
SITE_CSP: dict[str, str] = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: Widgets: framed by anyone, but still only our own resources and no forms.
EMBED_CSP: dict[str, str] = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "*",
}
#: Browser features no onrecord page uses.
PERMISSIONS_POLICY: dict[str, str] = {
    "accelerometer": "()",
    "browsing-topics": "()",
    "camera": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "microphone": "()",
    "payment": "()",
    "usb": "()",
}
REFERRER_POLICY = "strict-origin-when-cross-origin"

#: Blueprint whose endpoints may be framed and loaded by other sites.
EMBED_BLUEPRINT = "embed"
#: Endpoints that must answer plain HTTP even with force_https (load balancer probes).
PLAIN_HTTP_ENDPOINTS = ("health.healthz", "health.readyz")
#: Blueprints whose pages show unpublished work: never kept by any cache.
PRIVATE_BLUEPRINTS = frozenset({"auth", "desk"})
#: Paths (below the script root) that never get a cookie.
COOKIE_FREE_PATHS = ("/embed.js", "/oembed")
COOKIE_FREE_PREFIXES = ("/embed/", "/static/")


def is_cookie_free(path: str) -> bool:
    """Whether requests for ``path`` must neither read nor set cookies."""
    return path in COOKIE_FREE_PATHS or path.startswith(COOKIE_FREE_PREFIXES)


class _DetachedSession(SecureCookieSession):
    """An empty session that is never saved: what cookie-free routes see."""


class EmbedSafeSessionInterface(SecureCookieSessionInterface):
    """The usual signed-cookie session, except on cookie-free paths.

    There the browser's session cookie is not even read, so nothing (Flask-Login,
    CSRF, logging) can load a user or touch the session, and ``Vary: Cookie``
    is not added, which would split shared caches per visitor.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if is_cookie_free(request.path):
            return _DetachedSession()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if isinstance(session, _DetachedSession):
            return
        super().save_session(app, session, response)


def _embed_headers(response: Response) -> Response:
    if is_cookie_free(request.path) and "Set-Cookie" in response.headers:
        log.warning("removed a cookie set on cookie-free path %s", request.path)
        del response.headers["Set-Cookie"]
    if request.blueprint == EMBED_BLUEPRINT or request.path.startswith("/static/embed/"):
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    if request.blueprint in PRIVATE_BLUEPRINTS and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


class PrecomputedTalisman(Talisman):
    """Talisman, with each endpoint's options and header values worked out once.

    Talisman rebuilds the policy strings (CSP, Permissions-Policy) from their
    dicts on every response, and looks the view's options up three times per
    request. Neither changes between requests to one endpoint (no CSP nonces are
    configured), so the first response of an endpoint records the headers Talisman
    sets and later ones copy them. HSTS still depends on each request (HTTPS or
    not) and is left to Talisman.
    """

    def __init__(self, app: Flask, **options: Any) -> None:
        self._options_by_endpoint: dict[str | None, dict[str, Any]] = {}
        self._headers_by_endpoint: dict[str | None, list[tuple[str, str]]] = {}
        super().__init__(app, **options)

    def _get_local_options(self) -> dict[str, Any]:
        endpoint = request.endpoint
        options = self._options_by_endpoint.get(endpoint)
        if options is None:
            options = super()._get_local_options()
            self._options_by_endpoint[endpoint] = options
        return options

    def _static_headers(self, options: dict[str, Any]) -> list[tuple[str, str]]:
        headers = Headers()
        self._set_feature_policy_headers(headers, options)
        self._set_permissions_policy_headers(headers, options)
        self._set_document_policy_headers(headers, options)
        self._set_frame_options_headers(headers, options)
        self._set_content_security_policy_headers(headers, options)
        self._set_referrer_policy_headers(headers)
        return list(headers.items())

    def _set_response_headers(self, response: Response) -> Response:
        if self.content_security_policy_nonce_in:  # per-request nonces: nothing to keep
            return super()._set_response_headers(response)  # type: ignore[no-any-return]
        endpoint = request.endpoint
        found = self._headers_by_endpoint.get(endpoint)
        if found is None:
            found = self._static_headers(self._get_local_options())
            self._headers_by_endpoint[endpoint] = found
        headers = response.headers
        for name, value in found:
            headers[name] = value
        self._set_hsts_headers(headers)
        return response


def _with_options(view: Callable[..., Any], **options: Any) -> Callable[..., Any]:
    # A wrapper per app: Talisman keeps per-view options on the function object,
    # and blueprint views are shared by every app built in the same process.
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    wrapped.talisman_view_options = options  # type: ignore[attr-defined]
    return wrapped


def _mark_views(app: Flask, settings: Settings) -> None:
    """Give the embed views their policy and let health probes use plain HTTP."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith(EMBED_BLUEPRINT + "."):
            app.view_functions[endpoint] = _with_options(
                view,
                force_https=settings.force_https,
                frame_options=None,
                content_security_policy=EMBED_CSP,
            )
        elif endpoint in PLAIN_HTTP_ENDPOINTS:
            app.view_functions[endpoint] = _with_options(view, force_https=False)


def init_app(app: Flask) -> None:
    """Set the security headers; call after every blueprint is registered."""
    settings: Settings = app.config["ONRECORD"]
    app.session_interface = EmbedSafeSessionInterface()
    app.extensions["onrecord.talisman"] = PrecomputedTalisman(
        app,
        force_https=settings.force_https,
        strict_transport_security=settings.force_https,
        frame_options="DENY",
        content_security_policy=SITE_CSP,
        permissions_policy=PERMISSIONS_POLICY,
        referrer_policy=REFERRER_POLICY,
        # Talisman would otherwise force secure cookies itself; config.py decides.
        session_cookie_secure=settings.cookies_secure,
        session_cookie_samesite="Lax",
    )
    _mark_views(app, settings)
    app.after_request(_embed_headers)
