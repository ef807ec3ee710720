"""The disk under the SQLite database fills up: a clear error, no partial rows, no corruption.

The database lives on a small tmpfs the test mounts (root only; skipped with a
reason otherwise), which a filler file then fills to the last byte.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import Review, ReviewRevision, Role, Source, Statement
from onrecord.pipeline.review.access import Actor
from onrecord.pipeline.review.operations import create_review
from tests import factories
from tests.faults.conftest import make_sqlite_app
from tests.web.conftest import ARTICLE
from tests.web.html import one, parse, text

pytestmark = pytest.mark.sqlite_only("fills the disk under an SQLite file")

DISK_SIZE = "8m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of :data:`DISK_SIZE` mounted for this test."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the disk has no byte left; return it (delete it to free the space)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while out.write(b"\0" * chunk):
                    pass
    return filler


def counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__name__: session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (Source, Statement, Review, ReviewRevision)
        }


def log_in(client: FlaskClient) -> None:
    response = client.post(
        "/login", data={"username": "checker", "password": factories.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302


def paste(client: FlaskClient, title: str) -> object:
    return client.post(
        "/sources/new",
        data={
            "title": title,
            "url": f"https://ledger.example/{title}",
            "text": f"Dateline {title}.\n\n" + ARTICLE * 20,  # a new article each time
        },
    )


def save(client: FlaskClient, review_id: int, version: int) -> object:
    return client.post(
        f"/reviews/{review_id}",
        data={
            "version": str(version),
            "label": "Mostly False",
            "summary": "Varga says taxes stay",
            "explanation": "The annex says otherwise. " * 100,
            "action": "",
        },
    )


def assert_disk_full_page(response: object) -> None:
    assert response.status_code == 503, response.data[:300]  # type: ignore[attr-defined]
    soup = parse(response)
    assert text(one(soup, "h1")) == "Service unavailable"
    assert "(it is probably full), so nothing was saved" in text(one(soup, ".error-page .lede"))


@pytest.fixture
def full_app(tmp_path: Path, small_disk: Path) -> Flask:
    app = make_sqlite_app(tmp_path, small_disk / "onrecord.db")
    db: Database = app.extensions["onrecord.db"]
    with db.write() as session:
        user = factories.make_user(session, username="checker", role=Role.FACT_CHECKER)
        statement = factories.make_statement(session, text="“Taxes stay,”")
        assert user.id is not None
        assert statement.id is not None
        review = create_review(session, statement_id=statement.id, actor=Actor(user.id, user.role))
        app.config["TEST_REVIEW_ID"] = review.id
    return app


def test_writes_on_a_full_disk_fail_clearly_and_work_once_space_is_freed(
    full_app: Flask, small_disk: Path
) -> None:
    db: Database = full_app.extensions["onrecord.db"]
    client = full_app.test_client()
    log_in(client)
    review_id = full_app.config["TEST_REVIEW_ID"]
    assert paste(client, "before").status_code == 302
    before = counts(db)

    # Closing the last connection checkpoints and removes the WAL, so the next
    # write has to grow files on the full disk (as a busy site's would).
    db.dispose()
    filler = fill(small_disk)
    assert_disk_full_page(paste(client, "on-a-full-disk"))
    assert_disk_full_page(save(client, review_id, 1))

    filler.unlink()
    db.dispose()
    assert counts(db) == before, "a failed write left rows behind"
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    assert paste(client, "after").status_code == 302
    assert save(client, review_id, 1).status_code == 302
    after = counts(db)
    assert after["Source"] == before["Source"] + 1
    assert after["ReviewRevision"] == before["ReviewRevision"] + 1
    db.dispose()
