"""The nesting-depth budget: how deep HTML, XML, JSON and YAML may nest before we refuse.

Why a budget and not just Python's recursion limit: the parsers and tree
walkers storylint uses recurse once (or a few times) per level, so a hostile
file nested 100,000 deep ends in "maximum recursion depth exceeded", a
message that tells the writer nothing, or a traceback. Real documents nest
a few dozen levels deep; budget("nesting_depth") (1,000 by default) is far
above that. Depth is measured without recursion (`json_depth`, `tree_depth`
callers), and `recursion_room` lets a walker that recurses once per level
reach the budget under Python's default limit of 1,000 frames.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from storylint.ingest.settings import budget, budget_note

# Frames each level may take in the deepest walker (PyYAML's composer takes about 3).
_FRAMES_PER_LEVEL = 4
_SPARE_FRAMES = 500
# Never more than this: past it a deep walk could overflow the C stack and crash the
# process instead of raising RecursionError (which callers turn into one line).
_MAX_FRAMES = 20_000
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)


class NestingError(ValueError):
    """A document nested deeper than the budget; `str()` is the problem for one line."""


def depth_problem() -> str:
    """The one-line problem, naming the budget and how to raise it."""
    return f"is nested more than {budget('nesting_depth'):,} deep; {too_deep()}"


def too_deep() -> str:
    """The end of every nesting message: refused, and which budget says so."""
    return f"refused {budget_note('nesting_depth')}"


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text, counted without parsing.

    Brackets inside strings do not count. Invalid JSON gets some number; the
    parser reports what is wrong with it.
    """
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def check_json_depth(text: str) -> None:
    """Raise `NestingError` if JSON text nests deeper than the budget."""
    if json_depth(text) > budget("nesting_depth"):
        raise NestingError(depth_problem())


@contextmanager
def recursion_room() -> Iterator[None]:
    """Room on Python's stack for a walker that recurses per level up to the budget.

    The limit is raised only while the block runs, and only if it is lower
    than needed; the default thread stack (8 MB) holds this many frames.
    """
    needed = min(budget("nesting_depth") * _FRAMES_PER_LEVEL + _SPARE_FRAMES, _MAX_FRAMES)
    before = sys.getrecursionlimit()
    if needed <= before:
        yield
        return
    sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


__all__ = [
    "NestingError",
    "check_json_depth",
    "depth_problem",
    "json_depth",
    "recursion_room",
    "too_deep",
]
