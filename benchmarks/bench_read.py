"""How long reading a very long plain-text manuscript takes (ingest only, no parsing).

Usage:
    python benchmarks/bench_read.py [--megabytes 20]

Why: the ingest must never be the slow part, and a 20 MB file (a long series
in one file) is the size limit writers are promised in docs/formats.md. The
text is generated: chapters of a thousand short paragraphs each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

PARAGRAPH = (
    "Anna lit the lamp in the kitchen and waited for the others to come home "
    "through the snow, counting the minutes on the old clock above the stove."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    args = parser.parse_args(argv)
    from storylint.ingest import read_manuscript

    chapter = "\n\n".join(f"{PARAGRAPH} ({i})" for i in range(1000))
    count = max(1, int(args.megabytes * 1024 * 1024) // (len(chapter) + 20))
    text = "".join(f"Chapter {n + 1}\n\n{chapter}\n\n" for n in range(count))
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "long.txt"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        manuscript = read_manuscript(path)
        elapsed = time.perf_counter() - started
    size = len(text.encode()) / 1024 / 1024
    print(f"read {size:.1f} MB, {len(manuscript.chapters)} chapters in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
