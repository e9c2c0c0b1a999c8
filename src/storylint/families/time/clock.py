"""The story's clock: which day, time of day, weekday, date and season each stretch is in.

The clock walks the story's time segments in reading order (see
`segments.split_segments`) and applies each narrated time statement:

- a statement moves the clock by a *gap*, an interval of days (fewest, most):
  "the next morning" is exactly 1, "a few days later" 2 to 4, "two years
  later" about 730 give or take four months, "Later," or an unmarked scene
  break anything from 0 to unlimited;
- a gap is *exact* only when the text states it ("three days later", "that
  night", "the following Monday" from a known Monday); a gap the clock had to
  guess (a scene break, "At dawn" after an evening scene) is not, and a rule
  that needs exact counting never reasons across it;
- a sentence in narration where a character sleeps or wakes ("She slept
  badly") without a time expression adds a possible night (0 to 1 day);
- flashback segments are set before the story's now and never move the clock.

Elapsed time between any two places in the main story is then the sum of the
gaps between them, which `TimelineLayer.elapsed` answers from prefix sums.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from storylint.families.time.expressions import Statement, TimeExpression
from storylint.families.time.lexicon import INF, load_lexicon

UNKNOWN = (0.0, INF)


@dataclass(frozen=True)
class ClockState:
    """What the clock knows at one point of the main story."""

    phase: str | None = None
    weekday: int | None = None  # 0 = Monday
    month: int | None = None
    day: int | None = None
    year: int | None = None
    season: str | None = None
    # The expressions that last stated the weekday and the date, for findings.
    weekday_from: TimeExpression | None = field(default=None, compare=False)
    date_from: TimeExpression | None = field(default=None, compare=False)

    def date(self) -> dt.date | None:
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


@dataclass(eq=False)
class Point:
    """One step of the main story's clock, with the gaps summed from the story's start."""

    parsed_index: int
    offset: int  # source offset where the step takes effect
    gap: tuple[float, float]
    exact: bool
    state: ClockState
    statement: Statement | None = None
    reason: str = ""  # "statement", "scene-break", "night", "start"
    cum_lo: float = 0.0
    cum_hi: float = 0.0  # finite part of the upper sums
    unbounded: int = 0  # how many unbounded gaps so far
    inexact: int = 0  # how many inexact gaps so far
    index: int = 0  # position in the layer's points

    @property
    def day(self) -> int:
        """Story day, counting the first scene as day 1 (the fewest days possible)."""
        return 1 + int(self.cum_lo)

    @property
    def certain(self) -> bool:
        return self.inexact == 0


@dataclass(eq=False)
class Elapsed:
    lo: float
    hi: float
    exact: bool

    @property
    def bounded(self) -> bool:
        return self.hi != INF


@dataclass(eq=False)
class Clock:
    """Applies statements to build the main story's points."""

    points: list[Point] = field(default_factory=list)
    pending_night: tuple[int, int] | None = None  # (parsed_index, offset) of "she slept"

    @property
    def state(self) -> ClockState:
        return self.points[-1].state if self.points else ClockState()

    def add(
        self,
        parsed_index: int,
        offset: int,
        gap: tuple[float, float],
        exact: bool,
        state: ClockState,
        statement: Statement | None,
        reason: str,
    ) -> Point:
        point = Point(parsed_index, offset, gap, exact, state, statement, reason)
        point.index = len(self.points)
        if self.points:
            last = self.points[-1]
            point.cum_lo = last.cum_lo + gap[0]
            point.cum_hi = last.cum_hi + (0.0 if gap[1] == INF else gap[1])
            point.unbounded = last.unbounded + (gap[1] == INF)
            point.inexact = last.inexact + (not exact)
        self.points.append(point)
        return point

    def start(self, parsed_index: int, offset: int) -> None:
        self.add(parsed_index, offset, (0.0, 0.0), True, ClockState(), None, "start")

    def scene_break(self, parsed_index: int, offset: int) -> None:
        """A new scene with no time expression: any time may have passed."""
        self.pending_night = None
        self.add(parsed_index, offset, UNKNOWN, False, ClockState(), None, "scene-break")

    def drift(self, parsed_index: int, offset: int) -> None:
        """A long stretch of narration with no time phrase: it may have covered any time."""
        self.settle_night()
        self.add(parsed_index, offset, UNKNOWN, False, ClockState(), None, "drift")

    def night(self, parsed_index: int, offset: int) -> None:
        self.pending_night = (parsed_index, offset)

    def settle_night(self) -> None:
        """A sleep or waking the text did not date: a night may have passed."""
        if self.pending_night is None:
            return
        parsed_index, offset = self.pending_night
        self.pending_night = None
        state = replace(self.state, phase=None, weekday=None, month=None, day=None)
        self.add(parsed_index, offset, (0.0, 1.0), False, state, None, "night")

    def apply(self, statement: Statement, scene_start: bool) -> Point:
        gap, exact, state = reckon(self.state, statement, scene_start)
        if self.pending_night is not None:
            if gap[0] >= 1 or (gap == (0.0, 1.0) and not exact):
                self.pending_night = None  # the statement itself says the night passed
            else:
                self.settle_night()
                gap, exact, state = reckon(self.state, statement, scene_start)
        return self.add(
            statement.parsed_index, statement.start, gap, exact, state, statement, "statement"
        )


