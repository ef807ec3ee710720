"""Errors the pipeline raises for bad input; views and the CLI show their message as is."""

from __future__ import annotations

from typing import Protocol


class OperationError(ValueError):
    """An operation refused its input; ``str(error)`` is a sentence for the user."""


class NotFound(OperationError):
    """The object named does not exist."""


class Conflict(OperationError):
    """The change clashes with the current state (duplicate, stale version, ...)."""


class _HasId(Protocol):
    id: int | None


def require_id(row: _HasId) -> int:
    """The primary key of a flushed row (a programming error if it has none yet)."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet; flush the session first")
    return row.id
