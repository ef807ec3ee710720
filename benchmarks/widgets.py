"""Widget serving speed: gunicorn with several workers, loaded by wrk on loopback.

Makes a temporary SQLite database with the migrations and one published verdict,
starts gunicorn on a loopback port with the production worker settings
(``onrecord.gunicorn_conf``: gthread workers, 2 x cores + 1 processes of 4
threads, keep-alive), warms up, and loads ``/embed/reviews/<id>`` with wrk in
three ways:

- ``render``: a plain GET on an app whose widget caches are off, so every
  request queries and renders the full widget (the cold path; loaded with 2
  connections per worker, as more would only queue);
- ``cached 304``: a GET with ``If-None-Match`` of the current ETag, as browsers
  and CDNs revalidate (no rendering, empty 304; the validator is read at most
  once a second per process);
- ``cached 200``: a plain GET answered from the per-process rendered cache.

It prints requests/s, p50/p99 latency, errors (socket errors and non-2xx/3xx
answers) and the server's CPU time per request (gunicorn master and workers,
from /proc; less sensitive to other load on the machine than requests/s) for
each. Target: >= 2,000 requests/s with 0 errors for a cached widget on a
2-core machine. Needs ``wrk`` (Debian package ``wrk``).

    .venv/bin/python benchmarks/widgets.py [--workers 5] [--threads 4]
        [--worker-class gthread|sync] [--connections 64] [--seconds 10]

``--worker-class sync`` (no keep-alive: a new connection per request) was the
setting of the first measurements.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from flask import Flask
from proc_stats import cpu_seconds  # benchmarks/ is the script folder

from onrecord.app import create_app
from onrecord.db import Database
from onrecord.gunicorn_conf import default_workers
from onrecord.migrations import upgrade
from onrecord.models import Review, ReviewState, Source, Speaker, Statement, utcnow
from onrecord.pipeline.text import content_hash
from onrecord.web.embed.caching import RenderedCache, ValidatorCache

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
PORTS = (8150, 8151)  # our range is 8100-8199
QUOTE = "“We will not raise taxes on working families,”"


def uncached_app() -> Flask:
    """The app with its widget caches turned off (gunicorn loads this for ``render``)."""
    app = create_app()
    app.extensions["onrecord.embed_cache"] = RenderedCache(size=0)
    app.extensions["onrecord.embed_validators"] = ValidatorCache(ttl_s=0)
    return app


def seed(database_url: str) -> int:
    """One published verdict with its statement, speaker and source; returns the review id."""
    upgrade(database_url)
    db = Database(database_url)
    text = f"OSTREL – The finance minister spoke on Monday. {QUOTE} Anna Varga told reporters."
    with db.write() as session:
        speaker = Speaker(name="Anna Varga", slug="anna-varga")
        source = Source(title="Varga on taxes", text=text, content_hash=content_hash(text))
        session.add_all([speaker, source])
        session.flush()
        start = text.index(QUOTE)
        statement = Statement(
            source_id=source.id,  # type: ignore[arg-type]
            speaker_id=speaker.id,
            text=QUOTE,
            kind="direct",  # type: ignore[arg-type]
            start=start,
            end=start + len(QUOTE),
        )
        session.add(statement)
        session.flush()
        review = Review(
            statement_id=statement.id,  # type: ignore[arg-type]
            state=ReviewState.PUBLISHED,
            label="Mostly False",
            rating_value=3,
            summary="Anna Varga says taxes on working families will not rise.",
            explanation="The budget raises the **income tax** of the lowest band by one point.",
            published_at=utcnow(),
        )
        session.add(review)
        session.flush()
        review_id = review.id
    db.dispose()
    assert review_id is not None
    return review_id


def start_gunicorn(
    port: int, factory: str, args: argparse.Namespace, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    """gunicorn on 127.0.0.1:``port`` serving ``factory``; returns once it answers."""
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers),
            "--worker-class", args.worker_class,
            "--threads", str(args.threads),
            "--keep-alive", "5",
            "--no-control-socket",
            "--pythonpath", str(HERE),
            "--log-level", "warning",
            factory,
        ],
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn did not start on port {port}")


def wrk(url: str, seconds: int, connections: int, headers: list[str] = ()) -> dict[str, str]:  # type: ignore[assignment]
    """Run wrk and pick requests/s, p50, p99 and errors out of its report."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    found = {
        "rps": re.search(r"Requests/sec:\s+([\d.]+)", out),
        "p50": re.search(r"^\s+50%\s+(\S+)", out, re.M),
        "p99": re.search(r"^\s+99%\s+(\S+)", out, re.M),
        "requests": re.search(r"(\d+) requests in", out),
    }
    result = {name: (match[1] if match else "?") for name, match in found.items()}
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = sum(int(n) for n in socket.groups()) if socket else 0
    result["errors"] = str(errors + (int(non_2xx[1]) if non_2xx else 0))
    return result


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.headers["ETag"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (Debian), then run again.")
    with tempfile.TemporaryDirectory(prefix="onrecord-widgets-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'widgets.db'}"
        review_id = seed(url)
        env = {
            **os.environ,
            "ONRECORD_DATABASE_URL": url,
            "ONRECORD_SECRET_KEY": "benchmark-secret-key-not-for-production-use-0123456789",
            "ONRECORD_INSTANCE_PATH": str(Path(tmp) / "instance"),
            "ONRECORD_LOG_LEVEL": "WARNING",
        }
        path = f"/embed/reviews/{review_id}"
        threads = f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        print(f"gunicorn: {args.workers} {args.worker_class} workers{threads}; wrk: 2 threads, "
              f"{args.connections} connections, {args.seconds} s per run; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        print(
            f"{'case':<12} {'requests/s':>11} {'p50':>9} {'p99':>9} {'requests':>9} {'errors':>7}"
            f" {'server CPU/request':>19}"
        )
        runs: list[tuple[str, str, list[str]]] = []
        for name, factory, port in (
            ("render", "widgets:uncached_app()", PORTS[0]),
            ("cached", "onrecord.app:create_app()", PORTS[1]),
        ):
            server = start_gunicorn(port, factory, args, env)
            try:
                target = f"http://127.0.0.1:{port}{path}"
                wrk(target, 2, 2 * args.workers)  # warm up every worker
                if name == "render":
                    # Rendering is slow: more connections than workers would only queue.
                    runs = [("render", target, [])]
                else:
                    etag = etag_of(target)
                    runs = [
                        ("cached 304", target, [f"If-None-Match: {etag}"]),
                        ("cached 200", target, []),
                    ]
                for label, target_url, headers in runs:
                    connections = 2 * args.workers if label == "render" else args.connections
                    before = cpu_seconds(server.pid)
                    r = wrk(target_url, args.seconds, connections, headers)
                    after = cpu_seconds(server.pid)
                    cpu = "?"
                    if before is not None and after is not None and r["requests"].isdigit():
                        cpu = f"{(after - before) / int(r['requests']) * 1e6:.0f} us"
                    print(f"{label:<12} {r['rps']:>11} {r['p50']:>9} {r['p99']:>9} "
                          f"{r['requests']:>9} {r['errors']:>7} {cpu:>19}")  # fmt: skip
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
