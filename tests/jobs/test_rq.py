"""Jobs on RQ with the real Redis: a worker runs them, retries them, and reruns a job
whose worker was killed, without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlmodel import select

from onrecord.config import load_settings
from onrecord.db import Database
from onrecord.jobs import JobEnv, enqueue, job_env
from onrecord.jobs.queue import rq_queue
from onrecord.jobs.runner import configure_worker
from onrecord.models import Job, JobStatus, Source
from tests.jobs.rq_support import (
    CLI,
    REPO,
    clean_queue,
    cli_env,
    migrated_sqlite,
    queue_name,
    redis_url,
    run_cli,
)
from tests.web.rows import count_rows


@pytest.fixture
def redis() -> str:
    return redis_url()


@pytest.fixture
def queue(redis: str) -> Iterator[str]:
    name = queue_name()
    yield name
    clean_queue(redis, name)


@pytest.fixture
def rq_env(tmp_path: Path, redis: str, queue: str) -> Iterator[JobEnv]:
    """Settings for RQ mode on a migrated SQLite file; the in-test worker uses them."""
    settings = load_settings(
        {
            "database_url": migrated_sqlite(tmp_path),
            "redis_url": redis,
            "job_queue": queue,
            "job_retry_backoff_s": "0",
            "instance_path": str(tmp_path / "instance"),
        },
        environ={},
    )
    configure_worker(settings)
    env = job_env(settings)
    yield env
    configure_worker(None)
    env.db.dispose()


def _work(env: JobEnv) -> None:
    """Run a burst of jobs in this process (RQ's SimpleWorker: no fork)."""
    conn = Redis.from_url(env.settings.redis_url)
    SimpleWorker([env.settings.job_queue], connection=conn).work(burst=True, with_scheduler=False)
    conn.close()


def _job(db: Database, job_id: int) -> Job:
    with db.session() as session:
        job = session.get(Job, job_id)
    assert job is not None
    return job


def test_enqueue_goes_to_rq_and_a_worker_runs_it(rq_env: JobEnv, tmp_path: Path):
    job = enqueue(rq_env, "test_flaky", counter=str(tmp_path / "c"), failures=0)
    assert job.status == JobStatus.QUEUED
    assert job.rq_job_id
    assert rq_queue(rq_env.settings).get_job_ids() == [job.rq_job_id]
    # asked again while queued: the same job, nothing more in the queue
    assert enqueue(rq_env, "test_flaky", counter=str(tmp_path / "c"), failures=0).id == job.id
    assert len(rq_queue(rq_env.settings)) == 1
    _work(rq_env)
    done = _job(rq_env.db, job.id)
    assert done.status == JobStatus.SUCCEEDED
    assert done.result == {"runs": 1}
    assert done.attempts == 1


def test_rq_retries_then_records_the_failure(rq_env: JobEnv, tmp_path: Path):
    works = enqueue(rq_env, "test_flaky", counter=str(tmp_path / "a"), failures=1)
    fails = enqueue(rq_env, "test_flaky", counter=str(tmp_path / "b"), failures=9)
    refused = enqueue(rq_env, "test_flaky", counter=str(tmp_path / "r"), failures=9, refuse=True)
    _work(rq_env)
    assert _job(rq_env.db, works.id).status == JobStatus.SUCCEEDED
    assert _job(rq_env.db, works.id).attempts == 2
    failed = _job(rq_env.db, fails.id)
    assert failed.status == JobStatus.FAILED
    assert failed.attempts == 3
    assert "boom on run 3" in failed.last_error
    assert (tmp_path / "b").read_text() == "3"
    gave_up = _job(rq_env.db, refused.id)
    assert (gave_up.status, gave_up.attempts) == (JobStatus.FAILED, 1)


@pytest.mark.parametrize("flags", [[], ["--no-fork"]])
def test_onrecord_worker_burst_runs_queued_jobs(
    rq_env: JobEnv, tmp_path: Path, queue: str, flags: list[str]
):
    job = enqueue(rq_env, "test_flaky", counter=str(tmp_path / "c"), failures=0)
    env = cli_env(tmp_path, rq_env.settings.database_url, rq_env.settings.redis_url, queue)
    result = run_cli(["worker", "--burst", *flags], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _job(rq_env.db, job.id).status == JobStatus.SUCCEEDED


def _wait_for(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def test_a_job_whose_worker_is_killed_reruns_without_duplicates(
    rq_env: JobEnv, tmp_path: Path, queue: str
):
    marker = tmp_path / "marker"
    job = enqueue(rq_env, "test_slow_ingest", marker=str(marker), sleep_s=60)
    env = cli_env(
        tmp_path,
        rq_env.settings.database_url,
        rq_env.settings.redis_url,
        queue,
        ONRECORD_JOB_TIMEOUT_S="3",
    )
    worker = subprocess.Popen(
        [*CLI, "worker"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(marker.exists, 60)
        assert _job(rq_env.db, job.id).status == JobStatus.RUNNING
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-job
        worker.wait(10)
    assert count_rows(rq_env.db, Source) == 0
    time.sleep(3.5)  # past the job timeout: the job cannot be alive any more

    result = run_cli(["worker", "--burst"], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Queued abandoned job {job.id} again." in result.stdout
    done = _job(rq_env.db, job.id)
    assert done.status == JobStatus.SUCCEEDED, done.last_error
    assert done.attempts == 2
    assert marker.read_text() == "2"
    assert count_rows(rq_env.db, Source) == 1
    # once more: nothing abandoned, nothing stored twice
    again = run_cli(["worker", "--burst"], env)
    assert "abandoned" not in again.stdout
    assert count_rows(rq_env.db, Source) == 1
    with rq_env.db.session() as session:
        assert len(session.exec(select(Job)).all()) == 1
