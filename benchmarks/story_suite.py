"""The story suite: recall and near-miss quiet of every rule family on short written stories.

Usage:
    python benchmarks/story_suite.py [--json OUT] [--families LIST]

Runs every case of tests/story_suite/<family>.yaml through the default pipeline and the default
reporting policy (as `storylint check` would, one process, spaCy loaded once) and prints, per
family, the fires cases caught and the quiet cases that stayed quiet, the overall fire rate
against tests/story_suite/FLOOR, then every missed fires case and every noisy quiet case with
what fired. `--json OUT` writes the same as JSON. What the suite is: tests/story_suite/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
os.environ.setdefault("STORYLINT_CACHE", "off")  # as the tests: no parse cache in $HOME

from rule_case_helpers import Suite  # noqa: E402
from story_suite_helpers import (  # noqa: E402
    FAMILIES,
    FamilyScore,
    fire_rate,
    floor_of,
    load_suites,
    read_floor,
    run_suites,
)


def _table(scores: list[FamilyScore], floor: float | None) -> str:
    lines = [f"{'family':<15}{'fires caught':>14}{'rate':>7}{'quiet kept':>14}{'rate':>7}"]
    for s in scores:
        lines.append(
            f"{s.family:<15}{f'{s.caught}/{s.fires}':>14}{s.caught / s.fires:>7.0%}"
            f"{f'{s.stayed_quiet}/{s.quiet}':>14}{s.stayed_quiet / s.quiet:>7.0%}"
        )
    caught, fires = sum(s.caught for s in scores), sum(s.fires for s in scores)
    kept, quiet = sum(s.stayed_quiet for s in scores), sum(s.quiet for s in scores)
    rate = fire_rate(scores)
    lines.append(
        f"{'all':<15}{f'{caught}/{fires}':>14}{rate:>7.1%}{f'{kept}/{quiet}':>14}"
        f"{kept / quiet if quiet else 0:>7.0%}"
    )
    lines.append("")
    lines.append("fires caught by rule:")
    for s in scores:
        per_rule = ", ".join(f"{rule} {c}/{n}" for rule, (c, n) in sorted(s.by_rule.items()))
        lines.append(f"  {s.family + ':':<15}{per_rule}")
    lines.append("")
    lines.append(f"fire rate {rate:.4f} (floor in tests/story_suite/FLOOR: {floor})")
    if floor is not None and floor_of(rate) > floor:
        lines.append(f"  above the floor: raise FLOOR to {floor_of(rate):.2f}")
    elif floor is not None and rate < floor:
        lines.append("  BELOW the floor: tests/test_story_suite.py fails")
    return "\n".join(lines)


def _listing(scores: list[FamilyScore], suites: list[Suite]) -> str:
    lines = []
    missed = [o for s in scores for o in s.missed]
    noisy = [o for s in scores for o in s.noisy]
    known = [o for o in noisy if o.noisy_known]
    lines.append(f"\nmissed fires ({len(missed)}):")
    for o in missed:
        what = "; ".join(o.shown) if o.shown else "nothing of the family"
        lines.append(f"  {o.case.family}: {o.case.rule} {o.case.name!r} -> {what}")
    lines.append(f"\nnoisy quiet cases ({len(noisy)}, {len(known)} of them listed as known_noisy):")
    for o in noisy:
        tag = "known_noisy" if o.noisy_known else "NEW, fails the test"
        lines.append(f"  {o.case.family}: {o.case.name!r} [{tag}] -> {'; '.join(o.shown)}")
    noisy_names = {(o.case.family, o.case.name) for o in noisy}
    cured = [
        f"  {suite.family}: {name!r}"
        for suite in suites
        for name in suite.known_noisy
        if (suite.family, name) not in noisy_names
    ]
    if cured:
        lines.append(
            f"\nknown_noisy cases that stay quiet now ({len(cured)}): take them off the list"
        )
        lines += cured
    return "\n".join(lines)


def _json(scores: list[FamilyScore], seconds: float, floor: float | None) -> dict:
    def outcome(o) -> dict:
        entry = {"family": o.case.family, "name": o.case.name, "shown": o.shown}
        if o.case.kind == "fires":
            entry["rule"] = o.case.rule
        if o.case.kind == "quiet":
            entry["known_noisy"] = o.noisy_known
        return entry

    return {
        "fire_rate": fire_rate(scores),
        "floor": floor,
        "seconds": round(seconds, 1),
        "families": {
            s.family: {
                "fires": s.fires,
                "caught": s.caught,
                "quiet": s.quiet,
                "stayed_quiet": s.stayed_quiet,
                "by_rule": {rule: {"caught": c, "fires": n} for rule, (c, n) in s.by_rule.items()},
            }
            for s in scores
        },
        "missed": [outcome(o) for s in scores for o in s.missed],
        "noisy": [outcome(o) for s in scores for o in s.noisy],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    parser.add_argument("--families", default="", help="comma-separated; default all")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    wanted = tuple(f for f in args.families.split(",") if f)
    unknown = [f for f in wanted if f not in FAMILIES]
    if unknown:
        parser.error(f"unknown families {', '.join(unknown)} (one of {', '.join(FAMILIES)})")
    suites = load_suites(wanted or FAMILIES)
    scores = run_suites(suites)
    seconds = time.perf_counter() - start
    floor: float | None = None
    if not wanted:  # the floor is for the whole suite
        try:
            floor = read_floor()
        except (OSError, ValueError):
            floor = None
    print(_table(scores, floor))
    print(_listing(scores, suites))
    cases = sum(s.fires + s.quiet for s in scores)
    print(f"\n{cases} cases in {seconds:.1f} s (spaCy load included)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(_json(scores, seconds, floor), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
