"""Word agreement between storylint's readers and pandoc, over the real-file corpus.

Usage:
    python benchmarks/reading_agreement.py [--files] [--folder tests/fixtures/real]

Why: "no findings" is only worth something if storylint read what the writer
wrote. pandoc is an independent reader of the same formats (`pandoc -t plain`,
from the test-only `pypandoc-binary` package), so where the two agree word for
word, neither dropped nor garbled text; where they differ, the per-file rows
(`--files`) and `diff_words` show which words, and a person decides who is
right (pandoc's RTF reader, for one, drops letters after some Unicode escapes).

What is compared, for every file under the folder (all subfolders, whichever
exist; README.md and SOURCES.md are not corpus files; .txt has no pandoc
reader and is left out):
- storylint: `storylint.ingest.extract_text(path)`, the text offsets refer to
  (story and non-story paragraphs alike), and separately its story paragraphs;
- pandoc: `pypandoc.convert_file(path, "plain", extra_args=["--wrap=none"])`,
  Markdown read as `commonmark_x` (CommonMark, as storylint reads it, plus
  footnotes).

Words: both texts are NFKC-normalised (so pandoc's `H₂O` and `x²` match
storylint's `H2O`, `x2`) and case-folded; pandoc's footnote marks (`[1]`) are
removed and its `x^(sup)` / `H_(sub)` written `xsup` / `Hsub`; ordered-list
numbers at a line start (`1.`, `a)`, `iv.`: a reader's numbering, not the
writer's words) are removed from both; a word is a run of letters and digits.
Quotes, apostrophes, dashes and pandoc's markup conventions (`_emphasis_`,
`**`, bullets, table rules) are therefore not words and never count.

Measures, per file and summed per format (words, not files, weigh):
- agreement = 2·M / (S + P), where S and P are storylint's and pandoc's word
  counts and M the words matched in order by `difflib.SequenceMatcher` (no
  autojunk) on the two word lists: 1 - a normalised word-level edit distance.
  100% means the same words in the same order.
- missed = (P - M) / P: pandoc's words storylint does not have (possible loss).
- extra = (S - M) / S: storylint's words pandoc does not have.
- story = the share of storylint's story-paragraph words that are matched
  words: the story text storylint checks is text pandoc reads too.
The goal is agreement >= 99% on story text (tests/test_reading_agreement.py
holds each format to a floor).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "real"
NOT_CORPUS = {"README.md", "SOURCES.md"}
# pandoc's reader for each extension storylint reads (.txt: none; pandoc has no plain reader).
PANDOC_FORMATS = {
    ".docx": "docx",
    ".odt": "odt",
    ".epub": "epub",
    ".rtf": "rtf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "commonmark_x",
    ".markdown": "commonmark_x",
}
_FOOTNOTE_MARK = re.compile(r"\[\d+\]")
# pandoc -t plain writes x^(superscript) and H_(subscript) where Unicode has no such letters.
_SUPER_SUB = re.compile(r"[\^_]\(([^()]*)\)")
# An ordered-list number or letter that a reader generates ("1.", "a)", "iv."), at a line start.
_LIST_MARKER = re.compile(r"^([ \t>]*)\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]\s+", re.M)
_WORD = re.compile(r"[^\W_]+")


def words(text: str, pandoc: bool = False) -> list[str]:
    """The words of `text`, normalised as the module docstring says."""
    text = unicodedata.normalize("NFKC", text)
    if pandoc:
        text = _SUPER_SUB.sub(r"\1", _FOOTNOTE_MARK.sub(" ", text))
    return _WORD.findall(_blank_list_markers(text).casefold())


def _blank_list_markers(text: str) -> str:
    """`text` with list markers turned to spaces: the same length, so offsets still hold."""
    return _LIST_MARKER.sub(lambda m: m.group(1) + " " * (m.end() - m.start(1) - len(m[1])), text)


def pandoc_text(path: Path) -> str:
    import pypandoc

    return pypandoc.convert_file(
        str(path), "plain", format=PANDOC_FORMATS[path.suffix.lower()], extra_args=["--wrap=none"]
    )


@dataclass
class Agreement:
    """Word counts for one file, or summed over a format."""

    files: int = 0
    ours: int = 0  # S: storylint's words
    pandoc: int = 0  # P: pandoc's words
    matched: int = 0  # M: words matched in order
    story: int = 0  # storylint's story-paragraph words
    story_matched: int = 0  # ... of them, matched words
    errors: list[str] = field(default_factory=list)

    def add(self, other: Agreement) -> None:
        for name in ("files", "ours", "pandoc", "matched", "story", "story_matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    @property
    def agreement(self) -> float:
        total = self.ours + self.pandoc
        return 2 * self.matched / total if total else 1.0

    @property
    def missed(self) -> float:
        return (self.pandoc - self.matched) / self.pandoc if self.pandoc else 0.0

    @property
    def extra(self) -> float:
        return (self.ours - self.matched) / self.ours if self.ours else 0.0

    @property
    def story_share(self) -> float:
        return self.story_matched / self.story if self.story else 1.0


def _story_spans(path: Path) -> list[tuple[int, int]]:
    """Character spans of story paragraphs in the extracted text (one file)."""
    from storylint.ingest import read_manuscript

    manuscript = read_manuscript(path)
    return [(p.start, p.end) for p in manuscript.paragraphs()]


def _words_at(text: str) -> tuple[list[str], list[int]]:
    """`words(text)` with each word's offset in `text` (its whitespace-separated token's
    start, since NFKC may change lengths inside a token)."""
    found, starts = [], []
    for match in re.finditer(r"\S+", _blank_list_markers(text)):
        for word in words(match.group()):
            found.append(word)
            starts.append(match.start())
    return found, starts


def measure(path: Path) -> Agreement:
    """storylint's words against pandoc's, for one file."""
    from storylint.errors import StorylintError
    from storylint.ingest import extract_text

    result = Agreement(files=1)
    try:
        ours_text = extract_text(path)
    except StorylintError as exc:
        result.errors.append(f"storylint: {exc}")
        ours_text = ""
    try:
        theirs = words(pandoc_text(path), pandoc=True)
    except (RuntimeError, OSError) as exc:
        result.errors.append(f"{path}: pandoc: {str(exc).strip().splitlines()[0]}")
        return result
    ours, positions = _words_at(ours_text)
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    matched_at = [False] * len(ours)
    for block in matcher.get_matching_blocks():
        for k in range(block.a, block.a + block.size):
            matched_at[k] = True
    result.ours, result.pandoc, result.matched = len(ours), len(theirs), sum(matched_at)
    if ours_text:
        spans = _story_spans(path)
        span = 0
        for index, at in enumerate(positions):
            while span < len(spans) and spans[span][1] <= at:
                span += 1
            if span < len(spans) and spans[span][0] <= at:
                result.story += 1
                result.story_matched += matched_at[index]
    return result


def diff_words(path: Path, context: int = 4) -> list[str]:
    """Where storylint's and pandoc's words differ in one file, as 'ours ||| pandoc' lines."""
    from storylint.ingest import extract_text

    ours = words(extract_text(path))
    theirs = words(pandoc_text(path), pandoc=True)
    out = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            before = " ".join(ours[max(0, i1 - context) : i1])
            out.append(f"{tag}: …{before} [{' '.join(ours[i1:i2])} ||| {' '.join(theirs[j1:j2])}]")
    return out


def corpus(folder: Path = CORPUS) -> list[Path]:
    """Every corpus file under `folder` that both readers read, in path order."""
    if not folder.is_dir():
        return []
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in NOT_CORPUS and p.suffix.lower() in PANDOC_FORMATS
    ]


def format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"htm": "html", "xhtml": "html", "markdown": "md"}.get(suffix, suffix)


def by_format(paths: list[Path]) -> tuple[dict[str, Agreement], dict[Path, Agreement]]:
    totals: dict[str, Agreement] = {}
    each: dict[Path, Agreement] = {}
    for path in paths:
        each[path] = measure(path)
        totals.setdefault(format_of(path), Agreement()).add(each[path])
    return totals, each


def _row(name: str, a: Agreement) -> str:
    return (
        f"| {name} | {a.files} | {a.pandoc:,} | {a.ours:,} | {a.story:,} | "
        f"{a.agreement:.1%} | {a.missed:.1%} | {a.extra:.1%} | {a.story_share:.1%} |"
    )


def table(totals: dict[str, Agreement], each: dict[Path, Agreement], files: bool) -> str:
    head = (
        "| format | files | pandoc words | storylint words | story words | agreement"
        " | missed | extra | story |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for name in sorted(totals):
        lines.append(_row(name, totals[name]))
        if files:
            for path, a in each.items():
                if format_of(path) == name:
                    lines.append(_row(f"  {path.relative_to(path.parents[1])}", a))
    everything = Agreement()
    for a in totals.values():
        everything.add(a)
    lines.append(_row("**all**", everything))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=CORPUS)
    parser.add_argument("--files", action="store_true", help="a row per file too")
    parser.add_argument("--diff", type=Path, help="print where one file's words differ")
    args = parser.parse_args(argv)
    if args.diff:
        print("\n".join(diff_words(args.diff)))
        return 0
    paths = corpus(args.folder)
    if not paths:
        print(f"no corpus files under {args.folder}", file=sys.stderr)
        return 2
    totals, each = by_format(paths)
    print(table(totals, each, args.files))
    for a in each.values():
        for error in a.errors:
            print(f"note: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
