"""Line output: `path:line:col: RULE-ID message`, the shape editors and grep understand.

One finding per line, located at its primary passage (the later, contradicting
one), so Vim's quickfix, Emacs' compile mode and VS Code problem matchers can
jump straight to it.
"""

from __future__ import annotations

from storylint.report.base import Report, one_line


def render(report: Report, *, color: bool = False, width: int | None = None) -> str:
    lines = []
    for _, finding in report.findings():
        ev = finding.primary
        line, column = ev.source.line_col(ev.start)
        lines.append(
            f"{ev.source.path}:{line}:{column}: {finding.rule} {one_line(finding.message)}"
        )
    return "".join(line + "\n" for line in lines)
