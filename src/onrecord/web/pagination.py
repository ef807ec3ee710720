"""One pagination helper for every list page (no copy-pasted LIMIT/OFFSET)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

import sqlalchemy as sa
from flask import abort, request
from sqlmodel import Session

T = TypeVar("T")
#: A select of any number of columns or entities.
AnySelect: TypeAlias = "sa.Select[*tuple[Any, ...]]"

#: Rows per page on list pages.
PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of rows plus what the pager needs."""

    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one, even when there are no rows)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """Whether there is a page after this one."""
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """1-based position of the first row on this page (0 when empty)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        """1-based position of the last row on this page (0 when empty)."""
        return self.first_index + len(self.items) - 1 if self.items else 0


def requested_page() -> int:
    """The ``page`` query argument; 404 when it is not a positive whole number."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    return int(raw)


def paginate(
    session: Session, query: AnySelect, *, number: int, per_page: int = PER_PAGE
) -> Page[Any]:
    """Run ``query`` for page ``number``; 404 for a page past the last one.

    ``query`` must be ordered; each item is a row tuple when it selects several
    things, else the single object.
    """
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    page_count = max(1, -(-(total or 0) // per_page))
    if number > page_count:
        abort(404)
    result = session.execute(query.limit(per_page).offset((number - 1) * per_page))
    rows = result.all()
    items = [row[0] if len(row) == 1 else tuple(row) for row in rows]
    return Page(items=items, number=number, per_page=per_page, total=total or 0)
