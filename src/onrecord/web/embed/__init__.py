"""Embeddable widgets, ``/embed.js`` and the oEmbed provider (the ``embed`` blueprint).

Templates live in ``templates/embed/``; their context contract is in
:mod:`onrecord.web.embed.contexts` and docs/publishing.md.
"""

from __future__ import annotations

from flask import Flask

from onrecord.config import Settings
from onrecord.web.embed import views
from onrecord.web.embed.assets import init_assets
from onrecord.web.embed.blueprint import bp
from onrecord.web.embed.caching import RenderedCache, ValidatorCache, listen_for_commits
from onrecord.web.embed.links import embed_for_review, embed_for_speaker

__all__ = ["bp", "init_app", "views"]


def init_app(app: Flask) -> None:
    """Register the blueprint, the embed-code template globals and the widget caches."""
    settings: Settings = app.config["ONRECORD"]
    app.register_blueprint(bp)
    app.extensions["onrecord.embed_cache"] = RenderedCache()
    app.extensions["onrecord.embed_validators"] = ValidatorCache()
    listen_for_commits()
    init_assets(app, settings.embed_template_dir)
    app.jinja_env.globals.update(
        embed_for_review=embed_for_review, embed_for_speaker=embed_for_speaker
    )
