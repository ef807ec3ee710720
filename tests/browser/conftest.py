"""Fixtures of the browser tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

#: Where to keep a copy of the screenshots, first match wins.
SCREENSHOTS_ENV = ("ONRECORD_TEST_SCREENSHOTS",)


@pytest.fixture(scope="session", autouse=True)
def screenshot_dir() -> Path | None:
    """The folder named by ``$ONRECORD_TEST_SCREENSHOTS``, if any (test variables are
    ``ONRECORD_TEST_*``, which the app's settings ignore)."""
    folder = next((os.environ[name] for name in SCREENSHOTS_ENV if os.environ.get(name)), None)
    return Path(folder) if folder else None


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["onrecord.db"].dispose()


@pytest.fixture
def shoot(tmp_path: Path, screenshot_dir: Path | None) -> Callable[[Any, str], Path]:
    """``shoot(page, name)``: a full-page screenshot (copied to $ONRECORD_TEST_SCREENSHOTS)."""

    def _shoot(page: Any, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, screenshot_dir / path.name)
        return path

    return _shoot
