"""What the timeline stage stores: segments, the clock's points, ages, dialogue "tomorrow"s.

`model.get(TIMELINE)` is a `TimelineLayer`. Rules and reporters read it;
only `storylint.families.time.stage` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storylint.families.time.ages import AgeStatement
from storylint.families.time.clock import Elapsed, Point, elapsed_between, point_before
from storylint.families.time.expressions import Statement, TimeExpression, Tomorrow
from storylint.pipeline.layers import Layer


@dataclass(eq=False)
class Flashback:
    """Why a segment is read as set before the story's now."""

    reason: str  # "heading", "opening" ("Ten years earlier, ..."), "pluperfect"
    parsed_index: int | None
    start: int
    end: int
    source_path: str | None = None  # set when the evidence is a heading outside the story


@dataclass(eq=False)
class TimeSegment:
    """A stretch of the story in one continuous time: a scene, or part of one after a time shift."""

    index: int
    chapter_index: int
    scene_index: int
    first: int  # parsed indices, inclusive
    last: int
    reason: str  # "start", "chapter", "scene", "time-shift"
    opener: Statement | None = None
    statements: list[Statement] = field(default_factory=list)
    flashback: Flashback | None = None
    start_point: Point | None = None  # the clock as the segment opens (None in a flashback)
    end_point: Point | None = None
    before_point: Point | None = None  # for a flashback: the story's now when it is told

    @property
    def expressions(self) -> list[TimeExpression]:
        return [e for s in self.statements for e in s.expressions]


@dataclass(eq=False)
class TimelineLayer:
    segments: list[TimeSegment] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    ages: list[AgeStatement] = field(default_factory=list)
    tomorrows: list[Tomorrow] = field(default_factory=list)
    segment_by_paragraph: list[int] = field(default_factory=list)
    _keys: list[tuple[int, int]] = field(default_factory=list, repr=False)

    def finish(self) -> None:
        self._keys = [(p.parsed_index, p.offset) for p in self.points]

    def segment_of(self, parsed_index: int) -> TimeSegment | None:
        if 0 <= parsed_index < len(self.segment_by_paragraph):
            return self.segments[self.segment_by_paragraph[parsed_index]]
        return None

    def is_flashback(self, parsed_index: int) -> bool:
        segment = self.segment_of(parsed_index)
        return segment is not None and segment.flashback is not None

    def point_at(self, parsed_index: int, offset: int) -> Point | None:
        """The main story's clock at a place in the text; None inside a flashback."""
        if self.is_flashback(parsed_index):
            return None
        return point_before(self.points, self._keys, parsed_index, offset)

    def elapsed(self, first: Point, second: Point) -> Elapsed:
        """Days between two points of the main story, as an interval."""
        return elapsed_between(first, second)

    @property
    def start(self) -> Point | None:
        return self.points[0] if self.points else None


TIMELINE: Layer[TimelineLayer] = Layer(
    "timeline", "story days, times of day, dates, seasons, flashbacks, ages (families.time)"
)
