"""Fixtures of the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Where to keep a copy of the screenshots, first match wins.
SCREENSHOTS_ENV = ("ONRECORD_TEST_SCREENSHOTS",)


@pytest.fixture(scope="session", autouse=True)
def screenshot_dir() -> Path | None:
    """The folder named by ``$ONRECORD_TEST_SCREENSHOTS``, if any (test variables are
    ``ONRECORD_TEST_*``, which the app's settings ignore)."""
    folder = next((os.environ[name] for name in SCREENSHOTS_ENV if os.environ.get(name)), None)
    return Path(folder) if folder else None
