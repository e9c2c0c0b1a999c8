"""Time the HTML report on a novel-sized text: generation, file size, and the page in Chromium.

Usage:
    python benchmarks/bench_html.py                      # synthetic: 200,000 words, 500 findings
    python benchmarks/bench_html.py --words 50000 --findings 100
    python benchmarks/bench_html.py NOVEL.txt --findings 500   # a real novel (parsed: slow)
    python benchmarks/bench_html.py --no-browser --out report.html

Why synthetic by default: the report's cost depends on the size of the text and
the number of findings, not on what the findings say, and real novels have few
findings. A synthetic manuscript (chapters of generated paragraphs) with
hundreds of hand-made findings measures the reporter alone in a second. With a
FILE, the novel is read and checked for real (so the characters tab is real
too) and synthetic findings are added up to --findings.

Browser numbers come from Debian's Chromium (/usr/bin/chromium, or
STORYLINT_CHROMIUM) driven by Playwright, when both are installed:
- load: the page's own `loadEventEnd` (navigation start to the end of the load
  event), the time a writer waits before the page is usable;
- filter: choosing a rule in the filter bar until the next frame is painted;
- jump: clicking the last finding until its passage is scrolled into view and painted.
Each browser step is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RULES = [
    ("OBJ001", "object-owner-changed"),
    ("OBJ002", "object-state-ended"),
    ("PLC001", "place-changed"),
    ("CHR001", "eye-colour-changed"),
    ("TIM001", "day-order"),
]
WORDS = (
    "the a and of to in she he was had her his it that with as for on at by but not "
    "door coat hand room window light night morning letter garden house road rain "
    "said looked turned walked smiled waited thought knew heard felt took left came"
).split()
NAMES = ["Elinor", "Marianne", "Edward", "Willoughby", "Brandon", "Lucy", "Fanny", "John"]


def synthetic_text(words: int, seed: int = 7) -> str:
    """Chapters of plain paragraphs (about 55 words each), deterministic for a seed."""
    rng = random.Random(seed)
    chapters, written, number = [], 0, 0
    while written < words:
        number += 1
        paragraphs = []
        for _ in range(rng.randint(40, 70)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18)))
                sentences.append(f"{rng.choice(NAMES)} {body}.")
            paragraph = " ".join(sentences)
            written += len(paragraph.split())
            paragraphs.append(paragraph)
            if written >= words:
                break
        chapters.append(f"Chapter {number}\n\n" + "\n\n".join(paragraphs))
    return "\n\n\n".join(chapters) + "\n"


def synthetic_findings(manuscript, count: int, seed: int = 11) -> list:
    """`count` two-passage findings on random story paragraphs, established before contradiction."""
    from storylint.findings import Evidence, Finding, Severity

    rng = random.Random(seed)
    paragraphs = list(manuscript.paragraphs())
    chapter_of = {}
    for chapter in manuscript.chapters:
        for p in chapter.paragraphs():
            chapter_of[id(p)] = chapter.label
    severities = [Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.INFO]
    findings = []
    for n in range(count):
        a, b = sorted(rng.sample(range(len(paragraphs)), 2))
        evidence = []
        for paragraph, role in ((paragraphs[a], "established"), (paragraphs[b], "contradiction")):
            start = paragraph.start + rng.randint(0, max(0, len(paragraph.text) - 60))
            evidence.append(Evidence(paragraph.source, start, start + rng.randint(8, 50), role))
        rule, name = RULES[n % len(RULES)]
        findings.append(
            Finding(
                rule=rule,
                name=name,
                severity=severities[n % len(severities)],
                confidence=0.5 + (n % 50) / 100,
                message=f"{NAMES[n % len(NAMES)]}'s coat was established as one thing and is "
                "later another.",
                evidence=evidence,
                chapter=chapter_of.get(id(paragraphs[b])),
                explanation="Nothing between the passages changes it.",
            )
        )
    findings.sort(key=Finding.sort_key)
    return findings


def build_report(path: str | None, words: int, count: int):
    from storylint.ingest import manuscript_from_text, read_manuscript
    from storylint.report import ManuscriptResult, Report
    from storylint.rules.registry import all_rules

    model = None
    if path is None:
        manuscript = manuscript_from_text(synthetic_text(words), "synthetic-novel.txt")
        findings = synthetic_findings(manuscript, count)
    else:
        from storylint.engine import check_manuscript

        manuscript = read_manuscript(path)
        model, findings = check_manuscript(manuscript)
        findings = findings + synthetic_findings(manuscript, max(0, count - len(findings)))
        findings.sort(key=lambda f: f.sort_key())
    result = ManuscriptResult(
        path=manuscript.path,
        findings=findings,
        sources=[s.path for s in manuscript.sources],
        words=manuscript.word_count,
        manuscript=manuscript,
        model=model,
    )
    return Report(results=[result], rules=all_rules())


def browser_timings(html_path: Path, repeat: int) -> dict[str, float] | str:
    """Median load / filter / jump milliseconds in Chromium, or why they could not be measured."""
    chromium = os.environ.get("STORYLINT_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return f"no browser at {chromium} (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    loads, filters, jumps = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(html_path.as_uri(), wait_until="load")
            loads.append(
                page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            )
            filters.append(
                page.evaluate(
                    """async () => {
                      const select = document.getElementById('f-rule');
                      const t = performance.now();
                      select.value = select.options[1].value;
                      select.dispatchEvent(new Event('change', {bubbles: true}));
                      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                      return performance.now() - t;
                    }"""
                )
            )
            jumps.append(
                page.evaluate(
                    """async () => {
                      document.getElementById('f-clear').click();
                      await new Promise(r => setTimeout(r, 0));
                      const cards = document.querySelectorAll('.finding');
                      const t = performance.now();
                      cards[cards.length - 1].click();
                      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                      return performance.now() - t;
                    }"""
                )
            )
            page.close()
        browser.close()
    return {
        "load_ms": statistics.median(loads),
        "filter_ms": statistics.median(filters),
        "jump_ms": statistics.median(jumps),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", help="a real manuscript (default: synthetic text)")
    parser.add_argument("--words", type=int, default=200_000, help="synthetic text length")
    parser.add_argument("--findings", type=int, default=500, help="number of findings")
    parser.add_argument("--repeat", type=int, default=3, help="browser runs (median)")
    parser.add_argument("--out", help="keep the report here (default: a temporary file)")
    parser.add_argument("--no-browser", action="store_true", help="time generation only")
    args = parser.parse_args(argv)

    from storylint.report.html import render

    started = time.perf_counter()
    report = build_report(args.file, args.words, args.findings)
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    html = render(report)
    generated = time.perf_counter() - started
    result = report.results[0]
    print(
        f"manuscript: {result.path}, {result.words:,} words, "
        f"{len(result.findings)} findings (prepared in {prepared:.1f} s)"
    )
    print(f"generate: {generated * 1000:.0f} ms, {len(html.encode('utf-8')) / 1e6:.2f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "report.html"
        out.write_text(html, encoding="utf-8")
        if args.no_browser:
            return 0
        timings = browser_timings(out.resolve(), args.repeat)
    if isinstance(timings, str):
        print(f"browser: skipped, {timings}")
        return 0
    print(
        f"chromium: load {timings['load_ms']:.0f} ms, filter {timings['filter_ms']:.0f} ms, "
        f"jump {timings['jump_ms']:.0f} ms (median of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
