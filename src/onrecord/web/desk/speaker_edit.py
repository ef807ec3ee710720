"""Editing speakers: aliases and roles, merging two speakers, and reassigning statements.

Fact-checkers and up add aliases and roles and change who made a statement
(also confirming a flagged one); merging deletes a speaker, so it is for
editors and admins. Each POST validates one form and calls one operation of
:mod:`onrecord.pipeline.speakers.operations` inside one write transaction.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlmodel import Session, select

from onrecord.jobs import enqueue
from onrecord.models import Speaker, Statement
from onrecord.pipeline.errors import NotFound, OperationError
from onrecord.pipeline.speakers.operations import (
    add_alias,
    add_role,
    merge_speakers,
    reassign_statement,
)
from onrecord.web.access import can_edit_speaker, can_merge_speakers, can_reassign_statement
from onrecord.web.desk import queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.forms import (
    AddAliasForm,
    AddRoleForm,
    MergeSpeakersForm,
    ReassignStatementForm,
    SpeakerSearchForm,
)
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence
from onrecord.web.pagination import paginate, requested_page

bp.add_app_template_global(can_edit_speaker, "can_edit_speaker")
bp.add_app_template_global(can_merge_speakers, "can_merge_speakers")
bp.add_app_template_global(can_reassign_statement, "can_reassign_statement")

NO_SPEAKER = "There is no speaker at this address. Speakers may be renamed or merged."
NO_STATEMENT = "There is no statement with this number."


@bp.app_template_global("statement_candidates")
def statement_candidates(statement: Statement) -> list[queries.SpeakerCandidate]:
    """Speakers a flagged statement may be by (for the "confirm this one" buttons)."""
    return queries.statement_candidates(db_session(), statement)


def _speaker(session: Session, slug: str) -> Speaker:
    """The speaker with ``slug``, or a 404."""
    speaker = session.exec(select(Speaker).where(Speaker.slug == slug)).first()
    if speaker is None:
        abort(404, NO_SPEAKER)
    return speaker


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        abort(403, message)


# --- Aliases and roles ---------------------------------------------------------------


def _edit_page(
    slug: str, alias_form: AddAliasForm | None = None, role_form: AddRoleForm | None = None
) -> ResponseReturnValue:
    detail = queries.speaker_detail(db_session(), slug)
    if detail is None:
        abort(404, NO_SPEAKER)
    alias_form = alias_form or AddAliasForm(formdata=None)
    role_form = role_form or AddRoleForm(formdata=None)
    status = 400 if alias_form.errors or role_form.errors else 200
    return render_template(
        "desk/speaker_edit.html", detail=detail, alias_form=alias_form, role_form=role_form
    ), status


@bp.route("/speakers/<slug>/edit")
def edit_speaker(slug: str) -> ResponseReturnValue:
    """The forms to add another name and a role to a speaker."""
    _require(can_edit_speaker(current_user), "Only fact-checkers and up can edit speakers.")
    return _edit_page(slug)


@bp.route("/speakers/<slug>/aliases", methods=["POST"])
def add_speaker_alias(slug: str) -> ResponseReturnValue:
    """Add another name; a name the speaker already has changes nothing and says so."""
    _require(can_edit_speaker(current_user), "Only fact-checkers and up can edit speakers.")
    form = AddAliasForm()
    if not form.validate_on_submit():
        return _edit_page(slug, alias_form=form)
    alias = form.alias.data or ""
    with database().write() as session:
        speaker = _speaker(session, slug)
        added = add_alias(session, speaker=speaker, alias=alias)
        name = speaker.name
    if added is None:
        flash(f"{name} already has the name “{alias}”; nothing changed.", "info")
    else:
        flash(f"Added “{alias}” as another name of {name}.", "success")
    return redirect(url_for("desk.speaker", slug=slug))


@bp.route("/speakers/<slug>/roles", methods=["POST"])
def add_speaker_role(slug: str) -> ResponseReturnValue:
    """Record a role held between two dates (the end may not precede the start)."""
    _require(can_edit_speaker(current_user), "Only fact-checkers and up can edit speakers.")
    form = AddRoleForm()
    if not form.validate_on_submit():
        return _edit_page(slug, role_form=form)
    with database().write() as session:
        speaker = _speaker(session, slug)
        role = add_role(session, speaker=speaker, **form.role_arguments())
        message = f"Added the role “{role.title}” to {speaker.name}."
    flash(message, "success")
    return redirect(url_for("desk.speaker", slug=slug))


# --- Merging -----------------------------------------------------------------------


@bp.route("/speakers/<slug>/merge")
def merge_search(slug: str) -> ResponseReturnValue:
    """Find the speaker to fold into this one: close names first, or a name searched for."""
    _require(can_merge_speakers(current_user), "Only editors and admins can merge speakers.")
    session = db_session()
    keep = _speaker(session, slug)
    form = SpeakerSearchForm(request.args)
    name = (form.q.data or "") if form.validate() else ""
    candidates = queries.speaker_candidates(
        session, name or keep.name, exclude_id=keep.id, limit=12
    )
    status = 400 if form.errors else 200
    return render_template(
        "desk/speaker_merge_edit.html", keep=keep, form=form, name=name, candidates=candidates
    ), status


@bp.route("/speakers/<slug>/merge/<other>", methods=["GET", "POST"])
def merge_confirm(slug: str, other: str) -> ResponseReturnValue:
    """Show both speakers side by side; POST folds ``other`` into ``slug``."""
    _require(can_merge_speakers(current_user), "Only editors and admins can merge speakers.")
    form = MergeSpeakersForm()
    if form.validate_on_submit():
        try:
            with database().write() as session:
                keep, remove = _speaker(session, slug), _speaker(session, other)
                counts = merge_speakers(session, keep=keep, remove=remove, actor_id=current_user.id)
                names, ids = (remove.name, keep.name), (keep.id, remove.id)
        except OperationError as exc:
            form.form_errors.append(as_sentence(str(exc)))
        else:
            flash(merge_message(*names, counts), "success")
            # The merged histories are matched again (a job: in-process or on a worker).
            enqueue(
                current_app,
                "rematch_speaker",
                actor_id=current_user.id,
                speaker_id=ids[0],
                merged_id=ids[1],
            )
            return redirect(url_for("desk.speaker", slug=slug))
    session = db_session()
    keep, remove = _speaker(session, slug), _speaker(session, other)
    status = 400 if form.errors else 200
    return render_template(
        "desk/speaker_merge.html",
        form=form,
        keep=queries.speaker_summary(session, keep),
        remove=queries.speaker_summary(session, remove),
        same=keep.id == remove.id,
    ), status


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def merge_message(removed: str, kept: str, counts: dict[str, int]) -> str:
    """``"Merged A into B: moved 3 statements, 1 alias and 0 roles."``."""
    return (
        f"Merged {removed} into {kept}: moved "
        f"{_count(counts['statements'], 'statement', 'statements')}, "
        f"{_count(counts['aliases'], 'alias', 'aliases')} and "
        f"{_count(counts['roles'], 'role', 'roles')}."
    )


# --- Reassigning statements ------------------------------------------------------------


def _reassign_page(statement_id: int, form: ReassignStatementForm) -> ResponseReturnValue:
    session = db_session()
    found = queries.statement_with_source(session, statement_id)
    if found is None:
        abort(404, NO_STATEMENT)
    statement, speaker, source = found
    search = SpeakerSearchForm(request.args)
    name = (search.q.data or "") if search.validate() else ""
    results = queries.speaker_candidates(session, name, limit=10) if name else []
    status = 400 if form.errors or search.errors else 200
    return render_template(
        "desk/speaker_reassign_edit.html",
        statement=statement,
        speaker=speaker,
        source=source,
        form=form,
        search=search,
        name=name,
        candidates=queries.statement_candidates(session, statement),
        results=results,
    ), status


@bp.route("/statements/<int:statement_id>/speaker")
def reassign_form(statement_id: int) -> ResponseReturnValue:
    """Candidates for the statement's speaker, a name search, and "nobody"."""
    _require(can_reassign_statement(current_user), "Only fact-checkers and up can reassign.")
    return _reassign_page(statement_id, ReassignStatementForm(formdata=None))


