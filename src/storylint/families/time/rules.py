"""Time and age: weekdays, times of day, seasons, ages and "tomorrow" against the story's clock.

Every rule reads `model.get(TIMELINE)` (see storylint.families.time and
docs/timeline.md). The clock only counts what the narration states, and a
rule that compares two places in the story does so only where the time
between them is known well enough: an unmarked scene break, a "Later," or a
night the text does not date makes the count unknown, and nothing is
reported across it. Flashbacks never count as the story's now.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

from storylint.families.time.clock import night_passing_re
from storylint.families.time.layer import TIMELINE
from storylint.families.time.lexicon import INF, load_lexicon, words_re
from storylint.findings import Evidence, Severity
from storylint.pipeline.layers import CANON, CHARACTERS, QUOTES
from storylint.rules.registry import Option, rule

if TYPE_CHECKING:
    from storylint.families.time.ages import AgeStatement
    from storylint.families.time.clock import Point
    from storylint.families.time.expressions import TimeExpression
    from storylint.families.time.layer import TimelineLayer
    from storylint.manuscript import SourceText
    from storylint.model import StoryModel
    from storylint.rules.context import RuleContext

FAMILY = "time"
# How far apart (in paragraphs) two times of day may be for TIM003, and how far
# TIM006 looks for the "tomorrow" event: the defaults of their `reach` options.
REACH_PHASE = 12
REACH_TOMORROW = 40
# Seasons (TIM004) and dated weekdays (TIM001) are compared only when the time between
# them is known to be at most this many days: the default of their `reach_days` options.
SEASON_REACH_DAYS = 330


def _weekday_name(index: int) -> str:
    return load_lexicon().data["weekdays"][index].capitalize()


def _source(model: StoryModel, parsed_index: int) -> SourceText:
    return model.parsed[parsed_index].paragraph.source


def _ev(model: StoryModel, parsed_index: int, start: int, end: int, role: str) -> Evidence:
    return Evidence(_source(model, parsed_index), start, end, role)


def _expr_ev(model: StoryModel, e: TimeExpression, role: str) -> Evidence:
    return _ev(model, e.parsed_index, e.start, e.end, role)


def _quote(e: Evidence) -> str:
    return " ".join(e.quote.split())


# --- TIM001 ---------------------------------------------------------------------


@rule(
    "TIM001",
    "weekday-date-mismatch",
    Severity.WARNING,
    "A date is given a weekday the calendar (or another dated day) does not allow.",
    FAMILY,
    requires=[TIMELINE],
    messages={
        "calendar": "{date} was a {actual}, but the text calls it a {said}.",
        "count": "{days} days after a {first} is a {expected}, but the text calls it a {said}.",
    },
    options=[
        Option(
            "reach_days",
            SEASON_REACH_DAYS,
            "two dated weekdays with no year are compared only when the time between them is "
            "known to be at most this many days (further apart, they may be in different years)",
        )
    ],
)
def weekday_date_mismatch(ctx: RuleContext) -> None:
    model = ctx.model
    layer = model.get(TIMELINE)
    previous: tuple[Point, TimeExpression] | None = None
    for point in layer.points:
        statement = point.statement
        if statement is None:
            continue
        dated = [e for e in statement.expressions if e.month and e.day and not e.back]
        weekdays = [e for e in statement.expressions if e.weekday is not None and not e.back]
        if not dated or not weekdays:
            continue
        date_e, weekday_e = dated[0], weekdays[0]
        year = date_e.year or point.state.year
        if year:
            try:
                actual = dt.date(year, date_e.month, date_e.day).weekday()
            except ValueError:
                continue
            if actual != weekday_e.weekday:
                _report_calendar(ctx, date_e, weekday_e, year, actual, point)
            previous = (point, date_e)
            continue
        if previous is not None:
            _two_dated_weekdays(ctx, layer, previous, point, date_e, weekday_e)
        previous = (point, date_e)
    _days_of_the_month(ctx, layer)


# Two days of the month with their weekdays ("Monday the 3rd" ... "Friday the 10th") are
# taken to be in one month when the later day is at most this many days after the earlier
# and nothing between them names a month or a season.
SAME_MONTH_DAYS = 27


def _days_of_the_month(ctx: RuleContext, layer: TimelineLayer) -> None:
    """ "On Monday the 3rd ... on Friday the 8th": five days after a Monday is a Saturday.
    A day of the month said without its month is read as the same month as the last one
    given with a weekday, when it is later in the month, in the same chapter, and no month
    or season is named between them."""
    previous: tuple[Point, TimeExpression, TimeExpression] | None = None
    for point in layer.points:
        statement = point.statement
        if statement is None:
            continue  # a scene break or a night: the chapter and the clock's count decide
        live = [e for e in statement.expressions if not e.back]
        if any((e.month or e.season) and not e.day for e in live):
            previous = None  # "In June", "That winter": a new month or season
            continue
        days = [e for e in live if e.day is not None]
        weekdays = [e for e in live if e.weekday is not None]
        if not days or not weekdays:
            continue
        current = (point, days[0], weekdays[0])
        if previous is not None and days[0].month is None:
            _compare_days(ctx, layer, previous, current)
        previous = current


def _compare_days(ctx: RuleContext, layer: TimelineLayer, previous, current) -> None:
    model = ctx.model
    first_point, first_day, first_weekday = previous
    point, day_e, weekday_e = current
    apart = day_e.day - first_day.day
    if not 0 < apart <= SAME_MONTH_DAYS:
        return
    if (
        model.parsed[first_day.parsed_index].chapter_index
        != model.parsed[day_e.parsed_index].chapter_index
    ):
        return
    elapsed = layer.elapsed(first_point, point)
    if elapsed.lo > apart:
        return  # the clock counts more days than that: a later month
    if (
        point.exact
        and point.gap[1] != INF
        and layer.points[point.index - 1].state.weekday is not None
    ):
        return  # counted step by step from a known weekday: TIM002 judges it
    expected = (first_weekday.weekday + apart) % 7
    if expected == weekday_e.weekday:
        return
    ctx.report(
        at=weekday_e.parsed_index,
        confidence=0.6,
        message_id="count",
        data={
            "days": apart,
            "first": _weekday_name(first_weekday.weekday),
            "expected": _weekday_name(expected),
            "said": _weekday_name(weekday_e.weekday),
        },
        evidence=[
            _expr_ev(model, first_day, "established"),
            *(
                []
                if first_weekday is first_day
                else [_expr_ev(model, first_weekday, "established")]
            ),
            _expr_ev(model, day_e, "contradiction"),
            *([] if weekday_e is day_e else [_expr_ev(model, weekday_e, "contradiction")]),
        ],
        explanation="Read as days of one month, the two dates are this many days apart, so "
        "their weekdays cannot both be right. If a month passed in between, name it.",
    )


def _report_calendar(ctx: RuleContext, date_e, weekday_e, year, actual, point) -> None:
    model = ctx.model
    day = dt.date(year, date_e.month, date_e.day)
    date_text = f"{day:%B} {day.day}, {day.year}"
    evidence = []
    year_from = point.state.date_from if date_e.year is None else None
    if year_from is not None and year_from is not date_e:
        evidence.append(_expr_ev(model, year_from, "established"))
    if weekday_e is date_e and date_e.weekday_at is not None:
        paragraph_start = model.parsed[date_e.parsed_index].paragraph.start
        wd_start, wd_end = (paragraph_start + i for i in date_e.weekday_at)
        evidence.append(_expr_ev(model, date_e, "established"))
        evidence.append(_ev(model, date_e.parsed_index, wd_start, wd_end, "contradiction"))
    else:
        evidence.append(_expr_ev(model, date_e, "established"))
        evidence.append(_expr_ev(model, weekday_e, "contradiction"))
    ctx.report(
        at=date_e.parsed_index,
        confidence=0.85 if date_e.year else 0.7,
        message_id="calendar",
        data={
            "date": date_text,
            "actual": _weekday_name(actual),
            "said": _weekday_name(weekday_e.weekday),
        },
        evidence=evidence,
        explanation=f"By the calendar, {date_text} fell on a {_weekday_name(actual)}. If the "
        "story uses a real year, the weekday or the date needs to change.",
    )


def _two_dated_weekdays(ctx: RuleContext, layer, previous, point, date_e, weekday_e) -> None:
    """Two dated weekdays in one year: the days between must match the weekdays between."""
    model = ctx.model
    first_point, first_date = previous
    first_weekday = first_point.state.weekday_from
    if first_weekday is None or first_point.state.weekday is None:
        return
    elapsed = layer.elapsed(first_point, point)
    if elapsed.hi == INF or elapsed.hi > ctx.option("reach_days"):
        return
    try:
        a = dt.date(2001, first_date.month, first_date.day)
        b = dt.date(2001, date_e.month, date_e.day)
    except ValueError:
        return
    if b < a:
        return  # a new year, or a date looked back on: not comparable
    days = (b - a).days
    expected = (first_point.state.weekday + days) % 7
    if expected == weekday_e.weekday:
        return
    ctx.report(
        at=weekday_e.parsed_index,
        confidence=0.7,
        message_id="count",
        data={
            "days": days,
            "first": _weekday_name(first_point.state.weekday),
            "expected": _weekday_name(expected),
            "said": _weekday_name(weekday_e.weekday),
        },
        evidence=[
            _expr_ev(model, first_weekday, "established"),
            _expr_ev(model, weekday_e, "contradiction"),
        ],
        explanation="The two dates are this many days apart, so their weekdays cannot both "
        "be right.",
    )


# --- TIM002 ---------------------------------------------------------------------


@rule(
    "TIM002",
    "weekday-count-mismatch",
    Severity.WARNING,
    "A weekday does not match the days counted since an earlier weekday.",
    FAMILY,
    requires=[TIMELINE],
    messages={
        "count": "{days} {anchor!r} is a {expected}, but the text says {said}.",
    },
)
def weekday_count_mismatch(ctx: RuleContext) -> None:
    model = ctx.model
    layer = model.get(TIMELINE)
    points = layer.points
    for before, point in zip(points, points[1:], strict=False):
        statement = point.statement
        if statement is None or not point.exact:
            continue
        if before.state.weekday is None or before.state.weekday_from is None:
            continue
        # "When Monday came, the day after, ...": a step to the next such day beside a count
        # of days names the day the count reaches, so it must agree with the count
        counted = [e for e in statement.expressions if e.gap is not None and e.weekday is None]
        stated = [
            e
            for e in statement.expressions
            if e.weekday is not None and not e.back and (counted or not e.next_occurrence)
        ]
        if not stated or any(e.month and e.day for e in statement.expressions):
            continue  # a full date is TIM001's to judge
        days = int(point.gap[0])
        expected = (before.state.weekday + days) % 7
        said = stated[0]
        if said.weekday == expected:
            continue
        anchor = before.state.weekday_from
        anchor_point = _stated_at(layer, anchor, before) or before
        total = int(point.cum_lo - anchor_point.cum_lo)
        count = counted[0] if counted else None
        evidence = [_expr_ev(model, anchor, "established")]
        if count is not None and count is not said:
            evidence.append(_expr_ev(model, count, "contradiction"))
        evidence.append(_expr_ev(model, said, "contradiction"))
        days_text = f"{total} day{'s' if total != 1 else ''} after" if total else "The same day as"
        ctx.report(
            at=said.parsed_index,
            confidence=0.75,
            message_id="count",
            data={
                "days": days_text,
                "anchor": _quote(evidence[0]),
                "expected": _weekday_name(expected),
                "said": _weekday_name(said.weekday),
            },
            evidence=evidence,
            explanation="The days the narration counts between the two weekdays do not add "
            "up. Either the count or one of the weekdays needs to change.",
        )


def _stated_at(layer: TimelineLayer, expression, before: Point) -> Point | None:
    for point in reversed(layer.points[: before.index + 1]):
        if point.statement is not None and expression in point.statement.expressions:
            return point
    return None


# --- TIM003 ---------------------------------------------------------------------

# (earlier, later) times of day that cannot follow each other in one continuous
# scene: the clock would have to run backwards, or through a whole unmentioned night.
REGRESSIONS = {
    ("noon", "dawn"): 0.7,
    ("noon", "morning"): 0.7,
    ("afternoon", "dawn"): 0.7,
    ("afternoon", "morning"): 0.7,
    ("afternoon", "noon"): 0.6,
    ("evening", "noon"): 0.6,
    ("evening", "afternoon"): 0.6,
    # A whole night the scene does not mention: the evening (or the small hours) and then the
    # morning or the afternoon sun, with no one sleeping or waking between (a night-passing
    # word ends the stretch: `night_passing_words`). Not evening to dawn or night to
    # morning: talking till dawn is a scene of its own.
    ("evening", "morning"): 0.55,
    ("night", "noon"): 0.55,
    ("night", "afternoon"): 0.6,
    ("night", "evening"): 0.55,
}
# The pairs across a skipped night count only when the later time is stated as the present
# hour by the light or a plain "It was ...": "that morning" after an evening is earlier today.
NIGHT_SKIPPED = frozenset(
    {("evening", "morning"), ("night", "noon"), ("night", "afternoon"), ("night", "evening")}
)
NIGHT_SKIPPED_PATTERNS = frozenset({"it-was", "sun", "phase-light", "strike"})
# ... and only this close (paragraphs): a longer stretch of narration may cover the night.
NIGHT_SKIPPED_REACH = 6


def _still_re() -> re.Pattern:
    """ "It was still morning", "It was only morning": the scene goes on (`phase_still_words`)."""
    words = load_lexicon().data.get("phase_still_words", ["still"])
    return re.compile(r"\b(?:" + words_re(words) + r")\b", re.I)


def _goes_on_after(model: StoryModel, expression: TimeExpression) -> bool:
    """ "It was morning by now", "It was afternoon still": words right after the time said
    that keep the scene going, as "still" before it does (`phase_still_after_words`)."""
    words = load_lexicon().data.get("phase_still_after_words", ())
    if not words:
        return False
    parsed = model.parsed[expression.parsed_index]
    offset = expression.end - parsed.paragraph.start
    after = parsed.paragraph.text[max(offset, 0) : max(offset, 0) + 40]
    return re.match(r"\s*,?\s*(?:" + words_re(words) + r")\b", after, re.I) is not None


# What the later statement must be: a statement of the present hour, not "at dawn",
# which may be the next day's dawn the writer skipped to.
STATE_PATTERNS = frozenset(
    {
        "it-was", "sun", "came", "same", "phase-light", "strike", "phase-rest", "phase-now",
        "phase-lasting", "phase-subject",
    }
)  # fmt: skip
# How far back (in hours) a later clock time may be and still be read as the clock running
# backwards: on a 12-hour dial ("the clock struck ten" ... "struck nine") a time much
# earlier may as well be the other half of the day.
HOURS_BACK_DIAL = 3
HOURS_BACK = 6


@rule(
    "TIM003",
    "time-of-day-regression",
    Severity.WARNING,
    "The time of day runs backwards inside one continuous scene.",
    FAMILY,
    requires=[TIMELINE],
    messages={
        "regression": "The scene is already at {earlier} ({first}) and then at {later} "
        "({second}) with no time passing between.",
        "hour": "The scene is already at {first!r} and then at {second!r}, an earlier hour, "
        "with no time passing between.",
    },
    options=[
        Option(
            "reach",
            REACH_PHASE,
            "how many paragraphs apart the two times of day may be; further apart, the scene "
            "may have moved on without saying so",
        )
    ],
)
def time_of_day_regression(ctx: RuleContext) -> None:
    layer = ctx.model.get(TIMELINE)
    reach = ctx.option("reach")
    for segment in layer.segments:
        if segment.flashback is not None or segment.start_point is None:
            continue
        last: TimeExpression | None = None
        for point in _segment_points(layer, segment):
            statement = point.statement
            if point.reason == "night" or point.gap[1] == INF or _explicit_gap(point):
                last = None  # a night, an unknown stretch or a stated step forward
            if statement is None:
                continue
            phased = [e for e in statement.expressions if e.phase and not e.back]
            if not phased:
                continue
            current = phased[-1]
            if last is not None and _same_frame(last, current):
                pair = (last.phase, current.phase)
                if (
                    pair in REGRESSIONS
                    and current.pattern in STATE_PATTERNS
                    and (
                        pair not in NIGHT_SKIPPED
                        or (
                            current.pattern in NIGHT_SKIPPED_PATTERNS
                            and last.pattern in NIGHT_SKIPPED_PATTERNS | {"phase-at", "early-late"}
                            and current.parsed_index - last.parsed_index <= NIGHT_SKIPPED_REACH
                            and not _night_between(ctx.model, last, current)
                        )
                    )
                    # "It was past midday when ..." opening a paragraph starts a new episode
                    # (not "It was still morning": "still" keeps the scene going)
                    and not (
                        current.opens_paragraph
                        and current.pattern in ("it-was", "came")
                        and not _still_re().search(current.text)
                        and not _goes_on_after(ctx.model, current)
                    )
                    and current.parsed_index - last.parsed_index <= reach
                    and not _day_may_turn_between(ctx.model, last, current)
                ):
                    _report_back(
                        ctx, last, current, REGRESSIONS[pair], "regression",
                        {"earlier": str(last.phase), "later": str(current.phase)},
                        PHASE_BACK,
                    )  # fmt: skip
            # after a finding too: the latest time stated is the one the writer means now
            last = current
        _hour_regressions(ctx, layer, segment, reach)


def _hour_regressions(ctx: RuleContext, layer: TimelineLayer, segment, reach: int) -> None:
    """A clock time stated as the time now ("It was nine o'clock", "the clock struck nine")
    earlier than the last clock time in the same continuous stretch."""
    last: TimeExpression | None = None
    for point in _segment_points(layer, segment):
        statement = point.statement
        if point.reason == "night" or point.gap[1] == INF or _explicit_gap(point):
            last = None
        if statement is None:
            continue
        timed = [e for e in statement.expressions if e.hour is not None and not e.back]
        if not timed:
            continue
        current = timed[-1]
        if (
            last is not None
            and current.state
            and _same_frame(last, current)
            and current.parsed_index - last.parsed_index <= reach
            and not _day_may_turn_between(ctx.model, last, current)
        ):
            confidence = _hour_back(last, current)
            if confidence is not None:
                _report_back(ctx, last, current, confidence, "hour", {}, HOUR_BACK)
                last = None
                continue
        last = current


# Why each kind of going back is a slip, for the finding's explanation.
HOUR_BACK = (
    "Nothing between these two passages moves the story on, so the clock "
    "cannot show an earlier hour than it did before."
)
PHASE_BACK = (
    "In one continuous scene the day runs forward. Nothing between these two "
    "passages moves the story to another day, so the later time of day contradicts the "
    "earlier one."
)
SEASON_BACK = (
    "Nothing between the two passages moves the story into another year, so "
    "the later season (or month) comes before the earlier one. If a year passed, say so."
)


def _report_back(
    ctx: RuleContext,
    earlier: TimeExpression,
    later: TimeExpression,
    confidence: float,
    message_id: str,
    data: dict[str, str],
    explanation: str,
    quote_keys: tuple[str, str] = ("first", "second"),
) -> None:
    """Report `later` going back from `earlier`: both passages quoted, located at `later`.
    TIM003's hours and times of day and TIM004's seasons are all this one shape."""
    first = _expr_ev(ctx.model, earlier, "established")
    second = _expr_ev(ctx.model, later, "contradiction")
    ctx.report(
        at=later.parsed_index,
        confidence=confidence,
        message_id=message_id,
        data={**data, quote_keys[0]: _quote(first), quote_keys[1]: _quote(second)},
        evidence=[first, second],
        explanation=explanation,
    )


def _hour_back(earlier: TimeExpression, later: TimeExpression) -> float | None:
    """The finding's confidence when `later` is a little earlier on the clock, else None."""
    if earlier.dial or later.dial:
        back = (earlier.hour - later.hour) % 12
        return 0.6 if 1 <= back <= HOURS_BACK_DIAL else None
    back = earlier.hour - later.hour
    return 0.7 if 1 <= back <= HOURS_BACK else None


