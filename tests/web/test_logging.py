"""Request ids and structured log lines."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from onrecord.web.logs import JsonFormatter, TextFormatter, valid_request_id
from tests.conftest import make_test_app


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "onrecord.request"]


def test_a_valid_incoming_request_id_is_kept_and_echoed(client: FlaskClient) -> None:
    response = client.get("/login", headers={"X-Request-ID": "edge-4f2a.91:7"})
    assert response.headers["X-Request-ID"] == "edge-4f2a.91:7"


@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "x" * 129,
        "two words",
        "evil\r\nSet-Cookie: a=b",
        'quote"inside',
        "caf\u00e9",
    ],
)
def test_an_invalid_request_id_is_replaced(client: FlaskClient, incoming: str) -> None:
    assert valid_request_id(incoming) is None
    headers = {"X-Request-ID": incoming} if "\n" not in incoming else {}
    response = client.get("/healthz", headers=headers)
    echoed = response.headers["X-Request-ID"]
    assert echoed != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", echoed)


def test_each_request_gets_its_own_generated_id(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first != second


def test_request_line_as_json_has_every_field(
    client: FlaskClient, login: Callable[..., object], caplog: pytest.LogCaptureFixture
) -> None:
    user = login("editor")
    caplog.set_level(logging.INFO, logger="onrecord")
    caplog.clear()
    response = client.get("/sources?page=1", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 200
    [record] = _request_lines(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO"
    assert line["logger"] == "onrecord.request"
    assert line["message"].startswith("GET /sources?page=1 200 ")
    assert line["request_id"] == "req-123"
    assert line["method"] == "GET"
    assert line["path"] == "/sources"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert line["user_id"] == user.id  # type: ignore[attr-defined]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])


def test_anonymous_request_has_no_user_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="onrecord")
    client.get("/login")
    [record] = _request_lines(caplog)
    assert "user_id" not in json.loads(JsonFormatter().format(record))


def test_health_probes_log_at_debug_only(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="onrecord")
    client.get("/healthz")
    assert _request_lines(caplog) == []


def test_an_error_is_logged_once_with_its_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_test_app(tmp_path, f"sqlite:///{tmp_path / 'x.db'}")

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaput")

    caplog.set_level(logging.INFO, logger="onrecord")
    response = app.test_client().get("/boom", headers={"X-Request-ID": "err-1"})
    assert response.status_code == 500
    with_traceback = [r for r in caplog.records if r.exc_info]
    assert len(with_traceback) == 1
    # Our handler adds the request fields to every record it writes.
    handler = next(h for h in logging.getLogger("onrecord").handlers if h.filters)
    for log_filter in handler.filters:
        log_filter.filter(with_traceback[0])  # type: ignore[union-attr]
    line = json.loads(JsonFormatter().format(with_traceback[0]))
    assert line["level"] == "ERROR"
    assert "RuntimeError: kaput" in line["exception"]
    assert line["request_id"] == "err-1"
    [request_line] = _request_lines(caplog)
    assert request_line.status == 500  # type: ignore[attr-defined]
    assert not request_line.exc_info


def test_log_format_setting_picks_the_formatter(tmp_path: Path) -> None:
    make_test_app(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", log_format="json")
    ours = [h for h in logging.getLogger("onrecord").handlers if h.filters]
    assert len(ours) == 1
    assert isinstance(ours[0].formatter, JsonFormatter)
    make_test_app(tmp_path, f"sqlite:///{tmp_path / 'b.db'}", log_level="WARNING")
    ours = [h for h in logging.getLogger("onrecord").handlers if h.filters]
    assert len(ours) == 1  # replaced, not added
    assert isinstance(ours[0].formatter, TextFormatter)
    assert logging.getLogger("onrecord").level == logging.WARNING


def test_text_format_shows_the_request_id(app: Flask) -> None:
    record = logging.LogRecord("onrecord.x", logging.INFO, __file__, 1, "hello %s", ("you",), None)
    record.request_id = "abc"
    assert TextFormatter().format(record).endswith(" INFO onrecord.x [abc] hello you")
    plain = logging.LogRecord("onrecord.x", logging.INFO, __file__, 1, "hi", (), None)
    assert TextFormatter().format(plain).endswith(" INFO onrecord.x hi")
