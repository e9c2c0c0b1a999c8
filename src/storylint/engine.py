"""Checking: manuscripts in, findings out. The CLI, benchmarks and evaluations all call this."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from storylint.findings import Finding
from storylint.manuscript import Manuscript
from storylint.model import StoryModel
from storylint.pipeline.build import build_model
from storylint.rules.context import run_rule
from storylint.rules.registry import Rule, all_rules

if TYPE_CHECKING:
    from storylint.canon import Canon

# Rule options by rule id, as the project file's `[rule_options.ID]` tables give them.
RuleOptions = Mapping[str, Mapping[str, Any]]


def run_rules(
    model: StoryModel, rules: Iterable[Rule] | None = None, options: RuleOptions | None = None
) -> list[Finding]:
    """Every rule over one model; findings never point outside story paragraphs."""
    findings: list[Finding] = []
    for r in rules if rules is not None else all_rules():
        findings.extend(run_rule(model, r, (options or {}).get(r.id)))
    findings.sort(key=Finding.sort_key)
    return findings


def check_manuscript(
    manuscript: Manuscript,
    rules: Iterable[Rule] | None = None,
    canon: Canon | None = None,
    options: RuleOptions | None = None,
) -> tuple[StoryModel, list[Finding]]:
    """Analyse and check one manuscript; `canon` is the writer's story bible, if any."""
    model = build_model(manuscript, canon=canon)
    return model, run_rules(model, rules, options)
