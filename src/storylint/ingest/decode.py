"""Reading a text file's bytes into the exact string that offsets refer to.

Writers' files come from everywhere: Notepad saves UTF-16 or UTF-8 with a BOM,
old Word exports Windows-1252. We accept those, say so in a warning when we
had to guess, and refuse anything that is not text, because analysing a
binary file as prose produces nonsense findings, not an error.

UTF-16 or UTF-32 without a byte-order mark (some Windows tools save it so) is
recognised two ways, both only when the first 64 KB hold a NUL byte:
- by where its NUL bytes fall (`_utf16_or_32_without_bom`): beside nearly every
  character of Latin-script text. Quick, and the way it always was.
- by what it decodes to (`_reads_as_prose`), for text in Greek, Cyrillic, Hebrew,
  Arabic, Devanagari, Chinese, Japanese, Korean..., whose characters have no NUL
  beside them: the first 64 KB (never the whole file) decode as UTF-16 (or 32),
  little- or big-endian, with no unpaired surrogate, and the result reads as prose.
  That is: almost no control, unassigned or private-use characters (at most 1 in
  200); spaces or line breaks, at least one per 500 characters (a real file has
  them; the bytes `20 00` or `0A 00` seldom fall into place in a binary file); at
  least 60% of the other characters letters; 90% of those letters in at most two
  scripts (Greek and Latin names, Japanese kana and kanji counted as one); and
  some variety (a run of one repeated character is an image, not a story). When
  both byte orders read as prose, the one with more spaces and line breaks wins.
  Random bytes fail at once (an unpaired surrogate in a few hundred characters),
  and so do images, zip archives and PDFs (controls, private-use characters, no
  spaces). The whole file is then decoded once, strictly.
Why a NUL byte is required: a file with none is a UTF-8 or Windows-1252 file far
more often, and such bytes read as UTF-16 make fluent-looking CJK ("Bush hid the
facts"). UTF-16 text with a single line break or ASCII space has a NUL byte.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
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
# Bytes looked at to tell text from binary and to recognise UTF-16/32 without a BOM.
_SAMPLE = 65536
# UTF-16 without a BOM: at least this share of the high bytes are NUL (Latin-script
# text has one beside nearly every character; a text in Greek or Cyrillic fewer).
UTF16_MIN_NUL_SHARE = 0.3
# BOM-less UTF-16/32 read by what it decodes to (`_reads_as_prose`, module docstring).
_PROSE_MAX_ODD_SHARE = 0.005  # control, unassigned, private-use characters
_PROSE_MIN_SPACING_SHARE = 1 / 500  # spaces and line breaks
_PROSE_MIN_LETTER_SHARE = 0.6  # letters and combining marks among the other characters
_PROSE_MIN_TWO_SCRIPTS_SHARE = 0.9  # letters in the two commonest scripts
_PROSE_MIN_DISTINCT = 10  # distinct characters (fewer in a text under 40 characters)
_SPACING = frozenset(" \n\r\t\u3000")  # U+3000: the ideographic space
_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# The first word of these Unicode character names is one writing system: Japanese
# mixes kanji, hiragana and katakana in every sentence, Chinese has fullwidth forms.
_HAN_NAMES = frozenset(
    "CJK HIRAGANA KATAKANA BOPOMOFO IDEOGRAPHIC HALFWIDTH FULLWIDTH KANGXI".split()
)
_NAME_WORD = re.compile(r"[^ -]+")
# Line ranges named in the mixed-encoding warning before "and N more".
MAX_RANGES_NAMED = 10


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
    sample = text[:_SAMPLE]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return bad * 100 > len(sample)


def _utf16_or_32_without_bom(data: bytes) -> tuple[str, str] | None:
    """(codec, label) when the NUL bytes fall where UTF-16 or UTF-32 text puts them.

    Text in UTF-16 without a byte-order mark (some Windows tools save it so) has a
    NUL beside nearly every Latin letter: in the odd bytes (little-endian) or the
    even ones (big-endian), and almost never in the others. UTF-32 has three NULs
    in each group of four. Binary files scatter their NULs everywhere, so the
    pattern tells them apart; the decoded text must still pass the binary check.
    """
    sample = data[:_SAMPLE]
    if len(data) % 2 or len(sample) < 4:
        return None

    def nul_share(offset: int, step: int) -> float:
        column = sample[offset::step]
        return column.count(0) / max(1, len(column))

    if len(data) % 4 == 0:
        wide: tuple[tuple[str, str, tuple[int, int], int], ...] = (
            ("utf-32-le", "UTF-32 (little-endian)", (2, 3), 0),
            ("utf-32-be", "UTF-32 (big-endian)", (0, 1), 3),
        )
        for codec, label, zeros, letters in wide:
            if all(nul_share(z, 4) >= 0.99 for z in zeros) and nul_share(letters, 4) <= 0.01:
                return codec, label
    narrow: tuple[tuple[str, str, int, int], ...] = (
        ("utf-16-le", "UTF-16 (little-endian)", 1, 0),
        ("utf-16-be", "UTF-16 (big-endian)", 0, 1),
    )
    for codec, label, high, low in narrow:
        if nul_share(high, 2) >= UTF16_MIN_NUL_SHARE and nul_share(low, 2) <= 0.01:
            return codec, label
    return _reads_as_prose(data)


def _reads_as_prose(data: bytes) -> tuple[str, str] | None:
    """(codec, label) of the UTF-16/32 byte order whose first 64 KB read as prose, or None.

    For text beyond Latin script, whose NUL bytes fall too seldom for
    `_utf16_or_32_without_bom`; the rules are in the module docstring.
    """
    candidates = [
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
    ]
    if len(data) % 4 == 0:
        candidates += [
            ("utf-32-le", "UTF-32 (little-endian)"),
            ("utf-32-be", "UTF-32 (big-endian)"),
        ]
    sample = data[:_SAMPLE]
    best: tuple[float, str, str] | None = None
    for codec, label in candidates:
        decoder = codecs.getincrementaldecoder(codec)("strict")
        try:  # not final: a surrogate pair cut by the sample's end is not an error
            text = decoder.decode(sample, final=len(sample) == len(data))
        except UnicodeDecodeError:
            continue  # an unpaired surrogate, or past U+10FFFF: not this encoding
        spacing = _prose_spacing(text)
        if spacing is not None and (best is None or spacing > best[0]):
            best = (spacing, codec, label)
    return None if best is None else (best[1], best[2])


def _prose_spacing(text: str) -> float | None:
    """The share of spaces and line breaks if `text` reads as prose, else None."""
    if not text:
        return None
    counts = Counter(text)
    spacing = sum(counts[ch] for ch in _SPACING)
    if spacing == 0 or spacing < _PROSE_MIN_SPACING_SHARE * len(text):
        return None
    odd = sum(n for ch, n in counts.items() if _is_odd(ch))
    if odd > _PROSE_MAX_ODD_SHARE * len(text):
        return None
    visible = {ch: n for ch, n in counts.items() if ch not in _SPACING and not _is_odd(ch)}
    total = sum(visible.values())
    if len(visible) < min(_PROSE_MIN_DISTINCT, total // 4):
        return None
    scripts: Counter[str] = Counter()
    marks = 0
    for ch, n in visible.items():
        category = unicodedata.category(ch)
        if category.startswith("L"):
            scripts[_script(ch)] += n
        elif category.startswith("M"):
            marks += n
    letters = sum(scripts.values())
    if letters + marks < _PROSE_MIN_LETTER_SHARE * total:
        return None
    two = sum(n for _script_name, n in scripts.most_common(2))
    if two < _PROSE_MIN_TWO_SCRIPTS_SHARE * letters:
        return None
    return spacing / len(text)


def _is_odd(ch: str) -> bool:
    """A character prose never has: a control (but tab, newlines, form feed), unassigned,
    private use or a surrogate."""
    return ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in _ODD_CATEGORIES


def _script(letter: str) -> str:
    """The writing system of a letter, by the first word of its Unicode name ("GREEK")."""
    match = _NAME_WORD.match(unicodedata.name(letter, "?"))
    word = match.group() if match else "?"
    return "CJK" if word in _HAN_NAMES else word


def _line_ranges(numbers: list[int]) -> str:
    """'3, 7-9, 12' (and 'and N more' past the first few), for a warning a writer reads."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges[:MAX_RANGES_NAMED]]
    more = len(ranges) - MAX_RANGES_NAMED
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _decode_by_line(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """UTF-8 where a line is UTF-8, Windows-1252 where it is not.

    Why per line: a manuscript in UTF-8 with one paragraph pasted from an old
    Windows file is the common case, and decoding the whole book as Windows-1252
    would turn every accented letter and curly quote elsewhere into mojibake
    ("cafÃ©"), while refusing it would check nothing. A line is the unit the
    writer can find and fix, so the warning names the lines.
    """
    lines = data.split(b"\n")
    out: list[str] = []
    fallback: list[int] = []
    utf8_beyond_ascii = False
    for number, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        except UnicodeDecodeError:
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise InputError(
                    path,
                    f"line {number} is not UTF-8 or Windows-1252 text; "
                    "save the file as UTF-8 and try again",
                ) from exc
            fallback.append(number)
    text = "\n".join(out)
    if not utf8_beyond_ascii:
        warning = (
            f"{path}: not valid UTF-8; decoded as Windows-1252 "
            "(offsets refer to the decoded text; save as UTF-8 to be sure)"
        )
        return text, "cp1252", [warning]
    plural = "s" if len(fallback) > 1 else ""
    warning = (
        f"{path}: line{plural} {_line_ranges(fallback)} not valid UTF-8 (the rest is); "
        f"decoded {'those lines' if plural else 'that line'} as Windows-1252 "
        "(save the file as UTF-8 to be sure)"
    )
    return text, "utf-8", [warning]


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
        wide = _utf16_or_32_without_bom(data) if b"\x00" in data[:_SAMPLE] else None
        if wide is not None:
            encoding, label = wide
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"looks like {label} text without a byte-order mark, but is not valid"
                ) from exc
            warnings.append(f"{path}: no byte-order mark; read as {label}")
        elif b"\x00" in data[:_SAMPLE]:
            raise InputError(path, "looks like a binary file, not text (it contains NUL bytes)")
        else:
            try:
                text = data.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                text, encoding, warnings = _decode_by_line(data, path)
    if _looks_binary(text):
        raise InputError(path, "looks like a binary file, not text")
    if not text.strip():
        raise InputError(path, "is empty (no text to check)")
    return text, encoding, warnings
