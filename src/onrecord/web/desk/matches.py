"""Matching on the desk: the statement page's panels, deciding links, and the compare page.

* Panels "Already checked" and "Said before" (:func:`match_panels`, shown by
  the statement page) list the links matching wrote for a statement, with the
  two texts side by side and the explanation.
* Fact-checkers and up confirm or dismiss each link and rate a reversal on the
  Flip scale; each POST validates one form and calls one operation of
  :mod:`onrecord.pipeline.match.operations` in one write transaction. A link
  decided meanwhile by someone else is refused with a message saying so.
* ``/compare`` analyses any two statements, or two pasted texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlmodel import Session, col, select

from onrecord.models import (
    LinkRelation,
    LinkStatus,
    Review,
    Source,
    Speaker,
    Statement,
    StatementLink,
    User,
)
from onrecord.pipeline.errors import Conflict
from onrecord.pipeline.match.display import Comparison, comparison_from, side_by_side
from onrecord.pipeline.match.operations import (
    StaleLink,
    confirm_link,
    dismiss_link,
    link_state,
    rate_flip,
)
from onrecord.pipeline.match.ranking import CHECKED_STATES
from onrecord.pipeline.match.topics import Topic, TopicLink, group_topics
from onrecord.pipeline.review.operations import review_of_statement
from onrecord.web.access import can_decide_link
from onrecord.web.desk.blueprint import bp
from onrecord.web.desk.match_forms import CompareForm, FlipRatingForm, LinkDecisionForm
from onrecord.web.extensions import database, db_session
from onrecord.web.filters import as_sentence

bp.add_app_template_global(can_decide_link, "can_decide_link")
bp.add_app_template_global(link_state, "link_state")

HISTORY_RELATIONS = (LinkRelation.REVERSAL, LinkRelation.REPEATS, LinkRelation.SAME_TOPIC)
RELATION_LABELS = {
    LinkRelation.ALREADY_CHECKED: "already checked",
    LinkRelation.REPEATS: "repeats",
    LinkRelation.SAME_TOPIC: "same topic",
    LinkRelation.REVERSAL: "possible reversal",
}


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One link as a panel shows it: the earlier statement, where it was said, the analysis."""

    link: StatementLink
    other: Statement
    speaker: Speaker | None
    source: Source | None
    verdict: Review | None
    comparison: Comparison
    decided_by: str = ""

    @property
    def label(self) -> str:
        """The relation in words."""
        return RELATION_LABELS[self.link.relation]

    @property
    def decided(self) -> bool:
        """Whether a person decided this link (the machine no longer changes it)."""
        return self.link.decided_at is not None


@dataclass(frozen=True, slots=True)
class MatchPanels:
    """The statement page's two panels."""

    checked: Sequence[MatchRow]
    history: Sequence[MatchRow]


def _row(session: Session, link: StatementLink, statement: Statement) -> MatchRow | None:
    other = session.get(Statement, link.other_id)
    if other is None or other.id is None:
        return None
    stored = link.explanation.get("stance") if isinstance(link.explanation, dict) else None
    # Already-checked links carry no stance analysis: compute the layout now (~1 ms).
    comparison = comparison_from(stored) if isinstance(stored, dict) else None
    return MatchRow(
        link=link,
        other=other,
        speaker=session.get(Speaker, other.speaker_id) if other.speaker_id else None,
        source=session.get(Source, other.source_id),
        verdict=review_of_statement(session, other.id),
        comparison=comparison or side_by_side(other.text, statement.text),
        decided_by=_user_name(session, link.decided_by_id),
    )


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return (user.display_name or user.username) if user is not None else ""


