"""Seeds, mutations and properties shared by the fuzz tests and tools/fuzz_long.py.

Why one module: the CI suite (tests/test_fuzz_readers.py, test_fuzz_pipeline.py)
and the long run (tools/fuzz_long.py) must throw the same kinds of damage at
storylint and hold it to the same promises, so a failure the long run saves
can be replayed in CI by the same code.

Seeds are small files of every format: built here with the libraries writers'
tools use (tests/fixtures/ingest/make_fixtures.py), the two text fixtures in
tests/fixtures/ingest/, and every real file under tests/fixtures/real/ below
`MAX_SEED_BYTES` (whichever subfolders exist when the tests run).

Mutations are chosen by a seed, so any failure is replayed by (seed file,
mutation seed) or by the saved bytes:
- bytes: flip bytes, truncate, duplicate or delete a slice, insert odd bytes;
- zip formats (docx, odt, epub): delete or duplicate a member, store a member
  uncompressed, and edit a member's XML (delete, duplicate or insert tags,
  entity declarations and references, deep nesting, odd characters);
- text formats (txt, md, html, rtf): the same edits on the text, plus
  control words (rtf) and tags (html).

Properties (`check_read`, `check_report`): storylint raises nothing but its
own `StorylintError` (InputError and friends: one line, exit 2); a read
manuscript's paragraphs index exactly into their source text; every finding's
quote is the text at its offsets in `storylint extract`'s text; JSON output
validates against docs/storylint-output.schema.json, SARIF against the SARIF
2.1.0 schema; a Word review reads back as the same text.
"""

from __future__ import annotations

import codecs
import functools
import io
import json
import random
import signal
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
REAL = FIXTURES / "real"
SCHEMA = ROOT / "docs" / "storylint-output.schema.json"
SARIF_SCHEMA = FIXTURES / "report" / "sarif-schema-2.1.0.json"
# Larger real files make each mutated read slow without finding more.
MAX_SEED_BYTES = 64 * 1024
ZIP_FORMATS = {".docx", ".odt", ".epub"}
# Every example must finish in this many seconds (the bound for bad input).
EXAMPLE_SECONDS = 30

# Short, with two real findings (OBJ001, OBJ002: the coat from "To Marilyn"), so the
# quote property is tested on every run.
STORY = (
    "Chapter One\n\n"
    "Outside it was cold. She shivered at him, arms crossed over her chest, and Derek"
    ' sighed. "Don\'t be silly," he said, and dropped his coat over her shoulders.\n\n'
    'Ivy tugged his coat tighter. "I need to move on."\n\n'
    "* * *\n\n"
    "Chapter Two\n\n"
    "She hardly gave him a second before she turned away, his coat sliding off.\n\n"
    "Under his hand, loosely draped in his coat, she stood placidly.\n\n"
    'She took off her coat. "Now I\'m going back inside."\n'
)


# --- seeds ------------------------------------------------------------------------------


def _story_rtf() -> bytes:
    return (
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}"
        r"{\pard\b Chapter One\b0\par}"
        r"{\pard Derek dropped his \i grey\i0  coat over Ivy\rquote s shoulders.\par}"
        r"{\pard She said, \ldblquote You\rquote re late.\rdblquote\chftn"
        r"{\footnote\pard A note at the foot.}\par}"
        r"{\pard Caf\'e9 \u8212? the end.\line Next line.\par}"
        r"{\pard\b Chapter Two\b0\par}{\pard At home she hung her coat by the door.\par}}"
    ).encode("ascii")


def _story_html() -> bytes:
    return (
        b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>The Coat</title></head><body>"
        b"<h1>Chapter One</h1><p>Derek dropped his <em>grey</em> coat over Ivy&rsquo;s "
        b"shoulders.</p><p>&nbsp;</p><p>She walked<br/>to the station.</p><hr/>"
        b"<blockquote><p>A letter.</p></blockquote><ul><li>one</li><li>two</li></ul>"
        b"<table><tr><td>cell</td><td>two</td></tr></table>"
        b"<h1>Chapter Two</h1><p>At home she hung her coat by the door.<sup>1</sup></p>"
        b"<!-- storylint-ignore --></body></html>"
    )


