"""The characters and timeline tabs of the HTML report, linked into the text.

Both are read-only views of the story model. Every appearance, chapter and
scene they name is a link (`href="#id"`) into the text pane, so they work as
plain HTML and the script only adds the flash that shows where the eye should go.
"""

from __future__ import annotations

from html import escape
from typing import Any

from storylint.report.html_story import CharacterInfo
from storylint.report.html_text import RenderedText

QUOTE_CHARS = 90  # an appearance's sentence is cut to this in the table


def character_key(manuscript: int, character_id: int) -> str:
    return f"m{manuscript}-{character_id}"


def characters_html(
    manuscript: int,
    infos: list[CharacterInfo],
    rendered: RenderedText,
    chapter_labels: list[str],
    finding_counts: dict[str, int],
) -> str:
    """A table of the manuscript's characters, most mentioned first."""
    if not infos:
        return '<p class="empty">No characters were found in this manuscript.</p>'
    rows = []
    for info in infos:
        key = character_key(manuscript, info.id)
        entry = info.entry
        aliases = [a for a in entry.get("aliases", []) if a != entry.get("name")]
        alias_html = (
            f'<div class="aliases">also {escape(", ".join(aliases))}</div>' if aliases else ""
        )
        counts = [_plural(entry.get("mentions", 0), "mention")]
        if entry.get("pronoun_mentions"):
            counts.append(_plural(entry["pronoun_mentions"], "pronoun"))
        if entry.get("dialogue_lines"):
            counts.append(_plural(entry["dialogue_lines"], "line") + " of dialogue")
        findings = finding_counts.get(key, 0)
        findings_html = (
            f'<button type="button" class="char-findings" data-char="{key}">'
            f"{_plural(findings, 'finding')}</button>"
            if findings
            else '<span class="none">none</span>'
        )
        gender = str(entry.get("gender", "unknown"))
        about = " \u00b7 ".join(["gender unknown" if gender == "unknown" else gender, *counts])
        rows.append(
            f'<tr data-char="{key}"><td class="name"><b>{escape(str(entry.get("name", "")))}</b>'
            f'{alias_html}<div class="about">{escape(about)}</div></td>'
            f"<td>{_appearances(rendered, key, entry)}"
            f"{_chapters(info, rendered, chapter_labels)}</td>"
            f"<td>{findings_html}</td></tr>"
        )
    return (
        '<table class="chars"><thead><tr><th>Character</th><th>Appearances</th>'
        "<th>Findings</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _appearances(rendered: RenderedText, key: str, entry: dict[str, Any]) -> str:
    first = entry.get("first_appearance", {})
    last = entry.get("last_appearance", {})
    if first.get("offset") == last.get("offset") and first.get("file") == last.get("file"):
        return _appearance(rendered, ("first", key), first, "Only")
    return _appearance(rendered, ("first", key), first, "First") + _appearance(
        rendered, ("last", key), last, "Last"
    )


def _appearance(
    rendered: RenderedText, key: tuple[str, str], where: dict[str, Any], label: str
) -> str:
    place = f"{where.get('chapter', '')}, line {where.get('line', '?')}"
    quote = str(where.get("quote", ""))
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rstrip() + "\u2026"
    segments = rendered.segments.get(key)
    link = (
        f'<a class="goto" href="#{segments[0]}">{escape(place)}</a>' if segments else escape(place)
    )
    return f'<div class="appear"><span>{label}</span> {link} <q>{escape(quote)}</q></div>'


def _chapters(info: CharacterInfo, rendered: RenderedText, labels: list[str]) -> str:
    """Links to the chapters a character is named in, when there is more than one chapter."""
    if len(labels) < 2 or not info.chapters:
        return ""
    links = []
    for chapter in sorted(info.chapters):
        target = rendered.chapter_ids.get(chapter)
        label = escape(labels[chapter]) if chapter < len(labels) else str(chapter + 1)
        count = f" \u00d7{info.chapters[chapter]}"
        links.append(
            f'<a class="goto" href="#{target}">{label}</a>{count}' if target else label + count
        )
    return f'<div class="in-chapters"><span>In</span> {", ".join(links)}</div>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


TIMELINE_FIELDS = ("weekday", "time_of_day", "date", "season")


def timeline_html(
    rows: list[dict[str, Any]], rendered: RenderedText, chapter_labels: list[str]
) -> str:
    """One entry per scene: which day and time it is, why storylint thinks so, and a link."""
    if not rows:
        return '<p class="empty">The timeline found no time expressions.</p>'
    items = []
    for r, row in enumerate(rows):
        day = row.get("day_label") or (
            f"Day {row['day']}" if row.get("day") is not None else "Day unknown"
        )
        details = [str(row[k]).replace("_", " ") for k in TIMELINE_FIELDS if row.get(k)]
        if row.get("flashback"):
            details.insert(0, "flashback")
        where, target = _scene_place(row, rendered, chapter_labels)
        where_html = f'<a class="goto" href="#{target}">{escape(where)}</a>' if target else where
        evidence = "".join(
            _timeline_evidence(item, rendered, rendered.segments.get(("tl", r, k)))
            for k, item in enumerate(_as_list(row))
        )
        items.append(
            '<li class="tl-row"><div class="tl-when">'
            f"<b>{escape(str(day))}</b> {escape(' · '.join(details))}</div>"
            f'<div class="tl-where">{where_html}</div>'
            + (f'<ul class="tl-ev">{evidence}</ul>' if evidence else "")
            + "</li>"
        )
    return f'<ol class="timeline">{"".join(items)}</ol>'


def _as_list(row: dict[str, Any]) -> list[Any]:
    evidence = row.get("evidence")
    if evidence is None:
        return []
    return list(evidence) if isinstance(evidence, list | tuple) else [evidence]


def _scene_place(
    row: dict[str, Any], rendered: RenderedText, labels: list[str]
) -> tuple[str, str | None]:
    """The place a writer reads ("Chapter 3, scene 2") and the id of the scene's first paragraph."""
    chapter = row.get("chapter")
    scene = row.get("scene")
    chapter_index = row.get("chapter_index")
    if not isinstance(chapter_index, int) and isinstance(chapter, str) and chapter in labels:
        chapter_index = labels.index(chapter)
    # `scene` is the number a writer reads ("scene 2"), counted from 1.
    scene_index = row.get("scene_index", scene - 1 if isinstance(scene, int) else None)
    label = str(chapter) if chapter is not None else ""
    if isinstance(chapter_index, int) and not isinstance(chapter, str):
        label = labels[chapter_index] if 0 <= chapter_index < len(labels) else label
    if scene is not None:
        label = f"{label}, scene {scene}" if label else f"scene {scene}"
    target = None
    if isinstance(chapter_index, int):
        target = rendered.scene_ids.get((chapter_index, scene_index))  # type: ignore[arg-type]
        target = target or rendered.chapter_ids.get(chapter_index)
    return label, target


def _timeline_evidence(item: Any, rendered: RenderedText, segments: list[str] | None) -> str:
    """A quote with its line, linked to its words (or at least its paragraph) in the text."""
    quote, line, target = "", None, None
    if hasattr(item, "source") and hasattr(item, "start"):  # an Evidence
        quote = item.quote
        line = item.source.line_col(item.start)[0]
        block = rendered.block_at(item.source.path, item.start)
        target = rendered.block_ids[block] if block is not None else None
    elif isinstance(item, dict):
        quote = str(item.get("quote", item.get("text", "")))
        line = item.get("line")
        offset = item.get("start", item.get("offset"))
        path = item.get("file") or (rendered.blocks[0].source.path if rendered.blocks else None)
        if isinstance(offset, int) and path is not None:
            block = rendered.block_at(path, offset)
            target = rendered.block_ids[block] if block is not None else None
    else:
        quote = str(item)
    if segments:
        target = segments[0]
    text = f"\u201c{escape(' '.join(quote.split()))}\u201d" if quote else ""
    if line is not None:
        text += f' <span class="loc">line {escape(str(line))}</span>'
    if target:
        text = f'<a class="goto" href="#{target}">{text}</a>'
    return f"<li>{text}</li>" if text else ""
