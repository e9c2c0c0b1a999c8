"""The time lexicon (data/time.yaml, lexicon `time`), loaded once: words, numbers, calendar.

Why a module of its own: the extractor, the clock, the age reader and the
rules all need the same numbers and names, and the yaml is where a writer adds
words, so nothing about time words is hard-coded anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylint import lexicons

INF = float("inf")


@dataclass(frozen=True)
class TimeLexicon:
    data: dict
    numbers: dict[str, int]  # "twenty-six" -> 26 (built from the yaml's units)
    ordinals: dict[str, int]  # "thirtieth" -> 30, "twenty-first" -> 21
    phase_of: dict[str, str]  # "daybreak" -> "dawn"
    phase_rank: dict[str, int]
    season_of: dict[str, str]  # "springtime" -> "spring"
    month_of: dict[str, int]  # "june" -> 6, "sept" -> 9
    weekday_of: dict[str, int]  # "monday" -> 0
    units: dict[str, int]  # "week" -> 7
    vague: dict[str, tuple[int, int]]
    sun_event_of: dict[str, str]  # "the rising sun" -> "dawn"
    south: bool

    @property
    def number_re(self) -> str:
        """Cardinals as one compact regex (an alternation of every compound is slow)."""
        d = self.data
        units = _alternation(d["units"])
        tens = _alternation(d["tens"])
        teens = _alternation(d["tens_and_teens"])
        dash = r"[\s\-\u2010-\u2014]+"
        return (
            rf"(?:{tens})(?:{dash}(?:{units}))?(?![a-z])|(?:{units})(?:{dash}and{dash}(?:{tens}))?"
            rf"|(?:{teens})|(?:a{dash}|one{dash})?hundred|\d{{1,3}}"
        )

    @property
    def ordinal_re(self) -> str:
        d = self.data
        dash = r"[\s\-\u2010-\u2014]+"
        units = _alternation(d["ordinal_units"])
        tens = _alternation(d["tens"])
        single = _alternation({**d["ordinal_tens_and_teens"], **d["ordinal_tens"]})
        return (
            rf"(?:{tens}){dash}(?:{units})|(?:{single})|(?:{units})|hundredth"
            r"|\d{1,2}(?:st|nd|rd|th)"
        )

    def number(self, text: str) -> int | None:
        """The value of a cardinal written in words or digits, or None."""
        key = _normal(text)
        if key.isdigit():
            return int(key)
        return self.numbers.get(key)

    def ordinal(self, text: str) -> int | None:
        key = _normal(text)
        digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", key)
        if digits:
            return int(digits.group(1))
        return self.ordinals.get(key)

    def season_for_month(self, month: int) -> str:
        if self.south:
            month = (month + 5) % 12 + 1
        for season, months in self.data["season_months"].items():
            if month in months:
                return season
        raise ValueError(month)

    def season_months(self, season: str) -> list[int]:
        months = self.data["season_months"][season]
        if self.south:
            return [(m + 5) % 12 + 1 for m in months]
        return months


def _normal(text: str) -> str:
    return re.sub(r"[\s\u2010-\u2014-]+", "-", text.strip().lower())


def _alternation(words) -> str:
    """A regex alternation, longest first, with any dash or space between word parts."""
    parts = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\-", r"[\s\-\u2010-\u2014]+") for w in parts)


def words_re(words) -> str:
    """Alternation of phrases whose spaces match any whitespace."""
    parts = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)


def _build_numbers(data: dict) -> dict[str, int]:
    units = data["units"]
    numbers = dict(units)
    numbers.update(data["tens_and_teens"])
    for ten, value in data["tens"].items():
        numbers[ten] = value
        for unit, small in units.items():
            numbers[f"{ten}-{unit}"] = value + small
            numbers[f"{unit}-and-{ten}"] = value + small  # "five-and-twenty"
    numbers["a-hundred"] = numbers["one-hundred"] = numbers["hundred"] = 100
    return numbers


def _build_ordinals(data: dict) -> dict[str, int]:
    ordinals = dict(data["ordinal_units"])
    ordinals.update(data["ordinal_tens_and_teens"])
    for ten, value in data["ordinal_tens"].items():
        ordinals[ten] = value
    for ten, value in data["tens"].items():
        for unit, small in data["ordinal_units"].items():
            ordinals[f"{ten}-{unit}"] = value + small
    ordinals["hundredth"] = 100
    return ordinals


@lexicons.cache
def load_lexicon() -> TimeLexicon:
    data = lexicons.load_lexicon_data("time")
    phase_of = {w: phase for phase, words in data["phases"].items() for w in words}
    season_of = {w: season for season, words in data["seasons"].items() for w in words}
    month_of = {m: i + 1 for i, m in enumerate(data["months"])}
    month_of.update(data["month_abbreviations"])
    sun = {phrase: phase for phase, phrases in data["sun_events"].items() for phrase in phrases}
    return TimeLexicon(
        data=data,
        numbers=_build_numbers(data),
        ordinals=_build_ordinals(data),
        phase_of=phase_of,
        phase_rank={p: i for i, p in enumerate(data["phase_order"])},
        season_of=season_of,
        month_of=month_of,
        weekday_of={d: i for i, d in enumerate(data["weekdays"])},
        units=dict(data["time_units"]),
        vague={k: (v[0], v[1]) for k, v in data["vague_counts"].items()},
        sun_event_of=sun,
        south=str(data.get("hemisphere", "north")).lower().startswith("s"),
    )