def match_panels(session: Session, statement: Statement) -> MatchPanels:
    """The links matching wrote for ``statement`` (as the newer one), best first.

    Dismissed links are listed last so that a decision stays visible and reversible.
    """
    links = session.exec(
        select(StatementLink)
        .where(StatementLink.statement_id == statement.id)
        .order_by(col(StatementLink.score).desc(), col(StatementLink.id))
    ).all()
    # Reversals first: they are what a fact-checker must look at; dismissed ones last.
    links = sorted(
        links,
        key=lambda link: (link.status == LinkStatus.DISMISSED,
                          link.relation != LinkRelation.REVERSAL),
    )  # fmt: skip
    rows = [row for link in links if (row := _row(session, link, statement)) is not None]
    checked = [r for r in rows if r.link.relation == LinkRelation.ALREADY_CHECKED]
    shown = {r.other.id for r in checked}
    # A repeat of a checked claim is already in the first panel; say it once.
    history = [
        r for r in rows
        if r.link.relation in HISTORY_RELATIONS
        and (r.link.relation == LinkRelation.REVERSAL or r.other.id not in shown)
    ]  # fmt: skip
    return MatchPanels(checked=checked, history=history)


@bp.app_template_global("public_verdict_url")
def public_verdict_url(review: Review) -> str | None:
    """The public page of a verdict when the public site is installed, else None."""
    if "public.verdict" not in current_app.view_functions:
        return None
    return url_for("public.verdict", review_id=review.id)


def _load_link(link_id: int) -> StatementLink:
    if not can_decide_link(current_user):
        abort(403, "Only fact-checkers, editors and admins decide on suggested links.")
    link = db_session().get(StatementLink, link_id)
    if link is None:
        abort(404, "There is no such link. Matching may have withdrawn the suggestion.")
    return link


def _back(link: StatementLink) -> ResponseReturnValue:
    return redirect(
        url_for("desk.statement", statement_id=link.statement_id, _anchor=f"link-{link.id}"),
        code=303,
    )


def _refused(link: StatementLink, exc: Conflict) -> ResponseReturnValue:
    flash(as_sentence(str(exc)), "error" if isinstance(exc, StaleLink) else "info")
    return _back(link)


@bp.route("/links/<int:link_id>/confirm", methods=["POST"])
def confirm(link_id: int) -> ResponseReturnValue:
    """Confirm a suggested link: a person says the two statements do relate so."""
    link = _load_link(link_id)
    form = LinkDecisionForm()
    if not form.validate_on_submit():
        abort(400, "The form expired or was incomplete. Reload the page and try again.")
    try:
        with database().write() as session:
            confirm_link(session, link_id=link_id, expected_state=form.state.data,
                         actor_id=current_user.id, note=form.note.data or "")  # fmt: skip
    except Conflict as exc:
        return _refused(link, exc)
    flash("Link confirmed. Matching will not change it again.", "success")
    return _back(link)


@bp.route("/links/<int:link_id>/dismiss", methods=["POST"])
def dismiss(link_id: int) -> ResponseReturnValue:
    """Dismiss a suggested link; it stays dismissed when the statement is matched again."""
    link = _load_link(link_id)
    form = LinkDecisionForm()
    if not form.validate_on_submit():
        abort(400, "The form expired or was incomplete. Reload the page and try again.")
    try:
        with database().write() as session:
            dismiss_link(session, link_id=link_id, expected_state=form.state.data,
                         actor_id=current_user.id, note=form.note.data or "")  # fmt: skip
    except Conflict as exc:
        return _refused(link, exc)
    flash("Link dismissed. It will not be suggested again.", "success")
    return _back(link)


@bp.route("/links/<int:link_id>/flip", methods=["POST"])
def flip(link_id: int) -> ResponseReturnValue:
    """Rate a reversal on the Flip scale (which confirms it)."""
    link = _load_link(link_id)
    form = FlipRatingForm()
    if not form.validate_on_submit():
        flash(as_sentence(_first_error(form)), "error")
        return _back(link)
    try:
        with database().write() as session:
            rate_flip(session, link_id=link_id, rating=form.chosen(),
                      expected_state=form.state.data, actor_id=current_user.id,
                      note=form.note.data or "")  # fmt: skip
    except Conflict as exc:
        return _refused(link, exc)
    flash(f"Rated {form.chosen().value}.", "success")
    return _back(link)


