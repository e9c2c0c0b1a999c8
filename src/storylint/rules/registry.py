"""The rule registry: stable ids, names, severities and documentation.

Why a registry and not an if/else chain: reporters, `storylint rules`, the
config file and suppression all need to know every rule without running it.
Rule documentation lives in `rules/docs/<id>.md` (what it catches, why it
matters, an example that fires, one that does not), so it is one file to edit
and `storylint rules ID` prints exactly what the docs site shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from storylint.findings import Severity

if TYPE_CHECKING:
    from storylint.findings import Finding
    from storylint.model import StoryModel

CheckFunction = Callable[["StoryModel"], Iterable["Finding"]]

# Family modules, imported on first use. Add a family here when it arrives.
FAMILY_MODULES: list[str] = [
    "storylint.families.objects.rules",
    "storylint.families.places.rules",
    "storylint.families.names.rules",
    "storylint.families.characters.rules",
    "storylint.families.time.rules",
    "storylint.families.relationships.rules",
    "storylint.families.life.rules",
]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    family: str
    check: CheckFunction

    @property
    def doc(self) -> str:
        """The rule's documentation page (Markdown)."""
        path = resources.files("storylint.families") / self.family / "docs" / f"{self.id}.md"
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"# {self.id} {self.name}\n\n{self.summary}\n"


_REGISTRY: dict[str, Rule] = {}
_loaded = False


def rule(
    id: str, name: str, severity: Severity, summary: str, family: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable id and name."""

    def register(check: CheckFunction) -> CheckFunction:
        if id in _REGISTRY:
            raise ValueError(f"rule id {id} registered twice")
        _REGISTRY[id] = Rule(id, name, severity, summary, family, check)
        return check

    return register


def all_rules() -> list[Rule]:
    global _loaded
    if not _loaded:
        for module in FAMILY_MODULES:
            importlib.import_module(module)
        _loaded = True
    return sorted(_REGISTRY.values(), key=lambda r: r.id)


def find_rule(key: str) -> Rule | None:
    """Look a rule up by id or by name (case-insensitive)."""
    key = key.strip().lower()
    for r in all_rules():
        if r.id.lower() == key or r.name.lower() == key:
            return r
    return None
