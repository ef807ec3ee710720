"""Reading the job table for the desk and the CLI."""

from __future__ import annotations

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from onrecord.models import Job, JobStatus


def list_jobs(
    session: Session, *, status: JobStatus | None = None, limit: int = 50, offset: int = 0
) -> list[Job]:
    """Jobs newest first, optionally of one status."""
    query = select(Job)
    if status is not None:
        query = query.where(Job.status == status)
    query = query.order_by(col(Job.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query).all())


def count_jobs(session: Session, *, status: JobStatus | None = None) -> int:
    """How many jobs (of one status) there are."""
    query = select(func.count()).select_from(Job)
    if status is not None:
        query = query.where(Job.status == status)
    return int(session.exec(query).one())


def status_counts(session: Session) -> dict[JobStatus, int]:
    """Jobs per status, every status present (0 when none)."""
    rows = session.exec(select(Job.status, func.count()).group_by(Job.status)).all()
    found = {JobStatus(status): int(n) for status, n in rows}
    return {status: found.get(status, 0) for status in JobStatus}


def jobs_query(status: JobStatus | None = None) -> SelectOfScalar[Job]:
    """Jobs newest first (of one status), for a paginated list."""
    query = select(Job)
    if status is not None:
        query = query.where(Job.status == status)
    return query.order_by(col(Job.id).desc())
