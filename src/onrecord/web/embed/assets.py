"""Widget assets and templates: versioned static URLs and the newsroom override folder.

Static files under ``static/embed/`` are linked with ``?v=<content hash>``; such a
URL never changes meaning, so it is cached for a year (``immutable``), and a new
release changes the hash. Templates named ``embed/<name>`` are looked up first in
``ONRECORD_EMBED_TEMPLATE_DIR/<name>``. The fingerprint of both goes into every
widget ETag, so a changed asset or override template is never served from a cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request, url_for
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

from onrecord.config import ConfigError
from onrecord.web.embed.contexts import Assets

#: Static files of the widgets (under the app's static folder).
WIDGET_CSS = "embed/widget.css"
RESIZE_JS = "embed/resize.js"
#: A year: versioned URLs never change content.
IMMUTABLE = "public, max-age=31536000, immutable"


def file_hash(path: Path) -> str:
    """A short content hash of a file."""
    return hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()


class EmbedOverrideLoader(BaseLoader):
    """Loads ``embed/<name>`` from a newsroom's folder (``<folder>/<name>``) if it has one."""

    PREFIX = "embed/"

    def __init__(self, folder: str) -> None:
        self._files = FileSystemLoader(folder)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if not template.startswith(self.PREFIX):
            raise TemplateNotFound(template)
        return self._files.get_source(environment, template[len(self.PREFIX) :])


def _folder_fingerprint(folder: str) -> str:
    if not folder:
        return ""
    parts = []
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = Path(root, name)
            parts.append(f"{path}:{file_hash(path)}")
    return hashlib.blake2b("|".join(sorted(parts)).encode(), digest_size=6).hexdigest()


def init_assets(app: Flask, template_dir: str) -> None:
    """Hash the widget assets, put the override folder first, remember the fingerprint."""
    static = Path(app.static_folder or "")
    versions = {name: file_hash(static / name) for name in (WIDGET_CSS, RESIZE_JS, "embed.js")}
    app.extensions["onrecord.embed_assets"] = versions
    if template_dir:
        if not Path(template_dir).is_dir():
            raise ConfigError(f"ONRECORD_EMBED_TEMPLATE_DIR={template_dir!r} is not a folder")
        app.jinja_loader = ChoiceLoader(
            [EmbedOverrideLoader(template_dir), FileSystemLoader(app.template_folder or "")]
        )
    app.extensions["onrecord.embed_fingerprint"] = "-".join(
        [*sorted(versions.values()), _folder_fingerprint(template_dir)]
    )
    app.after_request(_immutable_assets)


def fingerprint() -> str:
    """Changes whenever a widget asset or override template changes."""
    value: str = current_app.extensions["onrecord.embed_fingerprint"]
    return value


def asset_version(name: str) -> str:
    """The content hash of a widget static file."""
    versions: dict[str, str] = current_app.extensions["onrecord.embed_assets"]
    return versions[name]


def widget_assets() -> Assets:
    """Versioned URLs of the widget stylesheet and script."""
    return Assets(
        css=url_for("static", filename=WIDGET_CSS, v=asset_version(WIDGET_CSS)),
        resize_js=url_for("static", filename=RESIZE_JS, v=asset_version(RESIZE_JS)),
    )


def _immutable_assets(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code != 200:
        return response
    name = (request.view_args or {}).get("filename", "")
    versions: dict[str, Any] = current_app.extensions["onrecord.embed_assets"]
    if name in versions and request.args.get("v") == versions[name]:
        response.headers["Cache-Control"] = IMMUTABLE
    return response
