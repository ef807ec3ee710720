"""Ingestion throughput: generated articles from files and from a loopback HTTP server.

Prints articles per second end to end (read or fetch, clean, extract, resolve
speakers, store) and the peak memory of the process. Nothing leaves the
machine: the HTTP server runs on 127.0.0.1 in this process.

    .venv/bin/python benchmarks/ingest.py [--articles 1000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from onrecord.db import Database
from onrecord.migrations import upgrade
from onrecord.models import IngestMethod
from onrecord.pipeline.ingest.articles import read_upload
from onrecord.pipeline.ingest.fetch import FetchPolicy
from onrecord.pipeline.ingest.operations import fetch_article, ingest_items

FIRST = ["Anna", "Jonas", "Mirela", "Teodor", "Lukas", "Eliska", "Henrik", "Viktor", "Petra", "Ivo"]
LAST = ["Varga", "Weller", "Stanek", "Malvik", "Brenner", "Varn", "Sallo", "Sandel", "Lind", "Kral"]
TITLES = ["Finance Minister", "Labour Minister", "Opposition leader", "Senator", "Mayor"]
TOPICS = [
    "the budget",
    "energy prices",
    "the new border treaty",
    "pension reform",
    "rail tolls",
    "the windfall tax",
    "unemployment",
    "housing",
    "the 1968 intervention",
    "school funding",
]
VERBS = ["said", "told reporters", "argued", "warned", "insisted"]


def make_article(rng: random.Random, n: int) -> str:
    """A news-style article of about 4,500 characters with quotes and reported speech."""
    paragraphs = []
    people = [(rng.choice(TITLES), f"{rng.choice(FIRST)} {rng.choice(LAST)}") for _ in range(3)]
    topic = rng.choice(TOPICS)
    paragraphs.append(
        f"VELDRA \u2013 Article {n}: the debate over {topic} sharpened on Tuesday as "
        f"{people[0][0]} {people[0][1]} set out the government's plans."
    )
    for i in range(36):
        title, name = people[i % 3]
        surname = name.split()[-1]
        number = rng.randint(2, 95)
        kind = i % 4
        if kind == 0:
            paragraphs.append(
                f"\u201cWe will cut the cost of {topic} by {number} percent before "
                f"the next election,\u201d {surname} {rng.choice(VERBS)}."
            )
        elif kind == 1:
            paragraphs.append(
                f"{title} {name} said that the plan for {topic} would cost "
                f"{number} million crowns and that nobody would pay more."
            )
        elif kind == 2:
            paragraphs.append(
                f"According to {surname}, the figures for {topic} showed a rise of "
                f"{number} percent since {rng.randint(2008, 2024)}."
            )
        else:
            paragraphs.append(
                f"Officials in the ministry declined to comment on {topic}. The "
                f"committee will meet again in {rng.choice(['March', 'May', 'June'])}"
                f" to discuss item {number} on its agenda, a spokesperson confirmed."
            )
    return "\n\n".join(paragraphs) + "\n"


def fresh_db(url: str | None, folder: Path, name: str) -> Database:
    db_url = url or f"sqlite:///{folder / name}"
    upgrade(db_url)
    return Database(db_url)


def run_files(db: Database, paths: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds to ingest every file."""
    started, cpu = time.perf_counter(), time.process_time()
    items = (item for p in paths for item in read_upload(p.name, p.read_bytes()))
    outcomes = list(ingest_items(db, items, method=IngestMethod.CLI))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    failed = [o for o in outcomes if o.status != "ingested"]
    assert not failed, failed[:3]
    return elapsed, cpu


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return


def run_http(db: Database, folder: Path, names: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds to fetch and ingest every file from a loopback server.

    The server runs in this process, so the CPU time includes serving the pages.
    """
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}))
    try:
        started, cpu = time.perf_counter(), time.process_time()
        items = (fetch_article(f"{base}/{name}", policy=policy) for name in names)
        outcomes = list(ingest_items(db, items, method=IngestMethod.URL))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        server.shutdown()
    assert all(o.status == "ingested" for o in outcomes)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    rng = random.Random(1968)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = [make_article(rng, n) for n in range(args.articles)]
        paths = []
        for n, text in enumerate(texts):
            path = folder / f"article-{n:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        html_names = []
        for n, text in enumerate(texts):
            body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            name = f"page-{n:05d}.html"
            (folder / name).write_text(
                f"<!doctype html><html><head><title>Story {n}</title></head><body><nav>Home</nav>"
                f"<article><h1>Story {n} (web)</h1>{body}<p>Web edition.</p></article>"
                f"<footer>Footer</footer></body></html>",
                encoding="utf-8",
            )
            html_names.append(name)
        chars = sum(len(t) for t in texts) / len(texts)
        files_s = run_files(fresh_db(args.database_url, folder, "files.db"), paths)
        http_db = fresh_db(
            None if args.database_url is None else args.database_url, folder, "http.db"
        )
        if args.database_url:
            print("note: --database-url given: the HTTP run reuses it (its pages are new sources)")
        http_s = run_http(http_db, folder, html_names)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = args.articles
    print(
        f"articles: {n} (about {chars:,.0f} characters each); database: "
        f"{args.database_url or 'SQLite file'}; load average before: {load_before:.2f}"
    )
    print("                   wall-clock          CPU time (one process)")
    for label, (wall, cpu) in (("from files", files_s), ("from HTTP (HTML)", http_s)):
        print(
            f"{label:<18} {n / wall:7.1f} articles/s   {n / cpu:7.1f} articles/s"
            f"   ({wall:.1f} s wall, {cpu:.1f} s CPU)"
        )
    print(f"peak memory:       {peak_mb:7.1f} MB")


if __name__ == "__main__":
    main()
