"""Time expressions in a paragraph's text, before any parse: what each one says.

Why regular expressions over the text and not over the parse: time phrases are
short fixed shapes ("three days later", "the 4th of June, 1887") that a tagger
often splits oddly, and a scan of the text is fast. Whether an expression is a
narrated fact (not dialogue, not a memory, not "she would leave the next
morning") is decided afterwards, on the parse, by `storylint.families.time.expressions`.

Every candidate says what it does to the story's clock:
- `gap`: days it moves forward, as (fewest, most); `None` when it does not move
  the clock by itself ("on Monday" moves it only through the weekday);
- `same_day`: "that night", "later that day": the day does not change;
- `phase`, `weekday`, `month`, `day`, `year`, `season`, `hour`: what it states;
- `back`: it looks into the past ("two years ago", "the day before");
- `state`: it states the present time ("It was noon.", "the rising sun").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylint import lexicons
from storylint.families.time.lexicon import INF, TimeLexicon, load_lexicon, words_re

DASHES = r"[\s\-\u2010-\u2014]"


BRIEF_LATER = re.compile(
    r"(?:a\s+little\s+|a\s+while\s+|not\s+long\s+)?(?:later|afterwards?|after\s*wards?)$",
    re.I,
)


@dataclass(eq=False)
class Candidate:
    pattern: str  # which pattern found it (for tests and the timeline's evidence)
    start: int  # offsets in the paragraph text
    end: int
    gap: tuple[float, float] | None = None
    same_day: bool = False
    vague: bool = False  # "Later," "Some time later": forward, by how much unknown
    phase: str | None = None
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    season: str | None = None
    hour: int | None = None
    back: bool = False
    state: bool = False  # states the present time: "It was noon", "the setting sun"
    next_occurrence: bool = False  # "the following Monday", "the next spring"
    same_period: bool = False  # "that autumn", "that June": in the current year
    weekday_at: tuple[int, int] | None = None  # the weekday's own offsets inside a date
    text: str = ""  # the words matched, as written
    opening_only: bool = False  # counts only where it opens a sentence ("In three weeks, ...")
    dial: bool = False  # `hour` is on a 12-hour dial: "the clock struck ten" (a.m. or p.m.)
    brief: bool = False  # "afterwards", "a little later": a vague step of minutes or hours
    through: bool = False  # "all autumn", "the whole summer": a season lasting up to the now

    @property
    def moves(self) -> bool:
        return self.gap is not None or self.same_day or self.vague


@dataclass(frozen=True)
class Patterns:
    # (name, regex, key words: the pattern runs only on text containing one of each set)
    regexes: tuple[tuple[str, re.Pattern, tuple[frozenset[str], ...]], ...]
    anchors: frozenset[str]  # every pattern's key words, to skip a paragraph at once


WORD_RE = re.compile(r"[ap]\.m\.|[a-z]+|\d+")
# Words of multi-word time phrases too common to look for ("break of day", "sun-up").
NOT_KEYS = frozenset("of up mid the a an to in on at by time first high break".split())
YEARS = frozenset(str(y) for y in range(1000, 2200))


def _alt(words) -> str:
    return words_re(words)


@lexicons.cache
def compiled() -> Patterns:
    lex = load_lexicon()
    d = lex.data
    num = lex.number_re
    count = words_re(lex.vague) + "|" + num
    unit = _alt(lex.units)
    later = _alt(d["later_words"])
    earlier = _alt(d["earlier_words"])
    nxt = _alt(d["next_words"])
    phases = _alt(lex.phase_of)
    weekdays = _alt(lex.weekday_of)
    months = _alt(d["months"])
    abbr = _alt(d["month_abbreviations"])
    seasons = _alt(lex.season_of)
    ordinal = lex.ordinal_re
    day_parts = "morning|afternoon|evening|night|day"
    sun = _alt(lex.sun_event_of)
    quals = _alt(d["hour_qualifiers"])
    not_poss = r"(?!['\u2019]s)"
    year = r"(?P<year>\d{4})"
    light_times = _alt(d["phase_light_times"])
    light_nouns = _alt(d["phase_light_nouns"])
    light_adjectives = _alt(d["phase_light_adjectives"])
    season_nouns = _alt(d.get("season_light_nouns", ()) or ["-"])
    season_time_nouns = _alt(d.get("season_time_nouns", ()) or ["-"])
    lasting = words_re(d.get("phase_lasting_words", ()) or ["-"])
    blockers = words_re(d.get("phase_subject_blockers", ()) or ["-"])
    # "the morning before her wedding" is another day, "the whole morning before her." lies
    # ahead of her: "before" a pronoun that ends the clause does not block
    ahead = words_re(d.get("phase_ahead_pronouns", ()) or ["-"])
    blocked = rf"(?!\s+(?:{blockers})\b(?!(?<=before)\s+(?:{ahead})\s*(?:[.,;:!?]|$)))"
    day_phases = "morning|forenoon|afternoon|evening"
    subject_seasons = _alt(w for w in lex.season_of if w != "fall")  # "The fall hurt him"
    strikers = _alt(d["striking_subjects"])
    strikes = _alt(d["striking_verbs"])
    hour_words = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    waits = _alt(d["waiting_verbs"])
    it_verbs = words_re(d["it_was_verbs"])
    elapses = words_re(d["elapse_verbs"])
    rests = _alt(d["rest_of_words"])
    progress = words_re(d["phase_progress_words"])
    day_number = rf"\d{{1,2}}(?:st|nd|rd|th)|{ordinal}"
    regexes = {
        "count": rf"\b(?:(?P<after>after|in|within)\s+)?(?P<count>{count})\s+(?P<unit>{unit})"
        rf"(?P<more>\s+or\s+(?:two|so|more|three|four))?(?:\s+(?P<dir>{later}|{earlier}))?\b",
        "next": rf"\b(?:the\s+)?(?P<next>{nxt})\s+(?P<what>{day_parts}|week|month|year|"
        rf"{seasons}|{weekdays})\b{not_poss}",
        "after-part": rf"\bthe\s+(?P<what>{day_parts})\s+(?:after|following)"
        r"(?=\s*[,.;:\u2014]|\s+that\b)",
        "morrow": rf"\b(?:on\s+)?the\s+morrow\b{not_poss}",
        "same": rf"\b(?:(?P<el>later|early|late)\s+)?(?:(?:on|in|during|at|all|through)\s+)?"
        rf"(?:that|the\s+same)\s+(?:same\s+|very\s+)?(?P<what>{day_parts})\b{not_poss}",
        "later-in": r"\blater\s+in\s+the\s+(?P<what>morning|afternoon|evening|day|night)\b",
        "meanwhile": r"\b(?:meanwhile|in\s+the\s+meantime|meantime)\b",
        "later": r"\b(?:(?:some|a\s+little|a\s+while|not\s+long|much|long)\s+)?(?:time\s+)?"
        r"(?:later|afterwards?|after\s*wards?)\b(?=\s*[,.;:\u2014])"
        r"|\b(?:soon|shortly|not\s+long|some\s+time)\s+after(?:wards?)?\b",
        "phase-at": rf"\b(?P<prep>at|by|towards?|toward|about|around|before|after|till|until|"
        rf"near|with\s+the)\s+(?P<what>{phases}|dark)\b",
        "in-the": r"\bin\s+the\s+(?P<what>morning|afternoon|evening)\b",
        "early-late": r"\b(?P<el>early|late)\s+(?:in\s+the\s+|that\s+|at\s+)?"
        r"(?P<what>morning|afternoon|evening|night)\b",
        "when-came": rf"\b(?:when|as|till|until|before)\s+(?:the\s+)?(?P<what>{phases}|day)\s+"
        r"(?:came|broke|fell|had\s+come|arrived|dawned|drew\s+on)\b",
        # "It was noon", "It's still morning"
        "it-was": rf"\bit(?:\s+(?:{it_verbs})|['\u2019]s)\s+"
        r"(?P<q>(?:now|already|still|nearly|almost|just|past|well\s+past|getting|growing|late|early|quite|very|high|full|broad|mid-?)\s+)*"
        r"(?:(?:a|an|one|the)\s+)?"
        # "It was the middle of the morning", "the height of the summer": a part of it
        r"(?:(?:middle|height|heart|depths?|end|beginning|start)\s+of\s+the\s+)?"
        r"(?:(?!th(?:at|is|ose|ese)\b)[a-z'\u2019-]+\s+){0,2}?"
        rf"(?P<what>{phases}|{weekdays}|{seasons}|{months}|day|daylight)"
        rf"(?:\s+(?P<what2>{phases}))?\b{not_poss}",
        # "Monday found him at the bank": the time as the subject that finds someone
        "came": rf"\b(?P<what>{phases}|{weekdays}|{seasons})\s+(?:came|arrived|dawned|"
        r"had\s+come|had\s+arrived|came\s+round|set\s+in|had\s+set\s+in|came\s+on|fell|"
        r"was\s+come|broke|found)\b",
        "sun": rf"\b(?:{sun})\b",
        "weekday": rf"\b(?:(?P<pre>on|that|this|the\s+following|the\s+next|next|last|by|until|"
        # "On the morning of the Friday", "the evening of Monday"
        rf"till|early\s+on|late\s+on|(?:on\s+)?the\s+(?P<ofpart>morning|afternoon|evening|night)"
        rf"\s+of)\s+)?(?:the\s+|(?<=on\s)an?\s+)?(?P<wd>{weekdays})"
        rf"(?:\s+(?P<part>morning|afternoon|evening|night))?\b{not_poss}",
        "date-md": rf"\b(?:(?P<wd>{weekdays}),?\s+)?(?P<mon>{months}|(?:{abbr})\.)\s+(?:the\s+)?"
        rf"(?P<day>{ordinal}|\d{{1,2}})\b(?:,?\s+{year}\b)?",
        "date-dm": rf"\b(?:(?P<wd>{weekdays}),?\s+)?(?:the\s+)?(?P<day>{ordinal}|\d{{1,2}})\s+"
        rf"(?:day\s+)?(?P<of>of\s+)?(?P<mon>{months}|(?:{abbr})\.)(?:,?\s+{year}\b)?",
        "month-year": rf"\b(?P<mon>{months})\s+(?:of\s+)?{year}\b",
        "month": rf"\b(?P<pre>in|by|that|early\s+in|late\s+in|the\s+end\s+of|"
        r"the\s+beginning\s+of|the\s+middle\s+of|mid-|all\s+through|throughout|during|"
        rf"the\s+following|the\s+next|next|last)\s+(?:the\s+month\s+of\s+)?(?P<mon>{months})\b",
        "year": rf"\b(?P<pre>in|of|the\s+year|during|by|until|till|since)\s+{year}\b",
        "season": rf"\b(?P<pre>(?:early\s+|late\s+)?that|the\s+following|the\s+next|next|last|"
        # "By the middle of summer", "the end of the summer": a part of the season is in it
        r"(?:by\s+|in\s+|towards\s+)?the\s+(?:middle|end|beginning|height|depths?|heart)\s+of"
        r"(?:\s+the)?|the\s+same|"
        # "Deep in the summer", "We were well into autumn": the story is in that season
        r"(?:deep|well|far)\s+in(?:to)?(?:\s+the)?|"
        r"early\s+in\s+the|late\s+in\s+the|in\s+the|in|by|all\s+that|all\s+the|during\s+the|"
        r"throughout\s+the|all\s+through\s+the|the\s+whole\s+of\s+the|the\s+whole|all|"
        r"through\s+the|the)\s+(?P<el>(?:early|late|mid-?)\s*)?"
        rf"(?P<sea>{seasons})\b(?:\s+of\s+{year}\b)?"
        # "In the summer of that same year": the year already told, as "that summer" is
        r"(?P<its_year>\s+of\s+(?:that|this|the\s+same|that\s+same)\s+year\b)?"
        rf"{not_poss}",
        "back": rf"\b(?:the\s+(?P<what>{day_parts}|week|month|year|{weekdays}|{seasons})\s+before"
        rf"(?=\s*[,.;:\u2014])|the\s+previous\s+(?P<what2>{day_parts}|week|month|year|"
        rf"{weekdays}|{seasons})|(?:long|years|months|weeks)\s+(?:ago|before|earlier)\b|"
        rf"yesterday|last\s+(?:night|week|month|year|{seasons}|{weekdays}))\b",
        # "The Friday was wet": a weekday opening its sentence as the subject
        "the-weekday": rf"\bthe\s+(?P<wd>{weekdays})(?=\s+(?:was|dawned|came|broke)\b)",
        # "The next morning, a Friday, ...", "the day after, Sunday,"
        "weekday-appos": rf"(?<=,\s)(?:(?:a|an|which\s+was\s+a|being\s+a)\s+)?"
        rf"(?P<wd>{weekdays})(?=\s*[,.;:\u2014])",
        # "The following morning was a Monday", "the next day was Sunday"
        "weekday-was": rf"\b(?:was|is)\s+(?:a\s+)?(?P<wd>{weekdays})\b{not_poss}",
        # "Monday the 3rd", "on Friday, the fourteenth": a day of the month with its weekday
        "weekday-day": rf"\b(?P<wd>{weekdays}),?\s+the\s+(?P<day>{day_number})\b",
        # "On the 14th, ...": a day of the month alone (its month is the clock's)
        "on-the-day": rf"\bon\s+the\s+(?P<day>{day_number})\b",
        # "the clock struck eleven", "the church bells were chiming midnight"
        "strike": rf"\b(?:the\s+)?(?P<subj>{strikers})\b(?:\s+[a-z'\u2019-]+){{0,5}}?\s+"
        rf"(?:{strikes})\s+(?:out\s+)?(?:the\s+hour\s+of\s+)?"
        rf"(?P<hour>{hour_words}|noon|midnight)\b",
        # "the fresh morning air", "in the afternoon light"
        "phase-light": rf"\bthe\s+(?:(?:{light_adjectives})\s+)?(?P<what>{light_times})\s+"
        rf"(?:{light_nouns})\b",
        # "in the spring sunshine", "the first autumn frost"
        "season-light": rf"\bthe\s+(?:(?:first|last|{light_adjectives})\s+)?(?P<sea>{seasons})\s+"
        rf"(?:{season_nouns})\b",
        # "He spent the summer days in the garden", "in those winter evenings"
        "season-days": rf"\b(?:the|those|these)\s+(?:(?:{light_adjectives})\s+)?"
        rf"(?P<sea>{seasons})\s+(?:{season_time_nouns})\b",
        # "Marlow waited two days"
        "wait": rf"\b(?:{waits})\s+(?:for\s+)?(?:another\s+|a\s+further\s+)?"
        rf"(?P<count>{count})\s+(?P<unit>{unit})\b",
        # "Two days went by", "a week had passed": the days counted pass
        "elapse": rf"\b(?:(?:another|a\s+further)\s+)?(?P<count>{count})\s+(?:more\s+)?"
        rf"(?P<unit>{unit})\s+(?:{elapses})\b",
        # "the rest of the morning", "for the remainder of the afternoon": the time of day goes on
        "phase-rest": rf"\bthe\s+(?:{rests})\s+of\s+the\s+(?P<what>morning|forenoon|afternoon|"
        r"evening)\b",
        # "The morning was half gone", "the afternoon was wearing on": the time of day now
        "phase-now": rf"\bthe\s+(?P<what>morning|forenoon|afternoon|evening)\s+(?:was|is)\s+"
        rf"(?:(?:now|already|still|only|just)\s+)?(?:{progress})\b",
        # "He sat on through the afternoon", "She was busy all morning": the time of day lasts
        "phase-lasting": rf"\b(?:{lasting})\s+(?:(?:{light_adjectives})\s+)?"
        rf"(?P<what>{day_phases})\b{not_poss}{blocked}",
        # "The long morning stretched ahead of him", "The afternoon wore on", "The summer wore
        # on": the time of day or the season as the subject of the sentence it opens
        # ("Autumn was well under way when ...", "Summer wore on": a season needs no "the")
        "phase-subject": rf"\b(?:the\s+(?:(?:{light_adjectives})\s+){{0,2}}"
        rf"(?P<what>{day_phases}|{subject_seasons})|(?P<bare>{subject_seasons}))\b"
        rf"{not_poss}{blocked}(?!\s*[,;:\u2014-])",
        "clock": rf"\b(?P<prep>at|by|about|around|after|before|till|until|it\s+was)\s+"
        r"(?:(?:nearly|almost|exactly|precisely|just|about|half\s+past|a\s+quarter\s+"
        rf"(?:past|to|after|of)|(?:{num})\s+minutes\s+(?:past|to))\s+)*"
        r"(?P<hour>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
        rf"(?P<minutes>[:.]\d{{2}})?(?P<oclock>\s+o['\u2019]clock)?(?:\s+(?P<qual>{quals}))?"
        r"(?![\w'\u2019])",
    }
    keys = _keys(lex)
    anchors = frozenset().union(*(k[-1] for k in keys.values()))
    return Patterns(tuple((k, re.compile(v, re.I), keys[k]) for k, v in regexes.items()), anchors)


@lexicons.cache
def _meal_re() -> re.Pattern:
    meals = load_lexicon().data.get("meal_words", ()) or ["-"]
    return re.compile(rf"\b(?:{words_re(meals)})\b", re.I)


def _ordinal_keys(lex: TimeLexicon) -> frozenset[str]:
    """Words a day of the month is written with: "14th" is the words "14" and "th"."""
    d = lex.data
    words = set(d["ordinal_units"]) | set(d["ordinal_tens_and_teens"]) | set(d["ordinal_tens"])
    return frozenset(words | {"st", "nd", "rd", "th"})


def _words(phrases, keep_all: bool = False) -> frozenset[str]:
    """The words of `phrases`; without `keep_all`, not the common ones (`NOT_KEYS`), which
    would make poor anchors."""
    words = (w for p in phrases for w in re.findall(r"[a-z]+", str(p).lower()))
    return frozenset(w for w in words if keep_all or w not in NOT_KEYS)


def _keys(lex: TimeLexicon) -> dict[str, tuple[frozenset[str], ...]]:
    """Words a paragraph must contain for each pattern to be worth running (speed only)."""
    d = lex.data
    units = _words(lex.units)
    day_parts = frozenset("morning afternoon evening night day".split())
    phases = _words(lex.phase_of) | {"dark"}
    weekdays = frozenset(lex.weekday_of)
    months = frozenset(d["months"]) | frozenset(d["month_abbreviations"])
    seasons = _words(lex.season_of)
    calendar = phases | weekdays | seasons | months | {"day", "daylight"}
    comes = frozenset("came broke fell come arrived dawned drew set found".split())
    return {
        # every word, "on" too ("two days on"): these keys are required, not anchors
        "count": (units, _words(d["later_words"] + d["earlier_words"], keep_all=True), units),
        "next": (_words(d["next_words"]),),
        "after-part": (frozenset({"after", "following"}), day_parts),
        "morrow": (frozenset({"morrow"}),),
        "same": (frozenset({"that", "same"}), day_parts),
        "later-in": (frozenset({"later"}),),
        "meanwhile": (frozenset({"meanwhile", "meantime"}),),
        "later": (frozenset({"later", "afterwards", "afterward", "soon", "wards", "after"}),),
        "phase-at": (phases,),
        "in-the": (frozenset({"morning", "afternoon", "evening"}),),
        "early-late": (frozenset({"early", "late"}), day_parts),
        "when-came": (phases | {"day"}, comes),
        "it-was": (frozenset({"it"}), _words(d["it_was_verbs"]) | {"s"}, calendar),
        "came": (phases | weekdays | seasons, comes),
        "sun": (
            _words(lex.sun_event_of)
            & frozenset("sun dawn day sky morning night darkness dusk evening moon".split()),
        ),
        "weekday": (weekdays,),
        "date-md": (months,),
        "date-dm": (months,),
        "month-year": (months,),
        "month": (months,),
        "year": (YEARS,),
        "season": (seasons,),
        "back": (frozenset({"before", "previous", "ago", "earlier", "yesterday", "last"}),),
        "clock": (
            frozenset({"clock", "a.m.", "p.m.", "pm", "morning", "afternoon", "evening", "night"}),
        ),
        "the-weekday": (weekdays,),
        "weekday-appos": (weekdays,),
        "weekday-was": (frozenset({"was", "is"}), weekdays),
        "weekday-day": (weekdays,),
        "on-the-day": (frozenset({"on"}), _ordinal_keys(lex)),
        "strike": (
            _words(d["striking_subjects"]),
            _words(d["striking_verbs"]) - {"had", "was", "is", "just"},
        ),
        "phase-light": (_words(d["phase_light_nouns"]), _words(d["phase_light_times"])),
        "season-light": (_words(d.get("season_light_nouns", ())), _words(lex.season_of)),
        "wait": (_words(d["waiting_verbs"]), units),
        "elapse": (_words(d["elapse_verbs"]), units),
        "phase-now": (
            frozenset({"was", "is"}),
            frozenset({"morning", "forenoon", "afternoon", "evening"}),
        ),
        "phase-rest": (
            _words(d["rest_of_words"]),
            frozenset({"morning", "forenoon", "afternoon", "evening"}),
        ),
        "season-days": (_words(d.get("season_time_nouns", ())), _words(lex.season_of)),
        "phase-lasting": (
            _words(d.get("phase_lasting_words", ())) | {"all"},
            frozenset({"morning", "forenoon", "afternoon", "evening"}),
        ),
        "phase-subject": (
            frozenset({"morning", "forenoon", "afternoon", "evening"})
            | (_words(lex.season_of) - {"fall"}),
        ),
    }


@dataclass(frozen=True)
class ParagraphWords:
    """A paragraph's lower-cased text and its set of words, computed once for every reader."""

    low: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> ParagraphWords:
        low = text.lower()
        if len(low) != len(text):
            low = text  # a letter whose lower case is longer: keep offsets exact
        return cls(low, frozenset(WORD_RE.findall(low)))


