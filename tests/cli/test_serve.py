"""``onrecord serve --production``: gunicorn settings, refusals, and a real gunicorn on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from onrecord import gunicorn_conf
from onrecord.cli import main
from onrecord.migrations import head_revision

STRONG_KEY = "4b1f9e0c7a3d2e8f6b5a9c1d0e7f3a2b8c4d6e1f0a9b7c5d3e2f1a0b9c8d7e6f"
PORTS = range(8200, 8300)
Run = Callable[..., Result]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"),
        "ONRECORD_DATABASE_URL": "",
        "ONRECORD_SECRET_KEY": STRONG_KEY,
    }


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    runner = CliRunner()

    def _run(*args: str, **extra_env: str) -> Result:
        return runner.invoke(main, list(args), env={**env, **extra_env}, catch_exceptions=False)

    return _run


def _options(output: str) -> dict[str, str]:
    return dict(line.split(" = ", 1) for line in output.strip().splitlines())


def test_dry_run_prints_the_gunicorn_settings(run: Run) -> None:
    assert run("db", "upgrade").exit_code == 0
    result = run(
        "serve", "--production", "--dry-run", "--port", "8288", "--workers", "3",
        ONRECORD_WEB_THREADS="6", ONRECORD_WEB_TIMEOUT_S="45", ONRECORD_LOG_LEVEL="WARNING",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    options = _options(result.output)
    assert options["bind"] == "['127.0.0.1:8288']"
    assert options["workers"] == "3"
    assert options["threads"] == "6"
    assert options["worker_class"] == "'gthread'"
    assert options["timeout"] == options["graceful_timeout"] == "45"
    assert options["max_requests"] == "1000"
    assert options["max_requests_jitter"] == "100"
    assert options["loglevel"] == "'warning'"
    assert options["secure_scheme_headers"] == "{}"
    assert "x-request-id" in options["access_log_format"]


def test_default_workers_follow_the_cores() -> None:
    assert gunicorn_conf.default_workers(1) == 3
    assert gunicorn_conf.default_workers(2) == 5
    assert gunicorn_conf.default_workers(16) == gunicorn_conf.MAX_DEFAULT_WORKERS


@pytest.mark.parametrize(
    ("extra_env", "message"),
    [
        ({"ONRECORD_SECRET_KEY": ""}, "Error: production mode needs ONRECORD_SECRET_KEY"),
        ({"ONRECORD_SECRET_KEY": "changeme"}, "Error: ONRECORD_SECRET_KEY is too weak"),
        ({"ONRECORD_DEBUG": "true"}, "Error: production mode refuses ONRECORD_DEBUG=true"),
    ],
)
def test_production_refuses_unsafe_settings(
    run: Run, extra_env: dict[str, str], message: str, env: dict[str, str]
) -> None:
    result = run("serve", "--production", "--dry-run", **extra_env)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert not (Path(env["ONRECORD_INSTANCE_PATH"]) / "secret_key").exists()


def test_production_refuses_a_missing_or_unmigrated_database(run: Run, env: dict[str, str]) -> None:
    database = Path(env["ONRECORD_INSTANCE_PATH"]) / "onrecord.db"
    missing = run("serve", "--production", "--dry-run")
    assert missing.exit_code == 1
    assert missing.output.strip() == (
        f"Error: database: no database file at {database}; run `onrecord db upgrade`"
    )
    database.parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(database).close()
    empty = run("serve", "--production", "--dry-run")
    assert empty.exit_code == 1
    assert empty.output.strip() == (
        "Error: migrations: the database has no tables yet; run `onrecord db upgrade`"
    )


def test_dev_options_need_production(run: Run) -> None:
    result = run("serve", "--workers", "2")
    assert result.exit_code == 2
    assert "need --production" in result.output


def test_config_file_turns_production_on_unless_told_otherwise(env: dict[str, str]) -> None:
    options = gunicorn_conf.config_file_options(env)
    assert options["raw_env"] == ["ONRECORD_PRODUCTION=true"]
    assert options["bind"] == [gunicorn_conf.DEFAULT_BIND]
    options["on_starting"](None)  # a strong key and debug off: nothing to refuse
    explicit = gunicorn_conf.config_file_options({**env, "ONRECORD_PRODUCTION": "false"})
    assert explicit["raw_env"] == []
    unsafe = gunicorn_conf.config_file_options({**env, "ONRECORD_SECRET_KEY": ""})
    with pytest.raises(SystemExit, match="production mode needs ONRECORD_SECRET_KEY"):
        unsafe["on_starting"](None)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8200-8299")


@pytest.fixture
def server_env(env: dict[str, str], run: Run) -> dict[str, str]:
    assert run("db", "upgrade").exit_code == 0
    return {
        **os.environ,
        **env,
        "ONRECORD_WEB_WORKERS": "2",
        "ONRECORD_WEB_THREADS": "2",
        "ONRECORD_LOG_FORMAT": "json",
    }


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]


@pytest.fixture
def serve(tmp_path: Path, server_env: dict[str, str]) -> Iterator[Callable[[list[str]], Server]]:
    """``serve(command)`` starts a server on a free port and waits until /healthz answers."""
    processes: list[subprocess.Popen[bytes]] = []

    def _serve(command: list[str]) -> Server:
        port = _free_port()
        argv = [arg.replace("{port}", str(port)) for arg in command]
        with (tmp_path / "server.log").open("wb") as log:
            process = subprocess.Popen(argv, env=server_env, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log = (tmp_path / "server.log").read_text()
                pytest.fail(f"server exited with {process.returncode}:\n{log}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return Server(base, process)
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail("server did not answer /healthz within 60 s")

    yield _serve
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)


SERVE = [sys.executable, "-m", "onrecord.cli", "serve", "--production", "--port", "{port}"]
GUNICORN = [
    sys.executable, "-m", "gunicorn", "-c", "python:onrecord.gunicorn_conf",
    "--bind", "127.0.0.1:{port}", "onrecord.app:create_app()",
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("command", [SERVE, GUNICORN], ids=["onrecord-serve", "plain-gunicorn"])
def test_gunicorn_serves_health_and_readiness_and_stops_gracefully(
    serve: Callable[[list[str]], Server], command: list[str], tmp_path: Path
) -> None:
    server = serve(command)
    health = httpx.get(f"{server.base}/healthz", headers={"X-Request-ID": "probe-1"})
    assert health.json() == {"status": "ok"}
    assert health.headers["X-Request-ID"] == "probe-1"
    ready = httpx.get(f"{server.base}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["migrations"]["current"] == head_revision()
    # Production mode: the session cookie the login form sets is HTTPS-only.
    login = httpx.get(f"{server.base}/login")
    assert login.status_code == 200
    assert "secure" in [part.strip().lower() for part in login.headers["set-cookie"].split(";")]
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(30) == 0
    # ONRECORD_LOG_FORMAT=json: gunicorn's messages and the app's are JSON lines alike.
    log_lines = (tmp_path / "server.log").read_text().splitlines()
    records = [json.loads(line) for line in log_lines if line.startswith("{")]
    others = [line for line in log_lines if not line.startswith("{")]
    assert all(line.startswith("onrecord is serving on") for line in others), others
    messages = [r["message"] for r in records]
    assert any(m.startswith("Starting gunicorn") for m in messages)
    [login_line] = [r for r in records if r.get("path") == "/login"]
    assert login_line["status"] == 200
    assert login_line["logger"] == "onrecord.request"
