"""Shared helpers for the world-engine and object-rule tests."""

from __future__ import annotations

from storylint.engine import run_rules
from storylint.findings import Severity
from storylint.ingest import manuscript_from_text
from storylint.pipeline.build import build_model
from storylint.rules.registry import all_rules


def model_of(text: str, nlp):
    return build_model(manuscript_from_text(text, "story.txt"), nlp)


def object_findings(text: str, nlp, default_only: bool = True):
    """OBJ findings; by default only what `storylint check` shows (warning+, confidence >= 0.5)."""
    model = model_of(text, nlp)
    rules = [r for r in all_rules() if r.family == "objects"]
    found = run_rules(model, rules)
    if default_only:
        found = [
            f for f in found if f.severity.rank >= Severity.WARNING.rank and f.confidence >= 0.5
        ]
    return found
