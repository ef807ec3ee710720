"""Alembic environment: runs migrations on the URL given by onrecord.migrations.alembic_config."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext

from onrecord.models import UTCDateTime, metadata
from onrecord.pipeline.match.index import include_name, include_object

config = context.config


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy types so migrations import nothing of ours."""
    if type_ == "type":
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
        if type(obj).__name__ == "AutoString":
            length = getattr(obj, "length", None)
            return f"sa.String(length={length})" if length else "sa.String()"
    return False


def _include_name(name: str | None, type_: Any, parent_names: Any) -> bool:
    """Alembic's include_name hook (typed as Alembic declares it)."""
    return include_name(name, str(type_), dict(parent_names))


def run_migrations_online() -> None:
    """Run migrations on a connection given by the caller, or on a new engine (then disposed)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection: sa.Connection) -> None:
    """Batch mode on SQLite, so that ALTERs work there."""
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch mode rebuilds tables; foreign keys must be off while it does,
        # and the pragma only takes effect outside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=is_sqlite,
        render_item=render_item,
        compare_type=True,
        # The search index (FTS5 table, tsvector column, GIN indexes) is created
        # by migration 0002 and is not in the SQLModel metadata.
        include_name=_include_name,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if is_sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
