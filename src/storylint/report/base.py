"""What every reporter receives: checked manuscripts and their (already filtered) findings.

Reporters never re-analyse. The CLI checks, filters by severity and confidence,
sets aside what the writer accepted (storylint.decisions.acceptance) and hands the result
here, so every output format shows exactly the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint.findings import Finding, Severity
from storylint.rules.registry import Rule

if TYPE_CHECKING:
    from storylint.decisions.acceptance import Accepted
    from storylint.ingest.settings import ReadSettings
    from storylint.manuscript import Manuscript
    from storylint.model import StoryModel


@dataclass(eq=False)
class ManuscriptResult:
    """One manuscript as the report sees it: where it is, what was found, or why it failed."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    words: int = 0
    error: str | None = None
    # Findings the writer accepted (inline marker or baseline): never shown, only counted.
    accepted: list[Accepted] = field(default_factory=list)
    # What reporters that show the text need (html, docx): the manuscript as read, and
    # its story model, which the CLI keeps only for reporters marked `needs_model`
    # because a parsed novel is large.
    manuscript: Manuscript | None = field(default=None, repr=False)
    model: StoryModel | None = field(default=None, repr=False)
    # The `[input]` settings it was read with (tracked changes, budgets); None: the
    # defaults. A reporter that reads the file again (docx) puts exactly these in force,
    # so that it finds the same text the findings' offsets point into.
    read_settings: ReadSettings | None = None

    @property
    def checked(self) -> bool:
        return self.error is None

    def accepted_counts(self) -> dict[str, int]:
        """{"inline": n, "baseline": m} for this manuscript."""
        from storylint.decisions.acceptance import accepted_counts

        return accepted_counts(self.accepted)


@dataclass(eq=False)
class Report:
    """Everything one `storylint check` run shows, in the order the paths were named."""

    results: list[ManuscriptResult] = field(default_factory=list)
    # The rule registry at run time: SARIF lists every rule, not only those that fired.
    rules: list[Rule] = field(default_factory=list)

    def findings(self) -> Iterator[tuple[ManuscriptResult, Finding]]:
        for result in self.results:
            for finding in result.findings:
                yield result, finding

    @property
    def finding_count(self) -> int:
        return sum(len(r.findings) for r in self.results)

    def severity_counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(Severity, 0)
        for _, finding in self.findings():
            counts[finding.severity] += 1
        return counts

    def accepted_counts(self) -> dict[str, int]:
        """Accepted findings over all manuscripts, by how: {"inline": n, "baseline": m}."""
        from storylint.decisions.acceptance import accepted_counts

        return accepted_counts([a for r in self.results for a in r.accepted])


# A reporter turns a report into the text to print. `color` asks for terminal
# styling (only the text reporter uses it); `width` is the terminal width.
# Binary formats (docx) return bytes, which the CLI writes only to a file.
Reporter = Callable[..., str | bytes]

_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces: line-oriented formats must stay one line."""
    return _SPACE.sub(" ", text).strip()
