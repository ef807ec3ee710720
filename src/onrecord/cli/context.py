"""The CLI's lazily built app: commands that need no database never open one."""

from __future__ import annotations

from flask import Flask

from onrecord.db import Database, DatabaseError
from onrecord.migrations import current_revision, head_revision
from onrecord.pipeline.review.scales import bind_scale_source, unbind_scale_source
from onrecord.pipeline.review.stored_scales import StoredScales


class AppContext:
    """Builds the Flask app on first use, from the environment's settings."""

    def __init__(self) -> None:
        self._app: Flask | None = None
        self._scales_token: object | None = None

    @property
    def loaded(self) -> bool:
        """Whether the app has been built."""
        return self._app is not None

    @property
    def app(self) -> Flask:
        """The app (built on first access)."""
        if self._app is None:
            from onrecord.app import create_app

            self._app = create_app()
        return self._app

    @property
    def db(self) -> Database:
        """The app's database (not checked)."""
        database: Database = self.app.extensions["onrecord.db"]
        return database

    @property
    def database_url(self) -> str:
        """The database URL in use."""
        return self.db.url

    def ready_db(self) -> Database:
        """The database, checked to be reachable and migrated to the newest revision."""
        db = self.db
        db.check()
        current = current_revision(db.engine)
        head = head_revision()
        if current is None:
            raise DatabaseError("the database has no tables yet; run `onrecord db upgrade` first")
        if current != head:
            raise DatabaseError(
                f"the database is at revision {current} but this onrecord needs {head}; "
                "run `onrecord db upgrade`"
            )
        if self._scales_token is None:
            # Verdicts on scales an admin defined render in CLI output and exports too.
            self._scales_token = bind_scale_source(StoredScales(db.session, close=True))
        return db

    def close(self) -> None:
        """End of the command: unbind the scales and close the database's connections
        (a process that runs several commands, like a test, must not keep them)."""
        if self._scales_token is not None:
            unbind_scale_source(self._scales_token)
            self._scales_token = None
        if self._app is not None:
            self.db.dispose()
