"""Characters' ages, birthdays and years of birth, as the narration states them.

Read from affirmed narration only:

- "Anna was twenty-six.", "he was now five and twenty", "She was nearly
  thirty" (28 to 29), "Anna, aged twenty-six,", "she turned thirty",
  "she had just turned twenty";
- "It was her thirtieth birthday.", "On his fortieth birthday, ...";
- "Anna was born in 1850", "he had been born on the 4th of June, 1850".

The person must be a character the character stage knows, named in the
clause or a pronoun it resolved: an age pinned on the wrong "she" is a false alarm waiting
to happen. "She was twenty when she married" (an age at another time), "was
then twenty", "was twenty yards away" and "was one of twenty" are not ages.
A pronoun counts only when the last name before it in its paragraph is its
character's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.families.time.expressions import _before_semicolon
from storylint.families.time.lexicon import load_lexicon, words_re
from storylint.families.time.patterns import ParagraphWords, _windows
from storylint.nlp.modes import DIAL, HYPO, NEG, QUES, WISH, paragraph_mode_bits
from storylint.people.entities import Gender, MentionKind
from storylint.pipeline.layers import CHARACTERS, QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

NOT_FACT = DIAL | HYPO | WISH | NEG | QUES
MODALS = frozenset({"would", "could", "might", "should", "must", "may", "can", "will", "shall"})


@dataclass(eq=False)
class AgeStatement:
    """One narrated statement of a character's age, birthday or birth."""

    character_id: int
    kind: str  # "age", "birthday" (the age is reached that day), "born"
    parsed_index: int
    start: int  # source offsets of the whole statement
    end: int
    lo: int | None = None  # the age, as an interval (nearly thirty: 28..29)
    hi: int | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    by_name: bool = True

    @property
    def age_text(self) -> str:
        if self.lo is None:
            return "unknown"
        return str(self.lo) if self.lo == self.hi else f"{self.lo} to {self.hi}"


@lexicons.cache
def _regexes() -> dict[str, re.Pattern]:
    lex = load_lexicon()
    d = lex.data
    num = lex.number_re
    quals = words_re(d["age_qualifiers"]["exact"] + d["age_qualifiers"]["nearly"])
    tails = words_re(d["age_tails"])
    months = words_re(d["months"])
    nouns = words_re(d["age_person_nouns"])
    decades = words_re(d["age_decades"])
    return {
        "was": re.compile(
            rf"\b(?P<verb>was|is|turned|had\s+(?:just\s+|now\s+)?turned|had\s+been)\s+"
            rf"(?:(?P<qual>{quals})\s+)?"
            rf"(?P<num>{num})(?P<tail>\s+(?:{tails}))?(?![\w'\u2019-])",
            re.I,
        ),
        "aged": re.compile(rf"\baged\s+(?P<num>{num})(?![\w'\u2019-])", re.I),
        # "At forty-one, Tess had little patience left": an age opening its sentence, or set
        # between commas after its subject ("Tess, at forty-one, was the youngest there")
        "at": re.compile(
            rf"(?:\b(?:Even\s+a|A)t|(?<=,\s)at)\s+(?P<age_of>the\s+age\s+of\s+)?(?P<num>{num})"
            rf"(?P<tail>\s+(?:{tails}))?(?![\w'\u2019-])(?=\s*,?\s+[A-Za-z])"
        ),
        # "a thirty-one-year-old", "a man of forty", "in her early thirties" (a noun phrase
        # that tells an age: `age_person_nouns`, `age_decades`), read after "was", in
        # apposition ("Tess, a woman of forty, ...") or before a name ("the ten-year-old Ann")
        "phrase": re.compile(
            rf"(?<![\w-])(?:(?P<num>{num})[\s\u2010-]+years?[\s\u2010-]+old(?![\w-])"
            rf"|(?P<noun>{nouns})\s+of\s+(?P<num2>{num})(?:\s+(?:{tails}|years))?(?![\w'\u2019-])"
            rf"|in\s+(?:his|her|their|my|your)\s+(?:(?P<part>early|mid|late)[\s-]*)?"
            rf"(?P<decade>{decades})\b"
            # "Tess, now forty-one, ...": a bare age between commas right after a name
            rf"|(?<=,\s)(?:(?P<bq>{quals})\s+)?(?P<num3>{num})"
            rf"(?:\s+(?:{tails}))?(?:\s+now)?(?=\s*,))",
            re.I,
        ),
        # "Being only seventeen, Amelia said nothing", "Now forty, she lived alone", "Aged
        # twenty, Tom ...", "Still only twenty, Tom ...": an age opening its sentence
        "being": re.compile(
            rf"\b(?P<being>Being|Now|Aged|Still)\s+(?:(?P<qual>{quals})\s+)?(?P<num>{num})"
            rf"(?P<tail>\s+(?:{tails}))?"
            rf"(?=\s*,)"
        ),
        "birthday": re.compile(
            rf"\b(?P<poss>his|her|[A-Z][a-z]+['\u2019]s)\s+(?P<ord>{lex.ordinal_re})\s+birthday\b"
        ),
        "born": re.compile(
            rf"\bborn\s+(?:on\s+|in\s+)?(?:(?:the\s+)?(?P<day>\d{{1,2}}|{lex.ordinal_re})"
            rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{months})|(?P<mon2>{months})\s+"
            rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s*(?:in\s+)?(?P<year>1\d{{3}}|20\d{{2}})?\b"
        ),
    }


