"""Rating scales as data, in a registry that the built-in scales use too.

Values grow with truth (or, for the Flip scale, with consistency), so that
ClaimReview's ``bestRating`` is the highest value and ``worstRating`` the lowest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class RatingLevel:
    """One step of a scale."""

    label: str
    value: int
    colour: str  # CSS colour; status is never shown by colour alone
    description: str


@dataclass(frozen=True, slots=True)
class RatingScale:
    """A named, ordered set of levels."""

    slug: str
    name: str
    levels: tuple[RatingLevel, ...]

    @property
    def best(self) -> int:
        """The value of the best level."""
        return max(level.value for level in self.levels)

    @property
    def worst(self) -> int:
        """The value of the worst level."""
        return min(level.value for level in self.levels)

    def level(self, label_or_value: str | int) -> RatingLevel:
        """The level with this label (case-insensitive) or value; KeyError if none."""
        for level in self.levels:
            if isinstance(label_or_value, int) and level.value == label_or_value:
                return level
            if isinstance(label_or_value, str) and level.label.lower() == label_or_value.lower():
                return level
        raise KeyError(f"{label_or_value!r} is not a level of the {self.name} scale")


TRUTH = RatingScale(
    slug="truth",
    name="Truth",
    levels=(
        RatingLevel(
            "True", 6, "#1b7a3a", "The statement is accurate and nothing significant is missing."
        ),
        RatingLevel(
            "Mostly True", 5, "#5b8c2a", "Accurate but needs clarification or more detail."
        ),
        RatingLevel("Half True", 4, "#b38600", "Partially accurate; leaves out important details."),
        RatingLevel(
            "Mostly False", 3, "#c2621a", "Contains some truth but ignores critical facts."
        ),
        RatingLevel("False", 2, "#b3261e", "The statement is not accurate."),
        RatingLevel("Pants on Fire", 1, "#7a1020", "Not accurate and makes a ridiculous claim."),
    ),
)

FLIP = RatingScale(
    slug="flip",
    name="Flip",
    levels=(
        RatingLevel("No Flip", 3, "#1b7a3a", "No significant change in position."),
        RatingLevel("Half Flip", 2, "#b38600", "A partial change in position."),
        RatingLevel("Full Flop", 1, "#b3261e", "A complete change in position."),
    ),
)

_REGISTRY: dict[str, RatingScale] = {}


def register_scale(scale: RatingScale) -> None:
    """Make ``scale`` available by its slug (replacing one with the same slug)."""
    _REGISTRY[scale.slug] = scale


class ScaleSource(Protocol):
    """Where the scales an admin defined come from (the database, for the web app and CLI)."""

    def get(self, slug: str) -> RatingScale | None:
        """The defined scale with ``slug``, retired ones included; None if there is none."""

    def active(self) -> Sequence[RatingScale]:
        """The defined scales that new verdicts may use."""


# Set per request (or per CLI command) so that each app reads its own database;
# nothing about a database is kept between requests, so every process agrees.
_SOURCE: ContextVar[ScaleSource | None] = ContextVar("onrecord_scale_source", default=None)


@contextmanager
def scale_source(source: ScaleSource | None) -> Iterator[None]:
    """Use ``source`` for defined scales inside the ``with`` block."""
    token = _SOURCE.set(source)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def bind_scale_source(source: ScaleSource | None) -> object:
    """Use ``source`` until :func:`unbind_scale_source` is called with the returned token."""
    return _SOURCE.set(source)


def unbind_scale_source(token: object) -> None:
    """Undo :func:`bind_scale_source`."""
    _SOURCE.reset(token)  # type: ignore[arg-type]


def builtin_slugs() -> frozenset[str]:
    """The slugs of the scales registered in code."""
    return frozenset(_REGISTRY)


def get_scale(slug: str) -> RatingScale:
    """The scale with ``slug`` (built in or defined); KeyError naming the known ones if unknown."""
    scale = _REGISTRY.get(slug)
    if scale is not None:
        return scale
    source = _SOURCE.get()
    defined = source.get(slug) if source is not None else None
    if defined is not None:
        return defined
    known = ", ".join(sorted(s.slug for s in all_scales()))
    raise KeyError(f"unknown rating scale {slug!r}; known: {known}")


def all_scales() -> list[RatingScale]:
    """The built-in scales and the active defined ones, built-ins first."""
    source = _SOURCE.get()
    defined = list(source.active()) if source is not None else []
    return [*_REGISTRY.values(), *(s for s in defined if s.slug not in _REGISTRY)]


SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,49}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_LEVELS, MAX_LEVELS = 2, 12


def build_scale(slug: str, name: str, levels: Sequence[Mapping[str, Any]]) -> RatingScale:
    """A :class:`RatingScale` from plain data, checked; ValueError with a sentence if unusable.

    Levels may come in any order; values must be distinct integers (higher = better,
    which ClaimReview calls ``bestRating``) and labels distinct ignoring case.
    """
    if not SLUG_RE.match(slug):
        raise ValueError(
            "the short name must be 2-50 characters: lower-case letters, digits and '-', "
            "starting with a letter"
        )
    name = name.strip()
    if not name:
        raise ValueError("the scale needs a name")
    if not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
        raise ValueError(f"a scale has {MIN_LEVELS} to {MAX_LEVELS} levels, not {len(levels)}")
    built = []
    for n, raw in enumerate(levels, start=1):
        label = str(raw.get("label", "")).strip()
        colour = str(raw.get("colour", "")).strip()
        value = raw.get("value")
        if not label or len(label) > 100:
            raise ValueError(f"level {n} needs a label of at most 100 characters")
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"level {n} ({label}) needs a whole-number value")
        if not COLOUR_RE.match(colour):
            raise ValueError(f"level {n} ({label}): the colour must look like #1b7a3a")
        built.append(RatingLevel(label, value, colour, str(raw.get("description", "")).strip()))
    if len({level.label.lower() for level in built}) != len(built):
        raise ValueError("two levels have the same label")
    if len({level.value for level in built}) != len(built):
        raise ValueError("two levels have the same value")
    ordered = tuple(sorted(built, key=lambda level: level.value, reverse=True))
    return RatingScale(slug=slug, name=name, levels=ordered)


def scale_levels_data(scale: RatingScale) -> list[dict[str, Any]]:
    """The levels of ``scale`` as plain data (what the database stores)."""
    return [
        {"label": lv.label, "value": lv.value, "colour": lv.colour, "description": lv.description}
        for lv in scale.levels
    ]


register_scale(TRUTH)
register_scale(FLIP)
