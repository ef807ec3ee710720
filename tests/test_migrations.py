"""Migrations build the same schema as the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from onrecord import migrations
from onrecord.models import metadata
from onrecord.pipeline.match.index import include_name, include_object


def _diff(url: str) -> list[object]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            # The same filters as migrations/env.py: the search index objects
            # (FTS5 table, tsvector column, GIN indexes) live outside the models.
            opts = {
                "compare_type": True,
                "include_name": include_name,
                "include_object": include_object,
            }
            context = MigrationContext.configure(conn, opts=opts)
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def test_upgrade_from_empty_matches_models(any_db_url: str) -> None:
    _drop_everything(any_db_url)
    migrations.upgrade(any_db_url)
    engine = sa.create_engine(any_db_url)
    assert migrations.current_revision(engine) == migrations.head_revision()
    engine.dispose()
    assert _diff(any_db_url) == []


def test_downgrade_to_base_and_up_again(any_db_url: str) -> None:
    _drop_everything(any_db_url)
    migrations.upgrade(any_db_url)
    migrations.downgrade(any_db_url, "base")
    engine = sa.create_engine(any_db_url)
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrations.upgrade(any_db_url)
    assert _diff(any_db_url) == []


def test_migration_files_are_date_prefixed() -> None:
    names = sorted(p.name for p in (migrations.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert names
    assert all(name[:8].isdigit() and name[8] == "_" for name in names)
