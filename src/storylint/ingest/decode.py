"""Reading a text file's bytes into the exact string that offsets refer to.

Writers' files come from everywhere: Notepad saves UTF-16 or UTF-8 with a BOM,
old Word exports Windows-1252. We accept those, say so in a warning when we
had to guess, and refuse anything that is not text, because analysing a
binary file as prose produces nonsense findings, not an error.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from storylint.errors import InputError
from storylint.ingest import limits
from storylint.ingest.limits import human_size

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: list[tuple[bytes, str, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]

# Control characters that never appear in prose (tab, newlines, form feed do).
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, refusing files over `limit` (default: the text limit) unread."""
    limit = limits.MAX_TEXT_FILE_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                str(path),
                f"file is {human_size(size)}, over the {human_size(limit)} limit for this format",
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:  # grew while we looked
        raise InputError(str(path), f"file is over the {human_size(limit)} limit for this format")
    return data


def _looks_binary(text: str) -> bool:
    """More than 1 in 100 characters are control characters prose never has."""
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return bad * 100 > len(sample)


def decode_text(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """(text, encoding name, warnings). The BOM, if any, is not part of the text."""
    warnings: list[str] = []
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"starts with a {label} byte-order mark but is not valid {label}"
                ) from exc
            encoding = codec if label != "UTF-8 with BOM" else "utf-8-sig"
            break
    else:
        if b"\x00" in data[:65536]:
            raise InputError(path, "looks like a binary file, not text (it contains NUL bytes)")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, "is not UTF-8 or Windows-1252 text; save it as UTF-8 and try again"
                ) from exc
            encoding = "cp1252"
            warnings.append(
                f"{path}: not valid UTF-8; decoded as Windows-1252 "
                "(offsets refer to the decoded text; save as UTF-8 to be sure)"
            )
    if _looks_binary(text):
        raise InputError(path, "looks like a binary file, not text")
    if not text.strip():
        raise InputError(path, "is empty (no text to check)")
    return text, encoding, warnings
