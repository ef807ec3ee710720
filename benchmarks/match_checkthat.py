#!/usr/bin/env python3
"""Claim matching on CLEF CheckThat! 2022 tasks 2A and 2B (English): MAP@5 and friends.

Usage:
  .venv/bin/python benchmarks/match_checkthat.py          # measure on dev (--train: train too)
  .venv/bin/python benchmarks/match_checkthat.py --tune     # fit the scoring weights on TRAIN only
  .venv/bin/python benchmarks/match_checkthat.py --calibrate  # the already-checked gates, TRAIN

Measuring runs the real command line, ``onrecord rank``, once per setting
and scores its TREC run with ``../shared/tools/score_ranking.py``:

* 2B plain: the issue's command (queries without speaker or date);
* 2B with metadata: the same, plus the date each sentence was said (from its
  id, ``20170822_Trump_phoenix_0204``) and, for single-speaker events named
  after the speaker, the speaker's name; this is what the app knows about a
  new statement;
* 2A: tweets against Snopes claims.

Tuning loads the same temporary databases through the same code, collects
the features of the top 100 candidates of every TRAIN query, and fits the
weights by coordinate ascent on the mean MAP@5 of 2A train and 2B train
(with metadata). Dev is never looked at while tuning. Skips cleanly (exit 0)
when ``../shared`` is absent. The data is never copied into the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ONRECORD_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "eval-data" / "matching"
SCORER = SHARED / "tools" / "score_ranking.py"
B = DATA / "checkthat-2b"
A = DATA / "checkthat-2a"

#: Event names in 2B ids that name their single speaker (misspellings as in the data).
SPEAKER_IN_ID = {
    "Trump": "Donald Trump",
    "Tump": "Donald Trump",
    "Trumo": "Donald Trump",
    "trump": "Donald Trump",
    "Obama": "Barack Obama",
    "Sanders": "Bernie Sanders",
    "Hillary": "Hillary Clinton",
    "Cruz": "Ted Cruz",
    "kasich": "John Kasich",
}


@dataclasses.dataclass(frozen=True)
class Task:
    """One ranking setting: corpus, fields, queries, qrels and optional query metadata."""

    name: str
    corpus: Path
    id_field: str
    text_field: str
    queries: Path
    qrels_train: Path
    qrels_dev: Path
    metadata: bool = False


TASKS = [
    Task("2B", B / "politifact_vclaims.jsonl", "vclaim_id", "vclaim",
         B / "CT2022-Task2B-EN-Train-Dev_Queries.tsv", B / "CT2022-Task2B-EN-Train_QRELs.tsv",
         B / "CT2022-Task2B-EN-Dev_QRELs.tsv"),
    Task("2B+meta", B / "politifact_vclaims.jsonl", "vclaim_id", "vclaim",
         B / "CT2022-Task2B-EN-Train-Dev_Queries.tsv", B / "CT2022-Task2B-EN-Train_QRELs.tsv",
         B / "CT2022-Task2B-EN-Dev_QRELs.tsv", metadata=True),
    Task("2A", A / "vclaims.jsonl", "vclaim_id", "vclaim",
         A / "CT2022-Task2A-EN-Train-Dev_Queries.tsv", A / "CT2022-Task2A-EN-Train_QRELs.tsv",
         A / "CT2022-Task2A-EN-Dev_QRELs.tsv"),
]  # fmt: skip


def load_scorer() -> Any:
    """The lab-style scorer module from ../shared/tools."""
    spec = importlib.util.spec_from_file_location("score_ranking", SCORER)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_metadata(queries: Path, tmp: Path) -> tuple[Path, Path]:
    """Query speakers and dates derived from 2B ids: ``<yyyymmdd>_<event>_<line>``."""
    speakers, dates = tmp / "speakers.tsv", tmp / "dates.tsv"
    with open(queries, encoding="utf-8") as fh, open(speakers, "w") as sp, open(dates, "w") as dd:
        for line in fh:
            qid = line.split("\t", 1)[0].strip()
            if not qid[:8].isdigit():
                continue
            dd.write(f"{qid}\t{qid[:4]}-{qid[4:6]}-{qid[6:8]}\n")
            words = qid.split("_")[1:-1]
            names = {SPEAKER_IN_ID[w] for w in words if w in SPEAKER_IN_ID}
            if len(names) == 1:
                sp.write(f"{qid}\t{names.pop()}\n")
    return speakers, dates


def rank_args(task: Task, tmp: Path) -> list[str]:
    """Arguments of ``onrecord rank`` for ``task``."""
    args = ["--corpus", str(task.corpus), "--queries", str(task.queries),
            "--id-field", task.id_field, "--text-field", task.text_field]  # fmt: skip
    if task.metadata:
        speakers, dates = write_metadata(task.queries, tmp)
        args += ["--query-speakers", str(speakers), "--query-dates", str(dates)]
    return args


def measure(tasks: Sequence[Task], *, train: bool) -> None:
    """Run ``onrecord rank`` per task and print the scorer's numbers for dev (and train)."""
    scorer = load_scorer()
    onrecord = str(Path(sys.executable).parent / "onrecord")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}: "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")  # fmt: skip
    for task in tasks:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            run = tmp / "run.txt"
            args = [onrecord, "rank", *rank_args(task, tmp)]
            started = time.perf_counter()
            with open(run, "w") as out:
                subprocess.run(args, stdout=out, check=True)
            seconds = time.perf_counter() - started
            for split, qrels in (("dev", task.qrels_dev), ("train", task.qrels_train)):
                if split == "train" and not train:
                    continue
                res = scorer.score(scorer.read_run(str(run)), scorer.read_qrels(str(qrels)))
                keys = ("MAP@1", "MAP@5", "MAP@20", "MRR", "R@5", "R@20", "R@100", "queries")
                line = "  ".join(f"{k} {res[k]}" for k in keys)
                print(f"{task.name:8} {split:5} {line}  (rank: {seconds:.1f} s in all)")


