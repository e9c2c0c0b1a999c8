"""Hand-built findings for reporter tests: reporters format, they never analyse."""

from __future__ import annotations

from pathlib import Path

import docx

from storylint.findings import Evidence, Finding, Severity
from storylint.manuscript import SourceText
from storylint.report import ManuscriptResult, Report
from storylint.rules.registry import Rule

MARILYN_TEXT = Path(__file__).parent / "fixtures" / "to-marilyn.txt"

# Line 4 starts with a curly quote and an accented name, so code-point columns matter.
STORY = (
    "Chapter One\n"
    "\n"
    "Derek dropped his coat over Ivy's shoulders.\n"
    "“Renée,” she said, tugging his coat tighter.\n"
    "\n"
    "Chapter Two\n"
    "\n"
    "She took off her coat and hung it by the door.\n"
)


def span(source: SourceText, needle: str, role: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = source.text.index(needle, start + 1)
    return Evidence(source, start, start + len(needle), role)


def sample_report() -> Report:
    source = SourceText("stories/to marilyn.txt", STORY)
    owner = Finding(
        rule="OBJ900",
        name="owner-changed",
        severity=Severity.ERROR,
        confidence=0.9,
        message="The coat was established as Derek's, but is later called hers.",
        evidence=[
            span(source, "his coat", "established"),
            span(source, "her coat", "contradiction"),
        ],
        chapter="Chapter Two",
        explanation="Nothing between the passages gives the coat to Ivy.",
    )
    tug = Finding(
        rule="OBJ901",
        name="coat-mention",
        severity=Severity.INFO,
        confidence=0.6,
        message="The coat is\nmentioned again.",
        evidence=[span(source, "his coat", "contradiction", nth=1)],
        chapter="Chapter One",
    )
    rules = [
        Rule(
            "OBJ900", "owner-changed", Severity.ERROR, "An object changes owner.", "objects", _none
        ),
        Rule("OBJ901", "coat-mention", Severity.INFO, "A coat is mentioned.", "objects", _none),
    ]
    checked = ManuscriptResult(
        path="stories/to marilyn.txt",
        findings=[tug, owner],
        sources=["stories/to marilyn.txt"],
        words=30,
    )
    failed = ManuscriptResult(path="missing.docx", error="missing.docx: no such file or directory")
    return Report(results=[checked, failed], rules=rules)


def _none(model):  # pragma: no cover - never run; reporters only read rule metadata
    return []


def marilyn_docx(folder: Path) -> Path:
    """The story "To Marilyn" as a writer keeps it in Word: one Word paragraph per paragraph."""
    document = docx.Document()
    for block in MARILYN_TEXT.read_text(encoding="utf-8").strip("\n").split("\n\n"):
        document.add_paragraph(block.strip("\n"))
    path = folder / "to-marilyn.docx"
    document.save(str(path))
    return path
