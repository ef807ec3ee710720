"""Widget, script and oEmbed routes: other sites frame and load these.

Each answer is cached (see :mod:`onrecord.web.embed.caching`): the view reads a
small validator, answers 304 or from the rendered cache when it can, and loads
and renders the full card only on a miss. These routes never touch the session
(see :mod:`onrecord.web.security`), so they set no cookie.
"""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_from_directory,
)
from werkzeug.exceptions import HTTPException

from onrecord.config import Settings
from onrecord.web.embed.assets import fingerprint, widget_assets
from onrecord.web.embed.blueprint import bp
from onrecord.web.embed.caching import Cached, cached_response, make_etag, validator_cache
from onrecord.web.embed.contexts import (
    ErrorWidgetContext,
    ReviewWidgetContext,
    SpeakerWidgetContext,
    VerdictCard,
    as_context,
)
from onrecord.web.embed.data import (
    load_speaker_card,
    load_verdict_card,
    review_validator,
    speaker_validator,
)
from onrecord.web.embed.links import (
    embed_for_review,
    embed_for_speaker,
    review_page_path,
    site_root,
    site_url,
    speaker_page_path,
)
from onrecord.web.embed.oembed import OEmbedError, fit, parse_request, payload
from onrecord.web.embed.themes import THEMES, Theme, UnknownTheme, parse_theme
from onrecord.web.extensions import db_session

#: embed.js changes only with a release; browsers recheck it hourly.
SCRIPT_MAX_AGE = 3600
NOT_PUBLISHED = "This verdict is not published, or it does not exist."
NO_SPEAKER = "There is no speaker with this address."


def _settings() -> Settings:
    settings: Settings = current_app.config["ONRECORD"]
    return settings


def verdict_title(card: VerdictCard) -> str:
    """How a verdict widget is named (iframe title, oEmbed title)."""
    if card.is_retracted:
        return f"Retracted fact-check: {card.speaker_name}: {card.claim}"
    return f"Fact-check: {card.speaker_name}: {card.claim} ({card.label})"


def _html(template: str, context: object) -> Cached:
    body = render_template(template, **as_context(context))
    return Cached(body.encode("utf-8"), "text/html")


@bp.get("/embed/reviews/<int:review_id>")
def review(review_id: int) -> Response:
    """A verdict card for other sites' pages (``?theme=light|dark|compact``)."""
    theme = parse_theme(request.args.get("theme"))
    validator = validator_cache().get(
        ("review", review_id), lambda: review_validator(db_session(), review_id)
    )
    if validator is None:
        abort(404, NOT_PUBLISHED)
    etag = make_etag("review", validator.key, theme.name, request.url_root, fingerprint())

    def render() -> Cached:
        card = load_verdict_card(db_session(), review_id, site_url(review_page_path(review_id)))
        if card is None:  # unpublished between the two queries
            abort(404, NOT_PUBLISHED)
        embed = embed_for_review(review_id, verdict_title(card))
        return _html("embed/review.html", ReviewWidgetContext(card, theme, embed, widget_assets()))

    return cached_response(
        etag=etag,
        last_modified=validator.last_modified,
        render=render,
        max_age=_settings().embed_max_age_s,
    )


@bp.get("/embed/speakers/<slug>")
def speaker(slug: str) -> Response:
    """A speaker's latest verdicts and confirmed reversals."""
    theme = parse_theme(request.args.get("theme"))
    validator = validator_cache().get(
        ("speaker", slug), lambda: speaker_validator(db_session(), slug)
    )
    if validator is None:
        abort(404, NO_SPEAKER)
    etag = make_etag("speaker", validator.key, theme.name, request.url_root, fingerprint())

    def render() -> Cached:
        card = load_speaker_card(
            db_session(),
            slug,
            site_url(speaker_page_path(slug)),
            lambda review_id: site_url(review_page_path(review_id)),
        )
        if card is None:
            abort(404, NO_SPEAKER)
        embed = embed_for_speaker(slug, f"Fact-checks of {card.name}")
        return _html(
            "embed/speaker.html", SpeakerWidgetContext(card, theme, embed, widget_assets())
        )

    return cached_response(
        etag=etag,
        last_modified=validator.last_modified,
        render=render,
        max_age=_settings().embed_max_age_s,
    )


