"""Time `storylint check` on one file, stage by stage: read, NLP load, parse, analysis, rules.

Usage:
    python benchmarks/bench_check.py FILE [--json] [--repeat N] [--cache]

Parses afresh every run unless --cache is given: this is the cost of a first
check, and the figure to compare across changes.

Why stages and not one number: "whole novels in seconds" is a budget, and when
it is missed the question is which stage spent it. The stages mirror
`storylint.pipeline.build.build_model` (parse, then the declared stages in their computed
order, timed by `run_stages`) and `storylint.engine.run_rules`.

CPU seconds (this process and its parse workers) are reported beside wall
time because wall time on a shared machine measures the neighbours too.

Peak memory is the resident-set high-water mark from getrusage (tracemalloc
would slow spaCy down several times). spaCy parses long texts on two processes,
so the children's peak is reported too (RUSAGE_CHILDREN: the largest child).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def _peak_mib(who: int) -> float:
    """ru_maxrss in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_s() -> float:
    """CPU seconds used so far by this process and its finished children (the parse workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def run_once(path: str) -> dict:
    from storylint.engine import run_rules
    from storylint.ingest import read_manuscript
    from storylint.model import StoryModel
    from storylint.nlp.parse import load_nlp
    from storylint.pipeline import build as pipeline

    manuscript, t_read = _timed(lambda: read_manuscript(path))
    nlp, t_load = _timed(load_nlp)  # cached after the first run
    parsed, t_parse = _timed(lambda: pipeline.parse_manuscript(manuscript, nlp))
    model = StoryModel(manuscript, parsed)
    stage_times: dict[str, float] = {}
    pipeline.run_stages(model, timings=stage_times)
    findings, t_rules = _timed(lambda: run_rules(model))
    return {
        "read_s": t_read,
        "nlp_load_s": t_load,
        "parse_s": t_parse,
        "analysis_s": sum(stage_times.values()),
        "stages_s": stage_times,
        "rules_s": t_rules,
        "words": manuscript.word_count,
        "paragraphs": len(parsed),
        "findings": len(findings),
    }


def benchmark(path: str, repeat: int = 1) -> dict:
    """The first run pays for loading spaCy; later runs show the steady state (min of each)."""
    cpu_before = _cpu_s()
    runs = [run_once(path) for _ in range(repeat)]
    cpu = (_cpu_s() - cpu_before) / repeat
    best = dict(runs[0])
    for key in ("read_s", "parse_s", "analysis_s", "rules_s"):
        best[key] = min(r[key] for r in runs)
    best["stages_s"] = {
        k: min(r["stages_s"].get(k, float("inf")) for r in runs) for k in runs[0]["stages_s"]
    }
    check = best["parse_s"] + best["analysis_s"] + best["rules_s"]
    best.update(
        file=path,
        repeat=repeat,
        nlp_load_s=runs[0]["nlp_load_s"],
        check_s=check,  # parse + analysis + rules: what every check of this file costs
        total_s=best["read_s"] + check,
        # Wall-clock seconds suffer when other work shares the machine; CPU seconds much less.
        cpu_s_per_run=cpu,
        words_per_s=best["words"] / check if check else None,
        peak_rss_mib=_peak_mib(resource.RUSAGE_SELF),
        peak_rss_children_mib=_peak_mib(resource.RUSAGE_CHILDREN),
    )
    return best


def format_table(result: dict) -> str:
    rows = [
        ("file", result["file"]),
        ("words", f"{result['words']:,}"),
        ("paragraphs", f"{result['paragraphs']:,}"),
        ("findings", str(result["findings"])),
        ("read", f"{result['read_s']:.2f} s"),
        ("spaCy load (once)", f"{result['nlp_load_s']:.2f} s"),
        ("parse", f"{result['parse_s']:.2f} s"),
        ("analysis stages", f"{result['analysis_s']:.2f} s"),
        *((f"  {name}", f"{secs:.2f} s") for name, secs in result["stages_s"].items()),
        ("rules", f"{result['rules_s']:.2f} s"),
        ("check (parse+analysis+rules)", f"{result['check_s']:.2f} s"),
        ("CPU time per run (incl. children)", f"{result['cpu_s_per_run']:.2f} s"),
        ("words per second", f"{result['words_per_s']:,.0f}" if result["words_per_s"] else "-"),
        ("peak RSS", f"{result['peak_rss_mib']:.0f} MiB"),
        ("peak RSS, children", f"{result['peak_rss_children_mib']:.0f} MiB"),
        ("runs (min taken)", str(result["repeat"])),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the minimum is reported")
    parser.add_argument(
        "--cache",
        action="store_true",
        help="use the parse cache (default: parse afresh; bench_cache.py times the cache)",
    )
    args = parser.parse_args(argv)
    if not args.cache:
        os.environ["STORYLINT_CACHE"] = "off"

    from storylint.errors import StorylintError

    try:
        result = benchmark(args.file, max(1, args.repeat))
    except StorylintError as exc:
        print(f"bench_check: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
