"""Rating scales as data, in a registry that the built-in scales use too.

Values grow with truth (or, for the Flip scale, with consistency), so that
ClaimReview's ``bestRating`` is the highest value and ``worstRating`` the lowest.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def get_scale(slug: str) -> RatingScale:
    """The scale with ``slug``; KeyError naming the known ones if unknown."""
    try:
        return _REGISTRY[slug]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KeyError(f"unknown rating scale {slug!r}; known: {known}") from None


def all_scales() -> list[RatingScale]:
    """Every registered scale."""
    return list(_REGISTRY.values())


register_scale(TRUTH)
register_scale(FLIP)
