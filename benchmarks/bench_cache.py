"""What the parse cache saves: a first check, an unchanged re-check, and one after an edit.

Usage:
    python benchmarks/bench_cache.py FILE [--json]

A writer re-checks after editing a little. This times, in one process with
spaCy already loaded and a fresh temporary cache: the first check (every
paragraph parsed and stored), a re-check of the unchanged file (every
paragraph read back), and a re-check after one paragraph in the middle is
edited (one paragraph parsed). Each figure is model building plus rules, as
`storylint check` spends them; reading the file is reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _check_seconds(path: str) -> tuple[float, float, int]:
    from storylint.engine import check_manuscript
    from storylint.ingest import read_manuscript

    start = time.perf_counter()
    manuscript = read_manuscript(path)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    _, findings = check_manuscript(manuscript)
    return read_s, time.perf_counter() - start, len(findings)


def _edit_middle_paragraph(path: Path) -> None:
    """Change one word of the middle paragraph, as a writer's small edit would."""
    from storylint.ingest import read_manuscript

    manuscript = read_manuscript(str(path))
    paragraphs = [p for c in manuscript.chapters for s in c.scenes for p in s.paragraphs]
    middle = paragraphs[len(paragraphs) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: middle.start] + "Then " + text[middle.start :], encoding="utf-8")


def benchmark(file: str) -> dict:
    from storylint.nlp.parse import load_nlp

    load_nlp()
    with tempfile.TemporaryDirectory() as work:
        os.environ["STORYLINT_CACHE"] = "on"
        os.environ["STORYLINT_CACHE_DIR"] = os.path.join(work, "cache")
        copy = Path(work) / Path(file).name
        shutil.copyfile(file, copy)
        read_s, first_s, findings = _check_seconds(str(copy))
        _, unchanged_s, _ = _check_seconds(str(copy))
        _edit_middle_paragraph(copy)
        _, edited_s, _ = _check_seconds(str(copy))
        cache_bytes = sum(p.stat().st_size for p in Path(work, "cache").iterdir())
    return {
        "file": file,
        "read_s": round(read_s, 2),
        "first_check_s": round(first_s, 2),
        "unchanged_recheck_s": round(unchanged_s, 2),
        "one_paragraph_edited_s": round(edited_s, 2),
        "cache_bytes": cache_bytes,
        "findings": findings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not Path(args.file).is_file():
        print(f"bench_cache: {args.file}: no such file", file=sys.stderr)
        return 2
    result = benchmark(args.file)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:<24} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
