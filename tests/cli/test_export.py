"""``onrecord export`` in every format, against a migrated SQLite database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onrecord.cli import main
from onrecord.db import Database
from onrecord.models import ReviewState
from tests import factories
from tests.pipeline.publish import builders

Run = Callable[..., Result]


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def run(instance: Path) -> Run:
    runner = CliRunner()
    env = {
        "ONRECORD_INSTANCE_PATH": str(instance),
        "ONRECORD_DATABASE_URL": "",
        "ONRECORD_PUBLIC_BASE_URL": "https://factcheck.example",
        "ONRECORD_ORGANISATION_NAME": "Example Fact Desk",
    }

    def _run(*args: str) -> Result:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return _run


@pytest.fixture
def verdicts(run: Run, instance: Path) -> dict[str, int]:
    """A published, a corrected and a retracted verdict, and a draft that must stay out."""
    assert run("db", "upgrade").exit_code == 0
    db = Database(f"sqlite:///{instance / 'onrecord.db'}")
    try:
        with db.write() as session:
            desk = builders.make_desk(session)
            speaker = factories.make_speaker(session, name="Anna Varga")
            plain = builders.publish(
                session,
                desk,
                speaker=speaker,
                source_url="https://news.example/a",
                text=builders.changes(summary="=SUM(A1) is not a formula here"),
            )
            corrected = builders.publish(session, desk, speaker=speaker)
            corrected = builders.correct(
                session, desk, corrected, note="Fixed the figure.",
                text=builders.changes(label="False"),
            )  # fmt: skip
            retracted = builders.publish(session, desk)
            retracted = builders.retract(session, desk, retracted, note="Wrong speaker.")
            factories.make_review(
                session, statement=factories.make_statement(session), state=ReviewState.DRAFT
            )
            ids = {"plain": plain.id, "corrected": corrected.id, "retracted": retracted.id}
    finally:
        db.dispose()
    return {name: value for name, value in ids.items() if value is not None}


def test_export_json_to_stdout_has_every_public_verdict(run: Run, verdicts: dict[str, int]) -> None:
    result = run("export")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(item["id"], item["state"]) for item in data] == [
        (verdicts["plain"], "published"),
        (verdicts["corrected"], "corrected"),
        (verdicts["retracted"], "retracted"),
    ]
    assert data[0]["url"] == f"https://factcheck.example/verdicts/{verdicts['plain']}"
    assert data[1]["corrections"][0]["note"] == "Fixed the figure."
    assert data[2]["correction_note"] == "Wrong speaker."
    assert "notes" not in data[0]
    assert result.stderr.strip() == "Exported 3 verdicts to standard output."


def test_export_csv_to_a_file(run: Run, verdicts: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "verdicts.csv"
    result = run("export", "--format", "csv", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["state"] for row in rows] == ["published", "corrected", "retracted"]
    assert rows[0]["speaker"] == "Anna Varga"
    assert rows[0]["source_url"] == "https://news.example/a"
    # A claim that looks like a spreadsheet formula is neutralised.
    assert rows[0]["claim"] == "'=SUM(A1) is not a formula here"
    assert rows[1]["rating"] == "False"
    assert rows[1]["corrections"].endswith("corrected: Fixed the figure.")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".verdicts")] == []


def test_export_claimreview_jsonl_leaves_out_retracted(run: Run, verdicts: dict[str, int]) -> None:
    result = run("export", "--format", "claimreview-jsonl", "-o", "-")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["url"] for line in lines] == [
        f"https://factcheck.example/verdicts/{verdicts['plain']}",
        f"https://factcheck.example/verdicts/{verdicts['corrected']}",
    ]
    assert all(line["@type"] == "ClaimReview" for line in lines)
    assert lines[0]["author"]["name"] == "Example Fact Desk"
    assert lines[1]["reviewRating"]["alternateName"] == "False"
    assert result.stderr.strip() == "Exported 2 ClaimReviews to standard output."


def test_export_of_an_empty_database_is_valid(run: Run) -> None:
    assert run("db", "upgrade").exit_code == 0
    result = run("export")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_export_errors_are_one_line(run: Run, tmp_path: Path) -> None:
    unmigrated = run("export")
    assert unmigrated.exit_code == 1
    assert unmigrated.output.strip().startswith("Error: the database has no tables yet")
    assert run("db", "upgrade").exit_code == 0
    missing = run("export", "-o", str(tmp_path / "no" / "such" / "dir" / "out.json"))
    assert missing.exit_code == 1
    assert "does not exist" in missing.output
    bad = run("export", "--format", "xml")
    assert bad.exit_code == 2
    assert "'xml' is not one of" in bad.output
