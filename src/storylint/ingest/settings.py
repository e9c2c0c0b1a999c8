"""How manuscripts are read: the `[input]` table of storylint.toml, in force while one is read.

Why a context variable rather than an argument to every reader: the settings
reach deep places (a Word run inside a tracked insertion, a paragraph split
before spaCy sees it, a stage timer) that are many calls away from the CLI,
and passing them through every signature would touch every reader for one
value each. `use_settings` installs them for the duration of one check;
outside it, every setting has its documented default.

Budgets are looked up by name through `budget()`: an override from the
project file wins, otherwise the default in `storylint.ingest.limits` (kept
there so that a test can lower one with monkeypatch). docs/formats.md lists
them; docs/configuration.md documents the `[input]` keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from storylint.ingest import limits

# Tracked changes in a Word file: "accept" reads the text as Word shows it with
# changes shown (insertions and moves in, deletions out), "reject" reads it as it
# was before the changes.
TRACKED_CHANGES = ("accept", "reject")

# File names (stems, case-insensitive, shell wildcards allowed) that a folder
# manuscript skips as the writer's notes rather than chapters.
DEFAULT_SKIP_FILES: tuple[str, ...] = (
    "notes",
    "*-notes",
    "*_notes",
    "notes-*",
    "notes_*",
    "outline",
    "*-outline",
    "overview",
    "synopsis",
    "summary",
    "todo",
    "to-do",
    "readme",
    "changelog",
    "license",
    "licence",
    "research",
    "characters",
    "character-sheet*",
    "worldbuilding",
    "bible",
    "style-sheet",
    "stylesheet",
    "scratch",
    "ideas",
    "plot",
    "timeline",
)

# Budget name in storylint.toml -> (name of the default in limits, multiplier
# from the unit the writer types to the unit the code counts).
BUDGETS: dict[str, tuple[str, int]] = {
    "file_mb": ("MAX_TEXT_FILE_BYTES", limits.MB),
    "archive_mb": ("MAX_CONTAINER_BYTES", limits.MB),
    "unpacked_mb": ("MAX_UNCOMPRESSED_BYTES", limits.MB),
    "unpacked_text_mb": ("MAX_UNPACKED_TEXT_BYTES", limits.MB),
    "archive_members": ("MAX_ZIP_MEMBERS", 1),
    "extracted_mb": ("MAX_EXTRACTED_CHARS", limits.MB),
    "nesting_depth": ("MAX_NESTING_DEPTH", 1),
    "html_tags": ("MAX_HTML_TAGS", 1),
    "xml_tags": ("MAX_XML_TAGS", 1),
    "paragraphs": ("MAX_PARAGRAPHS", 1),
    "paragraph_chars": ("MAX_PARAGRAPH_CHARS", 1),
    "words": ("MAX_WORDS", 1),
    "stage_seconds": ("MAX_STAGE_SECONDS", 1),
}


@dataclass(frozen=True)
class ReadSettings:
    """The writer's choices about reading; every field has the default a writer expects."""

    tracked_changes: str = "accept"
    skip_files: tuple[str, ...] = DEFAULT_SKIP_FILES
    # Overrides by budget name (keys of BUDGETS), already in the code's units.
    budgets: dict[str, int] = field(default_factory=dict)


DEFAULT_SETTINGS = ReadSettings()
_CURRENT: ContextVar[ReadSettings] = ContextVar("storylint_read_settings", default=DEFAULT_SETTINGS)


def current() -> ReadSettings:
    """The settings in force (the defaults outside `use_settings`)."""
    return _CURRENT.get()


@contextmanager
def use_settings(settings: ReadSettings | None) -> Iterator[None]:
    """Put `settings` in force for the duration of the block (None: leave them as they are)."""
    if settings is None:
        yield
        return
    token = _CURRENT.set(settings)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def budget_note(name: str) -> str:
    """How a budget message ends: which budget refused, and where a writer raises it."""
    return f"(the {name} budget; raise it in storylint.toml [input.budgets])"


def budget(name: str) -> int:
    """A budget in the code's units: the project file's override, else the default in limits."""
    override = current().budgets.get(name)
    if override is not None:
        return override
    constant, _unit = BUDGETS[name]
    return int(getattr(limits, constant))
