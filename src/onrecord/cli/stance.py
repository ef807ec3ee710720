"""``onrecord stance``: judge pairs of statements (same topic? stance reversed?) from a CSV file."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import click

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.match.stance import StanceResult, analyse_pair

REQUIRED_COLUMNS = ("pair_id", "text_1", "text_2")
OUTPUT_COLUMNS = ("pair_id", "relation", "topic_score", "contrast_score", "explanation")


def read_pairs(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file (``-`` is standard input) that has at least the required columns."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OperationError(f"cannot read {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise OperationError(f"{name} is not valid UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise OperationError(f"{name} lacks the column(s) {', '.join(missing)}")
    return [{key: value or "" for key, value in row.items() if key} for row in reader]


def analyse_rows(rows: Iterable[dict[str, str]]) -> Iterator[tuple[str, StanceResult]]:
    """Each row's pair_id with the analysis of its two texts."""
    for row in rows:
        yield row["pair_id"], analyse_pair(row["text_1"], row["text_2"])


def write_csv(results: Iterable[tuple[str, StanceResult]], out: TextIO) -> None:
    """The CSV that ``tools/score_stance.py`` reads, with the one-line explanation."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for pair_id, result in results:
        writer.writerow(
            (
                pair_id,
                result.relation,
                f"{result.topic_score:.4f}",
                f"{result.contrast_score:.4f}",
                result.explanation.summary(),
            )
        )


def write_jsonl(results: Iterable[tuple[str, StanceResult]], out: TextIO) -> None:
    """One JSON object per pair with the full explanation (alignment, spans, signals)."""
    for pair_id, result in results:
        out.write(json.dumps({"pair_id": pair_id, **result.to_dict()}, ensure_ascii=False) + "\n")


@click.command("stance")
@click.option(
    "--pairs",
    "pairs_file",
    required=True,
    metavar="FILE.csv",
    help="CSV with columns pair_id, text_1, text_2 (others are ignored); `-` reads stdin.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
def stance_command(pairs_file: str, fmt: str) -> None:
    """Judge each pair of statements: unrelated, consistent or reversal.

    csv prints pair_id, relation, topic_score, contrast_score and a one-line
    explanation (the input of ../shared/tools/score_stance.py); jsonl prints the
    full explanation: the aligned texts and every signal with its character spans.
    """
    rows = read_pairs(pairs_file)
    results = analyse_rows(rows)
    if fmt == "jsonl":
        write_jsonl(results, sys.stdout)
    else:
        write_csv(results, sys.stdout)


COMMANDS = [stance_command]
