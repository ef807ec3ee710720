"""``onrecord stance --pairs FILE.csv``, run in-process with click's runner."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onrecord.cli import main

Run = Callable[..., Result]

PAIRS = (
    "pair_id,text_1,text_2,label_3,note\n"
    'p1,"The 1968 intervention was fraternal assistance that saved the region.",'
    '"The 1968 intervention was a mistake, a grave error.",Inconsistent,ignored\n'
    'p2,"We will not raise taxes.","We will lower taxes.",Consistent,\n'
    'p3,"Glyphosate must be banned.","The voting age should be lowered to 16.",Unrelated,\n'
    'p4,"Shops should open on Sundays,\nsaid the minister.",'
    '"Shops must stay closed on Sundays.",,\n'
)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    runner = CliRunner()
    env = {"ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"), "ONRECORD_DATABASE_URL": ""}

    def _run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return _run


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(PAIRS, encoding="utf-8", newline="")
    return path


def test_prints_the_scorer_csv(run: Run, pairs_file: Path) -> None:
    result = run("stance", "--pairs", str(pairs_file))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["pair_id", "relation", "topic_score", "contrast_score", "explanation"]
    assert [r["pair_id"] for r in rows] == ["p1", "p2", "p3", "p4"]
    assert [r["relation"] for r in rows[:3]] == ["reversal", "consistent", "unrelated"]
    for row in rows:
        assert 0.0 <= float(row["topic_score"]) <= 1.0
        assert 0.0 <= float(row["contrast_score"]) <= 1.0
        assert "\n" not in row["explanation"]
    assert "'mistake', 'grave error' (negative)" in rows[0]["explanation"]
    assert rows[2]["explanation"] == "no contrast signal"


def test_jsonl_has_the_full_explanation(run: Run, pairs_file: Path) -> None:
    result = run("stance", "--pairs", str(pairs_file), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["pair_id"] for r in records] == ["p1", "p2", "p3", "p4"]
    first = records[0]
    text_b = first["explanation"]["text_b"]
    spans = [s["spans_b"] for s in first["explanation"]["signals"] if s["kind"] == "evaluation"]
    assert [text_b[a:b] for a, b in spans[0]] == ["mistake", "grave error"]
    assert first["explanation"]["alignment"][0]["op"] == "equal"


def test_reads_standard_input(run: Run) -> None:
    result = run("stance", "--pairs", "-", input=PAIRS)
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("p1,reversal,")


def test_missing_column_is_one_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("pair_id,text_1\nx,hello\n", encoding="utf-8")
    result = run("stance", "--pairs", str(path))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path} lacks the column(s) text_2"


def test_missing_file_is_one_line(run: Run, tmp_path: Path) -> None:
    result = run("stance", "--pairs", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read ")


def test_help_is_listed(run: Run) -> None:
    assert "  stance " in run("--help").output
    assert "pair_id, text_1, text_2" in run("stance", "--help").output
