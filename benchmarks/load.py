"""Load test: a realistic mix against gunicorn at a fixed offered rate, on SQLite and PostgreSQL.

For each database it builds a fresh database with the migrations, seeds it
through the real operations (articles with their statements and speakers,
published verdicts, fact-checkers), starts gunicorn on a loopback port
(8400-8499) and drives it with locust, headless, from
``benchmarks/load_locustfile.py``: 70% widget reads, 20% public pages and API
reads, 10% desk actions and ingestion (see that file): visitors at 5
requests/s each send 90% of the offered rate, a desk of logged-in
fact-checkers (one per seeded account) the other 10%. Each checker logs in
once at the start; the statistics are reset after a warm-up (``--warmup``)
so that those logins are not measured. It prints, per database and per
request group: requests/s, p50, p95, p99 and errors, then the CPU time
gunicorn and locust used during the run (locust runs as one process on the
same cores as the app; its share is load the app did not make). Target: zero
errors and p95 <= 200 ms at 500 requests/s on a 2-core machine.

Routes that are not there (yet) are left out of the mix with a warning. Rate
limits are off for the run: every simulated visitor comes from 127.0.0.1, and
one IP at 500 requests/s is exactly what the limits are meant to stop.

    .venv/bin/pip install -e '.[bench]'        # locust
    .venv/bin/python benchmarks/load.py [--db sqlite|postgres|both] [--rate 500]
        [--seconds 60] [--warmup 10] [--workers 5] [--threads 4]

PostgreSQL needs ``--postgres-url`` or ``$ONRECORD_TEST_POSTGRES_URL`` (a
server to create a throw-away database on; it is dropped afterwards).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from proc_stats import cpu_seconds  # benchmarks/ is the script folder

from onrecord.db import Database
from onrecord.gunicorn_conf import default_workers
from onrecord.migrations import upgrade
from onrecord.models import IngestMethod, ReviewState, Role, Speaker, Statement
from onrecord.pipeline.accounts import passwords
from onrecord.pipeline.accounts.operations import create_user
from onrecord.pipeline.ingest.operations import ingest_text
from onrecord.pipeline.review.operations import import_review

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
PORTS = range(8400, 8500)
PASSWORD = "load-test-password"
USERS = 20
ARTICLES = 40
PUBLIC_PATHS = ["/verdicts/{review}", "/verdicts", "/people/{slug}", "/verdicts.json"]
API_PATHS = ["/api/v1/reviews"]
DESK_PATHS = ["/queue", "/search"]
TOPICS = ["budget", "taxes", "harbour", "schools", "deficit", "housing", "rail", "hospitals"]
NAMES = ["Anna Varga", "Jonas Weller", "Mira Holt", "Tomas Brenner", "Ilse Kovac", "Rui Santos"]


def article(n: int) -> str:
    """A news-style article with three attributed quotes."""
    first, second = NAMES[n % len(NAMES)], NAMES[(n + 1) % len(NAMES)]
    topic, other = TOPICS[n % len(TOPICS)], TOPICS[(n + 3) % len(TOPICS)]
    return (
        f"OSTREL – {first} spoke about the {topic} on Monday, day {n} of the session.\n\n"
        f"“We will not cut the {topic} money this year,” {first} told reporters.\n\n"
        f"{second} disagreed. “The {topic} plan costs {n + 2} billion more than promised,” "
        f"{second.split()[-1]} said.\n\n"
        f"“Nobody has asked about the {other} yet,” {first.split()[-1]} added later."
    )


def seed(url: str) -> dict[str, Any]:
    """Migrate and fill the database; return what the locust users pick from."""
    upgrade(url)
    db = Database(url)
    # Cheap password hashes for the seeded users only: 100 logins at the start of
    # a run would otherwise measure argon2, not the app.
    previous = passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        with db.write() as session:
            users = [f"loadchecker{n}" for n in range(USERS)]
            for name in users:
                create_user(session, username=name, password=PASSWORD, role=Role.FACT_CHECKER)
            for n in range(ARTICLES):
                ingest_text(
                    session,
                    text=article(n),
                    title=f"Session day {n}",
                    url=f"https://ledger.example/day-{n}",
                    method=IngestMethod.PASTE,
                )
            statements = session.scalars(sa.select(Statement).order_by(Statement.id)).all()
            reviews = []
            for statement in statements[::2]:
                review = import_review(
                    session,
                    statement=statement,
                    state=ReviewState.PUBLISHED,
                    label="Mostly False",
                    summary=statement.text[:200],
                    explanation="The budget annex says otherwise.",
                )
                reviews.append(review.id)
            slugs = list(session.scalars(sa.select(Speaker.slug)))
    finally:
        passwords.use_hasher(previous)
        db.dispose()
    return {"reviews": reviews, "slugs": slugs, "users": users, "password": PASSWORD}


def free_port() -> int:
    for port in PORTS:
        with contextlib.closing(socket.socket()) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 8400-8499")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@contextlib.contextmanager
def gunicorn(url: str, args: argparse.Namespace, folder: Path) -> Iterator[tuple[str, int]]:
    """gunicorn serving the app on ``url``; yields its base URL and process id."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
    env.update(
        ONRECORD_DATABASE_URL=url,
        ONRECORD_SECRET_KEY=uuid.uuid4().hex,
        ONRECORD_INSTANCE_PATH=str(folder / "instance"),
        ONRECORD_LOG_LEVEL="WARNING",
        ONRECORD_RATELIMIT_ENABLED="false",
    )
    cmd = [str(VENV_BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", str(args.workers)]
    cmd += ["--threads", str(args.threads), "--worker-class", "gthread", "--keep-alive", "5"]
    cmd += ["--no-control-socket", "--log-level", "warning"]
    log = folder / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*cmd, "onrecord.app:create_app()"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while status(f"{base}/login") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def available(base: str, targets: dict[str, Any]) -> dict[str, Any]:
    """Keep the routes that answer; warn about the others."""
    review, slug = targets["reviews"][0], targets["slugs"][0]

    def present(template: str) -> bool:
        code = status(base + template.format(review=review, slug=slug))
        if code == 404 or code >= 500 or code == 0:
            print(f"warning: {template} answered {code or 'nothing'}; left out of the mix")
            return False
        return True

    if not present("/embed/reviews/{review}"):
        raise SystemExit("the widget route is missing: nothing to measure")
    desk = [p for p in DESK_PATHS if status(base + p) != 404]  # 302 to the login page is fine
    return {
        **targets,
        "public": [p for p in PUBLIC_PATHS + API_PATHS if present(p)],
        "desk": [*desk, "paste"],
    }


#: Share of the offered rate that the desk sends; a paste is two requests (form, POST),
#: and one desk task in five is a paste.
DESK_SHARE = 0.1
REQUESTS_PER_DESK_TASK = 1.2


def run_locust(
    base: str, targets: dict[str, Any], args: argparse.Namespace, folder: Path
) -> tuple[Path, float]:
    """Run locust; returns its statistics file and the CPU seconds it used."""
    targets_file = folder / "targets.json"
    targets_file.write_text(json.dumps(targets))
    checkers = len(targets["users"])
    visitors = max(1, round(args.rate * (1 - DESK_SHARE) / args.user_rate))
    checker_rate = args.rate * DESK_SHARE / checkers / REQUESTS_PER_DESK_TASK
    users = visitors + checkers
    env = {
        **os.environ,
        "ONRECORD_LOAD_TARGETS": str(targets_file),
        "ONRECORD_LOAD_USER_RATE": str(args.user_rate),
        "ONRECORD_LOAD_CHECKERS": str(checkers),
        "ONRECORD_LOAD_CHECKER_RATE": f"{checker_rate:.4f}",
        "ONRECORD_LOAD_WARMUP_S": str(args.warmup),
    }
    prefix = folder / "stats"
    cmd = [
        str(VENV_BIN / "locust"),
        "-f",
        str(HERE / "load_locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(10, users // 2)),
        "--run-time",
        f"{args.seconds + args.warmup + 2}s",
        "--reset-stats",
        "--only-summary",
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with (folder / "locust.log").open("wb") as out:
        subprocess.run(cmd, env=env, check=False, stdout=out, stderr=subprocess.STDOUT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return prefix.with_name("stats_stats.csv"), cpu


def report(name: str, stats: Path, rate: float) -> None:
    with stats.open() as f:
        rows = list(csv.DictReader(f))
    print(f"\n{name}: offered {rate:.0f} requests/s")
    head = ("requests", "count", "req/s", "p50", "p95", "p99", "errors")
    print("  {:<44} {:>7} {:>7} {:>6} {:>6} {:>6} {:>6}".format(*head))
    for row in rows:
        label = "ALL" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"  {label[:44]:<44} {row['Request Count']:>7} {float(row['Requests/s']):>7.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {row['Failure Count']:>6}"
        )


def postgres_database(admin_url: str, prefix: str) -> tuple[str, str]:
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return sa.engine.make_url(admin_url).set(database=name).render_as_string(False), name


def drop_postgres(admin_url: str, name: str) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def measure(name: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    started = time.perf_counter()
    targets = seed(url)
    print(
        f"{name}: seeded {len(targets['reviews'])} published verdicts in "
        f"{time.perf_counter() - started:.1f} s"
    )
    with gunicorn(url, args, folder) as (base, pid):
        targets = available(base, targets)
        server_before, started = cpu_seconds(pid), time.perf_counter()
        stats, locust_cpu = run_locust(base, targets, args, folder)
        server_after, elapsed = cpu_seconds(pid), time.perf_counter() - started
    report(name, stats, args.rate)
    server_cpu = "?"
    if server_before is not None and server_after is not None:
        server_cpu = f"{(server_after - server_before) / elapsed:.2f}"
    print(
        f"  CPU during the run ({elapsed:.0f} s incl. warm-up), in cores: gunicorn "
        f"{server_cpu}, locust {locust_cpu / elapsed:.2f} (of {os.cpu_count()}); "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    server_errors(folder / "gunicorn.log")


def server_errors(log: Path) -> None:
    """The server's own error lines (why a request failed), a few of each kind."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line]
    kinds: dict[str, int] = {}
    for line in lines:
        key = line.split("ERROR", 1)[1][:160]
        kinds[key] = kinds.get(key, 0) + 1
    for key, count in sorted(kinds.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  server log: {count} x ERROR{key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rate", type=float, default=500, help="offered requests/s")
    parser.add_argument("--user-rate", type=float, default=5, help="requests/s per user")
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds")
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds after start-up that are not measured"
    )
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="gunicorn workers (as production)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--postgres-url", default=os.environ.get("ONRECORD_TEST_POSTGRES_URL"))
    parser.add_argument("--db-prefix", default="onrecord_load_", help="PostgreSQL database prefix")
    args = parser.parse_args()
    if shutil.which("locust", path=str(VENV_BIN)) is None:
        raise SystemExit("locust is missing: .venv/bin/pip install -e '.[bench]'")
    print(
        f"load: {args.rate:.0f} requests/s offered for {args.seconds} s; gunicorn "
        f"{args.workers} workers x {args.threads} threads; {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="onrecord-load-") as tmp:
        folder = Path(tmp)
        if args.db in {"sqlite", "both"}:
            (folder / "sqlite").mkdir()
            measure("SQLite", f"sqlite:///{folder / 'sqlite' / 'load.db'}", args, folder / "sqlite")
        if args.db in {"postgres", "both"}:
            if not args.postgres_url:
                print("skipping PostgreSQL: give --postgres-url or set ONRECORD_TEST_POSTGRES_URL")
                return
            url, name = postgres_database(args.postgres_url, args.db_prefix)
            (folder / "postgres").mkdir()
            try:
                measure("PostgreSQL", url, args, folder / "postgres")
            finally:
                drop_postgres(args.postgres_url, name)


if __name__ == "__main__":
    main()
