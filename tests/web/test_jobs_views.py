"""The desk's job pages, and the web actions that ask for jobs (URL ingest, paste,
upload, speaker merge), in-process and with Redis."""

from __future__ import annotations

import io
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlmodel import select

from onrecord.db import Database
from onrecord.jobs import enqueue, job_env
from onrecord.models import Job, JobStatus, Role, Source
from tests import factories
from tests.conftest import make_test_app
from tests.jobs import kinds_for_tests  # noqa: F401  (registers the test-only kinds)
from tests.jobs.pages import article_page
from tests.jobs.rq_support import clean_queue, queue_name
from tests.web.conftest import ARTICLE
from tests.web.html import one, parse, text
from tests.web.rows import count_rows

LOOPBACK = ("127.0.0.1", "localhost")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_test_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.db'}",
        fetch_allow_hosts=LOOPBACK,
        job_retry_backoff_s=(0,),
    )
    yield app
    app.extensions["onrecord.db"].dispose()


def _jobs(db: Database, kind: str | None = None) -> list[Job]:
    with db.session() as session:
        query = select(Job).order_by(Job.id)
        if kind:
            query = query.where(Job.kind == kind)
        return list(session.exec(query).all())


def _failed_and_done(app: Flask, tmp_path: Path) -> tuple[Job, Job]:
    ok = enqueue(app, "test_flaky", counter=str(tmp_path / "ok"), failures=0)
    bad = enqueue(app, "test_flaky", counter=str(tmp_path / "bad"), failures=3)
    return ok, bad


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get("/jobs").location.startswith("/login?next=")
    assert client.get("/jobs/1").location.startswith("/login?next=")


def test_the_list_shows_status_and_the_error_of_failed_jobs(app, client, login, tmp_path):
    login(Role.VIEWER)
    ok, bad = _failed_and_done(app, tmp_path)
    soup = parse(client.get("/jobs"))
    rows = soup.select("tr.job-row")
    assert [int(r["data-job-id"]) for r in rows] == [bad.id, ok.id]
    assert text(one(rows[0], ".job-status")) == "failed"
    assert text(one(rows[0], ".job-error")) == "RuntimeError: boom on run 3"
    assert text(one(rows[1], ".job-status")) == "succeeded"
    assert not rows[1].select(".job-error")
    assert not soup.select("form[action$='/retry']")  # viewers only look
    tabs = {text(a): a["href"] for a in soup.select(".tabs a")}
    assert tabs["Failed 1"] == "/jobs?status=failed"
    nav = one(soup, ".site-nav a[href='/jobs']")
    assert nav["aria-current"] == "page"


def test_the_status_filter(app, client, login, tmp_path):
    login(Role.VIEWER)
    _, bad = _failed_and_done(app, tmp_path)
    failed = parse(client.get("/jobs?status=failed"))
    assert [int(r["data-job-id"]) for r in failed.select("tr.job-row")] == [bad.id]
    assert one(failed, ".tabs [aria-current=page]")["href"] == "/jobs?status=failed"
    queued = parse(client.get("/jobs?status=queued"))
    assert text(one(queued, ".empty")) == "No queued jobs."
    assert client.get("/jobs?status=bogus").status_code == 404


def test_a_job_page_shows_attempts_error_and_result(app, client, login, tmp_path):
    login(Role.VIEWER)
    ok, bad = _failed_and_done(app, tmp_path)
    soup = parse(client.get(f"/jobs/{bad.id}"))
    assert text(one(soup, "h1")) == f"Job {bad.id}: Fails, then works"
    assert text(one(soup, ".job-status")) == "failed"
    assert text(one(soup, ".job-attempts")) == "3 of 3"
    assert "RuntimeError: boom on run 3" in text(one(soup, ".job-error-text"))
    done = parse(client.get(f"/jobs/{ok.id}"))
    assert '"runs": 1' in text(one(done, ".job-result"))
    assert client.get("/jobs/999").status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.ADMIN, True), (Role.EDITOR, True), (Role.FACT_CHECKER, False), (Role.VIEWER, False)],
)
def test_retry_is_for_editors_and_admins(app, client, login, tmp_path, role, allowed):
    login(role)
    _, bad = _failed_and_done(app, tmp_path)
    page = parse(client.get(f"/jobs/{bad.id}"))
    assert bool(page.select(f"form[action='/jobs/{bad.id}/retry'] button")) is allowed
    response = client.post(f"/jobs/{bad.id}/retry")
    if not allowed:
        assert response.status_code == 403
        assert _jobs(app.extensions["onrecord.db"], "test_flaky")[1].status == JobStatus.FAILED
        return
    assert response.status_code == 302
    assert response.location == f"/jobs/{bad.id}"
    soup = parse(client.get(response.location))
    assert text(one(soup, ".flash")) == f"Job {bad.id} retried: succeeded."
    assert text(one(soup, ".job-status")) == "succeeded"
    again = parse(client.post(f"/jobs/{bad.id}/retry", follow_redirects=True))
    assert text(one(again, ".flash")) == f"Job {bad.id} succeeded already; nothing to retry."
    assert client.post("/jobs/999/retry").status_code == 404


