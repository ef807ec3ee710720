"""The sources list, each source's page with its statements highlighted, and adding articles."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from onrecord.jobs import enqueue_matching, stored_ids
from onrecord.models import IngestMethod, Speaker, Statement
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.operations import ingest_prepared, prepare_text
from onrecord.web.access import can_add_source
from onrecord.web.desk import queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.forms import AddSourceForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence
from onrecord.web.highlight import Span, highlight
from onrecord.web.pagination import paginate, requested_page


def speaker_label(statement: Statement, speaker: Speaker | None) -> str:
    """Who said it, as the page shows it: the resolved speaker, else the name in the text."""
    if speaker is not None:
        return speaker.name
    return statement.speaker_name or statement.speaker_mention or "Unattributed"


def statement_spans(rows: Sequence[tuple[Statement, Speaker | None]]) -> list[Span]:
    """One span per statement, plus one per speaker mention lying outside its quote."""
    spans = []
    for statement, speaker in rows:
        label = speaker_label(statement, speaker)
        kind = str(statement.kind)
        spans.append(Span(statement.start, statement.end, kind, statement.id, label))
        start, end = statement.speaker_start, statement.speaker_end
        if start is None or end is None or start >= end:
            continue
        if end <= statement.start or start >= statement.end:
            spans.append(Span(start, end, "speaker", statement.id, label))
    return spans


@bp.route("/sources")
def sources() -> ResponseReturnValue:
    """All sources, newest first, with outlet, date and number of statements."""
    page = paginate(db_session(), queries.sources_query(), number=requested_page())
    return render_template("desk/sources.html", page=page)


@bp.route("/sources/<int:source_id>")
def source(source_id: int) -> ResponseReturnValue:
    """One source: metadata, the text with every statement marked, and the statements."""
    detail = queries.source_detail(db_session(), source_id)
    if detail is None:
        abort(404, "There is no source with this number. It may have been deleted.")
    paragraphs = highlight(detail.source.text, statement_spans(detail.statements))
    return render_template("desk/source.html", detail=detail, paragraphs=paragraphs)


@bp.route("/sources/new", methods=["GET", "POST"])
def new_source() -> ResponseReturnValue:
    """Paste an article; it is stored with its statements, or the form says what is wrong."""
    if not can_add_source(current_user):
        abort(403, "Only fact-checkers, editors and admins can add articles.")
    form = AddSourceForm()
    if form.validate_on_submit():
        try:
            # Checked and extracted before the write transaction opens (SQLite's lock).
            result = ingest_prepared(
                database(),
                prepare_text(**form.ingest_arguments()),
                method=IngestMethod.PASTE,
                actor_id=current_user.id,
            )
        except OperationError as exc:
            form.form_errors.append(as_sentence(str(exc)))
        else:
            flash(as_sentence(result.message), "success" if result.created else "info")
            enqueue_matching(current_app, stored_ids(result), actor_id=current_user.id)
            return redirect(url_for("desk.source", source_id=result.source.id))
    status = 400 if form.errors else 200
    return render_template("desk/source_new.html", form=form), status
