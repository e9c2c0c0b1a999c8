"""Does a finding's confidence mean what it says? Reliability tables per family, and the fit.

Usage:
    export STORYLINT_RAW_CONFIDENCE=1      # every source must be measured uncalibrated
    storylint eval mutate NOVELS --half tuning --json h0.json
    storylint eval mutate NOVELS --half tuning --seed 1 --json h1.json
    python benchmarks/false_alarms.py NOVELS --all-rules --loosest --json fa.json
    python benchmarks/calibration.py --harness h0.json --harness h1.json --novels fa.json \
        [--fit] [--out benchmarks/results/calibration.md]

`--fit` writes src/storylint/rules/data/calibration.yaml (storylint/rules/calibration.py
applies it); the tables are printed for the raw confidences and for the calibrated ones.

Which findings count as right (the definition every number here rests on):

- **The story suite** (tests/story_suite/*.yaml), at the loosest settings. In a fires case,
  a finding of the case's rule that quotes the case's passages is right; any other finding of
  the family is wrong. In a quiet case every finding of the family is wrong.
- **The recall harness**, tuning half only (the held-out half must not shape anything, and a
  confidence map is tuning). Each mutated copy is a 20,000-word manuscript holding one slip of
  one family. The best finding quoting the slip is right; new findings the slip's sentences
  provoked elsewhere are wrong; and so is the background: the family's findings on the clean
  prose a writer of that copy would also be shown.
- **The background** comes from the published novels when `--novels` is given (the family's
  findings per 20,000 words on 12M words, each counted as wrong, weighted by copies x 20,000 /
  novel words), else from each copy's own clean excerpt. A few novel findings are real slips
  their authors made; counting them as wrong errs on the side of caution.

So a family's precision here is what a writer with one slip of that family per 20,000 words
would see. The fit: per family, the findings sorted by raw confidence are pooled into blocks
whose precision rises (weighted pool-adjacent-violators), each block's precision shrunk
towards its mean raw confidence by SHRINK findings' worth (small blocks keep nearer their raw
number), capped at CAP (nothing is certain). The default threshold
(storylint.decisions.acceptance.DEFAULT_CONFIDENCE) should then sit where precision over
everything shown is at least 90% and the novels' false alarms stay within 0.3 per 10k words.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ["STORYLINT_RAW_CONFIDENCE"] = "1"  # the suite, run here, must be raw too

BANDS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
COPY_WORDS = 20_000
SHRINK = 4.0
CAP = 0.97
# No knot rests on fewer findings' worth than this: a block of three findings that happened to
# be right would otherwise lift its raw band to 0.9 (places once mapped raw 0.5 to 0.37 inside
# a band measured at 91%, from one narrow bin).
MIN_BLOCK = 10.0
# A map is not shipped, whatever the fit says, while it would show a must-stay-quiet finding or
# hide a rule case that must fire (the guards below: the story suite's quiet cases, and the
# rule cases of storylint/families/*/cases, which tests/test_rule_cases.py checks at the
# default settings). The family then keeps its raw numbers until its rules tell the near miss
# from the slip. (The characters map was once held back by hand for three CHR001/CHR003 rule
# cases; their owners are now "contested", characters/context.py.)
# Maps fitted on, and applied to, some of a family's rules only: the harness injects slips for
# these alone, so a family-wide map would be the evidence of one rule imposed on the others.
# Places: fitted on the whole family, raw 0.5 mapped to 0.29 (PLC001's novel false alarms),
# hiding PLC003 and PLC005 must-fire rule cases that sit at raw 0.5.
SCOPED = {"places": ("PLC001",)}


@dataclass(frozen=True)
class Scored:
    """One finding with its verdict and how many findings' worth it counts for."""

    family: str
    rule: str
    severity: str
    confidence: float  # raw
    right: bool
    source: str  # suite | harness | novels
    weight: float = 1.0
    quiet: bool = False  # a finding in a must-stay-quiet story case
    case: str = ""  # rule cases: the case it came from (guards only, weight 0)

    @property
    def severity_rank(self) -> int:
        return SEVERITY_RANK[self.severity]


