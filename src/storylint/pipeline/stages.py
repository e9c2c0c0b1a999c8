"""Declared stages: what each analysis stage requires and provides, and the order that follows.

Why declarations (as spaCy components declare `requires` and `assigns`, checked by
`analyze_pipes`): the stage order used to be a hand-kept list of strings with its
dependencies in comments, copied again into evaluations, tests and benchmarks. Now a stage
says what it reads and what it stores, the order is computed, `build_model(until=LAYER)`
runs only what one layer needs, and a missing or circular requirement fails at start-up
with a message naming the stages, instead of a rule quietly reading nothing.

Where stages come from: `discover()` imports `storylint.nlp`, `storylint.people` and every
package under `storylint.families`, then the modules each package names in its `MODULES`
tuple, whose `@stage(...)` and `@rule(...)` decorators register them. Adding a family is
adding a folder.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from storylint.pipeline.layers import Layer

if TYPE_CHECKING:
    from storylint.model import StoryModel

StageFunction = Callable[["StoryModel"], None]

# Shared layers first, then the families in alphabetical order: stages that do not depend
# on each other run in this order.
CORE_PACKAGES = ("storylint.nlp", "storylint.people")
FAMILIES_PACKAGE = "storylint.families"


class PipelineError(RuntimeError):
    """The stages' declarations do not fit together: a start-up error, never the writer's."""


@dataclass(frozen=True, eq=False)
class Stage:
    name: str
    function: StageFunction
    requires: tuple[Layer[Any], ...]
    provides: tuple[Layer[Any], ...]
    summary: str

    @property
    def module(self) -> str:
        return self.function.__module__

    def __call__(self, model: StoryModel) -> None:
        self.function(model)


_STAGES: list[Stage] = []


def stage(
    *, requires: Sequence[Layer[Any]] = (), provides: Sequence[Layer[Any]]
) -> Callable[[StageFunction], StageFunction]:
    """Register a stage function with the layers it reads and the layers it stores."""

    def register(function: StageFunction) -> StageFunction:
        doc = (function.__doc__ or "").strip().splitlines()
        summary = doc[0] if doc else ""
        _STAGES.append(
            Stage(function.__name__, function, tuple(requires), tuple(provides), summary)
        )
        return function

    return register


def family_names() -> list[str]:
    """Every rule family: one package under storylint.families each."""
    package = importlib.import_module(FAMILIES_PACKAGE)
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.ispkg)


@cache
def discover() -> None:
    """Import every package that declares stages or rules, once per process."""
    packages = [*CORE_PACKAGES, *(f"{FAMILIES_PACKAGE}.{f}" for f in family_names())]
    for name in packages:
        package = importlib.import_module(name)
        for module in getattr(package, "MODULES", ()):
            importlib.import_module(f"{name}.{module}")


def all_stages() -> list[Stage]:
    """Every registered stage, in the order the pipeline runs them (dependencies first)."""
    discover()
    return _ordered(tuple(_STAGES))


@cache
def _ordered(stages: tuple[Stage, ...]) -> list[Stage]:
    providers: dict[Layer[Any], Stage] = {}
    for s in stages:
        for layer in s.provides:
            if layer in providers:
                raise PipelineError(
                    f"layer '{layer.name}' is provided by both {providers[layer].name} and {s.name}"
                )
            if layer.input:
                raise PipelineError(f"stage {s.name} provides the input layer '{layer.name}'")
            providers[layer] = s
    for s in stages:
        for layer in s.requires:
            if not layer.input and layer not in providers:
                raise PipelineError(
                    f"stage {s.name} ({s.module}) requires layer '{layer.name}', "
                    "which no stage provides"
                )
    order: list[Stage] = []
    done: set[int] = set()
    visiting: list[Stage] = []

    def visit(s: Stage) -> None:
        if id(s) in done:
            return
        if s in visiting:
            cycle = " -> ".join(x.name for x in visiting[visiting.index(s) :] + [s])
            raise PipelineError(f"circular requirement between stages: {cycle}")
        visiting.append(s)
        for layer in s.requires:
            if not layer.input:
                visit(providers[layer])
        visiting.pop()
        done.add(id(s))
        order.append(s)

    for s in stages:
        visit(s)
    return order


def stages_for(layers: Iterable[Layer[Any]], given: Iterable[Layer[Any]] = ()) -> list[Stage]:
    """The stages needed to provide `layers`, in pipeline order, when `given` are supplied."""
    ordered = all_stages()
    providers = {layer: s for s in ordered for layer in s.provides}
    supplied = set(given)
    needed: set[int] = set()
    pending = [layer for layer in layers if not layer.input]
    while pending:
        layer = pending.pop()
        if layer in supplied:
            continue
        provider = providers.get(layer)
        if provider is None:
            raise PipelineError(f"no stage provides layer '{layer.name}'")
        if id(provider) not in needed:
            needed.add(id(provider))
            pending.extend(x for x in provider.requires if not x.input)
    return [s for s in ordered if id(s) in needed]


def check_requirements(name: str, requires: Iterable[Layer[Any]]) -> None:
    """Fail at start-up when a rule (or any reader) needs a layer that no stage provides."""
    provided = {layer for s in all_stages() for layer in s.provides}
    for layer in requires:
        if not layer.input and layer not in provided:
            raise PipelineError(f"{name} requires layer '{layer.name}', which no stage provides")
