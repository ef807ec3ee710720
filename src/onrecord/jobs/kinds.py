"""The built-in job kinds, registered like any other (docs/jobs.md lists them).

Each one calls pipeline operations that are idempotent themselves: ingestion
dedupes by canonical URL and content hash, feed entries by (feed, entry id),
matching never writes a link twice. So running a job twice changes nothing
more, and a job killed halfway can simply run again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlmodel import col, or_, select

from onrecord.config import Settings
from onrecord.db import Database
from onrecord.jobs.context import JobContext
from onrecord.jobs.registry import JobResult, job_kind
from onrecord.models import Feed, Statement, utcnow
from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest import operations as ingest
from onrecord.pipeline.ingest.urls import canonicalize_url
from onrecord.pipeline.match import operations as match
from onrecord.pipeline.publish.claimreview import Organisation
from onrecord.pipeline.publish.exports import write_export


def stored_ids(result: ingest.IngestResult) -> list[int]:
    """Ids of the statements an ingest stored (none for a duplicate)."""
    if not result.created:
        return []
    return [s.id for s in result.statements if s.id is not None]


def statements_of_sources(db: Database, source_ids: Iterable[int]) -> list[int]:
    """Ids of the statements stored from ``source_ids``."""
    wanted = sorted(set(source_ids))
    if not wanted:
        return []
    with db.session() as session:
        rows = session.exec(select(Statement.id).where(col(Statement.source_id).in_(wanted))).all()
    return sorted(int(i) for i in rows if i is not None)


def enqueue_matching(
    target: Any, statement_ids: Iterable[int], *, actor_id: int | None = None
) -> int | None:
    """Ask for a ``match_statements`` job for new statements; returns its job id (None: none)."""
    from onrecord.jobs.queue import enqueue

    ids = sorted(set(statement_ids))
    if not ids:
        return None
    return enqueue(target, "match_statements", actor_id=actor_id, statement_ids=ids).id


def _ingest_url_key(params: Mapping[str, Any]) -> str:
    return f"ingest_url:{canonicalize_url(str(params['url']))}"


@job_kind("ingest_url", label="Ingest a URL", key=_ingest_url_key)
def ingest_url_job(ctx: JobContext, *, url: str, outlet: str | None = None) -> JobResult:
    """Fetch an article by URL, store it with its statements, then ask for matching."""
    result = ingest.ingest_url(
        ctx.db,
        url,
        policy=ingest.policy_from_settings(ctx.settings),
        actor_id=ctx.actor_id,
        outlet=outlet,
    )
    new_ids = stored_ids(result)
    return {
        "source_id": result.source.id,
        "status": result.status,
        "statements": len(new_ids),
        "message": result.message,
        "match_job_id": enqueue_matching(ctx.env, new_ids, actor_id=ctx.actor_id),
    }


def poll_bucket(settings: Settings, now: dt.datetime | None = None) -> str:
    """The feed-poll time bucket ``now`` falls in (one poll per bucket, however many schedulers)."""
    interval = max(1, settings.feed_poll_interval_s)
    start = int((now or utcnow()).timestamp()) // interval * interval
    return dt.datetime.fromtimestamp(start, dt.UTC).strftime("%Y%m%dT%H%M%S")


def due_feed_ids(ctx: JobContext, now: dt.datetime | None = None) -> list[int]:
    """Active feeds not polled within the last half poll interval (a late tick still polls)."""
    cutoff = (now or utcnow()) - dt.timedelta(seconds=ctx.settings.feed_poll_interval_s / 2)
    with ctx.db.session() as session:
        rows = session.exec(
            select(Feed.id)
            .where(col(Feed.active))
            .where(or_(col(Feed.last_polled_at).is_(None), col(Feed.last_polled_at) < cutoff))
            .order_by(col(Feed.id))
        ).all()
    return [int(i) for i in rows if i is not None]


@job_kind(
    "poll_feeds",
    label="Poll feeds",
    key=lambda params: f"poll_feeds:{params['bucket']}",
    once_per_key=True,
)
def poll_feeds_job(ctx: JobContext, *, bucket: str, feed_ids: list[int] | None = None) -> JobResult:
    """Poll every due feed (or ``feed_ids``), then ask for matching of what was stored."""
    policy = ingest.policy_from_settings(ctx.settings)
    polled, errors, sources = 0, [], []
    for feed_id in feed_ids if feed_ids is not None else due_feed_ids(ctx):
        report = ingest.poll_feed(ctx.db, feed_id, policy=policy, actor_id=ctx.actor_id)
        polled += 1
        if report.error:
            errors.append(report.message)
        sources += [
            o.source_id
            for o in report.outcomes
            if o.status in {"ingested", "new_version"} and o.source_id is not None
        ]
    new_ids = statements_of_sources(ctx.db, sources)
    return {
        "bucket": bucket,
        "feeds": polled,
        "sources": len(set(sources)),
        "errors": errors,
        "match_job_id": enqueue_matching(ctx.env, new_ids, actor_id=ctx.actor_id),
    }


def _match_key(params: Mapping[str, Any]) -> str:
    ids = ",".join(str(i) for i in sorted({int(i) for i in params["statement_ids"]}))
    return f"match_statements:{hashlib.sha256(ids.encode()).hexdigest()[:16]}"


@job_kind("match_statements", label="Match new statements", key=_match_key)
def match_statements_job(ctx: JobContext, *, statement_ids: list[int]) -> JobResult:
    """Match statements just stored against checked claims and the speaker's history."""
    ids = [int(i) for i in statement_ids]
    settings = ctx.settings.match_settings()
    summary = match.match_new_statements(ctx.db, ids, settings, actor_id=ctx.actor_id)
    return summary.as_dict()