def _segment_points(layer: TimelineLayer, segment) -> list[Point]:
    return layer.points[segment.start_point.index : segment.end_point.index + 1]


def _explicit_gap(point: Point) -> bool:
    """The statement itself moves the clock ("three days later", "the next morning", "Later,")."""
    statement = point.statement
    if statement is None:
        return False
    for e in statement.expressions:
        if e.back or e.same_day:
            continue
        if e.gap is not None or e.vague:
            return True
    return False


# --- TIM004 ---------------------------------------------------------------------

SEASON_INDEX = {"spring": 1, "summer": 2, "autumn": 3}


@rule(
    "TIM004",
    "season-regression",
    Severity.WARNING,
    "The season (or month) jumps back while the story's year has not changed.",
    FAMILY,
    requires=[TIMELINE],
    messages={
        "regression": "The story goes back from {earlier!r} to {later!r} although no year "
        "has passed.",
    },
    options=[
        Option(
            "reach_days",
            SEASON_REACH_DAYS,
            "two seasons (or months) are compared only when the time between them is known to "
            "be at most this many days",
        )
    ],
)
def season_regression(ctx: RuleContext) -> None:
    layer = ctx.model.get(TIMELINE)
    reach_days = ctx.option("reach_days")
    lex = load_lexicon()
    previous: tuple[Point, TimeExpression] | None = None
    before_previous: tuple[Point, TimeExpression] | None = None
    for i, point in enumerate(layer.points):
        statement = point.statement
        if statement is None:
            continue
        seasonal = [e for e in statement.expressions if (e.season or e.month) and not e.back]
        if not seasonal:
            continue
        current = seasonal[0]
        if (
            previous is not None
            and not current.through  # "ill all summer" may be the summer just past
            and not current.next_occurrence
            and current.gap is None
            and _same_frame(previous[1], current)
        ):
            first_point, first = previous
            # the time that passed: up to this statement, and through its own step only when
            # the text states it ("Three days later, it was winter"); otherwise its gap is
            # the clock's guess from the season itself
            until = point if _explicit_gap(point) else layer.points[i - 1]
            elapsed = layer.elapsed(first_point, until)
            if elapsed.hi <= reach_days and not _year_changed(layer, first_point, point):
                late_winter = _late_winter(layer, first, first_point, before_previous)
                confidence = None
                if current.same_period and current.opens_sentence:
                    # "That summer, ..." opening a sentence moves the story; inside one
                    # ("struck her that summer") it may look back at the summer just past
                    confidence = _same_year_regression(first, current, late_winter)
                elif (
                    current.state or (current.opens_sentence and _explicit_gap(point))
                ) and elapsed.exact:
                    # a month or season in the sentence that counts the step ("A fortnight
                    # later, in June, ...") is the story's now as much as "It was June"
                    # only across time the text counts step by step: summary narration may
                    # cover months without a phrase the clock can read
                    confidence = _unreachable(lex, first, current, elapsed)
                    if confidence is None and not _time_passes_between(ctx.model, first, current):
                        confidence = _season_before(lex, first, current, elapsed)
                if confidence is None and current.state:
                    # "It was summer now" after an autumn across narration the clock cannot
                    # count step by step: as "That summer" below
                    confidence = _chapter_regression(
                        ctx.model, layer, previous, current, before_previous
                    )
            elif (
                current.same_period and current.opens_sentence or current.state
            ) and not _year_changed(layer, first_point, point):
                # "That spring ..." in the chapter where it was already summer, with no year,
                # month or other season named between: "that" keeps the year, however long
                # the narration between; the chapter may have crossed into the next one only
                # if it says so ("the next spring"). "It was spring now" likewise.
                confidence = _chapter_regression(
                    ctx.model, layer, previous, current, before_previous
                )
            else:
                confidence = None
            if confidence is not None:
                _report_back(
                    ctx,
                    first,
                    current,
                    confidence,
                    "regression",
                    {},
                    SEASON_BACK,
                    quote_keys=("earlier", "later"),
                )
                # the latest season stated is the one the writer means now
        before_previous = previous
        previous = (point, current)


