"""Errors a writer sees as one line: the file and the problem, never a traceback."""

from __future__ import annotations


class StorylintError(Exception):
    """Base for errors the CLI turns into one clear line and exit code 2."""


class InputError(StorylintError):
    """A manuscript could not be read. `str()` names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ModelMissingError(StorylintError):
    """The spaCy English model package is not installed."""
