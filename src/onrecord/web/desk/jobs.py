"""Background jobs on the desk: the list (by status), one job, and retrying a failed one.

Everyone on the desk sees the jobs; editors and admins retry failed ones
(:func:`~onrecord.web.access.can_retry_jobs`). The pages do not refresh by
themselves: reload to see a queued job move on.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from onrecord.jobs import get_kind, retry_job
from onrecord.jobs.queries import jobs_query, status_counts
from onrecord.models import Job, JobStatus, Source
from onrecord.pipeline.errors import OperationError
from onrecord.web.access import can_retry_jobs
from onrecord.web.desk.blueprint import bp
from onrecord.web.extensions import db_session
from onrecord.web.filters import as_sentence
from onrecord.web.pagination import paginate, requested_page

bp.add_app_template_global(can_retry_jobs, "can_retry_jobs")


class RetryJobForm(FlaskForm):
    """The "Retry" button: nothing but the CSRF token."""


def kind_label(name: str) -> str:
    """The job kind's label for people (its name when the kind is unknown here)."""
    try:
        return get_kind(name).label
    except OperationError:
        return name


bp.add_app_template_global(kind_label, "job_kind_label")


@bp.route("/jobs")
def jobs() -> ResponseReturnValue:
    """Jobs newest first, filtered by ``?status=``; failed ones show their error."""
    raw = request.args.get("status", "")
    if raw and raw not in {s.value for s in JobStatus}:
        abort(404, "There is no such job status.")
    status = JobStatus(raw) if raw else None
    session = db_session()
    page = paginate(session, jobs_query(status), number=requested_page())
    return render_template(
        "desk/jobs.html",
        page=page,
        status=status,
        counts=status_counts(session),
        retry_form=RetryJobForm(),
        redis=bool(current_app.config["ONRECORD"].redis_url),
    )


@bp.route("/jobs/<int:job_id>")
def job(job_id: int) -> ResponseReturnValue:
    """One job: status, attempts, error, result, and the source it stored."""
    session = db_session()
    row = session.get(Job, job_id)
    if row is None:
        abort(404, "There is no job with this number.")
    source_id = row.result.get("source_id")
    source = session.get(Source, source_id) if isinstance(source_id, int) else None
    return render_template("desk/job.html", job=row, source=source, retry_form=RetryJobForm())


@bp.route("/jobs/<int:job_id>/retry", methods=["POST"])
def retry_job_view(job_id: int) -> ResponseReturnValue:
    """Queue a failed job again with all its attempts (runs at once without Redis)."""
    if not can_retry_jobs(current_user):
        abort(403, "Only editors and admins can retry jobs.")
    if not RetryJobForm().validate_on_submit():
        abort(400, "The form expired. Reload the page and try again.")
    try:
        row = retry_job(current_app, job_id, actor_id=current_user.id)
    except OperationError as exc:
        if db_session().get(Job, job_id) is None:
            abort(404, "There is no job with this number.")
        flash(as_sentence(str(exc)), "warning")
    else:
        category = {JobStatus.SUCCEEDED: "success", JobStatus.FAILED: "danger"}.get(
            row.status, "info"
        )
        flash(f"Job {job_id} retried: {row.status.value}.", category)
    return redirect(url_for("desk.job", job_id=job_id))
