"""The job table's guarantees on SQLite and PostgreSQL: one active job per key,
finished jobs kept as history, exclusive claims; the scheduler loop."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from onrecord.jobs import enqueue, job_env
from onrecord.jobs import operations as ops
from onrecord.jobs.scheduler import run_scheduler
from onrecord.models import Job, JobStatus


def test_one_active_job_per_key_and_finished_ones_stay(any_app: Flask):
    db = job_env(any_app).db
    first, created = ops.create_job(db, kind="rebuild_index", key="k", params={}, max_attempts=2)
    assert created
    with pytest.raises(sa.exc.IntegrityError), db.write() as session:
        session.add(Job(kind="rebuild_index", key="k", active_key="k"))
    ops.finish_job(db, first.id, {"ok": True})
    second, created = ops.create_job(db, kind="rebuild_index", key="k", params={}, max_attempts=2)
    assert created
    assert second.id != first.id
    ops.fail_job(db, second.id, "boom", retry=False)
    third, _ = ops.create_job(db, kind="rebuild_index", key="k", params={}, max_attempts=2)
    with db.session() as session:
        rows = session.exec(sa.select(Job.status).where(Job.key == "k").order_by(Job.id)).all()
    assert [r[0] for r in rows] == [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.QUEUED]
    assert ops.find_pending(db, "k").id == third.id


def test_claims_are_exclusive_across_threads(any_app: Flask):
    db = job_env(any_app).db
    job, _ = ops.create_job(db, kind="rebuild_index", key="race", params={}, max_attempts=1)
    barrier = threading.Barrier(4)
    won: list[bool] = []

    def claim() -> None:
        barrier.wait()
        won.append(ops.claim_job(db, job.id) is not None)

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == [False, False, False, True]


def test_rebuild_index_job(any_app: Flask):
    job = enqueue(any_app, "rebuild_index")
    assert job.status == JobStatus.SUCCEEDED, job.last_error
    assert job.result["statements"] == 0


def test_the_scheduler_asks_once_per_bucket(app: Flask, monkeypatch: pytest.MonkeyPatch):
    stop = threading.Event()
    ticks: list[int] = []
    original = ops.create_job

    def counting(*args, **kwargs):
        ticks.append(1)
        if len(ticks) >= 3:
            stop.set()
        return original(*args, **kwargs)

    monkeypatch.setattr(ops, "create_job", counting)
    run_scheduler(app, stop, tick_s=0.01)
    with job_env(app).db.session() as session:
        jobs = session.exec(sa.select(Job)).all()
    assert len(ticks) == 3
    assert len(jobs) == 1  # three ticks in one interval: one poll


def test_racing_schedulers_poll_once(app: Flask):
    """Four ticks at once in one bucket: one poll job, whichever order they commit in."""
    from onrecord.jobs.scheduler import schedule_tick

    barrier = threading.Barrier(4)
    seen: list[int] = []

    def tick() -> None:
        barrier.wait()
        seen.append(schedule_tick(app).id)

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with job_env(app).db.session() as session:
        jobs = session.exec(sa.select(Job)).all()
    assert len(jobs) == 1
    assert set(seen) == {jobs[0][0].id}
    assert jobs[0][0].active_key == jobs[0][0].key  # held for good: once per key


def test_a_once_per_key_job_holds_its_key_after_finishing(app: Flask):
    env = job_env(app)
    done = enqueue(env, "poll_feeds", bucket="b1")
    assert done.status == JobStatus.SUCCEEDED
    assert done.active_key == "poll_feeds:b1"
    # a racer that missed the finished row in its first look still gets it
    again, created = ops.create_job(
        env.db, kind="poll_feeds", key="poll_feeds:b1", params={"bucket": "b1"}, max_attempts=1
    )
    assert (again.id, created) == (done.id, False)
