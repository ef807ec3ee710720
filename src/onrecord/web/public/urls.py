"""Absolute addresses of public pages and the organisation that signs ClaimReviews."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request, url_for

from onrecord.config import Settings
from onrecord.pipeline.publish.claimreview import Organisation

#: The base address outside a request when ``ONRECORD_PUBLIC_BASE_URL`` is empty.
FALLBACK_BASE_URL = "http://localhost:5000"


def _settings() -> Settings:
    settings: Settings = current_app.config["ONRECORD"]
    return settings


def public_base_url() -> str:
    """The public site's address without a trailing slash (setting, else the request's)."""
    configured = _settings().public_base_url.strip().rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.url_root.rstrip("/")
    return FALLBACK_BASE_URL


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of a public page.

    ``ONRECORD_PUBLIC_BASE_URL`` (when set) stands for where the app is mounted,
    so the request's own mount point is replaced by it. Outside a request (the
    export command) the address is built on the base address alone.
    """
    base = public_base_url()
    if has_request_context():
        path = url_for(endpoint, **values)[len(request.script_root) :]
        return base + path
    with current_app.test_request_context("/"):
        return base + url_for(endpoint, **values)


def organisation() -> Organisation:
    """The organisation named in the settings, with its home page (default: the public site)."""
    settings = _settings()
    return Organisation(
        name=settings.organisation_name,
        url=settings.organisation_url.strip() or public_base_url() + "/",
    )
