"""Reporters: each turns a `Report` (checked manuscripts + filtered findings) into text.

Why a registry: the CLI's `--format` choices, the docs and the tests all read
the same dict, so adding a format is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storylint.report import docx_comments, html, json_report, line, markdown, sarif, text
from storylint.report.base import ManuscriptResult, Report, Reporter

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "line": line.render,
    "sarif": sarif.render,
    "markdown": markdown.render,
    "docx": docx_comments.render,  # bytes: a Word document, written only with -o
    "html": html.render,  # one self-contained page: manuscript, findings, characters
}

# Checks a format makes on the request (paths, -o) before any manuscript is checked,
# so an impossible request fails at once instead of after a long check.
REQUEST_CHECKS: dict[str, Callable[[Sequence[str], str | None], None]] = {
    "docx": docx_comments.check_request,
}


def check_request(name: str, paths: Sequence[str], output: str | None) -> None:
    """Raise StorylintError (one line, exit 2) if format `name` cannot serve this request."""
    if name in REQUEST_CHECKS:
        REQUEST_CHECKS[name](paths, output)


def get_reporter(name: str) -> Reporter:
    try:
        return REPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown output format {name!r}") from None


__all__ = [
    "REPORTERS",
    "ManuscriptResult",
    "Report",
    "Reporter",
    "check_request",
    "get_reporter",
]