def families_of_rules() -> dict[str, str]:
    from storylint.rules.registry import all_rules

    return {r.id: r.family for r in all_rules()}


def from_suite() -> tuple[list[Scored], dict[str, int]]:
    """Every finding of the suite at the loosest settings, and the fires cases per family."""
    from story_suite_helpers import load_suites

    rule_family = families_of_rules()
    scored: list[Scored] = []
    fires: dict[str, int] = defaultdict(int)
    for suite in load_suites():
        for case in suite.cases:
            findings = _raw_findings(case.text, case.bible)
            if case.kind == "fires":
                fires[suite.family] += 1
            for f in findings:
                if rule_family.get(f.rule) != suite.family:
                    continue
                right = _finds(case, case.rule, f)
                scored.append(
                    Scored(
                        suite.family,
                        f.rule,
                        f.severity.value,
                        f.confidence,
                        right,
                        "suite",
                        quiet=case.kind != "fires",
                    )
                )
    return scored, dict(fires)


def from_rule_cases() -> list[Scored]:
    """Every finding of the family in each rule case, raw, for the guards only (weight 0: the
    rule cases are the rules' specification, not a sample of what writers write)."""
    from rule_case_helpers import all_cases
    from storylint.decisions.acceptance import DEFAULT_SEVERITY
    from storylint.rules.registry import all_rules

    rules = {r.id: r for r in all_rules()}
    scored: list[Scored] = []
    for rule_id, cases in all_cases().items():
        family = rules[rule_id].family
        for case in cases:
            if case.xfail:
                continue
            for f in _raw_findings(case.text, case.bible):
                if f.rule not in rules or rules[f.rule].family != family:
                    continue
                right = _finds(case, rule_id, f)
                if rules[rule_id].severity.rank < DEFAULT_SEVERITY.rank:
                    continue  # an info rule's cases are checked at info: no threshold to cross
                scored.append(
                    Scored(
                        family,
                        f.rule,
                        f.severity.value,
                        f.confidence,
                        right,
                        "rule cases",
                        weight=0.0,
                        quiet=case.kind == "quiet",
                        case=case.id,
                    )
                )
    return scored


def _finds(case, rule_id: str, finding) -> bool:
    """The finding is the one a fires case asks for: its rule, quoting the case's passages."""
    quotes = [e.quote for e in finding.evidence]
    return (
        case.kind == "fires"
        and finding.rule == rule_id
        and all(any(q in quote for quote in quotes) for q in case.quotes)
    )


def _raw_findings(text: str, bible: str | None) -> list:
    from rule_case_helpers import BIBLE_PATH, CASE_PATH
    from storylint.canon import parse_bible
    from storylint.canon.series import SeriesRun
    from storylint.engine import check_manuscript
    from storylint.ingest import manuscript_from_text

    manuscript = manuscript_from_text(text, CASE_PATH)
    canon = parse_bible(bible, BIBLE_PATH) if bible is not None else None
    canon = SeriesRun(several=False).canon_for(canon, manuscript)
    _, findings = check_manuscript(manuscript, canon=canon)
    return findings


def _scored(family: str, f: dict, right: bool, source: str, weight: float = 1.0) -> Scored:
    return Scored(family, f["rule"], f["severity"], f["confidence"], right, source, weight)


