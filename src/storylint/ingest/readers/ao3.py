"""Archive of Our Own downloads: the page's own structure says what is story.

An AO3 HTML download has a preface (title, tags, summary, notes), the
chapters (each with a heading and optional chapter summary/notes, then the
text) and an afterword (end notes). Only chapter text is story; everything
else is kept with the role AO3's labels give it ("Summary", "Notes",
"Chapter End Notes"...).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from bs4 import BeautifulSoup, Tag

from storylint.ingest.blocks import Kind, Parsed, TextBuilder
from storylint.ingest.nesting import recursion_room
from storylint.ingest.patterns import patterns
from storylint.ingest.readers.common import finish
from storylint.ingest.readers.htmlblocks import emit_blocks, inline_text
from storylint.manuscript import Role

_SKIP = frozenset({"landmark"})  # "Chapter Text" headings for screen readers


def is_ao3(soup: BeautifulSoup) -> bool:
    return soup.find(id="preface") is not None and soup.find(id="chapters") is not None


def _classes(tag: Tag) -> set[str]:
    return set(tag.get("class") or ())


def _meta(node: Tag, builder: TextBuilder, default: Role, state: dict) -> None:
    """Preface, afterword or a chapter's meta block: labelled sections, each with its role."""
    current = default
    for child in node.children:
        if not isinstance(child, Tag):
            if str(child).strip():
                builder.add(str(child), role=current)
            continue
        if _SKIP.intersection(_classes(child)):
            continue
        text = inline_text(child)
        if child.name == "h1":
            if state["title"] is None:
                state["title"] = " ".join(text.split())
            builder.add(text, role=Role.TITLE)
        elif (
            child.name in ("h2", "h3") and "heading" in _classes(child) and default is not Role.NOTE
        ):
            builder.add(text, Kind.HEADING, level=2)  # a chapter heading: "Chapter 1: Title"
        elif child.name == "dl":
            for dt in child.find_all("dt"):
                dd = dt.find_next_sibling("dd")
                pair = f"{inline_text(dt).strip()} {inline_text(dd).strip() if dd else ''}"
                builder.add(pair, role=Role.FRONT_MATTER)
        elif child.name == "blockquote":
            emit_blocks(child, builder, role=current)
        elif child.name in ("p", "h2", "h3", "h4", "b", "strong") and (
            label := patterns().ao3_label_role(text)
        ):
            current = label
            builder.add(text, role=label)
        elif child.name == "div" and child.find(["blockquote", "dl", "h1", "h2", "h3"]):
            _meta(child, builder, current, state)
        elif child.find(True):
            emit_blocks(child, builder, role=current)
        else:
            builder.add(text, role=current)


def _chapters(node: Tag, builder: TextBuilder, state: dict) -> None:
    for child in node.children:
        if not isinstance(child, Tag):
            if str(child).strip():
                builder.add(str(child))
            continue
        classes = _classes(child)
        if "meta" in classes:
            _meta(child, builder, Role.FRONT_MATTER, state)
        elif (
            child.name == "div"
            # "id" is a single-valued attribute: a str, never a list
            and cast(str, child.get("id", "")).startswith("chapter")
            and (child.find(class_="meta"))
        ):
            _chapters(child, builder, state)  # some downloads wrap each chapter
        elif child.name in ("h2", "h3") and "heading" in classes:
            builder.add(inline_text(child), Kind.HEADING, level=2)
        elif child.name == "hr":
            builder.scene_break()
        elif child.name in ("div", "section", "article") or child.find(True):
            emit_blocks(child, builder, role=None, skip_classes=_SKIP)
        else:
            builder.add(inline_text(child))


def read_ao3(path: Path, soup: BeautifulSoup, warnings: list[str]) -> Parsed:
    builder = TextBuilder(str(path))
    state: dict = {"title": None}
    preface, chapters = soup.find(id="preface"), soup.find(id="chapters")
    assert preface is not None and chapters is not None  # the caller checked is_ao3()
    # _meta and _chapters recurse per level of nested divs; parse_html bounded the depth.
    with recursion_room():
        _meta(preface, builder, Role.FRONT_MATTER, state)
        _chapters(chapters, builder, state)
        afterword = soup.find(id="afterword")
        if afterword is not None:
            _meta(afterword, builder, Role.NOTE, state)
    return finish(str(path), builder, title=state["title"], roles_known=True, warnings=warnings)
