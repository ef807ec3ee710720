"""The search index over statements: candidate retrieval inside the database.

Retrieval lives in the database, not in process memory, so any number of app
processes share one index that is always in sync (architecture section 5):

* SQLite: an FTS5 external-content table ``statement_fts`` over
  ``statement.normalized_text`` (plus ``speaker_id`` and ``status`` as filter
  columns), ranked by ``bm25``; triggers keep it in sync on insert, update and
  delete.
* PostgreSQL: a generated ``tsvector`` column ``statement.search_vector``
  with a GIN index, ranked by ``ts_rank``, and a ``pg_trgm`` GIN index on
  ``normalized_text`` for typo-tolerant lookups.

Backends are chosen by dialect from :data:`INDEX_BACKENDS`; another backend
registers with :func:`register_index`. The schema objects are created by the
migration ``0002``; :func:`ensure_search_index` creates the same objects on a
database built with ``metadata.create_all`` (tests) and is safe to run again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Session

FTS_TABLE = "statement_fts"
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "ix_statement_search_vector"
PG_TRIGRAM_INDEX = "ix_statement_normalized_text_trgm"

#: The FTS5 table and triggers, exactly as migration 0002 creates them. The
#: porter stemmer lets "taxes" find "tax"; speaker_id and status are indexed
#: only to filter on (their bm25 weight is 0), which keeps a speaker's history
#: or the checked claims a cheap intersection of posting lists.
SQLITE_DDL = (
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
)

#: The PostgreSQL objects, as migration 0002 creates them. A generated column
#: cannot drift from the text; the 'english' configuration stems and drops stopwords.
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE statement ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', coalesce(normalized_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_statement_search_vector ON statement USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_statement_normalized_text_trgm ON statement "
    "USING gin (normalized_text gin_trgm_ops)",
)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for: any of ``terms``, optionally only among some statements."""

    terms: Sequence[str]
    limit: int = 100
    speaker_id: int | None = None
    checked_only: bool = False
    exclude_ids: frozenset[int] = field(default_factory=frozenset)
    said_from: dt.date | None = None
    said_until: dt.date | None = None
    #: Leave out terms found in more than this share of all statements (None: keep all).
    #: Such terms weigh little in bm25 but make the database score most of the table.
    max_doc_share: float | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One candidate: the statement id and the backend's relevance (higher is better)."""

    statement_id: int
    relevance: float


class SearchIndex(Protocol):
    """A full-text index over statements for one database dialect."""

    dialect: str

    def ensure(self, conn: sa.Connection) -> None:
        """Create the index objects when missing (safe to run again)."""

    def rebuild(self, conn: sa.Connection) -> None:
        """Rebuild the index from the statement table."""

    def search(self, session: Session, query: SearchQuery) -> list[SearchHit]:
        """The best ``query.limit`` statements matching any term, best first."""


def _filters(query: SearchQuery, params: dict[str, Any]) -> list[str]:
    """SQL conditions on ``s`` (the statement table) shared by both backends."""
    where = []
    if query.exclude_ids:
        where.append(f"s.id NOT IN ({', '.join(str(int(i)) for i in query.exclude_ids)})")
    if query.said_from is not None:
        where.append("s.said_on >= :said_from")
        params["said_from"] = query.said_from
    if query.said_until is not None:
        where.append("s.said_on <= :said_until")
        params["said_until"] = query.said_until
    return where


def fts5_query(query: SearchQuery) -> str:
    """The FTS5 MATCH expression: an OR of quoted terms, ANDed with the filter columns.

    Every term is quoted (and quotes doubled), so text can never inject FTS
    syntax such as ``NEAR``, ``*`` or a column filter.
    """
    quoted = " OR ".join('"' + t.replace('"', '""') + '"' for t in query.terms)
    expr = f"normalized_text : ({quoted})"
    if query.speaker_id is not None:
        expr += f' AND speaker_id : "{int(query.speaker_id)}"'
    if query.checked_only:
        expr += ' AND status : "checked"'
    return expr


