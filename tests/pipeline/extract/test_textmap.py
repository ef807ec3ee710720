"""Mojibake repair keeps a map back to the original offsets."""

from __future__ import annotations

import pytest

from onrecord.pipeline.extract.textmap import repair_text


def test_clean_text_is_not_copied_or_mapped() -> None:
    text = "Clean “text” with café."
    mapped = repair_text(text)
    assert mapped.text is text
    assert mapped.to_original(3, 9) == (3, 9)


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("He said â€œyesâ€\x9d.", "He said “yes”."),
        ("He said â€œyesâ€ .", "He said “yes” ."),
        ("the voterâ€™s cafÃ© â€” open", "the voter’s café — open"),
    ],
)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert repair_text(broken).text == fixed


def test_offsets_map_back_to_the_original() -> None:
    broken = "He said â€œyesâ€\x9d and left."
    mapped = repair_text(broken)
    start = mapped.text.index("“")
    end = mapped.text.index("”") + 1
    o_start, o_end = mapped.to_original(start, end)
    assert broken[o_start:o_end] == "â€œyesâ€\x9d"
    left = mapped.text.index("left")
    assert broken[slice(*mapped.to_original(left, left + 4))] == "left"