def paragraph_ages(
    model: StoryModel, parsed_index: int, words: ParagraphWords | None = None
) -> list[AgeStatement]:
    characters = model.get(CHARACTERS)
    if characters is None or not characters.characters:
        return []
    parsed = model.parsed[parsed_index]
    text = parsed.paragraph.text
    words = words or ParagraphWords.of(text)
    present = words.words
    found: list[AgeStatement] = []
    numbers = present & _number_words()
    for name, regex in _regexes().items():
        if name == "was":
            if not numbers or present.isdisjoint(("was", "is", "turned", "been")):
                continue
            spans = _windows(words.low, numbers, 45, 40)
        elif name == "at":
            if not numbers or "at" not in present:
                continue
            spans = [(0, len(text))]
        elif name == "phrase":
            if present.isdisjoint(_phrase_keys()) and not numbers:
                continue
            spans = [(0, len(text))]
        elif name == "being":
            if not numbers or present.isdisjoint(("being", "now", "aged", "still")):
                continue
            spans = [(0, len(text))]
        elif name not in present:
            continue
        else:
            spans = [(0, len(text))]
        for start, end in spans:
            for match in regex.finditer(text, start, end):
                statement = _read(model, characters, parsed_index, name, match)
                if statement is not None:
                    found.append(statement)
    if numbers and "i" in present:
        found.extend(_said_ages(model, characters, parsed_index))
    found.sort(key=lambda s: s.start)
    return found


@lexicons.cache
def _said_re() -> re.Pattern:
    lex = load_lexicon()
    d = lex.data
    quals = words_re(d["age_qualifiers"]["exact"] + d["age_qualifiers"]["nearly"])
    tails = words_re(d["age_tails"])
    return re.compile(
        rf"(?:^|(?<=[\"\u201c\u2018'.!?;,\u2014]\s)|(?<=[\"\u201c\u2018']))I(?:['\u2019]m|\s+am)\s+"
        rf"(?:(?P<qual>{quals})\s+)?(?P<num>{lex.number_re})(?P<tail>\s+(?:{tails}))?"
        r"(?=\s*(?:[.!;\u2014\"\u201d\u2019']|,\s*(?!if\b|when\b|next\b|in\b)))"
    )


