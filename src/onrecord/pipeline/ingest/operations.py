"""Storing an article with its statements: one transaction, all or nothing.

An article is new when neither its content hash nor its canonical URL is
known; the same content again is a duplicate and changes nothing; new content
at a known canonical URL becomes a new version of that source, and the old
version keeps its statements and reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, func, select

from onrecord.config import Settings
from onrecord.db import Database
from onrecord.models import (
    EntryStatus,
    Feed,
    FeedEntry,
    IngestMethod,
    Outlet,
    PollStatus,
    Source,
    SpeakerKind,
    Statement,
    StatementKind,
    StatementStatus,
    utcnow,
)
from onrecord.pipeline.audit import record_event
from onrecord.pipeline.errors import Conflict, NotFound, OperationError, require_id
from onrecord.pipeline.extract import ExtractedStatement, extract_statements
from onrecord.pipeline.ingest.articles import ArticleInput, InputError, from_html, from_text
from onrecord.pipeline.ingest.feeds import FeedItem, parse_feed
from onrecord.pipeline.ingest.fetch import FetchPolicy, fetch_url
from onrecord.pipeline.ingest.urls import canonicalize_url, url_host
from onrecord.pipeline.review.checkworthiness import score_statement
from onrecord.pipeline.speakers.names import could_name_a_role, is_description
from onrecord.pipeline.speakers.operations import resolve_speaker, speaker_ids_by_alias
from onrecord.pipeline.text import content_hash, fold, normalize_statement

#: Largest article text accepted, in characters (a long article is ~50,000).
MAX_TEXT_CHARS = 1_000_000
#: Mentions that can only be resolved inside the article (the extractor's job).
PRONOUNS = frozenset("he she they it we i you his her their its him them".split())
STATEMENT_TABLE: sa.Table = SQLModel.metadata.tables["statement"]
SOURCE_TABLE: sa.Table = SQLModel.metadata.tables["source"]
#: Column limits of Source.url and Source.title.
MAX_URL_CHARS = 2048
MAX_TITLE_CHARS = 500


@dataclass(slots=True)
class IngestResult:
    """What happened to one article: ``status`` is "ingested", "new_version" or "duplicate"."""

    source: Source
    status: str
    #: The stored statements, by start (empty when the caller asked not to read them back).
    statements: list[Statement] = field(default_factory=list)
    #: How many statements were stored (set when they were not read back).
    stored_count: int | None = None

    @property
    def statement_count(self) -> int:
        """How many statements were stored with the source."""
        return len(self.statements) if self.stored_count is None else self.stored_count

    @property
    def created(self) -> bool:
        """Whether a new source row was written."""
        return self.status != "duplicate"

    @property
    def message(self) -> str:
        """One line for people."""
        title = self.source.title or "untitled"
        if self.status == "duplicate":
            return f"already stored as source {self.source.id} ({title}); nothing changed"
        what = "new version of" if self.status == "new_version" else "stored"
        n = self.statement_count
        return f"{what} source {self.source.id} ({title}) with {n} statement{'s' if n != 1 else ''}"


def check_article_text(text: str) -> str:
    """The text if it can be stored; raises :class:`OperationError` saying what is wrong."""
    if "\x00" in text:
        raise OperationError("the file looks binary (it contains NUL bytes), not an article")
    if len(text) > MAX_TEXT_CHARS:
        raise OperationError(
            f"the article is too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
        )
    if not text.strip():
        raise OperationError("the article has no text")
    return text


def _find_outlet(session: Session, name: str, domain: str | None) -> Outlet | None:
    """The outlet with this domain, else this name (case-insensitive); a name-only outlet
    learns its domain unless another outlet already has it."""
    if domain:
        by_domain = session.exec(select(Outlet).where(Outlet.domain == domain)).first()
        if by_domain is not None:
            return by_domain
    if not name:
        return None
    by_name = session.exec(
        select(Outlet).where(func.lower(col(Outlet.name)) == name.lower())
    ).first()
    if by_name is not None and domain and by_name.domain is None:
        by_name.domain = domain
        session.add(by_name)
    return by_name


def get_or_create_outlet(
    session: Session, *, name: str | None, domain: str | None
) -> Outlet | None:
    """The outlet with this domain, else this name, created when unknown; None without either.

    The domain wins because it is unambiguous.
    """
    name = (name or "").strip()
    domain = (domain or "").strip().lower() or None
    if not name and not domain:
        return None
    outlet = _find_outlet(session, name, domain)
    if outlet is not None:
        return outlet
    outlet = Outlet(name=name or domain or "", domain=domain)
    try:
        with session.begin_nested():  # another process may create it at the same moment
            session.add(outlet)
            session.flush()
    except sa.exc.IntegrityError:
        winner = _find_outlet(session, name, domain)
        if winner is None:
            raise Conflict(f"outlet {name or domain!r} clashes with an existing one") from None
        return winner
    return outlet


def _as_datetime(value: dt.date | dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class PreparedStatement:
    """One extracted statement with everything worked out that needs no database."""

    #: The statement's columns except source, speaker, confirmation flag and creation time.
    values: dict[str, Any]
    #: (name or mention, the extractor's speaker kind, date said): what one speaker
    #: resolution is shared by. None when there is nothing to resolve (no mention, or
    #: a pronoun the extractor could not resolve inside the article).
    key: tuple[str, str | None, dt.date | None] | None = None
    kind: SpeakerKind = SpeakerKind.PERSON
    #: The article itself names the speaker, so a new Speaker may be created.
    create: bool = False
    #: Describes rather than names ("the finance minister"): roles come before aliases.
    description: bool = False
    #: A description that no role can match ("a spokesperson"): only an alias finds it.
    described_only: bool = False


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article checked and hashed, and (once :func:`extract_prepared` ran) extracted.

    Everything here is CPU work done before the write transaction opens, so that
    the transaction (:func:`store_prepared`) holds SQLite's write lock only for
    the database work.
    """

    text: str
    title: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    outlet_domain: str | None
    published_at: dt.datetime | None
    authors: list[str]
    language: str
    digest: str
    extra: dict[str, Any]
    #: None until extracted; then one entry per distinct span, sorted by start.
    statements: tuple[PreparedStatement, ...] | None = None
    #: Every name of the article that an alias may match (pronouns left out).
    lookup_names: frozenset[str] = frozenset()

    @property
    def day(self) -> dt.date | None:
        """The publication date, the default date of each statement."""
        return self.published_at.date() if self.published_at else None


