"""Reassigning statements and merging speakers."""

from __future__ import annotations

import pytest
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import AuditEvent, Speaker, SpeakerAlias, SpeakerRole, Statement
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.speakers.operations import (
    add_role,
    merge_speakers,
    reassign_statement,
    resolve_speaker,
)
from tests import factories


def test_merge_moves_everything_and_is_audited(any_db: Database) -> None:
    with any_db.write() as session:
        keep = factories.make_speaker(session, name="Vladimir Putin")
        dup = factories.make_speaker(session, name="Wladimir Putin", aliases=["W. Putin"])
        add_role(session, speaker=dup, title="President")
        s1 = factories.make_statement(session, speaker=dup)
        s2 = factories.make_statement(session, speaker=keep)
        counts = merge_speakers(session, keep=keep, remove=dup, actor_id=None)
        keep_id, dup_id, ids = keep.id, dup.id, (s1.id, s2.id)
    # "putin" (the surname alias) existed on both: kept once, not moved.
    assert counts == {"statements": 1, "aliases": 2, "roles": 1}
    with any_db.session() as session:
        assert session.get(Speaker, dup_id) is None
        statements = session.exec(select(Statement).where(Statement.id.in_(ids))).all()  # type: ignore[union-attr]
        assert {s.speaker_id for s in statements} == {keep_id}
        aliases = {
            a.normalized
            for a in session.exec(select(SpeakerAlias).where(SpeakerAlias.speaker_id == keep_id))
        }
        assert {"vladimir putin", "wladimir putin", "w putin", "putin"} <= aliases
        assert session.exec(select(SpeakerRole).where(SpeakerRole.speaker_id == keep_id)).one()
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "speaker.merged")).one()
        assert event.data["removed_id"] == dup_id
        # After the merge the old spelling resolves to the kept speaker.
        match = resolve_speaker(session, "Wladimir Putin", create=False)
        assert match is not None
        assert match.speaker.id == keep_id


def test_merge_into_itself_is_refused(db: Database) -> None:
    with db.write() as session:
        speaker = factories.make_speaker(session)
        with pytest.raises(OperationError, match="into itself"):
            merge_speakers(session, keep=speaker, remove=speaker, actor_id=None)


def test_reassign_clears_the_confirmation_flag(db: Database) -> None:
    with db.write() as session:
        a = factories.make_speaker(session, name="Anna Berger")
        b = factories.make_speaker(session, name="Anna Bergen")
        statement = factories.make_statement(session, speaker=a)
        statement.speaker_needs_confirmation = True
        reassign_statement(session, statement=statement, speaker=b, actor_id=None)
        statement_id, b_id = statement.id, b.id
    with db.session() as session:
        stored = session.get(Statement, statement_id)
        assert stored is not None
        assert stored.speaker_id == b_id
        assert stored.speaker_needs_confirmation is False
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "statement.speaker_reassigned")
        ).one()
        assert event.data == {"from": a.id, "to": b_id}