def _said_ages(
    model: StoryModel, characters: CharacterIndex, parsed_index: int
) -> list[AgeStatement]:
    """ "'I'm twelve,' Ann said": a speaker's own age, in a quotation whose speaker a dialogue
    tag names (not one guessed from the turns of a conversation), said plainly: not asked,
    wished, denied or told as "when I'm twenty" or "I'm forty if I'm a day"."""
    quotes = model.get(QUOTES)
    parsed = model.parsed[parsed_index]
    doc = parsed.doc
    text = parsed.paragraph.text  # the parsed text; doc.text would rebuild it
    found: list[AgeStatement] = []
    # The cheap test first: most paragraphs with "I" and a number say no "I'm N" at all.
    said = [
        (quote, match)
        for quote in quotes.in_paragraph(parsed_index)
        if quote.evidence == "explicit" and quote.speaker_id is not None and quote.speaker_id >= 0
        for match in _said_re().finditer(
            text,
            doc[quote.token_start : quote.token_end].start_char,
            doc[quote.token_start : quote.token_end].end_char,
        )
    ]
    if not said:
        return found
    lex = load_lexicon()
    bits = paragraph_mode_bits(model, parsed_index)
    untrue = frozenset(lex.data["untrue_speech_verbs"])
    if any(t.lemma_.lower() in untrue and not quotes.in_quote(parsed_index, t.i) for t in doc):
        return found  # '"I'm twenty-one," Leah lied': the narration says it is not so
    for quote, match in said:
        speaker = quote.speaker_id
        if speaker is None:  # kept out above; said again for the type checker
            continue
        stated = _stated_age(lex, match.group("num"), match.group("qual"))
        if stated is None:
            continue
        first = _token_at(doc, match.start())
        if first is None or bits[first.i] & (HYPO | WISH | NEG | QUES) or _memory(bits[first.i]):
            continue
        lo, hi = stated
        chars = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if chars is None:
            continue
        start, end = parsed.source_span(chars)
        found.append(AgeStatement(speaker, "age", parsed_index, start, end, lo, hi, by_name=False))
    return found


def _stated_age(lex, number: str, qualifier: str | None) -> tuple[int, int] | None:
    """(lowest, highest) age a number and its qualifier state, or None when the number is no
    age (out of `ages`): one reading for every pattern, so "nearly ten" is 8-9 everywhere."""
    value = lex.number(number)
    low_age, high_age = lex.data["ages"]
    if value is None or not low_age <= value <= high_age:
        return None
    if (qualifier or "").lower() in lex.data["age_qualifiers"]["nearly"]:
        return value - 2, value - 1
    return value, value


@lexicons.cache
def _number_words() -> frozenset[str]:
    d = load_lexicon().data
    words = set(d["units"]) | set(d["tens_and_teens"]) | set(d["tens"]) | {"hundred"}
    return frozenset(words | {str(n) for n in range(1, 121)})