def prepare_text(
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    canonical_url: str | None = None,
    outlet: str | None = None,
    outlet_domain: str | None = None,
    published: dt.date | dt.datetime | None = None,
    authors: Sequence[str] = (),
    language: str = "en",
    extra: dict[str, Any] | None = None,
) -> PreparedArticle:
    """Check an article and compute its canonical URL and content hash (no extraction yet).

    Raises :class:`OperationError` for unusable input. Needs no database.
    """
    check_article_text(text)
    if url and len(url) > MAX_URL_CHARS:
        raise OperationError(
            f"the URL is too long ({len(url):,} characters; the limit is {MAX_URL_CHARS:,})"
        )
    # Feeds and pages sometimes carry very long headlines; keep the start, say it was cut.
    title = (title or "").strip()
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "\u2026"
    link = canonical_url or url
    canonical = canonicalize_url(link) if link else None
    if canonical and len(canonical) > MAX_URL_CHARS:
        raise OperationError("the article's canonical URL is too long to store")
    return PreparedArticle(
        text=text,
        title=title,
        url=url.strip() if url else None,
        canonical_url=canonical,
        outlet=outlet,
        outlet_domain=outlet_domain or (url_host(canonical) if canonical else None),
        published_at=_as_datetime(published),
        authors=[a.strip() for a in authors if a and a.strip()],
        language=language or "en",
        digest=content_hash(text),
        extra=extra or {},
    )


def prepare_article(article: ArticleInput) -> PreparedArticle:
    """:func:`prepare_text` for an :class:`ArticleInput` (from a file, upload, batch or feed)."""
    return prepare_text(
        text=article.text,
        title=article.title,
        url=article.url,
        canonical_url=article.canonical_url,
        outlet=article.outlet,
        published=article.published,
        authors=article.authors,
        language=article.language,
        extra=dict(article.extra),
    )


