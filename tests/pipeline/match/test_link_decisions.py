"""confirm_link, dismiss_link, rate_flip: a person's decisions, optimistic checks, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from onrecord.db import Database
from onrecord.models import AuditEvent, FlipRating, LinkRelation, LinkStatus, Role, StatementLink
from onrecord.pipeline.errors import Conflict
from onrecord.pipeline.match.operations import (
    StaleLink,
    confirm_link,
    dismiss_link,
    link_state,
    match_new_statements,
    rate_flip,
)
from tests import factories
from tests.pipeline.match.test_operations import CHECKED, REPEAT, _checked, _stmt

BEFORE = "A windfall tax on energy companies is wrong, and it will never happen."
AFTER = "A windfall tax on energy companies is the right and necessary decision."


@pytest.fixture
def links(any_index_db: Database) -> dict[str, int]:
    """A suggested reversal and an already-checked link, plus two users."""
    db = any_index_db
    with db.write() as session:
        varga = factories.make_speaker(session, name="Anna Varga")
        before = _stmt(session, BEFORE, speaker=varga, said_on=dt.date(2018, 10, 15))
        after = _stmt(session, AFTER, speaker=varga, said_on=dt.date(2023, 9, 12))
        old = _checked(session, CHECKED, said_on=dt.date(2020, 1, 10))
        new = _stmt(session, REPEAT, said_on=dt.date(2020, 3, 1))
        chris = factories.make_user(session, username="chris", role=Role.FACT_CHECKER)
        cleo = factories.make_user(session, username="cleo", role=Role.FACT_CHECKER)
        cleo.display_name = "Cleo Checker"
        ids = [before.id, after.id, old.id, new.id]
        users = {"chris": chris.id or 0, "cleo": cleo.id or 0}
    match_new_statements(db, [i for i in ids if i is not None])
    with db.session() as session:
        found = {link.relation: link.id or 0 for link in session.exec(select(StatementLink))}
    return {
        "reversal": found[LinkRelation.REVERSAL],
        "checked": found[LinkRelation.ALREADY_CHECKED],
        **users,
    }


def _get(db: Database, link_id: int) -> StatementLink:
    with db.session() as session:
        link = session.get(StatementLink, link_id)
        assert link is not None
        return link


def test_rating_a_reversal_confirms_it_and_is_audited(
    any_index_db: Database, links: dict[str, int]
) -> None:
    db = any_index_db
    seen = _get(db, links["reversal"])
    assert seen.status == LinkStatus.SUGGESTED
    with db.write() as session:
        rate_flip(
            session,
            link_id=seen.id or 0,
            rating=FlipRating.HALF_FLIP,
            expected_state=link_state(seen),
            actor_id=links["chris"],
            note=" hedged ",
        )
    rated = _get(db, seen.id or 0)
    assert (rated.status, rated.flip_rating, rated.note) == (
        LinkStatus.CONFIRMED,
        FlipRating.HALF_FLIP,
        "hedged",
    )
    assert rated.decided_by_id == links["chris"]
    with db.session() as session:
        (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "link.flip_rated"))
    assert event.data["rating"] == "Half Flip"
    assert event.data["previous"] == "suggested"
    # Dismissing it later clears the rating.
    with db.write() as session:
        dismiss_link(
            session,
            link_id=rated.id or 0,
            expected_state=link_state(rated),
            actor_id=links["chris"],
        )
    assert _get(db, seen.id or 0).flip_rating is None


def test_a_stale_decision_is_refused_with_who_did_what(
    any_index_db: Database, links: dict[str, int]
) -> None:
    db = any_index_db
    seen = _get(db, links["checked"])
    with db.write() as session:
        dismiss_link(
            session, link_id=seen.id or 0, expected_state=link_state(seen), actor_id=links["cleo"]
        )
    with pytest.raises(StaleLink, match="Cleo Checker dismissed this link"), db.write() as session:
        confirm_link(
            session, link_id=seen.id or 0, expected_state=link_state(seen), actor_id=links["chris"]
        )
    assert _get(db, seen.id or 0).status == LinkStatus.DISMISSED


def test_only_reversals_are_flip_rated_and_a_withdrawn_link_is_explained(
    any_index_db: Database, links: dict[str, int]
) -> None:
    index_db = any_index_db
    seen = _get(index_db, links["checked"])
    with pytest.raises(Conflict, match="only a possible reversal"), index_db.write() as session:
        rate_flip(
            session,
            link_id=seen.id or 0,
            rating=FlipRating.NO_FLIP,
            expected_state=link_state(seen),
            actor_id=links["chris"],
        )
    with pytest.raises(StaleLink, match="no longer exists"), index_db.write() as session:
        confirm_link(session, link_id=999_999, expected_state="x", actor_id=links["chris"])