def _read(
    model: StoryModel, characters: CharacterIndex, parsed_index: int, name: str, match: re.Match
) -> AgeStatement | None:
    lex = load_lexicon()
    parsed = model.parsed[parsed_index]
    doc = parsed.doc
    text = parsed.paragraph.text
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None or not len(span):
        return None
    quotes = model.get(QUOTES)
    if quotes.in_quote(parsed_index, span[0].i):
        return None
    bits = paragraph_mode_bits(model, parsed_index)
    g = match.groupdict()
    start, end = parsed.source_span(span)
    if name == "at":
        return _read_at(model, characters, parsed_index, match, bits, start, end)
    if name == "phrase":
        return _read_phrase(model, characters, parsed_index, match, bits, end)
    if name == "being":
        return _read_being(model, characters, parsed_index, match, bits, start, end)
    if name in ("was", "aged"):
        stated = _stated_age(lex, g["num"], g.get("qual"))
        if stated is None:
            return None
        verb_words = match.group("verb").lower().split() if name == "was" else []
        held = verb_words in (["was"], ["is"])
        # "had been thirty for a month", "had turned thirty-one in the spring": an age
        # reached before the now and still held at it
        lasting = verb_words[:1] == ["had"] and verb_words[-1] in ("been", "turned")
        if lasting and _lasting_age(text, match, verb_words[-1]):
            pass
        elif verb_words == ["turned"] and _lasting_age(text, match, "turned"):
            # "She turned thirty that winter": the age holds from then on, as "had turned"
            lasting = True
        elif verb_words == ["had", "been"]:
            return None  # "had been twenty when ...": an age at another time
        elif not _ends_as_age(text, match, g.get("tail"), held):
            return None
        else:
            lasting = False
        lo, hi = stated
        if name == "was":
            verb = _token_at(doc, match.start("verb"))
            if verb is None:
                return None
            head = verb if verb.dep_ != "aux" else verb.head
            recent = RECENT_TURN.match(match.group("verb")) is not None or lasting
            # "Tess, who was forty-one, had never married": the clause's own simple past
            own_tense = head.dep_ == "relcl" and verb_words in (["was"], ["is"])
            if bits[head.i] & NOT_FACT or (_memory(bits[head.i]) and not recent and not own_tense):
                return None  # "had just turned twenty" is now, though in the past perfect
            if verb.lower_ == "had" and verb_words[-1] not in ("turned", "been"):
                return None
            subject: Token | None = None
            if head.dep_ == "relcl" and _relative_who(head):
                # "Tess, who was forty-one, ...": the age of the name the clause is about
                subject = head.head
            else:
                if (
                    head.dep_ not in ("ROOT", "conj")
                    and not _before_semicolon(head)
                    or any(c.dep_ == "mark" for c in head.children)
                ):
                    return None  # "since he was four", "when she was eight": another time
                if head.dep_ == "conj" and head.head.dep_ != "ROOT":
                    return None
                subject = _subject(head)
        else:
            aged = _token_at(doc, match.start())
            if aged is None or bits[aged.i] & NOT_FACT:
                return None
            subject = aged.head if aged.head.i != aged.i else None
        if subject is None:
            return None
        who = _who(model, characters, parsed_index, subject)
        if who is None:
            return None
        if subject.i < span[0].i and subject.sent == span[0].sent:
            mention = characters.mention_at(parsed_index, subject.i)
            # quote "Anna Keller was twenty-six", not "was twenty-six"
            start = mention.start if mention is not None else parsed.source_span(subject)[0]
        kind = "birthday" if "turned" in verb_words and not lasting else "age"
        return AgeStatement(who[0], kind, parsed_index, start, end, lo, hi, by_name=who[1])
    if name == "birthday":
        poss = _token_at(doc, match.start("poss"))
        value = lex.ordinal(g["ord"])
        if poss is None or value is None or bits[poss.i] & NOT_FACT or _memory(bits[poss.i]):
            return None
        head = poss.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if any(c.dep_ == "aux" for c in head.children):
            return None  # "would be her thirtieth birthday", "had spent his tenth birthday"
        who = _who(model, characters, parsed_index, poss)
        if who is None:
            return None
        return AgeStatement(
            who[0], "birthday", parsed_index, start, end, value, value, by_name=who[1]
        )
    if name == "born":
        born = _token_at(doc, match.start())
        if born is None or bits[born.i] & NOT_FACT:
            return None
        month_name = (g.get("mon") or g.get("mon2") or "").lower()
        day_text = g.get("day") or g.get("day2")
        year = int(g["year"]) if g.get("year") else None
        if year is None and not month_name:
            return None
        subject = _subject(born)
        if subject is None:
            return None
        who = _who(model, characters, parsed_index, subject)
        if who is None:
            return None
        day = None
        if day_text:
            day = lex.ordinal(day_text) or lex.number(day_text)
        month = lex.month_of.get(month_name) if month_name else None
        return AgeStatement(
            who[0], "born", parsed_index, start, end,
            birth_year=year, birth_month=month, birth_day=day, by_name=who[1],
        )  # fmt: skip
    return None


def _read_at(
    model: StoryModel,
    characters: CharacterIndex,
    parsed_index: int,
    match: re.Match,
    bits: list[int],
    start: int,
    end: int,
) -> AgeStatement | None:
    """ "At forty-one, Tess had little patience left" (or "Tess, at forty-one, had ..."): an age
    opening a sentence, or set between commas right after its subject, whose main verb
    is a state (`age_state_verbs`: had, was, felt, knew) in the simple past or present. "At
    sixteen she left school" tells an event of a life story, often a backstory, and is not
    read."""
    lex = load_lexicon()
    doc = model.parsed[parsed_index].doc
    value = lex.number(match.group("num"))
    low_age, high_age = lex.data["ages"]
    if value is None or not low_age <= value <= high_age:
        return None
    if value <= 12:
        # "At nine she was still in bed", "At three, he was ...": a clock's hour as often as an
        # age, and "At ten years old, she had ..." is a childhood told in passing
        return None
    at = _token_at(doc, match.start())
    last = _token_at(doc, match.end() - 1)
    if at is None or last is None:
        return None
    even = at.lower_ == "even" and at.is_sent_start and at.i + 1 < len(doc)
    if even:
        at = doc[at.i + 1]  # "Even at twenty-nine, Anna was the tallest": the age opens it
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.text == ",":
        after = doc[after.i + 1] if after.i + 1 < len(doc) else None
    opening = at.is_sent_start or even
    if not opening and not (at.i >= 2 and doc[at.i - 1].text == ","):
        return None
    verb = at.head
    if verb.pos_ not in ("VERB", "AUX") and not opening and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "Holmes, at forty-one, was ...": the phrase hangs on the subject
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ != "ROOT":
        return None
    if _progressive(verb):
        pass  # "At thirty-one Anna was already going grey": what went on at that age
    elif verb.lemma_.lower() not in lex.data.get("age_state_verbs", ()):
        return None
    elif verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children):
        return None  # "At sixteen she had left school", "would have": not the now
    if bits[verb.i] & NOT_FACT or _memory(bits[verb.i]):
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    if opening:
        # the subject comes right after the age: "At nine, the next morning, I was ready" and
        # "At forty o'clock ..." tell a time of day, not an age
        if after is None or not _in_subject(subject, after):
            return None
    elif not _in_subject(subject, doc[at.i - 2]):
        return None  # "Holmes, at forty-one, was": the age stands right after its subject
    who = _who(model, characters, parsed_index, subject)
    if who is None:
        return None
    if not opening:
        mention = characters.mention_at(parsed_index, subject.i)
        start = (
            mention.start
            if mention is not None
            else model.parsed[parsed_index].source_span(subject)[0]
        )
    return AgeStatement(who[0], "age", parsed_index, start, end, value, value, by_name=who[1])


