"""Reading a ~150,000-word Scrivener project against the same words as one .rtf file.

Usage:
    python benchmarks/bench_scrivener.py [--words 150000] [--scenes-per-chapter 4]

A Scrivener novel is hundreds of small RTF files and a binder; this asks
what that layout costs to read (`read_manuscript` only: no language
parsing), next to one RTF file holding the same paragraphs. Both are built in
a temporary folder with the test builder (tests/scrivener_projects.py), from
a generated novel of 60-word paragraphs, 1,500 words a scene.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from scrivener_projects import Folder, Project, Text, rtf  # noqa: E402
from storylint.ingest import read_manuscript  # noqa: E402

SENTENCE = "Ivy crossed the harbour road in the rain while Derek watched from the door. "


def _paragraph(n: int) -> str:
    return f"Paragraph {n}. " + SENTENCE * 4  # about 60 words


def _novel(words: int, per_chapter: int) -> tuple[list[Folder], list[str]]:
    paragraphs_per_scene = 1500 // 60
    scenes = max(1, words // 1500)
    chapters: list[Folder] = []
    flat: list[str] = []
    for scene in range(scenes):
        if scene % per_chapter == 0:
            chapters.append(Folder(f"Chapter {len(chapters) + 1}"))
            flat.append(f"Chapter {len(chapters)}")
        body = tuple(_paragraph(scene * 100 + k) for k in range(paragraphs_per_scene))
        chapters[-1].children.append(Text(f"Scene {scene + 1}", body))
        flat.extend(body)
        flat.append("* * *")
    return chapters, flat


def _timed(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    manuscript = read_manuscript(path)
    return time.perf_counter() - start, manuscript.word_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--scenes-per-chapter", type=int, default=4)
    args = parser.parse_args()
    chapters, flat = _novel(args.words, args.scenes_per_chapter)
    with tempfile.TemporaryDirectory() as folder:
        root, _keys = Project("Novel", draft=list(chapters)).write(Path(folder))
        single = Path(folder) / "novel.rtf"
        single.write_text(rtf(*flat), encoding="ascii")
        texts = sum(len(c.children) for c in chapters)
        for label, path in (("one .rtf file", single), (f"Scrivener, {texts} texts", root)):
            seconds, words = _timed(path)
            print(f"{label:>28}: {seconds:6.2f} s  ({words:,} words)")


if __name__ == "__main__":
    main()