def _chapter_regression(model: StoryModel, layer, previous, current, before_previous):
    """A season stated as the story's now ("That summer ...", "It was summer now", "the
    summer sun") that lies before the earlier one of the same chapter, with no year, month,
    other season, weeks or months named between: the narration between may be long, but
    nothing in it says a year went round. The finding's confidence, or None."""
    first_point, first = previous
    if current.through or _chapter(model, first) != _chapter(model, current):
        return None
    if _time_passes_between(model, first, current):
        return None
    late_winter = _late_winter(layer, first, first_point, before_previous)
    confidence = _same_year_regression(first, current, late_winter)
    return None if confidence is None else confidence - 0.1


def _chapter(model: StoryModel, e: TimeExpression) -> int:
    return model.parsed[e.parsed_index].chapter_index


def _same_frame(first: TimeExpression, second: TimeExpression) -> bool:
    """Both in the same tense: "it is now January" in a past-tense story is the teller's now."""
    return first.tense is None or second.tense is None or first.tense == second.tense


def _year_changed(layer: TimelineLayer, first: Point, second: Point) -> bool:
    years = {p.state.year for p in layer.points[first.index : second.index + 1]}
    years.discard(None)
    return len(years) > 1


def _late_winter(layer, first: TimeExpression, first_point: Point, before) -> bool:
    """A winter that closes the year: stated in December, or reached from an autumn."""
    if first.season != "winter":
        return False
    if first.month is not None:
        return first.month == 12
    if before is None:
        return False
    earlier_point, earlier = before
    if earlier.season != "autumn":
        return False
    return layer.elapsed(earlier_point, first_point).hi <= 150