def find_candidates(text: str, words: ParagraphWords | None = None) -> list[Candidate]:
    """Every time expression in `text`, nested ones dropped in favour of the longer."""
    words = words or ParagraphWords.of(text)
    patterns = compiled()
    present = words.words & patterns.anchors
    if not present:
        return []
    lex = load_lexicon()
    found: list[Candidate] = []
    low = words.low
    for name, regex, keys in patterns.regexes:
        anchors = present & keys[-1]
        if not anchors or any(words.words.isdisjoint(k) for k in keys[:-1]):
            continue
        before, after = REACH.get(name, (WINDOW, WINDOW))
        for start, end in _windows(low, anchors, before, after):
            for match in regex.finditer(low, start, end):
                candidate = _read(name, match, text, lex)
                if candidate is not None:
                    if candidate.phase is not None and _meal_re().search(candidate.text):
                        # "After supper Rosa cleared the table"; not "she dropped a tray at
                        # lunch", which may be any day's lunch as far as the clock can tell
                        candidate.opening_only = True
                    found.append(candidate)
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            if candidate.end <= kept[-1].end:
                continue  # inside a longer one that says the same and more
            if candidate.end - candidate.start <= kept[-1].end - kept[-1].start:
                continue
            kept.pop()
        kept.append(candidate)
    return kept