@lexicons.cache
def _phrase_keys() -> frozenset[str]:
    d = load_lexicon().data
    return frozenset({"old", *d["age_decades"], *(n.split()[-1] for n in d["age_person_nouns"])})


@lexicons.cache
def _phrase_context() -> dict[str, re.Pattern]:
    d = load_lexicon().data
    quals = words_re(d["age_qualifiers"]["exact"])
    article = r"(?:an?\s+(?:[a-z]+\s+)?)"
    return {
        # "Ann was a ten-year-old", "was now a woman of forty", "was in her thirties"
        "was": re.compile(
            rf"\b(?P<verb>was|is)\s+(?:(?:{quals})\s+)?(?P<article>{article})?\Z", re.I
        ),
        # "Ann, a ten-year-old, ...", "Ann, in her thirties, ..."
        "appos": re.compile(rf"(?P<subj>\b[A-Z][\w'\u2019.-]*)\s*,\s+(?P<article>{article})?\Z"),
        # "the ten-year-old Ann"
        "the": re.compile(r"\bthe\s+\Z", re.I),
        # "For a thirty-year-old, Ann was calm": a measure set against the subject's age now
        "for": re.compile(
            rf"(?:\A|[.!?\"\u201d]\s+)(?:even\s+|but\s+)?for\s+(?P<article>{article})\Z", re.I
        ),
        # what may follow such a phrase: the end of the clause, or a clause that goes on now
        "after": re.compile(
            r"(?:\s+[a-z]+)?(?:\s*[,.;:!?\u2014)\"\u201d]|\s+(?:and|but|who|whose|with|now)\b|\s*\Z)"
        ),
        "not_now": re.compile(
            r"(?:\s+[a-z]+)?\s*,?\s+(?:when|then|once|before|after|until|till|while|at|in|by)\b",
            re.I,
        ),
    }


def _phrase_age(match: re.Match) -> tuple[int, int] | None:
    """The interval an age phrase tells: "thirty-one-year-old" (31), "in her early
    thirties" (30 to 33)."""
    lex = load_lexicon()
    g = match.groupdict()
    if g.get("decade"):
        lo = lex.data["age_decades"][g["decade"].lower()]
        hi = 19 if lo < 20 else lo + 9
        part = (g.get("part") or "").lower()
        if part == "early":
            hi = lo + 3
        elif part == "mid":
            lo, hi = lo + 3, lo + 6
        elif part == "late":
            lo = hi - 3
        return lo, hi
    return _stated_age(lex, g.get("num") or g.get("num2") or g.get("num3") or "", g.get("bq"))