def _year_position(e: TimeExpression, late_winter: bool) -> float | None:
    """Where in the calendar year an expression falls, by month or season (None: unsure)."""
    if e.month is not None:
        return float(e.month)
    if e.season in SEASON_INDEX:
        return {"spring": 4.0, "summer": 7.0, "autumn": 10.0}[e.season]
    if e.season == "winter" and late_winter:
        return 12.5
    return None


def _same_year_regression(first, current, late_winter) -> float | None:
    """ "that autumn" after a winter that closed the year; "that March" after June: the
    finding's confidence, or None."""
    if current.season == "winter" and current.month is None:
        return None  # "that winter" after spring may be the winter that opens the year
    was = _year_position(first, late_winter)
    now = _year_position(current, False)
    if was is None or now is None:
        return None
    if first.month is not None and current.month is not None:
        if current.month >= first.month or (first.month >= 11 and current.month <= 2):
            return None
    elif now >= was - 1.5:
        return None  # not a clear step back: "that summer" in late spring
    return 0.7


def _range(lex, e: TimeExpression) -> tuple[int, int]:
    """Day-of-year range (may run past 365) of a season or month, with the season margin."""
    if e.month is not None:
        start = dt.date(2001, e.month, 1).timetuple().tm_yday
        end = start + 30
        return start - 10, end + 10
    months = lex.season_months(e.season)
    margin = lex.data["season_margin_days"]
    first = dt.date(2001, months[0], 1).timetuple().tm_yday
    start = first - margin
    return start, start + 92 + 2 * margin


