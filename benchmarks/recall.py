"""Recall on continuity slips injected into clean novels (`storylint eval mutate`), saved.

Usage:
    python benchmarks/recall.py [CORPUS] [--novels 8] [--per-operator 2] [--seed 0]
        [--half both] [--families LIST] [--words 20000] [--jobs 1]

CORPUS defaults to ../shared/corpus/novels beside the checkout. Prints the recall tables
(per family, per half, per distance band, per operator; findings on the clean texts) and
writes them with every slip to benchmarks/results/recall-seed<S>-<N>x<K>-<time>.{txt,json}
(the folder is git-ignored). How it works and how to read it: docs/recall-harness.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "novels"


def main(argv: list[str] | None = None) -> int:
    from storylint.errors import StorylintError
    from storylint.evaluation.mutate.report import format_report
    from storylint.evaluation.mutate.runner import Options, evaluate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--novels", type=int, default=8)
    parser.add_argument("--per-operator", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--half", default="both", choices=["tuning", "held-out", "both"])
    parser.add_argument("--families", default="", help="comma-separated; default all")
    parser.add_argument("--words", type=int, default=20_000, help="excerpt length; 0 = whole")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    options = Options(
        novels=args.novels,
        per_operator=args.per_operator,
        seed=args.seed,
        half=args.half,
        families=tuple(f for f in args.families.split(",") if f),
        words=args.words,
        jobs=args.jobs,
    )
    try:
        result = evaluate(args.corpus, options)
    except StorylintError as exc:
        print(f"recall.py: {exc}", file=sys.stderr)
        return 2
    table = format_report(result)
    print(table, end="")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    stem = (
        f"recall-seed{args.seed}-{args.novels}x{args.per_operator}-{time.strftime('%Y%m%d-%H%M%S')}"
    )
    (out / f"{stem}.txt").write_text(table, encoding="utf-8")
    (out / f"{stem}.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nwritten: {out / stem}.txt and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
