"""Findings: what a rule reports, with the passages that prove it.

The JSON shape of these objects is a public contract (docs/json-schema.md);
change it only with a version bump.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from storylint.manuscript import Paragraph, SourceText


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, eq=False)
class Evidence:
    """A quoted passage: exact offsets into the source text, and its role in the finding."""

    source: SourceText
    start: int
    end: int
    role: str = "contradiction"

    @property
    def quote(self) -> str:
        return self.source.text[self.start : self.end]

    def to_dict(self) -> dict:
        line, column = self.source.line_col(self.start)
        return {
            "file": self.source.path,
            "start": self.start,
            "end": self.end,
            "line": line,
            "column": column,
            "quote": self.quote,
            "role": self.role,
        }


@dataclass(eq=False)
class Finding:
    """One continuity problem. `evidence[0]` is where the report points a writer first."""

    rule: str
    name: str
    severity: Severity
    confidence: float
    message: str
    evidence: list[Evidence]
    chapter: str | None = None
    explanation: str | None = None
    paragraph: Paragraph | None = field(default=None, repr=False)
    # The book (manuscript title, else file name) when several books are checked together,
    # e.g. a series against one story bible; None for a single manuscript.
    book: str | None = None

    @property
    def primary(self) -> Evidence:
        """The passage that contradicts (the later one), where editors jump to."""
        for ev in self.evidence:
            if ev.role == "contradiction":
                return ev
        return self.evidence[-1]

    def sort_key(self) -> tuple:
        ev = self.primary
        return (ev.source.path, ev.start, self.rule)

    def to_dict(self) -> dict:
        data = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "confidence": round(self.confidence, 3),
            "message": self.message,
            "chapter": self.chapter,
            "evidence": [ev.to_dict() for ev in self.evidence],
        }
        if self.explanation:
            data["explanation"] = self.explanation
        if self.book:
            data["book"] = self.book
        return data
