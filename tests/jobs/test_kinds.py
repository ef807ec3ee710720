"""Every built-in job kind in in-process mode: it runs, records its result, and a
second run changes nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import select

from onrecord.jobs import JobEnv, enqueue, get_kind, kinds, poll_bucket
from onrecord.jobs.kinds import due_feed_ids
from onrecord.models import (
    AuditEvent,
    Feed,
    FeedEntry,
    Job,
    JobStatus,
    Source,
    Statement,
    StatementLink,
)
from onrecord.pipeline.ingest.operations import ingest_text
from onrecord.pipeline.match.operations import rebuild_index
from onrecord.pipeline.speakers.operations import merge_speakers
from tests import factories
from tests.jobs.pages import article_page, rss
from tests.web.rows import count_rows


def _jobs(env: JobEnv, kind: str) -> list[Job]:
    with env.db.session() as session:
        return list(session.exec(select(Job).where(Job.kind == kind).order_by(Job.id)).all())


def test_builtin_kinds_are_registered() -> None:
    names = {kind.name for kind in kinds()}
    assert {
        "ingest_url",
        "poll_feeds",
        "match_statements",
        "rematch_speaker",
        "rebuild_index",
    } <= names
    assert get_kind("poll_feeds").once_per_key


def test_ingest_url_stores_the_article_then_matches_it(env: JobEnv, httpserver: HTTPServer):
    httpserver.expect_request("/budget").respond_with_data(
        article_page("Budget", "We will not raise taxes this year"), content_type="text/html"
    )
    url = httpserver.url_for("/budget") + "?utm_source=newsletter"
    job = enqueue(env, "ingest_url", url=url)
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.key == f"ingest_url:{httpserver.url_for('/budget')}"  # canonical: no tracking
    assert job.attempts == 1
    assert job.active_key is None
    assert job.result["status"] == "ingested"
    assert job.result["mode"] == "in-process"
    assert count_rows(env.db, Source) == 1
    assert job.result["statements"] == count_rows(env.db, Statement) >= 1
    [match_job] = _jobs(env, "match_statements")
    assert job.result["match_job_id"] == match_job.id
    assert match_job.status == JobStatus.SUCCEEDED
    assert match_job.result["matched"] == job.result["statements"]

    again = enqueue(env, "ingest_url", url=url)
    assert again.id != job.id  # the first one finished: a new job, which finds a duplicate
    assert again.result["status"] == "duplicate"
    assert again.result["match_job_id"] is None
    assert count_rows(env.db, Source) == 1
    assert len(_jobs(env, "match_statements")) == 1


def test_ingest_url_refusal_fails_at_once_with_the_reason(env: JobEnv):
    job = enqueue(env, "ingest_url", url="http://10.0.0.1/internal")
    assert job.status == JobStatus.FAILED
    assert job.attempts == 1  # a refusal is not retried
    assert "10.0.0.1" in job.last_error or "private" in job.last_error.lower()
    assert count_rows(env.db, Source) == 0


def _feed(env: JobEnv, url: str, **fields: object) -> int:
    with env.db.write() as session:
        feed = Feed(url=url, title="Test feed", **fields)
        session.add(feed)
        session.flush()
        assert feed.id is not None
        return feed.id


def test_poll_feeds_polls_due_feeds_once_per_bucket(env: JobEnv, httpserver: HTTPServer):
    for n in (1, 2):
        httpserver.expect_request(f"/a{n}").respond_with_data(
            article_page(f"Story {n}", f"We will build {n} new bridges next year"),
            content_type="text/html",
        )
    feed_xml = rss([("e1", httpserver.url_for("/a1")), ("e2", httpserver.url_for("/a2"))])
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed_xml, content_type="application/rss+xml"
    )
    feed_id = _feed(env, httpserver.url_for("/feed.xml"))
    paused = _feed(env, httpserver.url_for("/paused.xml"), active=False)
    bucket = poll_bucket(env.settings)

    job = enqueue(env, "poll_feeds", bucket=bucket)
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.key == f"poll_feeds:{bucket}"
    assert job.result["feeds"] == 1  # the paused feed is not polled
    assert job.result["sources"] == 2
    assert count_rows(env.db, Source) == 2
    assert count_rows(env.db, FeedEntry) == 2
    [match_job] = _jobs(env, "match_statements")
    assert match_job.status == JobStatus.SUCCEEDED
    assert paused not in due_feed_ids_for(env)

    # A second scheduler in the same bucket gets the same job: nothing polled twice.
    same = enqueue(env, "poll_feeds", bucket=bucket)
    assert same.id == job.id
    # The feed was just polled, so in the next bucket it is not due yet, and an
    # explicit re-poll of the same feed stores nothing new.
    assert feed_id not in due_feed_ids_for(env)
    forced = enqueue(env, "poll_feeds", bucket="later", feed_ids=[feed_id])
    assert forced.status == JobStatus.SUCCEEDED
    assert forced.result["sources"] == 0
    assert count_rows(env.db, Source) == 2
    assert count_rows(env.db, FeedEntry) == 2


def due_feed_ids_for(env: JobEnv) -> list[int]:
    from onrecord.jobs.context import JobContext

    return due_feed_ids(JobContext(env=env, job_id=0))


def test_a_feed_polled_long_ago_is_due_again(env: JobEnv):
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=env.settings.feed_poll_interval_s)
    feed_id = _feed(env, "http://127.0.0.1:9/feed.xml", last_polled_at=long_ago)
    assert due_feed_ids_for(env) == [feed_id]


def _ingest(env: JobEnv, text: str, title: str) -> list[int]:
    with env.db.write() as session:
        result = ingest_text(session, text=text, title=title)
        return [s.id for s in result.statements if s.id is not None]


TEXT_1 = (
    "Finance Minister Anna Berger spoke on Monday.\n\n"
    "\u201cWe will cut the deficit by half before the end of the decade,\u201d Berger said."
)
TEXT_2 = (
    "Finance Minister Anna Berger spoke again on Friday.\n\n"
    "\u201cWe will cut the deficit by half before the end of this decade,\u201d Berger said."
)


def test_match_statements_links_and_is_idempotent(env: JobEnv):
    first = _ingest(env, TEXT_1, "Monday")
    second = _ingest(env, TEXT_2, "Friday")
    assert first
    assert second
    job = enqueue(env, "match_statements", statement_ids=first + second)
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.result["matched"] == len(first) + len(second)
    links = count_rows(env.db, StatementLink)
    assert links >= 1
    again = enqueue(env, "match_statements", statement_ids=second + first)
    assert again.key == job.key  # same ids in another order: the same work
    assert again.id != job.id
    assert again.status == JobStatus.SUCCEEDED
    assert count_rows(env.db, StatementLink) == links


def test_rematch_speaker_after_a_merge(env: JobEnv):
    _ingest(env, TEXT_1, "Monday")
    with env.db.write() as session:
        keep = factories.make_speaker(session, name="Anna Berger Two")
        other = factories.make_speaker(session, name="A. Berger")
        factories.make_statement(session, speaker=other)
    with env.db.write() as session:
        keep_row = session.get(type(keep), keep.id)
        other_row = session.get(type(other), other.id)
        merge_speakers(session, keep=keep_row, remove=other_row, actor_id=None)
    job = enqueue(env, "rematch_speaker", speaker_id=keep.id, merged_id=other.id)
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.key == f"rematch_speaker:{keep.id}:merged:{other.id}"
    assert job.result["matched"] == 1
    links = count_rows(env.db, StatementLink)
    again = enqueue(env, "rematch_speaker", speaker_id=keep.id, merged_id=other.id)
    assert again.status == JobStatus.SUCCEEDED
    assert count_rows(env.db, StatementLink) == links


def test_rebuild_index(env: JobEnv):
    ids = _ingest(env, TEXT_1, "Monday")
    job = enqueue(env, "rebuild_index")
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.result == {"statements": len(ids), "mode": "in-process"}
    with env.db.session() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "search_index.rebuilt")
        ).all()
    assert len(events) == 1
    with env.db.write() as session:  # the index answers as before
        assert rebuild_index(session) == len(ids)


@pytest.mark.parametrize("bad", [{"when": dt.date(2024, 1, 1)}, {"obj": object()}])
def test_parameters_must_be_json(env: JobEnv, bad: dict):
    with pytest.raises(TypeError, match="JSON"):
        enqueue(env, "rebuild_index", **bad)
    assert count_rows(env.db, Job) == 0


def test_export_writes_a_file_in_the_instance_folder(env: JobEnv):
    from tests.pipeline.publish import builders

    with env.db.write() as session:
        desk = builders.make_desk(session)
        review = builders.publish(session, desk, source_url="https://news.example/a")
        review_id = review.id
    name = "verdicts-test.csv"
    job = enqueue(env, "export", fmt="csv", name=name)
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.key == f"export:csv:{name}"
    path = env.settings.instance_dir / "exports" / name
    assert job.result == {"path": str(path), "format": "csv", "records": 1, "mode": "in-process"}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,state,url,claim")
    assert lines[1].startswith(f"{review_id},published,http://localhost:5000/verdicts/{review_id},")
    first = path.read_bytes()
    enqueue(env, "export", fmt="csv", name=name)  # a rerun replaces the file with the same
    assert path.read_bytes() == first
    assert sorted(p.name for p in path.parent.iterdir()) == [name]


def test_export_names_and_formats(env: JobEnv):
    from onrecord.jobs.kinds import export_name
    from onrecord.pipeline.errors import OperationError

    when = dt.datetime(2026, 11, 26, 19, 30, tzinfo=dt.UTC)
    assert export_name("claimreview-jsonl", when) == "verdicts-20261126T193000Z.jsonl"
    with pytest.raises(OperationError, match="Unknown export format 'xml'"):
        export_name("xml")
    job = enqueue(env, "export", fmt="json", name="../../escape.json")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["path"] == str(env.settings.instance_dir / "exports" / "escape.json")
