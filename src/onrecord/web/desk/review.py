"""The statement page with its verdict, the verdict's workflow, and its revision history.

Views are thin: load (404), check access (403), validate one form, call one
operation in one write transaction, then redirect or render. A stale save is
answered with 409 and both versions side by side, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup

from onrecord.models import Review, ReviewState
from onrecord.pipeline.errors import Conflict, OperationError
from onrecord.pipeline.review.checkworthiness import score_statement
from onrecord.pipeline.review.diff import history_diffs
from onrecord.pipeline.review.markdown import render_explanation
from onrecord.pipeline.review.operations import (
    StaleReview,
    create_review,
    save_review,
    snapshot,
    transition_review,
)
from onrecord.pipeline.review.scales import get_scale
from onrecord.pipeline.review.states import (
    PUBLIC_STATES,
    ReviewAction,
    actions_from,
    state_label,
    transition,
)
from onrecord.web.access import (
    can_assign_to,
    can_edit_verdict,
    can_review_action,
    can_start_review,
    review_actor,
    review_policy,
)
from onrecord.web.desk import review_queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.matches import match_panels
from onrecord.web.desk.review_forms import AssignForm, StartReviewForm, VerdictForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence

bp.add_app_template_global(can_edit_verdict, "can_edit_verdict")
bp.add_app_template_global(can_review_action, "can_review_action")
bp.add_app_template_global(can_start_review, "can_start_review")
bp.add_app_template_global(can_assign_to, "can_assign_to")
bp.add_app_template_global(state_label, "state_label")
bp.add_app_template_global(actions_from, "review_actions_from")


@bp.app_template_filter("explanation_html")
def explanation_html(source: str) -> Markup:
    """Markdown explanation → sanitised HTML (nh3 allowlist), safe to insert."""
    return Markup(render_explanation(source))  # noqa: S704 - sanitised by nh3


@bp.app_template_global("rating_level")
def rating_level(review: Review) -> Any:
    """The scale level of the verdict's rating (label, value, colour), or None."""
    if review.rating_value is None:
        return None
    try:
        return get_scale(review.scale).level(review.rating_value)
    except KeyError:
        return None


def verdict_form(review: Review, data: dict[str, Any] | None = None) -> VerdictForm:
    """The verdict form filled from the review (GET) or from the request (POST)."""
    form = VerdictForm() if data is None else VerdictForm(formdata=None, data=data)
    return form.setup(review)


def _review_data(review: Review) -> dict[str, Any]:
    return {**snapshot(review), "version": str(review.version), "action": ""}


def render_statement(
    statement_id: int, form: VerdictForm | None = None, status: int = 200
) -> ResponseReturnValue:
    """The statement page (with ``form`` when re-showing a submitted verdict)."""
    detail = review_queries.statement_detail(db_session(), statement_id)
    if detail is None:
        abort(404, "There is no statement with this number. Its article may have been deleted.")
    review = detail.review
    if form is None and review is not None:
        form = verdict_form(review, _review_data(review))
    return render_template(
        "desk/statement.html",
        detail=detail,
        review=review,
        form=form,
        start_form=StartReviewForm(),
        assign_form=AssignForm(),
        people=review_queries.desk_people(db_session()) if review is not None else [],
        worth=score_statement(detail.statement.text),
        public_states=PUBLIC_STATES,
        matches=match_panels(db_session(), detail.statement),
    ), status


@bp.route("/statements/<int:statement_id>")
def statement(statement_id: int) -> ResponseReturnValue:
    """One statement: the quote in its context, the speaker, links, and the verdict."""
    return render_statement(statement_id)


@bp.route("/statements/<int:statement_id>/review", methods=["POST"])
def start_review(statement_id: int) -> ResponseReturnValue:
    """Start a draft verdict on the statement."""
    if not can_start_review(current_user):
        abort(403, "Only fact-checkers, editors and admins write verdicts.")
    form = StartReviewForm()
    if not form.validate_on_submit():
        abort(400, "Choose a rating scale.")
    try:
        with database().write() as session:
            create_review(
                session,
                statement_id=statement_id,
                actor=review_actor(current_user),
                scale=form.scale.data,
            )
    except Conflict as exc:
        flash(as_sentence(str(exc)), "info")
    except OperationError as exc:
        abort(404 if "no statement" in str(exc) else 400, as_sentence(str(exc)))
    else:
        flash("Draft started. Write the verdict, then save or submit it.", "success")
    return redirect(url_for("desk.statement", statement_id=statement_id, _anchor="verdict"))