WINDOW = 80  # characters either side of a key word that a match can reach
# Patterns whose key word sits at a known place in the match reach less far.
REACH = {
    "strike": (60, 30),
    "on-the-day": (25, 15),
    "came": (30, 30),
    "when-came": (40, 30),
    "phase-at": (30, 20),
    "it-was": (70, 30),
    "count": (50, 30),
    "in-the": (15, 15),
    "same": (35, 20),
}


def _windows(
    low: str, anchors: set[str] | frozenset[str], before: int, after: int
) -> list[tuple[int, int]]:
    """Stretches of text around each key word: the patterns run only there (speed only)."""
    spots = []
    for word in anchors:
        at = low.find(word)
        while at != -1:
            if at == 0 or not low[at - 1].isalpha():  # a word, not the inside of one
                spots.append(at)
            at = low.find(word, at + len(word))
    spots.sort()
    windows: list[tuple[int, int]] = []
    for at in spots:
        start, end = max(0, at - before), min(len(low), at + after)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


LIMIT_WORDS = frozenset("till until before since after from to by".split())


def _after_limit_word(text: str, start: int) -> bool:
    """The word before a date is one that makes it a limit or a reference."""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 12) : start])
    return bool(before) and before[-1].lower() in LIMIT_WORDS


def _capitalised(text: str, start: int) -> bool:
    return text[start : start + 1].isupper()


