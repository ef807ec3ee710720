"""Desk page speed with a large corpus: queue, statement page, speaker page and search.

Generates 100,000 statements (in 20,000 articles by 500 speakers) and 10,000
verdicts into a temporary SQLite database made by the migrations (bulk
inserts), then renders each page through the Flask test client as a logged-in
editor and prints p50/p95 in milliseconds. Target: p95 <= 150 ms each.

    .venv/bin/python benchmarks/desk.py [--statements 100000] [--reviews 10000] [--runs 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlmodel import col

from onrecord.app import create_app
from onrecord.migrations import upgrade
from onrecord.models import (
    Outlet,
    Review,
    Role,
    Source,
    Speaker,
    Statement,
)
from onrecord.pipeline.accounts import passwords
from onrecord.pipeline.accounts.operations import create_user
from onrecord.pipeline.text import content_hash

FIRST = ["Anna", "Jonas", "Mirela", "Teodor", "Lukas", "Eliska", "Henrik", "Viktor", "Petra", "Ivo"]
LAST = ["Varga", "Weller", "Stanek", "Malvik", "Brenner", "Varn", "Sallo", "Sandel", "Lind", "Kral"]
TOPICS = [
    "the deficit",
    "energy prices",
    "pension reform",
    "rail tolls",
    "unemployment",
    "the windfall tax",
    "school meals",
    "hospital waiting lists",
    "housing",
    "the border",
]
VERBS = ["will fall by", "rose by", "has doubled to", "is the lowest in", "cost", "will cut"]
LABELS = [("True", 6), ("Mostly True", 5), ("Half True", 4), ("Mostly False", 3), ("False", 2)]
STATES = ["draft", "in_review", "needs_second_read", "approved", "published", "corrected"]
#: Searches the benchmark runs: a word, a typo, a word start, two words and a year.
SEARCHES = ["deficit", "pension refrom", "unemploy", "rail tolls 2020", "enrgy prices"]
PER_ARTICLE = 5
TAIL = " the minister said on Monday."
PASSWORD = "benchmark-password"


def quote(rng: random.Random, n: int) -> str:
    """A generated quote with a number, so check-worthiness and search have something to use."""
    return (
        f"“{rng.choice(TOPICS).capitalize()} {rng.choice(VERBS)} {rng.randint(2, 95)} percent"
        f" in {rng.randint(2000, 2026)}, case {n},”"
    )


def article_rows(
    rng: random.Random, statements: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Source rows and statement rows: PER_ARTICLE quotes per article, offsets that hold."""
    day0 = dt.date(2015, 1, 1)
    sources, rows = [], []
    for a in range(statements // PER_ARTICLE):
        quotes = [quote(rng, a * PER_ARTICLE + k) for k in range(PER_ARTICLE)]
        text = "\n\n".join(f"{q}{TAIL}" for q in quotes)
        published = day0 + dt.timedelta(days=rng.randint(0, 3600))
        url = f"https://news{a % 20}.example/{a}"
        sources.append({
            "id": a + 1, "title": f"Article {a}", "text": text,
            "content_hash": content_hash(text), "outlet_id": rng.randint(1, 20),
            "url": url, "canonical_url": url, "ingest_method": "seed",
            "published_at": dt.datetime.combine(published, dt.time(), dt.UTC),
        })  # fmt: skip
        pos = 0
        for q in quotes:
            rows.append({
                "source_id": a + 1, "speaker_id": rng.randint(1, 500), "text": q,
                "normalized_text": q.lower(), "kind": "direct", "start": pos,
                "end": pos + len(q), "said_on": published,
                "checkworthiness": round(rng.random(), 2), "confidence": 0.9,
            })  # fmt: skip
            pos += len(q) + len(TAIL) + 2
    return sources, rows


def review_rows(rng: random.Random, statements: int, reviews: int) -> list[dict[str, Any]]:
    """Verdicts in random states on randomly chosen statements."""
    rows = []
    for statement_id in rng.sample(range(1, statements + 1), reviews):
        label, value = rng.choice(LABELS)
        rows.append({
            "statement_id": statement_id, "state": rng.choice(STATES), "label": label,
            "rating_value": value, "summary": "A generated claim summary",
            "assignee_id": 1, "author_id": 1,
        })  # fmt: skip
    return rows


def populate(engine: sa.Engine, statements: int, reviews: int, seed: int = 7) -> None:
    """Bulk-insert outlets, speakers, sources, statements and reviews."""
    rng = random.Random(seed)
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    speakers = [
        {"name": f"{names[i % 100]} {i // 100 or ''}".strip(), "slug": f"speaker-{i}",
         "kind": "person"}
        for i in range(500)
    ]  # fmt: skip
    sources, rows = article_rows(rng, statements)
    with engine.begin() as conn:
        conn.execute(sa.insert(Outlet), [{"name": f"Outlet {i}"} for i in range(20)])
        conn.execute(sa.insert(Speaker), speakers)
        conn.execute(sa.insert(Source), sources)
        conn.execute(sa.insert(Statement), rows)
        conn.execute(sa.insert(Review), review_rows(rng, statements, reviews))
        conn.execute(
            sa.update(Statement)
            .where(col(Statement.id).in_(sa.select(col(Review.statement_id))))
            .values(status="in_progress")
        )
    with engine.begin() as conn:  # the FTS index is filled by triggers; make sure
        conn.exec_driver_sql("INSERT INTO statement_fts(statement_fts) VALUES ('rebuild')")
        conn.exec_driver_sql("ANALYZE")


def timed(get: Callable[[str], Any], paths: list[str]) -> list[float]:
    """Milliseconds of each request; every response must be 200."""
    times = []
    for path in paths:
        start = time.perf_counter()
        response = get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'desk.db'}"
        upgrade(url)
        app = create_app(
            {
                "database_url": url,
                "secret_key": "bench",
                "instance_path": tmp,
                "wtf_csrf_enabled": False,
            }
        )
        db = app.extensions["onrecord.db"]
        with db.write() as session:
            create_user(session, username="editor", password=PASSWORD, role=Role.EDITOR)
        start = time.perf_counter()
        populate(db.engine, args.statements, args.reviews)
        print(
            f"generated {args.statements:,} statements and {args.reviews:,} verdicts "
            f"in {time.perf_counter() - start:.1f} s"
        )
        client = app.test_client()
        client.post("/login", data={"username": "editor", "password": PASSWORD})
        rng = random.Random(1)
        n = args.runs
        pages = {
            "queue": [f"/queue?page={rng.randint(1, 50)}" for _ in range(n // 2)]
            + ["/queue?sort=worth&worth=high", "/queue?verdict=in_review&speaker=varga"] * (n // 4),
            "statement": [f"/statements/{rng.randint(1, args.statements)}" for _ in range(n)],
            "speaker": [f"/speakers/speaker-{rng.randint(0, 499)}" for _ in range(n)],
            "search": [f"/search?q={rng.choice(SEARCHES)}" for _ in range(n)],
        }
        print(f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8}   (target p95 <= 150 ms)")
        for name, paths in pages.items():
            timed(client.get, paths[:3])  # warm up
            times = sorted(timed(client.get, paths))
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            flag = "ok" if p95 <= 150 else "SLOW"
            print(f"{name:<10} {statistics.median(times):8.1f} {p95:8.1f}   {flag}")
        db.dispose()


if __name__ == "__main__":
    main()