def extract_prepared(prepared: PreparedArticle) -> PreparedArticle:
    """The article with its statements extracted and made ready to store (CPU only).

    Everything per statement that needs no database happens here: extraction,
    normalised text, check-worthiness, and which mentions can name a speaker.
    """
    if prepared.statements is not None:
        return prepared
    day = prepared.day
    found = distinct_spans(
        extract_statements(prepared.text, title=prepared.title or None, published=day)
    )
    pronoun: dict[str, bool] = {}
    described: dict[str, tuple[bool, bool]] = {}
    lookup: set[str] = set()
    statements = []
    for stmt in found:
        said_on = stmt.said_on or day
        name = stmt.speaker or stmt.speaker_mention or None
        if name is not None and name not in pronoun:
            pronoun[name] = fold(name) in PRONOUNS
            if not pronoun[name]:
                lookup.add(name)
        values = {
            "text": stmt.text,
            "normalized_text": normalize_statement(stmt.text),
            "kind": StatementKind(stmt.kind),
            "cue": stmt.cue,
            "cue_start": stmt.cue_start,
            "cue_end": stmt.cue_end,
            "start": stmt.start,
            "end": stmt.end,
            "speaker_mention": stmt.speaker_mention,
            "speaker_start": stmt.speaker_start,
            "speaker_end": stmt.speaker_end,
            "speaker_name": stmt.speaker,
            "said_on": said_on,
            "confidence": min(1.0, max(0.0, stmt.confidence)),
            "checkworthiness": score_statement(stmt.text).score,
            "status": StatementStatus.NEW,
        }
        # Pronouns are the extractor's job: one it could not resolve names no one here.
        if name is None or (stmt.speaker is None and pronoun[name]):
            statements.append(PreparedStatement(values))
            continue
        if name not in described:
            description = is_description(name.strip())
            described[name] = (description, description and not could_name_a_role(name))
        description, described_only = described[name]
        statements.append(
            PreparedStatement(
                values,
                key=(name, stmt.speaker_kind, said_on),
                kind=(
                    SpeakerKind.ORGANISATION
                    if stmt.speaker_kind == "organisation"
                    else SpeakerKind.PERSON
                ),
                create=stmt.speaker is not None,
                description=description,
                described_only=described_only,
            )
        )
    return replace(prepared, statements=tuple(statements), lookup_names=frozenset(lookup))


def _stored_id(connection: sa.Connection, digest: str) -> int | None:
    """The id of the source with this content hash (a Core query: no ORM objects)."""
    return connection.execute(
        sa.select(SOURCE_TABLE.c.id).where(SOURCE_TABLE.c.content_hash == digest)
    ).scalar()


def extract_unless_stored(db: Database, prepared: PreparedArticle) -> PreparedArticle:
    """:func:`extract_prepared`, skipped when the content is already stored (a duplicate
    costs one indexed read, as re-running a batch should)."""
    if prepared.statements is not None:
        return prepared
    with db.engine.connect() as connection:  # a read: no write lock
        if _stored_id(connection, prepared.digest) is not None:
            return prepared
    return extract_prepared(prepared)


def ingest_prepared(
    db: Database,
    prepared: PreparedArticle,
    *,
    method: IngestMethod,
    actor_id: int | None = None,
    read_back: bool = True,
) -> IngestResult:
    """Extract (outside any transaction), then store in one write transaction of its own.

    This is how every way in stores an article: the write transaction, and on
    SQLite its lock, lasts only as long as the database work. ``read_back``:
    see :func:`store_prepared`.
    """
    prepared = extract_unless_stored(db, prepared)
    with db.write() as session:
        return store_prepared(
            session, prepared, method=method, actor_id=actor_id, read_back=read_back
        )


def ingest_text(
    session: Session,
    *,
    text: str,
    title: str = "",
    url: str | None = None,
    canonical_url: str | None = None,
    outlet: str | None = None,
    outlet_domain: str | None = None,
    published: dt.date | dt.datetime | None = None,
    authors: Sequence[str] = (),
    language: str = "en",
    method: IngestMethod = IngestMethod.PASTE,
    actor_id: int | None = None,
    extra: dict[str, Any] | None = None,
) -> IngestResult:
    """Store an article, extract its statements and attribute them to speakers.

    Runs inside the caller's write transaction (``Database.write()``): any error
    leaves nothing behind. Raises :class:`OperationError` for unusable input.
    Extraction runs inside that transaction too; where the transaction is opened
    only for this, use :func:`prepare_text` and :func:`ingest_prepared` instead.
    """
    prepared = prepare_text(
        text=text,
        title=title,
        url=url,
        canonical_url=canonical_url,
        outlet=outlet,
        outlet_domain=outlet_domain,
        published=published,
        authors=authors,
        language=language,
        extra=extra,
    )
    return store_prepared(session, prepared, method=method, actor_id=actor_id)


