"""Migration 0002 creates a working search index, and removes it on downgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from onrecord import migrations


@pytest.mark.sqlite_only("the FTS5 table of migration 0002")
def test_sqlite_upgrade_indexes_existing_rows_and_downgrade_removes_the_index(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrations.upgrade(url, "0001")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO source (id, title, authors, language, text, content_hash, version, "
            "ingest_method, extra, fetched_at) VALUES (1, '', '[]', 'en', 'x', 'h', 1, "
            "'paste', '{}', '2024-01-01')"
        )
        conn.exec_driver_sql(
            'INSERT INTO statement (id, source_id, text, normalized_text, kind, start, "end", '
            "confidence, speaker_needs_confirmation, status, created_at) VALUES "
            "(1, 1, 'x', 'farm subsidies', 'direct', 0, 1, 1.0, 0, 'new', '2024-01-01')"
        )
    migrations.upgrade(url, "0002")
    with engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT rowid FROM statement_fts WHERE statement_fts MATCH 'subsidies'"
        ).all()
        assert found == [(1,)]
    migrations.downgrade(url, "0001")
    names = set(sa.inspect(engine).get_table_names())
    assert not {n for n in names if n.startswith("statement_fts")}
    engine.dispose()
