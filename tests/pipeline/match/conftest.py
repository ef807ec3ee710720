"""Fixtures for matching tests: databases with the search index in place."""

from __future__ import annotations

import pytest

from onrecord.db import Database
from onrecord.pipeline.match.index import ensure_search_index


@pytest.fixture
def index_db(db: Database) -> Database:
    """The SQLite test database with the search index (FTS5 table and triggers)."""
    ensure_search_index(db.engine)
    return db


@pytest.fixture
def any_index_db(any_db: Database) -> Database:
    """SQLite, then PostgreSQL, each with the search index."""
    ensure_search_index(any_db.engine)
    return any_db