def _unreachable(lex, first, current, elapsed) -> float | None:
    """A stated season the clock cannot reach from the earlier one in the time that passed:
    the finding's confidence, or None."""
    a_lo, a_hi = _range(lex, first)
    b_lo, b_hi = _range(lex, current)
    lo, hi = a_lo + elapsed.lo, a_hi + elapsed.hi
    if hi - lo >= 365:
        return None
    for shift in (-365, 0, 365, 730):
        if b_lo + shift <= hi and lo <= b_hi + shift:
            return None
    return 0.65


# Words between two times of day that say the day may have turned although the clock read
# no step: "I had set out on a Tuesday afternoon, and early on the succeeding Thursday
# morning ..." in a sentence the clock does not believe (it opens in the past perfect).
def _day_may_turn_between(model: StoryModel, first: TimeExpression, second: TimeExpression) -> bool:
    """A weekday or a word of passing days between two times of day of one scene
    (`day_turning_words`), or a span of hours or days counted or said to pass ("two days",
    "for hours", "hours went by": `day_turning_spans`); "the old days" turns no day."""
    lex = load_lexicon()
    weekdays = frozenset(lex.weekday_of) - _name_words(model)  # "Sunday came down": a man
    words = frozenset(lex.data["day_turning_words"]) | weekdays
    if _words_between(model, first, second, words):
        return True
    span = _turning_span_re()
    return any(span.search(text) for text in _texts_between(model, first, second))


_SPAN_RE_CACHE: dict[str, re.Pattern] = {}


def _turning_span_re() -> re.Pattern:
    """ "two days", "some hours", "for hours", "days later", "hours passed" (lower case)."""
    pattern = _SPAN_RE_CACHE.get("re")
    if pattern is None:
        d = load_lexicon().data
        spans = words_re(d["day_turning_spans"])
        before = words_re([*d["vague_counts"], *d["day_turning_span_openers"]])
        after = words_re([w for w in d["later_words"] if w != "on"] + list(d["elapse_verbs"]))
        number = load_lexicon().number_re
        pattern = re.compile(
            rf"\b(?:{before}|{number})\s+(?:{spans})\b|\b(?:{spans})\s+(?:{after})\b"
        )
        _SPAN_RE_CACHE["re"] = pattern
    return pattern


def _name_words(model: StoryModel) -> frozenset[str]:
    """Lower-cased words of the characters' names ("Sunday" in The Man Who Was Thursday)."""
    characters = model.get(CHARACTERS)
    if characters is None:
        return frozenset()
    return frozenset(
        word.lower()
        for character in characters.characters
        for alias in character.aliases
        for word in alias.split()
    )


