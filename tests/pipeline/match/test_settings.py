"""ONRECORD_MATCH_* settings become the MatchSettings the pipeline takes; the calibrated gates."""

from __future__ import annotations

import dataclasses
import datetime as dt

from onrecord.config import MatchSettings, load_settings
from onrecord.db import Database
from onrecord.models import LinkRelation
from onrecord.pipeline.match.operations import match_statement
from tests.pipeline.match.test_operations import _checked, _stmt


def test_environment_settings_become_match_settings() -> None:
    settings = load_settings(
        environ={
            "ONRECORD_MATCH_CHECKED_SUGGEST_THRESHOLD": "2.5",
            "ONRECORD_MATCH_WINDOW_DAYS": "90",
            "ONRECORD_MATCH_CONFIRM_WINDOW_DAYS": "0",
        }
    ).match_settings()
    assert settings.checked_suggest_threshold == 2.5
    assert settings.window_days == 90
    assert settings.confirm_window_days is None  # 0 means no limit
    assert load_settings(environ={}).match_settings() == MatchSettings()


PETROL = "Valdoria has the highest petrol prices in Europe, and this government did nothing."
UNRELATED = "Now it is going to build a government."


def test_a_small_collection_gets_no_junk_already_checked_suggestion(index_db: Database) -> None:
    """With one checked claim, the best bm25 hit is 'relevant' by definition: the gates decide."""
    with index_db.write() as session:
        _checked(session, PETROL, said_on=dt.date(2024, 1, 1))
        new = _stmt(session, text=UNRELATED, said_on=dt.date(2024, 1, 5))
        calibrated = match_statement(session, new)
        assert calibrated.count(LinkRelation.ALREADY_CHECKED) == 0
        ungated = dataclasses.replace(
            MatchSettings(), checked_suggest_threshold=0.0, checked_min_similarity=0.0,
            checked_unanchored_similarity=0.0, checked_unanchored_ratio=0.0,
        )  # fmt: skip
        # Without the gates the same pair passes the plain score threshold: the gate matters.
        assert (
            match_statement(session, new, settings=ungated).count(LinkRelation.ALREADY_CHECKED) == 1
        )
