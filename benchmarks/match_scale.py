#!/usr/bin/env python3
"""Matching at scale: generated statements, one process, numbers printed (never asserted).

Usage:
  .venv/bin/python benchmarks/match_scale.py [--statements 1000000] [--speakers 5000]
      [--checked 0.05] [--samples 200] [--ingest 2000] [--postgres URL | --database PATH]
      [--max-term-share 0.05]

Builds a database of generated statements through the app's own storage
(``import_statements``, so the search index triggers run as in production),
then prints:

* bulk load rate (statements/s, index maintained, no matching);
* one match of a new statement, both uses (already checked + speaker
  history, links written), p50 / p95 / max in ms, over ``--samples`` statements;
* bulk ingest *with matching*: articles of 10 statements, each article one
  transaction, every statement stored and matched (statements/s);
* database size and peak memory (max RSS).

The generator: a Zipf-distributed vocabulary (function words with their
real-language weight, then 30,000 content words from a fixed syllable
inventory with a Zipf tail), names, numbers and years; 8 to 40 words per
statement; speakers drawn with a Zipf law (a few speak a lot); a share of
statements (``--checked``) carries a published verdict. Seeded, so runs are
comparable. SQLite by default (a temporary file); ``--postgres URL`` creates
and drops a database of its own on that server.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from onrecord import migrations
from onrecord.config import MatchSettings
from onrecord.db import Database
from onrecord.models import Statement
from onrecord.pipeline.match.operations import (
    PlainStatement,
    import_statements,
    match_statement,
    speakers_by_name,
)

FUNCTION_WORDS = (
    "the of and to a in that is was he for it with as his on be at by i this had not are "
    "but from or have an they which one you were her all she there would their we him been "
    "has when who will more no if out so said what up its about into than them can only "
    "other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much "
    "your way well down should because each just those people how too little state good "
    "very make world still own see men work long get here between both life being under "
    "never day same another know while last might us great old year off come since against"
).split()
NAMES = (
    "Ohio Texas Iowa Kansas Nevada Florida Georgia Arizona Chicago Detroit Boston Denver "
    "Korea China Russia Mexico Canada Iran Israel Ukraine Germany France Brazil India Japan "
    "Medicare Medicaid Congress Senate NATO Pentagon Obamacare Amtrak"
).split()
SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go ha he hi ho ka ke ki "
    "ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si "
    "so su ta te ti to tu va ve vi vo za ze zi zo ter ment tion pol tax job war gun vot"
).split()


#: The matcher's settings for this run (``--max-term-share`` changes them).
SETTINGS = MatchSettings()


class Generator:
    """Seeded statements with a Zipf vocabulary and a Zipf speaker distribution."""

    def __init__(self, speakers: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        content: list[str] = []
        seen: set[str] = set()
        while len(content) < 30_000:
            word = "".join(self.rng.choices(SYLLABLES, k=self.rng.choice((2, 3, 3, 4))))
            if word not in seen:
                seen.add(word)
                content.append(word)
        self.words = FUNCTION_WORDS + content
        # Function words take about half of running text, as in English.
        weights = [40.0 / (i + 1) ** 0.6 for i in range(len(FUNCTION_WORDS))]
        weights += [6.0 / (i + 1) ** 0.95 for i in range(len(content))]
        self.cum = _cumulative(weights)
        self.speakers = [f"Speaker {i:05d} Gen" for i in range(speakers)]
        self.speaker_cum = _cumulative([1.0 / (i + 1) ** 0.8 for i in range(speakers)])

    def text(self) -> str:
        """One statement, 8 to 40 words, sometimes with a name, a number and a year."""
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(8, 40))
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.choice((3, 5, 10, 12, 40, 700))))
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), str(rng.randint(1990, 2026)))
        return " ".join(words).capitalize() + "."

    def speaker(self) -> str:
        """A speaker name, the talkative ones more often."""
        return self.rng.choices(self.speakers, cum_weights=self.speaker_cum, k=1)[0]

    def day(self) -> dt.date:
        """A date between 2010 and 2026."""
        return dt.date(2010, 1, 1) + dt.timedelta(days=self.rng.randrange(6000))


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _batches(gen: Generator, ids: dict[str, int], n: int, size: int, checked: float
             ) -> Iterator[tuple[list[PlainStatement], bool]]:  # fmt: skip
    made = 0
    while made < n:
        k = min(size, n - made)
        is_checked = gen.rng.random() < checked
        items = [PlainStatement(gen.text(), ids[gen.speaker()], gen.day(), "False", "summary")
                 for _ in range(k)]  # fmt: skip
        made += k
        yield items, is_checked


def load(db: Database, gen: Generator, n: int, checked: float) -> float:
    """Store ``n`` statements in batches of 1,000; returns statements per second."""
    with db.write() as session:
        ids = speakers_by_name(session, gen.speakers)
    started = time.perf_counter()
    done = 0
    # Batches of 50 are checked or not as a whole, so about ``checked`` of all are.
    for items, is_checked in _batches(gen, ids, n, 50, checked):
        with db.write() as session:
            import_statements(session, items, title=f"bulk {uuid.uuid4()}", checked=is_checked)
        done += len(items)
        if done % 100_000 < 50:
            rate = done / (time.perf_counter() - started)
            print(f"  loaded {done:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    return n / (time.perf_counter() - started)


def match_latency(db: Database, gen: Generator, samples: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of match_statement (both uses, links written).

    CPU time (this process) is printed too because a shared machine's other
    load inflates wall time; the database work of SQLite runs in-process and
    counts, PostgreSQL's server work does not.
    """
    with db.session() as session:
        ids = speakers_by_name(session, gen.speakers)  # all exist: read only
    times, cpu = [], []
    for items, _ in _batches(gen, ids, samples, 1, 0.0):
        with db.write() as session:
            (sid,) = import_statements(session, items, title=f"q {uuid.uuid4()}", checked=False)
            statement = session.get(Statement, sid)
            assert statement is not None
            started, cpu_started = time.perf_counter(), time.process_time()
            match_statement(session, statement, settings=SETTINGS)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return times, cpu