class Fts5Index:
    """SQLite FTS5 with bm25 ranking (the default backend)."""

    dialect = "sqlite"

    def ensure(self, conn: sa.Connection) -> None:
        """Create the FTS table and triggers; index existing rows when the table is new."""
        existed = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
        ).first()
        for statement in SQLITE_DDL:
            conn.exec_driver_sql(statement)
        if existed is None:
            self.rebuild(conn)

    def rebuild(self, conn: sa.Connection) -> None:
        """Re-read every statement into the FTS table (FTS5's own 'rebuild' command)."""
        conn.exec_driver_sql("INSERT INTO statement_fts(statement_fts) VALUES ('rebuild')")

    def search(self, session: Session, query: SearchQuery) -> list[SearchHit]:
        """Candidates ranked by bm25 (FTS5 returns it negative: smaller is better)."""
        if not query.terms:
            return []
        if query.max_doc_share is not None:
            query = _without_common_terms(session.connection(), query, query.max_doc_share)
        params: dict[str, Any] = {"match": fts5_query(query), "limit": query.limit}
        where = ["statement_fts MATCH :match", *_filters(query, params)]
        # Only constants and int()s are joined in; the query text is a bound value.
        sql = (
            "SELECT s.id, bm25(statement_fts, 1.0, 0.0, 0.0) AS r FROM statement_fts "  # noqa: S608
            "JOIN statement s ON s.id = statement_fts.rowid "
            "WHERE " + " AND ".join(where) + " ORDER BY r LIMIT :limit"
        )
        rows = session.connection().execute(sa.text(sql), params)
        return [SearchHit(int(row[0]), -float(row[1])) for row in rows]


#: Per-connection helpers: an FTS5 table with the index's tokenizer (to learn the
#: stem of a query term) and vocabulary views of both (to read document frequencies).
_SQLITE_VOCAB_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.onrecord_stems USING fts5("
    "t, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.onrecord_stems_v "
    "USING fts5vocab(temp, onrecord_stems, instance)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.onrecord_fts_v "
    "USING fts5vocab(main, statement_fts, row)",
)
#: Document frequencies change slowly; a process keeps them this long (seconds).
DOC_FREQUENCY_TTL = 600.0
_DOC_FREQUENCY_MAX = 100_000
#: Terms in fewer statements than this are always searched.
MIN_PRUNED_DOC_FREQUENCY = 1000
#: (database URL, term) -> (expiry, statements holding the term).
_doc_frequencies: dict[tuple[str, str], tuple[float, int]] = {}
_doc_frequencies_lock = threading.Lock()


def _lookup_doc_frequencies(conn: sa.Connection, terms: Sequence[str]) -> dict[str, int]:
    """How many statements hold each term (as the index stems it), read from FTS5 itself."""
    for statement in _SQLITE_VOCAB_DDL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("DELETE FROM temp.onrecord_stems")
    for number, term in enumerate(terms, 1):
        conn.exec_driver_sql(
            "INSERT INTO temp.onrecord_stems(rowid, t) VALUES (?, ?)", (number, term)
        )
    rows = conn.exec_driver_sql("SELECT doc, term FROM temp.onrecord_stems_v").all()
    stems: dict[int, str] = {int(doc): str(term) for doc, term in rows}
    found: dict[str, int] = {}
    for number, term in enumerate(terms, 1):
        stem = stems.get(number)
        row = None
        if stem is not None:
            row = conn.exec_driver_sql(
                "SELECT doc FROM temp.onrecord_fts_v WHERE term = ?", (stem,)
            ).first()
        found[term] = int(row[0]) if row else 0
    return found


def _without_common_terms(conn: sa.Connection, query: SearchQuery, share: float) -> SearchQuery:
    """``query`` without the terms found in more than ``share`` of the statements.

    The rarest term always stays. Frequencies are cached per process for
    :data:`DOC_FREQUENCY_TTL` seconds (a heuristic, so staleness only shifts
    which terms are left out; every process still reads the one index).
    """
    now, where = time.monotonic(), str(conn.engine.url)
    with _doc_frequencies_lock:
        known = {
            t: v[1] for t in query.terms
            if (v := _doc_frequencies.get((where, t))) is not None and v[0] > now
        }  # fmt: skip
    missing = [t for t in query.terms if t not in known]
    if missing:
        fresh = _lookup_doc_frequencies(conn, missing)
        known.update(fresh)
        with _doc_frequencies_lock:
            if len(_doc_frequencies) > _DOC_FREQUENCY_MAX:
                _doc_frequencies.clear()
            for term, count in fresh.items():
                _doc_frequencies[(where, term)] = (now + DOC_FREQUENCY_TTL, count)
    total = conn.exec_driver_sql("SELECT max(id) FROM statement").scalar() or 0
    # A small collection is fast anyway, and there every word is "common".
    limit = max(share * int(total), MIN_PRUNED_DOC_FREQUENCY)
    kept = [t for t in query.terms if known[t] <= limit]
    if not kept:
        kept = [min(query.terms, key=lambda t: known[t])]
    return dataclasses.replace(query, terms=kept)


