"""A bare surname shared by several speakers: the first created is used, to be confirmed."""

from __future__ import annotations

from sqlmodel import select

from onrecord.db import Database
from onrecord.models import IngestMethod, Statement
from onrecord.pipeline.ingest.articles import from_text
from onrecord.pipeline.ingest.operations import ingest_items
from onrecord.pipeline.speakers.operations import (
    create_speaker,
    find_by_alias,
    speaker_ids_by_alias,
)

ARTICLE = (
    "The budget debate went on late into the night.\n\n"
    "\u201cWe will not raise taxes this year,\u201d Varga told reporters in the capital.\n"
)


def test_a_shared_surname_picks_the_first_speaker_and_asks_for_confirmation(
    any_db: Database,
) -> None:
    with any_db.write() as session:
        # Created in this order, so "Varga" is shared and Jonas has the lower id.
        jonas = create_speaker(session, name="Jonas Varga")
        anna = create_speaker(session, name="Anna Varga")
        assert [s.id for s in find_by_alias(session, "Varga")] == [jonas.id, anna.id]
        assert speaker_ids_by_alias(session, ["Varga", "Anna Varga", "Nobody"]) == {
            "Varga": [jonas.id, anna.id],
            "Anna Varga": [anna.id],
            "Nobody": [],
        }
    [outcome] = list(ingest_items(any_db, [from_text(ARTICLE)], method=IngestMethod.CLI))
    assert outcome.status == "ingested"
    with any_db.session() as session:
        statements = session.exec(select(Statement)).all()
    [quote] = [s for s in statements if "raise taxes" in s.text]
    assert quote.speaker_id == jonas.id
    assert quote.speaker_needs_confirmation
