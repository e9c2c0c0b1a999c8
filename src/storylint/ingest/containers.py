"""Checks on zip-based formats (.docx, .odt, .epub) before any library opens them.

python-docx, odfpy and ebooklib trust their input: they decompress whole
members into memory and hand XML to parsers that expand entities. So every
container is inspected first, using only the zip directory and bounded reads:
declared sizes, compression ratios, a cap on the total, entity declarations
in XML members ("billion laughs"), and encryption. Python's zipfile stops a
member at its declared size (a lying header fails its CRC check), so checking
declared sizes bounds what the libraries can decompress.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from storylint.errors import InputError
from storylint.ingest import limits
from storylint.ingest.limits import human_size

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_OLE_ENCRYPTION_NAMES = (
    "EncryptionInfo".encode("utf-16-le"),
    "EncryptedPackage".encode("utf-16-le"),
)
_XML_SUFFIXES = (".xml", ".xhtml", ".html", ".htm", ".opf", ".ncx", ".rels", ".svg")
_ENTITY = b"<!ENTITY"
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


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Refuse XML with entity declarations, reading at most the declared size."""
    tail = b""
    read = 0
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > info.file_size:  # never happens with zipfile, but be sure
                raise InputError(str(path), f"member {info.filename} is larger than declared")
            if _ENTITY in tail + chunk:
                raise InputError(
                    str(path),
                    f"member {info.filename} declares XML entities "
                    "(possible 'billion laughs' attack); refused",
                )
            tail = chunk[-len(_ENTITY) :]


def open_container(path: Path, label: str) -> zipfile.ZipFile:
    """Open a zip container after every safety check; the caller closes it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if size > limits.MAX_CONTAINER_BYTES:
        raise InputError(
            str(path),
            f"file is {human_size(size)}, over the "
            f"{human_size(limits.MAX_CONTAINER_BYTES)} limit for {label} files",
        )
    if size == 0:
        raise InputError(str(path), "is empty (0 bytes)")
    _check_ole(path, head, label)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(
            str(path), f"is not a valid {label} file (corrupt or truncated zip archive)"
        ) from exc
    try:
        _check_archive(archive, path, label)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_archive(archive: zipfile.ZipFile, path: Path, label: str) -> None:
    infos = archive.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise InputError(str(path), f"has {len(infos)} zip members; refused as a possible zip bomb")
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
    if total > limits.MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            str(path),
            f"would decompress to {human_size(total)}, over the "
            f"{human_size(limits.MAX_UNCOMPRESSED_BYTES)} limit; refused as a possible zip bomb",
        )
    try:
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _scan_member(archive, info, path)
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
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
