"""Checking: manuscripts in, findings out. The CLI, benchmarks and evaluations all call this.

A check of one manuscript is three stages, each timed against the
`stage_seconds` budget (`storylint.nlp.progress.stage`): reading (the CLI's,
before this module is called), parsing, and analysis (the pipeline's stages
and the rules). A manuscript over the `words` budget is refused before parsing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from storylint.errors import InputError
from storylint.findings import Finding
from storylint.manuscript import Manuscript
from storylint.model import StoryModel
from storylint.nlp.progress import check_clock, stage
from storylint.pipeline.build import parse_manuscript, run_stages
from storylint.pipeline.layers import CANON
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
        check_clock()
        findings.extend(run_rule(model, r, (options or {}).get(r.id)))
    findings.sort(key=Finding.sort_key)
    return findings


def check_word_budget(manuscript: Manuscript) -> None:
    """Refuse a manuscript over the `words` budget before any parsing (one line, exit 2)."""
    from storylint.ingest.settings import budget

    limit = budget("words")
    words = manuscript.word_count
    if words > limit:
        raise InputError(
            manuscript.path,
            f"has {words:,} words, more than {limit:,}; not checked "
            "(the words budget; raise it in storylint.toml [input.budgets])",
        )


def check_manuscript(
    manuscript: Manuscript,
    rules: Iterable[Rule] | None = None,
    canon: Canon | None = None,
    options: RuleOptions | None = None,
) -> tuple[StoryModel, list[Finding]]:
    """Analyse and check one manuscript; `canon` is the writer's story bible, if any.

    The same as `pipeline.build.build_model` then `run_rules`, with the words
    budget checked first and parsing and analysis each timed as a stage.
    """
    check_word_budget(manuscript)
    with stage("parsing", manuscript.path):
        model = StoryModel(manuscript, parse_manuscript(manuscript))
    with stage("analysis", manuscript.path):
        if canon is not None:
            model.set(CANON, canon)
        run_stages(model)
        return model, run_rules(model, rules, options)
