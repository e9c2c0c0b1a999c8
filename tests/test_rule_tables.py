"""The rule tables in the family READMEs and docs/rules.md match the rule registry.

They are written by tools/rule_tables.py; when this fails, run `python tools/rule_tables.py`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

TOOL = Path(__file__).parent.parent / "tools" / "rule_tables.py"


def _tool():
    spec = importlib.util.spec_from_file_location("rule_tables", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rule_tables = _tool()


def test_rule_tables_are_up_to_date() -> None:
    stale = [str(p.relative_to(rule_tables.ROOT)) for p in rule_tables.stale()]
    assert stale == [], "rule tables out of date: run python tools/rule_tables.py"


def test_every_family_readme_and_the_rules_page_have_a_table() -> None:
    from storylint.rules.registry import all_rules

    files = set(rule_tables.expected())
    families = {r.family for r in all_rules()}
    assert files == {rule_tables.FAMILIES / f / "README.md" for f in families} | {
        rule_tables.ALL_RULES_DOC
    }


def test_a_table_replaces_only_what_is_between_the_markers() -> None:
    rule = SimpleNamespace(
        id="ABC001", name="a-b", severity=SimpleNamespace(value="info"), summary="One | two.",
        family="abc",
    )  # fmt: skip
    text = "intro\n\n<!-- rules:begin -->\nold\n<!-- rules:end -->\n\noutro\n"
    new = rule_tables.with_table(text, rule_tables.family_table([rule]), "README.md")
    assert new == (
        "intro\n\n<!-- rules:begin -->\n| id | name | severity | summary |\n"
        "|----|------|----------|---------|\n"
        "| [ABC001](docs/ABC001.md) | a-b | info | One \\| two. |\n<!-- rules:end -->\n\noutro\n"
    )


def test_a_file_without_markers_is_an_error() -> None:
    with pytest.raises(rule_tables.TableError, match="README.md: needs one <!-- rules:begin -->"):
        rule_tables.with_table("| id | name |\n", "", "README.md")
