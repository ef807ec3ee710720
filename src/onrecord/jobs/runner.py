"""Running one job: claim it, call its kind, record the outcome.

The same :func:`attempt` serves both modes. In-process, :func:`run_in_process`
loops over the attempts with (short) waits. On RQ, :func:`execute` is the
function the worker calls; it raises on a failed attempt so that RQ's
``Retry`` schedules the next one.

A refusal (:class:`OperationError`: a blocked address, a page that is not an
article) fails the job at once: asking again gives the same answer. Any other
error (database or network trouble, a bug) is retried.
"""

from __future__ import annotations

import enum
import logging
import time
import traceback
from dataclasses import dataclass
from typing import Any

from onrecord.config import Settings
from onrecord.jobs import operations as ops
from onrecord.jobs.context import JobContext, JobEnv, job_env
from onrecord.jobs.registry import get_kind
from onrecord.pipeline.errors import OperationError

log = logging.getLogger("onrecord.jobs")

#: In-process retries wait at most this long: they run inside a request or a command.
IN_PROCESS_MAX_WAIT_S = 1.0
_WORKER_SETTINGS: Settings | None = None


class Outcome(enum.StrEnum):
    """What one attempt did."""

    SUCCEEDED = "succeeded"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # not ours to run (finished already, or claimed by another)


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """The outcome of one attempt, with the error text when it failed."""

    outcome: Outcome
    error: str = ""
    refused: bool = False  # failed on an OperationError: not worth retrying


class JobAttemptFailed(RuntimeError):
    """Raised inside an RQ worker so that RQ retries the job (or records its failure)."""


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, OperationError):
        return str(exc)
    lines = traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip()


def attempt(
    env: JobEnv, job_id: int, *, rq_job_id: str | None = None, note: str = ""
) -> AttemptResult:
    """Run one attempt of job ``job_id`` and record what happened on its row."""
    job = ops.claim_job(env.db, job_id, rq_job_id=rq_job_id)
    if job is None:
        return AttemptResult(Outcome.SKIPPED)
    ctx = JobContext(env=env, job_id=job_id, actor_id=job.enqueued_by_id)
    extra: dict[str, Any] = {"mode": note} if note else {}
    release = releases_key(job.kind)
    try:
        kind = get_kind(job.kind)
        result = kind.run(ctx, **job.params)
    except OperationError as exc:
        ops.fail_job(
            env.db, job_id, str(exc), retry=False, result=extra or None, release_key=release
        )
        log.info("job %s (%s) refused: %s", job_id, job.kind, exc)
        return AttemptResult(Outcome.FAILED, str(exc), refused=True)
    except Exception as exc:
        error = _error_text(exc)
        retry = job.attempts < job.max_attempts
        ops.fail_job(env.db, job_id, error, retry=retry, result=extra or None, release_key=release)
        log.warning("job %s (%s) attempt %s failed: %s", job_id, job.kind, job.attempts, error)
        return AttemptResult(Outcome.RETRY if retry else Outcome.FAILED, error)
    ops.finish_job(env.db, job_id, {**(result or {}), **extra}, release_key=release)
    return AttemptResult(Outcome.SUCCEEDED)


def releases_key(kind_name: str) -> bool:
    """Whether a finished job of this kind frees its key (not for once-per-key kinds)."""
    try:
        return not get_kind(kind_name).once_per_key
    except OperationError:  # an unknown kind: nothing can be asked for under its key
        return True


def backoff_s(settings: Settings, retry_number: int) -> int:
    """Seconds before retry ``retry_number`` (1-based); the last configured value repeats."""
    steps = settings.job_retry_backoff_s or (0,)
    return max(0, steps[min(retry_number, len(steps)) - 1])


def run_in_process(env: JobEnv, job_id: int, *, note: str = "") -> AttemptResult:
    """Run a job here and now, retrying after short waits, until it succeeds or fails."""
    retries = 0
    while True:
        result = attempt(env, job_id, note=note)
        if result.outcome != Outcome.RETRY:
            return result
        retries += 1
        time.sleep(min(IN_PROCESS_MAX_WAIT_S, backoff_s(env.settings, retries)))


def configure_worker(settings: Settings | None) -> None:
    """Set the settings jobs run with in this worker process (None: read the environment)."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def execute(job_id: int) -> dict[str, Any]:
    """Entry point of an RQ job: one attempt of our job ``job_id``.

    Raises :class:`JobAttemptFailed` after a failed attempt that may be
    retried (RQ then schedules the retry or records the failure); a refusal
    or a job that is not ours to run returns normally.
    """
    from rq import get_current_job

    current = get_current_job()
    env = job_env(_WORKER_SETTINGS)
    result = attempt(env, job_id, rq_job_id=current.id if current is not None else None)
    if result.outcome == Outcome.RETRY or (result.outcome == Outcome.FAILED and not result.refused):
        raise JobAttemptFailed(f"job {job_id}: {result.error}")
    return {"job_id": job_id, "outcome": result.outcome.value}
