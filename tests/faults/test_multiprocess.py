"""Several processes on one PostgreSQL and one Redis: nothing lost, nothing doubled, no 5xx.

Two gunicorn servers (two "app hosts") and an RQ worker (``onrecord worker``)
run against a database of this test's own and a queue of its own, on loopback
ports 8400-8499. Clients in threads then, all at once: ingest the same URLs
(served by a loopback article server) through both hosts, edit the same
verdicts from two clients each with the version they loaded, and read the
public pages and widgets. Afterwards: one source per URL, one revision per
accepted save (every refused save got 409), and no response was a 5xx.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from pytest_httpserver import HTTPServer

from onrecord import migrations
from onrecord.db import Database
from onrecord.models import Job, JobStatus, Review, ReviewRevision, ReviewState, Role, Source
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review
from tests import factories
from tests.conftest import PG_ENV, _create_database, _drop_database, _test_db_prefix
from tests.faults.conftest import free_port
from tests.web.html import one

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

REDIS_ENV = "ONRECORD_TEST_REDIS_URL"
BIN = Path(sys.executable).parent
ARTICLES = 3
INGEST_CLIENTS = 4
EDITORS_PER_REVIEW = 2
SAVES_PER_EDITOR = 6
#: gunicorn closes idle keep-alive connections after 2 s; a client reusing one
#: just then sees a reset that says nothing about the app, so each request connects anew.
FRESH_CONNECTIONS = httpx.Limits(max_keepalive_connections=0)


def _article(n: int) -> str:
    paragraphs = "".join(
        f"<p>Paragraph {k} of article {n} about the port of Ostrel and its budget, "
        f"with enough words for the reader to keep it as the article's text.</p>"
        for k in range(6)
    )
    return (
        f"<html><head><title>Ostrel port story {n}</title></head><body><article>"
        f"<h1>Ostrel port story {n}</h1>"
        f"<p>“We will open the new harbour in {2030 + n},” Mayor Lena Brandt said on Monday.</p>"
        f"{paragraphs}</article></body></html>"
    )


@dataclass
class Stack:
    """The running processes and what the test seeded."""

    url: str
    hosts: list[str]
    articles: list[str]
    drafts: list[tuple[int, int]]  # (review id, statement id)
    published: int
    slug: str
    logs: Path


@dataclass
class Record:
    """Every response the clients got, thread-safe."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    saved: dict[int, list[str]] = field(default_factory=dict)
    refused: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, response: httpx.Response) -> None:
        with self.lock:
            self.statuses[(kind, response.status_code)] += 1
            if response.status_code >= 500:
                self.server_errors.append(f"{kind} {response.url} {response.status_code}")


def _redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        pytest.skip(f"the multi-process test needs Redis: set {REDIS_ENV}")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {REDIS_ENV} is not reachable: {exc}")
    return url


def _seed(url: str) -> tuple[list[tuple[int, int]], int, str]:
    db = Database(url)
    try:
        with db.write() as session:
            for n in range(INGEST_CLIENTS + 2 * EDITORS_PER_REVIEW + 2):
                factories.make_user(session, username=f"checker{n}", role=Role.FACT_CHECKER)
            boss = factories.make_user(session, username="boss", role=Role.EDITOR)
            speaker = factories.make_speaker(session, name="Lena Brandt")
            drafts = []
            for n in range(3):
                statement = factories.make_statement(
                    session, speaker=speaker, text=f"“The harbour opens in {2030 + n},”"
                )
                assert statement.id is not None
                assert boss.id is not None
                review = create_review(
                    session, statement_id=statement.id, actor=Actor(boss.id, boss.role)
                )
                assert review.id is not None
                drafts.append((review.id, statement.id))
            published = factories.make_review(
                session,
                statement=factories.make_statement(session, speaker=speaker, text="“Taxes stay,”"),
                state=ReviewState.PUBLISHED,
            )
            published.published_at = dt.datetime.now(dt.UTC)
            assert published.id is not None
            return drafts[:2], published.id, speaker.slug
    finally:
        db.dispose()


