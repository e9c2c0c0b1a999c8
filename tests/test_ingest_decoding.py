"""Decoding text files (issue 17): mixed UTF-8 and Windows-1252, UTF-16/32 without a BOM.

A UTF-8 manuscript with one paragraph pasted from an old Windows file is read whole,
that paragraph decoded as Windows-1252 and named in a warning; UTF-16 and UTF-32 saved
without a byte-order mark are recognised by where their NUL bytes fall; real binary
files are still refused with one line.
"""

from __future__ import annotations

import os
import time

import pytest

from storylint.errors import InputError
from storylint.ingest import read_manuscript
from storylint.ingest.decode import decode_text

STORY = (
    "Chapter 1\n\n"
    "Zoë lit the lamp in the café. “Where is the coat?” she asked.\n\n"
    "Ben said nothing; he was looking at the naïve painting over the door.\n\n"
    "Chapter 2\n\n"
    "The rain came down on the roof of the shed all night long.\n"
)


def test_utf8_with_one_windows_1252_paragraph_is_read_whole(tmp_path):
    pasted = "“It’s only a coat,” Renée said – and left.".encode("cp1252")
    data = STORY.encode("utf-8") + b"\n" + pasted + b"\n\nThe end came quietly.\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    manuscript = read_manuscript(path)
    text = manuscript.sources[0].text
    assert "Zoë lit the lamp in the café." in text  # the UTF-8 stays UTF-8
    assert "“It’s only a coat,” Renée said – and left." in text  # the pasted line too
    assert "The end came quietly." in [p.text for p in manuscript.paragraphs()]
    [warning] = [w for w in manuscript.warnings if "Windows-1252" in w]
    line = text.split("\n").index("“It’s only a coat,” Renée said – and left.") + 1
    assert f"line {line} not valid UTF-8" in warning
    assert str(path) in warning


def test_warning_names_ranges_of_lines():
    good = "Zoë waited.\n".encode()
    bad = "Renée left.\n".encode("cp1252")
    data = good + bad + bad + good + bad + good
    text, encoding, warnings = decode_text(data, "book.txt")
    assert text == "Zoë waited.\nRenée left.\nRenée left.\nZoë waited.\nRenée left.\nZoë waited.\n"
    assert encoding == "utf-8"
    assert warnings == [
        "book.txt: lines 2-3, 5 not valid UTF-8 (the rest is); decoded those lines as "
        "Windows-1252 (save the file as UTF-8 to be sure)"
    ]


def test_a_file_all_in_windows_1252_is_decoded_so_as_before():
    text, encoding, warnings = decode_text("Renée’s café\n".encode("cp1252"), "old.txt")
    assert (text, encoding) == ("Renée’s café\n", "cp1252")
    assert "decoded as Windows-1252" in warnings[0]


def test_a_line_neither_utf8_nor_windows_1252_is_named():
    data = "Zoë waited.\n".encode() + b"bad \x81 byte\n"
    with pytest.raises(InputError, match="line 2 is not UTF-8 or Windows-1252"):
        decode_text(data, "odd.txt")


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_without_a_byte_order_mark_are_recognised(tmp_path, codec, label):
    path = tmp_path / "story.md"
    path.write_bytes(STORY.encode(codec))  # the -le/-be codecs write no BOM
    manuscript = read_manuscript(path)
    assert manuscript.sources[0].text == STORY
    assert [c.title for c in manuscript.chapters] == ["Chapter 1", "Chapter 2"]
    assert any(f"read as {label}" in w for w in manuscript.warnings)


def test_binary_files_are_still_refused(tmp_path):
    samples = {
        "random.txt": os.urandom(4096),
        "zeros.txt": b"\x00" * 4096,
        # NULs only in odd bytes, like UTF-16, but the "letters" are control codes.
        "int16.txt": bytes(b for n in range(2048) for b in (n % 7, 0)),
        "png.md": bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00\x01" * 600,
    }
    for name, data in samples.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match="binary|not UTF-8"):
            read_manuscript(path)


def test_mixed_decoding_of_a_large_file_is_quick():
    line = "Renée said it was only a coat, and Zoë believed her.\n"
    data = (line.encode("utf-8") * 50_000) + line.encode("cp1252") + (line.encode() * 50_000)
    started = time.perf_counter()
    text, encoding, warnings = decode_text(data, "big.txt")
    assert time.perf_counter() - started < 10
    assert text == line * 100_001
    assert "line 50001 not valid UTF-8" in warnings[0]
