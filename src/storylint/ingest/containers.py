"""Checks on zip-based formats (.docx, .odt, .epub) before any library opens them.

python-docx, odfpy and ebooklib trust their input: they decompress whole
members into memory and hand XML to parsers that expand entities. So every
container is inspected first, using only the zip directory and bounded reads:
it must be a regular file; declared sizes, compression ratios, the member
count and the totals (all members, and the text members the readers parse)
must be within budget (ingest/settings.budget), and so must the tags and attributes of
the text members, each and together (ingest/markup); no XML member may declare
entities ("billion laughs"), in any encoding (ingest/xmlsafe); and nothing
may be encrypted. Python's zipfile stops a
member at its declared size (a lying header fails its CRC check), so checking
declared sizes bounds what the libraries can decompress.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from storylint.errors import InputError
from storylint.ingest import limits
from storylint.ingest.filekind import require_regular_file
from storylint.ingest.limits import human_size
from storylint.ingest.markup import MarkupBudgetError, TagCounter
from storylint.ingest.settings import budget, budget_note
from storylint.ingest.xmlsafe import EntityDeclared, EntityScanner, looks_like_markup

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_OLE_ENCRYPTION_NAMES = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)
# Members the readers parse as text. SVG images are XML too, but only scanned.
_TEXT_SUFFIXES = (".xml", ".xhtml", ".html", ".htm", ".opf", ".ncx", ".rels")
_CHUNK = 1 << 20


def _check_ole(path: Path, head: bytes, label: str) -> None:
    """An encrypted Office file is an OLE compound file, not a zip: say so plainly."""
    if not head.startswith(OLE_SIGNATURE):
        return
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    if any(name in sample for name in _OLE_ENCRYPTION_NAMES):
        raise InputError(
            str(path),
            "is password-protected (an encrypted Office file); "
            "remove the password in your word processor and save again",
        )
    raise InputError(
        str(path),
        f"is an old binary Office file (such as a .doc) or password-protected, not a {label} file;"
        f" save it as {label} without a password",
    )


def _scan_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, tags: TagCounter
) -> bool:
    """Refuse XML with entity declarations in any encoding, reading at most the declared size.

    Every member is scanned, whatever its name: a document's content type, not
    its name, decides how the libraries parse it, so `chapter.dat` can be XHTML.
    The tags of text members (by name or by content) are counted against the
    container's tag budget as they stream past (ingest/markup.py).
    Returns whether the member looks like markup (for the text budget).
    """
    scanner = EntityScanner()
    read = 0
    markup = False
    counted = is_text_member(info.filename)
    tags.start()
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            if read == 0:
                markup = looks_like_markup(chunk)
                counted = counted or markup
            if counted:
                try:
                    tags.feed(chunk, info.filename)
                except MarkupBudgetError as exc:
                    raise InputError(str(path), str(exc)) from None
            read += len(chunk)
            if read > info.file_size:  # never happens with zipfile, but be sure
                raise InputError(str(path), f"member {info.filename} is larger than declared")
            try:
                scanner.feed(chunk)
            except EntityDeclared as exc:
                raise InputError(str(path), f"member {info.filename} {exc}; refused") from None
    return markup


def open_container(path: Path, label: str) -> zipfile.ZipFile:
    """Open a zip container after every safety check; the caller closes it."""
    size = require_regular_file(path).st_size
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if size > budget("archive_mb"):
        raise InputError(
            str(path),
            f"file is {human_size(size)}, over the {human_size(budget('archive_mb'))} limit "
            f"for {label} files {budget_note('archive_mb')}",
        )
    if size == 0:
        raise InputError(str(path), "is empty (0 bytes)")
    _check_ole(path, head, label)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(
            str(path), f"is not a valid {label} file (corrupt or truncated zip archive)"
        ) from exc
    try:
        _check_archive(archive, path, label)
    except BaseException:
        archive.close()
        raise
    return archive


def is_text_member(name: str) -> bool:
    """A member named as markup (XML, XHTML, HTML...) that the readers parse as text."""
    return name.lower().endswith(_TEXT_SUFFIXES)


def _check_directory(infos: list[zipfile.ZipInfo], path: Path) -> None:
    """Budgets judged from the zip directory alone, before anything is decompressed."""
    if len(infos) > budget("archive_members"):
        raise InputError(
            str(path),
            f"has {len(infos):,} zip members, over the {budget('archive_members'):,} limit; "
            f"refused as a possible zip bomb {budget_note('archive_members')}",
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise InputError(str(path), "is password-protected (encrypted zip); refused")
        if (
            info.file_size > limits.RATIO_CHECK_MIN_BYTES
            and info.file_size > limits.MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        ):
            raise InputError(
                str(path),
                f"member {info.filename} would expand "
                f"{info.file_size // max(info.compress_size, 1)} times; "
                "refused as a possible zip bomb",
            )
    if total > budget("unpacked_mb"):
        raise InputError(
            str(path),
            f"would decompress to {human_size(total)}, over the "
            f"{human_size(budget('unpacked_mb'))} limit; refused as a possible zip bomb "
            f"{budget_note('unpacked_mb')}",
        )
    _check_text_total(sum(i.file_size for i in infos if is_text_member(i.filename)), path)


def _check_text_total(text: int, path: Path) -> None:
    """The markup the readers parse into Python objects: what costs time and memory."""
    if text > budget("unpacked_text_mb"):
        raise InputError(
            str(path),
            f"has {human_size(text)} of text and markup once decompressed, over the "
            f"{human_size(budget('unpacked_text_mb'))} limit; a long novel has under 20 MB "
            f"{budget_note('unpacked_text_mb')}",
        )


def tag_budget(label: str) -> str:
    """Which tag budget a container's members count against: who parses them.

    EPUB chapters go to BeautifulSoup (html_tags); Word and OpenDocument XML to lxml
    (xml_tags), which costs about a tenth as much per tag.
    """
    return "html_tags" if label.lower().endswith("epub") else "xml_tags"


def _check_archive(archive: zipfile.ZipFile, path: Path, label: str) -> None:
    infos = archive.infolist()
    _check_directory(infos, path)
    text = sum(i.file_size for i in infos if is_text_member(i.filename))
    tags = TagCounter(tag_budget(label))
    try:
        for info in infos:
            if _scan_member(archive, info, path, tags) and not is_text_member(info.filename):
                text += info.file_size  # markup under another name
                _check_text_total(text, path)
    except InputError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise InputError(
            str(path), f"is not a valid {label} file (corrupt or truncated: {exc})"
        ) from exc


def read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A small member's bytes (already size-checked by open_container), or None."""
    try:
        return archive.read(name)
    except KeyError:
        return None


_ODF_ENCRYPTED = re.compile(rb"<manifest:encryption-data\b")


def check_odf_encryption(archive: zipfile.ZipFile, path: Path) -> None:
    manifest = read_member(archive, "META-INF/manifest.xml")
    if manifest and _ODF_ENCRYPTED.search(manifest):
        raise InputError(
            str(path),
            "is password-protected (encrypted OpenDocument); remove the password and save again",
        )


_CIPHER_URI = re.compile(rb"<(?:\w+:)?CipherReference[^>]*\bURI\s*=\s*[\"']([^\"']+)[\"']")


def check_epub_drm(archive: zipfile.ZipFile, path: Path) -> None:
    """Font obfuscation is harmless; encrypted chapters mean DRM we cannot read."""
    encryption = read_member(archive, "META-INF/encryption.xml")
    if not encryption:
        return
    for uri in _CIPHER_URI.findall(encryption):
        if uri.lower().endswith((b".xhtml", b".html", b".htm", b".xml")):
            raise InputError(str(path), "is DRM-protected (its chapters are encrypted); refused")