def _followed_by_punct(text: str, end: int) -> bool:
    rest = text[end : end + 3].lstrip()
    return not rest or rest[0] in ",.;:!?\u2014)\"'\u201d\u2019-"


def _count(lex: TimeLexicon, text: str) -> tuple[int, int] | None:
    key = re.sub(r"\s+", " ", text.lower())
    if key in lex.vague:
        return lex.vague[key]
    value = lex.number(text)
    return None if value is None else (value, value)


def _days(lex: TimeLexicon, count: tuple[int, int], unit: str, more: bool) -> tuple[float, float]:
    per = lex.units[unit.lower()]
    lo, hi = count
    if more:
        hi = hi + 1 if hi == lo else hi
    lo_days, hi_days = float(lo * per), float(hi * per)
    if per >= 365:
        margin = lex.data["year_margin_days"]
        return max(lo_days - margin, 0.0), hi_days + margin
    if per >= 28:
        margin = lex.data["month_margin_days"]
        return max(lo_days - margin, 0.0), hi_days + margin
    return lo_days, hi_days


def _month(lex: TimeLexicon, text: str, raw: str, start: int) -> int | None:
    key = raw.lower().rstrip(".")
    month = lex.month_of.get(key)
    if month is None or not _capitalised(text, start):
        return None
    return month


