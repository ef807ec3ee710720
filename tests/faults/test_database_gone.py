"""The database goes away mid-request: a clear 503, never a 500, and recovery once it is back.

On PostgreSQL the app talks to the server through a loopback TCP proxy
(:class:`~tests.faults.conftest.TcpProxy`) that the test cuts and restores:
the shared server is never stopped. On SQLite the database file is moved
away or overwritten under the running app.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import Review, ReviewRevision, ReviewState, Role
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review
from tests import factories
from tests.conftest import _reset_postgres, make_test_app
from tests.faults.conftest import TcpProxy, make_sqlite_app
from tests.web.html import one, parse, text

#: Pages of each audience; {review}, {slug} and {statement} are filled from the seeded rows.
#: Routes that are not there yet (other areas land them) are skipped, not failed.
DESK_PATHS = ["/", "/queue", "/sources", "/search?q=deficit", "/statements/{statement}"]
PUBLIC_PATHS = ["/verdicts", "/verdicts/{review}", "/people/{slug}", "/embed/reviews/{review}"]
API_PATHS = ["/api/v1/reviews", "/verdicts.json"]


@dataclass
class Seeded:
    """What :func:`seed` stored: a checker's login and a published verdict."""

    username: str
    statement: int
    review: int
    draft: int
    slug: str

    def fill(self, path: str) -> str:
        return path.format(review=self.review, slug=self.slug, statement=self.statement)


def seed(db: Database) -> Seeded:
    """A fact-checker, a speaker with two statements, one published verdict and one draft."""
    with db.write() as session:
        user = factories.make_user(session, username="checker", role=Role.FACT_CHECKER)
        speaker = factories.make_speaker(session, name="Anna Varga")
        source = factories.make_source(
            session,
            text="“We will cut the deficit by 2 percent,” Varga said.\n\n“Taxes stay,” she said.",
        )
        first = factories.make_statement(
            session, source=source, speaker=speaker, text="“We will cut the deficit by 2 percent,”"
        )
        second = factories.make_statement(
            session, source=source, speaker=speaker, text="“Taxes stay,”"
        )
        published = factories.make_review(session, statement=first, state=ReviewState.PUBLISHED)
        published.published_at = dt.datetime.now(dt.UTC)
        assert user.id is not None
        assert second.id is not None
        draft = create_review(session, statement_id=second.id, actor=Actor(user.id, user.role))
        assert first.id is not None
        assert published.id is not None
        assert draft.id is not None
        return Seeded("checker", first.id, published.id, draft.id, speaker.slug)


