"""Background jobs: RQ on Redis when ``redis_url`` is set, in-process otherwise.

Use :func:`enqueue` to ask for work; the job table records every job in both
modes. Job functions never import Flask: they get a :class:`JobContext` with
the settings and a database. See docs/jobs.md.
"""

from __future__ import annotations

from onrecord.jobs.context import JobContext, JobEnv, job_env
from onrecord.jobs.kinds import enqueue_matching, poll_bucket, statements_of_sources, stored_ids
from onrecord.jobs.queue import enqueue, requeue_abandoned, retry_job
from onrecord.jobs.registry import JobKind, UnknownJobKind, get_kind, job_kind, kinds, register_kind

__all__ = [
    "JobContext",
    "JobEnv",
    "JobKind",
    "UnknownJobKind",
    "enqueue",
    "enqueue_matching",
    "get_kind",
    "job_env",
    "job_kind",
    "kinds",
    "poll_bucket",
    "register_kind",
    "requeue_abandoned",
    "retry_job",
    "statements_of_sources",
    "stored_ids",
]