def _read_phrase(
    model: StoryModel,
    characters: CharacterIndex,
    parsed_index: int,
    match: re.Match,
    bits: list[int],
    end: int,
) -> AgeStatement | None:
    """ "Ann was a ten-year-old", "He was now a man of forty", "She was in her thirties",
    "Tess, a woman of forty, ...", "the ten-year-old Ann": an age told as a noun phrase,
    after "was" (a narrated, affirmed main clause, as "Ann was ten"), in apposition right
    after a name, or before a name. Not "was a girl of ten when ...": another time."""
    parsed = model.parsed[parsed_index]
    doc, text = parsed.doc, parsed.paragraph.text
    ages = _phrase_age(match)
    if ages is None:
        return None
    lo, hi = ages
    ctx = _phrase_context()
    rest = text[match.end() :]
    before = text[max(0, match.start() - 80) : match.start()]
    offset = match.start() - len(before)
    decade = match.group("decade") is not None
    bare = match.group("num3") is not None
    if ctx["not_now"].match(rest):
        return None
    if not match.group("num") and re.match(r"\s+(?!(?:and|but|who|whose|with|now)\b)[a-z]", rest):
        return None  # "a man of two minds": only "a ten-year-old boy" takes a word after it
    subject: Token | None = None
    phrase = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if phrase is None or not len(phrase):
        return None
    start = parsed.source_span(phrase)[0]
    was = ctx["was"].search(before)
    appos = ctx["appos"].search(before)
    the = ctx["the"].search(before)
    measure = ctx["for"].search(before) if match.group("num") else None
    if bare:
        was = None  # only "Tess, now forty-one, ...": the name right before the comma
    if was is not None and (decade or was.group("article")):
        if not ctx["after"].match(rest):
            return None
        verb = _token_at(doc, offset + was.start("verb"))
        if verb is None:
            return None
        head = verb if verb.dep_ != "aux" else verb.head
        if bits[head.i] & NOT_FACT or (_memory(bits[head.i]) and _memory_beside(doc, match)):
            return None
        if head.dep_ not in ("ROOT", "conj") or any(c.dep_ == "mark" for c in head.children):
            return None
        if head.dep_ == "conj" and head.head.dep_ != "ROOT":
            return None
        subject = _subject(head)
    elif appos is not None and (
        decade or bare or appos.group("article") or match.group("num") is not None
    ):  # "Ann, a ten-year-old,", "Ann, now ten,", "Ann, ten years old,"
        if not re.match(r"(?:\s+[a-z]+)?\s*,", rest) or (bare and appos.group("article")):
            return None  # an apposition closes with a comma
        subject = _token_at(doc, offset + appos.start("subj"))
        if subject is None or subject.pos_ != "PROPN":
            return None
    elif measure is not None and measure.group("article"):
        comma = re.match(r"\s*,\s+", rest)
        if comma is None:
            return None
        after = _token_at(doc, match.end() + comma.end())
        while after is not None and after.dep_ == "compound" and after.head.i > after.i:
            after = after.head  # "Anna Keller"
        if after is None or after.dep_ not in ("nsubj", "nsubjpass") or after.head.dep_ != "ROOT":
            return None
        if after.head.tag_ not in ("VBD", "VBZ", "VBP") or bits[after.head.i] & NOT_FACT:
            return None  # "For a ten-year-old, she would have been tall": not a state now
        subject = after
        was = measure  # the subject's own narrated main clause, as after "was"
    elif the is not None and match.group("num"):
        after = _token_at(doc, match.end() + len(rest) - len(rest.lstrip()))
        if after is None or after.pos_ != "PROPN":
            return None
        subject = after
    if subject is None:
        return None
    governing = subject.head
    # "Tess, only forty-one, said nothing": the negation denies the saying, not the age set
    # off between commas
    denied = NOT_FACT & ~NEG if appos is not None and was is None else NOT_FACT
    if bits[subject.i] & denied or bits[governing.i] & denied:
        return None
    if _memory(bits[governing.i]) and _memory_beside(doc, match):
        return None
    who = _who(model, characters, parsed_index, subject)
    if who is None or (was is None and not who[1]):
        return None
    mention = characters.mention_at(parsed_index, subject.i)
    if mention is not None and mention.start < start:
        start = mention.start
    return AgeStatement(who[0], "age", parsed_index, start, end, lo, hi, by_name=who[1])


def _memory_beside(doc, match: re.Match) -> bool:
    """Does the sentence look back by words other than the age phrase itself ("in her early
    thirties" holds the memory marker "in her early", as "in her early years" would)?"""
    from storylint.nlp.modes import _lexicon

    token = _token_at(doc, match.start())
    if token is None:
        return True
    sent = token.sent
    text = sent.text
    at, to = match.start() - sent.start_char, match.end() - sent.start_char
    blanked = text[:at] + " " * (to - at) + text[to:]
    return _lexicon()["memory_re"].search(blanked.lower()) is not None


