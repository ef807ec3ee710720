"""A speaker's statements grouped by topic, for the speaker page's timeline (pure).

The grouping is deliberately simple and explainable: two statements are on
the same topic when matching linked them (repeats, same topic or possible
reversal) and nobody dismissed the link; a topic is a connected component of
those links (union-find). Its name is the anchor (name, place, number, year)
its links share most often, else the first words of its earliest statement.
Statements without a link to another are not grouped.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TOPIC_NAME_WORDS = 8


@dataclass(frozen=True, slots=True)
class TopicLink:
    """A link between two statements of the speaker, as the grouping needs it."""

    newer_id: int
    older_id: int
    reversal_confirmed: bool
    flip_rating: str | None
    anchors: tuple[str, ...] = ()


@dataclass(slots=True)
class Topic:
    """One group: its statements oldest first, and the confirmed reversals inside it."""

    name: str
    statement_ids: list[int]
    reversals: list[TopicLink] = field(default_factory=list)

    @property
    def flipped_ids(self) -> set[int]:
        """The newer statement of each confirmed reversal (where the stance changed)."""
        return {link.newer_id for link in self.reversals}


def _find(parent: dict[int, int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]  # path halving keeps the trees flat
        item = parent[item]
    return item


def group_topics(
    statements: Sequence[tuple[int, dt.date | None, str]], links: Iterable[TopicLink]
) -> list[Topic]:
    """Topics of ``statements`` (id, said on, text) from ``links``; newest topic first."""
    known = {sid for sid, _, _ in statements}
    parent = {sid: sid for sid in known}
    kept = [link for link in links if link.newer_id in known and link.older_id in known]
    for link in kept:
        a, b = _find(parent, link.newer_id), _find(parent, link.older_id)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[tuple[int, dt.date | None, str]]] = {}
    for row in statements:
        members.setdefault(_find(parent, row[0]), []).append(row)
    topics = []
    for root, rows in members.items():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda r: (r[1] or dt.date.max, r[0]))
        inside = [link for link in kept if _find(parent, link.newer_id) == root]
        topics.append(Topic(_name(rows, inside), [r[0] for r in rows],
                            [link for link in inside if link.reversal_confirmed]))  # fmt: skip
    latest = {sid: said for sid, said, _ in statements}
    topics.sort(key=lambda t: max((latest[s] or dt.date.min) for s in t.statement_ids),
                reverse=True)  # fmt: skip
    return topics


def _name(rows: Sequence[tuple[int, dt.date | None, str]], links: Sequence[TopicLink]) -> str:
    # Names and places make a readable topic; numbers ("4point1") do not.
    anchors = Counter(
        a for link in links for a in link.anchors if not any(ch.isdigit() for ch in a)
    )
    if anchors:
        return ", ".join(a.title() for a, _ in anchors.most_common(2))
    words = rows[0][2].strip("“”\"' ").split()
    name = " ".join(words[:TOPIC_NAME_WORDS])
    return name + ("…" if len(words) > TOPIC_NAME_WORDS else "")