def log_in(client: FlaskClient, seeded: Seeded) -> None:
    response = client.post(
        "/login", data={"username": seeded.username, "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def has_route(app: Flask, path: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path.split("?")[0])
    except Exception:  # NotFound, MethodNotAllowed, RequestRedirect
        return False
    return True


def assert_unavailable(response: Any, path: str) -> None:
    """A 503 that says what happened: an error page, or the JSON envelope for JSON clients."""
    assert response.status_code == 503, (path, response.status_code, response.data[:300])
    if response.is_json:
        body = response.get_json()
        assert body.get("ok") is False or "error" in body, body
        return
    if path.startswith("/embed/"):
        return  # widgets show their own small error inside the host page
    assert text(one(parse(response), "h1")) == "Service unavailable"


@dataclass
class Outage:
    """An app on the database behind a switch: ``cut()`` takes it away, ``restore()`` back."""

    app: Flask
    db: Database
    seeded: Seeded
    cut: Callable[[], None]
    restore: Callable[[], None]


@pytest.fixture
def postgres_outage(tmp_path: Path, postgres_url: str, pg_proxy: tuple[TcpProxy, str]):
    _reset_postgres(postgres_url)
    proxy, proxied_url = pg_proxy
    app = make_test_app(tmp_path, proxied_url)
    db: Database = app.extensions["onrecord.db"]
    yield Outage(app, db, seed(db), proxy.cut, proxy.restore)
    proxy.restore()
    db.dispose()


@pytest.fixture
def sqlite_outage(tmp_path: Path) -> Iterator[Outage]:
    """The SQLite file (and its WAL) moved away and put back; the pool is emptied each time
    so that the next request opens a new connection, as a new worker process would."""
    path = tmp_path / "gone.db"
    app = make_sqlite_app(tmp_path, path)
    db: Database = app.extensions["onrecord.db"]
    aside = tmp_path / "aside"
    aside.mkdir()

    def cut() -> None:
        db.dispose()
        for file in path.parent.glob(path.name + "*"):
            shutil.move(file, aside / file.name)

    def restore() -> None:
        db.dispose()
        for file in path.parent.glob(path.name + "*"):
            file.unlink()  # the empty database SQLite created on the way
        for file in aside.iterdir():
            shutil.move(file, path.parent / file.name)

    yield Outage(app, db, seed(db), cut, restore)
    db.dispose()


def _outage(request: pytest.FixtureRequest, name: str) -> Outage:
    outage: Outage = request.getfixturevalue(name)
    return outage


@pytest.mark.parametrize(
    "kind", [pytest.param("postgres_outage", marks=pytest.mark.postgres), "sqlite_outage"]
)
@pytest.mark.parametrize("path", DESK_PATHS + PUBLIC_PATHS + API_PATHS)
def test_a_page_answers_503_while_the_database_is_away_and_200_after(
    request: pytest.FixtureRequest, kind: str, path: str
) -> None:
    outage = _outage(request, kind)
    path = outage.seeded.fill(path)
    if not has_route(outage.app, path):
        pytest.skip(f"{path} is not served yet")
    client = outage.app.test_client()
    if path in {outage.seeded.fill(p) for p in DESK_PATHS}:
        log_in(client, outage.seeded)
    headers = {"Accept": "application/json"} if path in API_PATHS else {}
    assert client.get(path, headers=headers).status_code == 200

    outage.cut()
    if path.startswith("/embed/"):
        # This process read the widget's validator less than a second ago, so it may
        # answer from memory without the database for that second (VALIDATOR_TTL_S,
        # docs/publishing.md); the outage shows once it is over, as here.
        outage.app.extensions["onrecord.embed_validators"].clear()
    assert_unavailable(client.get(path, headers=headers), path)
    assert_unavailable(client.get(path, headers=headers), path)  # still away: still 503

    outage.restore()
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.data[:300]


def _verdict(version: int, summary: str) -> dict[str, str]:
    return {
        "version": str(version),
        "label": "Mostly False",
        "summary": summary,
        "explanation": "The annex says otherwise.",
        "action": "",
    }


def _versions(db: Database, review_id: int) -> tuple[int, list[int]]:
    with db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        revisions = session.scalars(
            sa.select(ReviewRevision.version)
            .where(ReviewRevision.review_id == review_id)
            .order_by(ReviewRevision.version)
        ).all()
        return review.version, list(revisions)


@pytest.mark.postgres
def test_a_save_cut_off_mid_transaction_writes_nothing_and_works_after(
    postgres_outage: Outage,
) -> None:
    """The connection drops after the save's first UPDATE: 503, no revision, then it saves."""
    outage = postgres_outage
    client = outage.app.test_client()
    log_in(client, outage.seeded)
    review_id = outage.seeded.draft
    assert _versions(outage.db, review_id) == (1, [1])

    armed = {"on": True}

    @sa.event.listens_for(outage.db.engine, "after_cursor_execute")
    def _cut_after_first_write(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if armed["on"] and statement.lstrip().upper().startswith(("UPDATE", "INSERT")):
            armed["on"] = False
            outage.cut()

    response = client.post(f"/reviews/{review_id}", data=_verdict(1, "Cut off"))
    assert_unavailable(response, "/reviews")
    outage.restore()
    assert _versions(outage.db, review_id) == (1, [1])

    response = client.post(f"/reviews/{review_id}", data=_verdict(1, "Saved after"))
    assert response.status_code == 302, response.data[:300]
    assert _versions(outage.db, review_id) == (2, [1, 2])


@pytest.mark.sqlite_only("overwrites the SQLite file")
def test_a_corrupted_sqlite_file_is_a_503_not_a_500(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    app = make_sqlite_app(tmp_path, path)
    db: Database = app.extensions["onrecord.db"]
    seeded = seed(db)
    client = app.test_client()
    url = f"/statements/{seeded.statement}"
    log_in(client, seeded)
    assert client.get(url).status_code == 200
    db.dispose()
    good = path.read_bytes()
    for file in tmp_path.glob("broken.db-*"):
        file.unlink()
    path.write_bytes(b"this is not a database " * 200)
    assert_unavailable(client.get(url), url)
    db.dispose()
    path.write_bytes(good)
    assert client.get(url).status_code == 200
    db.dispose()


def test_a_constraint_violation_is_still_a_500(app: Flask) -> None:
    """Only "cannot read the database" errors are 503; a broken constraint is a bug."""

    def broken() -> str:
        raise sa.exc.IntegrityError("INSERT ...", {}, Exception("UNIQUE constraint failed"))

    app.add_url_rule("/_test/integrity", view_func=broken)
    response = app.test_client().get("/_test/integrity")
    assert response.status_code == 500
    assert text(one(parse(response), "h1")) == "Internal Server Error"
