"""The public API: records for the CLI, ordering, purity and a realistic article."""

from __future__ import annotations

import datetime as dt
import json

from onrecord.pipeline.extract import extract_statements, statement_record
from tests.pipeline.extract.helpers import extract

ARTICLE = """Mayor promises new bridge by winter

Mayor Ann Lee said on Monday that the town would replace the Mill Street bridge before winter.

“We have waited long enough,” Lee told a crowd of about 200 residents. “The old bridge is \
a danger to every family that crosses it.

“We will not wait for another report.”

The city engineer, Tom Hart, disagreed. The bridge is safe for at least five years, he said, \
and the council should not rush into a $12 million project.

According to the council’s own figures, the repairs would cost less than half as much.
"""


def test_a_realistic_article() -> None:
    statements = extract(ARTICLE)
    summary = [(s.kind, s.speaker_mention, s.speaker) for s in statements]
    assert summary == [
        ("indirect", "Mayor Ann Lee", "Ann Lee"),
        ("direct", "Lee", "Ann Lee"),
        ("direct", "Lee", "Ann Lee"),
        ("indirect", "he", "Tom Hart"),
        ("indirect", "he", "Tom Hart"),
        ("indirect", "the council’s own figures", "the council’s own figures"),
    ]
    assert statements[0].said_on == dt.date(2024, 5, 13)
    assert statements[2].text.endswith("“We will not wait for another report.”")


def test_statement_record_is_json_ready() -> None:
    (stmt,) = extract("Lee said in 2017 that the bridge was safe.")
    record = statement_record(stmt, file="a.txt")
    assert list(record) == [
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
    ]
    assert record["said_on"] == "2017-01-01"
    assert record["file"] == "a.txt"
    assert json.loads(json.dumps(record)) == record


def test_record_without_date() -> None:
    (stmt,) = extract_statements("Lee said that the bridge was safe.")
    assert statement_record(stmt, file="b")["said_on"] is None


def test_results_are_sorted_and_repeatable() -> None:
    first = extract(ARTICLE)
    assert first == extract(ARTICLE)
    assert [s.start for s in first] == sorted(s.start for s in first)


def test_empty_and_odd_inputs() -> None:
    for text in ["", " ", "\n\n", "“", "''", "said", "“”", "\x00\ud800"]:
        assert extract_statements(text) == []
