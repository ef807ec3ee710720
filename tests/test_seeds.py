"""The demo corpus: it loads through the real pipeline, once, and the extractor finds its quotes."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import func, select

from onrecord.db import Database
from onrecord.models import (
    AuditEvent,
    LinkStatus,
    Review,
    ReviewRevision,
    ReviewState,
    Source,
    Speaker,
    Statement,
    StatementLink,
    User,
)
from onrecord.pipeline.errors import Conflict
from onrecord.pipeline.seeds.manifest import default_seeds_dir, load_manifest
from onrecord.pipeline.seeds.operations import seed_database

SEEDS = default_seeds_dir()


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return load_manifest(SEEDS)


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_manifest_has_what_the_demo_needs(manifest: dict[str, Any]) -> None:
    assert len(manifest["articles"]) >= 15
    assert len(manifest["outlets"]) >= 4
    assert len([s for s in manifest["speakers"] if s["kind"] == "person"]) >= 6
    years = {a["published"][:4] for a in manifest["articles"]}
    assert len(years) >= 5
    states = {r["state"] for r in manifest["reviews"]}
    assert states >= {s.value for s in ReviewState}
    relations = [link["relation"] for link in manifest["links"]]
    assert relations.count("reversal") >= 2
    assert "repeats" in relations


def test_seed_loads_everything_once(db: Database, manifest: dict[str, Any]) -> None:
    with db.write() as session:
        report = seed_database(
            session, manifest=manifest, seeds_dir=SEEDS, demo_password="pw-12345678"
        )
    assert report.warnings == []
    assert report.sources == len(manifest["articles"])
    assert report.reviews == len(manifest["reviews"])
    unrated_reversals = [
        x for x in manifest["links"] if x["relation"] == "reversal" and not x.get("flip")
    ]
    assert report.links == len(manifest["links"]) - len(unrated_reversals)
    assert report.suggested == len(unrated_reversals)  # left to the demo user
    assert _count(db, Source) == len(manifest["articles"])
    assert _count(db, Review) == len(manifest["reviews"])
    assert _count(db, ReviewRevision) == len(manifest["reviews"])
    assert _count(db, User) == 5
    with db.session() as session:
        for statement in session.exec(select(Statement)).all():
            source = session.get(Source, statement.source_id)
            assert source is not None
            assert source.text[statement.start : statement.end] == statement.text
        decided = session.exec(select(StatementLink).where(StatementLink.decided_at != None)).all()  # noqa: E711
        assert len(decided) == report.links
        assert all(link.status == LinkStatus.CONFIRMED for link in decided)
    before = {m.__name__: _count(db, m) for m in (Source, Statement, Review, StatementLink, User)}

    with pytest.raises(Conflict, match="seeded already"), db.write() as session:
        seed_database(session, manifest=manifest, seeds_dir=SEEDS)
    with db.write() as session:
        again = seed_database(
            session, manifest=manifest, seeds_dir=SEEDS, force=True, demo_password="pw-12345678"
        )
    assert again.sources == 0
    assert again.duplicates == len(manifest["articles"])
    after = {m.__name__: _count(db, m) for m in (Source, Statement, Review, StatementLink, User)}
    assert after == before
    assert _count(db, AuditEvent) > 0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def test_seeded_statements_match_the_corpus_gold(db: Database, manifest: dict[str, Any]) -> None:
    """Our own gold standard, end to end: each statement the corpus author marked is stored,
    at the right offsets, and attributed to the right Speaker record."""
    with db.write() as session:
        seed_database(session, manifest=manifest, seeds_dir=SEEDS)
    expected_total = found = right_speaker = 0
    misses: list[str] = []
    with db.session() as session:
        speaker_names = {s.id: s.name for s in session.exec(select(Speaker)).all()}
        for spec in manifest["articles"]:
            source = next(
                s
                for s in session.exec(select(Source)).all()
                if s.extra.get("seed_file") == spec["file"]
            )
            stored = session.exec(select(Statement).where(Statement.source_id == source.id)).all()
            for gold in spec["expected"]:
                expected_total += 1
                start = source.text.index(gold["quote"])
                span = (start, start + len(gold["quote"]))
                best = max(stored, key=lambda st: _overlap(span, (st.start, st.end)), default=None)
                if best is None or _overlap(span, (best.start, best.end)) < 0.5 * (
                    span[1] - span[0]
                ):
                    misses.append(f"{spec['file']}: missed {gold['quote'][:50]!r}")
                    continue
                found += 1
                got = speaker_names.get(best.speaker_id) if best.speaker_id else None
                if got == gold["speaker"]:
                    right_speaker += 1
                else:
                    misses.append(
                        f"{spec['file']}: {gold['quote'][:40]!r} given to {got!r} "
                        f"({best.speaker_name!r}), not {gold['speaker']!r}"
                    )
    recall = found / expected_total
    speaker_accuracy = right_speaker / found
    summary = f"recall {recall:.2f}, speaker accuracy {speaker_accuracy:.2f}\n" + "\n".join(misses)
    assert recall >= 0.90, summary
    assert speaker_accuracy >= 0.90, summary
