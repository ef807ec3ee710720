"""Error analysis of the extractor on a PolNeAR split (develop on train; never tune on dev).

Usage: .venv/bin/python benchmarks/extract_errors.py [--split train] [--show KIND] [--limit N]
       [--cue WORD] [--shared PATH]

Matches predictions to gold attributions the way ``tools/score_polnear.py`` does (a prediction
belongs to the gold content holding the largest share of its letters and digits, at least half)
and prints counts of:

* ``missed``: gold attributions nobody found, by category and by their annotated cue words;
* ``false``: predictions that belong to no gold content, by our cue word;
* ``speaker``: found attributions whose speaker span misses the annotated source, by our cue.

``--show missed|false|speaker`` prints examples (sentence context read from the data at run time,
on the terminal only: PolNeAR text is never written to the repository). ``--cue`` keeps only the
examples whose (gold or predicted) cue contains that word.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from onrecord.pipeline.extract import ExtractedStatement, extract_statements


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_polnear", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cues(path: Path) -> list[tuple[int, int]]:
    """Each gold attribution's cue span, in the order the scorer reads its events."""
    spans: dict[str, tuple[int, int]] = {}
    out: list[tuple[int, int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            bits = parts[1].split()
            spans[parts[0]] = (int(bits[1]), int(bits[-1])) if len(bits) >= 3 else (0, 0)
        elif line.startswith("E") and len(parts) >= 2:
            refs = dict(item.partition(":")[::2] for item in parts[1].split())
            if any(k.startswith("Content") for k in refs):
                cue = next((v for k, v in refs.items() if k.startswith("Cue")), "")
                out.append(spans.get(cue, (0, 0)))
    return out


def _context(text: str, start: int, end: int, width: int = 160) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    return (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).replace("\n", " / ")


def analyse(split_dir: Path, scorer: ModuleType) -> dict[str, Any]:
    """Per-document matching of predictions to gold; returns counters and examples."""
    ann_dir = split_dir / "attributions"
    docs = scorer.load_split(str(split_dir))
    missed: collections.Counter[str] = collections.Counter()
    false: collections.Counter[str] = collections.Counter()
    wrong: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for name, (text, golds) in docs.items():
        ann = sorted(ann_dir.glob(name + "_*.ann"))
        cues = _cues(ann[0]) if ann else []
        gold_sets = [scorer.alnum(text, g["content"]) for g in golds]
        sources = [scorer.alnum(text, g["source"]) for g in golds]
        cats = [scorer.category(text, g["content"]) for g in golds]
        found: dict[int, list[ExtractedStatement]] = collections.defaultdict(list)
        for stmt in extract_statements(text):
            chars = scorer.alnum(text, [(stmt.start, stmt.end)])
            best, share = None, 0.0
            for gi, g in enumerate(gold_sets):
                if chars and g and len(chars & g) / len(chars) > share:
                    best, share = gi, len(chars & g) / len(chars)
            cue = (stmt.cue or "-").lower()
            if best is None or share < 0.5:
                false[f"{stmt.kind}:{cue}"] += 1
                desc = f"{stmt.kind} cue={stmt.cue!r} speaker={stmt.speaker_mention!r}"
                examples["false"].append(
                    (cue, desc + "\n    " + _context(text, stmt.start, stmt.end))
                )
            else:
                found[best].append(stmt)
        for gi, gold in enumerate(golds):
            lo = min(s for s, _ in gold["content"])
            hi = max(e for _, e in gold["content"])
            gcue = text[cues[gi][0] : cues[gi][1]].lower() if gi < len(cues) else ""
            src = " ".join(text[s:e] for s, e in gold["source"])
            if gi not in found:
                missed[f"{cats[gi]}:{gcue}"] += 1
                desc = f"{cats[gi]} gold cue={gcue!r} source={src!r}"
                examples["missed"].append((gcue, desc + "\n    " + _context(text, lo, hi)))
                continue
            hits = found[gi]
            ok = any(
                (h.speaker_start is not None and h.speaker_end is not None)
                and bool(scorer.alnum(text, [(h.speaker_start, h.speaker_end)]) & sources[gi])
                if sources[gi]
                else h.speaker_start is None
                for h in hits
            )
            if not ok and sources[gi]:
                h = hits[0]
                wrong[f"{h.kind}:{(h.cue or '-').lower()}"] += 1
                desc = (
                    f"{cats[gi]} gold source={src!r} ours={h.speaker_mention!r} "
                    f"cue={h.cue!r} conf={h.confidence}"
                )
                examples["speaker"].append(
                    ((h.cue or "-").lower() + " " + gcue, desc + "\n    " + _context(text, lo, hi))
                )
    return {"missed": missed, "false": false, "speaker": wrong, "examples": examples}


def main(argv: list[str] | None = None) -> int:
    """Print error counts (and optionally examples) for one split."""
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=("train", "dev"), default="train")
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared")
    ap.add_argument("--show", choices=("missed", "false", "speaker"))
    ap.add_argument("--cue", default="", help="only examples whose cue contains this")
    ap.add_argument("--grep", default="", help="only examples whose text contains this")
    ap.add_argument("--limit", type=int, default=25)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    split_dir = args.shared / "eval-data" / "quotes" / "polnear" / args.split
    scorer_path = args.shared / "tools" / "score_polnear.py"
    if not split_dir.exists() or not scorer_path.exists():
        print(f"skipped: {split_dir} or {scorer_path} not found")
        return 0
    result = analyse(split_dir, _load_scorer(scorer_path))
    if args.show:
        pool = [
            desc
            for cue, desc in result["examples"][args.show]
            if args.cue in cue and args.grep in desc
        ]
        random.Random(args.seed).shuffle(pool)
        print(f"{len(pool)} {args.show} examples")
        for desc in pool[: args.limit]:
            print("-", desc)
        return 0
    for key in ("missed", "false", "speaker"):
        counter = result[key]
        print(f"== {key}: {sum(counter.values())}")
        for label, n in counter.most_common(args.top):
            print(f"{n:6d}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
