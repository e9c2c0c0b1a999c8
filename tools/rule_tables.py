"""Write the rule tables of the docs from the rule registry, so they never drift from it.

Each family's README (src/storylint/families/<family>/README.md) and docs/rules.md hold a
table between the markers

    <!-- rules:begin -->
    <!-- rules:end -->

with one row per rule (id linked to its doc, name, severity, summary) from
`storylint.rules.registry.all_rules()`. Everything outside the markers is left alone.

    python tools/rule_tables.py           # rewrite the tables that are out of date
    python tools/rule_tables.py --check   # exit 1, naming each file whose table is out of date

tests/test_rule_tables.py runs the check.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ROOT / "src" / "storylint" / "families"
ALL_RULES_DOC = ROOT / "docs" / "rules.md"
BEGIN = "<!-- rules:begin -->"
END = "<!-- rules:end -->"


class TableError(Exception):
    """A file that should hold a rule table has no (or broken) markers."""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def family_table(rules: Iterable[Any]) -> str:
    """One family's table, for its README: ids link to docs/<ID>.md beside it."""
    lines = ["| id | name | severity | summary |", "|----|------|----------|---------|"]
    for r in sorted(rules, key=lambda r: r.id):
        link = f"[{r.id}](docs/{r.id}.md)"
        lines.append(f"| {link} | {_cell(r.name)} | {r.severity.value} | {_cell(r.summary)} |")
    return "\n".join(lines)


def all_rules_table(rules: Iterable[Any]) -> str:
    """Every rule, for docs/rules.md: ids link to their doc, families to their README."""
    lines = [
        "| id | name | family | severity | summary |",
        "|----|------|--------|----------|---------|",
    ]
    for r in sorted(rules, key=lambda r: r.id):
        folder = f"../src/storylint/families/{r.family}"
        link = f"[{r.id}]({folder}/docs/{r.id}.md)"
        family = f"[{r.family}]({folder}/README.md)"
        lines.append(
            f"| {link} | {_cell(r.name)} | {family} | {r.severity.value} | {_cell(r.summary)} |"
        )
    return "\n".join(lines)


def with_table(text: str, table: str, where: str) -> str:
    """`text` with everything between the markers replaced by `table`."""
    if text.count(BEGIN) != 1 or text.count(END) != 1:
        raise TableError(f"{where}: needs one {BEGIN} and one {END} line around the rule table")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    if end < start:
        raise TableError(f"{where}: {END} comes before {BEGIN}")
    return text[:start] + "\n" + table + "\n" + text[end:]


def expected(rules: list[Any] | None = None) -> dict[Path, str]:
    """Each file that holds a rule table, with the content it should have."""
    if rules is None:
        from storylint.rules.registry import all_rules

        rules = list(all_rules())
    by_family: dict[str, list[Any]] = {}
    for r in rules:
        by_family.setdefault(r.family, []).append(r)
    targets = {
        FAMILIES / family / "README.md": family_table(found)
        for family, found in sorted(by_family.items())
    }
    targets[ALL_RULES_DOC] = all_rules_table(rules)
    result = {}
    for path, table in targets.items():
        where = str(path.relative_to(ROOT))
        if not path.is_file():
            raise TableError(f"{where}: missing")
        result[path] = with_table(path.read_text(encoding="utf-8"), table, where)
    return result


def stale(rules: list[Any] | None = None) -> list[Path]:
    """The files whose table differs from the registry's."""
    return [p for p, text in expected(rules).items() if p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date tables")
    args = parser.parse_args(argv)
    try:
        wanted = expected()
    except TableError as exc:
        print(f"rule_tables: {exc}", file=sys.stderr)
        return 2
    out_of_date = [p for p, text in wanted.items() if p.read_text(encoding="utf-8") != text]
    for path in out_of_date:
        shown = path.relative_to(ROOT)
        if args.check:
            print(f"{shown}: rule table out of date (run python tools/rule_tables.py)")
        else:
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {shown}")
    return 1 if args.check and out_of_date else 0


if __name__ == "__main__":
    sys.exit(main())
