"""Headings in HTML and EPUB: heading groups and headings of several lines.

One place for both readers. The HTML, EPUB and Archive of Our Own readers all
walk their markup with htmlblocks' `emit_blocks`, which asks this module how a
heading reads; so a standalone `.html`/`.xhtml` manuscript and an EPUB read
the same markup as the same chapter title (before, only EPUB joined an
`<hgroup>`, and an HTML page read its title line as a story paragraph).

Decisions (docs/formats.md, "HTML files", repeats them):
- An `<hgroup>` whose elements are headings (`<h1>`-`<h6>`) and `<p>`s, at least
  one of them a heading, is one heading: a chapter number and its title
  (`<h2>I</h2><p>Puddleby</p>`). Its level is its first heading's; its text is
  its parts' text, one line each, empty parts left out. Any other `<hgroup>`
  (a list or a `<div>` in it, or loose text beside its parts) is read as the
  blocks it holds, as before: nothing is guessed.
- A heading of several lines (an `<hgroup>`, or `<h2>I<br>Puddleby</h2>`) is
  titled with its lines joined by ": ", a full stop or colon after the first
  line dropped: "I: Puddleby", "Chapter 1: The Storm". The text itself keeps
  its lines; only the chapter's title is joined. That is how a bare "Chapter 1"
  and its subtitle line are titled in plain text (classify's `_merge_subtitles`).
"""

from __future__ import annotations

from bs4 import NavigableString, Tag
from bs4.element import Comment

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What an <hgroup> may hold besides headings (the HTML standard's content model).
_GROUP_EXTRAS = frozenset({"p"})


def heading_group(group: Tag) -> tuple[list[Tag], int] | None:
    """The parts of an <hgroup> and its heading level, or None when it is not one heading.

    Why so strict: an <hgroup> that holds anything else is not the standard's
    heading group, and reading its contents as blocks loses nothing.
    """
    parts: list[Tag] = []
    for child in group.children:
        if isinstance(child, Tag):
            if child.name not in HEADING_TAGS and child.name not in _GROUP_EXTRAS:
                return None
            parts.append(child)
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            if str(child).strip():
                return None  # loose text beside the parts: not a plain group
    levels = [HEADING_TAGS[part.name] for part in parts if part.name in HEADING_TAGS]
    if not levels:
        return None
    return parts, levels[0]


def heading_title(text: str) -> str | None:
    """'I: Puddleby' for a heading of several lines (extracted text); None for one line.

    None leaves the title to classify(), which titles a one-line heading by its words.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return None
    return ": ".join([lines[0].rstrip(".:"), *lines[1:]])
