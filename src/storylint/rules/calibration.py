"""Confidence that means what it says: each family's raw confidence mapped to measured precision.

Why: a rule's confidence is written by hand, as a product of cues ("a pronoun, far apart,
a reversible state: 0.45"). Measured on the story suite, the recall harness's tuning half
and the published novels (benchmarks/calibration.py), those numbers were off in both
directions: object findings at a raw 0.4 were right 95% of the time and hidden by the
default threshold, while findings at a raw 0.25 were never right. So every finding's
confidence goes through its family's calibration map before anyone sees it, and a finding
at confidence c is right about c of the time on that measurement (a manuscript with one
slip of the family per 20,000 words; the definition is in benchmarks/calibration.py).

The maps are data (`data/calibration.yaml`, fitted by `python benchmarks/calibration.py
--fit`): per family, knots (raw, calibrated), joined by straight lines, flat beyond the ends.
A family without a map keeps its raw confidence. A map may name the `rules` it applies to:
fitted on the evidence of those rules alone (places: PLC001, the only rule the harness
injects slips for), it would misstate the others, which keep their raw numbers. Rules keep
reasoning in raw confidence (their cues and ablations are documented in raw terms); only the
reported number changes.

`STORYLINT_RAW_CONFIDENCE=1` turns the maps off: the fitting script must see raw numbers,
or it would fit a map to its own output.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from functools import cache
from pathlib import Path

import yaml

CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.yaml"
RAW_ENV = "STORYLINT_RAW_CONFIDENCE"


class CalibrationError(ValueError):
    """The calibration file is malformed: a bug in the project, not the writer's input."""


def _validated(family: str, knots: object) -> tuple[tuple[float, float], ...]:
    where = f"{CALIBRATION_FILE.name}: {family}"
    if not isinstance(knots, list) or not knots:
        raise CalibrationError(f"{where}: knots must be a non-empty list of [raw, calibrated]")
    pairs: list[tuple[float, float]] = []
    for knot in knots:
        if (
            not isinstance(knot, list)
            or len(knot) != 2
            or not all(isinstance(v, int | float) and 0.0 <= v <= 1.0 for v in knot)
        ):
            raise CalibrationError(f"{where}: knot {knot!r} is not [raw, calibrated] in 0..1")
        pairs.append((float(knot[0]), float(knot[1])))
    for (r1, c1), (r2, c2) in zip(pairs, pairs[1:], strict=False):
        if r2 < r1 or c2 < c1:
            # A map that is not monotone would reorder findings the rule itself ranked.
            raise CalibrationError(f"{where}: knots must rise in both raw and calibrated")
    return tuple(pairs)


@cache
def _entries() -> dict[str, dict]:
    if not CALIBRATION_FILE.is_file():
        return {}
    data = yaml.safe_load(CALIBRATION_FILE.read_text(encoding="utf-8")) or {}
    families = data.get("families") or {}
    if not isinstance(families, dict):
        raise CalibrationError(f"{CALIBRATION_FILE.name}: families must be a mapping")
    return {family: entry or {} for family, entry in families.items()}


@cache
def calibration_maps() -> dict[str, tuple[tuple[float, float], ...]]:
    """Family -> knots, from data/calibration.yaml (empty if the file is absent)."""
    return {family: _validated(family, entry.get("knots")) for family, entry in _entries().items()}


@cache
def calibration_scopes() -> dict[str, frozenset[str]]:
    """Family -> the rules its map is limited to, for the maps that name them."""
    scopes: dict[str, frozenset[str]] = {}
    for family, entry in _entries().items():
        rules = entry.get("rules")
        if rules is None:
            continue
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise CalibrationError(f"{CALIBRATION_FILE.name}: {family}: rules must list rule ids")
        scopes[family] = frozenset(rules)
    return scopes


def clear_cache() -> None:
    """Forget the file's contents (the fitting script rewrites it)."""
    for cached in (_entries, calibration_maps, calibration_scopes):
        cached.cache_clear()


def interpolate(knots: tuple[tuple[float, float], ...], raw: float) -> float:
    raws = [r for r, _ in knots]
    i = bisect_right(raws, raw)
    if i == 0:
        return knots[0][1]
    if i == len(knots):
        return knots[-1][1]
    (r1, c1), (r2, c2) = knots[i - 1], knots[i]
    if r2 == r1:
        return c2
    return c1 + (c2 - c1) * (raw - r1) / (r2 - r1)


def raw_confidence_wanted() -> bool:
    return os.environ.get(RAW_ENV) == "1"


def calibrate(family: str, raw: float, rule: str | None = None) -> float:
    """The confidence a writer is shown for a finding of `rule` of `family` at `raw`
    confidence."""
    if raw_confidence_wanted():
        return raw
    scope = calibration_scopes().get(family)
    if scope is not None and rule not in scope:
        return raw
    knots = calibration_maps().get(family)
    if not knots:
        return raw
    return round(interpolate(knots, raw), 3)
