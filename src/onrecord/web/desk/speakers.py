"""The speakers list and each speaker's page: statements grouped by topic with confirmed
reversals marked (:func:`~onrecord.web.desk.matches.speaker_timeline`), verdict counts by
rating, and every statement newest first."""

from __future__ import annotations

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from onrecord.web.desk import queries
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.forms import SpeakerFilterForm
from onrecord.web.desk.matches import speaker_timeline
from onrecord.web.extensions import db_session
from onrecord.web.pagination import paginate, requested_page


@bp.route("/speakers")
def speakers() -> ResponseReturnValue:
    """Speakers by name with their statement counts, filtered by part of a name."""
    form = SpeakerFilterForm(request.args)
    name = (form.q.data or "") if form.validate() else ""
    page = paginate(db_session(), queries.speakers_query(name), number=requested_page())
    status = 200 if not form.errors else 400
    return render_template("desk/speakers.html", form=form, page=page, name=name), status


@bp.route("/speakers/<slug>")
def speaker(slug: str) -> ResponseReturnValue:
    """One speaker: names, roles, and what they said, newest first."""
    session = db_session()
    detail = queries.speaker_detail(session, slug)
    if detail is None or detail.speaker.id is None:
        abort(404, "There is no speaker at this address. Speakers may be renamed or merged.")
    page = paginate(
        session, queries.speaker_statements_query(detail.speaker.id), number=requested_page()
    )
    timeline = speaker_timeline(session, detail.speaker.id)
    return render_template("desk/speaker.html", detail=detail, page=page, timeline=timeline)
