"""The demo corpus after `onrecord seed`: the matcher's suggestions are the ones the demo shows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, col, select

from onrecord.db import Database
from onrecord.models import FlipRating, LinkRelation, LinkStatus, Statement, StatementLink
from onrecord.pipeline.seeds.manifest import default_seeds_dir, load_manifest
from onrecord.pipeline.seeds.operations import find_statement, seed_database

SEEDS = default_seeds_dir()
#: "No more than a few others": what the calibrated gates leave besides the demo's links
#: (13 since the stance topic score also sees shared subject domains: "candidate for
#: president" / "the presidential election" is now a same-topic link).
MAX_OTHER_MACHINE_LINKS = 13


@pytest.fixture
def seeded(index_db: Database) -> Database:
    with index_db.write() as session:
        report = seed_database(
            session, manifest=load_manifest(SEEDS), seeds_dir=SEEDS, demo_password="pw-12345678"
        )
    assert report.warnings == []
    return index_db


def _statement(session: Session, article: str, quote: str) -> Statement:
    statement = find_statement(session, f"articles/{article}", quote)
    assert statement is not None, quote
    return statement


def _link(session: Session, newer: Statement, older: Statement, relation: LinkRelation) -> Any:
    return session.exec(
        select(StatementLink).where(
            StatementLink.statement_id == newer.id,
            StatementLink.other_id == older.id,
            StatementLink.relation == relation,
        )
    ).first()


def test_the_1968_reversal_is_found_explained_and_rated_by_the_editor(seeded: Database) -> None:
    with seeded.session() as session:
        before = _statement(session, "2009-08-21-ledger-korvath-1968-defence.txt",
                            "fraternal assistance that saved the region")  # fmt: skip
        after = _statement(session, "2022-08-21-ledger-korvath-1968-mistake.txt",
                           "a mistake, a grave error")  # fmt: skip
        link = _link(session, after, before, LinkRelation.REVERSAL)
        assert link is not None
        assert (link.status, link.flip_rating) == (LinkStatus.CONFIRMED, FlipRating.FULL_FLOP)
        stance = link.explanation["stance"]
        assert stance["relation"] == "reversal"
        kinds = {signal["kind"] for signal in stance["explanation"]["signals"]}
        assert "evaluation" in kinds
        assert link.scores["tier"] == "suggested"  # the machine only ever suggests reversals


def test_the_windfall_tax_reversal_is_left_as_a_suggestion(seeded: Database) -> None:
    with seeded.session() as session:
        before = _statement(session, "2018-10-15-ledger-varga-windfall-tax-never.txt",
                            "is wrong, and it will never happen")  # fmt: skip
        after = _statement(session, "2023-09-12-courier-varga-windfall-tax-right.txt",
                           "is the right and necessary decision")  # fmt: skip
        link = _link(session, after, before, LinkRelation.REVERSAL)
        assert link is not None
        assert link.status == LinkStatus.SUGGESTED
        assert link.decided_at is None
        assert link.explanation["stance"]["contrast_score"] > 0.5


def test_the_repeated_claim_is_already_checked_and_unrelated_ones_are_not(seeded: Database) -> None:
    quote = "Unemployment has fallen to 4.1 percent, the lowest level in twenty years"
    with seeded.session() as session:
        checked = _statement(session, "2024-03-05-veritydesk-malvik-unemployment.txt", quote)
        repeat = _statement(session, "2024-05-01-ledger-malvik-may-day.txt", quote)
        link = _link(session, repeat, checked, LinkRelation.ALREADY_CHECKED)
        assert link is not None
        assert link.status == LinkStatus.CONFIRMED  # near-verbatim, shared anchors, same year
        assert link.explanation["verdict"]["label"]
        machine = session.exec(
            select(StatementLink).where(col(StatementLink.decided_at).is_(None))
        ).all()
        already = [x for x in machine if x.relation == LinkRelation.ALREADY_CHECKED]
        korvath = _statement(session, "2024-09-03-contwire-korvath-kest-forum.txt",
                             "Unemployment in Valdoria has fallen to 4.1 percent")  # fmt: skip
        assert _link(session, korvath, checked, LinkRelation.ALREADY_CHECKED) is not None
        # Each other suggestion points at a checked claim on the same subject
        # (unemployment or public debt), never at the petrol or 1968 claims.
        targets = {_text(session, x.other_id) for x in already}
        assert {t.split()[0] for t in targets} <= {"Unemployment", "Public"}, targets
        assert len(already) <= 5
        assert len(machine) <= 3 + MAX_OTHER_MACHINE_LINKS


def _text(session: Session, statement_id: int) -> str:
    statement = session.get(Statement, statement_id)
    assert statement is not None
    return statement.text.strip('“”"')


def test_seeding_twice_adds_no_link(seeded: Database) -> None:
    with seeded.session() as session:
        first = sorted((x.statement_id, x.other_id, x.relation, x.status)
                       for x in session.exec(select(StatementLink)))  # fmt: skip
    with seeded.write() as session:
        seed_database(session, manifest=load_manifest(SEEDS), seeds_dir=SEEDS, force=True)
    with seeded.session() as session:
        again = sorted((x.statement_id, x.other_id, x.relation, x.status)
                       for x in session.exec(select(StatementLink)))  # fmt: skip
    assert again == first
