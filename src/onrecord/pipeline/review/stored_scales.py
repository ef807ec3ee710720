"""Rating scales that admins defined, read from the database.

:class:`StoredScales` is the :class:`~onrecord.pipeline.review.scales.ScaleSource`
the web app binds for each request and the CLI for each command. It reads on
first use and remembers only for its own lifetime (one request), so a scale
defined in one process is seen by every other process on its next request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from onrecord.models import RatingScaleDefinition
from onrecord.pipeline.review.scales import RatingScale, build_scale


def scale_from_row(row: RatingScaleDefinition) -> RatingScale:
    """The :class:`RatingScale` a stored definition describes."""
    return build_scale(row.slug, row.name, row.levels)


@dataclass(frozen=True, slots=True)
class StoredScale:
    """One stored definition as plain data (nothing tied to a session)."""

    id: int
    scale: RatingScale
    description: str
    is_active: bool


class StoredScales:
    """Defined scales of one database, read once, on first use, through ``session_factory``.

    With ``close=True`` the session the factory returns is closed after reading
    (for the CLI, where no request closes it).
    """

    def __init__(self, session_factory: Callable[[], Session], *, close: bool = False) -> None:
        self._session_factory = session_factory
        self._close = close
        self._entries: list[StoredScale] | None = None

    def entries(self) -> list[StoredScale]:
        """Every stored definition, oldest first (for the admin page)."""
        if self._entries is None:
            session = self._session_factory()
            try:
                rows = session.exec(
                    select(RatingScaleDefinition).order_by(col(RatingScaleDefinition.id))
                ).all()
                self._entries = [
                    StoredScale(row.id or 0, scale_from_row(row), row.description, row.is_active)
                    for row in rows
                ]
            finally:
                if self._close:
                    session.close()
        return self._entries

    def get(self, slug: str) -> RatingScale | None:
        """The defined scale with ``slug`` (retired ones too: old verdicts still use them)."""
        for entry in self.entries():
            if entry.scale.slug == slug:
                return entry.scale
        return None

    def active(self) -> Sequence[RatingScale]:
        """The defined scales new verdicts may use."""
        return [entry.scale for entry in self.entries() if entry.is_active]
