"""The rule registry: one rule object per rule, holding everything known about it.

Why one object (as ESLint's `meta` and Ruff's rule structs): reporters, `storylint rules`,
the project file, suppression and the docs tables all need to know every rule without
running it, and a rule's id, name, severity and wording used to be written again in each
finding it built. Now a rule is declared once:

    @rule(
        "OBJ001", "object-owner-changed", Severity.WARNING,
        "An object's owner changes with no passage giving, lending or selling it.",
        family="objects", requires=[WORLD],
        messages={"owner": "'{later}' (line {line}) calls the {thing} {owner}'s, ..."},
        options=[Option("reach", 12, "how many paragraphs apart ...")],
    )
    def object_owner_changed(ctx: RuleContext) -> None:
        ...
        ctx.report(at=parsed_index, message_id="owner", data={...}, evidence=[...],
                   confidence=0.7)

and `ctx.report` (storylint.rules.context) fills in the id, name, severity, chapter and
paragraph. Rule documentation lives in the family's folder, `families/<family>/docs/<ID>.md`
(what it catches, why it matters, an example that fires, one that does not), so
`storylint rules ID` prints exactly what the docs show.

Where rules come from: `storylint.pipeline.stages.discover()` imports every family package,
whose `rules` module registers its rules with `@rule`. There is no list to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from storylint.findings import Severity

if TYPE_CHECKING:
    from storylint.pipeline.layers import Layer
    from storylint.rules.context import RuleContext

CheckFunction = Callable[["RuleContext"], None]
OptionValue = int | float | str | bool


@dataclass(frozen=True)
class Option:
    """A threshold a writer may change in storylint.toml (`[rule_options.ID] name = value`).

    Why options and not constants: a reach of twelve paragraphs suits a novel's pacing and
    may not suit a screenplay or a flash-fiction piece; the writer decides, and the default
    is what the false-alarm and recall measurements were made with.
    """

    name: str
    default: OptionValue
    doc: str

    def coerce(self, value: Any) -> OptionValue:
        """The value in the default's type, or ValueError with a writer-readable reason."""
        kind = type(self.default)
        if kind is bool:
            if isinstance(value, bool):
                return value
            raise ValueError(f"expected true or false, got {value!r}")
        if kind in (int, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"expected a number, got {value!r}")
            if kind is int and not float(value).is_integer():
                raise ValueError(f"expected a whole number, got {value!r}")
            return kind(value)
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r}")
        return value


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    family: str
    check: CheckFunction
    requires: tuple[Layer[Any], ...] = ()
    messages: Mapping[str, str] = field(default_factory=dict)
    options: tuple[Option, ...] = ()

    @property
    def doc(self) -> str:
        """The rule's documentation page (Markdown)."""
        path = resources.files("storylint.families") / self.family / "docs" / f"{self.id}.md"
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return f"# {self.id} {self.name}\n\n{self.summary}\n"

    def option(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(f"{self.id} has no option '{name}'")

    def resolve_options(self, given: Mapping[str, Any] | None) -> dict[str, OptionValue]:
        """Defaults, overridden by the writer's values (already validated by the config)."""
        values = {o.name: o.default for o in self.options}
        for name, value in (given or {}).items():
            values[name] = self.option(name).coerce(value)
        return values


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    name: str,
    severity: Severity,
    summary: str,
    family: str,
    *,
    requires: Sequence[Layer[Any]] = (),
    messages: Mapping[str, str] | None = None,
    options: Sequence[Option] = (),
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable id and name, with its metadata."""

    def register(check: CheckFunction) -> CheckFunction:
        if id in _REGISTRY:
            raise ValueError(f"rule id {id} registered twice")
        _REGISTRY[id] = Rule(
            id, name, severity, summary, family, check, tuple(requires), dict(messages or {}),
            tuple(options),
        )  # fmt: skip
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by id. Checks at start-up that each rule's layers exist."""
    from storylint.pipeline.stages import check_requirements, discover

    discover()
    rules = sorted(_REGISTRY.values(), key=lambda r: r.id)
    for r in rules:
        check_requirements(f"rule {r.id}", r.requires)
    return rules


def find_rule(key: str) -> Rule | None:
    """Look a rule up by id or by name (case-insensitive)."""
    key = key.strip().lower()
    for r in all_rules():
        if r.id.lower() == key or r.name.lower() == key:
            return r
    return None
