"""Builds small Scrivener projects (`.scriv` folders) for tests, as Scrivener 3 or 2 lays them out.

An item is a `Text` or a `Folder`; `Project.write(tmp_path)` writes the
`.scrivx` binder and each text's content (and, to prove they are never read,
notes and synopsis files full of words that must not appear).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NOT_STORY = "Remember: the butler did it. Research says coats were wool."


def rtf_text(text: str) -> str:
    """Plain text as RTF body text: braces and backslashes escaped, the rest as \\uN?."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
    return "".join(out)


def rtf(*paragraphs: str, raw: bool = False) -> str:
    """An RTF document as Scrivener 3 (Cocoa) writes one: a paragraph per `\\par`.

    With `raw`, paragraphs are RTF already (to plant annotations and footnotes).
    """
    body = "\\par\n".join(p if raw else rtf_text(p) for p in paragraphs)
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\cocoartf2709\n"
        "{\\fonttbl\\f0\\froman\\fcharset0 Palatino-Roman;}\n"
        "{\\colortbl;\\red255\\green255\\blue255;}\n"
        "\\pard\\tx360\\fi360\\sl288\\slmult1\\pardirnatural\n"
        f"\\f0\\fs26 \\cf0 {body}}}"
    )


# Scrivener 3's inline annotation and inline footnote, literal text inside the RTF.
def annotation(text: str) -> str:
    return (
        "\\{\\\\Scrv_annot \\\\color=\\{\\\\R=0.619608\\\\G=0.043137\\\\B=0.011765\\} "
        f"\\\\text={rtf_text(text)}\\\\end_Scrv_annot\\}}"
    )


def inline_footnote(text: str) -> str:
    return f"\\{{\\\\Scrv_fn={rtf_text(text)}\\\\end_Scrv_fn\\}}"


@dataclass
class Text:
    title: str
    paragraphs: tuple[str, ...] = ()
    include: bool = True
    raw: bool = False  # paragraphs are RTF already
    content: bool = True  # False: no content file at all
    children: list[Item] = field(default_factory=list)
    kind: str = "Text"


@dataclass
class Folder:
    title: str
    children: list[Item] = field(default_factory=list)
    include: bool = True
    paragraphs: tuple[str, ...] = ()  # a folder's own text, if any
    raw: bool = False
    kind: str = "Folder"


Item = Text | Folder


@dataclass
class Project:
    name: str
    draft: list[Item]
    research: list[Item] = field(default_factory=list)
    trash: list[Item] = field(default_factory=list)
    version: int = 3
    title: str | None = None
    _ids: int = 0

    def _key(self) -> str:
        self._ids += 1
        if self.version == 2:
            return str(self._ids)
        return f"{self._ids:08X}-0000-4000-8000-{self._ids:012X}"

    def _item(self, item: Item, root: Path, keys: dict[str, str]) -> str:
        key = self._key()
        keys[item.title] = key
        attr = "UUID" if self.version == 3 else "ID"
        meta = (
            "<MetaData><IncludeInCompile>Yes</IncludeInCompile></MetaData>"
            if item.include
            else "<MetaData><IncludeInCompile>No</IncludeInCompile></MetaData>"
        )
        kids = "".join(self._item(child, root, keys) for child in item.children)
        children = f"<Children>{kids}</Children>" if kids else ""
        if item.content if isinstance(item, Text) else item.paragraphs:
            self._write_content(root, key, rtf(*item.paragraphs, raw=item.raw))
        return (
            f'<BinderItem {attr}="{key}" Type="{item.kind}" Created="2024-01-01 10:00:00 +0000">'
            f"<Title>{escape(item.title)}</Title>{meta}{children}</BinderItem>"
        )

    def _write_content(self, root: Path, key: str, text: str) -> None:
        if self.version == 3:
            folder = root / "Files" / "Data" / key
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "content.rtf").write_text(text, encoding="ascii")
            (folder / "notes.rtf").write_text(rtf(NOT_STORY), encoding="ascii")
            (folder / "synopsis.txt").write_text(NOT_STORY, encoding="utf-8")
        else:
            docs = root / "Files" / "Docs"
            docs.mkdir(parents=True, exist_ok=True)
            (docs / f"{key}.rtf").write_text(text, encoding="ascii")
            (docs / f"{key}_notes.rtf").write_text(rtf(NOT_STORY), encoding="ascii")
            (docs / f"{key}_synopsis.txt").write_text(NOT_STORY, encoding="utf-8")

    def scrivx(self, root: Path, keys: dict[str, str]) -> str:
        def top(kind: str, title: str, items: list[Item]) -> str:
            key = self._key()
            attr = "UUID" if self.version == 3 else "ID"
            kids = "".join(self._item(i, root, keys) for i in items)
            return (
                f'<BinderItem {attr}="{key}" Type="{kind}"><Title>{title}</Title>'
                f"<Children>{kids}</Children></BinderItem>"
            )

        version = "2.0" if self.version == 3 else "1.0"
        props = (
            f"<ProjectProperties><ProjectTitle>{escape(self.title)}</ProjectTitle>"
            "</ProjectProperties>"
            if self.title
            else ""
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ScrivenerProject Template="NO" Version="{version}" Creator="SCRMAC-3.3">'
            "<Binder>"
            + top("DraftFolder", "Draft", self.draft)
            + top("ResearchFolder", "Research", self.research)
            + top("TrashFolder", "Trash", self.trash)
            + f"</Binder>{props}</ScrivenerProject>"
        )

    def write(self, where: Path) -> tuple[Path, dict[str, str]]:
        """The project folder, and each item's UUID (or ID) by its title."""
        root = where / f"{self.name}.scriv"
        root.mkdir(parents=True)
        keys: dict[str, str] = {}
        (root / f"{self.name}.scrivx").write_text(self.scrivx(root, keys), encoding="utf-8")
        return root, keys


def content_file(root: Path, key: str, version: int = 3) -> Path:
    if version == 3:
        return root / "Files" / "Data" / key / "content.rtf"
    return root / "Files" / "Docs" / f"{key}.rtf"
