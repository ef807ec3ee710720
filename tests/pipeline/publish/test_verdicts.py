"""Reading published verdicts: only public states, corrections log, filters, cursors."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.db import Database
from onrecord.models import FlipRating, LinkRelation, LinkStatus, ReviewState, StatementLink
from onrecord.pipeline.publish.verdicts import (
    InvalidCursor,
    decode_cursor,
    iter_published_verdicts,
    list_public_speakers,
    list_published_verdicts,
    load_public_speaker,
    load_published_verdict,
)
from onrecord.pipeline.review.states import ReviewAction
from tests import factories
from tests.pipeline.publish import builders


def test_published_verdict_has_the_public_fields_and_no_internal_ones(any_db: Database) -> None:
    with any_db.write() as session:
        desk = builders.make_desk(session)
        speaker = factories.make_speaker(session, name="Anna Varga")
        review = builders.publish(
            session, desk, speaker=speaker, source_url="https://news.example/a"
        )
        review_id = review.id
    assert review_id is not None
    with any_db.session() as session:
        verdict = load_published_verdict(session, review_id)
    assert verdict is not None
    assert verdict.state == "published"
    assert verdict.rating is not None
    assert (verdict.rating.label, verdict.rating.value) == ("Mostly False", 3)
    assert (verdict.rating.best, verdict.rating.worst, verdict.rating.scale_name) == (6, 1, "Truth")
    assert (
        verdict.explanation_html == "<p>The <strong>budget annex</strong> says 3.4 percent.</p>\n"
    )
    assert [(e.title, e.url) for e in verdict.evidence] == [
        ("Budget annex", "https://finance.example/annex")
    ]
    assert verdict.speaker is not None
    assert verdict.speaker.name == "Anna Varga"
    assert verdict.source.url == "https://news.example/a"
    assert verdict.corrections == ()
    public = verdict.to_public()
    flat = repr(public)
    assert "internal: ask the ministry" not in flat
    assert not {"notes", "author_id", "assignee_id", "second_reader_id"} & set(public)


@pytest.mark.parametrize(
    "last", [ReviewAction.SUBMIT, ReviewAction.REQUEST_SECOND_READ, ReviewAction.SECOND_READ]
)
def test_unpublished_verdicts_are_not_public(any_db: Database, last: ReviewAction) -> None:
    with any_db.write() as session:
        desk = builders.make_desk(session)
        statement = factories.make_statement(session)
        review = builders.review_up_to(session, desk, statement, last=last)
        review_id = review.id
        draft = factories.make_review(session, statement=factories.make_statement(session))
        dismissed = factories.make_review(
            session, statement=factories.make_statement(session), state=ReviewState.DISMISSED
        )
    with any_db.session() as session:
        for rid in (review_id, draft.id, dismissed.id):
            assert rid is not None
            assert load_published_verdict(session, rid) is None
        assert list_published_verdicts(session).verdicts == ()


def test_corrections_and_retraction_make_the_public_log(any_db: Database) -> None:
    with any_db.write() as session:
        desk = builders.make_desk(session)
        review = builders.publish(session, desk)
        review = builders.correct(
            session,
            desk,
            review,
            note="The annex figure was 3.6 percent.",
            text=builders.changes(label="False", explanation="The annex says 3.6 percent."),
        )
        review = builders.retract(session, desk, review, note="The quote was misattributed.")
        review_id = review.id
    assert review_id is not None
    with any_db.session() as session:
        verdict = load_published_verdict(session, review_id)
    assert verdict is not None
    assert verdict.retracted
    assert verdict.corrected
    assert [(c.kind, c.note) for c in verdict.corrections] == [
        ("corrected", "The annex figure was 3.6 percent."),
        ("retracted", "The quote was misattributed."),
    ]
    assert verdict.rating is not None
    assert verdict.rating.label == "False"
    assert "3.6 percent" in verdict.explanation_html


def test_listing_filters_and_pages_with_a_stable_cursor(any_db: Database) -> None:
    with any_db.write() as session:
        desk = builders.make_desk(session)
        anna = factories.make_speaker(session, name="Anna Varga")
        ids = []
        for day in range(1, 8):
            review = builders.publish(
                session,
                desk,
                speaker=anna if day % 2 else None,
                said_on=dt.date(2024, 5, day),
                text=builders.changes(
                    label="False" if day == 3 else "True",
                    summary=f"Claim number {day} about {'pensions' if day == 5 else 'taxes'}",
                ),
            )
            ids.append(review.id)
    with any_db.session() as session:
        first = list_published_verdicts(session, limit=3)
        second = list_published_verdicts(session, limit=3, after=first.next_cursor)
        third = list_published_verdicts(session, limit=3, after=second.next_cursor)
        pages = [first, second, third]
        seen = [v.id for page in pages for v in page.verdicts]
        assert seen == list(reversed(ids))  # newest first, no repeats, nothing lost
        assert third.next_cursor is None
        assert [v.id for v in list_published_verdicts(session, q="PENSIONS").verdicts] == [ids[4]]
        by_anna = list_published_verdicts(session, speaker_slug="anna-varga").verdicts
        assert [v.id for v in by_anna] == [ids[6], ids[4], ids[2], ids[0]]
        assert [v.id for v in list_published_verdicts(session, rating="false").verdicts] == [ids[2]]
        ranged = list_published_verdicts(
            session, date_from=dt.date(2024, 5, 2), date_to=dt.date(2024, 5, 3)
        )
        assert [v.id for v in ranged.verdicts] == [ids[2], ids[1]]
        assert list_published_verdicts(session, scale="flip").verdicts == ()


def test_a_broken_cursor_is_refused_with_a_sentence() -> None:
    with pytest.raises(InvalidCursor, match="page link"):
        decode_cursor("not-a-cursor")


def test_public_speaker_has_verdicts_confirmed_reversals_and_a_timeline(any_db: Database) -> None:
    with any_db.write() as session:
        desk = builders.make_desk(session)
        anna = factories.make_speaker(session, name="Anna Varga")
        other = factories.make_speaker(session, name="Ben Ortiz")
        mine = builders.publish(session, desk, speaker=anna, said_on=dt.date(2024, 2, 1))
        builders.publish(session, desk, speaker=other)
        unpublished = factories.make_statement(session, speaker=anna)
        builders.review_up_to(session, desk, unpublished, last=ReviewAction.SUBMIT)
        old = factories.make_statement(session, speaker=anna, said_on=dt.date(2023, 1, 1))
        new = factories.make_statement(session, speaker=anna, said_on=dt.date(2024, 3, 1))
        assert old.id is not None
        assert new.id is not None
        for status in (LinkStatus.CONFIRMED, LinkStatus.SUGGESTED):
            session.add(
                StatementLink(
                    statement_id=new.id if status == LinkStatus.CONFIRMED else old.id,
                    other_id=old.id if status == LinkStatus.CONFIRMED else new.id,
                    relation=LinkRelation.REVERSAL,
                    status=status,
                    flip_rating=FlipRating.HALF_FLIP,
                )
            )
        mine_id = mine.id
    with any_db.session() as session:
        record = load_public_speaker(session, "anna-varga")
        assert record is not None
        assert [v.id for v in record.verdicts] == [mine_id]
        assert [(r.earlier.said_on, r.later.said_on) for r in record.reversals] == [
            (dt.date(2023, 1, 1), dt.date(2024, 3, 1))
        ]
        assert record.reversals[0].flip_rating == "Half Flip"
        assert [(e.kind, e.date) for e in record.timeline] == [
            ("reversal", dt.date(2024, 3, 1)),
            ("verdict", dt.date(2024, 2, 1)),
        ]
        assert [s.slug for s in list_public_speakers(session)] == ["anna-varga", "ben-ortiz"]
        assert load_public_speaker(session, "nobody") is None
        assert [v.id for v in iter_published_verdicts(session, batch=1)] == sorted(
            v.id for v in list_published_verdicts(session).verdicts
        )
