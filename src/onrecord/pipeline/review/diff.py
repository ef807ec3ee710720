"""Differences between two revisions of a verdict, for the history page (pure).

Text fields are compared word by word so that a changed figure in a long
explanation stands out; lists (evidence) item by item; the rest as before/after.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Fields shown in the history, in this order, with their names for people.
FIELD_LABELS = {
    "state": "State",
    "label": "Rating",
    "summary": "Summary",
    "explanation": "Explanation",
    "evidence": "Evidence",
    "correction_note": "Public note",
    "notes": "Team notes",
    "assignee_id": "Assignee",
    "second_reader_id": "Second reader",
    "published_at": "Published",
}
_TEXT_FIELDS = frozenset({"summary", "explanation", "correction_note", "notes"})
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text that is kept ("equal"), added ("insert") or removed ("delete")."""

    op: str
    text: str


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One changed field: old and new value as text, and for text fields the word pieces."""

    name: str
    label: str
    before: str
    after: str
    pieces: tuple[Piece, ...] = ()


#: Fields holding a user id, shown by name.
_PEOPLE_FIELDS = frozenset({"assignee_id", "second_reader_id", "author_id"})


def as_text(name: str, value: Any, names: Mapping[int, str] | None = None) -> str:
    """A field's value as people read it (user ids by ``names``, states in words)."""
    if value is None or value == "":
        return "—"
    if name in _PEOPLE_FIELDS and names is not None:
        return names.get(value, f"user {value}")
    if name == "state":
        return str(value).replace("_", " ").capitalize()
    if name == "evidence" and isinstance(value, list):
        return "\n".join(f"{item.get('title', '')} <{item.get('url', '')}>" for item in value)
    return str(value)


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """``before`` → ``after`` as pieces, compared word by word (spaces kept)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(new[j1:j2])))
    return tuple(pieces)


def diff_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[int, str] | None = None
) -> list[FieldDiff]:
    """The fields that differ between two snapshots, in :data:`FIELD_LABELS` order."""
    diffs = []
    for name, label in FIELD_LABELS.items():
        old, new = before.get(name), after.get(name)
        if old == new or (not old and not new):
            continue
        old_text, new_text = as_text(name, old, names), as_text(name, new, names)
        pieces = word_diff(str(old or ""), str(new or "")) if name in _TEXT_FIELDS else ()
        diffs.append(FieldDiff(name, label, old_text, new_text, pieces))
    return diffs


def history_diffs(
    snapshots: Sequence[Mapping[str, Any]], names: Mapping[int, str] | None = None
) -> list[list[FieldDiff]]:
    """For each snapshot (oldest first), what changed since the one before (the first: all)."""
    result = []
    previous: Mapping[str, Any] = {}
    for current in snapshots:
        result.append(diff_snapshots(previous, current, names))
        previous = current
    return result