def _start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:  # the child keeps its own copy of the file
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_up(host: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{host} exited: {log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{host}/login", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"{host} did not answer within 60 s: {log.read_text()[-2000:]}")


@pytest.fixture
def stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    if request.config.getoption("--db") == "postgres":
        pytest.skip("always on PostgreSQL: runs once, in the default (SQLite) run")
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"the multi-process test needs PostgreSQL: set {PG_ENV}")
    redis_url = _redis_url()
    if not (BIN / "gunicorn").exists():
        pytest.skip("gunicorn is not installed")
    url = _create_database(admin_url, _test_db_prefix())
    processes: list[subprocess.Popen[bytes]] = []
    articles = HTTPServer(host="127.0.0.1", port=free_port())
    try:
        migrations.upgrade(url)
        drafts, published, slug = _seed(url)
        for n in range(ARTICLES):
            articles.expect_request(f"/news/{n}").respond_with_data(
                _article(n), content_type="text/html; charset=utf-8"
            )
        articles.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ONRECORD_")}
        env.update(
            ONRECORD_DATABASE_URL=url,
            ONRECORD_SECRET_KEY=uuid.uuid4().hex,
            ONRECORD_INSTANCE_PATH=str(tmp_path / "instance"),
            ONRECORD_REDIS_URL=redis_url,
            ONRECORD_JOB_QUEUE=f"onrecord-test-{uuid.uuid4().hex[:8]}",
            ONRECORD_FETCH_ALLOW_HOSTS="127.0.0.1",
            ONRECORD_WTF_CSRF_ENABLED="false",
            ONRECORD_LOG_LEVEL="WARNING",
        )
        hosts = []
        for n in range(2):
            port = free_port()
            log = tmp_path / f"gunicorn{n}.log"
            cmd = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "1", "--threads", "4"]
            cmd += ["--no-control-socket"]  # two masters would share ~/.gunicorn/gunicorn.ctl
            processes.append(_start([*cmd, "onrecord.app:create_app()"], env, log))
            hosts.append(f"http://127.0.0.1:{port}")
            _wait_until_up(hosts[-1], processes[-1], log)
        has_worker = subprocess.run(
            [str(BIN / "onrecord"), "worker", "--help"], capture_output=True, check=False
        )
        if has_worker.returncode != 0:
            pytest.skip("`onrecord worker` is not available yet")
        processes.append(_start([str(BIN / "onrecord"), "worker"], env, tmp_path / "worker.log"))
        yield Stack(
            url=url,
            hosts=hosts,
            articles=[articles.url_for(f"/news/{n}") for n in range(ARTICLES)],
            drafts=drafts,
            published=published,
            slug=slug,
            logs=tmp_path,
        )
    finally:
        for process in processes:
            _stop(process)
        if articles.is_running():
            articles.stop()
        _drop_database(admin_url, url)


