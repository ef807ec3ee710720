"""Ingest through the API (token, fact-checker and up): an article as text or by URL.

By URL the fetch is an ``ingest_url`` job (:func:`onrecord.jobs.enqueue`), the same
one the desk uses: it runs at once without Redis (201 with the source) and on a
worker with Redis (202 with the job id). Either way the SSRF guard fetches.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.typing import ResponseReturnValue
from sqlmodel import col, select

from onrecord.jobs import enqueue, enqueue_matching
from onrecord.models import IngestMethod, JobStatus, Role, Statement
from onrecord.pipeline.ingest.operations import ingest_prepared, prepare_text
from onrecord.web.api.auth import actor
from onrecord.web.api.errors import ApiError
from onrecord.web.api.routes import operation, respond
from onrecord.web.api.schemas import IngestOut, IngestTextIn, IngestUrlIn
from onrecord.web.extensions import database

_STORED = frozenset({"ingested", "new_version"})


def _statements(source_id: int | None) -> list[dict[str, Any]]:
    if source_id is None:
        return []
    # A fresh session: the request's read session may hold a snapshot from before the write.
    with database().session() as session:
        rows = session.exec(
            select(Statement).where(Statement.source_id == source_id).order_by(col(Statement.start))
        ).all()
    return [
        {
            "id": st.id,
            "text": st.text,
            "kind": st.kind.value,
            "speaker_name": st.speaker_name,
            "said_on": st.said_on,
        }
        for st in rows
    ]


def _ingested(status: str, message: str, source_id: int | None) -> ResponseReturnValue:
    data = {
        "status": status,
        "message": message,
        "source_id": source_id,
        "statements": _statements(source_id),
    }
    return respond(IngestOut, data, status=201 if status in _STORED else 200)


@operation(
    "/sources/text",
    method="POST",
    summary="Ingest an article given as text",
    tag="sources",
    body=IngestTextIn,
    response=IngestOut,
    status=201,
    role=Role.FACT_CHECKER,
    errors=(400, 401, 403, 415, 422),
    extra_responses={200: (IngestOut, "Already stored: nothing changed (status duplicate).")},
)
def ingest_article_text(body: IngestTextIn) -> ResponseReturnValue:
    """Store the article and the statements found in it (201; 200 when it is a duplicate).

    All or nothing: a refused article leaves nothing behind (422 with the reason).
    """
    who = actor()
    # Checked and extracted before the write transaction opens (SQLite's lock).
    prepared = prepare_text(
        text=body.text,
        title=body.title,
        url=body.url or None,
        outlet=body.outlet or None,
        published=body.published,
    )
    result = ingest_prepared(database(), prepared, method=IngestMethod.API, actor_id=who.id)
    source_id = result.source.id
    new_ids = [st.id for st in result.statements if st.id is not None]
    enqueue_matching(current_app, new_ids, actor_id=who.id)
    return _ingested(result.status, result.message, source_id)


@operation(
    "/sources/url",
    method="POST",
    summary="Ingest an article by URL",
    tag="sources",
    body=IngestUrlIn,
    response=IngestOut,
    status=201,
    role=Role.FACT_CHECKER,
    errors=(400, 401, 403, 415, 422),
    extra_responses={
        200: (IngestOut, "Already stored: nothing changed (status duplicate)."),
        202: (IngestOut, "Queued: a worker fetches it (status queued, with job_id)."),
    },
)
def ingest_article_url(body: IngestUrlIn) -> ResponseReturnValue:
    """Fetch the page through the SSRF guard (private addresses refused) and store it.

    201 with the source when stored now, 202 with the job id when a worker will
    fetch it, 422 when the address or the page is refused.
    """
    job = enqueue(
        current_app, "ingest_url", actor_id=actor().id, url=body.url, outlet=body.outlet or None
    )
    if job.status == JobStatus.SUCCEEDED:
        result = job.result or {}
        return _ingested(str(result["status"]), str(result["message"]), result.get("source_id"))
    if job.status == JobStatus.FAILED:
        raise ApiError(422, job.last_error or "The article could not be fetched.")
    data: dict[str, Any] = {
        "status": "queued",
        "message": f"Queued: a worker will fetch the article (job {job.id}).",
        "source_id": None,
        "statements": [],
        "job_id": job.id,
    }
    return respond(IngestOut, data, status=202)