def _load_review(review_id: int) -> Review:
    review = db_session().get(Review, review_id)
    if review is None:
        abort(404, "There is no verdict with this number.")
    return review


def _check_allowed(review: Review, action: ReviewAction | None) -> None:
    if action is None and not can_edit_verdict(current_user, review):
        abort(403, "You cannot edit this verdict. Published verdicts change only by correction.")
    if action is not None and not can_review_action(current_user, review, action):
        abort(403, f"You may not “{transition(action).label.lower()}” this verdict now.")


@bp.route("/reviews/<int:review_id>", methods=["POST"])
def update_review(review_id: int) -> ResponseReturnValue:
    """Save the verdict, or save it and take a workflow step (the button pressed)."""
    review = _load_review(review_id)
    form = verdict_form(review)
    if not form.validate_on_submit():
        return render_statement(review.statement_id, form, 400)
    action = form.chosen_action()
    if form.expected_version() != review.version and can_start_review(current_user):
        # Acting on an old page (the state may have moved on): show what changed.
        return render_conflict(review, form, StaleReview(review))
    _check_allowed(review, action)
    takes_text = can_edit_verdict(current_user, review) or action == ReviewAction.CORRECT
    try:
        with database().write() as session:
            if action is None:
                save_review(
                    session,
                    review_id=review_id,
                    expected_version=form.expected_version(),
                    changes=form.changes(),
                    actor=review_actor(current_user),
                )
            else:
                transition_review(
                    session,
                    review_id=review_id,
                    action=action,
                    expected_version=form.expected_version(),
                    actor=review_actor(current_user),
                    note=form.public_note.data or "",
                    changes=form.changes() if takes_text else None,
                    policy=review_policy(),
                )
    except StaleReview as exc:
        return render_conflict(review, form, exc)
    except OperationError as exc:
        form.form_errors.append(as_sentence(str(exc)))
        return render_statement(
            review.statement_id, form, 409 if isinstance(exc, Conflict) else 400
        )
    flash(_done_message(action), "success")
    return redirect(url_for("desk.statement", statement_id=review.statement_id, _anchor="verdict"))


def _done_message(action: ReviewAction | None) -> str:
    if action is None:
        return "Verdict saved."
    edge = transition(action)
    return f"Done: {edge.label.lower()}. Verdict state: {state_label(edge.target)}."


def render_conflict(review: Review, form: VerdictForm, exc: StaleReview) -> ResponseReturnValue:
    """409: your text and the saved one side by side; the form keeps yours on the new version."""
    db_session().refresh(review)  # show the buttons of the state saved meanwhile
    form.version.data = str(exc.current_version)
    form.form_errors.append(as_sentence(str(exc)))
    detail = review_queries.statement_detail(db_session(), review.statement_id)
    theirs = exc.current
    people = review_queries.people_names(db_session(), [theirs.get("author_id")])
    return render_template(
        "desk/review_conflict.html",
        detail=detail,
        review=review,
        form=form,
        mine=form.changes(),
        theirs=theirs,
        people=people,
        current_version=exc.current_version,
        current_state=ReviewState(theirs["state"]),
    ), 409


@bp.route("/reviews/<int:review_id>/history")
def review_history(review_id: int) -> ResponseReturnValue:
    """Every revision of a verdict, newest first, with what changed in each."""
    review = _load_review(review_id)
    session = db_session()
    revisions = review_queries.revisions(session, review_id)
    ids = [r.changed_by_id for r in revisions]
    for revision in revisions:
        ids += [revision.snapshot.get(name) for name in ("assignee_id", "second_reader_id")]
    people = review_queries.people_names(session, ids)
    diffs = history_diffs([revision.snapshot for revision in revisions], people)
    detail = review_queries.statement_detail(session, review.statement_id)
    entries = list(zip(revisions, diffs, strict=True))[::-1]
    return render_template(
        "desk/review_history.html", review=review, detail=detail, entries=entries, people=people
    )
