"""Database helpers of the web tests (what tests/factories.py does not cover)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from onrecord.db import Database
from onrecord.models import Source, Speaker, Statement, StatementKind
from onrecord.pipeline.text import normalize_statement


def count_rows(db: Database, model: Any) -> int:
    """How many rows ``model``'s table holds."""
    with db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def add_statement(
    session: Session,
    *,
    source: Source,
    start: int,
    end: int,
    kind: StatementKind = StatementKind.DIRECT,
    speaker: Speaker | None = None,
    speaker_span: tuple[int, int] | None = None,
    said_on: dt.date | None = None,
    **fields: Any,
) -> Statement:
    """A statement at ``source.text[start:end]`` (factories.make_statement finds text instead).

    Overlapping offsets and speaker-mention offsets are what the page tests need.
    """
    assert source.id is not None
    quote = source.text[start:end]
    statement = Statement(
        source_id=source.id,
        speaker_id=speaker.id if speaker else None,
        text=quote,
        normalized_text=normalize_statement(quote),
        kind=kind,
        start=start,
        end=end,
        speaker_start=speaker_span[0] if speaker_span else None,
        speaker_end=speaker_span[1] if speaker_span else None,
        speaker_mention=source.text[slice(*speaker_span)] if speaker_span else None,
        said_on=said_on,
        **fields,
    )
    session.add(statement)
    session.flush()
    return statement
