"""Fixtures of the web tests: sources stored through the real ingest operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from onrecord.db import Database
from onrecord.models import IngestMethod
from onrecord.pipeline.ingest.operations import IngestResult, ingest_text

#: A short article whose quote and speaker the extractor finds.
ARTICLE = (
    "OSTREL – Finance Minister Anna Varga defended the budget on Monday.\n\n"
    "“We will not raise taxes on working families,” Varga told reporters in Ostrel.\n\n"
    "The opposition leader Jonas Weller said the plan was a fantasy."
)


@pytest.fixture
def ingest(db: Database) -> Callable[..., IngestResult]:
    """``ingest(text=..., title=..., ...)`` stores an article as a paste would."""

    def _ingest(**kwargs: Any) -> IngestResult:
        kwargs.setdefault("text", ARTICLE)
        kwargs.setdefault("title", "Varga defends the budget")
        with db.write() as session:
            return ingest_text(session, method=IngestMethod.PASTE, **kwargs)

    return _ingest


@pytest.fixture
def login(login: Callable[..., Any], client: FlaskClient) -> Callable[..., Any]:
    """The suite's ``login(role)``, then one page view so that the welcome flash is used up.

    Tests that check flashes then see only the messages of the request they make.
    """

    def _login(*args: Any, **kwargs: Any) -> Any:
        user = login(*args, **kwargs)
        client.get("/")
        return user

    return _login
