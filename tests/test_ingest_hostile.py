"""Hostile and pathological input (issue 17): one line naming the file, exit 2, within 30 s.

Each test builds its file: pipes and devices, entity declarations in UTF-16
and UTF-32, an archive of many small members that each pass the ratio check,
and documents nested 100,000 deep (HTML, XHTML in an EPUB, a baseline JSON,
a bible YAML). Where a file within the budgets is meant to be read, the test
says so by checking its text is read whole.
"""

from __future__ import annotations

import os
import socket
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.ingest import make_fixtures as make
from storylint.cli import cli
from storylint.errors import InputError
from storylint.ingest import read_manuscript, read_manuscript_files
from storylint.ingest.containers import open_container
from storylint.ingest.settings import BUDGETS, ReadSettings, use_settings
from storylint.ingest.xmlsafe import parse_xml

STORY = "Anna lit the lamp.\n\nBen took the keys.\n"
DEEP = 100_000
SECONDS = 30


@contextmanager
def within(seconds: float = SECONDS) -> Iterator[None]:
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < seconds


def one_line_exit_2(*args: str, name: str | Path, words: tuple[str, ...] = ()) -> str:
    """The CLI refuses: exit status 2, one line on stderr naming the file, in time."""
    with within():
        result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(name) in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def refused(path: Path, *words: str) -> str:
    with within(), pytest.raises(InputError) as caught:
        read_manuscript(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    for word in words:
        assert word in message, message
    return message


def xhtml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>c</title></head><body>{body}</body></html>"
    ).encode()


# --- only regular files --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", ["story.txt", "story.docx", "story.epub", "story.html"])
def test_a_named_pipe_is_refused_before_it_is_opened(tmp_path: Path, name: str) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)  # opening it for reading would block until a writer comes: never
    one_line_exit_2("extract", str(pipe), name=pipe, words=("named pipe",))
    with within(), pytest.raises(InputError, match="named pipe"):
        read_manuscript_files([pipe], str(tmp_path))
    with within(), pytest.raises(InputError, match="named pipe"):
        open_container(pipe, Path(name).suffix)


def test_a_device_is_refused_even_through_a_link(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    link = tmp_path / "story.txt"
    link.symlink_to("/dev/zero")  # endless: reading it would never finish
    one_line_exit_2("extract", str(link), name=link, words=("character device",))


def test_a_socket_is_refused(tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("needs Unix sockets")
    path = tmp_path / "s.txt"
    if len(str(path)) > 100:
        pytest.skip("temporary path too long for a socket")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        refused(path, "socket")


# --- entity declarations in any encoding -----------------------------------------

BOMB = make.BILLION_LAUGHS.replace(
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>'
)
ENCODINGS = [
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("utf-16-le", b""),  # no byte-order mark: the parser still reads it
    ("utf-16-be", b""),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
]
IDS = ["utf-16-le", "utf-16-be", "utf-16-le-no-bom", "utf-16-be-no-bom", "utf-32-le"]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=IDS)
def test_entity_bomb_in_utf16_docx(tmp_path: Path, encoding: str, bom: bytes) -> None:
    good = make.make_docx(tmp_path, "good.docx")
    path = tmp_path / "laughs.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = bom + BOMB.encode(encoding)
            out.writestr(info.filename, data)
    one_line_exit_2("extract", str(path), name=path, words=("entities",))


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=IDS)
def test_entity_bomb_in_utf16_epub(tmp_path: Path, encoding: str, bom: bytes) -> None:
    bomb = bom + BOMB.replace("w:document", "html").encode(encoding)
    path = make.write_epub(
        tmp_path / "laughs.epub", {"c1.xhtml": xhtml("<p>Anna.</p>"), "c2.xhtml": bomb}
    )
    one_line_exit_2("extract", str(path), name=path, words=("entities",))


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS, ids=IDS)
def test_entity_bomb_in_utf16_xhtml_file(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "laughs.xhtml"
    path.write_bytes(bom + BOMB.replace("w:document", "html").encode(encoding))
    one_line_exit_2("extract", str(path), name=path, words=("entities",))


def test_entity_declarations_under_another_member_name_are_refused(tmp_path: Path) -> None:
    """The OPF's media type, not the name, makes a member a chapter: every member is scanned."""
    path = make.write_epub(tmp_path / "laughs.epub", {"c1.dat": make.BILLION_LAUGHS.encode()})
    refused(path, "entities")


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0" encoding="UTF-7"?><!DOCTYPE x [+ADwAIQ-ENTITY a "b">]><x>&a;</x>',
        '<?xml version="1.0" encoding="IBM037"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("cp037"),
        b'<?xml version="1.0" encoding="X-UNHEARD-OF"?><x/>',
    ],
    ids=["utf-7", "ebcdic", "unknown-encoding"],
)
def test_the_xml_entry_point_refuses_what_it_cannot_check(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        parse_xml(data, "book.odt", "content.xml")
    assert str(caught.value).startswith("book.odt: member content.xml ")


def test_the_xml_entry_point_reads_an_ordinary_document() -> None:
    doctype = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
        '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">'
    )
    for data in (
        f'<?xml version="1.0"?>{doctype}<html><p>Zoë</p></html>'.encode(),
        '\ufeff<?xml version="1.0" encoding="UTF-16"?><html><p>Zoë</p></html>'.encode("utf-16-le"),
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><p>Zoë</p></html>'.encode("latin-1"),
    ):
        assert parse_xml(data, "book.xhtml").findtext("p") == "Zoë"


# --- archive budgets -----------------------------------------------------------------


def many_small_members(tmp_path: Path, members: int = 95) -> Path:
    """Issue 17's EPUB: each member 1,000,000 bytes of `<p>a</p>`, under the ratio check."""
    body = "<p>a</p>" * 124_990
    return make.write_epub(
        tmp_path / "many.epub", {f"c{i}.xhtml": xhtml(body) for i in range(members)}
    )