def _read_being(
    model: StoryModel,
    characters: CharacterIndex,
    parsed_index: int,
    match: re.Match,
    bits: list[int],
    start: int,
    end: int,
) -> AgeStatement | None:
    """ "Being only seventeen, Amelia said nothing": an age opening its sentence, held by the
    subject of the sentence's narrated, affirmed main verb."""
    lex = load_lexicon()
    doc = model.parsed[parsed_index].doc
    stated = _stated_age(lex, match.group("num"), match.group("qual"))
    if stated is None:
        return None
    if match.group("being") in ("Now", "Still") and stated[0] <= 12:
        return None  # "Now one, now another, ...": a count as often as a child's age
    being = _token_at(doc, match.start())
    if being is None or not being.is_sent_start:
        return None
    verb = being.head
    while verb.dep_ not in ("ROOT",) and verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    if verb.i == being.i or verb.pos_ not in ("VERB", "AUX") or verb.dep_ != "ROOT":
        return None
    # "said nothing" negates the saying, not the age
    if bits[being.i] & NOT_FACT or bits[verb.i] & (NOT_FACT & ~NEG) or _memory(bits[verb.i]):
        return None
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children):
        return None
    # the subject after the opening phrase: "Aged twenty, Tom ..." (the parser may take the
    # number for a second subject)
    subject = next(
        (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= match.end()),
        None,
    )
    if subject is None:
        return None
    who = _who(model, characters, parsed_index, subject)
    if who is None:
        return None
    lo, hi = stated
    return AgeStatement(who[0], "age", parsed_index, start, end, lo, hi, by_name=who[1])


def _relative_who(clause: Token) -> bool:
    """ "Tess, who was forty-one, ...", "Tom, who is twelve, ...": a relative clause whose
    subject is "who", set off by a comma after the name it is about (a narrated clause)."""
    named = clause.head
    if named.pos_ != "PROPN" or any(c.dep_ == "mark" for c in clause.children):
        return False
    subject = _subject(clause)
    if subject is None or subject.lower_ != "who" or subject.i != named.i + 2:
        return False
    return clause.doc[named.i + 1].text == ","


def _in_subject(subject: Token, token: Token) -> bool:
    """Is `token` a word of the subject's phrase (its head noun or a word before it)?"""
    return token == subject or (token in subject.subtree and token.i <= subject.i)


RECENT_TURN = re.compile(r"had\s+(?:just|now)\s+turned", re.I)


def _memory(bits: int) -> bool:
    from storylint.nlp.modes import MEM

    return bool(bits & MEM)


def _ends_as_age(text: str, match: re.Match, tail: str | None, held: bool = False) -> bool:
    """The number is an age only when nothing after it makes it a count of something else.
    `held`: "was NUMBER" may be followed by the time the age held at ("the summer ...");
    "turned forty that spring" is a birthday at another time."""
    if tail:
        return True
    stripped = text[match.end() : match.end() + 30].lstrip()
    # "Anna was thirty-one now, and felt it", "She is twelve now.": the age held at the now
    # ("was thirty-one by now": the same; not "by then", which may look back)
    now = re.match(r"(?:by\s+)?now\b\s*", stripped, re.I)
    if now is not None and held:
        stripped = stripped[now.end() :]
        if not stripped or stripped[0] in ',.;!?\u2014)"\u201d':
            return True
    if not stripped or stripped[0] in '.;!?\u2014)"\u201d':
        return True
    word = re.match(r"[A-Za-z']+", stripped.lstrip(", "))
    if stripped[0] == ",":
        return word is None or word.group().lower() not in ("when", "then", "at", "in", "by")
    if word is None:
        return False
    if re.match(r"and\s+a\s+half", stripped, re.I):
        return False
    if word.group().lower() in ("and", "but"):
        return True
    # "was nine the summer his dad taught him": the age and the time it held at
    if not held:
        return False
    at = re.match(r"(?:the|that|this)\s+([a-z]+)\b", stripped, re.I)
    times = load_lexicon().data.get("age_time_words", ())
    return at is not None and at.group(1).lower() in times


