"""How far a long check has got, and the per-stage time budget.

Why here, beside the parser: parsing is most of a check's time (a 3,000,000-word
text parses for many minutes), so that is where a writer waiting on a CI log
needs to hear how far it got, and where a stage is most likely to run out of
its `stage_seconds` budget. The CLI installs a `Watcher` (progress lines);
`stage()` times each stage of a check (reading, parsing, analysis) for one
file. Both are context variables, so library callers and tests that install
neither pay nothing.

A stage over budget ends with `StageTimeout`, one line naming the file and the
stage (exit 2). It is noticed as each parsed paragraph comes back and between
analysis stages, and, in the main thread on Unix, by a timer signal, so a
stage stuck in one long computation stops too.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import FrameType
from typing import TypeVar

from storylint.errors import InputError

T = TypeVar("T")
# Called as parsed paragraphs come back: (words done, words in all).
Watcher = Callable[[int, int], None]
_WATCHER: ContextVar[Watcher | None] = ContextVar("storylint_progress_watcher", default=None)


class StageTimeout(InputError):
    """A stage of a check ran past the `stage_seconds` budget."""


@dataclass
class StageClock:
    """One stage of one file's check, and when its time runs out."""

    stage: str
    path: str
    seconds: float
    started: float = field(default_factory=time.monotonic)

    def error(self) -> StageTimeout:
        return StageTimeout(
            self.path,
            f"{self.stage} took longer than {self.seconds:,.0f} seconds; stopped "
            "(the stage_seconds budget; raise it in storylint.toml [input.budgets])",
        )

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise self.error()


_CLOCK: ContextVar[StageClock | None] = ContextVar("storylint_stage_clock", default=None)


@contextmanager
def watching(watcher: Watcher | None) -> Iterator[None]:
    """Tell `watcher` how far parsing has got, for the duration of the block."""
    token = _WATCHER.set(watcher)
    try:
        yield
    finally:
        _WATCHER.reset(token)


def _alarm_usable() -> bool:
    """The timer signal works only in the main thread on Unix."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def stage(name: str, path: str, seconds: float | None = None) -> Iterator[StageClock]:
    """Time one stage of checking `path`; past `seconds` (default: the budget) it stops."""
    if seconds is None:
        from storylint.ingest.settings import budget

        seconds = budget("stage_seconds")
    clock = StageClock(name, path, seconds)
    token = _CLOCK.set(clock)
    previous = None
    # Someone else's timer (a test runner's timeout) due before ours is left alone;
    # one due later is put back, less the time spent, when the stage ends.
    theirs = signal.getitimer(signal.ITIMER_REAL)[0] if _alarm_usable() else 0.0
    if _alarm_usable() and seconds > 0 and (theirs == 0 or theirs > seconds):

        def expire(_signum: int, _frame: FrameType | None) -> None:
            raise clock.error()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield clock
    finally:
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if theirs > 0:
                left = theirs - (time.monotonic() - clock.started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
        _CLOCK.reset(token)


def check_clock() -> None:
    """Stop with `StageTimeout` if the stage in progress is over its budget."""
    clock = _CLOCK.get()
    if clock is not None:
        clock.check()


def watch(docs: Iterable[T], sizes: list[int]) -> Iterator[T]:
    """`docs` one by one, telling the watcher the words done and checking the stage's clock."""
    watcher = _WATCHER.get()
    clock = _CLOCK.get()
    if watcher is None and clock is None:
        yield from docs
        return
    total = sum(sizes)
    done = 0
    for doc, size in zip(docs, sizes, strict=False):
        done += size
        if watcher is not None:
            watcher(done, total)
        if clock is not None:
            clock.check()
        yield doc


__all__ = ["StageClock", "StageTimeout", "Watcher", "check_clock", "stage", "watch", "watching"]
