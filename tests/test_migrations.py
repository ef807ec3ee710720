"""Migrations build the same schema as the models, on SQLite and PostgreSQL, and keep the
rows of a database upgraded from the previous revision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

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


# --- From the previous revision -------------------------------------------------
#
# For every revision R (read from the scripts, so a new revision is covered the
# moment its file lands): upgrade an empty database to R's parent, put two rows
# in every table, upgrade to R and check every value survived; then downgrade
# to the parent and upgrade again, and check once more. On SQLite the batch
# mode copies whole tables, which is exactly where rows get lost or altered.

#: Columns a revision is meant to change, as ``{revision: {"table.column", ...}}``.
EXPECTED_CHANGES: dict[str, set[str]] = {}

#: Values that satisfy the schema's CHECK constraints (offsets, confidences...).
_INT_OVERRIDES = {"start": (0, 10), "end": (10, 25)}
_ROWS_PER_TABLE = 2
_WHEN = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def _revision_pairs() -> list[tuple[str, str]]:
    """(parent, revision) for every revision that has a parent, oldest first."""
    script = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    pairs = []
    for rev in script.walk_revisions():
        parents = rev.down_revision
        if parents is None:
            continue
        assert isinstance(parents, str), f"{rev.revision}: merge revisions are not tested yet"
        pairs.append((parents, rev.revision))
    return list(reversed(pairs))


def _value(table: str, column: sa.Column[Any], model_type: Any, index: int) -> Any:
    """A value of the column's type that differs between rows (unique constraints)."""
    # The models know the enum values (a CHECK constraint on the database);
    # everything else comes from the reflected column (models may wrap types).
    if isinstance(model_type, sa.Enum):
        return model_type.enums[index % len(model_type.enums)]
    kind = column.type
    if column.name in _INT_OVERRIDES:
        return _INT_OVERRIDES[column.name][index]
    try:
        python_type = kind.python_type
    except NotImplementedError:
        python_type = str
    if python_type is bool:
        return index % 2 == 0
    if python_type is int:
        return 3 + index
    if python_type is float:
        return 0.5 + index / 4
    if python_type is dt.datetime:
        return _WHEN + dt.timedelta(days=index, seconds=index)
    if python_type is dt.date:
        return (_WHEN + dt.timedelta(days=index)).date()
    if python_type in (dict, list) or isinstance(kind, sa.JSON):
        return {"row": index, "items": [table, column.name]}
    text = f"{table}.{column.name}-{index}"
    length = getattr(kind, "length", None)
    return text[-length:] if length else text


def _fill(url: str) -> dict[str, list[dict[str, Any]]]:
    """Insert rows into every table of the database as it is now; return what was written."""
    engine = sa.create_engine(url)
    reflected = sa.MetaData()
    reflected.reflect(engine)
    written: dict[str, list[dict[str, Any]]] = {}
    try:
        with engine.begin() as conn:
            for table in reflected.sorted_tables:
                if table.name == "alembic_version" or table.name.startswith("statement_fts"):
                    continue
                written[table.name] = [
                    _insert_row(conn, table, written, index) for index in range(_ROWS_PER_TABLE)
                ]
    finally:
        engine.dispose()
    return written


def _insert_row(
    conn: sa.Connection, table: sa.Table, written: dict[str, list[dict[str, Any]]], index: int
) -> dict[str, Any]:
    model = metadata.tables.get(table.name)
    row: dict[str, Any] = {}
    references: dict[str, int] = {}
    for column in table.columns:
        if column.computed is not None:
            continue
        if column.primary_key and len(table.primary_key.columns) == 1:
            row[column.name] = index + 1
            continue
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None:
            parent = foreign.column.table.name
            if parent == table.name:  # a link to a row of the same table: leave it empty
                row[column.name] = None
                continue
            # Two links to the same table (statement_id, other_id) point at different rows.
            nth = references.get(parent, 0)
            references[parent] = nth + 1
            parent_rows = written[parent]
            row[column.name] = parent_rows[(index + nth) % len(parent_rows)][foreign.column.name]
            continue
        model_type = (
            model.c[column.name].type if model is not None and column.name in model.c else None
        )
        row[column.name] = _value(table.name, column, model_type, index)
    conn.execute(table.insert().values(**row))
    return row


def _comparable(value: Any) -> Any:
    # SQLite hands back naive datetimes, PostgreSQL aware ones: compare in UTC.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _assert_rows_survived(
    url: str, written: dict[str, list[dict[str, Any]]], skip: set[str]
) -> None:
    engine = sa.create_engine(url)
    reflected = sa.MetaData()
    reflected.reflect(engine)
    try:
        with engine.connect() as conn:
            for name, rows in written.items():
                assert name in reflected.tables, f"table {name} is gone"
                table = reflected.tables[name]
                key = list(table.primary_key.columns)
                stored = [dict(r._mapping) for r in conn.execute(table.select().order_by(*key))]
                assert len(stored) == len(rows), f"{name}: {len(stored)} rows, wrote {len(rows)}"
                for wrote, now in zip(rows, stored, strict=True):
                    for column, value in wrote.items():
                        if f"{name}.{column}" in skip or column not in now:
                            continue
                        assert _comparable(now[column]) == _comparable(value), (
                            f"{name}.{column}: {now[column]!r} != {value!r}"
                        )
    finally:
        engine.dispose()


@pytest.mark.parametrize(("parent", "revision"), _revision_pairs())
def test_upgrade_from_the_previous_revision_keeps_the_rows(
    any_db_url: str, parent: str, revision: str
) -> None:
    _drop_everything(any_db_url)
    migrations.upgrade(any_db_url, parent)
    written = _fill(any_db_url)
    assert written, f"no tables at revision {parent}"
    skip = EXPECTED_CHANGES.get(revision, set())

    migrations.upgrade(any_db_url, revision)
    _assert_rows_survived(any_db_url, written, skip)

    migrations.downgrade(any_db_url, parent)
    _assert_rows_survived(any_db_url, written, skip)
    migrations.upgrade(any_db_url, revision)
    _assert_rows_survived(any_db_url, written, skip)
    engine = sa.create_engine(any_db_url)
    assert migrations.current_revision(engine) == revision
    engine.dispose()


def test_the_revision_chain_has_no_branches() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, "two migrations claim the same parent: renumber one"
    pairs = _revision_pairs()
    assert [revision for _, revision in pairs] == sorted(revision for _, revision in pairs)
