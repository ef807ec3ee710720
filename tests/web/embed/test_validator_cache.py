"""The per-process validator cache: a cached widget costs no query, and stays current.

Writes committed in this process forget the cached validators at once; writes
from elsewhere show once the entry's time is up (``VALIDATOR_TTL_S``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.web.embed import caching
from onrecord.web.embed.caching import ValidatorCache
from tests.web.embed.conftest import Published


def _count_queries(app: Flask) -> list[str]:
    statements: list[str] = []
    engine = app.extensions["onrecord.db"].engine

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    return statements


def test_a_repeated_widget_request_does_not_query(
    app: Flask, client: FlaskClient, published: Published
) -> None:
    url = f"/embed/reviews/{published.review_id}"
    first = client.get(url)
    queries = _count_queries(app)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    plain = client.get(url)
    assert again.status_code == 304
    assert plain.get_data() == first.get_data()
    assert queries == []


def test_a_commit_in_this_process_forgets_the_validators(
    client: FlaskClient, published: Published, correct: Callable[..., None]
) -> None:
    url = f"/embed/speakers/{published.speaker_slug}"
    before = client.get(url)
    correct(published, label="False", value=2, note="We misread the tax table.")
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_data() != before.get_data()


def test_entries_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    cache: ValidatorCache[str] = ValidatorCache(ttl_s=1.0)
    loads: list[str] = []

    def load() -> str:
        loads.append("x")
        return f"v{len(loads)}"

    assert cache.get("k", load) == "v1"
    clock[0] += 0.5
    assert cache.get("k", load) == "v1"
    clock[0] += 0.6
    assert cache.get("k", load) == "v2"
    assert len(loads) == 2


def test_a_write_from_another_process_shows_after_the_ttl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What another process's write looks like: a commit this process's counter never saw."""
    clock = [100.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: clock[0])
    cache: ValidatorCache[int] = ValidatorCache(ttl_s=1.0)
    stored = [1]
    assert cache.get("review", lambda: stored[0]) == 1
    stored[0] = 2  # changed elsewhere, no commit seen here
    assert cache.get("review", lambda: stored[0]) == 1
    clock[0] += 1.01
    assert cache.get("review", lambda: stored[0]) == 2


def test_any_commit_in_the_process_starts_afresh(tmp_path: Path) -> None:
    caching.listen_for_commits()
    cache: ValidatorCache[int] = ValidatorCache(ttl_s=60)
    value = [1]
    assert cache.get("k", lambda: value[0]) == 1
    value[0] = 2
    db = Database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with db.engine.begin() as conn:  # a Core commit on an unrelated engine counts too
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    finally:
        db.dispose()
    assert cache.get("k", lambda: value[0]) == 2


def test_missing_validators_are_not_kept() -> None:
    cache: ValidatorCache[int] = ValidatorCache(ttl_s=60)
    assert cache.get("k", lambda: None) is None
    assert cache.get("k", lambda: 3) == 3


def test_ttl_zero_turns_the_cache_off() -> None:
    cache: ValidatorCache[int] = ValidatorCache(ttl_s=0)
    assert cache.get("k", lambda: 1) == 1
    assert cache.get("k", lambda: 2) == 2


def test_the_cache_starts_afresh_when_full() -> None:
    cache: ValidatorCache[int] = ValidatorCache(ttl_s=60, size=2)
    for key in range(3):
        cache.get(key, lambda key=key: key)  # type: ignore[misc]
    assert cache.get(2, lambda: -1) == 2
    assert cache.get(0, lambda: -1) == -1


def test_an_orm_commit_counts_after_it_is_done(tmp_path: Path) -> None:
    """A validator read while a session commits is not kept past the commit."""
    caching.listen_for_commits()
    db = Database(f"sqlite:///{tmp_path / 'orm.db'}")
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        before = caching._Commits.count
        with db.write() as session:
            session.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert caching._Commits.count >= before + 2  # once before the commit, once after
    finally:
        db.dispose()