def ingest_with_matching(db: Database, gen: Generator, n: int) -> float:
    """Articles of 10 statements, stored and matched in one transaction each: statements/s."""
    with db.session() as session:
        ids = speakers_by_name(session, gen.speakers)
    started = time.perf_counter()
    for items, _ in _batches(gen, ids, n, 10, 0.0):
        with db.write() as session:
            new = import_statements(session, items, title=f"a {uuid.uuid4()}", checked=False)
            for sid in new:
                statement = session.get(Statement, sid)
                assert statement is not None
                match_statement(session, statement, settings=SETTINGS)
    return n / (time.perf_counter() - started)


def db_size(db: Database, path: Path | None) -> int:
    """Bytes on disk (SQLite file plus WAL) or pg_database_size."""
    if path is not None:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())


def run(url: str, path: Path | None, args: argparse.Namespace) -> None:
    """Migrate, load, measure, print."""
    migrations.upgrade(url)
    db = Database(url)
    gen = Generator(args.speakers)
    with db.session() as session:
        stored = int(session.exec(sa.select(sa.func.count()).select_from(Statement)).one()[0])
    if stored >= args.statements:  # --database with a file from an earlier run: reuse it
        rate = float("nan")
        gen.rng.seed(stored)  # new samples, not the stored statements again
        print(f"reusing {stored:,} stored statements", file=sys.stderr)
    else:
        rate = load(db, gen, args.statements, args.checked)
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE statement")
    match_latency(db, gen, 20)  # warm the caches, as a running server has them
    times, cpu = match_latency(db, gen, args.samples)
    ingest_rate = ingest_with_matching(db, gen, args.ingest)
    q = statistics.quantiles(times, n=100)
    qc = statistics.quantiles(cpu, n=100)
    load_avg = os.getloadavg()[0]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"backend              {db.engine.dialect.name}")
    print(f"max term share       {SETTINGS.max_term_share or 'off'}")
    print(f"statements           {args.statements:,} from {args.speakers:,} speakers "
          f"({args.checked:.0%} checked)")  # fmt: skip
    print(f"bulk load            {rate:,.0f} statements/s (index maintained, no matching)")
    print(f"match one statement  p50 {q[49]:.1f} ms  p95 {q[94]:.1f} ms  "
          f"max {max(times):.1f} ms  ({len(times)} statements, both uses)")  # fmt: skip
    print(f"  same, CPU time     p50 {qc[49]:.1f} ms  p95 {qc[94]:.1f} ms  "
          f"(machine load average {load_avg:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    print(f"ingest with matching {ingest_rate:,.0f} statements/s ({args.ingest:,} statements)")
    print(f"database size        {db_size(db, path) / 1e6:,.0f} MB")
    print(f"peak memory          {rss_mb:,.0f} MB (max RSS of this process)")
    db.dispose()


def main() -> int:
    """Parse arguments, run on SQLite or PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--speakers", type=int, default=5_000)
    parser.add_argument("--checked", type=float, default=0.05)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--ingest", type=int, default=2_000)
    parser.add_argument("--postgres", metavar="URL", help="measure on this PostgreSQL server")
    parser.add_argument("--database", type=Path, metavar="PATH",
                        help="SQLite file to keep (and reuse when it already holds "
                        "--statements statements), instead of a temporary one")  # fmt: skip
    parser.add_argument("--max-term-share", type=float, default=0.0,
                        help="ONRECORD_MATCH_MAX_TERM_SHARE to measure with (0: off)")  # fmt: skip
    args = parser.parse_args()
    global SETTINGS  # one run, one setting
    SETTINGS = dataclasses.replace(SETTINGS, max_term_share=args.max_term_share or None)
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}: "
          f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"SQLite {__import__('sqlite3').sqlite_version}")  # fmt: skip
    if args.postgres:
        name = f"onrecord_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.engine.make_url(args.postgres).set(database=name)
        try:
            run(url.render_as_string(hide_password=False), None, args)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
        return 0
    if args.database is not None:
        run(f"sqlite:///{args.database.resolve()}", args.database.resolve(), args)
        return 0
    with tempfile.TemporaryDirectory(prefix="onrecord-scale-") as tmp:
        path = Path(tmp) / "scale.db"
        run(f"sqlite:///{path}", path, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
