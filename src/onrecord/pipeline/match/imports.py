"""Bulk loading of plain statements for measurement: ``onrecord rank`` and the benchmarks.

Thousands of checked claims are inserted with multi-row statements (building
ORM objects one by one costs milliseconds each); the index triggers see them
like any other row. Re-exported by :mod:`onrecord.pipeline.match.operations`,
the stage's entry point for every write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from onrecord.models import (
    IngestMethod,
    Review,
    ReviewState,
    Source,
    Speaker,
    SpeakerAlias,
    Statement,
    StatementKind,
    StatementStatus,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import require_id
from onrecord.pipeline.match.normalize import normalize_statement
from onrecord.pipeline.speakers.names import normalize_name, slugify
from onrecord.pipeline.text import content_hash


@dataclass(frozen=True, slots=True)
class PlainStatement:
    """A statement from a file (checked claims or queries) for :func:`import_statements`."""

    text: str
    speaker_id: int | None = None
    said_on: dt.date | None = None
    label: str = ""
    summary: str = ""


def speakers_by_name(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The speaker id for each name: an exact alias match, or a new speaker (bulk insert).

    For imports of thousands of claims: one query finds the known names and
    new speakers are inserted in one statement each for speakers and aliases,
    because building ORM objects one by one costs milliseconds each.
    """
    wanted = {n.strip(): normalize_name(n) for n in names if n and normalize_name(n)}
    ids: dict[str, int] = {}
    known: dict[str, int] = {}
    keys = sorted(set(wanted.values()))
    for chunk in _chunks(keys, 500):
        rows = session.connection().execute(
            sa.select(col(SpeakerAlias.normalized), col(SpeakerAlias.speaker_id)).where(
                col(SpeakerAlias.normalized).in_(chunk)
            )
        )
        known.update({str(k): int(v) for k, v in rows})
    new = {key: name for name, key in wanted.items() if key not in known}
    if new:
        taken = set(session.connection().execute(sa.select(col(Speaker.slug))).scalars())
        now = dt.datetime.now(dt.UTC)
        rows_in = []
        for key, name in sorted(new.items()):
            slug, n = slugify(name) or "speaker", 2
            while slug in taken:
                slug, n = f"{slugify(name) or 'speaker'}-{n}", n + 1
            taken.add(slug)
            rows_in.append({"name": name[:200], "slug": slug[:200], "created_at": now, "key": key})
        table = table_of(Speaker)
        inserted = session.connection().execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True),
            [{k: v for k, v in r.items() if k != "key"} | _SPEAKER_DEFAULTS for r in rows_in],
        )
        for row, speaker_id in zip(rows_in, inserted.scalars(), strict=True):
            known[str(row["key"])] = int(speaker_id)
        session.connection().execute(
            sa.insert(table_of(SpeakerAlias)),
            [{"speaker_id": known[str(r["key"])], "alias": r["name"], "normalized": r["key"]}
             for r in rows_in],
        )  # fmt: skip
    for name, key in wanted.items():
        ids[name] = known[key]
    return ids


_SPEAKER_DEFAULTS: dict[str, Any] = {"kind": "person", "description": "", "wikidata_id": None}


def table_of(model: type[Any]) -> sa.Table:
    """The Core table of a SQLModel class (for multi-row inserts)."""
    table: sa.Table = model.__table__
    return table


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def import_statements(
    session: Session,
    items: Sequence[PlainStatement],
    *,
    title: str,
    checked: bool,
    published: dt.date | None = None,
    actor_id: int | None = None,
) -> list[int]:
    """Store ``items`` as the statements of one new source whose text is theirs, joined.

    Returns the new statement ids in order. With ``checked``, each gets a
    published verdict (label and summary as given) and the status "checked", so
    it is found as already checked. Rows are inserted in bulk (see
    :func:`speakers_by_name`); the index triggers see them like any other row.
    Used by ``onrecord rank`` and the benchmarks.
    """
    body = "\n\n".join([title, *(item.text for item in items)])
    source = Source(
        title=title[:500], text=body, content_hash=content_hash(body),
        published_at=_midnight(published), ingest_method=IngestMethod.CLI,
    )  # fmt: skip
    session.add(source)
    session.flush()
    now = dt.datetime.now(dt.UTC)
    rows, offset = [], len(title) + 2
    status = StatementStatus.CHECKED if checked else StatementStatus.NEW
    for item in items:
        rows.append(
            {"source_id": require_id(source), "speaker_id": item.speaker_id, "text": item.text,
             "normalized_text": normalize_statement(item.text), "start": offset,
             "end": offset + len(item.text), "said_on": item.said_on, "status": status,
             "created_at": now} | _STATEMENT_DEFAULTS
        )  # fmt: skip
        offset += len(item.text) + 2
    conn = session.connection()
    ids: list[int] = []
    table = table_of(Statement)
    if rows:
        inserted = conn.execute(
            sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        ids = [int(i) for i in inserted.scalars()]
    if checked and ids:
        conn.execute(
            sa.insert(table_of(Review)),
            [{"statement_id": sid, "state": ReviewState.PUBLISHED, "label": item.label[:100],
              "summary": item.summary[:300], "published_at": now, "created_at": now,
              "updated_at": now} | _REVIEW_DEFAULTS
             for sid, item in zip(ids, items, strict=True)],
        )  # fmt: skip
    record_event(
        session, action="source.imported", object_type="source", object_id=source.id,
        actor_id=actor_id, data={"statements": len(ids), "checked": checked},
    )  # fmt: skip
    return ids


_STATEMENT_DEFAULTS: dict[str, Any] = {
    "kind": StatementKind.DIRECT, "cue": None, "cue_start": None, "cue_end": None,
    "speaker_mention": None, "speaker_start": None, "speaker_end": None, "speaker_name": None,
    "speaker_needs_confirmation": False, "confidence": 1.0, "checkworthiness": None,
}  # fmt: skip
_REVIEW_DEFAULTS: dict[str, Any] = {
    "scale": "truth", "rating_value": None, "explanation": "", "evidence": [],
    "correction_note": "", "notes": "", "author_id": None, "second_reader_id": None,
    "assignee_id": None, "version": 1,
}  # fmt: skip


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None
