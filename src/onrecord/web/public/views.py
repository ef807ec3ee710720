"""Public pages: the verdict index, each verdict, each speaker, their ``.json`` twins and the
ClaimReview feed. Nobody logs in; everything shown comes from
:mod:`onrecord.pipeline.publish` (public fields only).

Each HTML page and its ``.json`` twin are built from the same
:class:`~onrecord.pipeline.publish.records.PublishedVerdict` objects, so they say
the same thing; the verdict page's one JSON-LD block is the ClaimReview of what
the page shows.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from onrecord.pipeline.publish.claimreview import claim_review, has_claim_review
from onrecord.pipeline.publish.exports import claim_review_lines
from onrecord.pipeline.publish.records import PublicSpeaker, PublishedVerdict, VerdictPage
from onrecord.pipeline.publish.verdicts import (
    InvalidCursor,
    list_public_speakers,
    list_published_verdicts,
    load_public_speaker,
    load_published_verdict,
)
from onrecord.web.errors import render_error
from onrecord.web.extensions import db_session
from onrecord.web.public.blueprint import bp
from onrecord.web.public.forms import VerdictSearchForm
from onrecord.web.public.urls import organisation, public_url

#: Verdicts per index page.
PER_PAGE = 20


def _search() -> tuple[VerdictSearchForm, VerdictPage | None, str]:
    """The index form and its page of verdicts (None with a reason when the request is bad)."""
    session = db_session()
    form = VerdictSearchForm(request.args, speakers=list_public_speakers(session))
    if not form.validate():
        problems = "; ".join(
            f"{form[name].label.text}: {errs[0]}" for name, errs in form.errors.items()
        )
        return form, None, problems
    try:
        page = list_published_verdicts(
            session, **form.criteria(), after=request.args.get("after") or None, limit=PER_PAGE
        )
    except InvalidCursor as exc:
        return form, None, str(exc)
    return form, page, ""


def verdict_url(review_id: int) -> str:
    """The absolute address of a verdict's public page."""
    return public_url("public.verdict", review_id=review_id)


def structured_data(verdict: PublishedVerdict) -> dict[str, Any] | None:
    """The verdict page's ClaimReview (None for retracted or unrated verdicts)."""
    if not has_claim_review(verdict):
        return None
    return claim_review(verdict, page_url=verdict_url(verdict.id), organisation=organisation())


@bp.route("/verdicts")
def index() -> ResponseReturnValue:
    """Published fact-checks, newest first, with search and filters."""
    form, page, problem = _search()
    args = form.query_args()
    next_url = None
    if page is not None and page.next_cursor:
        next_url = public_url("public.index", after=page.next_cursor, **args)
    html = render_template(
        "public/index.html",
        form=form,
        page=page,
        problem=problem,
        args=args,
        first_page=bool(request.args.get("after")),
        next_url=next_url,
    )
    return html, 200 if page is not None else 400


@bp.route("/verdicts.json")
def index_json() -> ResponseReturnValue:
    """The index's twin: the same page of verdicts and filters, plus the next page's address."""
    form, page, problem = _search()
    if page is None:
        return render_error(400, "Bad request", problem)
    args = form.query_args()
    data = page.to_public()
    for item in data["verdicts"]:
        item["url"] = verdict_url(item["id"])
    data["next"] = (
        public_url("public.index_json", after=page.next_cursor, **args)
        if page.next_cursor
        else None
    )
    return jsonify(data)


def _verdict_or_404(review_id: int) -> PublishedVerdict:
    verdict = load_published_verdict(db_session(), review_id)
    if verdict is None:
        abort(404, "There is no published fact-check with this number.")
    return verdict


@bp.route("/verdicts/<int:review_id>")
def verdict(review_id: int) -> ResponseReturnValue:
    """One published verdict with its ClaimReview JSON-LD."""
    found = _verdict_or_404(review_id)
    structured = structured_data(found)
    return render_template(
        "public/verdict.html",
        verdict=found,
        claim_review=structured,
        # The page's headline is the ClaimReview's claim, so the two always agree.
        claim_text=structured["claimReviewed"] if structured else found.claim,
        page_url=verdict_url(found.id),
    )


@bp.route("/verdicts/<int:review_id>.json")
def verdict_json(review_id: int) -> ResponseReturnValue:
    """The verdict page's twin: the verdict, its address and its ClaimReview."""
    found = _verdict_or_404(review_id)
    return jsonify(
        {
            "verdict": found.to_public(),
            "url": verdict_url(found.id),
            "claim_review": structured_data(found),
        }
    )


@bp.route("/verdicts/claimreview.jsonl")
def claim_review_feed() -> ResponseReturnValue:
    """Every standing published verdict as ClaimReview, one JSON object per line."""
    lines = claim_review_lines(db_session(), page_url=verdict_url, organisation=organisation())
    response = Response(stream_with_context(lines), mimetype="application/x-ndjson")
    response.headers["Content-Disposition"] = 'inline; filename="claimreview.jsonl"'
    return response


def _speaker_or_404(slug: str) -> PublicSpeaker:
    found = load_public_speaker(db_session(), slug)
    if found is None:
        abort(404, "There is nobody with this name on our public record.")
    return found


@bp.route("/people/<slug>")
def speaker(slug: str) -> ResponseReturnValue:
    """A speaker's public record: verdicts, confirmed reversals and a timeline."""
    found = _speaker_or_404(slug)
    return render_template(
        "public/speaker.html", record=found, page_url=public_url("public.speaker", slug=slug)
    )


@bp.route("/people/<slug>.json")
def speaker_json(slug: str) -> ResponseReturnValue:
    """The speaker page's twin."""
    found = _speaker_or_404(slug)
    data = found.to_public()
    for item in data["verdicts"]:
        item["url"] = verdict_url(item["id"])
    data["url"] = public_url("public.speaker", slug=slug)
    return jsonify(data)
