"""Factories with defaults, so tests say only what matters to them."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlmodel import Session

from onrecord.models import (
    Review,
    ReviewState,
    Role,
    Source,
    Speaker,
    SpeakerKind,
    Statement,
    StatementKind,
    User,
)
from onrecord.pipeline.accounts.operations import create_user
from onrecord.pipeline.speakers.operations import create_speaker
from onrecord.pipeline.text import content_hash, normalize_statement

DEFAULT_PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(
    session: Session,
    *,
    username: str | None = None,
    role: Role = Role.FACT_CHECKER,
    password: str = DEFAULT_PASSWORD,
) -> User:
    """A user (argon2-hashed password ``DEFAULT_PASSWORD``)."""
    return create_user(
        session, username=username or f"user{next(_counter)}", password=password, role=role
    )


def make_speaker(
    session: Session,
    *,
    name: str | None = None,
    kind: SpeakerKind = SpeakerKind.PERSON,
    aliases: list[str] | None = None,
) -> Speaker:
    """A speaker with its name and surname as aliases."""
    return create_speaker(
        session, name=name or f"Speaker Number{next(_counter)}", kind=kind, aliases=aliases
    )


def make_source(
    session: Session,
    *,
    text: str | None = None,
    title: str = "An article",
    url: str | None = None,
    published: dt.date = dt.date(2024, 5, 1),
) -> Source:
    """A source row without extraction (use ingest_text to run the pipeline)."""
    n = next(_counter)
    body = text or f"Article number {n}. The minister spoke about the budget."
    source = Source(
        title=title,
        url=url,
        canonical_url=url,
        text=body,
        content_hash=content_hash(body),
        published_at=dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC),
    )
    session.add(source)
    session.flush()
    return source


def make_statement(
    session: Session,
    *,
    source: Source | None = None,
    speaker: Speaker | None = None,
    text: str | None = None,
    kind: StatementKind = StatementKind.DIRECT,
    said_on: dt.date = dt.date(2024, 5, 1),
) -> Statement:
    """A statement whose offsets point at ``text`` inside its source's text."""
    quote = text or f"\u201cWe will cut the deficit by {next(_counter)} percent,\u201d"
    if source is None:
        source = make_source(session, text=f"Lead paragraph. {quote} she said. More text.")
    start = source.text.find(quote)
    if start < 0:
        raise ValueError("text must occur in the source text")
    assert source.id is not None
    statement = Statement(
        source_id=source.id,
        speaker_id=speaker.id if speaker else None,
        text=quote,
        normalized_text=normalize_statement(quote),
        kind=kind,
        start=start,
        end=start + len(quote),
        said_on=said_on,
        confidence=0.9,
    )
    session.add(statement)
    session.flush()
    return statement


def make_review(
    session: Session,
    *,
    statement: Statement,
    state: ReviewState = ReviewState.DRAFT,
    label: str = "Mostly True",
    rating_value: int = 5,
    summary: str = "The deficit will be cut",
) -> Review:
    """A review of ``statement``."""
    assert statement.id is not None
    review = Review(
        statement_id=statement.id,
        state=state,
        label=label,
        rating_value=rating_value,
        summary=summary,
    )
    session.add(review)
    session.flush()
    return review
