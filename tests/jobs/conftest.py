"""Fixtures of the job tests: an app allowed to fetch from loopback, retries without waits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from onrecord.jobs import JobEnv, job_env
from tests.conftest import make_test_app
from tests.jobs import kinds_for_tests  # noqa: F401  (registers the test-only kinds)

LOOPBACK = ("127.0.0.1", "localhost")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """In-process mode (no Redis), loopback fetches allowed, retries immediately."""
    app = make_test_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.db'}",
        fetch_allow_hosts=LOOPBACK,
        job_retry_backoff_s=(0,),
    )
    yield app
    app.extensions["onrecord.db"].dispose()


@pytest.fixture
def env(app: Flask) -> JobEnv:
    """The app's job environment."""
    return job_env(app)
