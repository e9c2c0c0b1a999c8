"""Parse workers that die with the process that started them.

Why: spaCy parses a long manuscript on two worker processes (multiprocessing,
forked). When a check was killed while parsing (SIGKILL from a CI timeout,
SIGTERM from a supervisor), the workers, about 150 MB each, were left
orphaned and alive minutes later, since nothing told them their parent was gone.

Two defences, both no-ops where they cannot work:
- On Linux each forked worker asks the kernel (prctl PR_SET_PDEATHSIG) for
  SIGKILL the moment its parent dies, however the parent died, SIGKILL
  included. spaCy creates its workers itself, so this runs through
  multiprocessing's after-fork hooks, which every forked `Process` runs
  before its target; it applies to any multiprocessing child of a check.
- While workers run, SIGTERM in the parent first terminates them, then ends
  the parent as SIGTERM would have (exit status 143), for systems without prctl.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from multiprocessing import util
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1


class _Hook:
    """The object the after-fork hook is registered on (the registry holds weak references)."""

    def __init__(self) -> None:
        self.parent = os.getpid()


_HOOK: _Hook | None = None


def die_with_parent(hook: _Hook) -> None:
    """In a forked worker: be killed when the parent dies (Linux); nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return
    prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != hook.parent:  # the parent died before prctl: follow it now
        os._exit(1)


def _register_hook() -> None:
    global _HOOK
    if _HOOK is None or _HOOK.parent != os.getpid():
        _HOOK = _Hook()
        util.register_after_fork(_HOOK, die_with_parent)


def _terminate_workers(signum: int, _frame: FrameType | None) -> None:
    """SIGTERM while workers run: stop them, then end as SIGTERM would have."""
    for child in multiprocessing.active_children():
        child.terminate()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def tied(items: Iterable[T]) -> Iterator[T]:
    """Iterate `items` (spaCy's multiprocess pipe) with its workers tied to this process."""
    _register_hook()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate_workers)
    try:
        yield from items
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["PR_SET_PDEATHSIG", "die_with_parent", "tied"]