def _read(name: str, m: re.Match, text: str, lex: TimeLexicon) -> Candidate | None:
    g = m.groupdict()
    c = Candidate(name, m.start(), m.end(), text=text[m.start() : m.end()])
    phase_of = lex.phase_of
    if name == "count":
        count = _count(lex, g["count"])
        if count is None:
            return None
        direction = (g["dir"] or "").lower()
        if g["after"] and not direction:
            direction = "later"  # "After three days, ...", "In three weeks the worst was over"
            c.opening_only = True
        elif g["after"]:
            return None
        if not direction:
            return None
        if direction in ("after", "on", "before", "back", "since") and not _followed_by_punct(
            text, m.end()
        ):
            return None  # "two days after the wedding": relative to the wedding
        if lex.units[g["unit"].lower()] == 0:
            if direction in lex.data["earlier_words"]:
                return None
            c.gap = (0.0, 0.0)
            c.same_day = True
            return c
        days = _days(lex, count, g["unit"], bool(g["more"]))
        if direction in lex.data["earlier_words"]:
            c.back = True
            c.gap = (-days[1], -days[0])
            return c
        c.gap = days
        return c
    if name == "next":
        what = g["what"].lower()
        c.next_occurrence = True
        if what in lex.weekday_of:
            if not _capitalised(text, m.start("what")):
                return None
            c.weekday = lex.weekday_of[what]
            c.gap = (1.0, 7.0)
        elif what in ("morning", "day", "afternoon", "evening", "night"):
            c.gap = (1.0, 1.0)
            c.phase = phase_of.get(what)
        elif what == "week":
            c.gap = (7.0, 13.0)
        elif what == "month":
            c.gap = (28.0, 61.0)
        elif what == "year":
            c.gap = (180.0, 730.0)
        elif what in lex.season_of:
            if what == "fall" and not g["next"]:
                return None
            c.season = lex.season_of[what]
            c.gap = (1.0, 365.0)
        return c
    if name in ("after-part", "morrow"):
        c.gap = (1.0, 1.0)
        what = (g.get("what") or "").lower()
        c.phase = phase_of.get(what)
        return c
    if name == "same":
        what = g["what"].lower()
        c.same_day = True
        c.gap = (0.0, 0.0)
        c.phase = phase_of.get(what)
        if (g["el"] or "").lower() == "later" and what == "day":
            c.phase = None
        return c
    if name == "later-in":
        c.same_day = True
        c.gap = (0.0, 0.0)
        c.phase = phase_of.get(g["what"].lower())
        return c
    if name == "meanwhile":
        c.same_day = True
        c.gap = (0.0, 0.0)
        return c
    if name == "later":
        c.vague = True
        # A bare "afterwards" or "a little later" (not "long afterwards", "some time later")
        # inside a sentence is the same occasion: "said Frankie, afterwards, packing up".
        c.brief = bool(BRIEF_LATER.match(m.group(0)))
        return c
    if name == "phase-at":
        what = g["what"].lower()
        prep = g["prep"].lower()
        if what in ("night", "dark"):
            if prep not in ("after", "till", "until", "towards", "toward"):
                return None  # "at night": habitual as often as not
            c.phase = "night" if what == "dark" or prep == "after" else "evening"
            return c
        phase = phase_of.get(what)
        if prep == "before" and phase == "dawn":
            phase = "night"
        elif prep == "before" and phase == "noon":
            phase = "morning"
        elif prep == "after" and phase == "noon":
            phase = "afternoon"
        elif prep == "after" and phase == "dawn":
            phase = "morning"
        c.phase = phase
        return c
    if name in ("in-the", "early-late"):
        c.phase = phase_of.get(g["what"].lower())
        return c
    if name == "when-came":
        what = g["what"].lower()
        c.phase = "dawn" if what == "day" else phase_of.get(what)
        return c
    if name == "it-was":
        return _it_was(c, g, m, text, lex)
    if name == "came":
        what = g["what"].lower()
        c.state = True
        if what in lex.weekday_of:
            if not _capitalised(text, m.start("what")):
                return None
            c.weekday = lex.weekday_of[what]
            c.next_occurrence = True  # "Thursday came": the clock moved on to it
            c.gap = (1.0, 7.0)
        elif what in lex.season_of:
            if what == "fall":
                return None
            c.season = lex.season_of[what]
        else:
            c.phase = phase_of.get(what)
        return c
    if name == "sun":
        c.phase = lex.sun_event_of.get(re.sub(r"\s+", " ", m.group().lower()))
        c.state = True
        return c if c.phase else None
    if name == "weekday":
        if not _capitalised(text, m.start("wd")):
            return None
        pre = re.sub(r"\s+", " ", (g["pre"] or "").lower())
        c.weekday = lex.weekday_of[g["wd"].lower()]
        c.phase = phase_of.get((g["part"] or g["ofpart"] or "").lower())
        if pre in ("until", "till") and not _not_until(text, m.start()):
            return None  # "until Monday": a limit, not the day it is
        if pre == "by":
            c.opening_only = True  # "By Friday he had heard nothing": the day it is by then
        if (
            not pre
            and not g["part"]
            and not _spent_before(text[max(0, m.start() - 12) : m.start()])
        ):
            # a bare "Friday" may be a name; "on Friday", "Friday morning" are days, and so is
            # the time a character spends ("He spent Wednesday at his desk")
            return None
        if pre == "last":
            c.back = True
        elif pre in ("the following", "the next", "next"):
            c.next_occurrence = True
            c.gap = (1.0, 7.0)
        return c
    if name in ("date-md", "date-dm", "month-year") and _after_limit_word(text, m.start()):
        return None  # "till the first of September": a limit, not the date it is
    if name in ("date-md", "date-dm"):
        month = _month(lex, text, g["mon"], m.start("mon"))
        if month is None:
            return None
        day = lex.ordinal(g["day"]) or lex.number(g["day"])
        if day is None or not 1 <= day <= 31:
            return None
        if name == "date-dm" and not g.get("of") and not g["day"][:1].isdigit():
            return None  # "fourth June" is not how dates are written; "fourth of June" is
        if name == "date-md" and g["mon"].lower() in lex.data["ambiguous_months"]:
            if not (g["day"][:1].isdigit() or g["year"]):
                return None  # "May the fourth" is fine, "March the second regiment" not
        c.month, c.day = month, day
        c.year = _year(lex, g.get("year"))
        if g.get("wd"):
            if not _capitalised(text, m.start("wd")):
                return None
            c.weekday = lex.weekday_of[g["wd"].lower()]
            c.weekday_at = (m.start("wd"), m.end("wd"))
        c.season = lex.season_for_month(month)
        return c
    if name == "month-year":
        month = _month(lex, text, g["mon"], m.start("mon"))
        year_value = _year(lex, g["year"])
        if month is None or year_value is None:
            return None
        c.month, c.year = month, year_value
        c.season = lex.season_for_month(month)
        return c
    if name == "month":
        month = _month(lex, text, g["mon"], m.start("mon"))
        if month is None or _after_limit_word(text, m.start()):
            return None
        pre = re.sub(r"\s+", " ", g["pre"].lower())
        if g["mon"].lower() in lex.data["ambiguous_months"] and pre not in (
            "in",
            "that",
            "early in",
            "late in",
        ):
            return None
        c.month = month
        c.season = lex.season_for_month(month)
        if pre == "last":
            c.back = True
        elif pre in ("the following", "the next", "next"):
            c.next_occurrence = True
            c.gap = (1.0, 365.0)
        elif pre == "that":
            c.same_period = True
        return c
    if name == "year":
        year_value = _year(lex, g["year"])
        if year_value is None:
            return None
        c.year = year_value
        if g["pre"].lower() == "since":
            c.back = True
        return c
    if name == "season":
        return _season(c, g, text, lex)
    if name == "back":
        c.back = True
        return c
    if name == "clock":
        return _clock(c, g, lex)
    return _read_more(name, c, g, m, text, lex)