def _first_error(form: FlipRatingForm) -> str:
    for name in ("rating", "note", "state"):
        errors = getattr(form, name).errors
        if errors:
            return str(errors[0])
    return "The form expired. Reload the page and try again."


def _statement_exists(statement_id: int) -> bool:
    return db_session().get(Statement, statement_id) is not None


@dataclass(frozen=True, slots=True)
class CompareSide:
    """One side of the compare page: the statement (when given by number) and its text."""

    statement: Statement | None
    speaker: Speaker | None
    text: str


def _side(number: int | None, text: str | None) -> CompareSide:
    if number is None:
        return CompareSide(None, None, text or "")
    statement = db_session().get(Statement, number)
    if statement is None:  # pragma: no cover - the form checked it exists
        abort(404)
    speaker = db_session().get(Speaker, statement.speaker_id) if statement.speaker_id else None
    return CompareSide(statement, speaker, statement.text)


@bp.route("/compare")
def compare() -> ResponseReturnValue:
    """Any two statements (by number) or two pasted texts, with the stance analysis."""
    form = CompareForm(request.args, exists=_statement_exists)
    if not form.submitted:
        return render_template("desk/compare.html", form=form, result=None)
    if not form.validate():
        return render_template("desk/compare.html", form=form, result=None), 400
    earlier = _side(form.a_id.data, form.a_text.data)
    later = _side(form.b_id.data, form.b_text.data)
    result = side_by_side(earlier.text, later.text)
    return render_template(
        "desk/compare.html", form=form, result=result, earlier=earlier, later=later
    )


#: Links read for one speaker's topic timeline (the newest first when there are more).
TIMELINE_LINK_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class SpeakerTimeline:
    """The speaker page's topics, the statements they show, and verdict counts by rating."""

    topics: Sequence[Topic]
    statements: dict[int, Statement]
    verdict_counts: Sequence[tuple[str, int]]


def speaker_timeline(session: Session, speaker_id: int) -> SpeakerTimeline:
    """Topics of a speaker's linked statements (:func:`group_topics`) and their verdict counts."""
    mine = select(Statement.id).where(Statement.speaker_id == speaker_id)
    links = session.exec(
        select(StatementLink)
        .where(col(StatementLink.statement_id).in_(mine))
        .where(col(StatementLink.relation).in_(HISTORY_RELATIONS))
        .where(StatementLink.status != LinkStatus.DISMISSED)
        .order_by(col(StatementLink.id).desc())
        .limit(TIMELINE_LINK_LIMIT)
    ).all()
    ids = {link.statement_id for link in links} | {link.other_id for link in links}
    statements = {
        s.id: s
        for s in session.exec(select(Statement).where(col(Statement.id).in_(ids))).all()
        if s.id is not None and s.speaker_id == speaker_id
    }
    topic_links = [
        TopicLink(
            newer_id=link.statement_id,
            older_id=link.other_id,
            reversal_confirmed=link.relation == LinkRelation.REVERSAL
            and link.status == LinkStatus.CONFIRMED,
            flip_rating=link.flip_rating.value if link.flip_rating else None,
            anchors=tuple(link.explanation.get("shared_anchors", [])),
        )
        for link in links
    ]
    rows = [(sid, s.said_on, s.text) for sid, s in statements.items()]
    counts = session.exec(
        select(Review.label, sa.func.count())
        .join(Statement, col(Statement.id) == Review.statement_id)
        .where(Statement.speaker_id == speaker_id)
        .where(col(Review.state).in_(CHECKED_STATES))
        .group_by(Review.label)
        .order_by(sa.func.count().desc(), Review.label)
    ).all()
    return SpeakerTimeline(
        topics=group_topics(rows, topic_links),
        statements=statements,
        verdict_counts=[(label or "Not rated", int(n)) for label, n in counts],
    )
