"""match_statement: already-checked suggestions, speaker history, guards and idempotence."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import (
    AuditEvent,
    LinkRelation,
    LinkStatus,
    ReviewState,
    Statement,
    StatementLink,
    StatementStatus,
)
from onrecord.pipeline.match import ranking
from onrecord.pipeline.match.operations import match_statement
from tests import factories

CHECKED = "Unemployment in Ohio fell by four percent in 2019 under Governor Mike DeWine."
REPEAT = "Unemployment in Ohio fell by 4% in 2019 under Governor Mike DeWine, he said."


def _stmt(session, text: str, **kw):  # type: ignore[no-untyped-def]
    """A statement in a source of its own (the same text may be stored twice)."""
    source = factories.make_source(session, text=f"{uuid.uuid4()}. {text} she said.")
    return factories.make_statement(session, source=source, text=text, **kw)


def _checked(session, text: str, **kw):  # type: ignore[no-untyped-def]
    statement = _stmt(session, text, **kw)
    factories.make_review(session, statement=statement, state=ReviewState.PUBLISHED,
                          label="False", summary="It rose")  # fmt: skip
    statement.status = StatementStatus.CHECKED
    session.add(statement)
    session.flush()
    return statement


def _links_in(session, sid: int) -> list[StatementLink]:  # type: ignore[no-untyped-def]
    return list(session.exec(select(StatementLink).where(StatementLink.statement_id == sid)))


def _links(db: Database, sid: int) -> list[StatementLink]:
    with db.session() as session:
        return _links_in(session, sid)


def test_repeated_claim_is_linked_to_the_checked_one_with_its_verdict(
    any_index_db: Database,
) -> None:
    db = any_index_db
    with db.write() as session:
        old = _checked(session, CHECKED, said_on=dt.date(2020, 1, 10))
        _stmt(session, text="Ohio has many fine universities and lakes.")
        new = _stmt(session, text=REPEAT, said_on=dt.date(2020, 3, 1))
        result = match_statement(session, new)
    assert result.count(LinkRelation.ALREADY_CHECKED) == 1
    (link,) = [x for x in _links(db, new.id) if x.relation == LinkRelation.ALREADY_CHECKED]
    assert link.other_id == old.id
    assert link.status == LinkStatus.CONFIRMED
    assert link.explanation["verdict"]["label"] == "False"
    assert "ohio" in link.explanation["shared_anchors"]
    assert set(link.scores) >= {"retrieval", "token_set", "tier"}
    with db.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "statement.matched"))
        assert [e.object_id for e in events] == [new.id]


def test_other_country_or_year_is_never_confirmed(index_db: Database) -> None:
    with index_db.write() as session:
        _checked(session, "North Korea tested four long range missiles in 2017, officials said.")
        new = _stmt(
            session, text="South Korea tested four long range missiles in 2019, officials said."
        )
        result = match_statement(session, new)
    assert all(link.status != LinkStatus.CONFIRMED for link in result.links)
    for link in result.links:
        assert link.explanation["conflicts"]


def test_short_statement_is_only_suggested(index_db: Database) -> None:
    with index_db.write() as session:
        _checked(session, "Ohio jobs are up.", said_on=dt.date(2020, 1, 1))
        new = _stmt(session, text="Ohio jobs are up.", said_on=dt.date(2020, 1, 2))
        result = match_statement(session, new)
    assert [link.status for link in result.links] == [LinkStatus.SUGGESTED]


def test_unchecked_statements_are_not_already_checked(index_db: Database) -> None:
    with index_db.write() as session:
        _stmt(session, text=CHECKED)
        new = _stmt(session, text=REPEAT)
        result = match_statement(session, new)
    assert result.count(LinkRelation.ALREADY_CHECKED) == 0


def test_speaker_history_finds_earlier_repeats_only(any_index_db: Database) -> None:
    db = any_index_db
    with db.write() as session:
        anna = factories.make_speaker(session, name="Anna Berger")
        other = factories.make_speaker(session, name="Bob Stone")
        earlier = _stmt(session, speaker=anna, text=CHECKED,
                                           said_on=dt.date(2020, 1, 1))  # fmt: skip
        _stmt(session, speaker=anna, text=CHECKED + " Again.",
                                 said_on=dt.date(2021, 1, 1))  # fmt: skip
        _stmt(session, speaker=other, text=CHECKED)
        new = _stmt(session, speaker=anna, text=CHECKED + " Indeed.",
                                       said_on=dt.date(2020, 6, 1))  # fmt: skip
        result = match_statement(session, new)
    history = [x for x in result.links if x.relation != LinkRelation.ALREADY_CHECKED]
    assert [x.other_id for x in history] == [earlier.id]
    assert history[0].relation == LinkRelation.REPEATS


def test_rematching_is_idempotent_and_keeps_human_decisions(index_db: Database) -> None:
    with index_db.write() as session:
        _checked(session, CHECKED, said_on=dt.date(2020, 1, 10))
        new = _stmt(session, text=REPEAT, said_on=dt.date(2020, 3, 1))
        first = match_statement(session, new)
    with index_db.write() as session:
        assert len(first.links) == 1
        (link,) = _links_in(session, new.id)
        link.status = LinkStatus.DISMISSED
        link.decided_by_id = factories.make_user(session).id
    with index_db.write() as session:
        statement = session.get(Statement, new.id)
        assert statement is not None
        match_statement(session, statement)
    links = _links(index_db, new.id)
    assert len(links) == 1
    assert links[0].status == LinkStatus.DISMISSED


def test_stance_module_marks_reversals(index_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    class Result:
        relation = "reversal"
        topic_score = 0.8
        contrast_score = 0.9
        explanation = "not"

    monkeypatch.setattr(ranking, "stance_analyser", lambda: lambda a, b: Result())
    with index_db.write() as session:
        anna = factories.make_speaker(session, name="Anna Berger")
        before = "The war in Iraq was a necessary and justified decision."
        after = "The war in Iraq was a terrible mistake, a wrong decision."
        _stmt(session, speaker=anna, said_on=dt.date(2019, 1, 1), text=before)
        new = _stmt(session, speaker=anna, said_on=dt.date(2020, 1, 1), text=after)
        result = match_statement(session, new)
    (link,) = result.links
    assert link.relation == LinkRelation.REVERSAL
    assert link.status == LinkStatus.SUGGESTED
    assert link.explanation["stance"]["contrast_score"] == 0.9