# A weekday set off by commas or stated with "was" names the day only after one of these:
# "The next morning, a Friday,", "the following day was Sunday".
TIME_NOUN_BEFORE = re.compile(
    # ("The day after that was a Friday")
    r"(?:day|morning|afternoon|evening|night|morrow|today|later|after|after\s+that|following|which|"
    r"\d(?:st|nd|rd|th)|first|second|third|[a-z]*(?:fth|xth|nth|hth|ieth|enth|fourth))\W*$",
    re.I,
)
STRIKE_FOLLOWERS = re.compile(
    r"\s*(?:o['\u2019]clock\b|[,.;:!?\u2014)\"\u201d]|$|(?:as|when|and|while|in|at|from|on|"
    r"before|just|that|across|over|through|behind|somewhere|outside|below|above)\b)",
    re.I,
)


def _read_more(
    name: str, c: Candidate, g: dict, m: re.Match, text: str, lex: TimeLexicon
) -> Candidate | None:
    """The patterns added for weekdays said in passing, days of the month, striking clocks,
    the light of a time of day, and waiting."""
    if name in ("the-weekday", "weekday-appos", "weekday-was", "weekday-day"):
        if not _capitalised(text, m.start("wd")):
            return None
        if name in ("weekday-appos", "weekday-was") and not TIME_NOUN_BEFORE.search(
            text[max(0, m.start() - 30) : m.start()]
        ):
            return None  # "his man, Friday,": a name, not the day
        c.weekday = lex.weekday_of[g["wd"].lower()]
        if name == "the-weekday":
            c.state = True
            c.opening_only = True  # "The Friday was wet"; not "he hated the Sunday"
        if name == "weekday-day":
            day = _day_of_month(lex, g["day"])
            if day is None:
                return None
            c.day = day
            c.weekday_at = (m.start("wd"), m.end("wd"))
        return c
    if name == "on-the-day":
        day = _day_of_month(lex, g["day"])
        rest = text[m.end() : m.end() + 40]
        if day is None or re.match(r"\s+(?:of|day|time|floor|instant|inst)\b", rest, re.I):
            return None  # "on the third day" is counted elsewhere; "the 3rd of June" is a date
        if not re.match(r"\s*(?:[,.;:\u2014]|[A-Z])", rest):
            return None  # "on the third landing"
        c.day = day
        return c
    if name == "strike":
        if not STRIKE_FOLLOWERS.match(text[m.end() : m.end() + 20]):
            return None  # "it struck three men"
        hour = g["hour"].lower()
        c.state = True
        if hour == "noon":
            c.hour, c.phase = 12, "noon"
        elif hour == "midnight":
            c.hour, c.phase = 0, "night"
        else:
            c.hour, c.dial = HOURS[hour], True
        return c
    if name == "season-days":
        word = g["sea"].lower()
        if word == "fall":
            return None
        c.season = lex.season_of.get(word)
        c.same_period = True  # "the summer days": this year's, as "that summer" is
        return c if c.season else None
    if name == "season-light":
        c.season = lex.season_of.get(g["sea"].lower())
        c.state = True
        return c if c.season else None
    if name == "phase-light":
        c.phase = lex.phase_of.get(g["what"].lower())
        c.state = True
        return c if c.phase else None
    if name == "phase-now":
        c.phase = lex.phase_of.get(g["what"].lower())
        c.state = True
        c.opening_only = True  # "The morning was half gone when ..."; not "all the morning"
        return c if c.phase else None
    if name in ("phase-rest", "phase-lasting"):
        c.phase = lex.phase_of.get(g["what"].lower())
        c.state = True
        return c if c.phase else None
    if name == "phase-subject":
        if g["bare"] and not _capitalised(text, m.start("bare")):
            return None  # a bare season opens its sentence: "Summer wore on"
        what = (g["what"] or g["bare"]).lower()
        c.phase = lex.phase_of.get(what)
        c.season = None if c.phase else lex.season_of.get(what)
        c.state = True
        c.opening_only = True  # and its subject (expressions.py): "The long morning stretched"
        return c if c.phase or c.season else None
    if name in ("wait", "elapse"):
        count = _count(lex, g["count"])
        if count is None:
            return None
        if lex.units[g["unit"].lower()] == 0:
            c.gap, c.same_day = (0.0, 0.0), True
            return c
        c.gap = _days(lex, count, g["unit"], False)
        return c
    return None


