"""Editors' search over statements: full text plus fuzzy matching, with highlights (read-only).

Candidates come from the match index (``onrecord.pipeline.match.index``:
SQLite FTS5 or PostgreSQL full text) when the database has it, and from
``LIKE`` on the terms, or, when the index finds few, on the terms' first
letters (so "defict" still finds "deficit"); rapidfuzz then rescores each
candidate word by word and keeps the good ones, best first. Ranking reads only
ids and texts; the full rows are loaded for the page shown (or the export).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlmodel import Session, col

from onrecord.models import Outlet, Review, Source, Speaker, Statement
from onrecord.pipeline.match.index import SearchQuery, index_for
from onrecord.web.desk.queue_query import QueueFilters, queue_ids_query, queue_query
from onrecord.web.highlight import Span

#: Most candidates rescored per search.
CANDIDATES = 1000
#: Fewer full-text hits than this and the search also looks for misspellings.
FEW_HITS = 50
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


def _similarity(term: str, word: str) -> float:
    return 100.0 if word.startswith(term) else float(fuzz.ratio(term, word))


def text_score(terms: Sequence[str], text: str) -> float:
    """How well ``text`` matches the terms, 0..100: the mean of each term's best word."""
    if not terms:
        return 0.0
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    total = 0.0
    for term in terms:
        if any(word.startswith(term) for word in words):
            total += 100.0
            continue
        best = process.extractOne(term, words, scorer=fuzz.ratio)
        total += float(best[1]) if best else 0.0
    return total / len(terms)


def word_spans(terms: Sequence[str], text: str) -> list[Span]:
    """The words of ``text`` that match a term (to mark them on the page)."""
    spans = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if any(_similarity(term, word) >= WORD_MATCH for term in terms):
            spans.append(Span(match.start(), match.end(), "match"))
    return spans


def _candidates(session: Session, terms: Sequence[str], filters: QueueFilters) -> sa.Select[Any]:
    """``(id, text)`` of the statements that may match: index hits, else LIKE on word starts."""
    query = queue_ids_query(filters, None).order_by(None).add_columns(col(Statement.text))
    if not terms:
        return query
    ids = _index_ids(session, terms)
    if len(ids) >= FEW_HITS and filters == QueueFilters(status=""):
        # Enough full-text hits and no filter that could leave them all out:
        # the index's best are the candidates, no table scan.
        return query.where(col(Statement.id).in_(ids))
    lowered = sa.func.lower(col(Statement.text))
    matches = [lowered.contains(term, autoescape=True) for term in terms]
    if len(ids) < FEW_HITS:  # few exact hits: look for typos too
        matches = [lowered.contains(p, autoescape=True) for p in _like_patterns(terms)]
    if ids:
        matches.append(col(Statement.id).in_(ids))
    return query.where(sa.or_(*matches))


def rank_statements(
    session: Session, query: str, filters: QueueFilters, *, limit: int = MAX_RESULTS
) -> list[tuple[int, float]]:
    """``(statement id, score)`` of the statements matching ``query`` and the filters, best first.

    Only ids and texts are read here, so ranking stays fast on large corpora;
    :func:`load_results` then loads the rows actually shown or exported.
    """
    terms = search_terms(query)
    candidates = _candidates(session, terms, filters)
    rows = session.execute(candidates.order_by(col(Statement.id).desc()).limit(CANDIDATES)).all()
    ranked = []
    for statement_id, text in rows:
        score = text_score(terms, text)
        if terms and score < WORD_MATCH:
            continue
        ranked.append((int(statement_id), round(score, 1)))
    ranked.sort(key=lambda item: (-item[1], -item[0]))
    return ranked[:limit]


def load_results(
    session: Session, ranked: Sequence[tuple[int, float]], query: str
) -> list[SearchResult]:
    """The rows of ranked statements, in the same order, with the matching words marked."""
    if not ranked:
        return []
    terms = search_terms(query)
    ids = [statement_id for statement_id, _ in ranked]
    rows = session.execute(
        queue_query(QueueFilters(status=""), None).where(col(Statement.id).in_(ids))
    ).all()
    by_id = {row[0].id: row for row in rows}
    results = []
    for statement_id, score in ranked:
        row = by_id.get(statement_id)
        if row is None:
            continue
        statement, speaker, source, outlet, review = row
        spans = tuple(word_spans(terms, statement.text))
        results.append(SearchResult(statement, speaker, source, outlet, review, score, spans))
    return results
