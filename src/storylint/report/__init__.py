"""Reporters: each turns a `Report` (checked manuscripts + filtered findings) into text.

Why a registry: the CLI's `--format` choices, the docs and the tests all read
the same dict, so adding a format is one module and one line here.
"""

from __future__ import annotations

from storylint.report import json_report, line, sarif, text
from storylint.report.base import ManuscriptResult, Report, Reporter

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "line": line.render,
    "sarif": sarif.render,
}


def get_reporter(name: str) -> Reporter:
    try:
        return REPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r}") from None


__all__ = ["REPORTERS", "ManuscriptResult", "Report", "Reporter", "get_reporter"]
