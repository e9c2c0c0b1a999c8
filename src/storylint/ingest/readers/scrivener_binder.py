"""A Scrivener project's binder: which texts of the Draft are the manuscript, in what order.

The binder is the `.scrivx` file's nested `<BinderItem>`s. What is read, and
why (docs/formats.md, "Scrivener projects", says the same for writers):

- only the Draft folder (`Type="DraftFolder"`; Scrivener calls it "Draft" or
  "Manuscript"), in binder order: the Research folder, the Trash and any
  other top-level folder hold notes, cuttings and deleted scenes, never the
  story, and are never opened;
- only items included in compile. An item whose `IncludeInCompile` is "No"
  is left out, but its children are not: Scrivener's compile decides each
  document by its own checkbox, so unchecking a part's folder drops the
  folder's own text (and its title as a heading), never the chapters in it.
  An item without the setting is included (a project written by another
  tool often has none);
- a folder, or a text that has texts under it, is a *container*: the texts
  directly in it are one chapter, titled with the container's binder title,
  and each text is a scene of it (a scene break between them). A container's
  own text, if it has one, opens that chapter. A container nested among the
  texts ends the run: texts after it start another chapter with the same
  title. Parts ("Part One" holding "Chapter 3") are containers holding no
  texts directly, so they are never chapters of their own; their titles name
  the place (`Novel.scriv/Part One/Chapter 3/The Party`);
- a text directly in the Draft, outside any folder, is a chapter of its own,
  titled with its binder title;
- images, PDFs, web pages and other media in the Draft are skipped, each
  with a warning: there is no prose in them to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

_CONTAINERS = {"Folder", "DraftFolder"}
_NEVER_READ = {"ResearchFolder", "TrashFolder"}
# A binder item's UUID (Scrivener 3) or ID (Scrivener 2) names a file or folder: only
# these characters, so that "../../etc" in a hostile .scrivx never becomes a path.
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class BinderText:
    """One text to read: where its content is, where it sits, and its chapter."""

    element: etree._Element
    titles: tuple[str, ...]  # binder titles from under the Draft down to this item
    group: int  # texts with the same group are one chapter
    group_title: str
    container: bool  # a folder's (or a text group's) own text: its content may be absent
    item_type: str

    @property
    def place(self) -> str:
        return "/".join(self.titles)


@dataclass
class _Frame:
    """A container being walked: its children left, and the chapter its texts join."""

    items: Iterator[etree._Element]
    titles: tuple[str, ...]
    title: str | None  # None: the Draft itself, where each text is its own chapter
    group: int | None = None


@dataclass
class Binder:
    texts: list[BinderText] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _children(item: etree._Element) -> list[etree._Element]:
    holder = item.find("Children")
    return [] if holder is None else holder.findall("BinderItem")


def title_of(item: etree._Element) -> str:
    """The binder title, spaces tidied; "Untitled" as Scrivener shows an empty one."""
    title = " ".join((item.findtext("Title") or "").split())
    return title or "Untitled"


def included(item: etree._Element) -> bool:
    """Whether Scrivener compiles this item's own text (absent setting: yes)."""
    value = item.findtext("MetaData/IncludeInCompile")
    return value is None or value.strip().casefold() != "no"


def find_draft(root: etree._Element) -> etree._Element | None:
    """The Draft folder: the top-level binder item of type DraftFolder."""
    binder = root.find("Binder")
    if binder is None:
        return None
    for item in binder.findall("BinderItem"):
        if item.get("Type") == "DraftFolder":
            return item
    return None


def walk_draft(draft: etree._Element, project: str) -> Binder:
    """The Draft's texts to read, in binder order (see the module docstring).

    Walked with a stack of its own, not recursion: the tree's depth is bounded
    by budget("nesting_depth") (xmlsafe.parse_xml), which may be set above
    what Python's recursion allows.
    """
    found = Binder()
    groups = count()
    stack = [_Frame(iter(_children(draft)), (), None)]
    while stack:
        frame = stack[-1]
        item = next(frame.items, None)
        if item is None:
            stack.pop()
            continue
        kind = item.get("Type", "")
        if kind in _NEVER_READ:
            continue
        title = title_of(item)
        titles = (*frame.titles, title)
        kids = _children(item)
        if kids or kind in _CONTAINERS:
            group = next(groups)
            if included(item):
                found.texts.append(BinderText(item, titles, group, title, True, kind))
            frame.group = None  # texts after a nested container start a new chapter
            stack.append(_Frame(iter(kids), titles, title, group))
        elif kind == "Text":
            if frame.title is None:
                group, group_title = next(groups), title
            else:
                if frame.group is None:
                    frame.group = next(groups)
                group, group_title = frame.group, frame.title
            if included(item):
                found.texts.append(BinderText(item, titles, group, group_title, False, kind))
        elif included(item):
            found.warnings.append(
                f"{project}: '{'/'.join(titles)}' skipped (a binder item of type "
                f"{kind or 'none'}, not a text; storylint reads only the Draft's texts)"
            )
    return found


__all__ = ["SAFE_KEY", "Binder", "BinderText", "find_draft", "included", "title_of", "walk_draft"]
