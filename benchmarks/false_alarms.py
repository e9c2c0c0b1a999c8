"""False alarms of the object rules (OBJ*) on published novels, which should have almost none.

Usage:
    python benchmarks/false_alarms.py NOVELS_DIR [--limit N] [--jobs 2]
        [--sample 20] [--all-rules] [--json OUT]

Reports findings per 10,000 words per rule at default severity (warning and
above, confidence >= 0.5), the world stage's time per novel, and a sample of
findings to read. Why novels: edited, published books are as close to
"continuity-clean" as text gets, so whatever fires on them is (mostly) noise.
Each worker parses on one process (two workers = two cores).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DEFAULT_MIN_CONFIDENCE = 0.5


def check_one(path: str, all_rules: bool, loosest: bool = False) -> dict:
    import storylint.nlp.parse as nlp_module
    from storylint.engine import run_rules
    from storylint.findings import Severity
    from storylint.ingest import read_manuscript
    from storylint.pipeline.build import build_model
    from storylint.rules.calibration import raw_confidence_wanted
    from storylint.rules.registry import all_rules as registry_rules

    nlp_module.PARALLEL_WORDS = 10**12  # this worker is one of the two cores
    start = time.perf_counter()
    manuscript = read_manuscript(path)
    timings: dict[str, float] = {}
    model = build_model(manuscript, timings=timings)
    total = time.perf_counter() - start
    world_s = timings["build_world"]
    rules = [r for r in registry_rules() if all_rules or r.family == "objects"]
    findings = [
        f
        for f in run_rules(model, rules)
        if loosest
        or (f.severity.rank >= Severity.WARNING.rank and f.confidence >= DEFAULT_MIN_CONFIDENCE)
    ]
    return {
        "path": path,
        "words": manuscript.word_count,
        "seconds": round(total, 2),
        "world_seconds": round(world_s, 3),
        "raw_confidence": raw_confidence_wanted(),
        "findings": [f.to_dict() for f in findings],
    }


def shown_by_default(f: dict) -> bool:
    return f["severity"] in ("warning", "error") and f["confidence"] >= DEFAULT_MIN_CONFIDENCE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--limit", type=int, default=None, help="check only the first N novels")
    parser.add_argument("--skip", type=int, default=0, help="skip the first N novels (by name)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20, help="findings to print for reading")
    parser.add_argument("--all-rules", action="store_true", help="count every family, not only OBJ")
    parser.add_argument("--json", help="write every finding here")
    parser.add_argument(
        "--loosest",
        action="store_true",
        help="keep findings at every severity and confidence (for benchmarks/calibration.py); "
        "the counts printed are still those shown at default settings",
    )
    args = parser.parse_args(argv)
    paths = sorted(str(p) for p in Path(args.directory).glob("*.txt"))[args.skip :]
    paths = paths[: args.limit]
    if not paths:
        print(f"{args.directory}: no .txt novels found", file=sys.stderr)
        return 2
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        n = len(paths)
        results = list(pool.map(check_one, paths, [args.all_rules] * n, [args.loosest] * n))
    words = sum(r["words"] for r in results)
    per_rule: dict[str, int] = {}
    for r in results:
        for f in r["findings"]:
            if shown_by_default(f):
                per_rule[f["rule"]] = per_rule.get(f["rule"], 0) + 1
    print(f"novels: {len(results)}  words: {words:,}")
    for rule_id, n in sorted(per_rule.items()):
        print(f"  {rule_id}: {n} findings, {n * 10_000 / max(words, 1):.3f} per 10,000 words")
    total = sum(per_rule.values())
    print(f"  all: {total} findings, {total * 10_000 / max(words, 1):.3f} per 10,000 words")
    slowest = max(results, key=lambda r: r["world_seconds"])
    print(
        f"world stage: slowest {slowest['world_seconds']} s "
        f"({Path(slowest['path']).name}, {slowest['words']:,} words)"
    )
    every = [(r["path"], f) for r in results for f in r["findings"] if shown_by_default(f)]
    random.Random(0).shuffle(every)
    for path, f in every[: args.sample]:
        print(f"\n[{f['rule']} {f['confidence']}] {Path(path).name}: {f['message']}")
        for ev in f["evidence"]:
            print(f"    {ev['role']} line {ev['line']}: {ev['quote'][:160]}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
