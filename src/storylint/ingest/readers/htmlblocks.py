"""Walking an HTML tree (BeautifulSoup) into paragraphs, headings and breaks.

Shared by the HTML, Archive of Our Own and EPUB readers. Whitespace in HTML
source is layout, not text, so runs of it collapse to one space; <br> is a
line break inside a paragraph; <hr> is a scene break; an empty <p> (how
AO3 and many editors space scenes) is an empty paragraph, a possible break.
An <hgroup> (a chapter number and its title) is one heading, and a heading of
several lines is titled "I: Puddleby" (headings.py): here, so that every
reader that walks HTML reads a heading the same way.
"""

from __future__ import annotations

import re
import warnings
from typing import cast

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import CData, ProcessingInstruction

from storylint.decisions.inline import marker_spans
from storylint.errors import InputError
from storylint.ingest.blocks import Kind, TextBuilder, normalize_paragraph
from storylint.ingest.markup import MarkupBudgetError, tags_problem
from storylint.ingest.nesting import NestingError, depth_problem, recursion_room
from storylint.ingest.readers.headings import HEADING_TAGS, heading_group, heading_title
from storylint.ingest.settings import budget
from storylint.manuscript import Role

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer "
    "main aside table thead tbody tfoot tr td th caption figure figcaption center address "
    "nav body html hgroup details summary form fieldset".split()
)
SKIP_TAGS = frozenset("script style head noscript template title meta link svg math iframe".split())
_SKIP_STRINGS = (Comment, Declaration, Doctype, CData, ProcessingInstruction)
_SPACE = re.compile(r"[ \t\r\n\f]+")


def parse_html(markup: str | bytes, path: str | None = None) -> BeautifulSoup:
    """lxml's HTML parser: lenient with real-world markup, and it expands no DTD entities.

    EPUB documents are XHTML; the HTML parser reads them fine, so bs4's advice
    to switch parsers is silenced rather than shown to a writer.

    A tree nested deeper than budget("nesting_depth") is refused: one line
    naming `path` (an `InputError`), or a `NestingError` if no path is given.
    bs4 builds any depth without recursing, but every walk over the tree
    (ours included) recurses per level.

    Markup with more tags than budget("html_tags") is refused before
    BeautifulSoup sees it (`markup.tags`): bs4 holds about 1.3 KB per tag,
    so the count, not the byte size, is what bounds its memory and time.
    """
    problem = tags_problem(markup, "html_tags")
    if problem is not None:
        if path is None:
            raise MarkupBudgetError(problem)
        raise InputError(path, problem)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "lxml")
    if _nested_deeper_than(soup, budget("nesting_depth")):
        if path is None:
            raise NestingError(depth_problem())
        raise InputError(path, depth_problem())
    return soup


def _nested_deeper_than(soup: BeautifulSoup, limit: int) -> bool:
    """Whether any element is more than `limit` levels deep, found without recursion."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))
    return False


def inline_text(node: Tag | NavigableString) -> str:
    """Text of an element as a reader sees it: collapsed spaces, <br> as a newline.

    Walked with a stack, not recursion, so a deep inline nest costs no frames.
    """
    parts: list[str] = []
    # A tag's children are tags and strings, the only kinds of PageElement.
    stack: list[Tag | NavigableString] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, NavigableString):
            if not isinstance(item, _SKIP_STRINGS):
                parts.append(_SPACE.sub(" ", str(item)))
        elif item.name == "br":
            parts.append("\n")
        elif item.name not in SKIP_TAGS:
            stack.extend(cast("Tag | NavigableString", child) for child in reversed(item.contents))
    return "".join(parts)


def acceptance_marker(node: NavigableString) -> str | None:
    """A `<!-- storylint-... -->` comment, as a line of the extracted text
    (storylint.decisions.inline).

    Comments are otherwise dropped; an acceptance marker is kept, on a line of
    its own, so that the extracted text still says where the writer put it.
    """
    if not isinstance(node, Comment):
        return None
    line = f"<!-- {' '.join(str(node).split())} -->"
    return line if marker_spans(line) else None


def _has_block_child(tag: Tag) -> bool:
    return any(
        isinstance(c, Tag) and (c.name in BLOCK_TAGS or c.name == "hr") for c in tag.children
    )


def emit_blocks(
    node: Tag,
    builder: TextBuilder,
    role: Role | None = None,
    skip_classes: frozenset[str] = frozenset(),
) -> None:
    """Add every paragraph, heading and break under `node` to the builder, in order.

    Nested blocks recurse, one frame per level: `parse_html` bounds the depth
    and `recursion_room` makes room for it.
    """
    with recursion_room():
        _emit(node, builder, role, skip_classes)


def _emit(
    node: Tag,
    builder: TextBuilder,
    role: Role | None,
    skip_classes: frozenset[str],
) -> None:
    inline: list[str] = []

    def flush() -> None:
        text = "".join(inline)
        inline.clear()
        if text.strip():
            builder.add(text, role=role)

    for child in node.children:
        if isinstance(child, NavigableString):
            marker = acceptance_marker(child)
            if marker is not None:
                flush()
                builder.add(marker, role=Role.NOTE)
            elif not isinstance(child, _SKIP_STRINGS):
                inline.append(_SPACE.sub(" ", str(child)))
            continue
        if not isinstance(child, Tag) or child.name in SKIP_TAGS:
            continue
        if skip_classes and skip_classes.intersection(child.get("class") or ()):
            continue
        if child.name == "br":
            inline.append("\n")
        elif child.name == "hr":
            flush()
            builder.scene_break()
        elif child.name in HEADING_TAGS:
            flush()
            _add_heading(builder, inline_text(child), HEADING_TAGS[child.name], role)
        elif child.name == "hgroup" and (group := heading_group(child)) is not None:
            flush()
            parts, level = group
            lines = [line for line in map(inline_text, parts) if line.strip()]
            _add_heading(builder, "\n".join(lines), level, role)
        elif child.name in BLOCK_TAGS:
            flush()
            if _has_block_child(child):
                _emit(child, builder, role, skip_classes)
            else:
                builder.add(inline_text(child), role=role)  # empty: a possible break
        else:
            inline.append(inline_text(child))
    flush()


def _add_heading(builder: TextBuilder, text: str, level: int, role: Role | None) -> None:
    """One heading (nothing for an empty one), titled "I: Puddleby" if it has several lines."""
    block = builder.add(text, Kind.HEADING, role=role, level=level)
    if block is not None:
        block.title = heading_title(normalize_paragraph(text))
