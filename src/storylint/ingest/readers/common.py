"""What every reader does after extraction, and how library failures are reported."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storylint.errors import InputError
from storylint.ingest.blocks import Parsed, TextBuilder
from storylint.ingest.classify import classify
from storylint.ingest.limits import human_size
from storylint.ingest.notes import mark_not_story
from storylint.ingest.settings import budget, budget_note
from storylint.manuscript import SourceText


def check_text_size(path: str, length: int) -> None:
    if length > budget("extracted_mb"):
        raise InputError(
            path,
            f"extracted text is over the {human_size(budget('extracted_mb'))} limit; refused "
            f"{budget_note('extracted_mb')}",
        )


@contextmanager
def library_errors(path: str, label: str) -> Iterator[None]:
    """Any failure inside a format library becomes one line naming the file."""
    try:
        yield
    except InputError:
        raise
    except MemoryError as exc:
        raise InputError(path, f"is too large to read as {label}") from exc
    except Exception as exc:  # libraries raise anything on corrupt input
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            path, f"is not a valid {label} file (corrupt or truncated: {detail})"
        ) from exc


def finish(
    path: str,
    builder: TextBuilder,
    title: str | None = None,
    roles_known: bool = False,
    warnings: list[str] | None = None,
) -> Parsed:
    """Extracted text and blocks -> classified, note-marked Parsed."""
    check_text_size(path, builder.length)
    text = builder.text()
    if not text.strip():
        raise InputError(path, "contains no text")
    parsed = Parsed(
        SourceText(path, text, extracted=True),
        builder.blocks,
        title=title,
        break_gap=3,
        warnings=list(warnings or []),
        roles_known=roles_known,
    )
    classify(parsed)
    mark_not_story(parsed)
    return parsed
