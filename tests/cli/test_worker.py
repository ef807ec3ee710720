"""`onrecord worker`, `scheduler` and `jobs`, run in-process with click's runner."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlmodel import select

from onrecord.cli import main
from onrecord.config import load_settings
from onrecord.jobs import enqueue, job_env
from onrecord.models import Job, JobStatus
from tests.jobs import kinds_for_tests  # noqa: F401  (registers the test-only kinds)

Run = Callable[..., Result]


@pytest.fixture
def env_vars(tmp_path: Path) -> dict[str, str]:
    return {
        "ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"),
        "ONRECORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ONRECORD_JOB_RETRY_BACKOFF_S": "0",
        "ONRECORD_REDIS_URL": "",
    }


@pytest.fixture
def run(env_vars: dict[str, str]) -> Run:
    runner = CliRunner()

    def _run(*args: str, **extra: str) -> Result:
        return runner.invoke(main, list(args), env={**env_vars, **extra}, catch_exceptions=False)

    assert _run("db", "upgrade").exit_code == 0
    return _run


def _env(env_vars: dict[str, str]):
    settings = load_settings({k.removeprefix("ONRECORD_"): v for k, v in env_vars.items()})
    return job_env(settings)


def test_help_lists_the_job_commands(run: Run) -> None:
    output = run("--help").output
    for command in ("worker", "scheduler", "jobs"):
        assert f"  {command} " in output


def test_worker_without_redis_says_no_worker_is_needed(run: Run) -> None:
    result = run("worker", "--burst")
    assert result.exit_code == 1
    assert "jobs run in-process; no worker needed" in result.output


def test_worker_with_redis_gone_says_so(run: Run) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run("worker", "--burst", ONRECORD_REDIS_URL=f"redis://127.0.0.1:{port}/5")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach Redis at ONRECORD_REDIS_URL: ")


def test_jobs_list_shows_failures_with_their_error(run: Run, env_vars, tmp_path: Path) -> None:
    env = _env(env_vars)
    ok = enqueue(env, "test_flaky", counter=str(tmp_path / "a"), failures=0)
    bad = enqueue(env, "test_flaky", counter=str(tmp_path / "b"), failures=5)
    env.db.dispose()
    listing = run("jobs", "list").output.splitlines()
    assert listing[-1] == "0 queued, 0 running, 0 retrying, 1 succeeded, 1 failed."
    rows = [line.split() for line in listing if line[:5].strip().isdigit()]
    assert [(int(r[0]), r[1]) for r in rows] == [(bad.id, "failed"), (ok.id, "succeeded")]
    failed = run("jobs", "list", "--failed").output
    assert f"{bad.id:>5}  failed" in failed
    assert "error: RuntimeError: boom on run 3" in failed
    assert f"{ok.id:>5}" not in failed.splitlines()[0]


def test_jobs_retry(run: Run, env_vars, tmp_path: Path) -> None:
    env = _env(env_vars)
    bad = enqueue(env, "test_flaky", counter=str(tmp_path / "b"), failures=3)
    assert bad.status == JobStatus.FAILED
    result = run("jobs", "retry", str(bad.id))
    assert result.exit_code == 0
    assert result.output.strip() == f"Job {bad.id} (test_flaky): succeeded."
    again = run("jobs", "retry", str(bad.id))
    assert again.exit_code == 1
    assert again.output.strip() == f"Error: job {bad.id} succeeded already; nothing to retry"
    assert run("jobs", "retry", "999").output.strip() == "Error: there is no job 999"
    env.db.dispose()


def test_scheduler_once_polls_once_per_interval(run: Run, env_vars) -> None:
    first = run("scheduler", "--once")
    assert first.exit_code == 0
    assert first.output.strip() == "Feed poll job 1: succeeded."
    second = run("scheduler", "--once")
    assert second.output.strip() == "Feed poll job 1: succeeded."  # same interval: same job
    env = _env(env_vars)
    with env.db.session() as session:
        job = session.get(Job, 1)
    assert job is not None
    assert job.kind == "poll_feeds"
    assert job.result["feeds"] == 0
    env.db.dispose()


ARTICLE = (
    "Finance Minister Anna Berger defended the budget on Tuesday.\n\n"
    "\u201cWe will not raise taxes this year,\u201d Berger told reporters in the capital.\n\n"
    "The opposition was not convinced.\n"
)


def test_ingest_asks_for_matching_unless_told_not_to(run: Run, env_vars, tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    result = run("ingest", str(first))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(r"Matching [1-9]\d* new statements: job 1\.", lines[-2])
    assert lines[-1] == "Done: 1 ingested."
    second = tmp_path / "second.txt"
    second.write_text(ARTICLE.replace("Tuesday", "Friday"), encoding="utf-8")
    quiet = run("ingest", "--no-match", str(second))
    assert "Matching" not in quiet.output
    again = run("ingest", str(first))  # a duplicate: nothing new to match
    assert "Matching" not in again.output
    env = _env(env_vars)
    with env.db.session() as session:
        jobs = session.exec(select(Job)).all()
    assert [(j.kind, j.status) for j in jobs] == [("match_statements", JobStatus.SUCCEEDED)]
    env.db.dispose()


def test_jobs_export_writes_the_file(run: Run, env_vars, tmp_path: Path) -> None:
    result = run("jobs", "export", "json")
    assert result.exit_code == 0
    match = re.fullmatch(r"Export job 1: succeeded: (.+\.json)\.", result.output.strip())
    assert match is not None
    path = Path(match.group(1))
    assert path.parent == tmp_path / "instance" / "exports"
    assert path.read_text(encoding="utf-8") == "[]\n"
    assert run("jobs", "export", "xml").exit_code == 2