def from_harness(paths: list[str], own_background: bool) -> tuple[list[Scored], dict[str, int]]:
    rule_family = families_of_rules()
    scored: list[Scored] = []
    slips: dict[str, int] = defaultdict(int)
    for path in paths:
        run = json.loads(Path(path).read_text(encoding="utf-8"))
        if run["options"]["half"] == "held-out":
            raise SystemExit(f"{path}: calibrate on the tuning half only (--half tuning)")
        if not run.get("raw_confidence"):
            raise SystemExit(f"{path}: run with STORYLINT_RAW_CONFIDENCE=1")
        background = {n["novel"]: n["clean_findings"].get("listed") for n in run["novels"]}
        for slip in run["slips"]:
            if slip["half"] != "tuning":
                continue  # a run of both halves: the held-out slips never enter calibration
            family = slip["family"]
            slips[family] += 1
            hits = slip["findings"]
            if hits:  # the writer is told about the slip once: its best finding
                scored.append(
                    _scored(family, max(hits, key=lambda f: f["confidence"]), True, "harness")
                )
            wrong = list(slip.get("other_findings", []))
            if own_background:
                clean = background.get(slip["novel"])
                if clean is None:
                    raise SystemExit(f"{path}: made before the harness listed clean findings")
                wrong += [f for f in clean if rule_family.get(f["rule"]) == family]
            scored += [_scored(family, f, False, "harness") for f in wrong]
    return scored, dict(slips)


def from_novels(path: str, copies: dict[str, int]) -> tuple[list[Scored], int]:
    """The novels' findings as the harness copies' background (see the module docstring)."""
    rule_family = families_of_rules()
    results = json.loads(Path(path).read_text(encoding="utf-8"))
    if not all(r.get("raw_confidence", True) for r in results):
        raise SystemExit(f"{path}: run with STORYLINT_RAW_CONFIDENCE=1")
    words = sum(r["words"] for r in results)
    scored = []
    for r in results:
        for f in r["findings"]:
            family = rule_family.get(f["rule"], "?")
            weight = copies.get(family, 0) * COPY_WORDS / words
            scored.append(_scored(family, f, False, "novels", weight))
    return scored, words


def fit_family(scored: list[Scored]) -> list[list[float]]:
    """Knots [raw, calibrated] for one family (weighted PAV, shrunk, capped)."""
    points = sorted((s.confidence, s.weight, s.weight * s.right) for s in scored)
    blocks: list[list[float]] = []  # [raw_lo, raw_hi, weight, right, raw_weighted_sum]
    for raw, w, r in points:
        if blocks and blocks[-1][1] == raw:
            b = blocks[-1]
            b[2] += w
            b[3] += r
            b[4] += w * raw
        else:
            blocks.append([raw, raw, w, r, w * raw])

    def value(b: list[float]) -> float:
        mean_raw = b[4] / b[2] if b[2] else b[0]
        return min(CAP, (b[3] + SHRINK * mean_raw) / (b[2] + SHRINK))

    def pool(merged: list[list[float]]) -> None:
        top = merged.pop()
        prev = merged[-1]
        prev[1] = top[1]
        for i in (2, 3, 4):
            prev[i] += top[i]

    merged: list[list[float]] = []
    for b in blocks:
        merged.append(b)
        while len(merged) > 1 and value(merged[-2]) >= value(merged[-1]):
            pool(merged)
    # A block lighter than MIN_BLOCK joins the neighbour whose value is nearer its own. The
    # pooled value lies between the two, so the map stays rising.
    while len(merged) > 1:
        light = [i for i, b in enumerate(merged) if b[2] < MIN_BLOCK]
        if not light:
            break
        i = min(light, key=lambda k: merged[k][2])
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(merged)]
        j = min(neighbours, key=lambda k: abs(value(merged[k]) - value(merged[i])))
        lo, hi = min(i, j), max(i, j)
        a, b = merged[lo], merged[hi]
        merged[lo : hi + 1] = [[a[0], b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]]]
    knots: list[list[float]] = []
    for b in merged:
        v = round(value(b), 3)
        for raw in (b[0], b[1]):
            if not knots or raw > knots[-1][0]:
                knots.append([round(raw, 3), v])
            else:
                knots[-1][1] = max(knots[-1][1], v)
    return knots


