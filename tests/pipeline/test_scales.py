"""Rating scales as data and their registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onrecord.pipeline.review import scales
from onrecord.pipeline.review.scales import (
    FLIP,
    TRUTH,
    RatingLevel,
    RatingScale,
    all_scales,
    get_scale,
    register_scale,
)

STARS = RatingScale(
    slug="stars",
    name="Stars",
    levels=(
        RatingLevel("Five stars", 5, "#1b7a3a", "Fully accurate."),
        RatingLevel("One star", 1, "#b3261e", "Wrong."),
        RatingLevel("Three stars", 3, "#b38600", "Half right."),
    ),
)


@pytest.fixture
def clean_registry() -> Iterator[None]:
    """Undo registrations made by a test, so that the built-in registry stays as it was."""
    saved = dict(scales._REGISTRY)
    yield
    scales._REGISTRY.clear()
    scales._REGISTRY.update(saved)


def test_truth_scale_levels_in_order() -> None:
    assert [(lvl.label, lvl.value) for lvl in TRUTH.levels] == [
        ("True", 6),
        ("Mostly True", 5),
        ("Half True", 4),
        ("Mostly False", 3),
        ("False", 2),
        ("Pants on Fire", 1),
    ]


def test_flip_scale_levels_in_order() -> None:
    assert [(lvl.label, lvl.value) for lvl in FLIP.levels] == [
        ("No Flip", 3),
        ("Half Flip", 2),
        ("Full Flop", 1),
    ]


@pytest.mark.parametrize(("scale", "best", "worst"), [(TRUTH, 6, 1), (FLIP, 3, 1), (STARS, 5, 1)])
def test_best_and_worst(scale: RatingScale, best: int, worst: int) -> None:
    assert scale.best == best
    assert scale.worst == worst


@pytest.mark.parametrize("scale", [TRUTH, FLIP])
def test_builtin_levels_are_well_formed(scale: RatingScale) -> None:
    values = [lvl.value for lvl in scale.levels]
    labels = [lvl.label.lower() for lvl in scale.levels]
    assert len(set(values)) == len(values)
    assert len(set(labels)) == len(labels)
    assert values == sorted(values, reverse=True)
    for lvl in scale.levels:
        assert lvl.colour.startswith("#")
        assert len(lvl.colour) == 7
        assert lvl.description


@pytest.mark.parametrize("label", ["Mostly True", "mostly true", "MOSTLY TRUE", "mOsTlY tRuE"])
def test_level_by_label_is_case_insensitive(label: str) -> None:
    assert TRUTH.level(label).value == 5


@pytest.mark.parametrize(
    ("value", "label"), [(6, "True"), (4, "Half True"), (2, "False"), (1, "Pants on Fire")]
)
def test_level_by_value(value: int, label: str) -> None:
    assert TRUTH.level(value).label == label


def test_label_false_is_not_confused_with_mostly_false() -> None:
    assert TRUTH.level("false").value == 2
    assert TRUTH.level("mostly false").value == 3


@pytest.mark.parametrize("unknown", ["Kinda True", "", "6", 0, 7, -1])
def test_unknown_level_raises_key_error_naming_the_scale(unknown: str | int) -> None:
    with pytest.raises(KeyError, match="Truth scale"):
        TRUTH.level(unknown)


def test_registry_has_the_builtin_scales() -> None:
    assert get_scale("truth") is TRUTH
    assert get_scale("flip") is FLIP
    assert {s.slug for s in all_scales()} >= {"truth", "flip"}


def test_unknown_scale_raises_key_error_listing_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown rating scale 'politifact'.*flip, truth"):
        get_scale("politifact")


@pytest.mark.usefixtures("clean_registry")
def test_register_scale_makes_it_available() -> None:
    register_scale(STARS)
    assert get_scale("stars") is STARS
    assert STARS in all_scales()
    assert STARS.level("three STARS").value == 3


@pytest.mark.usefixtures("clean_registry")
def test_register_scale_replaces_one_with_the_same_slug() -> None:
    house_truth = RatingScale(
        slug="truth",
        name="House truth",
        levels=(
            RatingLevel("Right", 2, "#1b7a3a", "Right."),
            RatingLevel("Wrong", 1, "#b3261e", "Wrong."),
        ),
    )
    register_scale(house_truth)
    assert get_scale("truth") is house_truth
    assert [s.slug for s in all_scales()].count("truth") == 1


def test_scales_are_immutable() -> None:
    with pytest.raises(AttributeError):
        TRUTH.slug = "other"  # type: ignore[misc]
