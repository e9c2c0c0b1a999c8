"""The story suite (tests/story_suite/<family>.yaml): read it, run it, score it.

Shared by the test (tests/test_story_suite.py) and the runner (benchmarks/story_suite.py).
Each case runs as the rule tester runs one (`rule_case_helpers.check_text`: the plain-text
reader, every stage and rule, the default reporting policy); what differs is the verdict:

- a fires case is *caught* when some shown finding of its `rule` quotes every one of its
  `quotes` (and starts with `message`, when given); a case marked `severity: info` is checked
  at `--severity info`, as a writer would have to ask for it;
- a quiet case is *quiet* when no shown finding belongs to the file's family, at the default
  severity (warning) and confidence (0.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rule_case_helpers import Case, Suite, check_text, parse_suite

SUITE_DIR = Path(__file__).resolve().parent / "story_suite"
FLOOR_FILE = SUITE_DIR / "FLOOR"
FAMILIES = ("objects", "places", "time", "characters", "relationships", "life", "names")
MIN_PER_KIND = 10  # fires and quiet cases each family must have


def suite_files(families: tuple[str, ...] = FAMILIES) -> list[Path]:
    return [SUITE_DIR / f"{family}.yaml" for family in families]


def load_suites(families: tuple[str, ...] = FAMILIES) -> list[Suite]:
    """The families' files, validated (CasesError names the file, key and problem)."""
    suites = []
    for path in suite_files(families):
        where = f"tests/story_suite/{path.name}"
        suites.append(parse_suite(path.read_text(encoding="utf-8"), where, path.stem))
    return suites


def read_floor() -> float:
    return float(FLOOR_FILE.read_text(encoding="utf-8").strip())


def floor_of(rate: float) -> float:
    """The rate rounded down to 2 decimals (what FLOOR records)."""
    return math.floor(rate * 100 + 1e-9) / 100


@dataclass
class Outcome:
    """One case's verdict and what the report showed of its family."""

    case: Case
    ok: bool  # fires: caught; quiet: stayed quiet
    shown: list[str]  # the family's shown findings: "RULE: message (conf 0.72)"
    noisy_known: str | None = None  # a quiet case listed under known_noisy: its reason


def _severity_of(case: Case) -> Any:
    from storylint.decisions.acceptance import DEFAULT_SEVERITY
    from storylint.findings import Severity

    return Severity(case.severity) if case.severity else DEFAULT_SEVERITY


def _describe(finding: Any) -> str:
    return f"{finding.rule}: {finding.message} (confidence {finding.confidence:.2f})"


def run_suite_case(case: Case, family_rules: set[str], noisy: dict[str, str]) -> Outcome:
    checked = check_text(case.text, case.bible, _severity_of(case))
    mine = [f for f in checked.shown if f.rule in family_rules]
    shown = [_describe(f) for f in mine]
    if case.kind == "quiet":
        return Outcome(case, not mine, shown, noisy.get(case.name))

    def matches(finding: Any) -> bool:
        quotes = [e.quote for e in finding.evidence]
        return all(any(q in quote for quote in quotes) for q in case.quotes) and (
            case.message is None or finding.message.startswith(case.message)
        )

    caught = any(f.rule == case.rule and matches(f) for f in mine)
    return Outcome(case, caught, shown)


@dataclass
class FamilyScore:
    family: str
    fires: int = 0
    caught: int = 0
    quiet: int = 0
    stayed_quiet: int = 0
    missed: list[Outcome] = field(default_factory=list)
    noisy: list[Outcome] = field(default_factory=list)
    by_rule: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule: (caught, fires)


def family_rules(family: str) -> set[str]:
    from storylint.rules.registry import all_rules

    return {r.id for r in all_rules() if r.family == family}


def run_suites(suites: list[Suite]) -> list[FamilyScore]:
    scores = []
    for suite in suites:
        rules = family_rules(suite.family)
        score = FamilyScore(suite.family)
        for case in suite.cases:
            outcome = run_suite_case(case, rules, suite.known_noisy)
            if case.kind == "fires":
                score.fires += 1
                score.caught += outcome.ok
                caught, fires = score.by_rule.get(case.rule, (0, 0))
                score.by_rule[case.rule] = (caught + outcome.ok, fires + 1)
                if not outcome.ok:
                    score.missed.append(outcome)
            else:
                score.quiet += 1
                score.stayed_quiet += outcome.ok
                if not outcome.ok:
                    score.noisy.append(outcome)
        scores.append(score)
    return scores


def fire_rate(scores: list[FamilyScore]) -> float:
    total = sum(s.fires for s in scores)
    return sum(s.caught for s in scores) / total if total else 0.0
