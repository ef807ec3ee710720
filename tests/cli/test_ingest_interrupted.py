"""A batch ingestion killed midway and run again leaves every article exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from onrecord.migrations import upgrade

ARTICLES = 120


def _article(n: int) -> dict[str, str]:
    paragraphs = [
        f"Finance Minister Anna Berger presented budget number {n} to parliament on Tuesday.",
        f"\u201cThis budget cuts the deficit by {n % 9 + 1} percent,\u201d Berger told reporters.",
        f"Opposition leader Tomas Berg said that plan {n} would hurt families in the north.",
    ]
    return {
        "title": f"Budget {n}",
        "outlet": "The Ledger",
        "published": "2024-05-07",
        "text": "\n\n".join(paragraphs * 3),
    }


@pytest.mark.slow
def test_killed_batch_rerun_stores_each_article_once(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(json.dumps(_article(n)) for n in range(ARTICLES)) + "\n", encoding="utf-8"
    )
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    env = {
        **os.environ,
        "ONRECORD_DATABASE_URL": url,
        "ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    command = [sys.executable, "-m", "onrecord.cli", "ingest", str(batch)]
    engine = sa.create_engine(url)

    def sources() -> int:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM source").scalar_one())

    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while sources() < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    partial = sources()
    assert 10 <= partial < ARTICLES, "the kill should land in the middle of the batch"
    with engine.connect() as conn:
        # Whole articles or nothing: no stored source lacks its statements.
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM source WHERE id NOT IN (SELECT source_id FROM statement)"
        ).scalar_one()
    assert orphans == 0

    rerun = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert rerun.returncode == 0, rerun.stdout[-2000:] + rerun.stderr[-2000:]
    assert f"{ARTICLES - partial} ingested, {partial} duplicate." in rerun.stdout
    assert sources() == ARTICLES
    with engine.connect() as conn:
        per_source = conn.exec_driver_sql(
            "SELECT min(n), max(n) FROM (SELECT count(*) AS n FROM statement GROUP BY source_id)"
        ).one()
        hashes = conn.exec_driver_sql("SELECT count(DISTINCT content_hash) FROM source").scalar()
    assert per_source[0] == per_source[1] > 0
    assert hashes == ARTICLES
    engine.dispose()
