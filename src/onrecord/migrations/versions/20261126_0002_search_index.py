"""Search index: FTS5 on SQLite, tsvector + GIN and pg_trgm on PostgreSQL

Revision ID: 0002
Revises: 0001
Why: claim matching retrieves candidates inside the database so that every app
process shares one index that is always in sync (architecture section 5).
On SQLite an FTS5 external-content table over statement.normalized_text
(with speaker_id and status as filter columns) is kept in sync by triggers;
on PostgreSQL a generated tsvector column cannot drift, and a GIN index
serves it; a pg_trgm GIN index on normalized_text serves typo-tolerant search.
None of these objects is in the SQLModel metadata: the migration tests and
autogenerate skip them (onrecord.pipeline.match.index.include_name).

Note for later migrations: a batch (copy-and-move) migration of the statement
table on SQLite drops these triggers; re-create them afterwards with the DDL
below (or onrecord.pipeline.match.index.SQLITE_DDL) and rebuild the index.

Created: 2026-11-26 15:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied, not imported, so this revision stays what it was when later code changes.
SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS statement_fts USING fts5("
    "normalized_text, speaker_id, status, content='statement', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ai AFTER INSERT ON statement BEGIN "
    "INSERT INTO statement_fts(rowid, normalized_text, speaker_id, status) "
    "VALUES (new.id, new.normalized_text, new.speaker_id, new.status); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_ad AFTER DELETE ON statement BEGIN "
    "INSERT INTO statement_fts(statement_fts, rowid, normalized_text, speaker_id, status) "
    "VALUES ('delete', old.id, old.normalized_text, old.speaker_id, old.status); END",
    "CREATE TRIGGER IF NOT EXISTS statement_fts_au "
    "AFTER UPDATE OF normalized_text, speaker_id, status ON statement BEGIN "
    "INSERT INTO statement_fts(statement_fts, rowid, normalized_text, speaker_id, status) "
    "VALUES ('delete', old.id, old.normalized_text, old.speaker_id, old.status); "
    "INSERT INTO statement_fts(rowid, normalized_text, speaker_id, status) "
    "VALUES (new.id, new.normalized_text, new.speaker_id, new.status); END",
    # Index the statements that exist already.
    "INSERT INTO statement_fts(statement_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS statement_fts_au",
    "DROP TRIGGER IF EXISTS statement_fts_ad",
    "DROP TRIGGER IF EXISTS statement_fts_ai",
    "DROP TABLE IF EXISTS statement_fts",
)
POSTGRES_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE statement ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(normalized_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_statement_search_vector ON statement USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_statement_normalized_text_trgm ON statement "
    "USING gin (normalized_text gin_trgm_ops)",
)
# The pg_trgm extension stays: other objects may use it, and it is harmless.
POSTGRES_DOWN = (
    "DROP INDEX IF EXISTS ix_statement_normalized_text_trgm",
    "DROP INDEX IF EXISTS ix_statement_search_vector",
    "ALTER TABLE statement DROP COLUMN IF EXISTS search_vector",
)


def _run(statements: tuple[str, ...]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UP)
    elif dialect == "postgresql":
        _run(POSTGRES_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWN)
    elif dialect == "postgresql":
        _run(POSTGRES_DOWN)
