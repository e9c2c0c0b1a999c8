"""Bad input: one clear line naming the file and the problem, within bounded time and memory.

Also: encodings we accept, the size a real manuscript may reach, and that
reading never modifies a file.
"""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path

import pytest

from fixtures.ingest import make_fixtures as make
from storylint.errors import InputError
from storylint.ingest import limits, read_manuscript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
STORY = "Anna lit the lamp.\n\nBen took the keys.\n"


def refused(path: Path, *words: str) -> str:
    """Reading `path` fails with one line that names it and contains `words`."""
    with pytest.raises(InputError) as caught:
        read_manuscript(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message, message
    return message


# --- paths -----------------------------------------------------------------


def test_missing_path(tmp_path):
    refused(tmp_path / "nope.txt", "no such file")


def test_folder_without_manuscripts(tmp_path):
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".draft.txt").write_text(STORY)
    refused(tmp_path, "no manuscript files")


def test_unsupported_extension(tmp_path):
    path = tmp_path / "story.pdf"
    path.write_bytes(b"%PDF-1.7")
    refused(path, "unsupported file type '.pdf'", ".docx")


# --- text encodings ----------------------------------------------------------


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4)
    refused(path, "binary")


def test_mostly_control_characters_is_binary(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 65, 66]) * 200)
    refused(path, "binary")


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (b"\xef\xbb\xbf" + "Zoë lit the lamp.\n\nBen left.\n".encode(), "utf-8-sig"),
        ("\ufeffZoë lit the lamp.\n\nBen left.\n".encode("utf-16-le"), "utf-16-le"),
        ("\ufeffZoë lit the lamp.\n\nBen left.\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_byte_order_marks_are_stripped_and_offsets_follow(tmp_path, encoded, encoding):
    path = tmp_path / "story.txt"
    path.write_bytes(encoded)
    manuscript = read_manuscript(path)
    source = manuscript.sources[0]
    assert source.text == "Zoë lit the lamp.\n\nBen left.\n"  # no BOM
    assert source.encoding == encoding
    first = next(manuscript.paragraphs())
    assert (first.start, first.end) == (0, len("Zoë lit the lamp."))
    assert manuscript.warnings == []


def test_windows_1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("“Café,” she said.\n\nBen left.\n".encode("cp1252"))
    manuscript = read_manuscript(path)
    assert next(manuscript.paragraphs()).text == "“Café,” she said."
    assert manuscript.sources[0].encoding == "cp1252"
    assert any("Windows-1252" in w for w in manuscript.warnings)


def test_undecodable_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(b"Anna \x81\x8d\x8f\x90 lit the lamp.\n")  # not UTF-8, not cp1252
    refused(path, "not UTF-8 or Windows-1252")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n"])
def test_empty_or_whitespace_file(tmp_path, content):
    path = tmp_path / "story.md"
    path.write_bytes(content)
    refused(path, "empty")


def test_text_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_FILE_BYTES", 1000)
    path = tmp_path / "story.txt"
    path.write_text(STORY * 100)
    refused(path, "over the", "limit")


def test_twenty_megabytes_of_text_read_whole(tmp_path):
    # How fast is benchmarks/bench_read.py's job; here only that nothing is lost.
    paragraph = (
        "Anna lit the lamp in the kitchen and waited for the others to come home "
        "through the snow, counting the minutes on the old clock above the stove."
    )
    chapter = "\n\n".join(f"{paragraph} ({i})" for i in range(1000))
    count = 20 * 1024 * 1024 // (len(chapter) + 20)
    text = "".join(f"Chapter {n + 1}\n\n{chapter}\n\n" for n in range(count))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 19 * 1024 * 1024
    manuscript = read_manuscript(path)
    assert len(manuscript.chapters) == count
    assert sum(1 for _ in manuscript.paragraphs()) == count * 1000
    last = list(manuscript.chapters[-1].paragraphs())[-1]
    assert last.text == f"{paragraph} (999)"


# --- containers --------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".epub"])
def test_not_a_zip_at_all(tmp_path, suffix):
    path = tmp_path / f"story{suffix}"
    path.write_text("this is plain text pretending to be a document")
    refused(path, f"not a valid {suffix} file")


@pytest.mark.parametrize("builder", ["make_docx", "make_odt", "make_epub"])
def test_truncated_container(tmp_path, builder):
    good = getattr(make, builder)(tmp_path)
    refused(make.make_truncated(good, "cut" + good.suffix), "corrupt or truncated")


def test_zip_without_a_document_part(tmp_path):
    path = tmp_path / "story.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    refused(path, "not a valid .docx")


def test_password_protected_docx(tmp_path):
    refused(make.make_encrypted_docx(tmp_path), "password-protected")


def test_password_protected_odt(tmp_path):
    odt = make.make_odt(tmp_path)
    locked = tmp_path / "locked.odt"
    with zipfile.ZipFile(odt) as source, zipfile.ZipFile(locked, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "META-INF/manifest.xml":
                data = data.replace(
                    b"</manifest:manifest>",
                    b'<manifest:file-entry manifest:full-path="content.xml" '
                    b'manifest:media-type="text/xml"><manifest:encryption-data '
                    b'manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
                    b"</manifest:file-entry></manifest:manifest>",
                )
            out.writestr(info, data)
    refused(locked, "password-protected")


def test_drm_protected_epub(tmp_path):
    epub = make.make_epub(tmp_path)
    locked = tmp_path / "locked.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(locked, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        out.writestr(
            "META-INF/encryption.xml",
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<EncryptedData><CipherData><CipherReference URI="EPUB/ch1.xhtml"/>'
            "</CipherData></EncryptedData></encryption>",
        )
    refused(locked, "DRM")


def test_zip_bomb_refused_from_the_directory_alone(tmp_path, monkeypatch):
    bomb = make.make_zip_bomb(tmp_path, size=16 * 1024 * 1024)

    def never(*args, **kwargs):
        raise AssertionError("a member was opened: the bomb was not refused from the directory")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    refused(bomb, "zip bomb")


def test_total_uncompressed_cap(tmp_path, monkeypatch):
    docx = make.make_docx(tmp_path)
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 10_000)
    refused(docx, "would decompress to", "limit")