def reckon(
    state: ClockState, statement: Statement, scene_start: bool
) -> tuple[tuple[float, float], bool, ClockState]:
    """The gap a statement makes from `state`, whether it is exact, and the new state."""
    lex = load_lexicon()
    rank = lex.phase_rank
    gap: tuple[float, float] | None = None
    exact = False
    phase = statement.first("phase")
    weekday = None
    next_weekday = None
    month = day = year = None
    season = _season_stated(state, statement)
    same_period = False
    day_only = None  # "On the 14th": a day of the month without its month
    for e in statement.expressions:
        if e.back:
            continue
        if e.day is not None and e.month is None:
            day_only = e.day
        if e.weekday is not None:
            if e.next_occurrence and e.pattern in ("next", "weekday", "came"):
                next_weekday = e.weekday
            else:
                weekday = e.weekday
        if e.month is not None:
            month = e.month
            day = e.day if e.day is not None else day
            same_period = same_period or e.same_period
        if e.year is not None:
            year = e.year
        if e.season is not None and e.same_period:
            same_period = True
        if gap is None and e.gap is not None and not (e.next_occurrence and e.weekday is not None):
            gap = e.gap
            exact = e.gap[0] == e.gap[1]
        elif gap is None and e.vague:
            if e.brief and not e.opens_sentence:
                gap, exact = (0.0, 0.0), True  # "said Frankie, afterwards,": the same occasion
            else:
                gap = UNKNOWN
    if next_weekday is not None and gap is None:
        if state.weekday is not None:
            delta = (next_weekday - state.weekday) % 7 or 7
            gap, exact = (float(delta), float(delta)), True
        else:
            gap = (1.0, 7.0)
        weekday = next_weekday
    if day_only is not None and month is None:
        month, day, year = _month_of_day(state, day_only, year)
    stated_date = _date(year or state.year, month, day)
    if gap is None and month is not None and day is not None and state.month and state.day:
        delta = _days_between(state, year, month, day)
        if delta is not None:
            gap = (float(delta), float(delta)) if delta < 60 else (float(delta), INF)
            exact = delta < 60 and (year is None or state.year is not None)
    if gap is None and weekday is not None and state.weekday is not None:
        if not scene_start and any(
            e.pattern == "it-was" and e.weekday is not None for e in statement.expressions
        ):
            gap, exact = (0.0, 0.0), True  # "It was Friday": today, in a scene already dated
        else:
            gap = (float((weekday - state.weekday) % 7), INF)
    if gap is None and phase is not None:
        if state.phase is not None and rank[phase] >= rank[state.phase]:
            gap, exact = (0.0, 0.0), not scene_start
        elif state.phase is not None:
            gap = (1.0, 1.0) if not scene_start else (1.0, INF)
        else:
            gap = (0.0, 1.0) if not scene_start else UNKNOWN
    if gap is None:
        stated_now = any(e.state for e in statement.expressions)
        if season is not None or month is not None or year is not None:
            gap = UNKNOWN if (scene_start or not same_period) else (0.0, 365.0)
            if season is not None and season == state.season and not scene_start:
                gap = (0.0, 90.0)
            if stated_now and not scene_start:
                gap, exact = (0.0, 0.0), True  # "It was autumn" inside a scene: no time passes
        else:
            gap, exact = (0.0, 0.0), True
    new = _advance(state, gap, exact)
    if phase is not None:
        new = replace(new, phase=phase)
    elif gap[0] >= 1 or gap[1] == INF:
        new = replace(new, phase=None)
    if weekday is not None:
        new = replace(new, weekday=weekday, weekday_from=_stating(statement, "weekday"))
    if month is not None:
        new = replace(
            new, month=month, day=day, season=lex.season_for_month(month),
            date_from=(_stating(statement, "month") or _stating(statement, "day"))
            if day is not None
            else None,
        )  # fmt: skip
        if year is not None:
            new = replace(new, year=year)
        elif state.year is not None and not (exact and stated_date is not None):
            if not (state.month and month >= state.month and gap[1] < 300):
                new = replace(new, year=None)
    elif year is not None:
        new = replace(new, year=year, month=None, day=None)
    if season is not None:
        new = replace(new, season=season)
    return gap, exact, new


