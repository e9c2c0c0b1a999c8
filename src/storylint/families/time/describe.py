"""The reconstructed timeline as plain data: one dict per segment, for the CLI and reports.

Each dict has: chapter (label), scene (1-based), segment, day (int or None),
day_label ("Day 3", "Day 3?" when some time the text does not count may have
passed, so it is at least day 3; "before Day 3" for a flashback), time_of_day
(morning/afternoon/evening/night or None), weekday, date (ISO "1887-06-04", or
"--06-04" when the year is unknown, or None), season, flashback (bool), line
(of the segment's first paragraph), and evidence: the expressions that set it,
each {quote, line, start, end, file}.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.time.layer import TIMELINE
from storylint.families.time.lexicon import load_lexicon

if TYPE_CHECKING:
    from storylint.families.time.clock import Point
    from storylint.families.time.layer import TimeSegment
    from storylint.manuscript import SourceText
    from storylint.model import StoryModel

MAX_EVIDENCE = 4


def describe_timeline(model: StoryModel) -> list[dict]:
    layer = model.get(TIMELINE)
    if layer is None:
        return []
    lex = load_lexicon()
    weekdays = [w.capitalize() for w in lex.data["weekdays"]]
    chapters = model.manuscript.chapters
    rows = []
    for segment in layer.segments:
        first = model.parsed[segment.first].paragraph
        chapter = chapters[segment.chapter_index] if segment.chapter_index < len(chapters) else None
        row: dict = {
            "chapter": chapter.label if chapter is not None else None,
            "scene": segment.scene_index + 1,
            "segment": segment.index,
            "line": first.source.line_col(first.start)[0],
            "flashback": segment.flashback is not None,
        }
        point = segment.start_point
        if segment.flashback is not None:
            before = segment.before_point
            row.update(day=None, day_label=f"before {_label(before)}" if before else "before Day 1")
            row.update(time_of_day=None, weekday=None, date=None, season=None)
        else:
            row.update(_state_fields(point, weekdays, lex))
        row["evidence"] = _evidence(model, segment)
        rows.append(row)
    return rows


def _label(point: Point) -> str:
    return f"Day {point.day}" + ("" if point.certain else "?")


def _state_fields(point: Point | None, weekdays: list[str], lex) -> dict:
    if point is None:
        return {
            "day": None, "day_label": None, "time_of_day": None,
            "weekday": None, "date": None, "season": None,
        }  # fmt: skip
    state = point.state
    date = None
    if state.month and state.day:
        date = (
            f"{state.year:04d}-{state.month:02d}-{state.day:02d}"
            if state.year
            else f"--{state.month:02d}-{state.day:02d}"
        )
    phase = lex.data["report_phase"].get(state.phase) if state.phase else None
    return {
        "day": point.day,
        "day_label": _label(point),
        "time_of_day": phase,
        "weekday": weekdays[state.weekday] if state.weekday is not None else None,
        "date": date,
        "season": state.season,
    }


def _evidence(model: StoryModel, segment: TimeSegment) -> list[dict]:
    items: list[tuple[SourceText, int, int]] = []
    if segment.flashback is not None:
        fb = segment.flashback
        source: SourceText | None
        if fb.parsed_index is not None:
            source = model.parsed[fb.parsed_index].paragraph.source
        else:
            source = next(
                (s for s in model.manuscript.sources if s.path == fb.source_path),
                model.manuscript.sources[0] if model.manuscript.sources else None,
            )
        if source is not None:
            items.append((source, fb.start, fb.end))
    if segment.opener is not None:
        for e in segment.opener.expressions:
            items.append((model.parsed[e.parsed_index].paragraph.source, e.start, e.end))
    for statement in segment.statements:
        if statement is segment.opener:
            continue
        for e in statement.expressions:
            if not e.back:  # "years ago" says nothing about when this scene is
                items.append((model.parsed[e.parsed_index].paragraph.source, e.start, e.end))
    result: list[dict] = []
    seen = set()
    for source, start, end in items:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        if len(result) >= MAX_EVIDENCE:
            break
        result.append(
            {
                "quote": source.text[start:end],
                "line": source.line_col(start)[0],
                "start": start,
                "end": end,
                "file": source.path,
            }
        )
    return result


def render_table(rows: list[dict], width: int | None = None) -> str:
    """The timeline as a readable table (Rich), one row per segment, for `storylint timeline`."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    if not rows:
        return "No story paragraphs: no timeline.\n"
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("Chapter", "Scene", "Line", "Day", "Time", "Weekday", "Date", "Season",
                   "Evidence"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for row in rows:
        evidence = "; ".join(
            f"\u201c{' '.join(e['quote'].split())}\u201d (line {e['line']})"
            for e in row["evidence"]
        )
        table.add_row(
            row["chapter"] or "",
            str(row["scene"]),
            str(row["line"]),
            row["day_label"] or "",
            row["time_of_day"] or "",
            row["weekday"] or "",
            row["date"] or "",
            row["season"] or "",
            evidence,
        )
    console = Console(width=width, highlight=False)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n"
