"""Markdown: a review document a writer reads, or pastes into an issue tracker.

Why Markdown: it reads as plain text and renders in every tracker, wiki and
note app a writer or editor uses. So the document says everything in full
sentences (a title, a summary table, then one section per finding with both
passages quoted and located), and every piece of the writer's own text is
escaped, so a passage with `*`, `#`, `|` or `<` never turns into emphasis, a
heading, a broken table or HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from storylint.findings import Evidence, Finding, Severity
from storylint.report.base import ManuscriptResult, Report, one_line
from storylint.report.text import checked_note

TITLE = "storylint review"
NO_CHAPTER = "(outside any chapter)"
# Characters that mean something inline in CommonMark or GitHub Markdown: emphasis,
# code, links, HTML and entities, table cells, strikethrough, issue links, mentions.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&@])")
# At the start of a line these begin a list, a quote or a heading, or end a paragraph.
_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """The writer's text as literal Markdown on one line: nothing in it becomes markup."""
    text = _INLINE.sub(r"\\\1", one_line(text))
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    found = match.group(0)
    return found + "\\" if found[0].isdigit() else "\\" + found


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary_line(report: Report) -> str:
    checked = [r for r in report.results if r.checked]
    where = _plural(len(checked), "manuscript")
    failed = len(report.results) - len(checked)
    if failed:
        where += f" ({failed} could not be read)"
    note = checked_note(report)
    read = f" {note[0].upper()}{note[1:]}."
    total = report.finding_count
    if total == 0:
        return f"No findings in {where}.{read}"
    counts = report.severity_counts()
    parts = [
        _plural(counts[s], s.value)
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    return f"{_plural(total, 'finding')} ({', '.join(parts)}) in {where}.{read}"


def _summary_table(report: Report) -> list[str]:
    """Counts by rule and severity, most severe first, so the worst problems lead."""
    counts = Counter((f.rule, f.name, f.severity) for _, f in report.findings())
    if not counts:
        return []
    rows = sorted(counts.items(), key=lambda item: (-item[0][2].rank, item[0][0]))
    lines = ["| Rule | Name | Severity | Findings |", "| --- | --- | --- | ---: |"]
    for (rule, name, severity), count in rows:
        lines.append(f"| {escape(rule)} | {escape(name)} | {severity.value} | {count} |")
    return lines


def _evidence(evidence: Evidence) -> list[str]:
    line, column = evidence.source.line_col(evidence.start)
    where = escape(f"{evidence.source.path}:{line}:{column}")
    return [
        f"**{escape(evidence.role.capitalize())}**, {where}:",
        "",
        f"> {escape(evidence.quote)}",
    ]


def _finding(number: int, finding: Finding) -> list[str]:
    lines = [
        f"### {number}. {escape(finding.rule)} {escape(finding.name)}",
        "",
        f"**{finding.severity.value}**, confidence {finding.confidence:.2f}, "
        f"in {escape(finding.chapter or NO_CHAPTER)}",
        "",
        escape(finding.message),
    ]
    for evidence in finding.evidence:
        lines += ["", *_evidence(evidence)]
    if finding.explanation:
        lines += ["", f"*Why:* {escape(finding.explanation)}"]
    return lines


def _manuscript(result: ManuscriptResult, first_number: int) -> list[str]:
    lines = [f"## {escape(result.path)}", ""]
    if not result.checked:
        return lines + [f"Could not be read: {escape(result.error or '')}"]
    if not result.findings:
        return lines + ["No findings."]
    lines.append(f"{_plural(len(result.findings), 'finding')}.")
    for offset, finding in enumerate(result.findings):
        lines += ["", *_finding(first_number + offset, finding)]
    return lines


def render(report: Report, **_: Any) -> str:
    lines = [f"# {TITLE}", "", _summary_line(report)]
    table = _summary_table(report)
    if table:
        lines += ["", *table]
    number = 1
    for result in report.results:
        lines += ["", *_manuscript(result, number)]
        number += len(result.findings)
    return "\n".join(lines) + "\n"
