"""match_new_statements and rematch_speaker: one transaction per statement, idempotent."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from onrecord.db import Database
from onrecord.models import LinkRelation, LinkStatus, Statement, StatementLink
from onrecord.pipeline.match.operations import match_new_statements, rematch_speaker
from tests import factories
from tests.pipeline.match.test_operations import CHECKED, REPEAT, _checked, _stmt


def _all_links(db: Database) -> list[StatementLink]:
    with db.session() as session:
        return list(session.exec(select(StatementLink).order_by(StatementLink.id)))


def test_new_statements_are_matched_and_a_second_run_adds_nothing(any_index_db: Database) -> None:
    db = any_index_db
    with db.write() as session:
        old = _checked(session, CHECKED, said_on=dt.date(2020, 1, 10))
        new = _stmt(session, text=REPEAT, said_on=dt.date(2020, 3, 1))
        ids = [old.id, new.id]
    summary = match_new_statements(db, [*ids, 999_999])
    assert summary.matched == 2
    assert summary.missing == [999_999]
    assert summary.links == {"already_checked (confirmed)": 1}
    first = [(x.statement_id, x.other_id, x.relation, x.status) for x in _all_links(db)]
    assert first == [(new.id, old.id, LinkRelation.ALREADY_CHECKED, LinkStatus.CONFIRMED)]
    again = match_new_statements(db, ids)
    assert again.as_dict()["links"] == {"already_checked (confirmed)": 1}
    assert [(x.statement_id, x.other_id, x.relation, x.status) for x in _all_links(db)] == first


def test_a_human_decision_survives_rematching(index_db: Database) -> None:
    with index_db.write() as session:
        _checked(session, CHECKED, said_on=dt.date(2020, 1, 10))
        new = _stmt(session, text=REPEAT, said_on=dt.date(2020, 3, 1))
    match_new_statements(index_db, [new.id])
    with index_db.write() as session:
        (link,) = session.exec(select(StatementLink))
        link.status = LinkStatus.DISMISSED
        link.note = "different claim"
        link.decided_by_id = factories.make_user(session).id
    summary = match_new_statements(index_db, [new.id])
    assert summary.links == {}
    (kept,) = _all_links(index_db)
    assert (kept.status, kept.note) == (LinkStatus.DISMISSED, "different claim")


def test_rematch_speaker_links_histories_brought_together(index_db: Database) -> None:
    with index_db.write() as session:
        anna = factories.make_speaker(session, name="Anna Berger")
        alias = factories.make_speaker(session, name="A. Berger")
        earlier = _stmt(session, speaker=alias, text=CHECKED, said_on=dt.date(2020, 1, 1))
        later = _stmt(session, speaker=anna, text=REPEAT, said_on=dt.date(2020, 6, 1))
    match_new_statements(index_db, [earlier.id, later.id])
    assert _all_links(index_db) == []
    with index_db.write() as session:  # what a merge does to the statements
        moved = session.get(Statement, earlier.id)
        assert moved is not None
        moved.speaker_id = anna.id
        session.add(moved)
    summary = rematch_speaker(index_db, anna.id or 0)
    assert summary.matched == 2
    (link,) = _all_links(index_db)
    assert (link.statement_id, link.other_id, link.relation) == (
        later.id, earlier.id, LinkRelation.REPEATS,
    )  # fmt: skip