@bp.get("/embed.js")
def script() -> Response:
    """The snippet that turns verdict links into self-sizing widget iframes."""
    response = send_from_directory(
        current_app.static_folder or "", "embed.js", max_age=SCRIPT_MAX_AGE
    )
    response.headers["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    return response


def _oembed_error(exc: OEmbedError) -> Response:
    body = {
        "ok": False,
        "error": {"status": exc.status, "title": exc.title, "message": exc.message},
    }
    response = Response(json.dumps(body), status=exc.status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/oembed")
def oembed() -> Response:
    """The oEmbed provider (JSON, type ``rich``) for verdict and speaker pages."""
    try:
        query = parse_request(request.args, site_root() + "/")
    except OEmbedError as exc:
        if exc.status != 404 or site_root() + "/" == request.url_root:
            return _oembed_error(exc)
        try:  # the address this request came to also counts, not only the public one
            query = parse_request(request.args, request.url_root)
        except OEmbedError as again:
            return _oembed_error(again)
    validators = validator_cache()
    if query.kind == "review":
        review_id = int(query.key)
        validator = validators.get(
            ("review", review_id), lambda: review_validator(db_session(), review_id)
        )
        missing = OEmbedError(404, "Not found", NOT_PUBLISHED)
    else:
        slug = query.key
        validator = validators.get(("speaker", slug), lambda: speaker_validator(db_session(), slug))
        missing = OEmbedError(404, "Not found", NO_SPEAKER)
    if validator is None:
        return _oembed_error(missing)
    settings = _settings()
    etag = make_etag("oembed", query, validator.key, request.url_root, fingerprint())

    def render() -> Cached:
        answer = _oembed_payload(query.kind, query.key, settings.embed_max_age_s)
        if answer is None:
            abort(404)
        info, author, author_url = answer
        fitted = fit(info, query.maxwidth, query.maxheight)
        data = payload(
            fitted,
            author_name=author,
            author_url=author_url,
            provider_name=settings.organisation_name,
            provider_url=settings.organisation_url or site_root() + "/",
            cache_age=settings.embed_max_age_s,
        )
        return Cached(json.dumps(data).encode("utf-8"), "application/json")

    return cached_response(
        etag=etag,
        last_modified=validator.last_modified,
        render=render,
        max_age=settings.embed_max_age_s,
        extra_headers=[("Access-Control-Allow-Origin", "*")],
    )


def _oembed_payload(kind: str, key: str, max_age: int) -> tuple[Any, str, str] | None:
    session = db_session()
    if kind == "review":
        review_id = int(key)
        card = load_verdict_card(session, review_id, site_url(review_page_path(review_id)))
        if card is None:
            return None
        author_url = site_url(speaker_page_path(card.speaker_slug)) if card.speaker_slug else ""
        return embed_for_review(review_id, verdict_title(card)), card.speaker_name, author_url
    speaker_card = load_speaker_card(
        session, key, site_url(speaker_page_path(key)), lambda rid: site_url(review_page_path(rid))
    )
    if speaker_card is None:
        return None
    info = embed_for_speaker(key, f"Fact-checks of {speaker_card.name}")
    return info, speaker_card.name, speaker_card.page_url


def _error_theme() -> Theme:
    try:
        return parse_theme(request.args.get("theme"))
    except UnknownTheme:
        return THEMES["light"]


@bp.errorhandler(UnknownTheme)
def unknown_theme(exc: UnknownTheme) -> tuple[str, int]:
    """``?theme=`` names no theme: 400, saying which themes there are."""
    context = ErrorWidgetContext(400, "Unknown theme", str(exc), THEMES["light"], widget_assets())
    return render_template("embed/error.html", **as_context(context)), 400


@bp.errorhandler(HTTPException)
def widget_error(exc: HTTPException) -> Response | tuple[str, int]:
    """Errors inside a widget: a small framed message, without the site's navigation."""
    status = exc.code or 500
    if request.endpoint == "embed.oembed":
        return _oembed_error(OEmbedError(status, exc.name, exc.description or ""))
    context = ErrorWidgetContext(
        status, exc.name, exc.description or "", _error_theme(), widget_assets()
    )
    return render_template("embed/error.html", **as_context(context)), status
