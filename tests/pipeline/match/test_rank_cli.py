"""``onrecord rank``, ``match`` and ``index rebuild`` on tiny inputs we wrote ourselves."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onrecord.cli import main
from onrecord.cli.matching import parse_loose_date

Run = Callable[..., Result]

CORPUS = [
    {"id": "c1", "text": "Says unemployment in Ohio fell by four percent in 2019.",
     "speaker": "Mike DeWine", "date": "stated on March 3, 2020 in a speech:"},
    {"id": "c2", "text": "The new bridge in Toledo cost $40 million more than planned.",
     "speaker": "Jane Roe", "date": "2021-05-01"},
    {"id": "c3", "text": "Ohio schools hired 2,000 new teachers last year.",
     "speaker": "Mike DeWine", "date": "26 May 2015"},
    {"id": "c4", "text": "", "speaker": "Nobody"},
]  # fmt: skip
QUERIES = (
    "id\ttext\n"
    "q1\tUnemployment in Ohio dropped 4% in 2019, the governor said.\n"
    "q2\tThat Toledo bridge ran forty million dollars over budget!\n"
    'q3\tSomething about NEAR("quotes") * and OR\n'
    "q1\tUnemployment in Ohio dropped 4% in 2019, the governor said.\n"
)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    runner = CliRunner()
    env = {"ONRECORD_INSTANCE_PATH": str(tmp_path / "instance"), "ONRECORD_DATABASE_URL": ""}

    def _run(*args: str) -> Result:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return _run


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in CORPUS) + "\n", encoding="utf-8")
    queries = tmp_path / "queries.tsv"
    queries.write_text(QUERIES, encoding="utf-8")
    return str(corpus), str(queries)


def test_rank_prints_a_trec_run_with_the_right_claim_first(
    run: Run, files: tuple[str, str], tmp_path: Path
) -> None:
    corpus, queries = files
    speakers = tmp_path / "speakers.tsv"
    speakers.write_text("q1\tMike DeWine\n", encoding="utf-8")
    result = run("rank", "--corpus", corpus, "--queries", queries, "--query-speakers",
                 str(speakers), "--top", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert all(len(parts) == 6 and parts[1] == "Q0" and parts[5] == "onrecord" for parts in lines)
    first = {parts[0]: parts[2] for parts in lines if parts[3] == "1"}
    assert first["q1"] == "c1"
    assert first["q2"] == "c2"
    assert max(int(parts[3]) for parts in lines) <= 2
    assert len([parts for parts in lines if parts[0] == "q1"]) == 2  # a repeated id ranks once
    scores = [float(parts[4]) for parts in lines if parts[0] == "q1"]
    assert scores == sorted(scores, reverse=True)
    assert "c4" not in {parts[2] for parts in lines}


def test_rank_with_other_field_names(run: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"vid": 7, "claim": "Coal mines are reopening in Kentucky"}))
    queries = tmp_path / "q.tsv"
    queries.write_text("a\tKentucky coal mines reopen\n", encoding="utf-8")
    result = run("rank", "--corpus", str(corpus), "--queries", str(queries),
                 "--id-field", "vid", "--text-field", "claim")  # fmt: skip
    assert result.output.split()[:4] == ["a", "Q0", "7", "1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stated on October 22, 2019 in a campaign mailer.:", (2019, 10, 22)),
        ("26 May 2015", (2015, 5, 26)),
        ("2021-05-01", (2021, 5, 1)),
        ("20170822_Trump_phoenix_0204", (2017, 8, 22)),
        ("Sept. 3, 2020", (2020, 9, 3)),
        ("no date here", None),
        ("February 30, 2020", None),
    ],
)
def test_loose_dates(text: str, expected: tuple[int, int, int] | None) -> None:
    day = parse_loose_date(text)
    assert (day.timetuple()[:3] if day else None) == expected


def test_match_and_index_rebuild_commands(run: Run) -> None:
    assert run("db", "upgrade").exit_code == 0
    assert "Rebuilt the search index over 0 statements" in run("index", "rebuild").output
    assert run("match", "--all").output.strip() == "Matched 0 statement(s): no links."
    assert run("match").exit_code == 2
    missing = run("match", "--statement", "99")
    assert missing.exit_code == 1
    assert "there is no statement 99" in missing.output


def test_rank_compares_with_each_claims_summary_field(run: Run, tmp_path: Path) -> None:
    # Both claims share the query's words equally; only the headline tells them apart.
    rows = [
        {"id": "a", "text": "Says the plan would raise costs.", "title": "Toll road plan in Ohio"},
        {"id": "b", "text": "Says the plan would raise costs.", "title": "Ohio school lunch plan"},
    ]
    corpus = tmp_path / "titles.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    queries = tmp_path / "q.tsv"
    queries.write_text("q\tThe school lunch plan would raise costs for Ohio families.\n")
    result = run("rank", "--corpus", str(corpus), "--queries", str(queries))
    assert [line.split()[2] for line in result.output.splitlines()] == ["b", "a"]
    ignored = run(
        "rank", "--corpus", str(corpus), "--queries", str(queries), "--summary-field", "none"
    )
    scores = {line.split()[2]: float(line.split()[4]) for line in ignored.output.splitlines()}
    assert abs(scores["a"] - scores["b"]) <= 0.05 + 1e-6  # only the retrieval rank differs
