"""RSS and Atom feeds: the list, each feed's recent entries, adding a feed and polling it.

Everyone on the desk sees the feeds; fact-checkers and up add and poll them
(:func:`~onrecord.web.access.can_manage_feeds`). Adding fetches the feed once
to check that it is one; polling stores each new entry in its own transaction.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onrecord.models import PollStatus
from onrecord.pipeline.errors import NotFound, OperationError
from onrecord.pipeline.ingest.operations import (
    PollReport,
    add_feed,
    policy_from_settings,
    poll_feed,
)
from onrecord.web.access import can_manage_feeds
from onrecord.web.desk import queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.forms import AddFeedForm, PollFeedForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence

#: How many refused entries a poll's flash messages name one by one.
SHOWN_REFUSALS = 5

bp.add_app_template_global(can_manage_feeds, "can_manage_feeds")


def _require_manage_feeds() -> None:
    if not can_manage_feeds(current_user):
        abort(403, "Only fact-checkers, editors and admins can add or poll feeds.")


def _feeds_page(form: AddFeedForm) -> ResponseReturnValue:
    status = 400 if form.errors else 200
    return render_template(
        "desk/feeds.html",
        feeds=queries.feeds_list(db_session()),
        form=form,
        poll_form=PollFeedForm(),
    ), status


@bp.route("/feeds")
def feeds() -> ResponseReturnValue:
    """Every feed with its last poll, status, counts, and (for fact-checkers) the add form."""
    return _feeds_page(AddFeedForm())


@bp.route("/feeds", methods=["POST"])
def add_feed_view() -> ResponseReturnValue:
    """Add a feed after checking that the address serves RSS or Atom."""
    _require_manage_feeds()
    form = AddFeedForm()
    if form.validate_on_submit():
        try:
            feed = add_feed(
                database(),
                form.url.data or "",
                policy=policy_from_settings(current_app.config["ONRECORD"]),
                outlet=form.outlet.data or None,
                actor_id=current_user.id,
            )
        except OperationError as exc:
            form.url.errors = [as_sentence(str(exc))]
        else:
            flash(f"Added the feed “{feed.title or feed.url}”. Poll it to fetch its articles.")
            return redirect(url_for("desk.feed", feed_id=feed.id))
    return _feeds_page(form)


@bp.route("/feeds/<int:feed_id>")
def feed(feed_id: int) -> ResponseReturnValue:
    """One feed: its settings, last poll, and the entries seen most recently."""
    detail = queries.feed_detail(db_session(), feed_id)
    if detail is None:
        abort(404, "There is no feed with this number.")
    return render_template("desk/feed.html", detail=detail, poll_form=PollFeedForm())


def flash_poll_report(report: PollReport) -> None:
    """The poll's one-line message, then one line per refused entry (the first few)."""
    category = {PollStatus.ERROR: "danger", PollStatus.NOT_MODIFIED: "info"}.get(
        report.status, "warning" if report.count("refused") else "success"
    )
    flash(as_sentence(report.message), category)
    refused = [outcome for outcome in report.outcomes if outcome.status == "refused"]
    for outcome in refused[:SHOWN_REFUSALS]:
        reason = as_sentence(outcome.message)
        # Fetch refusals already name the entry's address; say it only once.
        shown = reason if outcome.label in reason else f"Refused {outcome.label}: {reason}"
        flash(shown, "warning")
    if len(refused) > SHOWN_REFUSALS:
        more = len(refused) - SHOWN_REFUSALS
        flash(f"… and {more} more refused entries; see the list below.", "warning")


@bp.route("/feeds/<int:feed_id>/poll", methods=["POST"])
def poll_feed_view(feed_id: int) -> ResponseReturnValue:
    """Poll the feed now and show what happened; failures are reported, never raised."""
    _require_manage_feeds()
    form = PollFeedForm()
    if not form.validate_on_submit():
        abort(400, "The form expired. Reload the page and try again.")
    try:
        report = poll_feed(
            database(),
            feed_id,
            policy=policy_from_settings(current_app.config["ONRECORD"]),
            actor_id=current_user.id,
        )
    except NotFound:
        abort(404, "There is no feed with this number.")
    flash_poll_report(report)
    return redirect(url_for("desk.feed", feed_id=feed_id))
