"""Health probes for load balancers and process managers.

``/healthz`` answers as long as the process serves requests (no database, so
a database outage does not get every app server restarted). ``/readyz`` says
whether this server can do its work: the database answers and its schema is
at the revision this code needs (or a newer one, during a rolling upgrade).
Neither needs a login, sets a cookie or may be cached.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, jsonify

from onrecord.migrations import alembic_config, head_revision
from onrecord.web.extensions import database

bp = Blueprint("health", __name__)
log = logging.getLogger("onrecord.web.health")


@functools.cache
def _head() -> str | None:
    # The migration scripts do not change while the process runs.
    return head_revision()


@functools.cache
def _known_revisions() -> frozenset[str]:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(script.revision for script in scripts.walk_revisions())


def _probe(payload: dict[str, Any], status: int) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive and serving requests."""
    return _probe({"status": "ok"}, 200)


def _check_database() -> tuple[dict[str, Any], dict[str, Any]]:
    """(database check, migrations check); details of failures go to the log, not the client."""
    engine = database().engine
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            current = MigrationContext.configure(conn).get_current_revision()
    except sa.exc.SQLAlchemyError as exc:
        log.warning("readiness: database unreachable: %s", str(exc).splitlines()[0])
        return {"ok": False, "error": "unreachable"}, {"ok": False, "error": "not checked"}
    head = _head()
    migrations: dict[str, Any] = {"ok": current == head, "current": current, "head": head}
    if current is not None and current not in _known_revisions():
        # Upgraded by a newer release during a rolling deployment: this server
        # keeps serving until it is replaced (migrations stay compatible for
        # one release), rather than every old server leaving at once.
        migrations.update(ok=True, note="the database is newer than this server's code")
    elif current != head:
        migrations["error"] = "run `onrecord db upgrade`"
    return {"ok": True}, migrations


@bp.get("/readyz")
def readyz() -> Response:
    """The database answers and is migrated: 200, or 503 naming the failed check."""
    db_check, migration_check = _check_database()
    checks = {"database": db_check, "migrations": migration_check}
    ready = all(check["ok"] for check in checks.values())
    return _probe({"status": "ok" if ready else "fail", "checks": checks}, 200 if ready else 503)
