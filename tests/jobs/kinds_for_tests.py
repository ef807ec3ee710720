"""Job kinds that only the tests register: one that fails a given number of times,
one that sleeps on its first run (so a test can kill its worker mid-job).

Importing this module registers them (the RQ tests import it in the worker too).
Their state lives in files, so it is shared with worker processes.
"""

from __future__ import annotations

import time
from pathlib import Path

from onrecord.jobs import JobContext, job_kind
from onrecord.models import IngestMethod
from onrecord.pipeline.ingest.articles import ArticleInput
from onrecord.pipeline.ingest.operations import ingest_items

ARTICLE_TEXT = (
    "Finance Minister Anna Berger spoke in parliament on Tuesday about the budget.\n\n"
    "\u201cWe will not raise taxes this year,\u201d Berger told reporters after the session.\n\n"
    "The opposition said it would study the numbers before the vote."
)


def _bump(counter: str) -> int:
    path = Path(counter)
    n = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(n))
    return n


@job_kind("test_flaky", label="Fails, then works", key=lambda p: f"test_flaky:{p['counter']}")
def flaky(ctx: JobContext, *, counter: str, failures: int, refuse: bool = False) -> dict:
    """Fail ``failures`` times (a refusal when ``refuse``), then succeed."""
    n = _bump(counter)
    if n <= failures:
        if refuse:
            from onrecord.pipeline.errors import OperationError

            raise OperationError(f"refused on run {n}")
        raise RuntimeError(f"boom on run {n}")
    return {"runs": n}


@job_kind("test_slow_ingest", label="Sleeps, then ingests", key=lambda p: "test_slow_ingest")
def slow_ingest(ctx: JobContext, *, marker: str, sleep_s: float) -> dict:
    """On the first run create ``marker`` and sleep; then store one article (idempotent)."""
    path = Path(marker)
    first = not path.exists()
    _bump(marker)
    if first:
        time.sleep(sleep_s)
    article = ArticleInput(label="slow", text=ARTICLE_TEXT, title="Budget", url=None)
    [outcome] = ingest_items(ctx.db, [article], method=IngestMethod.CLI, actor_id=ctx.actor_id)
    return {"status": outcome.status, "source_id": outcome.source_id}
