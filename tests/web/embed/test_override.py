"""A newsroom's own widget templates (ONRECORD_EMBED_TEMPLATE_DIR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.config import ConfigError
from tests.conftest import make_test_app
from tests.web.embed.conftest import publish_verdict
from tests.web.html import one, parse, text

OVERRIDE = """{% extends "embed/base.html" %}
{% block content %}<p class="house">{{ verdict.speaker_name }}: {{ verdict.label }}
({{ verdict.rating_value }}/{{ verdict.best }}) {{ theme.name }}</p>{% endblock %}
"""


def test_a_file_in_the_folder_replaces_the_built_in_widget(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "review.html").write_text(OVERRIDE, encoding="utf-8")
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'o.db'}", embed_template_dir=str(folder))
    item = publish_verdict(app.extensions["onrecord.db"])
    client = app.test_client()
    soup = parse(client.get(f"/embed/reviews/{item.review_id}?theme=dark"))
    assert text(one(soup, "p.house")) == "Anna Varga: Mostly False (3/6) dark"
    # The base template is still ours, and the speaker widget is untouched.
    assert one(soup, 'link[rel="stylesheet"]')["href"].startswith("/static/embed/widget.css")
    speaker = parse(client.get(f"/embed/speakers/{item.speaker_slug}"))
    assert speaker.select("p.house") == []
    assert text(one(speaker, "h1")) == "Anna Varga"
    app.extensions["onrecord.db"].dispose()


def test_override_templates_change_the_etag(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    folder.mkdir()
    plain = make_test_app(tmp_path / "a", f"sqlite:///{tmp_path / 'a.db'}")
    item = publish_verdict(plain.extensions["onrecord.db"])
    (folder / "review.html").write_text(OVERRIDE, encoding="utf-8")
    custom = make_test_app(
        tmp_path / "b", f"sqlite:///{tmp_path / 'a.db'}", embed_template_dir=str(folder)
    )
    url = f"/embed/reviews/{item.review_id}"
    etag_plain = plain.test_client().get(url).headers["ETag"]
    etag_custom = custom.test_client().get(url).headers["ETag"]
    assert etag_plain != etag_custom
    for app in (plain, custom):
        app.extensions["onrecord.db"].dispose()


def test_desk_templates_cannot_be_replaced_from_the_widget_folder(tmp_path: Path) -> None:
    folder = tmp_path / "house"
    (folder / "desk").mkdir(parents=True)
    (folder / "desk" / "index.html").write_text("hijacked", encoding="utf-8")
    (folder / "base.html").write_text("hijacked", encoding="utf-8")
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'd.db'}", embed_template_dir=str(folder))
    response = app.test_client().get("/login")
    assert b"hijacked" not in response.get_data()
    app.extensions["onrecord.db"].dispose()


def test_a_missing_folder_stops_the_app_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ONRECORD_EMBED_TEMPLATE_DIR"):
        make_test_app(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", embed_template_dir="/no/such")