def _rematch_key(params: Mapping[str, Any]) -> str:
    merged = params.get("merged_id")
    return f"rematch_speaker:{params['speaker_id']}" + (f":merged:{merged}" if merged else "")


@job_kind("rematch_speaker", label="Match a speaker's statements again", key=_rematch_key)
def rematch_speaker_job(
    ctx: JobContext, *, speaker_id: int, merged_id: int | None = None
) -> JobResult:
    """Match every statement of a speaker again (after ``merged_id`` was merged into it)."""
    summary = match.rematch_speaker(
        ctx.db, int(speaker_id), ctx.settings.match_settings(), actor_id=ctx.actor_id
    )
    return {"speaker_id": speaker_id, "merged_id": merged_id, **summary.as_dict()}


@job_kind("rebuild_index", label="Rebuild the search index", key=lambda params: "rebuild_index")
def rebuild_index_job(ctx: JobContext) -> JobResult:
    """Rebuild the search index from the statement table (one transaction)."""
    with ctx.db.write() as session:
        total = match.rebuild_index(session, actor_id=ctx.actor_id)
    return {"statements": total}


#: File name endings of the export formats.
EXPORT_SUFFIXES = {"json": "json", "csv": "csv", "claimreview-jsonl": "jsonl"}
#: Where a verdict's public page is, below the public base address (the public
#: blueprint's ``/verdicts/<id>`` rule; jobs build addresses without Flask).
VERDICT_PATH = "/verdicts/{id}"
FALLBACK_BASE_URL = "http://localhost:5000"


def _export_key(params: Mapping[str, Any]) -> str:
    return f"export:{params['fmt']}:{params['name']}"


def export_name(fmt: str, now: dt.datetime | None = None) -> str:
    """A new export file's name: ``verdicts-20261126T193000Z.csv``."""
    if fmt not in EXPORT_SUFFIXES:
        known = ", ".join(EXPORT_SUFFIXES)
        raise OperationError(f"Unknown export format {fmt!r}; use one of {known}.")
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    return f"verdicts-{stamp}.{EXPORT_SUFFIXES[fmt]}"


@job_kind("export", label="Export the public verdicts", key=_export_key)
def export_job(ctx: JobContext, *, fmt: str, name: str) -> JobResult:
    """Write every public verdict in ``fmt`` to ``exports/<name>`` in the instance folder.

    Written to a temporary file and renamed, so a rerun replaces the file whole.
    """
    base = (ctx.settings.public_base_url.strip() or FALLBACK_BASE_URL).rstrip("/")
    organisation = Organisation(
        name=ctx.settings.organisation_name,
        url=ctx.settings.organisation_url.strip() or base + "/",
    )
    folder = ctx.settings.instance_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(name).name  # a name, never a path out of the folder
    partial = target.with_name(target.name + ".partial")
    with ctx.db.session() as session, partial.open("w", encoding="utf-8", newline="") as out:
        count = write_export(
            session,
            out,
            fmt,
            page_url=lambda review_id: base + VERDICT_PATH.format(id=review_id),
            organisation=organisation,
        )
    partial.replace(target)
    return {"path": str(target), "format": fmt, "records": count}
