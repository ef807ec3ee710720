"""The pure parts: check-worthiness, verdict rules, revision diffs, Markdown."""

from __future__ import annotations

import pytest

from onrecord.pipeline.errors import OperationError
from onrecord.pipeline.review.checkworthiness import score_statement
from onrecord.pipeline.review.diff import diff_snapshots, history_diffs, word_diff
from onrecord.pipeline.review.markdown import render_explanation
from onrecord.pipeline.review.verdicts import (
    VerdictChanges,
    check_verdict,
    clean_evidence,
    rating_words_in,
    summary_problem,
)


def labels(text: str) -> set[str]:
    return {reason.label for reason in score_statement(text).reasons}


def test_numbers_comparisons_and_causes_rank_high() -> None:
    result = score_statement(
        "“Unemployment fell to 4.1 percent in 2023 because of our reform,” Varga said."
    )
    assert result.level == "high"
    assert {
        "has a number or amount",
        "names a year",
        "makes a comparison or superlative",
        "claims a cause or effect",
    } <= labels("Unemployment fell to 4.1 percent in 2023 because of our reform")
    number = next(r for r in result.reasons if r.label == "has a number or amount")
    assert number.evidence == "4.1 percent"


def test_opinions_and_questions_rank_low() -> None:
    assert score_statement("I think the plan is a fantasy.").level == "low"
    assert "sounds like opinion" in labels("I think the plan is a fantasy.")
    question = score_statement("Will the minister raise taxes?")
    assert question.level == "low"
    assert "is a question" in labels("Will the minister raise taxes?")


def test_named_entities_count() -> None:
    assert "names a person, place or body" in labels("the tax was approved by the Ostrel Council")


def test_score_stays_between_zero_and_one() -> None:
    for text in ("", "?", "1 2 3 4 5 6 more than because Ostrel 2020 cost" * 5):
        assert 0.0 <= score_statement(text).score <= 1.0


@pytest.mark.parametrize(
    ("summary", "words"),
    [
        ("Varga says taxes will not rise", []),
        ("Varga falsely says taxes will not rise", []),
        ("False claim about taxes", ["false"]),
        ("A misleading figure on jobs", ["misleading"]),
        ("It is Mostly True that jobs grew", ["mostly true", "true"]),
        ("Pants on fire: jobs", ["pants on fire"]),
    ],
)
def test_rating_words_in_the_summary(summary: str, words: list[str]) -> None:
    assert sorted(rating_words_in(summary)) == sorted(words)


def test_summary_rules() -> None:
    assert summary_problem("x" * 151) == "Keep the summary to 150 characters (it has 151)."
    assert summary_problem("a\nb") == "The summary is one line."
    assert summary_problem("Varga says the deficit fell") is None
    with pytest.raises(OperationError, match="without the verdict"):
        check_verdict("truth", VerdictChanges(label="True", summary="True: deficit fell"))


def test_label_must_be_on_the_scale() -> None:
    assert check_verdict("truth", VerdictChanges(label="mostly false")) == (3, "Mostly False")
    assert check_verdict("flip", VerdictChanges(label="Full Flop")) == (1, "Full Flop")
    assert check_verdict("truth", VerdictChanges()) == (None, "")
    with pytest.raises(OperationError, match="not a level of the Truth scale"):
        check_verdict("truth", VerdictChanges(label="Full Flop"))


def test_evidence_links_are_http_only() -> None:
    assert clean_evidence([{"title": " Budget ", "url": "https://x.example/a"}, {}]) == [
        {"title": "Budget", "url": "https://x.example/a"}
    ]
    assert clean_evidence([{"title": "", "url": "http://x.example"}])[0]["title"] == (
        "http://x.example"
    )
    for bad in ("javascript:alert(1)", "ftp://x.example/f", "https://", "x.example"):
        with pytest.raises(OperationError):
            clean_evidence([{"title": "t", "url": bad}])


def test_word_diff_marks_changed_words() -> None:
    pieces = word_diff("The deficit was 3 percent.", "The deficit was 4 percent.")
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [
        ("delete", "3"),
        ("insert", "4"),
    ]
    assert "".join(p.text for p in pieces if p.op != "insert") == "The deficit was 3 percent."


def test_snapshot_diffs() -> None:
    first = {"state": "draft", "label": "", "summary": "a", "evidence": []}
    second = {
        "state": "in_review",
        "label": "True",
        "summary": "a",
        "evidence": [{"title": "T", "url": "https://x"}],
    }
    diffs = diff_snapshots(first, second)
    assert [d.name for d in diffs] == ["state", "label", "evidence"]
    assert diffs[2].after == "T <https://x>"
    assert [len(d) for d in history_diffs([first, second, second])] == [2, 3, 0]


def test_markdown_is_sanitised() -> None:
    html = render_explanation(
        "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.example)"
        '\n\n<img src=x onerror="alert(1)">'
    )
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert 'href="https://a.example"' in html
