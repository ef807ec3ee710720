"""Writes to the job table: the only code that changes a job row.

Each function is one short transaction. A job's state moves
queued → running → succeeded | retrying → running … | failed; claiming a job
is a conditional UPDATE, so two workers handed the same job (a retry racing
an abandoned-job requeue, two schedulers) never both run it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, or_, select

from onrecord.db import Database
from onrecord.models import Job, JobStatus, utcnow
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, NotFound

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING)
#: Longest error text kept on a job row (a traceback's last lines are enough).
MAX_ERROR_CHARS = 4000


def find_pending(db: Database, key: str, *, once_per_key: bool = False) -> Job | None:
    """The active job with ``key`` (or, with ``once_per_key``, any job with it)."""
    with db.session() as session:
        query = select(Job).where(Job.key == key)
        if not once_per_key:
            query = query.where(col(Job.status).in_(ACTIVE))
        return session.exec(query.order_by(col(Job.id).desc())).first()


def create_job(
    db: Database,
    *,
    kind: str,
    key: str,
    params: Mapping[str, Any],
    max_attempts: int,
    actor_id: int | None = None,
    once_per_key: bool = False,
) -> tuple[Job, bool]:
    """Record a new queued job, or return the pending one with the same key.

    Returns ``(job, created)``. The unique ``active_key`` settles a race
    between two callers: the loser gets the winner's job.
    """
    existing = find_pending(db, key, once_per_key=once_per_key)
    if existing is not None:
        return existing, False
    try:
        with db.write() as session:
            job = Job(
                kind=kind,
                key=key,
                active_key=key,
                params=dict(params),
                max_attempts=max(1, max_attempts),
                enqueued_by_id=actor_id,
            )
            session.add(job)
            session.flush()
            return job, True
    except sa.exc.IntegrityError:
        winner = _key_holder(db, key)
        if winner is None:  # finished between the clash and this read: ask again
            return create_job(
                db,
                kind=kind,
                key=key,
                params=params,
                max_attempts=max_attempts,
                actor_id=actor_id,
                once_per_key=once_per_key,
            )
        return winner, False


def _key_holder(db: Database, key: str) -> Job | None:
    """The job holding ``key`` in ``active_key`` (pending, or once-per-key and done)."""
    with db.session() as session:
        return session.exec(select(Job).where(Job.active_key == key)).first()


def set_rq_job_id(db: Database, job_id: int, rq_job_id: str | None) -> None:
    """Remember which RQ job carries this job (None: it runs in-process)."""
    with db.write() as session:
        session.execute(sa.update(Job).where(col(Job.id) == job_id).values(rq_job_id=rq_job_id))


def claim_job(db: Database, job_id: int, *, rq_job_id: str | None = None) -> Job | None:
    """Mark the job running and count the attempt; None when it is not ours to run.

    A queued or retrying job can be claimed. A running one only by the same RQ
    job (its previous attempt was killed by the job timeout); anything else,
    a finished job or one handed to another RQ job, is left alone.
    """
    claimable: sa.ColumnElement[bool] = col(Job.status).in_((JobStatus.QUEUED, JobStatus.RETRYING))
    if rq_job_id is not None:
        same_rq_job = sa.and_(col(Job.status) == JobStatus.RUNNING, col(Job.rq_job_id) == rq_job_id)
        claimable = or_(claimable, same_rq_job)
    with db.write() as session:
        result = session.execute(
            sa.update(Job)
            .where(col(Job.id) == job_id, claimable)
            .values(
                status=JobStatus.RUNNING,
                attempts=col(Job.attempts) + 1,
                started_at=utcnow(),
                finished_at=None,
            )
        )
        if getattr(result, "rowcount", 0) != 1:
            return None
        return session.get(Job, job_id)


def _finished(status: JobStatus, release_key: bool) -> dict[str, Any]:
    values: dict[str, Any] = {"status": status, "finished_at": utcnow()}
    if release_key:
        values["active_key"] = None
    return values


def finish_job(
    db: Database, job_id: int, result: Mapping[str, Any], *, release_key: bool = True
) -> None:
    """Record success and the job's summary; the key is free again.

    ``release_key=False`` (once-per-key kinds) keeps the key taken for good,
    so the unique constraint refuses a second job for the same key even when
    two askers raced past :func:`find_pending`.
    """
    with db.write() as session:
        session.execute(
            sa.update(Job)
            .where(col(Job.id) == job_id)
            .values(result=dict(result), **_finished(JobStatus.SUCCEEDED, release_key))
        )


def fail_job(
    db: Database,
    job_id: int,
    error: str,
    *,
    retry: bool,
    result: Mapping[str, Any] | None = None,
    release_key: bool = True,
) -> None:
    """Record a failed attempt: ``retrying`` (key kept) or ``failed`` for good."""
    values: dict[str, Any] = {"last_error": error[-MAX_ERROR_CHARS:]}
    if result is not None:
        values["result"] = dict(result)
    if retry:
        values["status"] = JobStatus.RETRYING
    else:
        values.update(_finished(JobStatus.FAILED, release_key))
    with db.write() as session:
        session.execute(sa.update(Job).where(col(Job.id) == job_id).values(**values))


def requeue_job(
    db: Database,
    job_id: int,
    *,
    rq_job_id: str | None,
    actor_id: int | None = None,
    fresh_attempts: bool = False,
) -> Job:
    """Queue a job again: a failed one retried by a person, or an abandoned running one.

    ``fresh_attempts`` gives it all its attempts again (a person's retry).
    Raises :class:`NotFound`, or :class:`Conflict` when it succeeded already or
    another job with the same key is pending.
    """
    try:
        with db.write() as session:
            job = session.get(Job, job_id)
            if job is None:
                raise NotFound(f"there is no job {job_id}")
            if job.status == JobStatus.SUCCEEDED:
                raise Conflict(f"job {job_id} succeeded already; nothing to retry")
            job.status, job.active_key, job.rq_job_id = JobStatus.QUEUED, job.key, rq_job_id
            job.finished_at = None
            if fresh_attempts:
                job.attempts = 0
            session.add(job)
            session.flush()
            if actor_id is not None:
                record_event(
                    session,
                    action="job.retried",
                    object_type="job",
                    object_id=job_id,
                    actor_id=actor_id,
                    data={"kind": job.kind, "key": job.key},
                )
            return job
    except sa.exc.IntegrityError:
        pending = _key_holder(db, _key_of(db, job_id))
        which = f" (job {pending.id})" if pending is not None else ""
        raise Conflict(f"another job for the same work is pending{which}") from None


def _key_of(db: Database, job_id: int) -> str:
    with db.session() as session:
        job = session.get(Job, job_id)
        return job.key if job is not None else ""


def abandoned_jobs(db: Database, *, timeout_s: int, now: dt.datetime | None = None) -> list[Job]:
    """Jobs still marked running longer than the job timeout allows (their worker died).

    Also jobs queued in-process (no RQ job) that never started within the
    timeout: the process that owned them stopped before running them.
    """
    cutoff = (now or utcnow()) - dt.timedelta(seconds=timeout_s)
    with db.session() as session:
        running = select(Job).where(
            col(Job.status) == JobStatus.RUNNING, col(Job.started_at) < cutoff
        )
        orphaned = select(Job).where(
            col(Job.status).in_((JobStatus.QUEUED, JobStatus.RETRYING)),
            col(Job.rq_job_id).is_(None),
            col(Job.created_at) < cutoff,
        )
        return [*session.exec(running).all(), *session.exec(orphaned).all()]