@contextlib.contextmanager
def _client(host: str, username: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=host, timeout=30, limits=FRESH_CONNECTIONS) as client:
        response = client.post(
            "/login", data={"username": username, "password": factories.DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, response.text[:500]
        yield client


def _ingest(stack: Stack, record: Record, n: int) -> None:
    with _client(stack.hosts[n % 2], f"checker{n}") as client:
        urls = list(stack.articles)
        random.Random(n).shuffle(urls)
        for url in urls:
            response = client.post("/sources/new/url", data={"url": url})
            record.add("ingest", response)
            assert response.status_code == 302, response.text[:500]


def _edit(stack: Stack, record: Record, n: int) -> None:
    review_id, statement_id = stack.drafts[n % len(stack.drafts)]
    with _client(stack.hosts[n % 2], f"checker{INGEST_CLIENTS + n}") as client:
        for attempt in range(SAVES_PER_EDITOR):
            page = client.get(f"/statements/{statement_id}")
            record.add("read-desk", page)
            version = one(BeautifulSoup(page.text, "html.parser"), "form input[name=version]")
            summary = f"client {n} save {attempt}"
            response = client.post(
                f"/reviews/{review_id}",
                data={
                    "version": version["value"],
                    "label": "Mostly False",
                    "summary": summary,
                    "explanation": f"Checked by client {n}.",
                    "action": "",
                },
            )
            record.add("save", response)
            with record.lock:
                if response.status_code == 302:
                    record.saved.setdefault(review_id, []).append(summary)
                elif response.status_code == 409:
                    record.refused[review_id] = record.refused.get(review_id, 0) + 1
                else:
                    pytest.fail(f"save answered {response.status_code}: {response.text[:500]}")


def _read(stack: Stack, record: Record, n: int, done: threading.Event) -> None:
    paths = [
        f"/embed/reviews/{stack.published}",
        f"/verdicts/{stack.published}",
        f"/people/{stack.slug}",
        "/verdicts",
    ]
    with httpx.Client(base_url=stack.hosts[n % 2], timeout=30, limits=FRESH_CONNECTIONS) as client:
        present = [p for p in paths if client.get(p).status_code != 404]
        for path in itertools.cycle(present or ["/login"]):
            if done.is_set():
                return
            record.add("read-public", client.get(path))


def _wait_for_jobs(url: str, timeout: float = 120) -> list[Job]:
    db = Database(url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with db.session() as session:
                jobs = list(session.scalars(sa.select(Job)))
            if jobs and not any(JobStatus(job.status).is_active for job in jobs):
                return jobs
            if time.monotonic() > deadline:
                pytest.fail(f"jobs still active after {timeout} s: {[j.status for j in jobs]}")
            time.sleep(0.5)
    finally:
        db.dispose()


def _run(stack: Stack, record: Record) -> None:
    done = threading.Event()
    with ThreadPoolExecutor(max_workers=INGEST_CLIENTS + 2 * EDITORS_PER_REVIEW + 2) as pool:
        readers = [pool.submit(_read, stack, record, n, done) for n in range(2)]
        writers = [pool.submit(_ingest, stack, record, n) for n in range(INGEST_CLIENTS)]
        writers += [
            pool.submit(_edit, stack, record, n)
            for n in range(len(stack.drafts) * EDITORS_PER_REVIEW)
        ]
        try:
            for future in writers:
                future.result()
        finally:
            done.set()
            for future in readers:
                future.result()


def test_processes_share_one_database_without_losing_or_doubling_anything(stack: Stack) -> None:
    record = Record()
    _run(stack, record)
    jobs = _wait_for_jobs(stack.url)

    assert record.server_errors == [], record.server_errors
    assert [j.last_error for j in jobs if j.status != JobStatus.SUCCEEDED] == []

    db = Database(stack.url)
    try:
        with db.session() as session:
            for article in stack.articles:
                stored = session.scalars(
                    sa.select(Source).where(Source.url.like(f"{article}%"))  # type: ignore[union-attr]
                ).all()
                assert len(stored) == 1, f"{article}: {len(stored)} sources"
            for review_id, _ in stack.drafts:
                review = session.get(Review, review_id)
                assert review is not None
                revisions = session.scalars(
                    sa.select(ReviewRevision)
                    .where(ReviewRevision.review_id == review_id)
                    .order_by(ReviewRevision.version)
                ).all()
                saved = record.saved.get(review_id, [])
                assert saved, "no save of this review went through"
                # Version 1 is the draft; then exactly one revision per accepted save.
                assert [r.version for r in revisions] == list(range(1, len(saved) + 2))
                assert review.version == len(saved) + 1
                summaries = [r.snapshot.get("summary") for r in revisions[1:]]
                assert sorted(summaries) == sorted(saved)
                attempts = EDITORS_PER_REVIEW * SAVES_PER_EDITOR
                assert len(saved) + record.refused.get(review_id, 0) == attempts
    finally:
        db.dispose()
    assert sum(n for (kind, _), n in record.statuses.items() if kind == "read-public") > 0