def store_prepared(
    session: Session,
    prepared: PreparedArticle,
    *,
    method: IngestMethod,
    actor_id: int | None = None,
    read_back: bool = True,
) -> IngestResult:
    """Store a prepared article with its statements and speakers: database work only.

    Runs inside the caller's write transaction (``Database.write()``): any error
    leaves nothing behind. Unique constraints on the content hash and on
    (canonical URL, version) make concurrent ingestion of one article store it once.
    With ``read_back=False`` the statements are not loaded back as objects (a batch
    only reports their number): ``IngestResult.statements`` stays empty and
    ``statement_count`` says how many were stored.
    """
    digest = prepared.digest
    existing_id = _stored_id(session.connection(), digest)
    if existing_id is not None:
        return IngestResult(session.get_one(Source, existing_id), "duplicate")
    if prepared.statements is None:
        # Not extracted because it was a duplicate a moment ago and is gone now
        # (deleted meanwhile), or a caller that did not extract: correct, but slow.
        prepared = extract_prepared(prepared)
    previous = None
    if prepared.canonical_url is not None:
        previous = session.exec(
            select(Source)
            .where(Source.canonical_url == prepared.canonical_url)
            .order_by(col(Source.version).desc())
        ).first()
    source = Source(
        url=prepared.url,
        canonical_url=prepared.canonical_url,
        title=prepared.title,
        authors=list(prepared.authors),
        published_at=prepared.published_at,
        language=prepared.language,
        text=prepared.text,
        content_hash=digest,
        version=previous.version + 1 if previous else 1,
        previous_version_id=previous.id if previous else None,
        ingest_method=method,
        ingested_by_id=actor_id,
        extra=dict(prepared.extra),
    )
    outlet_row = get_or_create_outlet(session, name=prepared.outlet, domain=prepared.outlet_domain)
    source.outlet_id = outlet_row.id if outlet_row else None
    if session.get_bind().dialect.name == "sqlite":
        # SQLite lets one writer at a time in, from BEGIN IMMEDIATE on (and a deferred
        # transaction cannot write after another's commit): nobody can have stored
        # this article since the check above, so no savepoint is needed.
        session.add(source)
        session.flush()
    else:
        try:
            # A savepoint, so that losing a race to another process (same content
            # hash, or same URL version) leaves this transaction usable.
            with session.begin_nested():
                session.add(source)
                session.flush()
        except sa.exc.IntegrityError:
            winner = session.exec(select(Source).where(Source.content_hash == digest)).first()
            if winner is not None:
                return IngestResult(winner, "duplicate")
            raise Conflict(
                "another version of this article was stored at the same moment; try again"
            ) from None
    count = _store_statements(
        session, source_id=require_id(source), prepared=prepared, actor_id=actor_id
    )
    statements = list(
        session.exec(
            select(Statement).where(Statement.source_id == source.id).order_by(col(Statement.start))
        ).all()
        if read_back and count
        else []
    )
    status = "new_version" if previous else "ingested"
    record_event(
        session,
        action="source.ingested",
        object_type="source",
        object_id=source.id,
        actor_id=actor_id,
        data={"status": status, "statements": count, "method": method.value},
    )
    return IngestResult(source, status, statements, None if read_back else count)