def _night_between(model: StoryModel, first: TimeExpression, second: TimeExpression) -> bool:
    """Someone sleeps or wakes between two places ("fell asleep", "woke": `night_passing_words`)."""
    pattern = night_passing_re()
    for parsed_index in range(first.parsed_index, second.parsed_index + 1):
        parsed = model.parsed[parsed_index]
        text = parsed.paragraph.text
        start = first.end - parsed.paragraph.start if parsed_index == first.parsed_index else 0
        end = (
            second.start - parsed.paragraph.start
            if parsed_index == second.parsed_index
            else len(text)
        )
        if pattern.search(text[max(start, 0) : max(end, 0)]):
            return True
    return False


def _words_between(
    model: StoryModel, first: TimeExpression, second: TimeExpression, words: frozenset[str]
) -> bool:
    """Any of `words` in the text between the end of one expression and the start of another."""
    return any(
        not words.isdisjoint(re.findall(r"[a-z]+", text))
        for text in _texts_between(model, first, second)
    )


def _texts_between(model: StoryModel, first: TimeExpression, second: TimeExpression) -> list[str]:
    """The lower-cased text between the end of one expression and the start of another, one
    piece per paragraph."""
    texts = []
    for parsed_index in range(first.parsed_index, second.parsed_index + 1):
        parsed = model.parsed[parsed_index]
        text = parsed.paragraph.text.lower()
        start = first.end - parsed.paragraph.start if parsed_index == first.parsed_index else 0
        if parsed_index == first.parsed_index:
            # "In the autumn of that year": the year the first names, not a year gone by
            own = OF_ITS_YEAR.match(text, max(start, 0))
            start = own.end() if own else start
        end = (
            second.start - parsed.paragraph.start
            if parsed_index == second.parsed_index
            else len(text)
        )
        texts.append(text[max(start, 0) : max(end, 0)])
    return texts


# Words between two seasons that say time went by although the clock cannot count it:
# "The months came and went", "through another winter", "in the fall of the year".
OF_ITS_YEAR = re.compile(r"\s+of\s+(?:that|the|this|the\s+same)\s+year\b")
PASSING_WORDS = frozenset({"weeks", "months", "years", "seasons", "season", "year"})


def _time_passes_between(model: StoryModel, first: TimeExpression, second: TimeExpression) -> bool:
    """Any season, or weeks, months or years, named between two places: summary narration
    ("The months came and went") moves time the clock does not count."""
    lex = load_lexicon()
    # ("fall" between is a verb far more often than the season)
    seasons = frozenset(lex.season_of) - {"fall"}
    return _words_between(model, first, second, PASSING_WORDS | seasons)


def _season_before(lex, first, current, elapsed) -> float | None:
    """ "It was autumn" and, the same day, "It was summer now": the season just before the
    one already stated. Near the turn of a season either word may fit one day, but not
    both in that order: the story would have to go back. The finding's confidence, or
    None."""
    if elapsed.hi > 1 or first.month is not None or current.month is not None:
        return None
    order = lex.data["season_order"]
    if first.season not in order or current.season not in order:
        return None
    before = order[(order.index(first.season) - 1) % len(order)]
    return 0.6 if current.season == before else None


# --- TIM005 ---------------------------------------------------------------------


@rule(
    "TIM005",
    "age-mismatch",
    Severity.WARNING,
    "A character's age does not fit the time that has passed, their birth year, or the bible.",
    FAMILY,
    requires=[TIMELINE, CHARACTERS, CANON],
    messages={
        "younger": "{name} is {later} after being {earlier}: younger than before.",
        "elapsed": "{name} is {earlier} and then {later}, but only {elapsed} pass between.",
        "birth-year": "{name}, born in {born}, would be {low} or {high} in {year}, but is {age}.",
        "bible-age": "The story bible gives {name}'s age as {age} when the story opens{when} "
        "the text says {said}.",
        "bible-born": "The story bible has {name} born in {year}, the text in {said}.",
        "bible-birthday": "The text gives {name} a different birthday than the bible.",
        "bible-celebrated": "{name}'s birthday is {month:02d}-{day:02d} in the story bible, but "
        "the text celebrates it on {on_month:02d}-{on_day:02d}.",
        "bible-age-from-year": "The story bible has {name} born in {year}, so {name} would be "
        "{ages} in {now}, but the text says {said}.",
    },
)
def age_mismatch(ctx: RuleContext) -> None:
    model = ctx.model
    layer = model.get(TIMELINE)
    if not layer.ages:
        return
    characters = model.get(CHARACTERS)
    by_character: dict[int, list[AgeStatement]] = {}
    for statement in layer.ages:
        if layer.is_flashback(statement.parsed_index):
            continue
        by_character.setdefault(statement.character_id, []).append(statement)
    for character_id, statements_ in by_character.items():
        name = characters.by_id(character_id).name
        _ages_against_each_other(ctx, layer, name, statements_)
        _ages_against_birth_year(ctx, layer, name, statements_)
    _ages_against_canon(ctx, layer, by_character)


def _point(layer: TimelineLayer, s: AgeStatement) -> Point | None:
    return layer.point_at(s.parsed_index, s.start)


def _allowed(elapsed_lo: float, elapsed_hi: float) -> tuple[int, float]:
    """How many birthdays can fall in an interval of this many days."""
    fewest = math.floor(elapsed_lo / 366)
    most = INF if elapsed_hi == INF else math.floor(elapsed_hi / 365) + 1
    return fewest, most


# Two ages of one character in one paragraph are compared when both name the character, or
# when this many characters apart (a long paragraph of summary narration).
SAME_PARAGRAPH_APART = 300


def _ages_against_each_other(ctx: RuleContext, layer, name, statements_) -> None:
    reference: AgeStatement | None = None
    for s in statements_:
        if s.lo is None:
            continue
        if reference is None:
            reference = s
            continue
        first_point, second_point = _point(layer, reference), _point(layer, s)
        if first_point is None or second_point is None:
            reference = s
            continue
        same_paragraph = s.parsed_index == reference.parsed_index
        if same_paragraph and not (
            reference.by_name and s.by_name or s.start - reference.end >= SAME_PARAGRAPH_APART
        ):
            continue  # two ages close together are often two people the names did not tell apart
        elapsed = layer.elapsed(first_point, second_point)
        fewest, most = _allowed(elapsed.lo, elapsed.hi)
        low, high = s.lo - reference.hi, s.hi - reference.lo
        if high < fewest or low > most:
            confidence = 0.8 if elapsed.exact or elapsed.hi != INF else 0.7
            confidence -= 0.1 * (not reference.by_name) + 0.1 * (not s.by_name)
            confidence -= 0.1 * same_paragraph
            _report_age(ctx, name, reference, s, elapsed, confidence)
            continue  # keep the earlier age as the reference: this one is the odd one out
        reference = s