def collect(task: Task, qrels: Path) -> list[tuple[set[str], list[tuple[str, Any]]]]:
    """For each judged query: its relevant ids and (doc id, features) of the top 100."""
    from onrecord.cli.matching import CorpusFields, rank_queries, rank_setup

    scorer = load_scorer()
    rel = scorer.read_qrels(str(qrels))
    out = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        speakers = dates = None
        if task.metadata:
            sp, dd = write_metadata(task.queries, tmp)
            speakers, dates = str(sp), str(dd)
        fields = CorpusFields(task.id_field, task.text_field)
        with rank_setup(str(task.corpus), str(task.queries), fields=fields,
                        query_speakers=speakers, query_dates=dates) as setup:  # fmt: skip
            setup.queries = [(q, s) for q, s in setup.queries if q in rel]
            for qid, cands in rank_queries(setup, top=100):
                out.append((rel[qid], [(setup.doc_ids[c.statement_id], c.features) for c in cands]))
    return out


def map_at_5(
    data: list[tuple[set[str], list[tuple[str, Any]]]], score: Callable[[Any], float]
) -> float:
    """MAP@5 as the lab computes it, for candidate lists re-scored by ``score``."""
    total = 0.0
    for relevant, cands in data:
        ranked = sorted(cands, key=lambda c: -score(c[1]))[:5]
        hits, ap = 0, 0.0
        for i, (doc, _) in enumerate(ranked, 1):
            if doc in relevant:
                hits += 1
                ap += hits / i
        total += ap / len(relevant)
    return total / len(data) if data else 0.0


def tune(cache: Path | None) -> None:
    """Coordinate ascent on the weights (retrieval fixed at 1), on TRAIN qrels only.

    ``cache`` keeps the collected features (a pickle in a temporary place, never
    in the repository) so that a second tuning run skips the ranking.
    """
    from onrecord.pipeline.match.scoring import Weights, combine

    if cache is not None and cache.is_file():
        sets = pickle.loads(cache.read_bytes())
    else:
        sets = [collect(t, t.qrels_train) for t in TASKS if t.name in {"2B+meta", "2A"}]
        if cache is not None:
            cache.write_bytes(pickle.dumps(sets))

    def objective(w: Weights) -> float:
        return sum(map_at_5(d, lambda f: combine(f, w)) for d in sets) / len(sets)

    weights = Weights()
    best = objective(weights)
    print(f"start {best:.4f}")
    grid = [-2.0, -1.0, -0.5, -0.25, -0.1, 0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0]
    for round_ in range(3):
        for name in Weights.names():
            if name == "retrieval":
                continue
            for value in grid:
                trial = dataclasses.replace(weights, **{name: value})
                got = objective(trial)
                if got > best + 1e-6:
                    best, weights = got, trial
        print(f"round {round_ + 1}: {best:.4f} {weights}")
    per_set = [map_at_5(d, lambda f: combine(f, weights)) for d in sets]
    print(f"train MAP@5 2B+meta {per_set[0]:.4f}  2A {per_set[1]:.4f}")
    for pool in (10, 20, 30, 50, 100):
        # The retrieval rank is 1 / reciprocal - 1 (the lists are sorted by score).
        cut = [
            [(rel, [c for c in cands if round(1 / c[1].reciprocal) - 1 < pool]) for rel, cands in d]
            for d in sets
        ]
        got = [map_at_5(d, lambda f: combine(f, weights)) for d in cut]
        print(f"rescoring only the top {pool:3}: 2B+meta {got[0]:.4f}  2A {got[1]:.4f}")


