"""Measure onrecord's stance analysis on labelled pairs with the shared scorer.

Usage: .venv/bin/python benchmarks/stance.py [--pairs FILE.csv] [--shared PATH] [--cv K]

Runs ``analyse_pair`` on every pair (default: ``../shared/eval-data/stance/pairs-dev.csv``),
writes the CSV that ``onrecord stance`` prints to a temporary file, scores it with
``tools/score_stance.py --json`` and prints the scorer's keys next to the peers and our targets,
plus pairs per second (one process). The pairs are third-party data used for evaluation only:
read from the shared folder, never copied. Nothing here is fitted on them unless ``--cv K`` is
given: then the two decision thresholds are chosen on K-1 folds and applied to the held-out fold,
and the scorer sees only held-out decisions (cross-validated numbers).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from onrecord.cli.stance import read_pairs, write_csv
from onrecord.pipeline.match import stance
from onrecord.pipeline.match.stance import StanceResult

# scorer key -> (peer result, target)
TARGETS: dict[str, tuple[str, float | None]] = {
    "accuracy_3": ("-", None),
    "macro_f1_3": ("-", None),
    "auc_topic_related_vs_unrelated": ("rapidfuzz 0.59, MiniLM 0.75", 0.80),
    "auc_contrast_inconsistent_vs_consistent": ("rapidfuzz 0.50", 0.70),
    "accuracy_reversal_vs_not": ("always-reversal 0.68, LLMs ~0.83", 0.75),
}


def analyse(rows: list[dict[str, str]]) -> tuple[list[tuple[str, StanceResult]], float, float]:
    """Every pair's result, and the seconds spent in ``analyse_pair`` on a first (cold word
    cache) and a second (warm) pass."""
    t0 = time.perf_counter()
    results = [(r["pair_id"], stance.analyse_pair(r["text_1"], r["text_2"])) for r in rows]
    t1 = time.perf_counter()
    for r in rows:
        stance.analyse_pair(r["text_1"], r["text_2"])
    return results, t1 - t0, time.perf_counter() - t1


def relabel(
    results: list[tuple[str, StanceResult]], topic_cut: float, contrast_cut: float
) -> list[tuple[str, StanceResult]]:
    """The same scores with the relation decided by other thresholds."""
    out = []
    for pair_id, res in results:
        if res.topic_score < topic_cut:
            relation = "unrelated"
        elif res.contrast_score >= contrast_cut:
            relation = "reversal"
        else:
            relation = "consistent"
        out.append(
            (pair_id, StanceResult(relation, res.topic_score, res.contrast_score, res.explanation))
        )
    return out


def _binary_accuracy(results: list[tuple[str, StanceResult]], gold: dict[str, str]) -> float:
    hits = sum((r.relation == "reversal") == (gold[p] == "Inconsistent") for p, r in results)
    return hits / len(results)


def cross_validated(
    results: list[tuple[str, StanceResult]], gold: dict[str, str], folds: int
) -> list[tuple[str, StanceResult]]:
    """Thresholds fitted (grid search, reversal-vs-not accuracy) on K-1 folds per held-out fold."""
    order = list(range(len(results)))
    random.Random(13).shuffle(order)
    grid_t = [i / 100 for i in range(0, 61, 2)]
    grid_c = [i / 100 for i in range(10, 91, 2)]
    decided: list[tuple[str, StanceResult]] = []
    for k in range(folds):
        held = {i for n, i in enumerate(order) if n % folds == k}
        train = [results[i] for i in order if i not in held]
        best = max(
            ((t, c) for t in grid_t for c in grid_c),
            key=lambda tc: (_binary_accuracy(relabel(train, *tc), gold), -abs(tc[1] - 0.5)),
        )
        print(f"fold {k + 1}: topic_cut {best[0]:.2f} contrast_cut {best[1]:.2f}")
        decided += relabel([results[i] for i in sorted(held)], *best)
    return decided


def score(
    results: list[tuple[str, StanceResult]], gold_file: Path, scorer: Path, split: str | None
) -> dict[str, object]:
    """Run the shared scorer on the CLI's CSV and return its JSON.

    With ``split``, the gold file is first cut to that split's rows (our own pairs only).
    """
    with tempfile.TemporaryDirectory() as tmp:
        predictions = Path(tmp) / "predictions.csv"
        with predictions.open("w", encoding="utf-8", newline="") as out:
            write_csv(results, out)
        gold = gold_file
        if split:
            gold = Path(tmp) / "gold.csv"
            with gold_file.open(encoding="utf-8", newline="") as fh:
                rows = [r for r in csv.DictReader(fh) if r.get("split") == split]
            with gold.open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=["pair_id", "label_3"], lineterminator="\n")
                writer.writeheader()
                writer.writerows({"pair_id": r["pair_id"], "label_3": r["label_3"]} for r in rows)
        proc = subprocess.run(
            [sys.executable, str(scorer), str(predictions), str(gold), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, object] = json.loads(proc.stdout)
    return result


WORD_LEVEL = ("negation", "antonym", "evaluation", "modality", "quantifier", "number")
TARGET = ("target_flip", "target_agree", "domain_flip", "domain_agree")
ABLATIONS: dict[str, tuple[str, ...]] = {
    "all signals (shipped)": (),
    "without restatement": ("restatement",),
    "without policy axes": ("position_flip", "position_agree"),
    "without stance on shared words and domains": TARGET,
    "without word-level signals": WORD_LEVEL,
    "restatement + policy axes only": (*WORD_LEVEL, *TARGET),
    "restatement only": (*WORD_LEVEL, *TARGET, "position_flip", "position_agree"),
}


def _auc(pos: list[float], neg: list[float]) -> float:
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def ablate(rows: list[dict[str, str]]) -> None:
    """Contrast AUC (Inconsistent vs Consistent) with groups of signal weights set to zero."""
    shipped = dict(stance.WEIGHTS)
    print(f"{'contrast AUC, inconsistent vs consistent':42s}")
    try:
        for name, zeroed in ABLATIONS.items():
            stance.WEIGHTS.update(shipped)
            stance.WEIGHTS.update(dict.fromkeys(zeroed, 0.0))
            scores: dict[str, list[float]] = {"Inconsistent": [], "Consistent": []}
            for r in rows:
                if r.get("label_3") in scores:
                    result = stance.analyse_pair(r["text_1"], r["text_2"])
                    scores[r["label_3"]].append(result.contrast_score)
            print(f"  {name:40s} {_auc(scores['Inconsistent'], scores['Consistent']):.4f}")
    finally:
        stance.WEIGHTS.update(shipped)


def print_table(
    name: str, result: dict[str, object], pairs: int, elapsed: tuple[float, float]
) -> None:
    """The scorer's numbers next to peers and targets, then speed and machine."""
    print(f"{name}: {pairs} pairs, missing predictions {result.get('missing_predictions')}")
    print(f"{'scorer key':42s} {'ours':>7s}  {'target':>7s}  met  peers")
    for key, (peers, target) in TARGETS.items():
        value = result.get(key)
        ours = f"{value:.4f}" if isinstance(value, float | int) else str(value)
        met = (
            ""
            if target is None or not isinstance(value, float | int)
            else ("yes" if value >= target else "no")
        )
        target_s = f">={target:.2f}" if target is not None else "-"
        print(f"{key:42s} {ours:>7s}  {target_s:>7s}  {met:3s}  {peers}")
    cold, warm = (pairs / t if t else float("inf") for t in elapsed)
    print(f"{'pairs/s (analyse_pair only), first pass':42s} {cold:7.0f}")
    print(f"{'pairs/s (analyse_pair only), second pass':42s} {warm:7.0f}")
    print(f"python {platform.python_version()} on {platform.machine()}, one process")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, locate the data and scorer, run and print."""
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared")
    ap.add_argument("--pairs", type=Path, default=None, help="labelled pairs (label_3 column)")
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="fit thresholds by K-fold CV")
    ap.add_argument("--split", default=None, help="keep only rows whose `split` column is this")
    ap.add_argument("--ablate", action="store_true", help="contrast AUC without signal groups")
    args = ap.parse_args(argv)
    pairs = args.pairs or args.shared / "eval-data" / "stance" / "pairs-dev.csv"
    scorer = args.shared / "tools" / "score_stance.py"
    for needed in (pairs, scorer):
        if not needed.exists():
            print(f"skipped: {needed} not found")
            return 0
    rows = read_pairs(str(pairs))
    if args.split:
        rows = [r for r in rows if r.get("split") == args.split]
    if args.ablate:
        ablate(rows)
        return 0
    results, cold, warm = analyse(rows)
    if args.cv:
        gold = {r["pair_id"]: r["label_3"] for r in rows}
        results = cross_validated(results, gold, args.cv)
        print(f"relations decided by thresholds fitted in {args.cv}-fold cross-validation")
    else:
        print(
            f"thresholds: topic {stance.TOPIC_THRESHOLD}, contrast {stance.CONTRAST_THRESHOLD}"
            " (set by hand, not fitted on these pairs)"
        )
    name = f"{pairs.name} ({args.split})" if args.split else pairs.name
    print_table(name, score(results, pairs, scorer, args.split), len(rows), (cold, warm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