def test_container_over_the_size_limit(tmp_path, monkeypatch):
    docx = make.make_docx(tmp_path)
    monkeypatch.setattr(limits, "MAX_CONTAINER_BYTES", 1000)
    refused(docx, "over the", "limit")


def test_extracted_text_cap(tmp_path, monkeypatch):
    docx = make.make_docx(tmp_path)
    monkeypatch.setattr(limits, "MAX_EXTRACTED_CHARS", 50)
    refused(docx, "extracted text is over")


def test_billion_laughs_refused_before_parsing(tmp_path):
    path = make.make_billion_laughs_docx(tmp_path)
    started = time.perf_counter()
    refused(path, "billion laughs")
    # Expanding would take minutes and gigabytes; the margin allows a busy CI machine.
    assert time.perf_counter() - started < 10


def test_billion_laughs_inside_epub(tmp_path):
    epub = make.make_epub(tmp_path)
    bad = tmp_path / "laughs.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(bad, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith("ch2.xhtml"):
                data = make.BILLION_LAUGHS.encode()
            out.writestr(info, data)
    refused(bad, "entities")


def test_html_entity_declarations_are_not_expanded(tmp_path):
    path = tmp_path / "laughs.html"
    path.write_text(make.BILLION_LAUGHS.replace("w:document", "body"), encoding="utf-8")
    started = time.perf_counter()
    try:
        manuscript = read_manuscript(path)
    except InputError as exc:  # refusing is as good as not expanding
        assert "\n" not in str(exc)
    else:
        assert "lollol" not in manuscript.sources[0].text
    assert time.perf_counter() - started < 10


# --- reading never writes ----------------------------------------------------


def test_reading_modifies_no_file(tmp_path):
    for source in (
        FIXTURES.parent / "to-marilyn.txt",
        FIXTURES / "ao3-work.html",
        FIXTURES / "story.rtf",
    ):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    make.make_docx(tmp_path)
    make.make_odt(tmp_path)
    make.make_epub(tmp_path)
    files = sorted(p for p in tmp_path.iterdir())
    fixtures = sorted(p for p in FIXTURES.iterdir() if p.is_file())

    def digest(paths):
        return {p: (hashlib.sha256(p.read_bytes()).digest(), p.stat().st_mtime_ns) for p in paths}

    before = digest(files + fixtures)
    for path in files + [p for p in fixtures if p.suffix in (".txt", ".html", ".rtf")]:
        read_manuscript(path)
    read_manuscript(tmp_path)  # the folder as one manuscript
    assert digest(files + fixtures) == before
    assert sorted(tmp_path.iterdir()) == files  # nothing created beside them
