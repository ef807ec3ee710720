"""What a job runs with: the settings and a database, built without Flask.

Jobs run in the web process (in-process mode) or in an ``onrecord worker``
(RQ mode); either way they get a :class:`JobEnv`. A worker builds one from
its own ``ONRECORD_*`` settings, so workers and app servers must share the
same database settings.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from onrecord.config import Settings, load_settings
from onrecord.db import Database

_DATABASES: dict[tuple[int, str], Database] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class JobEnv:
    """Settings plus the database they name."""

    settings: Settings
    db: Database


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a job function gets: its environment, its job id and who asked for it."""

    env: JobEnv
    job_id: int
    actor_id: int | None = None

    @property
    def settings(self) -> Settings:
        """The settings the job runs with."""
        return self.env.settings

    @property
    def db(self) -> Database:
        """The database the job works on."""
        return self.env.db


def database_for(settings: Settings) -> Database:
    """One :class:`Database` per URL and process (a forked worker must not share a pool)."""
    url = settings.effective_database_url
    key = (os.getpid(), url)
    with _LOCK:
        db = _DATABASES.get(key)
        if db is None:
            db = _DATABASES[key] = Database(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
        return db


def job_env(target: Any = None) -> JobEnv:
    """The :class:`JobEnv` of ``target``: a JobEnv, a Settings, or a Flask app.

    ``None`` reads the settings from the environment (what a worker does).
    The app is duck-typed (``config["ONRECORD"]`` and ``extensions``) so this
    package never imports Flask.
    """
    if isinstance(target, JobEnv):
        return target
    if target is None:
        target = load_settings()
    if isinstance(target, Settings):
        return JobEnv(target, database_for(target))
    config = getattr(target, "config", None)
    extensions = getattr(target, "extensions", None)
    if config is not None and extensions is not None and "ONRECORD" in config:
        return JobEnv(config["ONRECORD"], extensions["onrecord.db"])
    raise TypeError(f"cannot run jobs with {target!r}: give Settings, a JobEnv or the app")