@pytest.mark.parametrize("command", ["extract", "check"])
def test_many_small_members_are_refused_by_the_text_budget(tmp_path: Path, command: str) -> None:
    path = many_small_members(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024
    args = [command, str(path)] + (["--no-config"] if command == "check" else [])
    one_line_exit_2(*args, name=path, words=("unpacked_text_mb",))


def test_markup_under_another_name_counts_toward_the_text_budget(tmp_path: Path) -> None:
    path = make.write_epub(
        tmp_path / "book.epub", {f"c{i}.dat": xhtml("<p>a</p>" * 20_000) for i in range(3)}
    )
    with use_settings(ReadSettings(budgets={"unpacked_text_mb": 400_000})):
        refused(path, "unpacked_text_mb")


def test_member_count_budget(tmp_path: Path) -> None:
    path = make.write_epub(tmp_path / "book.epub", {f"c{i}.xhtml": xhtml(STORY) for i in range(30)})
    with use_settings(ReadSettings(budgets={"archive_members": 20})):
        refused(path, "33 zip members", "archive_members")


def test_a_book_within_the_budgets_is_read_whole(tmp_path: Path) -> None:
    chapters = {
        f"c{i}.xhtml": xhtml(f"<h1>Chapter {i + 1}</h1>" + f"<p>Anna lit lamp {i}.</p>" * 2000)
        for i in range(10)
    }
    path = make.write_epub(tmp_path / "book.epub", chapters)
    with within():
        text = read_manuscript(path).sources[0].text
    assert text.count("Anna lit lamp") == 20_000
    assert "Anna lit lamp 9." in text


@pytest.mark.parametrize(
    ("budget", "value", "words"),
    [
        ("archive_mb", 1024, ("limit for .docx",)),
        ("unpacked_mb", 1024, ("would decompress to",)),
        ("extracted_mb", 50, ("extracted text is over",)),
    ],
)
def test_size_budgets_come_from_the_settings(
    tmp_path: Path, budget: str, value: int, words: tuple[str, ...]
) -> None:
    docx = make.make_docx(tmp_path)
    read_manuscript(docx)  # within the default budgets
    with use_settings(ReadSettings(budgets={budget: value})):
        refused(docx, *words, budget)


def test_every_budget_has_a_default() -> None:
    from storylint.ingest.settings import budget

    for name in BUDGETS:
        assert budget(name) > 0


# --- nesting depth --------------------------------------------------------------------


def nested(tag: str, depth: int, inner: str) -> str:
    return f"<{tag}>" * depth + inner + f"</{tag}>" * depth


@pytest.mark.parametrize("tag", ["div", "span", "blockquote"])
def test_html_nested_100k_deep_is_a_budget_message(tmp_path: Path, tag: str) -> None:
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{nested(tag, DEEP, 'Anna.')}</body></html>", encoding="utf-8")
    message = one_line_exit_2("extract", str(path), name=path, words=("nested more than 1,000",))
    assert "recursion" not in message


def test_xhtml_nested_deep_inside_an_epub(tmp_path: Path) -> None:
    path = make.write_epub(
        tmp_path / "deep.epub",
        # 50,000 deep: a member under 1 MB, which the compression-ratio check leaves alone
        {"c1.xhtml": xhtml("<p>Anna.</p>"), "c2.xhtml": xhtml(nested("div", DEEP // 2, "Ben."))},
    )
    one_line_exit_2("extract", str(path), name=path, words=("nested more than 1,000",))


def test_html_nested_just_under_the_budget_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    body = (
        "<p>Anna lit the lamp.</p>"
        + nested("blockquote", 990, "<p>Ben took <b>the keys</b>.</p>")
        + "<div>"
        + nested("span", 990, "Mara waited.")
        + "</div>"
    )
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    with within():
        text = read_manuscript(path).sources[0].text
    assert text == "Anna lit the lamp.\n\nBen took the keys.\n\nMara waited."


def test_the_nesting_budget_can_be_lowered(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(f"<html><body>{nested('div', 60, 'Anna.')}</body></html>", encoding="utf-8")
    with use_settings(ReadSettings(budgets={"nesting_depth": 50})):
        refused(path, "nested more than 50 deep", "nesting_depth")


def test_baseline_json_nested_100k_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text(STORY, encoding="utf-8")
    Path("deep.json").write_text(
        '{"storylint_baseline": 1, "accepted": ' + "[" * DEEP + "]" * DEEP + "}",
        encoding="utf-8",
    )
    one_line_exit_2(
        "check", "story.txt", "--no-config", "--baseline", "deep.json",
        name="deep.json", words=("nested more than 1,000",),
    )  # fmt: skip


@pytest.mark.parametrize(
    "bible",
    [
        "characters: " + "[" * DEEP + "]" * DEEP + "\n",  # flow style
        "characters:\n" + "".join(" " * i + "-\n" for i in range(1, 3000)),  # block style
    ],
    ids=["flow", "block"],
)
def test_bible_yaml_nested_deep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bible: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text(STORY, encoding="utf-8")
    Path("bible.yaml").write_text(bible, encoding="utf-8")
    one_line_exit_2(
        "check", "story.txt", "--no-config", "--bible", "bible.yaml",
        name="bible.yaml", words=("nested more than 1,000",),
    )  # fmt: skip


def test_every_budget_is_documented_with_its_default() -> None:
    from storylint.ingest.settings import budget

    docs = (Path(__file__).parents[1] / "docs" / "formats.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Budgets") :]
    for name, (_constant, unit) in BUDGETS.items():
        assert f"| `{name}` | {budget(name) // unit:,} |" in section, name
