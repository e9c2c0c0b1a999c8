"""Only regular files are read: a pipe, device or socket is refused before it is opened.

Why before opening: opening a named pipe (FIFO) blocks until someone writes
to it, so `storylint check pipe.txt` would hang for ever; a character device
such as /dev/zero or /dev/urandom never ends; a socket cannot be opened at
all. `os.stat` tells them apart without opening anything. It follows
symbolic links, so a link is judged by what it points to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from storylint.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a writer's words."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def not_a_file(kind: str) -> str:
    """The one-line problem for something that is not a regular file."""
    return f"is {kind}, not a file; storylint reads only regular files"


def special_kind(path: str | Path) -> str | None:
    """What `path` is if it is a pipe, device or socket (judged without opening it), else None.

    For callers with their own messages for a missing file or a folder (a
    baseline, a story bible, a project file): those, and a file that cannot
    be stat'ed, give None here and are reported by the caller's own open.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return kind_of(mode)


def require_regular_file(path: Path) -> os.stat_result:
    """The file's stat, or one line naming it if it is not a regular file (never opened)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(str(path), "no such file or folder") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(str(path), not_a_file(kind_of(info.st_mode)))
    return info


__all__ = ["kind_of", "not_a_file", "require_regular_file", "special_kind"]
