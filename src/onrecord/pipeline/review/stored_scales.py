"""Rating scales that admins defined, read from the database.

:class:`StoredScales` is the :class:`~onrecord.pipeline.review.scales.ScaleSource`
the web app binds for each request and the CLI for each command. It reads on
first use and remembers only for its own lifetime (one request), so a scale
defined in one process is seen by every other process on its next request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session, col, select

from onrecord.models import RatingScaleDefinition
from onrecord.pipeline.review.scales import RatingScale, build_scale


def scale_from_row(row: RatingScaleDefinition) -> RatingScale:
    """The :class:`RatingScale` a stored definition describes."""
    return build_scale(row.slug, row.name, row.levels)


class StoredScales:
    """Defined scales of one database, read lazily through ``session_factory``."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._rows: list[RatingScaleDefinition] | None = None

    def _load(self) -> list[RatingScaleDefinition]:
        if self._rows is None:
            session = self._session_factory()
            self._rows = list(
                session.exec(select(RatingScaleDefinition).order_by(col(RatingScaleDefinition.id)))
            )
        return self._rows

    def get(self, slug: str) -> RatingScale | None:
        """The defined scale with ``slug`` (retired ones too: old verdicts still use them)."""
        for row in self._load():
            if row.slug == slug:
                return scale_from_row(row)
        return None

    def active(self) -> Sequence[RatingScale]:
        """The defined scales new verdicts may use."""
        return [scale_from_row(row) for row in self._load() if row.is_active]

    def rows(self) -> list[RatingScaleDefinition]:
        """Every stored definition, oldest first (for the admin page)."""
        return list(self._load())
