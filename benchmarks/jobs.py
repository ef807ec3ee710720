"""Background job overhead: in-process, and on RQ with `onrecord worker --burst`.

Uses a job kind that does nothing (registered here), so the numbers are the
cost of the job machinery alone: the job row (create, claim, finish), Redis,
and RQ's fork per job. Prints per-job milliseconds in-process, the enqueue
rate with Redis, and how fast one burst worker drains the queue.

    ONRECORD_BENCH_REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/jobs.py [--jobs 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from redis import Redis

from onrecord.config import load_settings
from onrecord.jobs import JobContext, enqueue, job_env, job_kind
from onrecord.migrations import upgrade

REPO = Path(__file__).resolve().parents[1]


@job_kind("bench_noop", label="Does nothing", key=lambda p: f"bench_noop:{p['n']}")
def noop(ctx: JobContext, *, n: int) -> dict[str, int]:
    """Nothing: the job machinery's own cost."""
    return {"n": n}


def in_process(url: str, jobs: int) -> None:
    env = job_env(load_settings({"database_url": url, "redis_url": ""}, environ={}))
    times = []
    for n in range(jobs):
        start = time.perf_counter()
        enqueue(env, "bench_noop", n=n)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"in-process: {jobs} jobs, per job p50 {statistics.median(times):.2f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.2f} ms"
    )


def _cli_env(url: str, redis_url: str, queue: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
    env.update(
        PYTHONPATH=str(REPO),
        ONRECORD_DATABASE_URL=url,
        ONRECORD_REDIS_URL=redis_url,
        ONRECORD_JOB_QUEUE=queue,
        ONRECORD_INSTANCE_PATH=str(tmp / "instance"),
        ONRECORD_SECRET_KEY="bench",
        ONRECORD_LOG_LEVEL="WARNING",
    )
    return env


def _burst(env: dict[str, str], *flags: str) -> float:
    code = "import benchmarks.jobs; from onrecord.cli import main; main()"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, "worker", "--burst", *flags],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def on_rq(url: str, redis_url: str, jobs: int, tmp: Path) -> None:
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    settings = load_settings(
        {"database_url": url, "redis_url": redis_url, "job_queue": queue}, environ={}
    )
    env = job_env(settings)
    cli_env = _cli_env(url, redis_url, queue, tmp)
    for round_, flags in enumerate(([], ["--no-fork"])):
        first = (round_ + 1) * jobs
        start = time.perf_counter()
        for n in range(first, first + jobs):
            enqueue(env, "bench_noop", n=n)
        enqueued = time.perf_counter() - start
        drained = _burst(cli_env, *flags)
        label = " ".join(flags) or "forking, the default"
        print(
            f"RQ: enqueue {jobs / enqueued:.0f} jobs/s; `worker --burst` ({label}) ran "
            f"{jobs} jobs in {drained:.2f} s ({jobs / drained:.0f} jobs/s with start-up)"
        )
    conn = Redis.from_url(redis_url)
    for key in conn.scan_iter(match="rq:job:*"):
        if conn.hget(key, "origin") == queue.encode():
            conn.delete(key, key.decode().replace("rq:job:", "rq:results:", 1))
    for key in conn.scan_iter(match=f"*{queue}*"):
        conn.delete(key)
    conn.srem("rq:queues", f"rq:queue:{queue}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        in_process(url, args.jobs)
        redis_url = os.environ.get("ONRECORD_BENCH_REDIS_URL")
        if redis_url:
            on_rq(url, redis_url, args.jobs, Path(tmp))
        else:
            print("RQ: skipped (set ONRECORD_BENCH_REDIS_URL)")


if __name__ == "__main__":
    main()