def _day_of_month(lex: TimeLexicon, raw: str) -> int | None:
    day = lex.ordinal(raw)
    return day if day is not None and 1 <= day <= 31 else None


def _year(lex: TimeLexicon, raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    low, high = lex.data["year_range"]
    return value if low <= value <= high else None


# "did not ... until", "didn't ... till", "never ... until": the negation names when it happened.
NOT_UNTIL = re.compile(r"(?:\bnot|n['\u2019]t|\bnever)\b[^.;:!?,\u2014]*\Z", re.I)


def _not_until(text: str, start: int) -> bool:
    """ "He did not go back until Friday": it was Friday when he went, as "He did not get up
    until noon" says when he got up (a negation earlier in the clause, no stop between)."""
    return NOT_UNTIL.search(text[max(0, start - 60) : start]) is not None


IT_WAS_FOLLOWERS = frozenset(
    "and when while before by of in at again now already once yet but as so with the because "
    "though although after then outside there".split()
)


def _spent_before(before: str) -> bool:
    words = re.findall(r"[a-z]+", before.lower())
    return bool(words) and words[-1] in load_lexicon().data["time_spending_forms"]


def _it_was(c: Candidate, g: dict, m: re.Match, text: str, lex: TimeLexicon) -> Candidate | None:
    rest = text[m.end() : m.end() + 20]
    after = rest.lstrip()
    if after and after[0].isalpha():
        # isalpha() is true of "É" too, which the pattern does not match: no follower either.
        follower = re.match(r"[A-Za-z']+", after)
        word = follower.group().lower() if follower else ""
        if word not in IT_WAS_FOLLOWERS and not word.isdigit():
            return None  # "It was a summer house": the season word describes a noun
    c.state = True
    if after.lower().startswith(("before ", "ere ", "till ", "until ")):
        # "It was nearly May before he was well": time passed to get there
        c.state = False
        c.vague = True
    for key in ("what", "what2"):
        what = (g.get(key) or "").lower()
        if not what:
            continue
        if what in lex.weekday_of:
            if not _capitalised(text, m.start(key)):
                return None
            c.weekday = lex.weekday_of[what]
        elif what in lex.season_of:
            if what == "fall":
                return None
            c.season = lex.season_of[what]
        elif what in lex.month_of:
            month = _month(lex, text, what, m.start(key))
            if month is None:
                return None
            c.month = month
            c.season = lex.season_for_month(month)
        elif what in ("day", "daylight"):
            if what == "daylight" or "broad" in (g.get("q") or "").lower():
                c.phase = "morning"
            else:
                return None  # "it was a day of rest"
        else:
            c.phase = lex.phase_of.get(what)
    return c


def _season(c: Candidate, g: dict, text: str, lex: TimeLexicon) -> Candidate | None:
    word = g["sea"].lower()
    pre = re.sub(r"\s+", " ", g["pre"].lower())
    pre = re.sub(r"^(?:early|late) (?=that$)", "", pre)  # "Early that autumn" is "that autumn"
    year_value = _year(lex, g.get("year"))
    if word == "fall" and pre not in ("that", "the following", "the next", "next", "last"):
        return None  # "the fall of the house"
    spent = pre == "the" and SPENDING_BEFORE.search(text, 0, c.start) is not None
    if pre == "the" and year_value is None and not spent:
        if not _season_now(text, c, g):
            return None  # "the summer" alone is anywhere in time
        c.state = True
        c.opening_only = True
    c.season = lex.season_of[word]
    c.year = year_value
    now_in = pre in ("in", "in the") and NOW_BEFORE.search(text, 0, c.start) is not None
    if pre.startswith(STATE_PRES) or now_in:
        # "Deep in the summer, ...", "By mid-summer, ...", "By the middle of summer": the
        # story's now is in that season, as "It was summer" says
        c.state = True
    if pre == "last":
        c.back = True
    elif pre in ("the following", "the next", "next"):
        c.next_occurrence = True
        c.gap = (1.0, 365.0)
    elif pre in ("that", "the same", "all that") or spent or g.get("its_year"):
        # ("We spent the summer at the coast": this year's, as "spent that summer" is)
        c.same_period = True
    elif pre in THROUGH_PRES and c.year is None:
        # "He had not been well all autumn": the season ran on up to the now
        c.same_period = True
        c.through = True
    return c


# "We spent the summer at the coast": a verb of spending time right before "the SEASON"
# (not "had spent the summer", which looks back)
SPENDING_BEFORE = re.compile(
    r"(?<!\bhad\s)(?<!\bhave\s)(?<!\bhas\s)(?<!['\u2019]d\s)\b(?:spent|spend|spends)\s+$", re.I
)
# "Now, in the summer, ...": "now" before "in the SEASON" makes it the story's season
NOW_BEFORE = re.compile(r"\bnow,?\s+$", re.I)
STATE_PRES = ("deep ", "well ", "far ", "by")
THROUGH_PRES = frozenset({"all", "all the", "all through the", "the whole", "the whole of the"})


SEASON_NOW = re.compile(
    # "The autumn was half over" is still autumn
    r"\s+(?:was|had\s+been)\b(?!\s+(?:(?!half\b)\w+\s+)?(?:over|past|gone|ended|done|"
    r"at\s+an\s+end|behind|spent|forgotten)\b)",
    re.I,
)


def _season_now(text: str, c: Candidate, g: dict) -> bool:
    """ "The autumn was well advanced when ...", "The winter had been hard": the season of the
    story's now, when it opens the sentence as the subject of "was" (not "The summer was
    over": then it is past)."""
    if g.get("el") or not text[c.start : c.start + 3] == "The":
        return False
    return SEASON_NOW.match(text, c.end) is not None


HOURS = {
    w: i + 1
    for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())
}