def _back_url(back: str | None, statement: Statement) -> str:
    if back == "unconfirmed":
        return url_for("desk.unconfirmed_statements")
    if back == "statement":
        return url_for("desk.reassign_form", statement_id=statement.id)
    anchor = f"statement-{statement.id}-details"
    return url_for("desk.source", source_id=statement.source_id, _anchor=anchor)


def _reassign(statement_id: int, form: ReassignStatementForm) -> tuple[Statement, str]:
    """Run the reassignment in one transaction; the statement and a message for people."""
    with database().write() as session:
        statement = session.get(Statement, statement_id)
        if statement is None:
            abort(404, NO_STATEMENT)
        speaker = None
        if not form.nobody.data:
            speaker = session.get(Speaker, form.speaker_id.data)
            if speaker is None:
                raise NotFound("that speaker no longer exists; it may have been merged")
        reassign_statement(session, statement=statement, speaker=speaker, actor_id=current_user.id)
    who = speaker.name if speaker else "nobody"
    return statement, f"Statement {statement_id} is now attributed to {who}."


@bp.route("/statements/<int:statement_id>/speaker", methods=["POST"])
def reassign(statement_id: int) -> ResponseReturnValue:
    """Attribute the statement to the chosen speaker (or nobody); clears "needs confirmation"."""
    _require(can_reassign_statement(current_user), "Only fact-checkers and up can reassign.")
    form = ReassignStatementForm()
    if form.validate_on_submit():
        try:
            statement, message = _reassign(statement_id, form)
        except OperationError as exc:
            form.form_errors.append(as_sentence(str(exc)))
        else:
            flash(message, "success")
            return redirect(_back_url(form.back.data, statement))
    return _reassign_page(statement_id, form)


@bp.route("/speakers/unconfirmed")
def unconfirmed_statements() -> ResponseReturnValue:
    """Statements whose speaker the resolver was unsure of, newest first, with candidates."""
    page = paginate(db_session(), queries.unconfirmed_statements_query(), number=requested_page())
    return render_template("desk/speakers_unconfirmed.html", page=page)