def distinct_spans(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """One statement per (start, end): the most confident wins (a span is stored once)."""
    best: dict[tuple[int, int], ExtractedStatement] = {}
    for stmt in found:
        key = (stmt.start, stmt.end)
        if key not in best or stmt.confidence > best[key].confidence:
            best[key] = stmt
    return sorted(best.values(), key=lambda s: (s.start, s.end))


def _resolve(
    session: Session,
    stmt: PreparedStatement,
    name: str,
    on: dt.date | None,
    known: dict[str, list[int]],
    actor_id: int | None,
) -> tuple[int | None, bool]:
    """(speaker id, needs confirmation) for ``name``, the name or mention of ``stmt``."""
    # When the article alone does not say who it is, the mention may still name a
    # known speaker or a role held on that date ("the finance minister"); such a
    # mention may find a speaker but never creates one.
    candidates = known.get(name, [])
    if len(candidates) == 1:
        return candidates[0], False
    if stmt.described_only:
        # "a spokesperson", "the figures": no alias matched, and no role can.
        return None, False
    if candidates and not stmt.description:
        # What resolve_speaker would answer after the same alias query: the first
        # (lowest id) of several speakers with this alias, to be confirmed.
        return candidates[0], True
    match = resolve_speaker(
        session,
        name,
        kind=stmt.kind,
        on=on,
        create=stmt.create,
        actor_id=actor_id,
    )
    return (match.speaker.id, match.needs_confirmation) if match else (None, False)


def _store_statements(
    session: Session,
    *,
    source_id: int,
    prepared: PreparedArticle,
    actor_id: int | None,
) -> int:
    """Resolve each distinct speaker once, then insert every statement in one statement;
    returns how many were stored."""
    if not prepared.statements:
        return 0
    # One query finds every name of the article that is a known alias; only the
    # others take the slower path (roles, fuzzy matching, creation).
    known = speaker_ids_by_alias(session, prepared.lookup_names)
    speakers: dict[tuple[str, str | None, dt.date | None], tuple[int | None, bool]] = {}
    now = utcnow()
    rows = []
    for stmt in prepared.statements:
        speaker_id, unsure = None, False
        if stmt.key is not None:
            if stmt.key not in speakers:
                name, _, on = stmt.key
                speakers[stmt.key] = _resolve(session, stmt, name, on, known, actor_id)
            speaker_id, unsure = speakers[stmt.key]
        rows.append(
            stmt.values
            | {
                "source_id": source_id,
                "speaker_id": speaker_id,
                "speaker_needs_confirmation": unsure,
                "created_at": now,
            }
        )
    # One executemany (and, for callers that want the objects, one SELECT back): on
    # SQLite an INSERT ... RETURNING of many rows runs row by row, and a flush per ORM
    # object is slower still. Core, not the ORM bulk path: the ORM splits rows by
    # which values are None into several executemany calls; the table insert sends
    # them in one.
    session.execute(sa.insert(STATEMENT_TABLE), rows)
    return len(rows)


def ingest_article(
    session: Session,
    article: ArticleInput,
    *,
    method: IngestMethod,
    actor_id: int | None = None,
) -> IngestResult:
    """:func:`ingest_text` for an :class:`ArticleInput`, inside the caller's transaction."""
    prepared = extract_prepared(prepare_article(article))
    return store_prepared(session, prepared, method=method, actor_id=actor_id)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """The per-item line of a batch report."""

    label: str
    status: str  # ingested, new_version, duplicate, refused
    message: str
    source_id: int | None = None


def ingest_items(
    db: Database,
    items: Iterable[ArticleInput | InputError],
    *,
    method: IngestMethod,
    actor_id: int | None = None,
) -> Iterator[ItemOutcome]:
    """Store each item in a transaction of its own and yield what happened to it.

    An interrupted batch leaves whole articles or nothing; running it again
    stores only what is missing (content hashes make the rest duplicates).
    """
    for item in items:
        if isinstance(item, InputError):
            yield ItemOutcome(item.label, "refused", item.message)
            continue
        try:
            # Only the message and the source id are reported: no statement objects.
            result = ingest_prepared(
                db, prepare_article(item), method=method, actor_id=actor_id, read_back=False
            )
        except OperationError as exc:
            yield ItemOutcome(item.label, "refused", str(exc))
            continue
        yield ItemOutcome(item.label, result.status, result.message, result.source.id)


def fetch_article(url: str, *, policy: FetchPolicy) -> ArticleInput:
    """Fetch ``url`` through the SSRF guard and turn the page into an :class:`ArticleInput`.

    Runs outside any transaction: a slow site must never hold the database's write lock.
    """
    canonicalize_url(url)  # refuses non-http(s) and credentials with a clear message first
    page = fetch_url(url, policy=policy)
    if page.content_type == "text/plain":
        text = page.body.decode(page.charset or "utf-8", errors="replace")
        return from_text(text, label=url, url=page.final_url)
    return from_html(page.body, url=page.final_url, label=url)


def ingest_url(
    db: Database,
    url: str,
    *,
    policy: FetchPolicy,
    actor_id: int | None = None,
    method: IngestMethod = IngestMethod.URL,
    outlet: str | None = None,
) -> IngestResult:
    """Fetch an article by URL, then store it with its statements in one transaction."""
    article = fetch_article(url, policy=policy)
    if outlet:
        article = replace(article, outlet=outlet)
    return ingest_prepared(db, prepare_article(article), method=method, actor_id=actor_id)


@dataclass(slots=True)
class PollReport:
    """What one poll of one feed did."""

    feed_id: int
    feed_url: str
    status: PollStatus = PollStatus.OK
    new_entries: int = 0
    outcomes: list[ItemOutcome] = field(default_factory=list)
    error: str = ""

    def count(self, status: str) -> int:
        """How many entries ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def message(self) -> str:
        """One line for people."""
        if self.status == PollStatus.ERROR:
            return f"feed {self.feed_id} ({self.feed_url}): error: {self.error}"
        if self.status == PollStatus.NOT_MODIFIED:
            return f"feed {self.feed_id} ({self.feed_url}): not modified since the last poll"
        stored = self.count("ingested") + self.count("new_version")
        return (
            f"feed {self.feed_id} ({self.feed_url}): {self.new_entries} new entries, "
            f"{stored} stored, {self.count('duplicate')} duplicates, "
            f"{self.count('refused')} refused"
        )


def add_feed(
    db: Database,
    url: str,
    *,
    policy: FetchPolicy,
    outlet: str | None = None,
    actor_id: int | None = None,
) -> Feed:
    """Add an RSS/Atom feed after fetching it once to check that it is one.

    Raises :class:`Conflict` when the feed is already there and
    :class:`OperationError` (with the reason) when it cannot be fetched or is not a feed.
    """
    canonical = canonicalize_url(url)
    with db.session() as session:
        existing = session.exec(select(Feed).where(Feed.url == canonical)).first()
    if existing is not None:
        raise Conflict(f"this feed is already added (feed {existing.id})")
    page = fetch_url(url, policy=policy)
    document = parse_feed(page.body, url=page.final_url)
    with db.write() as session:
        outlet_row = get_or_create_outlet(
            session, name=outlet, domain=url_host(document.site_url or canonical)
        )
        feed = Feed(
            url=canonical,
            title=document.title,
            site_url=document.site_url,
            outlet_id=outlet_row.id if outlet_row else None,
            added_by_id=actor_id,
        )
        session.add(feed)
        try:
            session.flush()
        except sa.exc.IntegrityError:
            raise Conflict("this feed was added at the same moment by someone else") from None
        record_event(
            session,
            action="feed.added",
            object_type="feed",
            object_id=feed.id,
            actor_id=actor_id,
            data={"url": canonical},
        )
    return feed


def _entry_article(item: FeedItem, outlet: str | None, policy: FetchPolicy) -> ArticleInput:
    """The entry's own full content when the feed carries it, else the linked page."""
    known = {
        "title": item.title,
        "outlet": outlet,
        "published": item.published,
        "authors": item.authors,
    }
    if item.content_html and len(item.content_html) > 1500:
        return from_html(item.content_html, url=item.link, label=item.key, **known)
    if not item.link:
        raise OperationError("the entry has neither a link nor full content")
    article = fetch_article(item.link, policy=policy)
    return replace(
        article,
        title=article.title or item.title,
        outlet=outlet or article.outlet,
        published=article.published or item.published,
        authors=article.authors or item.authors,
    )


def _store_entry(
    db: Database,
    feed: Feed,
    item: FeedItem,
    article: ArticleInput | None,
    error: str,
    actor_id: int | None,
) -> ItemOutcome:
    """Store the entry's article and its FeedEntry row in one transaction.

    The article is checked and extracted first, before the write transaction opens.
    """
    feed_id = require_id(feed)
    try:
        prepared = None if article is None else extract_unless_stored(db, prepare_article(article))
        with db.write() as session:
            entry = session.exec(
                select(FeedEntry).where(
                    FeedEntry.feed_id == feed_id, FeedEntry.entry_key == item.key
                )
            ).first()
            if entry is not None and entry.status != EntryStatus.REFUSED:
                return ItemOutcome(item.key, "duplicate", "entry seen before", entry.source_id)
            if entry is None:
                entry = FeedEntry(
                    feed_id=feed_id,
                    entry_key=item.key,
                    link=item.link,
                    title=item.title,
                    status=EntryStatus.REFUSED,
                    attempts=0,
                )
            entry.attempts += 1
            if prepared is None:
                entry.status, entry.error = EntryStatus.REFUSED, error
                session.add(entry)
                return ItemOutcome(item.key, "refused", error)
            result = store_prepared(
                session, prepared, method=IngestMethod.FEED, actor_id=actor_id, read_back=False
            )
            entry.status = EntryStatus.DUPLICATE if not result.created else EntryStatus.INGESTED
            entry.source_id, entry.error = result.source.id, ""
            session.add(entry)
            return ItemOutcome(item.key, result.status, result.message, result.source.id)
    except OperationError as exc:
        if article is None:
            raise
        return _store_entry(db, feed, item, None, str(exc), actor_id)


def poll_feed(
    db: Database, feed_id: int, *, policy: FetchPolicy, actor_id: int | None = None
) -> PollReport:
    """Fetch a feed with a conditional GET and store each entry not seen before.

    Each entry is its own transaction; the feed's validators, status and counts
    are saved at the end. A fetch or parse failure is recorded on the feed and
    reported, never raised.
    """
    with db.session() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:
            raise NotFound(f"there is no feed {feed_id}")
        outlet = session.get(Outlet, feed.outlet_id) if feed.outlet_id else None
        seen = set(
            session.exec(
                select(FeedEntry.entry_key).where(
                    FeedEntry.feed_id == feed_id, FeedEntry.status != EntryStatus.REFUSED
                )
            ).all()
        )
    report = PollReport(feed_id=feed_id, feed_url=feed.url)
    validators: dict[str, str | None] = {"etag": feed.etag, "last_modified": feed.last_modified}
    try:
        page = fetch_url(feed.url, policy=policy, etag=feed.etag, last_modified=feed.last_modified)
        if page.not_modified:
            report.status = PollStatus.NOT_MODIFIED
        else:
            document = parse_feed(page.body, url=page.final_url)
            validators = {
                "etag": page.headers.get("etag"),
                "last_modified": page.headers.get("last-modified"),
            }
            for item in document.items:
                if item.key in seen:
                    continue
                report.new_entries += 1
                try:
                    article = _entry_article(item, outlet.name if outlet else None, policy)
                    outcome = _store_entry(db, feed, item, article, "", actor_id)
                except OperationError as exc:
                    outcome = _store_entry(db, feed, item, None, str(exc), actor_id)
                report.outcomes.append(outcome)
    except OperationError as exc:
        report.status, report.error = PollStatus.ERROR, str(exc)
    _save_poll(db, feed_id, report, validators, actor_id)
    return report


def _save_poll(
    db: Database,
    feed_id: int,
    report: PollReport,
    validators: dict[str, str | None],
    actor_id: int | None,
) -> None:
    with db.write() as session:
        feed = session.get(Feed, feed_id)
        if feed is None:  # deleted while we polled
            return
        feed.last_polled_at = utcnow()
        feed.last_status = report.status
        feed.last_error = report.error
        if report.status == PollStatus.OK:
            feed.etag, feed.last_modified = validators["etag"], validators["last_modified"]
        feed.entries_seen += report.new_entries
        feed.articles_ingested += report.count("ingested") + report.count("new_version")
        session.add(feed)
        record_event(
            session,
            action="feed.polled",
            object_type="feed",
            object_id=feed_id,
            actor_id=actor_id,
            data={"status": report.status.value, "new": report.new_entries, "error": report.error},
        )


def policy_from_settings(settings: Settings) -> FetchPolicy:
    """The fetch policy the settings ask for (allowlist, size and time caps)."""
    return FetchPolicy(
        allow_hosts=frozenset(settings.fetch_allow_hosts),
        max_bytes=settings.fetch_max_bytes,
        timeout_s=settings.fetch_timeout_s,
    )
