"""Adding articles by URL and by file upload (pasting is in :mod:`.sources`).

Both pages validate one form and call one ingest operation; the operations
fetch, read and store (each article in one transaction), so a refusal leaves
nothing behind and is shown on the form with status 400. A URL is fetched by
an ``ingest_url`` job: at once without Redis, by a worker with it (the page
then shows the job). New statements are matched by a ``match_statements`` job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onrecord.jobs import enqueue, enqueue_matching, statements_of_sources
from onrecord.models import IngestMethod, JobStatus
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.articles import read_upload
from onrecord.pipeline.ingest.operations import ItemOutcome, ingest_items
from onrecord.web.access import can_add_source
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.forms import AddUrlForm, UploadForm
from onrecord.web.extensions import database
from onrecord.web.filters import as_sentence

#: Words for the per-item statuses of an upload.
STATUS_LABELS = {
    "ingested": "stored",
    "new_version": "new version",
    "duplicate": "already stored",
    "refused": "refused",
}
#: Outcomes that stored new statements (to be matched).
NEW = frozenset({"ingested", "new_version"})


def _require_add_source() -> None:
    if not can_add_source(current_user):
        abort(403, "Only fact-checkers, editors and admins can add articles.")


@bp.route("/sources/new/url", methods=["GET", "POST"])
def new_source_url() -> ResponseReturnValue:
    """Fetch an article by URL (through the SSRF guard) and store it with its statements."""
    _require_add_source()
    form = AddUrlForm()
    if form.validate_on_submit():
        try:
            job = enqueue(
                current_app,
                "ingest_url",
                actor_id=current_user.id,
                url=form.url.data or "",
                outlet=form.outlet.data or None,
            )
        except OperationError as exc:
            form.form_errors.append(as_sentence(str(exc)))
        else:
            # Without Redis the job has run already: show the source (or the refusal)
            # as before. With Redis a worker fetches it: show the job's page.
            if job.status == JobStatus.SUCCEEDED:
                created = job.result.get("status") != "duplicate"
                flash(as_sentence(job.result["message"]), "success" if created else "info")
                return redirect(url_for("desk.source", source_id=job.result["source_id"]))
            if job.status == JobStatus.FAILED:
                form.form_errors.append(as_sentence(job.last_error))
            else:
                flash(f"Queued: a worker will fetch the article (job {job.id}).", "info")
                return redirect(url_for("desk.job", job_id=job.id))
    status = 400 if form.errors else 200
    return render_template("desk/ingest_url.html", form=form), status


def upload_summary(outcomes: Sequence[ItemOutcome]) -> str:
    """One sentence for a batch: ``"3 articles: 2 stored, 1 refused."``."""
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [
        f"{counts[status]} {label}" for status, label in STATUS_LABELS.items() if counts[status]
    ]
    total = len(outcomes)
    noun = "article" if total == 1 else "articles"
    return f"{total} {noun}: {', '.join(parts)}." if parts else f"{total} {noun}."


@bp.route("/sources/new/upload", methods=["GET", "POST"])
def new_source_upload() -> ResponseReturnValue:
    """Upload an article or a JSON Lines batch; each item is stored on its own and reported."""
    _require_add_source()
    form = UploadForm()
    outcomes: list[ItemOutcome] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            items = read_upload(upload.filename or "", upload.read(), **form.known_metadata())
        except OperationError as exc:
            form.file.errors = [as_sentence(str(exc))]
        else:
            outcomes = [
                replace(outcome, message=as_sentence(outcome.message))
                for outcome in ingest_items(
                    database(), items, method=IngestMethod.UPLOAD, actor_id=current_user.id
                )
            ]
            stored = [o.source_id for o in outcomes if o.status in NEW and o.source_id]
            new_ids = statements_of_sources(database(), stored)
            enqueue_matching(current_app, new_ids, actor_id=current_user.id)
    status = 400 if form.errors else 200
    return render_template(
        "desk/ingest_upload.html",
        form=form,
        outcomes=outcomes,
        summary=upload_summary(outcomes) if outcomes else "",
        status_labels=STATUS_LABELS,
    ), status