def quiet_crossings(knots: list[list[float]], scored: list[Scored]) -> list[Scored]:
    """Findings in must-stay-quiet story cases that the map would lift to the default threshold
    (one already over it raw is the rule's own doing, not the map's)."""
    from storylint.decisions.acceptance import DEFAULT_CONFIDENCE
    from storylint.rules.calibration import interpolate

    pairs = tuple((r, c) for r, c in knots)
    return [
        s
        for s in scored
        if s.quiet
        and s.severity_rank >= SEVERITY_RANK["warning"]
        and s.confidence < DEFAULT_CONFIDENCE <= interpolate(pairs, s.confidence)
    ]


def hidden_fires(knots: list[list[float]], scored: list[Scored]) -> list[str]:
    """Rule cases that must fire, shown at the default threshold raw, that the map would hide
    (every right finding of the case pushed under it)."""
    from storylint.decisions.acceptance import DEFAULT_CONFIDENCE
    from storylint.rules.calibration import interpolate

    pairs = tuple((r, c) for r, c in knots)
    shown_raw: set[str] = set()
    shown_mapped: set[str] = set()
    for s in scored:
        if s.source != "rule cases" or not s.right or s.severity_rank < SEVERITY_RANK["warning"]:
            continue
        if s.confidence >= DEFAULT_CONFIDENCE:
            shown_raw.add(s.case)
        if interpolate(pairs, s.confidence) >= DEFAULT_CONFIDENCE:
            shown_mapped.add(s.case)
    return sorted(shown_raw - shown_mapped)


def in_scope(s: Scored) -> bool:
    """Whether the finding's family map applies to its rule (SCOPED)."""
    scope = SCOPED.get(s.family)
    return scope is None or s.rule in scope


def write_fit(maps: dict[str, list[list[float]]], sources: str, path: Path) -> Path:

    lines = [
        "# Confidence calibration maps, per rule family: [raw, calibrated] knots, joined by",
        "# straight lines and flat beyond the ends (storylint/rules/calibration.py).",
        "# Generated by benchmarks/calibration.py --fit; do not edit by hand.",
        f"# Fitted on: {sources}",
        "families:",
    ]
    for family in sorted(maps):
        knots = ", ".join(f"[{r}, {c}]" for r, c in maps[family])
        lines.append(f"  {family}:")
        if family in SCOPED:
            lines.append(f"    rules: [{', '.join(SCOPED[family])}]")
        lines.append(f"    knots: [{knots}]")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _pct(right: float, total: float) -> str:
    return f"{right / total:.0%}" if total else "-"


