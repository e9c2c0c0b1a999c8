"""Was the slip caught? A finding of the operator's family whose evidence touches the slip.

Caught at default settings: the finding would be shown by `storylint check` as installed
(severity at least DEFAULT_SEVERITY, confidence at least DEFAULT_CONFIDENCE, from
storylint.decisions.acceptance). Caught at the loosest settings: any finding of the family,
as `--severity info --min-confidence 0` shows them. A finding that the clean text already had
(same rule, same quoted passages) never counts, even if it quotes the paragraph the slip was
put in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from storylint.findings import Finding, Severity


@cache
def rule_families() -> dict[str, str]:
    from storylint.rules.registry import all_rules

    return {r.id: r.family for r in all_rules()}


@cache
def family_rules(family: str) -> tuple:
    from storylint.rules.registry import all_rules

    return tuple(r for r in all_rules() if r.family == family)


def family_layers(family: str) -> list | None:
    """The layers the family's rules read, where rules declare them (`requires`); None means
    build the whole model. Building only these skips the other families' stages."""
    layers: list = []
    for r in family_rules(family):
        needed = getattr(r, "requires", None)
        if not needed:
            return None
        layers.extend(layer for layer in needed if layer not in layers)
    return layers or None


@cache
def default_thresholds() -> tuple[Severity, float]:
    from storylint.decisions.acceptance import DEFAULT_CONFIDENCE, DEFAULT_SEVERITY

    return DEFAULT_SEVERITY, DEFAULT_CONFIDENCE


def shown_by_default(finding: Finding) -> bool:
    severity, confidence = default_thresholds()
    return finding.severity.rank >= severity.rank and finding.confidence >= confidence


def family_of(finding: Finding) -> str:
    return rule_families().get(finding.rule, "?")


def finding_key(finding: Finding) -> tuple:
    return (finding.rule, tuple((ev.role, ev.quote) for ev in finding.evidence))


def overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


def touches(finding: Finding, span: tuple[int, int]) -> bool:
    return any(overlaps(ev.start, ev.end, span) for ev in finding.evidence)


def brief(finding: Finding) -> dict:
    """What calibration needs of a finding (benchmarks/calibration.py): rule, severity,
    confidence, and the message to read it by."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "confidence": round(finding.confidence, 3),
        "message": finding.message,
    }


def judge(
    findings: Iterable[Finding], family: str, slip: tuple[int, int], clean: set[tuple]
) -> dict:
    """Caught at default and at the loosest settings, the findings that caught it, and the
    family's other new findings: ones the slip's sentences provoked that do not quote the
    slip (a setup sentence read as a contradiction of the novel's own text, say). Those are
    false alarms the mutation caused, and calibration counts them as such."""
    new = [f for f in findings if family_of(f) == family and finding_key(f) not in clean]
    hits = [f for f in new if touches(f, slip)]
    return {
        "default": any(shown_by_default(f) for f in hits),
        "loosest": bool(hits),
        "findings": [brief(f) for f in hits],
        "others": [brief(f) for f in new if not touches(f, slip)],
    }


def clean_counts(findings: Iterable[Finding]) -> dict:
    """Findings on a clean text, at default and loosest settings, by rule, and each one in
    brief (`listed`) for calibration."""
    default: dict[str, int] = {}
    loosest: dict[str, int] = {}
    listed = []
    for f in findings:
        loosest[f.rule] = loosest.get(f.rule, 0) + 1
        listed.append(brief(f))
        if shown_by_default(f):
            default[f.rule] = default.get(f.rule, 0) + 1
    return {"default": default, "loosest": loosest, "listed": listed}
