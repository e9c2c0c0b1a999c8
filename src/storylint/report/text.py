"""Human output: findings grouped by manuscript, then chapter, each with its quoted evidence.

A writer reads this in a terminal, so every finding says what is wrong in a
sentence and then quotes the passages with `file:line:column`, which terminals
and editors turn into links. Colour only marks severity; the plain text carries
all the meaning, so piping to a file loses nothing.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from storylint.findings import Evidence, Finding, Severity
from storylint.report.base import ManuscriptResult, Report, one_line

SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}
# Long passages are cut in the terminal; the JSON and SARIF outputs keep them whole.
MAX_QUOTE = 240
NO_CHAPTER = "(outside any chapter)"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _quote(evidence: Evidence) -> str:
    text = one_line(evidence.quote)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f"“{text}”"


def _evidence_lines(evidence: Evidence) -> list[Text]:
    line, column = evidence.source.line_col(evidence.start)
    where = Text.assemble(
        ("      ", ""),
        (f"{evidence.source.path}:{line}:{column}", "bold"),
        ("  ", ""),
        (evidence.role, "dim"),
    )
    return [where, Text.assemble(("        ", ""), (_quote(evidence), "italic"))]


def _finding_lines(finding: Finding) -> list[Text]:
    head = Text.assemble(
        ("    ", ""),
        (f"{finding.severity.value:<7}", SEVERITY_STYLE[finding.severity]),
        (" ", ""),
        (finding.rule, "bold"),
        (" ", ""),
        (finding.name, ""),
        (f"  (confidence {finding.confidence:.2f})", "dim"),
    )
    lines = [head, Text("      " + one_line(finding.message))]
    if finding.book:  # several books checked together: say which one
        lines.append(Text.assemble(("      book: ", "dim"), (one_line(finding.book), "")))
    for evidence in finding.evidence:
        lines.extend(_evidence_lines(evidence))
    if finding.explanation:
        lines.append(Text.assemble(("      why: ", "dim"), (one_line(finding.explanation), "")))
    return lines


def _chapters(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Group by chapter in order of first appearance (findings arrive in text order)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.chapter or NO_CHAPTER, []).append(finding)
    return list(groups.items())


def accepted_note(counts: dict[str, int]) -> str:
    """'2 accepted (baseline 1, inline 1)', or '' when the writer accepted nothing."""
    total = sum(counts.values())
    if not total:
        return ""
    parts = ", ".join(f"{how} {n}" for how, n in sorted(counts.items()) if n)
    return f"{total} accepted ({parts})"


def _manuscript_lines(result: ManuscriptResult) -> list[Text]:
    accepted = sum(result.accepted_counts().values())
    note = (f"  ({accepted} accepted)", "dim") if accepted else ("", "")
    if not result.findings:
        return [Text.assemble((result.path, "bold"), ("  no findings", "green"), note)]
    lines = [
        Text.assemble(
            (result.path, "bold underline"),
            (f"  {_plural(len(result.findings), 'finding')}", ""),
            note,
        )
    ]
    for chapter, findings in _chapters(result.findings):
        lines.append(Text("  " + chapter, style="bold"))
        for finding in findings:
            lines.extend(_finding_lines(finding))
            lines.append(Text(""))
    return lines


def checked_note(report: Report) -> str:
    """'checked 121,409 words in 61 chapters': how much the check read, over every manuscript.

    Why every summary says it: a check that read less than the writer wrote
    must not look like a clean bill (storylint.ingest.coverage).
    """
    from storylint.ingest.coverage import checked_phrase

    checked = [r for r in report.results if r.checked]
    words = sum(r.words for r in checked)
    if not any(r.manuscript is not None for r in checked):  # a report built without them
        return f"checked {words:,} {'word' if words == 1 else 'words'}"
    chapters = sum(len(r.manuscript.chapters) for r in checked if r.manuscript is not None)
    return checked_phrase(words, chapters)


def _summary(report: Report) -> Text:
    checked = [r for r in report.results if r.checked]
    total = report.finding_count
    where = _plural(len(checked), "manuscript")
    failed = len(report.results) - len(checked)
    if failed:
        where += f" ({failed} could not be read)"
    accepted = accepted_note(report.accepted_counts())
    if accepted:
        where += f"; {accepted}"
    # A sentence of its own, so the verdict before it reads the same as ever.
    note = checked_note(report)
    read = f" {note[0].upper()}{note[1:]}."
    if total == 0:
        return Text(f"No findings in {where}.{read}", style="green")
    counts = report.severity_counts()
    parts = [
        _plural(counts[s], s.value)
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    return Text(f"{_plural(total, 'finding')} ({', '.join(parts)}) in {where}.{read}", style="bold")


def render(report: Report, *, color: bool = False, width: int | None = None) -> str:
    if report.results and not any(r.checked for r in report.results):
        return ""  # nothing was checked; the errors on stderr say it all
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        width=width or 100,
    )
    for result in report.results:
        if not result.checked:
            continue  # the CLI has already said why on stderr
        for line in _manuscript_lines(result):
            # No hard wrapping: a grep or an editor must see one passage per line.
            console.print(line, soft_wrap=True)
    console.print(_summary(report), soft_wrap=True)
    return buffer.getvalue()
