"""OpenDocument .odt via odfpy: text:h elements are headings with outline levels."""

from __future__ import annotations

from pathlib import Path

from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load

from storylint.ingest.blocks import Kind, Parsed, TextBuilder
from storylint.ingest.containers import check_odf_encryption, open_container
from storylint.ingest.readers.common import finish, library_errors
from storylint.manuscript import Role

# Containers whose children are paragraphs; anything else (tracked changes,
# sequence declarations, indexes) is not the author's running text.
_CONTAINERS = {
    "list",
    "list-item",
    "list-header",
    "section",
    "table",
    "table-row",
    "table-cell",
    "table-header-rows",
    "table-rows",
    "index-body",
}


def _walk(node, builder: TextBuilder, state: dict) -> None:
    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if not qname:
            continue
        ns, name = qname
        if name == "h" and ns == TEXTNS:
            level = child.getAttrNS(TEXTNS, "outline-level") or "1"
            text = teletype.extractText(child)
            if text.strip():
                builder.add(text, Kind.HEADING, level=int(level) if level.isdigit() else 1)
        elif name == "p" and ns == TEXTNS:
            style = (child.getAttrNS(TEXTNS, "style-name") or "").lower()
            text = teletype.extractText(child)
            if style == "title":
                state["title"] = state["title"] or " ".join(text.split()) or None
                builder.add(text, role=Role.TITLE)
            elif style == "subtitle":
                builder.add(text, role=Role.FRONT_MATTER)
            else:
                builder.add(text)
        elif name in _CONTAINERS:
            _walk(child, builder, state)


def read_odt(path: Path) -> Parsed:
    archive = open_container(path, ".odt")
    try:
        check_odf_encryption(archive, path)
    finally:
        archive.close()
    builder = TextBuilder()
    state: dict = {"title": None}
    with library_errors(str(path), ".odt"):
        document = load(str(path))
        _walk(document.text, builder, state)
    return finish(str(path), builder, title=state["title"])
