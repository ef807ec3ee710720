"""The review queue: statements waiting for work, filtered, sorted, paginated; assigning."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.review.checkworthiness import score_statement
from onrecord.pipeline.review.operations import assign_statement
from onrecord.web.access import can_assign_to, review_actor
from onrecord.web.desk import review_queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.queue_forms import QueueFilterForm
from onrecord.web.desk.queue_query import queue_ids_query, queue_rows
from onrecord.web.desk.review_forms import AssignForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence
from onrecord.web.pagination import paginate, requested_page


@bp.route("/queue")
def queue() -> ResponseReturnValue:
    """Statements to review, with their verdict state, check-worthiness and assignee."""
    session = db_session()
    people = review_queries.desk_people(session)
    form = QueueFilterForm(request.args, people=people)
    valid = form.validate()
    filters = form.filters() if valid else QueueFilterForm(people=people).filters()
    ids = paginate(session, queue_ids_query(filters, current_user.id), number=requested_page())
    page = replace(ids, items=queue_rows(session, ids.items))
    worth = {row[0].id: score_statement(row[0].text) for row in page.items}
    names = review_queries.people_names(
        session, [row[4].assignee_id for row in page.items if row[4]]
    )
    return render_template(
        "desk/queue.html",
        form=form,
        page=page,
        worth=worth,
        names=names,
        people=people,
        assign_form=AssignForm(),
        args=form.query_args(),
    ), (200 if valid else 400)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("desk.queue")


@bp.route("/statements/<int:statement_id>/assign", methods=["POST"])
def assign(statement_id: int) -> ResponseReturnValue:
    """Assign the statement's verdict to someone (a draft is started when there is none)."""
    form = AssignForm()
    if not form.validate_on_submit():
        abort(400, "Choose whom to assign the statement to.")
    assignee_id = form.assignee_id()
    if not can_assign_to(current_user, assignee_id):
        abort(403, "Fact-checkers can take statements for themselves; editors can assign anyone.")
    try:
        with database().write() as session:
            assign_statement(
                session,
                statement_id=statement_id,
                assignee_id=assignee_id,
                actor=review_actor(current_user),
            )
    except OperationError as exc:
        abort(404 if "no statement" in str(exc) else 400, as_sentence(str(exc)))
    flash("Assigned." if assignee_id else "Nobody is assigned now.", "success")
    return redirect(_safe_next(form.next.data))