def _elapsed_text(elapsed) -> str:
    if elapsed.hi == INF:
        if elapsed.lo < 1:
            return "no time the text counts"
        return f"at least {_days_text(elapsed.lo)}"
    if elapsed.lo == elapsed.hi:
        return _days_text(elapsed.lo)
    return f"{_days_text(elapsed.lo)} to {_days_text(elapsed.hi)}"


def _days_text(days: float) -> str:
    if days >= 300:
        years = days / 365
        return f"about {years:.0f} year{'s' if round(years) != 1 else ''}"
    if days >= 60:
        return f"about {days / 30:.0f} months"
    return f"{days:.0f} day{'s' if days != 1 else ''}"


def _report_age(ctx: RuleContext, name, first, second, elapsed, confidence) -> None:
    model = ctx.model
    established = _ev(model, first.parsed_index, first.start, first.end, "established")
    later = _ev(model, second.parsed_index, second.start, second.end, "contradiction")
    ctx.report(
        at=second.parsed_index,
        confidence=confidence,
        message_id="younger" if second.hi < first.lo else "elapsed",
        data={
            "name": name,
            "earlier": first.age_text,
            "later": second.age_text,
            "elapsed": _elapsed_text(elapsed),
        },
        evidence=[established, later],
        explanation=f"The time the story counts between the two passages is "
        f"{_elapsed_text(elapsed)}; a character's age can only grow by the birthdays that fit "
        "in it.",
    )


def _ages_against_birth_year(ctx: RuleContext, layer, name, statements_) -> None:
    model = ctx.model
    born = next((s for s in statements_ if s.kind == "born" and s.birth_year), None)
    if born is None:
        return
    for s in statements_:
        if s.lo is None:
            continue
        point = _point(layer, s)
        if point is None or point.state.year is None:
            continue
        expected_hi = point.state.year - born.birth_year
        expected_lo = expected_hi - 1
        if s.hi < expected_lo or s.lo > expected_hi:
            established = _ev(model, born.parsed_index, born.start, born.end, "established")
            later = _ev(model, s.parsed_index, s.start, s.end, "contradiction")
            ctx.report(
                at=s.parsed_index,
                confidence=0.75,
                message_id="birth-year",
                data={
                    "name": name,
                    "born": born.birth_year,
                    "low": expected_lo,
                    "high": expected_hi,
                    "year": point.state.year,
                    "age": s.age_text,
                },
                evidence=[established, later],
                explanation="The year the story is in and the year of birth fix the age to "
                "within one year.",
            )


def _parse_birth_date(value: str) -> tuple[int | None, int | None, int | None]:
    parts = value.strip().split("-")
    try:
        if len(parts) == 3:
            return int(parts[0]), int(parts[1]), int(parts[2])
        if len(parts) == 2:
            return None, int(parts[0]), int(parts[1])
        if len(parts) == 1 and parts[0].isdigit():
            return int(parts[0]), None, None
    except ValueError:
        pass
    return None, None, None


def _ages_against_canon(ctx: RuleContext, layer, by_character) -> None:
    from storylint.people.canon_lookup import canon_facts_of

    canon = ctx.model.get(CANON)
    characters = ctx.model.get(CHARACTERS)
    if canon is None or layer.start is None:
        return
    for character_id in by_character:
        character = characters.by_id(character_id)
        for fact in canon_facts_of(canon, characters, character):
            if fact.attribute in ("age", "birth_date"):
                _canon_fact_checks(ctx, layer, by_character, character, fact)


def _canon_fact_checks(ctx: RuleContext, layer, by_character, character, fact) -> None:
    """One bible fact (age when the story opens, or birth date) against the text's ages."""
    name = character.name
    bible = Evidence(fact.evidence.source, fact.evidence.start, fact.evidence.end, "established")
    statements_ = by_character[character.id]
    if fact.attribute == "age":
        if getattr(fact, "book", None) is not None:
            return  # an age from an earlier book: that book's opening, not this one's
        try:
            age = int(str(fact.value).strip())
        except ValueError:
            return
        for s in statements_:
            point = _point(layer, s)
            if s.lo is None or point is None:
                continue
            elapsed = layer.elapsed(layer.start, point)
            fewest, most = _allowed(elapsed.lo, elapsed.hi)
            if s.hi < age + fewest or s.lo > age + most:
                when = "" if elapsed.hi == 0 else f", and {_elapsed_text(elapsed)} later"
                data = {"name": name, "age": age, "when": when, "said": s.age_text}
                _report_canon(ctx, bible, s, "bible-age", data)
                return
        return
    year, month, day = _parse_birth_date(str(fact.value))
    for s in statements_:
        found = _birth_date_check(layer, name, s, year, month, day)
        if found is not None:
            _report_canon(ctx, bible, s, *found)
            return


def _birth_date_check(layer, name, s, year, month, day) -> tuple[str, dict] | None:
    """(message id, data) where the text's age or birthday contradicts the bible's birth date."""
    if s.kind == "born":
        if year and s.birth_year and year != s.birth_year:
            return "bible-born", {"name": name, "year": year, "said": s.birth_year}
        if month and s.birth_month and (month, day) != (s.birth_month, s.birth_day or day):
            return "bible-birthday", {"name": name}
        return None
    point = _point(layer, s)
    if point is None or s.lo is None:
        return None
    state = point.state
    if s.kind == "birthday" and month and state.month and state.day is not None:
        if (state.month, state.day) != (month, day):
            return "bible-celebrated", {
                "name": name,
                "month": month,
                "day": day,
                "on_month": state.month,
                "on_day": state.day,
            }
    if year and state.year:
        expected_hi = state.year - year
        expected_lo = expected_hi - 1
        if month and state.month and state.day is not None and day:
            had_birthday = (state.month, state.day) >= (month, day)
            expected_lo = expected_hi = expected_hi - (0 if had_birthday else 1)
        if s.hi < expected_lo or s.lo > expected_hi:
            ages = (
                str(expected_lo)
                if expected_lo == expected_hi
                else f"{expected_lo} or {expected_hi}"
            )
            return "bible-age-from-year", {
                "name": name,
                "year": year,
                "ages": ages,
                "now": state.year,
                "said": s.age_text,
            }
    return None