def _lasting_age(text: str, match: re.Match, verb: str) -> bool:
    """ "had been thirty for a month" (or "since the spring"), "had turned thirty-one in the
    spring" (or "that winter", "in May"): an age reached before the now that still holds."""
    rest = text[match.end() : match.end() + 40]
    if verb == "been":
        return re.match(r"\s*,?\s*(?:for|since)\b", rest, re.I) is not None
    d = load_lexicon().data
    times = set(d.get("age_time_words", ())) | set(d["months"])
    times |= {w for words in d["seasons"].values() for w in words}
    at = re.match(
        # ("had turned twenty only the month before": "only" or "just" says how recently)
        r"\s*,?\s*(?:(?:only|just)\s+)?"
        r"(?:(?:in|during|at|by|early\s+in|late\s+in)\s+(?:the\s+)?|that\s+|this\s+|"
        # "had turned thirty the week before", "the previous spring"
        r"last\s+|the\s+(?:previous\s+)?)(?:early\s+|late\s+)?([a-z-]+)\b",
        rest,
        re.I,
    )
    return at is not None and at.group(1).lower() in times


def _token_at(doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _progressive(verb: Token) -> bool:
    """ "was going grey", "is working in the mill": a simple-past or present progressive,
    which tells what went on at an age (a state of those years), not a single event."""
    if verb.tag_ != "VBG":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return len(auxes) == 1 and auxes[0].lower_ in ("was", "were", "is", "are", "am")


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None  # not the subject of a clause it is joined to: that may be someone else


def _who(
    model: StoryModel, characters: CharacterIndex, parsed_index: int, token: Token
) -> tuple[int, bool] | None:
    """(character id, named in the clause) of a subject or possessor token, or None."""
    mention = characters.mention_at(parsed_index, token.i)
    if mention is None:
        return _named_by_one_word(characters, token)
    if mention.kind is MentionKind.NAME:
        return mention.character_id, True
    if mention.kind is not MentionKind.PRONOUN:
        return None
    # A pronoun counts only when the last name before it in its paragraph that the pronoun
    # could stand for is its character's: "Miss Sophia ... she was only twenty" is not about the
    # Miss Charlotte of the paragraph before; "Mr. Brooke ... Mrs. Cadwallader's taunts. He had
    # turned ..." is Mr. Brooke's (a woman's name is not a "he").
    gender = _pronoun_gender(token)
    for i in range(token.i - 1, -1, -1):
        other = characters.mention_at(parsed_index, i)
        if other is not None and other.kind is MentionKind.NAME:
            if other.character_id == mention.character_id:
                return mention.character_id, False
            if _other_gender(characters, other.character_id, gender):
                continue
            return None
    last = _last_name_before(model, characters, parsed_index, gender)
    if last is not None and last == mention.character_id:
        return mention.character_id, False
    return None


def _named_by_one_word(characters: CharacterIndex, token: Token) -> tuple[int, bool] | None:
    """ "A year later, Leah was sixteen" where the characters stage tied no mention to the lone
    "Leah": the word is a name word (given name or surname) of exactly one character, whose
    fuller name the story uses ("Leah Morgan")."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    owners = {
        character.id
        for character in characters.characters
        for alias in character.aliases
        if len(alias.split()) > 1 and token.text in alias.split()
    }
    if len(owners) != 1:
        return None
    return owners.pop(), True


def _pronoun_gender(token: Token) -> Gender | None:
    word = token.lower_
    if word in ("he", "him", "his", "himself"):
        return Gender.MALE
    if word in ("she", "her", "hers", "herself"):
        return Gender.FEMALE
    return None


def _other_gender(characters: CharacterIndex, character_id: int, gender: Gender | None) -> bool:
    """Is the character known to be of the other gender than the pronoun's?"""
    if gender is None or character_id < 0:
        return False
    known = characters.by_id(character_id).gender
    return known is not Gender.UNKNOWN and known is not gender


def _last_name_before(
    model: StoryModel, characters: CharacterIndex, parsed_index: int, gender: Gender | None = None
) -> int | None:
    """The character last named in the paragraph before, in the same scene: a paragraph that
    opens "He was only twenty-three" after '"You are a devil!" said Gregory' is Gregory's."""
    if parsed_index == 0:
        return None
    here, before = model.parsed[parsed_index], model.parsed[parsed_index - 1]
    if (here.chapter_index, here.scene_index) != (before.chapter_index, before.scene_index):
        return None
    for i in range(len(before.doc) - 1, -1, -1):
        other = characters.mention_at(parsed_index - 1, i)
        if other is not None and other.kind is MentionKind.NAME:
            if _other_gender(characters, other.character_id, gender):
                continue
            return other.character_id
    return None
