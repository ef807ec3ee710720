"""Fixtures of the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Where to keep a copy of the screenshots, first match wins.
SCREENSHOTS_ENV = ("ONRECORD_TEST_SCREENSHOTS", "ONRECORD_SCREENSHOTS")


@pytest.fixture(scope="session", autouse=True)
def screenshot_dir() -> Iterator[Path | None]:
    """The folder named by ``$ONRECORD_SCREENSHOTS``, if any.

    The variable is hidden from the app while the tests run: ``load_settings``
    refuses unknown ``ONRECORD_*`` names (only ``ONRECORD_TEST_*`` are exempt).
    """
    folder = next((os.environ[name] for name in SCREENSHOTS_ENV if os.environ.get(name)), None)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ONRECORD_SCREENSHOTS", raising=False)
        yield Path(folder) if folder else None