def _season_stated(state: ClockState, statement: Statement) -> str | None:
    """The season a statement puts the story in. "He had not been well all autumn" tells the
    season only when the clock knows none other: the autumn may be the one just past."""
    lasting = None
    for e in statement.expressions:
        if e.season is None or e.back:
            continue
        if not e.through:
            return e.season
        lasting = lasting or e.season
    if lasting is not None and state.season not in (None, lasting):
        return None
    return lasting


def _month_of_day(
    state: ClockState, day: int, year: int | None
) -> tuple[int | None, int | None, int | None]:
    """(month, day, year) of "the 14th" said without a month: the clock's month, or the
    next one when that day of it has passed. Unknown (None, None, year) when the clock
    knows no date: the day alone is then compared only with other days (TIM001)."""
    if state.month is None or state.day is None:
        return None, None, year
    month = state.month
    if day < state.day:
        month = state.month % 12 + 1
        if month == 1 and year is None and state.year is not None:
            year = state.year + 1
    return month, day, year


def _stating(statement: Statement, attribute: str) -> TimeExpression | None:
    for expression in statement.expressions:
        if getattr(expression, attribute) is not None and not expression.back:
            return expression
    return None


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year and month and day:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def _days_between(state: ClockState, year: int | None, month: int, day: int) -> int | None:
    """Days from the state's date to the stated one: the next such date when no year is given."""
    assert state.month is not None and state.day is not None  # the caller checked them
    base_year = state.year or 2001  # any non-leap year does when the story gives none
    try:
        start = dt.date(base_year, state.month, state.day)
        target = dt.date(year or base_year, month, day)
    except ValueError:
        return None
    if year is None and target < start:
        try:
            target = target.replace(year=base_year + 1)
        except ValueError:
            return None
    delta = (target - start).days
    return delta if delta >= 0 else None


def _advance(state: ClockState, gap: tuple[float, float], exact: bool) -> ClockState:
    """The state after a gap: what is still known, and what the gap made unknown."""
    lex = load_lexicon()
    if exact:
        days = int(gap[0])
        weekday = None if state.weekday is None else (state.weekday + days) % 7
        month, day, year = state.month, state.day, state.year
        if month and day:
            try:
                base = dt.date(year or 2001, month, day) + dt.timedelta(days=days)
                month, day = base.month, base.day
                year = base.year if year else None
            except ValueError:
                month = day = year = None
        season = lex.season_for_month(month) if month else (state.season if days <= 20 else None)
        return ClockState(
            state.phase, weekday, month, day, year, season,
            state.weekday_from if weekday is not None else None,
            state.date_from if month is not None else None,
        )  # fmt: skip
    if gap[1] <= 20:
        return ClockState(None, None, None, None, state.year, state.season)
    return ClockState()


NIGHT_RE_CACHE: dict[str, re.Pattern] = {}


def night_passing_re() -> re.Pattern:
    pattern = NIGHT_RE_CACHE.get("re")
    if pattern is None:
        words = load_lexicon().data["night_passing_words"]
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        pattern = NIGHT_RE_CACHE["re"] = re.compile(rf"\b(?:{alternation})\b", re.I)
    return pattern


def elapsed_between(first: Point, second: Point) -> Elapsed:
    lo = second.cum_lo - first.cum_lo
    if second.unbounded != first.unbounded:
        hi = INF
    else:
        hi = second.cum_hi - first.cum_hi
    return Elapsed(lo, hi, second.inexact == first.inexact and lo == hi)


def point_before(points: list[Point], keys: list[tuple[int, int]], parsed_index: int, offset: int):
    """The last point at or before a place in the text (None before the first)."""
    i = bisect.bisect_right(keys, (parsed_index, offset)) - 1
    return points[i] if i >= 0 else None
