"""The widget templates' context contract: documented, declared and passed alike.

docs/publishing.md ("Template context contract") lists the variables of each
widget template and the fields of the objects in them; contexts.py declares
them; the views pass them. Newsrooms' override templates rely on all three
agreeing (the idea of Datasette's documented template contexts).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from onrecord.web.embed import contexts
from onrecord.web.embed.links import EmbedInfo
from onrecord.web.embed.themes import Theme
from tests.web.embed.conftest import Published

DOC = Path(__file__).resolve().parents[3] / "docs" / "publishing.md"
CLASSES: dict[str, type] = {
    "VerdictCard": contexts.VerdictCard,
    "ScaleStep": contexts.ScaleStep,
    "SpeakerCard": contexts.SpeakerCard,
    "ReversalCard": contexts.ReversalCard,
    "Theme": Theme,
    "EmbedInfo": EmbedInfo,
    "Assets": contexts.Assets,
}
TEMPLATES: dict[str, type] = {
    "embed/review.html": contexts.ReviewWidgetContext,
    "embed/speaker.html": contexts.SpeakerWidgetContext,
    "embed/error.html": contexts.ErrorWidgetContext,
}


def contract_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("### Template context contract")
    end = text.find("\n## ", start)
    return text[start : end if end > 0 else len(text)]


def documented_variables() -> dict[str, dict[str, str]]:
    """{template: {variable: type name}} from the bullet lists."""
    found: dict[str, dict[str, str]] = {}
    for match in re.finditer(
        r"^`(embed/[a-z_]+\.html)`:\n\n((?:- .+\n)+)", contract_section(), re.M
    ):
        found[match[1]] = dict(re.findall(r"^- `(\w+)`: (\w+)", match[2], re.M))
    return found


def documented_fields() -> dict[str, set[str]]:
    """{class: {field}} from the tables."""
    found: dict[str, set[str]] = {}
    pattern = r"^(\w+)(?: \([^)]*\))?:\n\n\| field \| meaning \|\n\|---\|---\|\n((?:\|.+\n)+)"
    for match in re.finditer(pattern, contract_section(), re.M):
        found[match[1]] = set(re.findall(r"^\| `(\w+)` \|", match[2], re.M))
    return found


def declared_fields(cls: type) -> set[str]:
    names = {f.name for f in dataclasses.fields(cls)}
    names |= {name for name, value in vars(cls).items() if isinstance(value, property)}
    return names


def test_every_widget_template_is_documented() -> None:
    documented = documented_variables()
    assert set(documented) == set(TEMPLATES)
    for template, context in TEMPLATES.items():
        assert set(documented[template]) == {f.name for f in dataclasses.fields(context)}


def test_every_object_in_a_context_is_documented_field_by_field() -> None:
    documented = documented_fields()
    assert set(documented) == set(CLASSES)
    for name, cls in CLASSES.items():
        assert documented[name] == declared_fields(cls), name


def test_documented_types_are_the_declared_ones() -> None:
    for template, variables in documented_variables().items():
        hints = {f.name: str(f.type) for f in dataclasses.fields(TEMPLATES[template])}
        for variable, type_name in variables.items():
            assert hints[variable] == type_name, (template, variable)


@contextmanager
def captured(app: Flask) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    seen: list[tuple[str, dict[str, Any]]] = []

    def record(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        seen.append((template.name, context))

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def _check(context: dict[str, Any], declared: type) -> None:
    for f in dataclasses.fields(declared):
        assert f.name in context, f.name
        expected = CLASSES.get(str(f.type)) or {"int": int, "str": str}[str(f.type)]
        assert isinstance(context[f.name], expected), f.name


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("/embed/reviews/{review_id}", "embed/review.html"),
        ("/embed/speakers/{slug}", "embed/speaker.html"),
        ("/embed/reviews/{review_id}?theme=nope", "embed/error.html"),
        ("/embed/reviews/999999", "embed/error.html"),
    ],
)
def test_views_pass_exactly_the_documented_context(
    app: Flask, client: FlaskClient, published: Published, url: str, template: str
) -> None:
    with captured(app) as seen:
        client.get(url.format(review_id=published.review_id, slug=published.speaker_slug))
    assert seen[0][0] == template
    _check(seen[0][1], TEMPLATES[template])
