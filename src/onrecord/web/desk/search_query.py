"""Editors' search over statements: full text plus fuzzy matching, with highlights (read-only).

Candidates come from the match index (``onrecord.pipeline.match.index``:
SQLite FTS5 or PostgreSQL full text) when the database has it, and from
``LIKE`` on whole terms and on their first letters (so "defict" still finds
"deficit"); rapidfuzz then rescores each candidate word by word and keeps the
good ones, best first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlmodel import Session, col

from onrecord.models import Outlet, Review, Source, Speaker, Statement
from onrecord.pipeline.match.index import SearchQuery, index_for
from onrecord.web.desk.queue_query import QueueFilters, queue_query
from onrecord.web.highlight import Span

#: Most candidates rescored per search.
CANDIDATES = 1500
#: Most results a search (and an export) returns.
MAX_RESULTS = 1000
#: Least rapidfuzz word similarity (0..100) for a term to count as found.
WORD_MATCH = 78
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One statement found, with what the results page and the export show."""

    statement: Statement
    speaker: Speaker | None
    source: Source
    outlet: Outlet | None
    review: Review | None
    score: float
    spans: tuple[Span, ...]


def search_terms(query: str) -> list[str]:
    """The words of the query, lower case, without one-letter words, at most ten."""
    return [word for word in _WORD.findall(query.lower()) if len(word) > 1][:10]


def _like_patterns(terms: Sequence[str]) -> list[str]:
    patterns = set()
    for term in terms:
        patterns.add(term)
        if len(term) >= 5:
            patterns.add(term[:4])  # typos usually come after the first letters
    return sorted(patterns)


def _index_ids(session: Session, terms: Sequence[str]) -> list[int]:
    """Statement ids from the full-text index, when the database has one."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'statement_fts'"
        ).first()
    else:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'statement' AND column_name = 'search_vector'"
        ).first()
    if exists is None:
        return []
    hits = index_for(session).search(session, SearchQuery(terms=list(terms), limit=CANDIDATES))
    return [hit.statement_id for hit in hits]


def word_scores(terms: Sequence[str], text: str) -> tuple[float, list[Span]]:
    """How well ``text`` matches the terms (0..100) and the spans of the matching words."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    total = 0.0
    spans = []
    for term in terms:
        best = 0.0
        for start, end, word in words:
            similarity = 100.0 if word.startswith(term) else fuzz.ratio(term, word)
            if similarity >= WORD_MATCH:
                spans.append(Span(start, end, "match"))
            best = max(best, similarity)
        total += best
    return (total / len(terms) if terms else 0.0), spans


def search_statements(
    session: Session, query: str, filters: QueueFilters, *, limit: int = MAX_RESULTS
) -> list[SearchResult]:
    """Statements matching ``query`` (any order of words, typos allowed) and the filters."""
    terms = search_terms(query)
    base = queue_query(filters, None).order_by(None)
    if terms:
        lowered = sa.func.lower(col(Statement.text))
        matches = [lowered.contains(p, autoescape=True) for p in _like_patterns(terms)]
        ids = _index_ids(session, terms)
        if ids:
            matches.append(col(Statement.id).in_(ids))
        base = base.where(sa.or_(*matches))
    rows = session.execute(base.order_by(col(Statement.id).desc()).limit(CANDIDATES)).all()
    results = []
    for statement, speaker, source, outlet, review in rows:
        score, spans = word_scores(terms, statement.text)
        if terms and score < WORD_MATCH:
            continue
        results.append(
            SearchResult(statement, speaker, source, outlet, review, round(score, 1), tuple(spans))
        )
    results.sort(key=lambda r: (-r.score, -(r.statement.id or 0)))
    return results[:limit]
