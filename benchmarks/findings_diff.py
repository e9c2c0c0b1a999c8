"""Are the findings the same as before? Snapshot every finding on a corpus, then compare two.

Usage:
    python benchmarks/findings_diff.py snapshot NOVELS_DIR OUT.jsonl [--jobs 2] [--example FILE]
    python benchmarks/findings_diff.py compare BEFORE.jsonl AFTER.jsonl

Why: a refactor (or a speed-up) must not change what a writer is told. `snapshot` checks
every manuscript in a folder with every rule at every severity and confidence (stricter
than the default report: a change hidden below the threshold still shows), and writes one
JSON line per manuscript holding its findings exactly as `--format json` writes them.
`compare` says which manuscripts differ, byte for byte, and exits 1 if any do.

To compare two versions of the code, snapshot with each on PYTHONPATH, e.g. an older
commit checked out with `git worktree add /tmp/before COMMIT`:

    PYTHONPATH=/tmp/before/src python benchmarks/findings_diff.py snapshot DIR before.jsonl
    python benchmarks/findings_diff.py snapshot DIR after.jsonl
    python benchmarks/findings_diff.py compare before.jsonl after.jsonl

The parse cache is shared (it is keyed by the manuscript's path and text), so only the
first snapshot pays for parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def check_one(path: str) -> dict:
    """Every finding on one manuscript, in report order, as JSON-ready dicts."""
    import storylint.nlp.parse as nlp_module
    from storylint.engine import check_manuscript
    from storylint.ingest import read_manuscript

    nlp_module.PARALLEL_WORDS = 10**12  # each worker is one core
    start = time.perf_counter()
    manuscript = read_manuscript(path)
    _, findings = check_manuscript(manuscript)
    return {
        "path": Path(path).name,
        "words": manuscript.word_count,
        "seconds": round(time.perf_counter() - start, 2),
        "findings": [f.to_dict() for f in findings],
    }


def snapshot(args: argparse.Namespace) -> int:
    paths = sorted(str(p) for p in Path(args.corpus).iterdir() if p.is_file())
    if args.example:
        paths.insert(0, args.example)
    if args.limit:
        paths = paths[: args.limit]
    with open(args.out, "w", encoding="utf-8") as out:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for record in pool.map(check_one, paths):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                out.flush()
                print(
                    f"{record['path']}: {len(record['findings'])} findings, {record['seconds']} s",
                    file=sys.stderr,
                )
    return 0


def _load(path: str) -> dict[str, str]:
    records = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["path"]] = json.dumps(record["findings"], ensure_ascii=False)
    return records


def compare(args: argparse.Namespace) -> int:
    before, after = _load(args.before), _load(args.after)
    differing = [name for name in before if name in after and before[name] != after[name]]
    missing = sorted(set(before) ^ set(after))
    total = sum(len(json.loads(v)) for v in before.values())
    print(f"{len(before)} manuscripts before, {len(after)} after; {total} findings before")
    for name in differing:
        print(f"differs: {name}")
    for name in missing:
        print(f"only in one snapshot: {name}")
    if not differing and not missing:
        print("identical: every manuscript's findings are the same byte for byte")
        return 0
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="check every manuscript, write findings as JSONL")
    snap.add_argument("corpus")
    snap.add_argument("out")
    snap.add_argument("--jobs", type=int, default=2)
    snap.add_argument("--limit", type=int, default=0)
    snap.add_argument("--example", help="also snapshot this manuscript (e.g. the example)")
    snap.set_defaults(run=snapshot)
    comp = sub.add_parser("compare", help="compare two snapshots")
    comp.add_argument("before")
    comp.add_argument("after")
    comp.set_defaults(run=compare)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
