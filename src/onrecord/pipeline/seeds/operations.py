"""Seeding the demo database from ``seeds/``: one transaction, through the real pipeline.

Articles go through :func:`ingest_text` (extraction and speaker resolution
included); reviews and links are then attached to the extracted statement
that contains their quote. A quote the extractor did not find is reported as
a warning, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from onrecord.models import (
    AuditEvent,
    FlipRating,
    IngestMethod,
    LinkRelation,
    LinkStatus,
    Outlet,
    Review,
    ReviewState,
    Role,
    Source,
    Speaker,
    SpeakerKind,
    Statement,
    StatementLink,
    User,
    utcnow,
)
from onrecord.pipeline.accounts.operations import create_user
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, require_id
from onrecord.pipeline.ingest.clean import html_to_article
from onrecord.pipeline.ingest.operations import get_or_create_outlet, ingest_text
from onrecord.pipeline.match.guards import DEFAULT_SETTINGS, MatchSettings
from onrecord.pipeline.match.operations import match_statement
from onrecord.pipeline.review.operations import import_review
from onrecord.pipeline.seeds.manifest import parse_date
from onrecord.pipeline.speakers.operations import add_role, create_speaker

SEED_ACTION = "seed.loaded"
DEMO_USERS = (
    ("admin", Role.ADMIN, "Ada Admin"),
    ("editor", Role.EDITOR, "Eda Editor"),
    ("checker", Role.FACT_CHECKER, "Chris Checker"),
    ("checker2", Role.FACT_CHECKER, "Cleo Checker"),
    ("viewer", Role.VIEWER, "Vic Viewer"),
)


@dataclass(slots=True)
class SeedReport:
    """What seeding did."""

    sources: int = 0
    duplicates: int = 0
    statements: int = 0
    speakers: int = 0
    reviews: int = 0
    links: int = 0
    matched: int = 0
    suggested: int = 0
    users: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def already_seeded(session: Session) -> bool:
    """Whether seeds were loaded into this database before."""
    return (
        session.exec(select(AuditEvent.id).where(AuditEvent.action == SEED_ACTION)).first()
        is not None
    )


def seed_database(
    session: Session,
    *,
    manifest: dict[str, Any],
    seeds_dir: Path,
    force: bool = False,
    demo_password: str | None = None,
    match_settings: MatchSettings = DEFAULT_SETTINGS,
) -> SeedReport:
    """Load the manifest's outlets, speakers, articles, reviews and links; create demo users.

    After the articles and reviews, every statement is matched (already
    checked, speaker history) with ``match_settings``, exactly as after an
    ingest; the manifest's links are then applied as an editor's decisions on
    the machine's links. A reversal the manifest gives without a Flip rating is
    left as the machine's suggestion, so that the demo has one to decide.
    Refuses (:class:`Conflict`) when seeds were loaded before, unless ``force``;
    with ``force`` it adds only what is missing, never duplicating a row.
    """
    if already_seeded(session) and not force:
        raise Conflict("this database was seeded already; use --force to top it up")
    report = SeedReport()
    users = _seed_users(session, demo_password, report) if demo_password else {}
    for outlet in manifest["outlets"]:
        row = get_or_create_outlet(session, name=outlet["name"], domain=outlet.get("domain"))
        if row is not None and not row.country:
            row.country = outlet.get("country", "")
    for spec in manifest["speakers"]:
        _seed_speaker(session, spec, report)
    for article in manifest["articles"]:
        _seed_article(session, article, seeds_dir, report)
    for spec in manifest.get("reviews", []):
        _seed_review(session, spec, users, report)
    # Matching runs as it would after ingest, before the manifest's human decisions,
    # so that those decisions land on the machine's links and keep their explanations.
    report.matched = _match_all(session, match_settings)
    for spec in manifest.get("links", []):
        _seed_link(session, spec, users, report)
    record_event(
        session,
        action=SEED_ACTION,
        object_type="database",
        object_id=None,
        data={"sources": report.sources, "warnings": len(report.warnings)},
    )
    return report


def _seed_users(session: Session, password: str, report: SeedReport) -> dict[str, int]:
    ids = {}
    for username, role, display in DEMO_USERS:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = create_user(
                session, username=username, password=password, role=role, display_name=display
            )
            report.users.append(username)
        ids[username] = require_id(user)
    return ids


def _seed_speaker(session: Session, spec: dict[str, Any], report: SeedReport) -> None:
    speaker = session.exec(select(Speaker).where(Speaker.slug == spec["slug"])).first()
    if speaker is not None:
        return
    speaker = create_speaker(
        session,
        name=spec["name"],
        kind=SpeakerKind(spec.get("kind", "person")),
        description=spec.get("description", ""),
        wikidata_id=spec.get("wikidata_id"),
        aliases=list(spec.get("aliases", [])),
    )
    speaker.slug = spec["slug"]
    report.speakers += 1
    for role in spec.get("roles", []):
        where = f"speaker {spec['name']!r}"
        add_role(
            session,
            speaker=speaker,
            title=role["title"],
            body=role.get("body", ""),
            party=role.get("party", ""),
            started_on=parse_date(role.get("start"), where),
            ended_on=parse_date(role.get("end"), where),
        )


def _seed_article(
    session: Session, spec: dict[str, Any], seeds_dir: Path, report: SeedReport
) -> None:
    path = seeds_dir / spec["file"]
    data = path.read_bytes()
    title, text, canonical = spec.get("title", ""), "", None
    if path.suffix.lower() in {".html", ".htm"}:
        article = html_to_article(data, url=spec.get("url"))
        text, canonical = article.text, article.canonical_url
        title = title or article.title
    else:
        text = data.decode("utf-8")
    outlet = session.exec(select(Outlet).where(Outlet.name == spec.get("outlet"))).first()
    result = ingest_text(
        session,
        text=text,
        title=title,
        url=spec.get("url"),
        canonical_url=canonical,
        outlet=outlet.name if outlet else spec.get("outlet"),
        published=parse_date(spec.get("published"), spec["file"]),
        authors=spec.get("authors", []),
        language=spec.get("language", "en"),
        method=IngestMethod.SEED,
        extra={"seed_file": spec["file"]},
    )
    if result.created:
        report.sources += 1
        report.statements += len(result.statements)
    else:
        report.duplicates += 1


def find_statement(session: Session, article_file: str, quote: str) -> Statement | None:
    """The extracted statement of a seeded article whose text contains ``quote``."""
    sources = session.exec(
        select(Source).where(col(Source.ingest_method) == IngestMethod.SEED)
    ).all()
    source = next((s for s in sources if s.extra.get("seed_file") == article_file), None)
    if source is None:
        return None
    candidates = session.exec(select(Statement).where(Statement.source_id == source.id)).all()
    for statement in candidates:
        if quote in statement.text or statement.text in quote:
            return statement
    return None


def _seed_review(
    session: Session, spec: dict[str, Any], users: dict[str, int], report: SeedReport
) -> None:
    statement = find_statement(session, spec["article"], spec["quote"])
    if statement is None:
        report.warnings.append(
            f"review: no statement in {spec['article']} contains {spec['quote'][:60]!r}"
        )
        return
    if session.exec(select(Review.id).where(Review.statement_id == statement.id)).first():
        return
    import_review(
        session,
        statement=statement,
        state=ReviewState(spec["state"]),
        label=spec.get("rating") or "",
        summary=spec.get("summary", ""),
        explanation=spec.get("explanation", ""),
        evidence=spec.get("evidence", []),
        scale=spec.get("scale", "truth"),
        author_id=users.get(spec.get("author", "")),
        second_reader_id=users.get(spec.get("second_reader") or ""),
        correction_note=spec.get("correction_note") or "",
    )
    report.reviews += 1


def _match_all(session: Session, settings: MatchSettings) -> int:
    """Match every statement, oldest said first; returns how many were matched."""
    session.flush()
    statements = session.exec(
        select(Statement).order_by(col(Statement.said_on), col(Statement.id))
    ).all()
    for statement in statements:
        match_statement(session, statement, settings=settings)
    return len(statements)


def _seed_link(
    session: Session, spec: dict[str, Any], users: dict[str, int], report: SeedReport
) -> None:
    a = find_statement(session, spec["a"]["article"], spec["a"]["quote"])
    b = find_statement(session, spec["b"]["article"], spec["b"]["quote"])
    if a is None or b is None:
        report.warnings.append(f"link {spec.get('relation')}: a statement was not extracted")
        return
    older, newer = sorted((a, b), key=lambda s: (s.said_on or utcnow().date(), s.id or 0))
    relation = LinkRelation.REVERSAL if spec["relation"] == "reversal" else LinkRelation.REPEATS
    link = session.exec(
        select(StatementLink).where(
            StatementLink.statement_id == newer.id,
            StatementLink.other_id == older.id,
            StatementLink.relation == relation,
        )
    ).first()
    if link is not None and link.decided_at is not None:
        return  # decided on an earlier run
    flip = FlipRating(spec["flip"]) if spec.get("flip") else None
    if link is not None and relation == LinkRelation.REVERSAL and flip is None:
        report.suggested += 1  # the matcher found it: left for the demo user to decide
        return
    if link is None:
        if relation == LinkRelation.REVERSAL:
            report.warnings.append(f"link reversal: the matcher did not suggest {newer.id}")
        link = StatementLink(
            statement_id=require_id(newer), other_id=require_id(older), relation=relation,
            score=1.0,
        )  # fmt: skip
    link.status = LinkStatus.CONFIRMED
    link.note = spec.get("note", "")
    link.flip_rating = flip
    link.decided_by_id = users.get("editor")
    link.decided_at = utcnow()
    session.add(link)
    report.links += 1
