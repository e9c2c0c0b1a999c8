"""SARIF 2.1.0 output, for GitHub code scanning, VS Code's SARIF viewer and CI dashboards.

Each finding is a result located at its primary passage; the other passages are
related locations whose message is their role ("established", ...). Columns are
Unicode code points (run.columnKind), matching storylint's own offsets, and
character offsets are exact, so a viewer highlights the very words quoted. For
formats storylint extracts text from (docx, epub, ...), the offsets refer to the
text `storylint extract FILE` prints, as everywhere else in storylint.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from storylint import __version__
from storylint.findings import Evidence, Finding, Severity
from storylint.report.base import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A relative path stays relative (a URI reference); an absolute one becomes file://."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(str(PurePosixPath(p.as_posix())), safe="/")


def _rule_entries(report: Report) -> list[dict]:
    """Every registered rule, plus any rule id a finding carries that the registry lacks."""
    entries: dict[str, dict] = {}
    for r in report.rules:
        entries[r.id] = {
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {"family": r.family},
        }
    for _, finding in report.findings():
        entries.setdefault(
            finding.rule,
            {
                "id": finding.rule,
                "name": finding.name,
                "shortDescription": {"text": finding.name},
                "defaultConfiguration": {"level": LEVEL[finding.severity]},
            },
        )
    return list(entries.values())


def _physical_location(evidence: Evidence) -> dict:
    start_line, start_column = evidence.source.line_col(evidence.start)
    end_line, end_column = evidence.source.line_col(evidence.end)
    return {
        "artifactLocation": {"uri": artifact_uri(evidence.source.path)},
        "region": {
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            # SARIF's endColumn is the column just after the region, as line_col(end) gives.
            "endColumn": end_column,
            "charOffset": evidence.start,
            "charLength": evidence.end - evidence.start,
            "snippet": {"text": evidence.quote},
        },
    }


def _result(finding: Finding, rule_index: int, manuscript: str) -> dict:
    primary = finding.primary
    related = [ev for ev in finding.evidence if ev is not primary]
    result: dict = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical_location(primary)}],
    }
    if related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical_location(ev), "message": {"text": ev.role}}
            for i, ev in enumerate(related, start=1)
        ]
    properties: dict = {"confidence": round(finding.confidence, 3), "manuscript": manuscript}
    if finding.chapter is not None:
        properties["chapter"] = finding.chapter
    if finding.explanation:
        properties["explanation"] = finding.explanation
    if finding.book:
        properties["book"] = finding.book
    result["properties"] = properties
    return result


def to_data(report: Report) -> dict:
    rules = _rule_entries(report)
    index = {entry["id"]: i for i, entry in enumerate(rules)}
    results = [_result(f, index[f.rule], r.path) for r, f in report.findings()]
    failures = [r for r in report.results if not r.checked]
    invocation: dict = {"executionSuccessful": not failures}
    if failures:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": r.error}} for r in failures
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "storylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
                # Accepted findings are left out, so code scanning never opens an
                # alert for them; only their number is kept.
                "properties": {"accepted": report.accepted_counts()},
            }
        ],
    }


def render(report: Report, *, color: bool = False, width: int | None = None) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"
