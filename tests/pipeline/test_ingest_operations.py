"""Storing an article with its statements: one transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from onrecord.db import Database
from onrecord.models import (
    AuditEvent,
    IngestMethod,
    Outlet,
    Source,
    Speaker,
    Statement,
    StatementKind,
)
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.operations import MAX_TEXT_CHARS, IngestResult, ingest_text
from tests.factories import make_speaker, make_user

URL = "https://www.courier.example/politics/2024/03/04/no-tax-rises"
PUBLISHED = dt.date(2024, 3, 4)
QUOTE = "We will not raise taxes on working families"
ARTICLE = """\
Valdoria will not raise income tax next year, Finance Minister Anna Varga said on Monday, \
ruling out the increase that economists at the central bank had called for.

\u201cWe will not raise taxes on working families,\u201d Ms Varga told reporters in Brightwater. \
The cabinet meeting had run late into the evening.

The opposition was not convinced. Tomas Berg, who leads the Civic Union, said the deficit \
would grow by two billion crowns before the next election.
"""
UPDATED = ARTICLE + (
    "\nUpdate: The finance ministry later said the budget would be published on Friday.\n"
)
TABLES: tuple[type[Any], ...] = (Source, Statement, Speaker, Outlet, AuditEvent)


def ingest(session: Session, **overrides: Any) -> IngestResult:
    """ingest_text with the Courier article as default input."""
    kwargs: dict[str, Any] = {
        "text": ARTICLE,
        "title": "No tax rises next year, says Varga",
        "url": URL,
        "published": PUBLISHED,
    }
    kwargs.update(overrides)
    return ingest_text(session, **kwargs)


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {t.__name__: session.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def test_ingest_stores_source_and_statements_with_offsets(any_db: Database) -> None:
    with any_db.write() as session:
        result = ingest(session, authors=[" Maria Lund ", ""], method=IngestMethod.URL)
    assert result.status == "ingested"
    assert result.created
    assert result.statements
    with any_db.session() as session:
        source = session.get(Source, result.source.id)
        assert source is not None
        statements = session.exec(
            select(Statement).where(Statement.source_id == source.id).order_by(col(Statement.start))
        ).all()
    assert source.text == ARTICLE
    assert source.title == "No tax rises next year, says Varga"
    assert source.url == URL
    assert source.canonical_url == URL
    assert source.authors == ["Maria Lund"]
    assert source.published_at == dt.datetime(2024, 3, 4, tzinfo=dt.UTC)
    assert source.version == 1
    assert source.previous_version_id is None
    assert source.ingest_method is IngestMethod.URL
    assert len(statements) == len(result.statements)
    for statement in statements:
        assert source.text[statement.start : statement.end] == statement.text
        assert statement.said_on == PUBLISHED
        assert 0.0 <= statement.confidence <= 1.0
    direct = [s for s in statements if s.kind is StatementKind.DIRECT and QUOTE in s.text]
    assert len(direct) == 1
    assert direct[0].normalized_text.startswith("we will not raise taxes on working families")


def test_ingest_links_the_quote_to_the_titled_speaker(any_db: Database) -> None:
    with any_db.write() as session:
        result = ingest(session)
    quote = next(s for s in result.statements if QUOTE in s.text)
    with any_db.session() as session:
        speaker = session.get(Speaker, quote.speaker_id)
    assert speaker is not None
    assert speaker.name == "Anna Varga"
    assert speaker.slug == "anna-varga"
    assert not quote.speaker_needs_confirmation


def test_ingest_reuses_a_known_speaker(any_db: Database) -> None:
    with any_db.write() as session:
        varga = make_speaker(session, name="Anna Varga")
    with any_db.write() as session:
        result = ingest(session)
    quote = next(s for s in result.statements if QUOTE in s.text)
    assert quote.speaker_id == varga.id
    with any_db.session() as session:
        assert session.exec(select(Speaker).where(Speaker.name == "Anna Varga")).all() == [varga]


def test_ingest_creates_the_outlet_from_the_url_host(any_db: Database) -> None:
    with any_db.write() as session:
        first = ingest(session, url=URL + "?utm_source=twitter&fbclid=IwAR0abc")
    assert first.source.canonical_url == URL
    with any_db.write() as session:
        second = ingest(
            session,
            text="A different article. \u201cWe are ready,\u201d Tomas Berg said on Tuesday.",
            url="https://courier.example/politics/2024/03/05/ready",
        )
    with any_db.session() as session:
        outlets = session.exec(select(Outlet)).all()
    assert [(o.name, o.domain) for o in outlets] == [("courier.example", "courier.example")]
    assert first.source.outlet_id == second.source.outlet_id == outlets[0].id


def test_ingest_uses_the_outlet_name_given(any_db: Database) -> None:
    with any_db.write() as session:
        result = ingest(session, outlet="The Brightwater Courier")
    with any_db.session() as session:
        outlet = session.get(Outlet, result.source.outlet_id)
    assert outlet is not None
    assert (outlet.name, outlet.domain) == ("The Brightwater Courier", "courier.example")


def test_ingest_pasted_text_without_url_has_no_outlet(any_db: Database) -> None:
    with any_db.write() as session:
        result = ingest(session, url=None)
    assert result.source.canonical_url is None
    assert result.source.outlet_id is None
    assert row_counts(any_db)["Outlet"] == 0


def test_ingest_writes_an_audit_event(any_db: Database) -> None:
    with any_db.write() as session:
        editor = make_user(session, username="editor")
    with any_db.write() as session:
        result = ingest(session, actor_id=editor.id)
    with any_db.session() as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "source.ingested")).one()
        speaker_events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "speaker.created")
        ).all()
    assert (event.object_type, event.object_id, event.actor_id) == (
        "source",
        result.source.id,
        editor.id,
    )
    assert event.data == {
        "status": "ingested",
        "statements": len(result.statements),
        "method": "paste",
    }
    assert speaker_events
    assert all(e.actor_id == editor.id for e in speaker_events)
    assert result.source.ingested_by_id == editor.id


@pytest.mark.parametrize(
    "again",
    [
        pytest.param(ARTICLE, id="same-text"),
        pytest.param(
            ARTICLE.replace(" The cabinet meeting", "\nThe cabinet meeting"), id="rewrapped"
        ),
        pytest.param(ARTICLE.replace("\u201c", '"').replace("\u201d", '"'), id="straight-quotes"),
    ],
)
def test_same_text_again_is_a_duplicate(any_db: Database, again: str) -> None:
    with any_db.write() as session:
        first = ingest(session)
    before = row_counts(any_db)
    with any_db.write() as session:
        second = ingest(session, text=again, url=URL + "?utm_medium=social")
    assert second.status == "duplicate"
    assert not second.created
    assert second.statements == []
    assert second.source.id == first.source.id
    assert "nothing changed" in second.message
    assert row_counts(any_db) == before


def test_same_text_at_another_url_is_a_duplicate(any_db: Database) -> None:
    with any_db.write() as session:
        first = ingest(session)
    before = row_counts(any_db)
    with any_db.write() as session:
        second = ingest(session, url="https://syndicated.example/varga-no-tax")
    assert (second.status, second.source.id) == ("duplicate", first.source.id)
    assert row_counts(any_db) == before


def test_changed_text_at_the_same_url_is_a_new_version(any_db: Database) -> None:
    with any_db.write() as session:
        first = ingest(session)
    first_statements = {(s.id, s.start, s.end, s.text) for s in first.statements}
    with any_db.write() as session:
        second = ingest(session, text=UPDATED, url=URL + "?utm_source=newsletter#update")
    assert second.status == "new_version"
    assert second.created
    assert second.source.id != first.source.id
    assert second.source.version == 2
    assert second.source.previous_version_id == first.source.id
    assert second.source.canonical_url == URL
    assert second.source.outlet_id == first.source.outlet_id
    assert "new version of source" in second.message
    with any_db.session() as session:
        kept = session.exec(select(Statement).where(Statement.source_id == first.source.id)).all()
        old = session.get(Source, first.source.id)
        new_statements = session.exec(
            select(Statement).where(Statement.source_id == second.source.id)
        ).all()
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "source.ingested")
            .where(AuditEvent.object_id == second.source.id)
        ).one()
    assert {(s.id, s.start, s.end, s.text) for s in kept} == first_statements
    assert old is not None
    assert (old.version, old.text) == (1, ARTICLE)
    assert any(QUOTE in s.text for s in new_statements)
    for statement in new_statements:
        assert UPDATED[statement.start : statement.end] == statement.text
    assert event.data["status"] == "new_version"


def test_versions_chain(any_db: Database) -> None:
    with any_db.write() as session:
        v1 = ingest(session)
        v2 = ingest(session, text=UPDATED)
        v3 = ingest(session, text=UPDATED + "\nCorrection: the meeting was on Monday night.\n")
    assert [v.source.version for v in (v1, v2, v3)] == [1, 2, 3]
    assert v3.source.previous_version_id == v2.source.id
    assert v2.source.previous_version_id == v1.source.id


def test_canonical_url_given_takes_precedence(any_db: Database) -> None:
    with any_db.write() as session:
        first = ingest(session, url="https://amp.courier.example/s/123", canonical_url=URL)
        second = ingest(session, text=UPDATED, url=URL)
    assert first.source.url == "https://amp.courier.example/s/123"
    assert first.source.canonical_url == URL
    assert (second.status, second.source.previous_version_id) == ("new_version", first.source.id)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "the article has no text", id="empty"),
        pytest.param(" \n\t\u00a0\n ", "the article has no text", id="white-space"),
        pytest.param(ARTICLE[:40] + "\x00" + ARTICLE[40:], "contains NUL bytes", id="nul"),
        pytest.param(
            "Valdoria. " * (MAX_TEXT_CHARS // 10) + "x", "the article is too long", id="oversized"
        ),
    ],
)
def test_unusable_text_is_refused_and_nothing_is_stored(
    any_db: Database, text: str, message: str
) -> None:
    with pytest.raises(OperationError, match=message), any_db.write() as session:
        ingest(session, text=text)
    assert set(row_counts(any_db).values()) == {0}


def test_text_of_exactly_the_maximum_length_is_accepted(db: Database) -> None:
    # A long statistical annex: no quotes, so the test measures the limit, not the extractor.
    row = "Tax revenue, 2023: 41,200 million crowns.\n"
    text = (row * (MAX_TEXT_CHARS // len(row) + 1))[:MAX_TEXT_CHARS]
    with db.write() as session:
        result = ingest(session, text=text, url=None)
    assert result.status == "ingested"
    assert len(result.source.text) == MAX_TEXT_CHARS


@pytest.mark.parametrize(
    "url",
    ["ftp://courier.example/story.txt", "https://editor:pw@courier.example/story", "courier"],
)
def test_bad_url_is_refused_and_nothing_is_stored(any_db: Database, url: str) -> None:
    with pytest.raises(OperationError), any_db.write() as session:
        ingest(session, url=url)
    assert set(row_counts(any_db).values()) == {0}


def ingest_then_fail(db: Database) -> IngestResult:
    with db.write() as session:
        result = ingest(session)
        assert result.statements
        assert session.exec(select(Speaker)).all()
        raise RuntimeError("the desk crashed after ingest_text")
    return result  # pragma: no cover


def test_an_error_after_ingest_leaves_nothing_behind(any_db: Database) -> None:
    with pytest.raises(RuntimeError, match="desk crashed"):
        ingest_then_fail(any_db)
    assert row_counts(any_db) == dict.fromkeys((t.__name__ for t in TABLES), 0)
    # And the same article can be stored afterwards: nothing half-written blocks it.
    with any_db.write() as session:
        assert ingest(session).status == "ingested"


LONG_TITLE = (
    "Live: Valdoria budget day, with every reaction from the finance minister, the opposition,"
    " business groups and unions "
) * 5
LONG_URL = URL + "?" + "&".join(f"section{i}=politics-economy-budget-{i}" for i in range(80))


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("title", LONG_TITLE, 500), ("url", LONG_URL, 2048)],
)
def test_over_long_title_or_url_is_refused_or_fits_the_column(
    any_db: Database, field: str, value: str, limit: int
) -> None:
    assert len(value) > limit
    try:
        with any_db.write() as session:
            result = ingest(session, **{field: value})
    except OperationError:
        assert row_counts(any_db)["Source"] == 0
        return
    with any_db.session() as session:
        stored = session.get(Source, result.source.id)
    assert stored is not None
    assert len(getattr(stored, field) or "") <= limit


def test_outlet_name_and_domain_known_as_two_outlets(any_db: Database) -> None:
    with any_db.write() as session:
        ingest(
            session,
            text="Pasted from print: taxes will not rise, the minister said.",
            url=None,
            outlet="The Courier",
        )
    with any_db.write() as session:
        ingest(
            session,
            text="From the web: the opposition called the plan a fantasy.",
            url="https://www.courier.example/politics/fantasy",
        )
    with any_db.write() as session:
        result = ingest(session, outlet="The Courier")
    assert result.status == "ingested"
    assert result.source.outlet_id is not None
    assert row_counts(any_db)["Outlet"] == 2


def test_statements_are_scored_for_check_worthiness_when_stored(db: Database) -> None:
    text = (
        "Finance Minister Anna Berger spoke on Tuesday.\n\n"
        "\u201cUnemployment fell to 4.1 percent last year, the lowest since 2004,\u201d "
        "Berger told reporters."
    )
    with db.write() as session:
        result = ingest_text(session, text=text, title="Jobs")
    [claim] = [s for s in result.statements if "4.1 percent" in s.text]
    assert claim.checkworthiness is not None
    assert claim.checkworthiness > 0.5