def _collected(cache: Path | None) -> list[list[tuple[set[str], list[tuple[str, Any]]]]]:
    """Features of the top 100 candidates of every TRAIN query of 2B+meta and 2A (cached)."""
    if cache is not None and cache.is_file():
        sets: list[Any] = pickle.loads(cache.read_bytes())
        return sets
    sets = [collect(t, t.qrels_train) for t in TASKS if t.name in {"2B+meta", "2A"}]
    if cache is not None:
        cache.write_bytes(pickle.dumps(sets))
    return sets


def _without_answers(relevant: set[str], cands: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The same query against a collection that lacks its answers: retrieval renormalised.

    This is what a small collection looks like to the matcher: the best hit is
    junk but still gets the full relative bm25 feature.
    """
    rest = sorted(((d, f) for d, f in cands if d not in relevant), key=lambda c: -c[1].reciprocal)
    best = max((f.retrieval for _, f in rest), default=0.0) or 1.0
    return [(d, dataclasses.replace(f, retrieval=f.retrieval / best, reciprocal=1 / (1 + i)))
            for i, (d, f) in enumerate(rest)]  # fmt: skip


def calibrate(cache: Path | None) -> None:
    """The "already checked" gates on TRAIN: what they keep, and junk on answerless queries.

    For each setting: recall = share of the relevant claims ranked in the top 5
    that the gate still suggests; precision = share of suggestions that are
    relevant; no-answer = share of queries that still get a suggestion once
    their relevant claims are removed from the collection (the small-newsroom
    case: lower is better).
    """
    from onrecord.config import MatchSettings
    from onrecord.pipeline.match.ranking import checked_gate
    from onrecord.pipeline.match.scoring import combine, gate_score

    sets = _collected(cache)
    shipped = MatchSettings()
    open_gate = dataclasses.replace(shipped, checked_suggest_threshold=shipped.suggest_threshold,
                                    checked_min_similarity=0.0, checked_unanchored_similarity=0.0,
                                    checked_unanchored_ratio=0.0)  # fmt: skip
    trials = [("score >= 2.0 only (before)", open_gate, True), ("shipped gates", shipped, False)]
    for threshold in (2.0, 2.1, 2.3, 2.4):
        trials.append((f"text score >= {threshold}", dataclasses.replace(
            shipped, checked_suggest_threshold=threshold), False))  # fmt: skip
    for overlap in (0.5, 0.6):
        trials.append((f"overlap >= {overlap}", dataclasses.replace(
            shipped, checked_min_similarity=overlap), False))  # fmt: skip

    def passes(f: Any, settings: Any, plain: bool) -> bool:
        if plain:
            return gate_score(f) >= settings.suggest_threshold
        return checked_gate(f, f.anchors > 0, settings)

    for name, data in zip(("2B+meta", "2A"), sets, strict=True):
        tops = [(rel, sorted(c, key=lambda x: -combine(x[1]))[:5]) for rel, c in data]
        empty = [sorted(_without_answers(rel, c), key=lambda x: -combine(x[1]))[:5]
                 for rel, c in data]  # fmt: skip
        total = sum(1 for rel, top in tops for d, _ in top if d in rel)
        print(f"{name} train: {len(data)} queries, {total} relevant claims in the top 5")
        for label, settings, plain in trials:
            kept = [(d in rel) for rel, top in tops for d, f in top if passes(f, settings, plain)]
            junk = sum(1 for top in empty if any(passes(f, settings, plain) for _, f in top))
            recall, precision = sum(kept) / max(1, total), sum(kept) / max(1, len(kept))
            print(f"  {label:28} recall {recall:.3f}  precision {precision:.3f}  "
                  f"no-answer {junk / len(empty):.3f}")  # fmt: skip


def main() -> int:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="fit weights on train")
    parser.add_argument("--train", action="store_true", help="also print train numbers")
    parser.add_argument("--calibrate", action="store_true",
                        help="already-checked gates on train (small-collection junk)")  # fmt: skip
    parser.add_argument("--cache", type=Path,
                        help="with --tune/--calibrate: pickle of collected features")  # fmt: skip
    parser.add_argument("--task", action="append", help="only these tasks (2B, 2B+meta, 2A)")
    args = parser.parse_args()
    if not DATA.is_dir() or not SCORER.is_file():
        print(f"skipped: {DATA} or {SCORER} is missing")
        return 0
    if args.tune:
        tune(args.cache)
        return 0
    if args.calibrate:
        calibrate(args.cache)
        return 0
    measure([t for t in TASKS if not args.task or t.name in args.task], train=args.train)
    return 0


if __name__ == "__main__":
    sys.exit(main())
