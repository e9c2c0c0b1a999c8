"""JSON output: the public, versioned shape documented in docs/json-schema.md.

Why per-manuscript objects under "files" (not bare paths): a folder is one
manuscript made of several source files, and a manuscript that failed to read
must still appear, with its error, so a script can tell "clean" from "not checked".
"""

from __future__ import annotations

import json

from storylint import __version__
from storylint.report.base import ManuscriptResult, Report


def _file_entry(result: ManuscriptResult) -> dict:
    entry: dict = {
        "path": result.path,
        "sources": list(result.sources),
        "words": result.words,
        # Chapters checked: with "words", how much the check read (ingest/coverage.py).
        "chapters": len(result.manuscript.chapters) if result.manuscript is not None else 0,
        "findings": len(result.findings),
    }
    if result.error is not None:
        entry["error"] = result.error
    else:
        # Accepted findings are not listed, only counted (docs/accepting-findings.md).
        counts = result.accepted_counts()
        entry["accepted"] = sum(counts.values())
        entry["accepted_by"] = counts
    return entry


def to_data(report: Report) -> dict:
    """The JSON document as Python data (tests and other tools reuse it)."""
    findings = []
    for result, finding in report.findings():
        data = finding.to_dict()
        data["file"] = finding.primary.source.path
        data["manuscript"] = result.path
        findings.append(data)
    return {
        "version": __version__,
        "files": [_file_entry(r) for r in report.results],
        "findings": findings,
    }


def render(report: Report, *, color: bool = False, width: int | None = None) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"
