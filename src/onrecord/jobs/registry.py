"""The registry of job kinds: what a job named ``kind`` runs, and how its work is keyed.

The built-in kinds (:mod:`onrecord.jobs.kinds`) register through
:func:`register_kind` like any other kind would; a deployment can add its own
by importing a module that registers more kinds before jobs are enqueued or a
worker starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from onrecord.pipeline.errors import OperationError

#: What a job function returns: a small JSON-ready summary kept on the job row.
JobResult = dict[str, Any]
JobFunction = Callable[..., JobResult]


class UnknownJobKind(OperationError):
    """No job kind of that name is registered."""


@dataclass(frozen=True, slots=True)
class JobKind:
    """One kind of background job.

    ``run(ctx, **params)`` does the work and returns a JSON-ready summary; it
    must be idempotent (a second run with the same parameters changes nothing
    more). ``key(params)`` names the piece of work, so that asking twice for
    the same work while it is pending gives the same job. With
    ``once_per_key`` the key names work that is done once for good (a feed
    poll for one time bucket), so a finished job with the key also counts.
    """

    name: str
    label: str
    run: JobFunction
    key: Callable[[Mapping[str, Any]], str]
    once_per_key: bool = False


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> JobKind:
    """Add ``kind`` to the registry (replacing one of the same name) and return it."""
    _KINDS[kind.name] = kind
    return kind


def job_kind(
    name: str,
    *,
    label: str,
    key: Callable[[Mapping[str, Any]], str],
    once_per_key: bool = False,
) -> Callable[[JobFunction], JobFunction]:
    """Decorator form of :func:`register_kind` for a job function."""

    def decorate(func: JobFunction) -> JobFunction:
        register_kind(JobKind(name, label, func, key, once_per_key))
        return func

    return decorate


def get_kind(name: str) -> JobKind:
    """The registered kind called ``name``; :class:`UnknownJobKind` if there is none."""
    _load_builtins()
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "none"
        raise UnknownJobKind(f"there is no job kind {name!r} (known: {known})") from None


def kinds() -> list[JobKind]:
    """Every registered kind, by name."""
    _load_builtins()
    return [_KINDS[name] for name in sorted(_KINDS)]


def _load_builtins() -> None:
    # Imported on first use, not at module import, because the built-in kinds
    # import this module to register themselves.
    import onrecord.jobs.kinds  # noqa: F401
