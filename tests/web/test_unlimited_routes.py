"""Routes without a rate limit skip Flask-Limiter; the limited ones are still counted.

Widgets, public pages and health probes have no limit (cheap, public, mostly
cached), so the limiter lets them through before working anything out.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from onrecord.app import UNLIMITED_BLUEPRINTS, create_app
from onrecord.web import limits
from tests.conftest import make_test_app
from tests.web.embed.conftest import publish_verdict


def test_unlimited_blueprints_have_no_limits_to_skip(tmp_path: Path) -> None:
    app = create_app(
        {"database_url": f"sqlite:///{tmp_path / 'x.db'}", "instance_path": str(tmp_path)}
    )
    limiter = app.extensions[limits.EXTENSION]
    try:
        for name in UNLIMITED_BLUEPRINTS:
            assert name in app.blueprints
            assert not limiter.limit_manager.blueprint_limits(app, name), name
    finally:
        app.extensions["onrecord.db"].dispose()


def test_widgets_and_pages_pass_while_the_api_is_limited(tmp_path: Path) -> None:
    name = uuid.uuid4().hex[:8]
    app = make_test_app(
        tmp_path / name, f"sqlite:///{tmp_path / name}.db", api_read_limit="2/minute"
    )
    try:
        published = publish_verdict(app.extensions["onrecord.db"])
        client = app.test_client()
        for _ in range(4):
            for path in (f"/embed/reviews/{published.review_id}", "/verdicts", "/healthz"):
                response = client.get(path)
                assert response.status_code == 200, path
                assert "X-RateLimit-Limit" not in response.headers
        codes = [client.get("/api/v1/reviews").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
    finally:
        app.extensions["onrecord.db"].dispose()