def story_docx(text: str) -> bytes:
    """`text` as a writer keeps it in Word: a Heading 1 per chapter, a paragraph per paragraph."""
    import docx

    document = docx.Document()
    for block in text.strip("\n").split("\n\n"):
        style = "Heading 1" if block.startswith("Chapter ") else None
        document.add_paragraph(block, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def seeds() -> dict[str, tuple[str, bytes]]:
    """name -> (suffix, bytes): every seed file, built once per process."""
    from fixtures.ingest import make_fixtures as make

    out: dict[str, tuple[str, bytes]] = {}
    with tempfile.TemporaryDirectory() as folder:
        built = {
            "built/story.docx": make.make_docx(Path(folder)),
            "built/story.odt": make.make_odt(Path(folder)),
            "built/story.epub": make.make_epub(Path(folder)),
        }
        for name, path in built.items():
            out[name] = (path.suffix, path.read_bytes())
    out["built/coat.docx"] = (".docx", story_docx(STORY))
    out["built/story.rtf"] = (".rtf", _story_rtf())
    out["built/story.html"] = (".html", _story_html())
    out["built/story.txt"] = (".txt", STORY.encode())
    out["built/story.md"] = (
        ".md",
        ("# The Coat\n\n" + STORY.replace("Chapter", "## Chapter")).encode(),
    )
    out["fixtures/story.rtf"] = (".rtf", (FIXTURES / "ingest" / "story.rtf").read_bytes())
    out["fixtures/ao3-work.html"] = (".html", (FIXTURES / "ingest" / "ao3-work.html").read_bytes())
    for name, suffix, data in real_files():
        out[name] = (suffix, data)
    return out


def real_files(max_bytes: int = MAX_SEED_BYTES) -> Iterator[tuple[str, str, bytes]]:
    """(name, suffix, bytes) of each readable real file under tests/fixtures/real/."""
    from storylint.ingest import READERS

    if not REAL.is_dir():
        return
    for path in sorted(REAL.rglob("*")):
        if path.name in {"README.md", "SOURCES.md"} or not path.is_file():
            continue
        if path.suffix.lower() in READERS and path.stat().st_size <= max_bytes:
            yield f"real/{path.relative_to(REAL)}", path.suffix.lower(), path.read_bytes()


# --- mutations --------------------------------------------------------------------------

ODD_TEXT = [
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200d",
    "\r",
    "\r\n",
    "\u2028",
    "\x0c",
    "\x1b[31m",
    "e\u0301" * 20,
    "\U0001f600" * 30,
    "\ud800",
    "\uffff",
    "  \t ",
    "\n\n\n",
    "* * *",
    "Chapter 9",
    "A/N: ",
    "<!-- storylint-ignore -->",
    '"',
    "\u201c",
    "&",
    "&amp;",
    "\\",
    "x" * 5000,
    "word " * 400,
]
XML_EDITS = [
    "<",
    ">",
    "</w:p>",
    "<w:p>",
    "<w:r><w:t>inserted</w:t></w:r>",
    "<p>",
    "</p>",
    "<text:p>",
    "<![CDATA[x]]>",
    "<?pi x?>",
    "<!-- c -->",
    "&amp;",
    "&bogus;",
    "&#0;",
    "&#x110000;",
    '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    "&a;",
    "<x:y xmlns:x='urn:x'/>",
    "<a>" * 300,
    "</a>" * 3,
    "\x00",
    "\udcff",
    "\u202e",
]
RTF_EDITS = [
    "{",
    "}",
    "\\",
    "\\par ",
    "\\u-3999?",
    "\\u65535?",
    "\\'ff",
    "\\'",
    "{\\*\\unknown x}",
    "\\bin8 ",
    "{\\footnote x}",
    "\\uc0",
    "\\line",
    "{" * 300,
    "\\fonttbl",
    "{\\pict ab}",
]
HTML_EDITS = [
    "<p>",
    "</p>",
    "<div>" * 300,
    "<br>",
    "<hr>",
    "<h1>Chapter 3</h1>",
    "<script>x</script>",
    "<!--",
    "-->",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "<![CDATA[",
    "<?xml version='1.0'?>",
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    "&a;",
    "<svg><text>x</text></svg>",
    "<table><td>",
]


def _escape_or_pass(error: UnicodeEncodeError) -> tuple[bytes, int]:
    """Encode an escaped byte (surrogateescape) as itself, any other surrogate as CESU bytes."""
    out = b""
    for char in error.object[error.start : error.end]:
        code = ord(char)
        out += (
            bytes([code - 0xDC00])
            if 0xDC80 <= code <= 0xDCFF
            else char.encode("utf-8", "surrogatepass")
        )
    return out, error.end


codecs.register_error("fuzz-bytes", _escape_or_pass)


def encode(text: str) -> bytes:
    """Bytes back from `decode` (undecodable bytes kept as they were), lone surrogates too."""
    return text.encode("utf-8", "fuzz-bytes")


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _pick_span(rng: random.Random, size: int) -> tuple[int, int]:
    start = rng.randrange(size + 1)
    return start, min(size, start + rng.randint(0, max(1, size // 8)))


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(data: bytes, rng: random.Random) -> bytes:
    start, end = _pick_span(rng, len(data))
    if rng.random() < 0.5:
        return data[:start] + data[end:]  # delete a slice
    return data[:end] + data[start:end] + data[end:]  # duplicate it


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    odd = rng.choice(ODD_TEXT).encode("utf-8", "surrogatepass")
    if rng.random() < 0.3:
        odd = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return data[:at] + odd + data[at:]


def edit_text(text: str, rng: random.Random, edits: list[str]) -> str:
    """One random edit: insert a token, delete or duplicate a span, or swap two spans."""
    choice = rng.random()
    if choice < 0.5 or not text:
        at = rng.randrange(len(text) + 1)
        token = rng.choice(edits + ODD_TEXT) * (1 if rng.random() < 0.9 else rng.randint(2, 50))
        return text[:at] + token + text[at:]
    start, end = _pick_span(rng, len(text))
    if choice < 0.7:
        return text[:start] + text[end:]
    if choice < 0.9:
        return text[:end] + text[start:end] + text[end:]
    other, other_end = _pick_span(rng, len(text))
    if other < start:
        other, other_end, start, end = start, end, other, min(other_end, start)
    return text[:start] + text[other:other_end] + text[end:other] + text[start:end]


def _rebuild_zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        with zipfile.ZipFile(out, "w") as archive:
            for info, data in members:
                archive.writestr(info, data)
    return out.getvalue()


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # already broken by an earlier mutation: only bytes edits apply
        return None


def zip_mutation(data: bytes, rng: random.Random) -> bytes:
    """Delete, duplicate, store or XML-edit one member of a zip file."""
    members = _zip_members(data)
    if not members:
        return flip_bytes(data, rng)
    index = rng.randrange(len(members))
    info, body = members[index]
    kind = rng.choice(["delete", "duplicate", "store", "xml", "xml", "xml"])
    if kind == "delete":
        del members[index]
    elif kind == "duplicate":
        members.insert(rng.randrange(len(members) + 1), (info, body))
    elif kind == "store":
        info.compress_type = zipfile.ZIP_STORED
    else:
        xml = [i for i, (m, _) in enumerate(members) if m.filename.endswith(XML_SUFFIXES)]
        if xml:
            index = rng.choice(xml)
            info, body = members[index]
        text = decode(body)
        for _ in range(rng.randint(1, 4)):
            text = edit_text(text, rng, XML_EDITS)
        members[index] = (info, encode(text))
    return _rebuild_zip(members)


XML_SUFFIXES = (".xml", ".xhtml", ".html", ".opf", ".ncx", ".rels")


def text_mutation(data: bytes, suffix: str, rng: random.Random) -> bytes:
    edits = RTF_EDITS if suffix == ".rtf" else HTML_EDITS if suffix in HTML_SUFFIXES else []
    text = decode(data)
    for _ in range(rng.randint(1, 4)):
        text = edit_text(text, rng, edits)
    return encode(text)


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip_bytes,
    "truncate": truncate,
    "splice": splice,
    "insert": insert_bytes,
}


def mutate(data: bytes, suffix: str, seed: int, steps: int = 1) -> tuple[bytes, list[str]]:
    """`data` after `steps` random mutations chosen by `seed`, and their names."""
    rng = random.Random(seed)
    names = []
    for _ in range(steps):
        # A byte flip in a zip mostly breaks a checksum (refused at once); edits inside
        # the members reach the readers' parsers, so they get most turns.
        structured = "zip" if suffix in ZIP_FORMATS else "text"
        name = rng.choice([*BYTE_MUTATIONS, *[structured] * (8 if structured == "zip" else 4)])
        names.append(name)
        if name == "zip":
            data = zip_mutation(data, rng)
        elif name == "text":
            data = text_mutation(data, suffix, rng)
        else:
            data = BYTE_MUTATIONS[name](data, rng)
    return data, names


# --- properties -------------------------------------------------------------------------


class Timeout(Exception):
    """An example ran past EXAMPLE_SECONDS: storylint promised bounded time."""


@contextmanager
def time_limit(seconds: float = EXAMPLE_SECONDS) -> Iterator[None]:
    """Raise Timeout in this (main) thread after `seconds`; a no-op off the main thread.

    An alarm already set (pytest-timeout's, for the whole test) is put back
    afterwards with the time it has left, so the test keeps its own limit.
    """

    def fire(signum, frame):  # noqa: ARG001
        raise Timeout(f"took longer than {seconds} s")

    try:
        previous = signal.signal(signal.SIGALRM, fire)
    except ValueError:  # not the main thread
        yield
        return
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.01))


def check_offsets(manuscript) -> None:
    """Every paragraph indexes exactly into its own source's text, in order, trimmed."""
    last: dict[int, int] = {}
    for p in manuscript.all_paragraphs():
        assert 0 <= p.start <= p.end <= len(p.source.text), (
            f"paragraph offsets outside the text: {p.start}-{p.end} of {len(p.source.text)}"
        )
        assert p.start >= last.get(id(p.source), 0), "paragraphs overlap"
        last[id(p.source)] = p.end
        assert p.text == p.text.strip(), f"paragraph has surrounding whitespace: {p.text!r}"


def check_read(path: Path) -> str | None:
    """Read `path` as storylint does; None if it was read, else the one-line error.

    Fails (raises) on any exception that is not a StorylintError, on a
    multi-line error, or on paragraphs that do not index into the text.
    """
    from storylint.errors import StorylintError
    from storylint.ingest import extract_text, read_manuscript

    try:
        with time_limit():
            manuscript = read_manuscript(path)
    except StorylintError as exc:
        message = str(exc)
        assert "\n" not in message.strip(), f"error is not one line: {message!r}"
        assert message.strip(), "empty error message"
        return message
    check_offsets(manuscript)
    assert extract_text(path) == manuscript.sources[0].text, "extract prints another text"
    return None


@functools.lru_cache(maxsize=2)
def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def check_json_report(output: str, extracted: str) -> dict:
    """JSON validates, and every quote is the extracted text at its offsets."""
    import jsonschema

    data = json.loads(output)
    jsonschema.validate(data, _schema(SCHEMA))
    for finding in data["findings"]:
        for evidence in finding["evidence"]:
            if evidence["file"] != data["files"][0]["sources"][0]:
                continue  # a story bible's passage, not the manuscript's
            quote = extracted[evidence["start"] : evidence["end"]]
            assert quote == evidence["quote"], (
                f"quote is not the text at its offsets: {finding['rule']} {evidence}"
            )
    return data


def run_cli(*args: str):
    """`storylint ARGS` in this process; raises whatever the command raised unexpectedly."""
    from click.testing import CliRunner

    from storylint.cli import cli

    with time_limit():
        result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def check_report(path: Path, fmt: str, extracted: str | None, folder: Path) -> int:
    """`storylint check PATH --format FMT`: exit 0/1/2, one-line errors, valid output.

    `extracted` is `storylint extract`'s text for PATH, or None if it could not be read.
    """
    output = folder / "review.docx"
    args = ["check", str(path), "--format", fmt, "--no-color"]
    if fmt == "docx":
        args += ["-o", str(output)]
    result = run_cli(*args)
    code = result.exit_code
    assert code in (0, 1, 2), f"exit {code} (not 0, 1 or 2): {result.output[-2000:]}"
    assert "Traceback" not in result.output
    if fmt in ("json", "sarif") and (code != 2 or result.stdout):
        # A file that could not be read is still listed, with its error, for scripts.
        import jsonschema

        data = json.loads(result.stdout)
        jsonschema.validate(data, _schema(SCHEMA if fmt == "json" else SARIF_SCHEMA))
    if code == 2:
        errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
        assert len(errors) == 1 and errors[0].startswith("storylint: "), (
            f"error is not one line: {result.stderr!r}"
        )
        return code
    assert extracted is not None, "checked a file that `extract` refused"
    if fmt == "json":
        check_json_report(result.stdout, extracted)
    elif fmt == "docx":
        from storylint.ingest import extract_text

        assert extract_text(output) == extracted, "the review reads differently"
        output.unlink()
    elif fmt == "html":
        assert result.stdout.lstrip().lower().startswith("<!doctype html")
    return code


def extract_or_none(path: Path) -> str | None:
    from storylint.errors import StorylintError
    from storylint.ingest import extract_text

    try:
        with time_limit():
            return extract_text(path)
    except StorylintError:
        return None
