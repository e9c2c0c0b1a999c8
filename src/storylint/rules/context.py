"""The one way a rule reports: `ctx.report(...)` builds the finding from the rule's metadata.

Why: each family used to have its own `_finding` builder, each filling in the rule id, name,
severity, chapter and paragraph its own way, and they had begun to drift apart (one family
gave findings no paragraph, another clamped confidence and another did not). A rule now says
only what it knows (where, what, how sure, which passages) and the context adds the rest,
the same way for every rule, as ESLint's `context.report` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storylint.findings import Evidence, Finding
from storylint.rules.calibration import calibrate

if TYPE_CHECKING:
    from storylint.findings import Severity
    from storylint.model import StoryModel
    from storylint.rules.registry import OptionValue, Rule


class RuleContext:
    """What one rule sees while it checks one model: the model, its options, and `report`."""

    def __init__(
        self, model: StoryModel, rule: Rule, options: Mapping[str, Any] | None = None
    ) -> None:
        self.model = model
        self.rule = rule
        self.options: dict[str, OptionValue] = rule.resolve_options(options)
        self.findings: list[Finding] = []

    def option(self, name: str) -> Any:
        """The rule option's value: the writer's from storylint.toml, else its default."""
        return self.options[name]

    def message(self, message_id: str, **data: Any) -> str:
        """One of the rule's message templates, filled in."""
        return self.rule.messages[message_id].format(**data)

    def chapter_label(self, chapter_index: int) -> str | None:
        chapters = self.model.manuscript.chapters
        return chapters[chapter_index].label if 0 <= chapter_index < len(chapters) else None

    def report(
        self,
        *,
        at: int,
        evidence: Sequence[Evidence],
        confidence: float,
        message: str | None = None,
        message_id: str | None = None,
        data: Mapping[str, Any] | None = None,
        explanation: str | None = None,
        severity: Severity | None = None,
        chapter_index: int | None = None,
    ) -> Finding:
        """Record a finding located at parsed paragraph `at` (its chapter and paragraph).

        Give either `message` or `message_id` (a key of the rule's `messages`) with `data`.
        `severity` overrides the rule's for this finding only (e.g. a bible-backed variant);
        `chapter_index` names the chapter when the finding's place is not paragraph `at`'s.
        Confidence is clamped to [0, 1] and rounded to three places, for every rule alike.
        """
        if message is None:
            if message_id is None:
                raise ValueError(f"{self.rule.id}: report needs a message or a message_id")
            message = self.message(message_id, **(data or {}))
        parsed = self.model.parsed[at]
        finding = Finding(
            rule=self.rule.id,
            name=self.rule.name,
            severity=severity if severity is not None else self.rule.severity,
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            message=message,
            evidence=list(evidence),
            chapter=self.chapter_label(
                parsed.chapter_index if chapter_index is None else chapter_index
            ),
            explanation=explanation or None,
            paragraph=parsed.paragraph,
        )
        self.findings.append(finding)
        return finding


def run_rule(
    model: StoryModel, rule: Rule, options: Mapping[str, Any] | None = None
) -> list[Finding]:
    """One rule over one model."""
    ctx = RuleContext(model, rule, options)
    check: Callable[[RuleContext], object] = rule.check  # typed None; checked all the same
    if check(ctx) is not None:
        # A check written as a generator (or returning findings) would report nothing here,
        # silently: the one failure a checker must never have.
        raise TypeError(f"rule {rule.id}: a check reports through ctx.report and returns None")
    for finding in ctx.findings:
        # Rules reason in raw confidence; the writer sees the family's calibrated one
        # (rules/calibration.py). Done here, once, so no caller can see an uncalibrated number.
        finding.confidence = calibrate(rule.family, finding.confidence, rule.id)
    return ctx.findings
