"""The feed-poll schedule: ask for a ``poll_feeds`` job once per poll interval.

Every tick asks for the job of the current time bucket. The bucket is part of
the job's idempotency key and ``poll_feeds`` is a once-per-key kind, so two
schedulers (two workers started with ``--with-scheduler``, or a scheduler
restarted within an interval) never poll twice in one bucket.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from onrecord.jobs.context import job_env
from onrecord.jobs.kinds import poll_bucket
from onrecord.jobs.queue import enqueue
from onrecord.models import Job

log = logging.getLogger("onrecord.jobs")
#: How often the loop wakes to look at the clock; a bucket is never missed by more.
TICK_S = 30.0


def schedule_tick(target: Any) -> Job:
    """Ask for this bucket's feed poll (a no-op when it was asked for already)."""
    env = job_env(target)
    return enqueue(env, "poll_feeds", bucket=poll_bucket(env.settings))


def run_scheduler(target: Any, stop: threading.Event, *, tick_s: float = TICK_S) -> None:
    """Tick until ``stop`` is set. A failed tick (database or Redis down) is logged, not fatal."""
    env = job_env(target)
    while not stop.is_set():
        try:
            job = schedule_tick(env)
        except Exception as exc:  # keep scheduling through an outage
            log.warning("scheduler tick failed: %s", exc)
        else:
            log.debug("scheduler: poll job %s (%s)", job.id, job.status.value)
        stop.wait(min(tick_s, max(1.0, env.settings.feed_poll_interval_s)))
