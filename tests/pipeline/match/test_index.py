"""The search index stays in sync with statements, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from onrecord.db import Database
from onrecord.models import Statement, StatementStatus
from onrecord.pipeline.match.index import SearchQuery, index_for
from onrecord.pipeline.match.normalize import search_terms
from tests import factories


def _find(db: Database, text: str, **kw: object) -> list[int]:
    with db.session() as session:
        query = SearchQuery(terms=search_terms(text), **kw)  # type: ignore[arg-type]
        return [hit.statement_id for hit in index_for(session).search(session, query)]


def _add(db: Database, text: str, **kw: object) -> int:
    with db.write() as session:
        statement = factories.make_statement(session, text=text, **kw)  # type: ignore[arg-type]
        assert statement.id is not None
        return statement.id


def test_insert_update_delete_keep_the_index_in_sync(any_index_db: Database) -> None:
    db = any_index_db
    sid = _add(db, "The pipeline will create thousands of jobs in Nebraska")
    assert _find(db, "pipeline jobs Nebraska") == [sid]
    with db.write() as session:
        statement = session.get(Statement, sid)
        assert statement is not None
        statement.text = "Wind farms will create thousands of jobs in Kansas"
        statement.normalized_text = "wind farms will create thousands of jobs in kansas"
    assert _find(db, "pipeline Nebraska") == []
    assert _find(db, "wind farms Kansas") == [sid]
    with db.write() as session:
        session.execute(sa.delete(Statement).where(sa.column("id") == sid))
    assert _find(db, "wind farms Kansas") == []


def test_best_match_ranks_first(any_index_db: Database) -> None:
    db = any_index_db
    close = _add(db, "Crime in Chicago dropped by ten percent last year")
    _add(db, "Crime is a problem in every big city")
    _add(db, "Chicago has great pizza and a lake")
    assert _find(db, "Chicago crime dropped ten percent")[0] == close


def test_speaker_and_checked_filters(any_index_db: Database) -> None:
    db = any_index_db
    with db.write() as session:
        anna = factories.make_speaker(session, name="Anna Berger")
        bob = factories.make_speaker(session, name="Bob Stone")
        first = factories.make_statement(session, speaker=anna, text="Taxes on diesel will rise")
        second = factories.make_statement(session, speaker=bob, text="Taxes on diesel must fall")
        second.status = StatementStatus.CHECKED
        session.add(second)
    assert set(_find(db, "diesel taxes")) == {first.id, second.id}
    assert _find(db, "diesel taxes", speaker_id=anna.id) == [first.id]
    assert _find(db, "diesel taxes", checked_only=True) == [second.id]
    # A speaker merge or reassignment moves the statement in the index too.
    with db.write() as session:
        moved = session.get(Statement, first.id)
        assert moved is not None
        moved.speaker_id = bob.id
    assert _find(db, "diesel taxes", speaker_id=anna.id) == []
    assert set(_find(db, "diesel taxes", speaker_id=bob.id)) == {first.id, second.id}


def test_exclusions_and_dates(any_index_db: Database) -> None:
    import datetime as dt

    db = any_index_db
    old = _add(db, "Coal mines are coming back", said_on=dt.date(2016, 1, 1))
    new = _add(db, "Coal mines are coming back strongly", said_on=dt.date(2020, 1, 1))
    assert _find(db, "coal mines", exclude_ids=frozenset({new})) == [old]
    assert _find(db, "coal mines", said_until=dt.date(2017, 1, 1)) == [old]
    assert _find(db, "coal mines", said_from=dt.date(2017, 1, 1)) == [new]


def test_query_text_cannot_inject_search_syntax(any_index_db: Database) -> None:
    db = any_index_db
    sid = _add(db, "Near the border crossings, arrests fell")
    for text in ['NEAR(border "arrests")', "border*", "normalized_text: border", '"', "AND OR NOT"]:
        found = _find(db, text)
        assert found in ([sid], [])


@pytest.mark.sqlite_only("damages the FTS5 shadow tables")
def test_rebuild_restores_a_damaged_sqlite_index(index_db: Database) -> None:
    from onrecord.pipeline.match.operations import rebuild_index

    sid = _add(index_db, "Broadband reaches every rural county")
    with index_db.write() as session:
        session.connection().exec_driver_sql("DELETE FROM statement_fts_data WHERE id > 10")
    with index_db.write() as session:
        assert rebuild_index(session) >= 1
    assert _find(index_db, "rural broadband") == [sid]


@pytest.mark.sqlite_only("term pruning reads FTS5's vocabulary")
def test_terms_in_too_many_statements_are_left_out_of_the_query(index_db: Database) -> None:
    from onrecord.pipeline.match import index as index_module
    from onrecord.pipeline.match.imports import PlainStatement, import_statements

    index_module._doc_frequencies.clear()
    with index_db.write() as session:
        common = [PlainStatement(f"Budget talk number {i} today") for i in range(1200)]
        import_statements(session, common, title="common", checked=False)
        (rare,) = import_statements(
            session, [PlainStatement("Zanzibar cloves")], title="rare", checked=False
        )
    everything = _find(index_db, "budget zanzibar", limit=5)
    assert len(everything) == 5  # 'budget' matches 1,200 statements
    pruned = _find(index_db, "budget zanzibar", limit=5, max_doc_share=0.05)
    assert pruned == [rare]  # 'budget' is in more than 5 % (and 1,000) of them
    only_common = _find(index_db, "budget", limit=5, max_doc_share=0.05)
    assert len(only_common) == 5  # the rarest term always stays


def test_small_collections_keep_every_term(index_db: Database) -> None:
    from onrecord.pipeline.match import index as index_module

    index_module._doc_frequencies.clear()
    first = _add(index_db, "Budget cuts hurt schools")
    second = _add(index_db, "Budget cuts in Zanzibar")
    found = _find(index_db, "budget schools", max_doc_share=0.05)
    assert sorted(found) == sorted([first, second])