class PostgresIndex:
    """PostgreSQL full-text search on the generated tsvector column, ranked by ts_rank."""

    dialect = "postgresql"

    def ensure(self, conn: sa.Connection) -> None:
        """Create the extension, column and indexes when missing."""
        for statement in POSTGRES_DDL:
            conn.exec_driver_sql(statement)

    def rebuild(self, conn: sa.Connection) -> None:
        """Rebuild the GIN indexes (the generated column itself cannot drift)."""
        conn.exec_driver_sql(f"REINDEX INDEX {PG_VECTOR_INDEX}")
        conn.exec_driver_sql(f"REINDEX INDEX {PG_TRIGRAM_INDEX}")

    def search(self, session: Session, query: SearchQuery) -> list[SearchHit]:
        """Candidates ranked by ts_rank with length normalisation (flag 1: divide by log length)."""
        terms = [t for t in query.terms if t.isalnum()]
        if not terms:
            return []
        params: dict[str, Any] = {"q": " | ".join(terms), "limit": query.limit}
        where = ["s.search_vector @@ q", *_filters(query, params)]
        if query.speaker_id is not None:
            where.append("s.speaker_id = :speaker_id")
            params["speaker_id"] = query.speaker_id
        if query.checked_only:
            where.append("s.status = 'checked'")
        # Only constants and int()s are joined in; the query text is a bound value.
        sql = (
            "SELECT s.id, ts_rank(s.search_vector, q, 1) AS r "
            "FROM statement s, to_tsquery('english', :q) q "
            "WHERE " + " AND ".join(where) + " ORDER BY r DESC, s.id LIMIT :limit"
        )
        rows = session.connection().execute(sa.text(sql), params)
        return [SearchHit(int(row[0]), float(row[1])) for row in rows]


#: The backend for each dialect name; the built-ins register here like any other.
INDEX_BACKENDS: dict[str, SearchIndex] = {}


def register_index(backend: SearchIndex) -> None:
    """Use ``backend`` for databases of its ``dialect``."""
    INDEX_BACKENDS[backend.dialect] = backend


register_index(Fts5Index())
register_index(PostgresIndex())


def index_for(bind: Session | sa.Connection | sa.Engine) -> SearchIndex:
    """The search index backend for this database."""
    engine_or_conn = bind.get_bind() if isinstance(bind, Session) else bind
    name = engine_or_conn.dialect.name
    try:
        return INDEX_BACKENDS[name]
    except KeyError:
        raise RuntimeError(f"no search index backend for {name!r} databases") from None


def ensure_search_index(engine: sa.Engine) -> None:
    """Create the search index objects on a database made by ``metadata.create_all``.

    Migrations create the same objects; this is for test databases and is a
    no-op when they exist. Call it after ``create_all``.
    """
    with engine.begin() as conn:
        index_for(conn).ensure(conn)


def _is_index_name(name: str | None) -> bool:
    return bool(name) and (
        name == FTS_TABLE
        or str(name).startswith(f"{FTS_TABLE}_")
        or name in {PG_VECTOR_COLUMN, PG_VECTOR_INDEX, PG_TRIGRAM_INDEX}
    )


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic ``include_name`` hook: the search index is not part of the SQLModel metadata."""
    return not (type_ in {"table", "column", "index"} and _is_index_name(name))


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic ``include_object`` hook with the same rule, for objects already reflected."""
    return not (reflected and compare_to is None and _is_index_name(name))


def search_index_names() -> Iterable[str]:
    """Names of every schema object the index adds (for docs and checks)."""
    return (FTS_TABLE, PG_VECTOR_COLUMN, PG_VECTOR_INDEX, PG_TRIGRAM_INDEX)
