"""Asking for a job: :func:`enqueue` records it and runs it on RQ or in-process.

With ``redis_url`` set the job goes to the RQ queue ``job_queue`` and an
``onrecord worker`` runs it. Without it, or when Redis cannot be reached at
that moment, the job runs right away in the calling process (synchronously:
the caller gets the finished job back), and the job row says why in its
result's ``mode``. Either way the job row is the one place to see it.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from onrecord.config import Settings
from onrecord.jobs import operations as ops
from onrecord.jobs.context import JobEnv, job_env
from onrecord.jobs.registry import get_kind
from onrecord.jobs.runner import backoff_s, execute, releases_key, run_in_process
from onrecord.models import Job, JobStatus

if TYPE_CHECKING:
    from redis import Redis
    from rq import Queue

log = logging.getLogger("onrecord.jobs")
#: Kept short: a web request that finds Redis gone must fall back quickly.
REDIS_CONNECT_TIMEOUT_S = 2.0
REDIS_SOCKET_TIMEOUT_S = 10.0
_CONNECTIONS: dict[tuple[int, str], Redis] = {}
_LOCK = threading.Lock()


def redis_connection(settings: Settings) -> Redis:
    """The Redis client for ``redis_url`` (one per process; connects lazily)."""
    from redis import Redis

    key = (os.getpid(), settings.redis_url)
    with _LOCK:
        conn = _CONNECTIONS.get(key)
        if conn is None:
            conn = _CONNECTIONS[key] = Redis.from_url(
                settings.redis_url,
                socket_connect_timeout=REDIS_CONNECT_TIMEOUT_S,
                socket_timeout=REDIS_SOCKET_TIMEOUT_S,
            )
        return conn


def rq_queue(settings: Settings) -> Queue:
    """The RQ queue jobs go to."""
    from rq import Queue

    return Queue(settings.job_queue, connection=redis_connection(settings))


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    # Parameters are stored as JSON: refuse what JSON cannot hold now, not in the worker.
    try:
        loaded: dict[str, Any] = json.loads(json.dumps(dict(params)))
    except TypeError as exc:
        raise TypeError(f"job parameters must be JSON values: {exc}") from None
    return loaded


def enqueue(
    target: Any,
    kind: str,
    *,
    key: str | None = None,
    actor_id: int | None = None,
    **params: Any,
) -> Job:
    """Ask for a job of ``kind`` with ``params``; return its row.

    ``target`` is the app, a :class:`Settings` or a :class:`JobEnv`. The
    idempotency ``key`` defaults to the kind's own (``ingest_url:<canonical
    url>``...). When a job with that key is pending (or, for once-per-key
    kinds such as a feed poll's time bucket, was ever recorded), that job is
    returned and nothing new is queued. In-process, the returned job has
    finished; on RQ it is usually still queued.
    """
    env = job_env(target)
    job_kind = get_kind(kind)
    plain = _plain(params)
    job, created = ops.create_job(
        env.db,
        kind=kind,
        key=key or job_kind.key(plain),
        params=plain,
        max_attempts=env.settings.job_max_attempts,
        actor_id=actor_id,
        once_per_key=job_kind.once_per_key,
    )
    if created and job.id is not None:
        dispatch(env, job.id)
    return reload(env, job)


def reload(env: JobEnv, job: Job) -> Job:
    """The job's row as it is now."""
    with env.db.session() as session:
        fresh = session.get(Job, job.id)
    return fresh if fresh is not None else job


def dispatch(env: JobEnv, job_id: int) -> None:
    """Send a recorded, queued job to RQ; run it here when there is no Redis to send it to."""
    note = "in-process"
    if env.settings.redis_url:
        rq_job_id = f"onrecord-job-{job_id}-{uuid.uuid4().hex[:8]}"
        ops.set_rq_job_id(env.db, job_id, rq_job_id)
        try:
            _push(env.settings, job_id, rq_job_id)
        except Exception as exc:  # any Redis failure: connection refused, timeout, auth
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            note = f"in-process (Redis unavailable: {reason})"
            log.warning("job %s runs in-process: Redis unavailable: %s", job_id, reason)
            ops.set_rq_job_id(env.db, job_id, None)
        else:
            return
    run_in_process(env, job_id, note=note)


def _push(settings: Settings, job_id: int, rq_job_id: str) -> None:
    from rq import Retry

    retries = max(0, settings.job_max_attempts - 1)
    retry = (
        Retry(max=retries, interval=[backoff_s(settings, n) for n in range(1, retries + 1)])
        if retries
        else None
    )
    rq_queue(settings).enqueue_call(
        execute,
        args=(job_id,),
        job_id=rq_job_id,
        timeout=settings.job_timeout_s,
        result_ttl=24 * 3600,
        failure_ttl=7 * 24 * 3600,
        retry=retry,
        description=f"onrecord job {job_id}",
    )


def retry_job(target: Any, job_id: int, *, actor_id: int | None = None) -> Job:
    """Queue a failed job again with all its attempts (``onrecord jobs retry``, the desk button).

    Raises :class:`~onrecord.pipeline.errors.Conflict` when the job succeeded
    or the same work is pending in another job.
    """
    env = job_env(target)
    job = ops.requeue_job(env.db, job_id, rq_job_id=None, actor_id=actor_id, fresh_attempts=True)
    dispatch(env, job_id)
    return reload(env, job)


def requeue_abandoned(target: Any) -> list[int]:
    """Queue again the jobs whose worker died (``onrecord worker`` does this as it starts).

    A job still running after ``job_timeout_s`` cannot be alive (RQ would have
    killed it), so it is queued again, or recorded as failed when it has used
    all its attempts. Its work is idempotent, so a rerun adds nothing twice.
    Returns the ids queued again.
    """
    env = job_env(target)
    again: list[int] = []
    for job in ops.abandoned_jobs(env.db, timeout_s=env.settings.job_timeout_s):
        if job.id is None:
            continue
        if job.status == JobStatus.RUNNING and job.attempts >= job.max_attempts:
            error = "abandoned: its worker stopped during the last attempt"
            ops.fail_job(env.db, job.id, error, retry=False, release_key=releases_key(job.kind))
            continue
        ops.requeue_job(env.db, job.id, rq_job_id=None)
        log.warning("job %s (%s) was abandoned by its worker; queued again", job.id, job.kind)
        dispatch(env, job.id)
        again.append(job.id)
    return again
