"""The onrecord command line, run in-process with click's runner on a temporary instance."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onrecord.cli import main

Run = Callable[..., Result]

ARTICLE = (
    "Finance Minister Anna Berger defended the budget on Tuesday.\n\n"
    "\u201cWe will not raise taxes this year,\u201d Berger told reporters in the capital.\n\n"
    "The opposition was not convinced.\n"
)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    runner = CliRunner()
    env = {"ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"), "ONRECORD_DATABASE_URL": ""}

    def _run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), env=env, input=input, catch_exceptions=False)

    return _run


def test_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("db", "extract", "ingest", "seed", "serve", "settings", "stats", "user"):
        assert f"  {command} " in result.output


def test_commands_refuse_an_unmigrated_database(run: Run) -> None:
    result = run("stats")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the database has no tables yet; run `onrecord db upgrade` first"
    )


def test_db_upgrade_is_idempotent(run: Run) -> None:
    first = run("db", "upgrade")
    assert first.exit_code == 0
    assert "from empty to" in first.output
    second = run("db", "upgrade")
    assert second.exit_code == 0
    assert "is up to date" in second.output
    assert "up to date" in run("db", "current").output


def test_user_create_list_and_duplicate(run: Run) -> None:
    run("db", "upgrade")
    created = run(
        "user", "create", "Ana", "--role", "editor", "--password-stdin", input="s3cret-pass\n"
    )
    assert created.exit_code == 0
    assert created.output.strip() == "Created user ana (editor)."
    duplicate = run(
        "user", "create", "ana", "--role", "viewer", "--password-stdin", input="other-pass\n"
    )
    assert duplicate.exit_code == 1
    assert duplicate.output.strip() == "Error: a user named 'ana' already exists"
    weak = run("user", "create", "bo", "--role", "viewer", "--password-stdin", input="123\n")
    assert weak.exit_code == 1
    assert "at least 8 characters" in weak.output
    listing = run("user", "list").output.split()
    assert listing[:3] == ["ana", "editor", "active"]
    assert "bo" not in listing


def test_bad_setting_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_SQLITE_BUSY_TIMEOUT_MS", "forever")
    result = run("stats")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "ONRECORD_SQLITE_BUSY_TIMEOUT_MS='forever' is not a valid int" in result.output


def test_unreachable_database_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the database at postgresql+psycopg://")
    assert result.output.count("\n") == 1


def test_extract_jsonl_offsets_index_the_file(run: Run, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("extract", "--format", "jsonl", "--date", "2024-05-07", str(article))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records, "the quote was not found"
    quote = next(r for r in records if "raise taxes" in r["text"])
    assert set(quote) == {
        "file",
        "start",
        "end",
        "text",
        "kind",
        "cue",
        "cue_start",
        "cue_end",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "speaker",
        "said_on",
        "confidence",
    }
    assert ARTICLE[quote["start"] : quote["end"]] == quote["text"]
    assert quote["kind"] == "direct"
    assert quote["speaker"] == "Anna Berger"
    assert ARTICLE[quote["speaker_start"] : quote["speaker_end"]] == quote["speaker_mention"]
    assert quote["said_on"] == "2024-05-07"


def test_extract_reads_stdin_and_reports_unreadable_files(run: Run, tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = run("extract", "-", str(binary), str(tmp_path / "missing.txt"), input=ARTICLE)
    assert result.exit_code == 1
    assert "Anna Berger: \u201cWe will not raise taxes" in result.output
    assert "looks binary" in result.output
    assert "cannot read" in result.output


def test_ingest_reports_each_file_and_is_idempotent(run: Run, tmp_path: Path) -> None:
    run("db", "upgrade")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    first = run("ingest", "--outlet", "The Ledger", "--date", "2024-05-07", str(good), str(empty))
    assert first.exit_code == 1
    lines = first.output.splitlines()
    assert lines[0].startswith(f"{good}: stored source 1")
    assert lines[1] == f"{empty}: refused: the file is empty"
    assert lines[-1] == "Done: 1 ingested, 1 refused."
    again = run("ingest", str(good))
    assert again.exit_code == 0
    assert "already stored as source 1" in again.output
    stats = json.loads(run("stats", "--json").output)
    assert stats["sources"] == 1
    assert stats["outlets"] == 1
    assert stats["statements"] >= 1


def test_settings_lists_every_variable(run: Run) -> None:
    output = run("settings").output
    assert "ONRECORD_DATABASE_URL (str" in output
    assert "ONRECORD_SQLITE_BUSY_TIMEOUT_MS (int, default: 5000)" in output
