"""Retries, failures, manual retry, abandoned jobs and Redis going away, in-process."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import select

from onrecord.jobs import JobEnv, enqueue, job_env, requeue_abandoned, retry_job
from onrecord.jobs import operations as ops
from onrecord.jobs.runner import backoff_s
from onrecord.models import AuditEvent, Job, JobStatus, Source
from onrecord.pipeline.errors import Conflict, NotFound
from tests.conftest import make_test_app
from tests.web.rows import count_rows


def test_a_failing_job_is_retried_then_succeeds(env: JobEnv, tmp_path: Path):
    counter = tmp_path / "runs"
    job = enqueue(env, "test_flaky", counter=str(counter), failures=2)
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 3
    assert job.result["runs"] == 3
    assert "boom on run 2" in job.last_error  # what went wrong before is kept


def test_a_job_that_keeps_failing_is_recorded_as_failed(env: JobEnv, tmp_path: Path):
    counter = tmp_path / "runs"
    job = enqueue(env, "test_flaky", counter=str(counter), failures=10)
    assert job.status == JobStatus.FAILED
    assert job.attempts == env.settings.job_max_attempts == 3
    assert counter.read_text() == "3"
    assert "RuntimeError: boom on run 3" in job.last_error
    assert job.active_key is None
    assert job.finished_at is not None


def test_a_refusal_is_not_retried(env: JobEnv, tmp_path: Path):
    counter = tmp_path / "runs"
    job = enqueue(env, "test_flaky", counter=str(counter), failures=5, refuse=True)
    assert job.status == JobStatus.FAILED
    assert job.attempts == 1
    assert job.last_error == "refused on run 1"


def test_retry_of_a_failed_job_gets_all_its_attempts_again(env: JobEnv, tmp_path: Path):
    counter = tmp_path / "runs"
    job = enqueue(env, "test_flaky", counter=str(counter), failures=4)
    assert job.status == JobStatus.FAILED
    again = retry_job(env, job.id, actor_id=None)
    assert again.id == job.id
    assert again.status == JobStatus.SUCCEEDED
    assert again.attempts == 2  # runs 4 (fails) and 5 (works)
    with pytest.raises(Conflict, match="succeeded already"):
        retry_job(env, job.id)
    with pytest.raises(NotFound):
        retry_job(env, 999)


def test_a_persons_retry_is_audited(env: JobEnv, tmp_path: Path, app: Flask):
    from tests import factories

    with env.db.write() as session:
        user = factories.make_user(session, username="ed")
    job = enqueue(env, "test_flaky", counter=str(tmp_path / "c"), failures=3, actor_id=user.id)
    assert job.enqueued_by_id == user.id
    retry_job(env, job.id, actor_id=user.id)
    with env.db.session() as session:
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "job.retried")).all()
    assert (event.object_id, event.actor_id) == (job.id, user.id)


def test_backoff_uses_the_configured_steps_and_repeats_the_last(tmp_path: Path):
    from onrecord.config import load_settings

    settings = load_settings({"job_retry_backoff_s": "10,60"}, environ={})
    assert [backoff_s(settings, n) for n in (1, 2, 3, 4)] == [10, 60, 60, 60]


def test_in_process_retries_wait_but_briefly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    waits: list[float] = []
    monkeypatch.setattr("onrecord.jobs.runner.time.sleep", waits.append)
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'w.db'}", job_retry_backoff_s=(0, 300))
    job = enqueue(app, "test_flaky", counter=str(tmp_path / "c"), failures=2)
    assert job.status == JobStatus.SUCCEEDED
    assert waits == [0, 1.0]  # 300 s would hold a request: in-process waits at most 1 s
    app.extensions["onrecord.db"].dispose()


def test_a_pending_key_gives_the_pending_job(env: JobEnv, tmp_path: Path):
    job, created = ops.create_job(
        env.db, kind="test_flaky", key="k", params={}, max_attempts=3, actor_id=None
    )
    assert created
    same, created_again = ops.create_job(
        env.db, kind="test_flaky", key="k", params={}, max_attempts=3, actor_id=None
    )
    assert (same.id, created_again) == (job.id, False)
    # enqueue with that key returns the pending job and runs nothing
    counter = tmp_path / "runs"
    pending = enqueue(env, "test_flaky", key="k", counter=str(counter), failures=0)
    assert pending.id == job.id
    assert pending.status == JobStatus.QUEUED
    assert not counter.exists()


def test_claiming_is_exclusive(env: JobEnv):
    job, _ = ops.create_job(env.db, kind="rebuild_index", key="x", params={}, max_attempts=1)
    assert ops.claim_job(env.db, job.id) is not None
    assert ops.claim_job(env.db, job.id) is None  # running: a second claimer gets nothing
    ops.finish_job(env.db, job.id, {})
    assert ops.claim_job(env.db, job.id) is None


def _age(env: JobEnv, job_id: int, **fields: object) -> None:
    with env.db.write() as session:
        row = session.get(Job, job_id)
        assert row is not None
        for name, value in fields.items():
            setattr(row, name, value)
        session.add(row)


def test_an_abandoned_running_job_runs_again_without_duplicates(env: JobEnv, tmp_path: Path):
    marker = tmp_path / "marker"
    marker.write_text("1")  # as if a first run had started (and its worker died)
    job, _ = ops.create_job(
        env.db,
        kind="test_slow_ingest",
        key="slow",
        params={"marker": str(marker), "sleep_s": 0},
        max_attempts=3,
    )
    assert ops.claim_job(env.db, job.id) is not None
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=env.settings.job_timeout_s + 5)
    _age(env, job.id, started_at=long_ago)
    fresh, _ = ops.create_job(env.db, kind="rebuild_index", key="fresh", params={}, max_attempts=1)
    assert ops.claim_job(env.db, fresh.id) is not None  # running, but within its timeout

    assert requeue_abandoned(env) == [job.id]
    with env.db.session() as session:
        done = session.get(Job, job.id)
        still = session.get(Job, fresh.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.attempts == 2
    assert still.status == JobStatus.RUNNING
    assert count_rows(env.db, Source) == 1
    assert requeue_abandoned(env) == []
    assert count_rows(env.db, Source) == 1


def test_an_abandoned_job_on_its_last_attempt_is_failed(env: JobEnv):
    job, _ = ops.create_job(env.db, kind="rebuild_index", key="r", params={}, max_attempts=1)
    ops.claim_job(env.db, job.id)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=env.settings.job_timeout_s + 5)
    _age(env, job.id, started_at=long_ago)
    assert requeue_abandoned(env) == []
    with env.db.session() as session:
        row = session.get(Job, job.id)
    assert row.status == JobStatus.FAILED
    assert "abandoned" in row.last_error


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_redis_gone_runs_the_job_in_process_and_says_so(tmp_path: Path):
    """Decision (docs/jobs.md): when Redis cannot be reached the job runs in-process."""
    port = _closed_port()
    app = make_test_app(
        tmp_path, f"sqlite:///{tmp_path / 'r.db'}", redis_url=f"redis://127.0.0.1:{port}/5"
    )
    env = job_env(app)
    job = enqueue(env, "test_flaky", counter=str(tmp_path / "c"), failures=0)
    assert job.status == JobStatus.SUCCEEDED
    assert job.rq_job_id is None
    assert job.result["mode"].startswith("in-process (Redis unavailable: ")
    assert str(port) in job.result["mode"] or "refused" in job.result["mode"].lower()
    env.db.dispose()
