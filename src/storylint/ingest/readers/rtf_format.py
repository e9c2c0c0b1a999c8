"""RTF via striprtf: control words removed, one line per RTF paragraph."""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from storylint.errors import InputError
from storylint.ingest.blocks import Parsed, TextBuilder
from storylint.ingest.decode import decode_text, read_bytes
from storylint.ingest.readers.common import finish, library_errors


def read_rtf(path: Path) -> Parsed:
    raw, _encoding, warnings = decode_text(read_bytes(path), str(path))
    if not raw.lstrip().startswith("{\\rtf"):
        raise InputError(str(path), "is not an RTF file (it does not start with {\\rtf)")
    with library_errors(str(path), ".rtf"):
        plain = rtf_to_text(raw, errors="ignore")
    builder = TextBuilder()
    for line in plain.splitlines():
        builder.add(line)  # an empty line is an empty paragraph: a possible break
    return finish(str(path), builder, warnings=warnings)
