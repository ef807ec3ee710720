"""Article inputs from uploads and JSON Lines batches."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.ingest.articles import (
    MAX_UPLOAD_BYTES,
    ArticleInput,
    InputError,
    parse_batch,
    read_upload,
)

PAGE = b"""<!doctype html><html lang="en">
<head><title>Budget row | The Ledger</title>
<meta property="og:title" content="Budget row deepens">
<meta name="author" content="Petra Lind">
<meta property="article:published_time" content="2024-05-07T08:00:00Z">
<link rel="canonical" href="https://ledger.example/2024/05/budget-row"></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Budget row deepens</h1>
<p>Finance Minister Anna Berger defended the spending plan on Tuesday in a long session.</p>
<p>\xe2\x80\x9cWe will not raise taxes this year,\xe2\x80\x9d Berger told reporters
outside parliament.</p>
<p>The opposition said the plan did not add up and promised to vote against it next week.</p>
</article><footer>Copyright The Ledger. All rights reserved.</footer></body></html>"""


def test_html_upload_becomes_clean_text_with_metadata() -> None:
    [item] = read_upload("budget.HTML", PAGE)
    assert isinstance(item, ArticleInput)
    assert item.label == "budget.HTML"
    assert "\u201cWe will not raise taxes this year,\u201d Berger told" in item.text
    assert "Copyright" not in item.text
    assert "Politics" not in item.text
    assert item.canonical_url == "https://ledger.example/2024/05/budget-row"
    assert item.authors == ("Petra Lind",)
    assert item.published == dt.date(2024, 5, 7)


def test_known_metadata_wins_over_the_page() -> None:
    [item] = read_upload("budget.html", PAGE, outlet="The Northern Ledger", title="Given title")
    assert isinstance(item, ArticleInput)
    assert item.outlet == "The Northern Ledger"
    assert item.title == "Given title"


def test_text_upload_repairs_mojibake() -> None:
    broken = "\u201cWe will not raise taxes,\u201d she said.".encode().decode("latin-1").encode()
    [item] = read_upload("a.txt", broken)
    assert isinstance(item, ArticleInput)
    assert item.text == "\u201cWe will not raise taxes,\u201d she said."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.7 stuff", "unsupported file type .pdf"),
        ("a.txt", b"   \n ", "the file is empty"),
        ("a.txt", b"\x00\x01binary", "looks binary"),
        ("noext", b"text", "unsupported file type (none)"),
    ],
)
def test_bad_uploads_are_refused_clearly(name: str, data: bytes, message: str) -> None:
    with pytest.raises(OperationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_upload(name, data)


def test_oversized_upload_is_refused() -> None:
    with pytest.raises(OperationError, match="too large"):
        read_upload("a.txt", b"x" * (MAX_UPLOAD_BYTES + 1))


def test_batch_lines_each_become_an_item_or_a_line_error() -> None:
    lines = [
        {
            "url": "https://ledger.example/a",
            "title": "A",
            "outlet": "Ledger",
            "published": "2024-05-07",
            "text": "\u201cWe will win,\u201d she said.",
        },
        {
            "html": "<html><body><article><p>"
            + "Words said today by many. " * 20
            + "</p></article></body></html>",
            "authors": "Petra Lind",
        },
        {"title": "no body"},
        {"text": "x", "published": "May 7"},
        {"text": "x", "colour": "blue"},
    ]
    raw = "\n".join(json.dumps(line) for line in lines) + "\n\n{not json}\n"
    items = parse_batch(raw.encode(), name="batch.jsonl")
    assert [type(i).__name__ for i in items] == [
        "ArticleInput",
        "ArticleInput",
        "InputError",
        "InputError",
        "InputError",
        "InputError",
    ]
    first = items[0]
    assert isinstance(first, ArticleInput)
    assert first.published == dt.date(2024, 5, 7)
    assert first.label == "batch.jsonl line 1"
    second = items[1]
    assert isinstance(second, ArticleInput)
    assert second.authors == ("Petra Lind",)
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors[0].message == "batch.jsonl line 3: needs 'text' or 'html'"
    assert "is not an ISO date" in errors[1].message
    assert "unknown keys ['colour']" in errors[2].message
    assert errors[3].label == "batch.jsonl line 7"
    assert "not valid JSON" in errors[3].message


def test_batch_of_blank_lines_is_refused() -> None:
    with pytest.raises(OperationError, match="the batch has no articles"):
        parse_batch(b"\n\n  \n")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("One.\r\nTwo.\rThree.\u2028Four.", "One.\nTwo.\nThree.\nFour."),
        ("Cafe\u0301 \u201cok\u201d", "Caf\u00e9 \u201cok\u201d"),  # NFC
        ("\u00e2\u20ac\u0153We won,\u00e2\u20ac\u009d she said.", "\u201cWe won,\u201d she said."),
        (
            "Z\u00fcrich \u2013 \u00e9t\u00e9",
            "Z\u00fcrich \u2013 \u00e9t\u00e9",
        ),  # accents untouched
    ],
)
def test_repair_text_fast_path_and_ftfy_agree_on_clean_text(raw: str, clean: str) -> None:
    from onrecord.pipeline.ingest.clean import repair_text

    assert repair_text(raw) == clean
