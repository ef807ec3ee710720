"""Dumps of the public verdicts: JSON, CSV and the ClaimReview feed (JSON Lines).

``onrecord export`` and ``/verdicts/claimreview.jsonl`` both write through
here. Verdicts are read in batches and written as they come, so a large
archive never sits in memory. JSON and CSV hold every public verdict,
retracted ones included (with their state and note); the ClaimReview feed
holds the verdicts that have a ClaimReview (not retracted, rated).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from sqlmodel import Session

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.publish.claimreview import Organisation, claim_review, has_claim_review
from onrecord.pipeline.publish.records import PublishedVerdict
from onrecord.pipeline.publish.verdicts import iter_published_verdicts

#: The formats of :func:`write_export`.
EXPORT_FORMATS = ("json", "csv", "claimreview-jsonl")
CSV_COLUMNS = (
    "id", "state", "url", "claim", "rating", "rating_value", "best_rating", "worst_rating",
    "scale", "speaker", "speaker_slug", "said_on", "statement", "statement_kind",
    "source_title", "source_url", "outlet", "published_at", "updated_at", "version",
    "corrections", "evidence",
)  # fmt: skip
#: A verdict's public page address from its id.
PageUrl = Callable[[int], str]


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ runs as one)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_row(verdict: PublishedVerdict, url: str) -> dict[str, Any]:
    """One verdict as the CSV columns (lists joined: corrections by " | ", evidence by spaces)."""
    rating, speaker, source = verdict.rating, verdict.speaker, verdict.source
    return {
        "id": verdict.id,
        "state": verdict.state,
        "url": url,
        "claim": verdict.claim,
        "rating": rating.label if rating else "",
        "rating_value": rating.value if rating and rating.value is not None else "",
        "best_rating": rating.best if rating and rating.best is not None else "",
        "worst_rating": rating.worst if rating and rating.worst is not None else "",
        "scale": rating.scale if rating else "",
        "speaker": speaker.name if speaker else "",
        "speaker_slug": speaker.slug if speaker else "",
        "said_on": verdict.statement.said_on.isoformat() if verdict.statement.said_on else "",
        "statement": verdict.statement.text,
        "statement_kind": verdict.statement.kind,
        "source_title": source.title,
        "source_url": source.url or "",
        "outlet": source.outlet or "",
        "published_at": verdict.published_at.isoformat() if verdict.published_at else "",
        "updated_at": verdict.updated_at.isoformat(),
        "version": verdict.version,
        "corrections": " | ".join(
            f"{entry.date.date().isoformat()} {entry.kind}: {entry.note}"
            for entry in verdict.corrections
        ),
        "evidence": " ".join(item.url for item in verdict.evidence),
    }


def claim_review_lines(
    session: Session, *, page_url: PageUrl, organisation: Organisation
) -> Iterator[str]:
    """The ClaimReview feed: one compact JSON object per line, by verdict id."""
    for verdict in iter_published_verdicts(session):
        if has_claim_review(verdict):
            data = claim_review(verdict, page_url=page_url(verdict.id), organisation=organisation)
            yield json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_json(session: Session, out: TextIO, page_url: PageUrl) -> int:
    count = 0
    out.write("[")
    for verdict in iter_published_verdicts(session):
        out.write(",\n" if count else "\n")
        data = {**verdict.to_public(), "url": page_url(verdict.id)}
        out.write(json.dumps(data, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_csv(session: Session, out: TextIO, page_url: PageUrl) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for verdict in iter_published_verdicts(session):
        row = csv_row(verdict, page_url(verdict.id))
        writer.writerow({name: _csv_cell(value) for name, value in row.items()})
        count += 1
    return count


def write_export(
    session: Session,
    out: TextIO,
    fmt: str,
    *,
    page_url: PageUrl,
    organisation: Organisation,
) -> int:
    """Write every public verdict to ``out`` in ``fmt``; the number of records written.

    ``json``: one array of verdict objects (the ``.json`` twins' fields plus
    ``url``); ``csv``: :data:`CSV_COLUMNS`; ``claimreview-jsonl``: the feed.
    OperationError for an unknown format.
    """
    if fmt == "json":
        return _write_json(session, out, page_url)
    if fmt == "csv":
        return _write_csv(session, out, page_url)
    if fmt == "claimreview-jsonl":
        count = 0
        for line in claim_review_lines(session, page_url=page_url, organisation=organisation):
            out.write(line)
            count += 1
        return count
    known = ", ".join(EXPORT_FORMATS)
    raise OperationError(f"Unknown export format {fmt!r}; use one of {known}.")