def _phase_of_hour(hour: int) -> str:
    if hour < 5 or hour >= 22:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


def _clock(c: Candidate, g: dict, lex: TimeLexicon) -> Candidate | None:
    raw = g["hour"].lower()
    hour = HOURS.get(raw) or (int(raw) if raw.isdigit() else None)
    if hour is None or hour > 24:
        return None
    qual = re.sub(r"\s+", " ", (g["qual"] or "").lower())
    if not (g["oclock"] or qual or g["minutes"]):
        return None  # "at three" could be anything
    if g["minutes"] and not (g["oclock"] or qual) and g["minutes"][0] == ".":
        return None  # "at 3.50": a price as often as a time
    phase = lex.data["hour_qualifiers"].get(qual)
    if phase == "morning" and hour <= 4:
        phase = "night"  # "two in the morning": the small hours
    if hour > 12:
        phase = "afternoon" if hour < 18 else "evening" if hour < 21 else "night"
    if hour < 12 and (phase in ("afternoon", "evening") or phase == "night" and hour >= 6):
        hour += 12  # "four in the afternoon", "ten at night"; "two at night" stays small
    if qual in ("p.m.", "pm", "a.m.", "am") or hour > 12:
        phase = _phase_of_hour(hour)
    c.hour = hour
    c.phase = phase
    c.dial = phase is None and hour <= 12  # "at ten o'clock": morning or night
    if g["prep"].lower().startswith("it"):
        c.state = True
    return c


INFINITE = INF