def tables(
    scored: list[Scored],
    denominators: dict[str, int],
    words: int,
    min_severity: str,
    mapped: Callable[[Scored], float],
) -> list[str]:
    """Reliability per band and precision/recall/novel alarms per threshold, per family."""
    rank = SEVERITY_RANK[min_severity]
    shown = [replace(s, confidence=mapped(s)) for s in scored if s.severity_rank >= rank]
    lines: list[str] = []
    for family in ["all", *sorted(denominators)]:
        mine = [s for s in shown if family in ("all", s.family)]
        slips = sum(denominators.values()) if family == "all" else denominators[family]
        lines += [f"#### {family}", "", "| confidence | findings | right | precision | mean |"]
        lines.append("|---|---:|---:|---:|---:|")
        for lo, hi in BANDS:
            band = [s for s in mine if lo <= s.confidence < hi]
            n = sum(s.weight for s in band)
            right = sum(s.weight for s in band if s.right)
            mean = sum(s.weight * s.confidence for s in band) / n if n else 0.0
            cells = f"{n:.1f} | {right:.0f} | {_pct(right, n)} | {mean:.2f}" if n else "0 | | |"
            lines.append(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {cells} |")
        lines += ["", "| threshold | precision | recall | novels per 10k words |"]
        lines.append("|---:|---:|---:|---:|")
        for t in THRESHOLDS:
            above = [s for s in mine if s.confidence >= t]
            n = sum(s.weight for s in above)
            right = sum(s.weight for s in above if s.right)
            novels = sum(1 for s in above if s.source == "novels")
            rate = f"{novels * 10_000 / words:.3f}" if words else "-"
            recall = f"{right:.0f}/{slips} {_pct(right, slips)}"
            lines.append(f"| {t:.1f} | {_pct(right, n)} | {recall} | {rate} |")
        lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--harness", action="append", default=[], help="eval mutate --json")
    parser.add_argument("--novels", help="false_alarms.py --all-rules --loosest --json output")
    parser.add_argument("--severity", default="warning", choices=sorted(SEVERITY_RANK))
    parser.add_argument("--fit", action="store_true", help="write rules/data/calibration.yaml")
    parser.add_argument("--out", help="also write the tables here (Markdown)")
    parser.add_argument(
        "--maps-out",
        help="write the fitted maps here instead of rules/data/calibration.yaml (to try a fit "
        "without shipping it)",
    )
    args = parser.parse_args(argv)

    from storylint.rules.calibration import (
        CALIBRATION_FILE,
        calibration_maps,
        clear_cache,
        interpolate,
    )

    suite, fires = from_suite()
    harness, slips = from_harness(args.harness, own_background=not args.novels)
    novels, words = from_novels(args.novels, slips) if args.novels else ([], 0)
    scored = suite + harness + novels
    denominators: dict[str, int] = defaultdict(int)
    for table in (fires, slips):
        for family, n in table.items():
            denominators[family] += n
    sources = (
        f"story suite ({sum(fires.values())} fires cases), harness tuning half "
        f"({sum(slips.values())} slips in {len(args.harness)} run(s)), novels ({words:,} words)"
    )
    held_back: list[str] = []
    maps: dict[str, list[list[float]]] = {}
    if args.fit:
        maps = {
            family: fit_family([s for s in scored if s.family == family and in_scope(s)])
            for family in denominators
        }
        guards = from_rule_cases()
        for family in sorted(maps):
            mine = [s for s in scored + guards if s.family == family and in_scope(s)]
            crossing = quiet_crossings(maps[family], mine)
            hidden = hidden_fires(maps[family], mine)
            if crossing or hidden:
                print(f"{family} map held back: {maps[family]}", file=sys.stderr)
                del maps[family]
                why = []
                if crossing:
                    why.append(
                        f"{len(crossing)} must-stay-quiet finding(s) would be shown (raw "
                        f"{max(s.confidence for s in crossing):.2f})"
                    )
                if hidden:
                    why.append(f"must-fire rule case(s) would be hidden: {', '.join(hidden)}")
                held_back.append(f"{family}: not shipped, {'; '.join(why)}")
        target = Path(args.maps_out) if args.maps_out else CALIBRATION_FILE
        print(f"wrote {write_fit(maps, sources, target)}", file=sys.stderr)
        for line in held_back:
            print(line, file=sys.stderr)
        clear_cache()
    maps_now = (
        {f: tuple((r, c) for r, c in k) for f, k in maps.items()}
        if args.fit
        else calibration_maps()
    )

    def calibrated(s: Scored) -> float:
        knots = maps_now.get(s.family)
        return interpolate(knots, s.confidence) if knots and in_scope(s) else s.confidence

    lines = [
        "# Reliability of confidence, per rule family",
        "",
        f"Sources: {sources}. Findings at severity {args.severity} and above; weights and "
        "definitions in benchmarks/calibration.py. Recall counts suite fires cases and "
        "harness slips together.",
        "",
        *([f"Maps held back: {'; '.join(held_back)}.", ""] if held_back else []),
        "## Calibrated (what storylint reports)",
        "",
        *tables(scored, denominators, words, args.severity, calibrated),
        "## Raw (what the rules compute)",
        "",
        *tables(scored, denominators, words, args.severity, lambda s: s.confidence),
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
