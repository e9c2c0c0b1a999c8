"""`storylint debug pipeline`: the stages in the order they run, what each needs and gives.

Why a command: the order is computed, not written down, so the next engineer needs a way to
see it, and to see which stage a slow check spends its time in.
"""

from __future__ import annotations

from storylint.pipeline.stages import all_stages


def pipeline_rows(timings: dict[str, float] | None = None) -> list[dict[str, str]]:
    """One row per stage, in run order; `seconds` only when timings are given."""
    rows = []
    for number, s in enumerate(all_stages(), 1):
        row = {
            "#": str(number),
            "stage": s.name,
            "module": s.module.removeprefix("storylint."),
            "requires": ", ".join(layer.name for layer in s.requires) or "-",
            "provides": ", ".join(layer.name for layer in s.provides),
        }
        if timings is not None:
            row["seconds"] = f"{timings.get(s.name, 0.0):.3f}"
        rows.append(row)
    return rows


def format_rows(rows: list[dict[str, str]]) -> str:
    """A plain aligned table: it goes to terminals, logs and issue reports alike."""
    if not rows:
        return "No stages are registered.\n"
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(c.ljust(widths[c]) for c in columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        lines.append("  ".join(r[c].ljust(widths[c]) for c in columns).rstrip())
    return "\n".join(lines) + "\n"