def _report_canon(
    ctx: RuleContext, bible: Evidence, s: AgeStatement, message_id: str, data: dict
) -> None:
    later = _ev(ctx.model, s.parsed_index, s.start, s.end, "contradiction")
    ctx.report(
        at=s.parsed_index,
        confidence=0.75,
        message_id=message_id,
        data=data,
        evidence=[bible, later],
        explanation="The story bible is the writer's own record; the text contradicts it here.",
    )


# --- TIM006 ---------------------------------------------------------------------


@rule(
    "TIM006",
    "tomorrow-happens-today",
    Severity.WARNING,
    "Something a character says will happen tomorrow is narrated the same day.",
    FAMILY,
    requires=[TIMELINE, QUOTES],
    messages={
        "tomorrow": "A character says this will happen tomorrow ({plan!r}), but it is narrated "
        "the same day ({done!r}).",
    },
    options=[
        Option(
            "reach",
            REACH_TOMORROW,
            "how many paragraphs after the line of dialogue to look for the event it plans",
        )
    ],
)
def tomorrow_happens_today(ctx: RuleContext) -> None:
    model = ctx.model
    layer = model.get(TIMELINE)
    if not layer.tomorrows:
        return
    quotes = model.get(QUOTES)
    lex = load_lexicon()
    change_words = tuple(w.lower() for w in lex.data["plan_change_words"])
    # whole words only: "now" is not in "know" or "snow"
    changed = _words_re(change_words)
    changed_in_speech = _words_re(lex.data.get("plan_change_words_in_speech", ()))
    for said in layer.tomorrows:
        origin = layer.point_at(said.parsed_index, said.start)
        if origin is None:
            continue
        found = None
        last = min(len(model.parsed) - 1, said.parsed_index + ctx.option("reach"))
        for parsed_index in range(said.parsed_index, last + 1):
            parsed = model.parsed[parsed_index]
            if layer.is_flashback(parsed_index):
                break
            text = parsed.paragraph.text.lower()
            if parsed_index > said.parsed_index and (
                changed.search(text)
                or changed_in_speech.search(_speech(model, quotes, parsed_index).lower())
            ):
                break  # plans changed, or the text marks the time: no claim
            found, stop = _same_day_event(model, layer, said, origin, parsed_index, quotes)
            if found is not None or stop:
                break
            here = layer.point_at(parsed_index, parsed.paragraph.end)
            assert here is not None  # no flashback (above), and at or after `origin`
            turned = layer.elapsed(origin, here)
            if not (turned.exact and turned.lo == 0):
                break  # the day may have turned in this paragraph
        if found is None:
            continue
        parsed_index, token = found
        start, end = model.parsed[parsed_index].source_span(_clause(token))
        plan = _ev(model, said.parsed_index, said.verb_start, said.end, "established")
        if said.verb_start > said.start:
            plan = _ev(model, said.parsed_index, said.start, said.verb_end, "established")
        done = _ev(model, parsed_index, start, end, "contradiction")
        ctx.report(
            at=parsed_index,
            confidence=0.6,
            message_id="tomorrow",
            data={"plan": _quote(plan), "done": _quote(done)},
            evidence=[plan, done],
            explanation="Nothing between the line of dialogue and the narrated event moves the "
            "story to the next day: no night, no 'the next morning', no scene break.",
        )


def _words_re(words) -> re.Pattern:
    alternation = "|".join(re.escape(w.lower()).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\b(?:{alternation})\b" if alternation else r"(?!)")


def _speech(model, quotes, parsed_index: int) -> str:
    """The words of a paragraph spoken inside quotation marks."""
    doc = model.parsed[parsed_index].doc
    return " ".join(t.text for t in doc if quotes.in_quote(parsed_index, t.i))


def _same_day_event(model, layer, said, origin, parsed_index, quotes):
    """(parsed_index, verb) of the narrated event said to be tomorrow, and whether to stop."""
    from storylint.nlp.modes import NARR, paragraph_mode_bits

    parsed = model.parsed[parsed_index]
    bits = paragraph_mode_bits(model, parsed_index)
    lex = load_lexicon()
    for token in parsed.doc:
        start = parsed.offset + token.idx
        if parsed_index == said.parsed_index and start <= said.end:
            continue
        if token.tag_ != "VBD":
            continue
        if said.verb_lemma:
            if token.lemma_.lower() != said.verb_lemma:
                continue
        elif token.lemma_.lower() not in lex.data.get("tomorrow_event_doing_verbs", ()):
            continue  # an event said to be tomorrow: sat, held, went to (not "discussed")
        if quotes.in_quote(parsed_index, token.i) or bits[token.i] != NARR:
            continue
        here = layer.point_at(parsed_index, start)
        elapsed = layer.elapsed(origin, here) if here is not None else None
        if elapsed is None or not (elapsed.exact and elapsed.lo == 0):
            return None, True
        if _arguments_of(token) & said.arguments:
            return (parsed_index, token), True
    return None, False


def _arguments_of(token) -> frozenset[str]:
    from storylint.families.time.expressions import _arguments

    return _arguments(token)


def _clause(token):
    """The verb and its direct dependents, as a span to quote."""
    left = min(
        [token.i]
        + [
            c.left_edge.i
            for c in token.children
            if c.dep_ in ("nsubj", "prep", "dobj", "prt", "advmod")
        ]
    )
    right = max(
        [token.i] + [c.right_edge.i for c in token.children if c.dep_ in ("prep", "dobj", "prt")]
    )
    return token.doc[left : right + 1]