def test_url_ingest_runs_as_a_job_in_process(app, client, login, db, httpserver: HTTPServer):
    login(Role.FACT_CHECKER)
    httpserver.expect_request("/budget").respond_with_data(
        article_page("Budget", "We will not raise taxes this year"), content_type="text/html"
    )
    response = client.post("/sources/new/url", data={"url": httpserver.url_for("/budget")})
    assert response.status_code == 302
    [source] = _all(db, Source)
    assert response.location == f"/sources/{source.id}"
    ingest_job, match_job = _jobs(db)
    assert (ingest_job.kind, ingest_job.status) == ("ingest_url", JobStatus.SUCCEEDED)
    assert ingest_job.result["source_id"] == source.id
    assert (match_job.kind, match_job.status) == ("match_statements", JobStatus.SUCCEEDED)
    page = parse(client.get(f"/jobs/{ingest_job.id}"))
    assert one(page, "a.job-source")["href"] == f"/sources/{source.id}"
    assert one(page, "a.job-follow-up")["href"] == f"/jobs/{match_job.id}"


def _all(db: Database, model):
    with db.session() as session:
        return list(session.exec(select(model)).all())


def test_paste_and_upload_ask_for_matching(app, client, login, db):
    login(Role.FACT_CHECKER)
    response = client.post(
        "/sources/new", data={"title": "Varga defends the budget", "text": ARTICLE}
    )
    assert response.status_code == 302
    [paste_job] = _jobs(db, "match_statements")
    assert paste_job.status == JobStatus.SUCCEEDED
    assert paste_job.params["statement_ids"]
    upload = ARTICLE.replace("Monday", "Friday")
    client.post(
        "/sources/new/upload",
        data={"file": (io.BytesIO(upload.encode()), "friday.txt")},
        content_type="multipart/form-data",
    )
    assert count_rows(db, Source) == 2
    assert len(_jobs(db, "match_statements")) == 2
    # the same paste again is a duplicate: nothing new to match
    client.post("/sources/new", data={"title": "Varga defends the budget", "text": ARTICLE})
    assert len(_jobs(db, "match_statements")) == 2


def test_a_merge_asks_for_rematching(app, client, login, db):
    login(Role.EDITOR)
    with db.write() as session:
        keep = factories.make_speaker(session, name="Anna Varga")
        remove = factories.make_speaker(session, name="Anna Vargas")
        factories.make_statement(session, speaker=keep)
        factories.make_statement(session, speaker=remove)
    response = client.post(f"/speakers/{keep.slug}/merge/{remove.slug}")
    assert response.status_code == 302
    [job] = _jobs(db, "rematch_speaker")
    assert job.key == f"rematch_speaker:{keep.id}:merged:{remove.id}"
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["matched"] == 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_url_ingest_with_redis_gone_falls_back_to_in_process(tmp_path, httpserver: HTTPServer):
    app = make_test_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'gone.db'}",
        fetch_allow_hosts=LOOPBACK,
        redis_url=f"redis://127.0.0.1:{_closed_port()}/5",
        # Logins fail closed when the rate limits' Redis is down (ONRECORD_LOGIN_LIMIT);
        # this test is about jobs, so the limits are off.
        ratelimit_enabled=False,
    )
    client = app.test_client()
    db = app.extensions["onrecord.db"]
    with db.write() as session:
        factories.make_user(session, username="fc", role=Role.FACT_CHECKER)
    client.post("/login", data={"username": "fc", "password": factories.DEFAULT_PASSWORD})
    httpserver.expect_request("/a").respond_with_data(
        article_page("A", "We will build ten new bridges"), content_type="text/html"
    )
    response = client.post("/sources/new/url", data={"url": httpserver.url_for("/a")})
    assert response.status_code == 302
    assert response.location.startswith("/sources/")
    [job, *_] = _jobs(db)
    assert job.result["mode"].startswith("in-process (Redis unavailable")
    db.dispose()


def test_url_ingest_with_redis_queues_a_job_and_shows_it(tmp_path):
    url = os.environ.get("ONRECORD_TEST_REDIS_URL")
    if not url:
        pytest.skip("RQ tests need ONRECORD_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15)")
    queue = queue_name()
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'rq.db'}", redis_url=url, job_queue=queue)
    try:
        client = app.test_client()
        db = app.extensions["onrecord.db"]
        with db.write() as session:
            factories.make_user(session, username="fc", role=Role.FACT_CHECKER)
        client.post("/login", data={"username": "fc", "password": factories.DEFAULT_PASSWORD})
        response = client.post("/sources/new/url", data={"url": "http://127.0.0.1:9/story"})
        [job] = _jobs(db)
        assert response.status_code == 302
        assert response.location == f"/jobs/{job.id}"
        soup = parse(client.get(response.location))
        flash = f"Queued: a worker will fetch the article (job {job.id})."
        assert flash in [text(f) for f in soup.select(".flash")]  # after the login's welcome
        assert text(one(soup, ".job-status")) == "queued"
        assert count_rows(db, Source) == 0
        assert job_env(app).settings.redis_url == url
        listing = parse(client.get("/jobs"))
        assert "onrecord worker" in text(one(listing, ".lede"))
    finally:
        app.extensions["onrecord.db"].dispose()
        clean_queue(url, queue)
