"""Helpers of the tests that use the real Redis in ONRECORD_TEST_REDIS_URL."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from redis import Redis

from onrecord import migrations

REDIS_ENV = "ONRECORD_TEST_REDIS_URL"
REPO = Path(__file__).resolve().parents[2]
#: Runs the onrecord CLI with the test-only job kinds registered.
CLI = [
    sys.executable,
    "-c",
    "import tests.jobs.kinds_for_tests; from onrecord.cli import main; main()",
]


def redis_url() -> str:
    """The test Redis, or skip with the reason."""
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"RQ tests need {REDIS_ENV} (e.g. redis://127.0.0.1:6379/15)")
    return url


def queue_name() -> str:
    """A queue of this test's own, so tests running at once never share jobs."""
    return f"onrecord-test-{uuid.uuid4().hex[:10]}"


def clean_queue(url: str, queue: str) -> None:
    """Delete what RQ kept for ``queue`` (call when the test ends)."""
    conn = Redis.from_url(url)
    for key in conn.scan_iter(match="rq:job:*"):
        if conn.type(key) == b"hash" and conn.hget(key, "origin") == queue.encode():
            job_id = key.decode().removeprefix("rq:job:")
            conn.delete(key, f"rq:results:{job_id}", f"rq:job:{job_id}:dependents")
    for key in conn.scan_iter(match=f"*{queue}*"):
        conn.delete(key)
    conn.srem("rq:queues", f"rq:queue:{queue}")
    conn.close()


def migrated_sqlite(tmp_path: Path) -> str:
    """A SQLite file migrated to the newest revision (the CLI refuses anything else)."""
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    migrations.upgrade(url)
    return url


def cli_env(tmp_path: Path, database_url: str, redis: str, queue: str, **extra: str) -> dict:
    """The environment of a CLI subprocess: our settings only, the repo importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
    env.update(
        PYTHONPATH=str(REPO),
        ONRECORD_DATABASE_URL=database_url,
        ONRECORD_REDIS_URL=redis,
        ONRECORD_JOB_QUEUE=queue,
        ONRECORD_INSTANCE_PATH=str(tmp_path / "instance"),
        ONRECORD_SECRET_KEY="test-secret-key",
        ONRECORD_JOB_RETRY_BACKOFF_S="0",
        ONRECORD_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``onrecord ARGS`` to the end."""
    return subprocess.run(
        [*CLI, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
