"""Matching operations: the only code of this stage that writes to the database.

* :func:`match_statement` links one statement to already-checked claims and to
  its speaker's earlier statements (inside the caller's transaction);
  :func:`match_new_statements` and :func:`rematch_speaker` do it for many, one
  transaction each (the background jobs call them).
* :func:`confirm_link`, :func:`dismiss_link` and :func:`rate_flip` record a
  fact-checker's decision on a link, with an optimistic check.
* :func:`rebuild_index` rebuilds the search index; bulk loading for
  measurement lives in :mod:`~onrecord.pipeline.match.imports`.

Which links are proposed is decided in :mod:`~onrecord.pipeline.match.ranking`.
Every operation records an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from onrecord.db import Database
from onrecord.models import FlipRating, LinkRelation, LinkStatus, Statement, StatementLink, User
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, require_id
from onrecord.pipeline.match.guards import DEFAULT_SETTINGS, MatchSettings
from onrecord.pipeline.match.imports import (
    PlainStatement,
    import_statements,
    speakers_by_name,
    table_of,
)
from onrecord.pipeline.match.index import index_for
from onrecord.pipeline.match.ranking import (
    Candidate,
    Proposal,
    Use,
    propose_links,
    rank_candidates,
    stance_analyser,
)

__all__ = [
    "Candidate",
    "MatchResult",
    "MatchSummary",
    "PlainStatement",
    "StaleLink",
    "Use",
    "WrittenLink",
    "confirm_link",
    "dismiss_link",
    "import_statements",
    "link_state",
    "match_new_statements",
    "match_statement",
    "rank_candidates",
    "rate_flip",
    "rebuild_index",
    "rematch_speaker",
    "speakers_by_name",
    "stance_analyser",
]


@dataclass(slots=True)
class MatchResult:
    """What :func:`match_statement` wrote for one statement."""

    statement_id: int
    links: list[WrittenLink] = field(default_factory=list)
    removed: int = 0

    def count(self, relation: LinkRelation) -> int:
        """How many links of ``relation`` were written."""
        return sum(1 for link in self.links if link.relation == relation)


@dataclass(frozen=True, slots=True)
class WrittenLink:
    """A link :func:`match_statement` wrote or updated (the row is in ``statement_link``)."""

    other_id: int
    relation: LinkRelation
    status: LinkStatus
    score: float
    explanation: dict[str, Any]


def _write_links(
    session: Session, statement_id: int, proposals: Sequence[Proposal]
) -> tuple[list[WrittenLink], int]:
    """Upsert links; machine links no longer proposed are removed, human decisions are kept.

    New links go in with one multi-row INSERT: building ORM objects costs
    about a millisecond each, which matters when every stored statement is matched.
    """
    existing = {
        (link.other_id, link.relation): link
        for link in session.exec(
            select(StatementLink).where(StatementLink.statement_id == statement_id)
        )
    }
    written, new_rows, now = [], [], dt.datetime.now(dt.UTC)
    for proposal in proposals:
        key = (proposal.candidate.statement_id, proposal.relation)
        link = existing.pop(key, None)
        if link is not None and _decided(link):
            continue  # a person decided this pair; the machine does not overrule
        status = LinkStatus(proposal.tier.value)
        if link is not None and link.status == LinkStatus.DISMISSED:
            status = LinkStatus.DISMISSED
        values: dict[str, Any] = {
            "status": status,
            "score": round(proposal.candidate.score, 4),
            "scores": {**proposal.candidate.features.as_dict(), "tier": proposal.tier.value},
            "explanation": proposal.explanation,
        }
        if link is None:
            new_rows.append(
                {"statement_id": statement_id, "other_id": key[0], "relation": key[1],
                 "created_at": now, **_LINK_DEFAULTS, **values}
            )  # fmt: skip
        else:
            for name, value in values.items():
                setattr(link, name, value)
            session.add(link)
        written.append(WrittenLink(key[0], key[1], status, values["score"], values["explanation"]))
    removed = 0
    for link in existing.values():
        if not _decided(link) and link.status != LinkStatus.DISMISSED:
            session.delete(link)
            removed += 1
    session.flush()
    if new_rows:
        session.connection().execute(sa.insert(table_of(StatementLink)), new_rows)
    return written, removed


def _decided(link: StatementLink) -> bool:
    """Whether a person decided the link (``decided_at`` stays when the user is deleted)."""
    return link.decided_by_id is not None or link.decided_at is not None


_LINK_DEFAULTS: dict[str, Any] = {
    "flip_rating": None, "note": "", "decided_by_id": None, "decided_at": None,
}  # fmt: skip


def match_statement(
    session: Session,
    statement: Statement,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    actor_id: int | None = None,
) -> MatchResult:
    """Link ``statement`` to already-checked claims and to its speaker's earlier statements.

    Runs in the caller's write transaction. Safe to run again: links are
    updated in place, machine links that no longer qualify are removed, and a
    link a person confirmed or dismissed is never changed.
    """
    statement_id = require_id(statement)
    links, removed = _write_links(
        session, statement_id, propose_links(session, statement, settings)
    )
    result = MatchResult(statement_id, links, removed)
    record_event(
        session,
        action="statement.matched",
        object_type="statement",
        object_id=statement_id,
        actor_id=actor_id,
        data={
            **{r.value: result.count(r) for r in LinkRelation if result.count(r)},
            "confirmed": sum(1 for link in links if link.status == LinkStatus.CONFIRMED),
            "removed": removed,
        },
    )
    return result


def rebuild_index(session: Session, *, actor_id: int | None = None) -> int:
    """Rebuild the search index from the statement table; returns the number of statements."""
    index = index_for(session)
    index.rebuild(session.connection())
    total = session.exec(select(sa.func.count()).select_from(Statement)).one()
    record_event(
        session,
        action="search_index.rebuilt",
        object_type="statement",
        object_id=None,
        actor_id=actor_id,
        data={"backend": index.dialect, "statements": int(total)},
    )
    return int(total)


@dataclass(slots=True)
class MatchSummary:
    """What :func:`match_new_statements` did, for a job's log or a command's output."""

    matched: int = 0
    missing: list[int] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)
    removed: int = 0

    def add(self, result: MatchResult) -> None:
        """Count the links of one statement's :class:`MatchResult`."""
        self.matched += 1
        self.removed += result.removed
        for link in result.links:
            key = f"{link.relation.value} ({link.status.value})"
            self.links[key] = self.links.get(key, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (job results, audit data)."""
        return {
            "matched": self.matched,
            "missing": list(self.missing),
            "links": dict(sorted(self.links.items())),
            "removed": self.removed,
        }


def match_new_statements(
    db: Database,
    statement_ids: Iterable[int],
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    actor_id: int | None = None,
) -> MatchSummary:
    """Match statements just stored: already checked, and the speaker's history.

    ``match_new_statements(db, statement_ids, settings) -> MatchSummary``: the
    function the ``match_statements`` job and ``onrecord seed`` call after
    statements are stored. Each statement is matched in its own write
    transaction (``db.write()``), oldest said first so that a statement's
    history is in place before the statements that follow it. Idempotent:
    running it again creates no duplicate :class:`StatementLink` and never
    changes a link a person confirmed or dismissed. Ids that no longer exist
    (deleted meanwhile) are listed in ``summary.missing``, not an error.
    """
    wanted = sorted(set(statement_ids))
    summary = MatchSummary()
    with db.session() as session:
        rows = session.connection().execute(
            sa.select(col(Statement.id), col(Statement.said_on)).where(
                col(Statement.id).in_(wanted)
            )
        )
        found = {int(row[0] or 0): row[1] for row in rows}
    summary.missing = [sid for sid in wanted if sid not in found]
    order = sorted(found, key=lambda sid: (found[sid] or dt.date.max, sid))
    for sid in order:
        with db.write() as session:
            statement = session.get(Statement, sid)
            if statement is None:  # deleted between the read and this transaction
                summary.missing.append(sid)
                continue
            summary.add(match_statement(session, statement, settings=settings, actor_id=actor_id))
    return summary


def rematch_speaker(
    db: Database,
    speaker_id: int,
    settings: MatchSettings = DEFAULT_SETTINGS,
    *,
    actor_id: int | None = None,
) -> MatchSummary:
    """Match every statement of ``speaker_id`` again (after a merge of two speakers).

    A merge brings two histories together, so speaker-history links must be
    recomputed for all of the speaker's statements; links a person decided stay.
    One transaction per statement, like :func:`match_new_statements`.
    """
    with db.session() as session:
        ids = session.connection().execute(
            sa.select(col(Statement.id)).where(col(Statement.speaker_id) == speaker_id)
        )
        statement_ids = [int(i or 0) for i in ids.scalars()]
    return match_new_statements(db, statement_ids, settings, actor_id=actor_id)


# --- A fact-checker's decisions on links ------------------------------------------------------


class StaleLink(Conflict):
    """The link changed since the page was loaded (someone decided it, or matching redid it)."""


def link_state(link: StatementLink) -> str:
    """What a decision form carries to detect a change meanwhile (optimistic check)."""
    decided = link.decided_at.isoformat() if link.decided_at else ""
    return f"{link.status.value}|{link.flip_rating.value if link.flip_rating else ''}|{decided}"


def _load_link(session: Session, link_id: int, expected_state: str) -> StatementLink:
    link = session.get(StatementLink, link_id)
    if link is None:
        raise StaleLink(
            "this suggestion no longer exists: matching withdrew it after the statement changed"
        )
    if link_state(link) != expected_state:
        raise StaleLink(_changed_meanwhile(session, link))
    return link


def _changed_meanwhile(session: Session, link: StatementLink) -> str:
    who = session.get(User, link.decided_by_id) if link.decided_by_id else None
    name = (who.display_name or who.username) if who else "matching"
    what = {
        LinkStatus.CONFIRMED: "confirmed",
        LinkStatus.DISMISSED: "dismissed",
        LinkStatus.SUGGESTED: "changed",
    }[link.status]
    rated = f" and rated it {link.flip_rating.value}" if link.flip_rating else ""
    return f"{name} {what} this link{rated} while you were looking; nothing was changed"


def _decide(
    session: Session,
    link: StatementLink,
    *,
    status: LinkStatus,
    actor_id: int | None,
    note: str,
    action: str,
    data: dict[str, Any] | None = None,
) -> StatementLink:
    previous = link.status
    link.status = status
    link.note = note.strip()
    link.decided_by_id = actor_id
    link.decided_at = dt.datetime.now(dt.UTC)
    session.add(link)
    session.flush()
    record_event(
        session, action=action, object_type="statement_link", object_id=link.id,
        actor_id=actor_id,
        data={"relation": link.relation.value, "statement_id": link.statement_id,
              "other_id": link.other_id, "previous": previous.value, **(data or {})},
    )  # fmt: skip
    return link


def confirm_link(
    session: Session, *, link_id: int, expected_state: str, actor_id: int | None, note: str = ""
) -> StatementLink:
    """A person confirms a suggested (or machine-confirmed) link; matching never changes it again.

    Raises :class:`StaleLink` when the link changed since ``expected_state``
    (:func:`link_state`) was read: nothing is written then.
    """
    link = _load_link(session, link_id, expected_state)
    return _decide(session, link, status=LinkStatus.CONFIRMED, actor_id=actor_id, note=note,
                   action="link.confirmed")  # fmt: skip


def dismiss_link(
    session: Session, *, link_id: int, expected_state: str, actor_id: int | None, note: str = ""
) -> StatementLink:
    """A person dismisses a link (wrong match); it stays, dismissed, so it is not suggested again.

    A Flip rating given before is cleared. Raises :class:`StaleLink` like :func:`confirm_link`.
    """
    link = _load_link(session, link_id, expected_state)
    link.flip_rating = None
    return _decide(session, link, status=LinkStatus.DISMISSED, actor_id=actor_id, note=note,
                   action="link.dismissed")  # fmt: skip


def rate_flip(
    session: Session,
    *,
    link_id: int,
    rating: FlipRating,
    expected_state: str,
    actor_id: int | None,
    note: str = "",
) -> StatementLink:
    """Rate a reversal on the Flip scale (No Flip / Half Flip / Full Flop); confirms it too.

    Only reversal links are rated; a dismissed one must be confirmed first.
    Raises :class:`StaleLink` like :func:`confirm_link`.
    """
    link = _load_link(session, link_id, expected_state)
    if link.relation != LinkRelation.REVERSAL:
        raise Conflict("only a possible reversal is rated on the Flip scale")
    if link.status == LinkStatus.DISMISSED:
        raise Conflict("this reversal was dismissed; confirm it before rating it")
    previous = link.flip_rating
    link.flip_rating = rating
    return _decide(
        session, link, status=LinkStatus.CONFIRMED, actor_id=actor_id, note=note,
        action="link.flip_rated",
        data={"rating": rating.value, "previous_rating": previous.value if previous else None},
    )  # fmt: skip
