"""The one hardened way storylint looks at XML: entity declarations refused in any encoding.

Why a scan before any parser: entity declarations are how "billion laughs"
(exponential expansion) and external-entity attacks (reading local files) get
into a document, and no manuscript needs one. A Word, OpenDocument or EPUB
file never declares entities; XHTML names its DTD in a DOCTYPE but declares
none. So any `<!ENTITY` is refused, before python-docx, odfpy, ebooklib or
lxml ever see the bytes.

Why more than a UTF-8 byte search: XML may be UTF-16 or UTF-32 (with or
without a byte-order mark), or declare another encoding. `<!ENTITY` in
UTF-16 is `<\\0!\\0E\\0...`, which a UTF-8 byte search never finds, while the
parser decodes it and expands it. So the scan looks for the declaration in
every UTF encoding at once (a byte pattern each, at any alignment), and a
document that declares any other encoding is decoded with it and scanned as
text; an encoding Python does not know is refused, since we could not check
it. The scan is streamed (`EntityScanner.feed`), so a large member is never
held whole.

`parse_xml` is the entry point for code that needs an XML tree: it scans,
then parses with lxml set to resolve no entities, load no DTD and touch no
network, and refuses a tree nested deeper than budget("nesting_depth") and,
before parsing, a document with more tags than budget("xml_tags") (ingest/markup).
"""

from __future__ import annotations

import codecs
import re

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from storylint.errors import InputError
from storylint.ingest.markup import tags_problem
from storylint.ingest.nesting import NestingError, depth_problem
from storylint.ingest.settings import budget

_DECLARATION = "<!ENTITY"
# UTF-8 covers ASCII and every ASCII-compatible encoding (Latin-1, Windows-125x...).
_UTF_CODECS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_ENTITY_BYTES = re.compile(
    b"|".join(re.escape(_DECLARATION.encode(codec)) for codec in _UTF_CODECS), re.IGNORECASE
)
_ENTITY_TEXT = re.compile(re.escape(_DECLARATION), re.IGNORECASE)
# Longest pattern (UTF-32) minus one byte: what a chunk boundary may cut.
_OVERLAP = len(_DECLARATION) * 4 - 1
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# The first bytes of a document without a byte-order mark that is EBCDIC ("<?xm").
_EBCDIC_START = bytes.fromhex("4C6FA794")
_SCANNED_BY_BYTES = re.compile(r"^(utf-?8|utf-?16|utf-?32|ucs-?[24]|iso-?10646-ucs-[24])", re.I)


class EntityDeclared(ValueError):
    """An XML document declares an entity; `str()` says so for a one-line message."""


def _declared_encoding(head: bytes) -> str | None:
    """The encoding a document names that the byte patterns do not cover, or None.

    The byte patterns cover UTF-8 (and ASCII), UTF-16 and UTF-32, declared or
    not. Any other encoding (EBCDIC, UTF-7, Latin-1...) is named here so that
    the document is also decoded with it and scanned as text.
    """
    if head.startswith(_EBCDIC_START):
        return "cp037"
    match = _XML_DECL_ENCODING.match(head.lstrip(codecs.BOM_UTF8))
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    if _SCANNED_BY_BYTES.match(name):
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise EntityDeclared(
            f"declares the XML encoding {name!r}, which storylint cannot check; save it as UTF-8"
        ) from None
    # Even an ASCII-compatible encoding is decoded and scanned as text: UTF-7, for one,
    # reads "<" both as itself and as "+ADw-".
    return info.name


class EntityScanner:
    """Fed a document's bytes in order; raises `EntityDeclared` at the first declaration."""

    def __init__(self) -> None:
        self._tail = b""
        self._head: bytes | None = None
        self._decoder: codecs.IncrementalDecoder | None = None
        self._text_tail = ""

    def feed(self, chunk: bytes) -> None:
        if self._head is None:
            self._head = chunk[:256]
            encoding = _declared_encoding(self._head)
            if encoding is not None:
                self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        window = self._tail + chunk
        if _ENTITY_BYTES.search(window):
            raise EntityDeclared("declares XML entities (possible 'billion laughs' attack)")
        self._tail = window[-_OVERLAP:]
        if self._decoder is not None:
            text = self._text_tail + self._decoder.decode(chunk)
            if _ENTITY_TEXT.search(text):
                raise EntityDeclared("declares XML entities (possible 'billion laughs' attack)")
            self._text_tail = text[-(len(_DECLARATION) - 1) :]


_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def looks_like_markup(head: bytes) -> bool:
    """Whether a file's first bytes start a markup document (XML, XHTML, HTML), in any UTF."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    head = head.lstrip(b" \t\r\n\0")
    return head.startswith(b"<") or head.startswith(_EBCDIC_START)


def check_entities(data: bytes) -> None:
    """Raise `EntityDeclared` if `data`, in whatever encoding, declares an XML entity."""
    scanner = EntityScanner()
    scanner.feed(data)


def refuse_entities(data: bytes, path: str, what: str = "") -> None:
    """`check_entities` as one line naming the file (and the member `what`, if given)."""
    try:
        check_entities(data)
    except EntityDeclared as exc:
        where = f"member {what} " if what else ""
        raise InputError(path, f"{where}{exc}; refused") from None


def _parser() -> etree.XMLParser:
    # libxml2 stops at 256 levels unless huge_tree is set (then 2048); a budget above 256
    # asks for it, and our own count below enforces the budget itself.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=budget("nesting_depth") > 256,
    )


def parse_xml(data: bytes, path: str, what: str = "") -> etree._Element:
    """An XML document's root, parsed safely; any problem is one line naming the file.

    Use this instead of `etree.fromstring` for any XML from a manuscript.
    """
    where = f"member {what} " if what else ""
    refuse_entities(data, path, what)
    problem = tags_problem(data, "xml_tags")
    if problem is not None:
        raise InputError(path, f"{where}{problem}")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise InputError(path, f"{where}{depth_problem()}") from None
        raise InputError(path, f"{where}is not well-formed XML ({exc})") from None
    try:
        check_tree_depth(root)
    except NestingError as exc:
        raise InputError(path, f"{where}{exc}") from None
    return root


def check_tree_depth(root: etree._Element) -> None:
    """Raise `NestingError` if the tree is nested deeper than the budget (no recursion)."""
    limit = budget("nesting_depth")
    depth = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            raise NestingError(depth_problem())


__all__ = [
    "EntityDeclared",
    "EntityScanner",
    "check_entities",
    "check_tree_depth",
    "parse_xml",
    "refuse_entities",
]
