"""Which time expressions are narrated facts about the story's now, and where they are.

`storylint.families.time.patterns` finds every phrase that looks like time; this
module keeps those the clock may believe, using the parse:

- never inside dialogue (characters plan, lie and misremember; "tomorrow" in
  dialogue is kept apart for TIM006 only);
- never in a hypothetical, wish, negated or questioned clause ("she would
  leave the next morning", "he meant to come on Monday");
- never in a memory ("years ago", "he remembered that night"), except the
  forward shift that opens a sentence ("The next morning he had gone"), which
  moves the story however the verb is conjugated;
- away from the start of a sentence, only when it modifies the sentence's own
  finite, simple-past (or present) verb: "the dress she had worn that night"
  and "she was to leave the next morning" say nothing about the story's now.

Expressions are grouped by sentence into `Statement`s: "Two days later, on
Friday," is one statement with a gap of two days and a weekday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint.families.time.lexicon import load_lexicon
from storylint.families.time.patterns import Candidate, ParagraphWords, find_candidates
from storylint.nlp.modes import DIAL, HYPO, MEM, NEG, QUES, WISH, paragraph_mode_bits
from storylint.people.entities import MentionKind
from storylint.pipeline.layers import CHARACTERS, QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from storylint.model import StoryModel

NOT_FACT = DIAL | HYPO | WISH | NEG | QUES
# Words that may come before an expression that still opens its sentence.
LEADING_WORDS = frozenset(
    "and but then so now it was early late very on in at by just yet still until till "
    "about towards toward when as soon the that next one this".split()
)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
FRONTED_MARKS = frozenset({"when", "as", "after", "once", "before", "while", "until", "till"})
# A clause after its main clause that states the time the main clause happens in:
# "She sat by the window while it was still morning".
DURING_MARKS = frozenset({"when", "as", "while"})
# Phrases that state the time by the light or the air: they may sit in any place phrase
# ("into the fresh morning air"), where other time phrases only count as time adverbials.
LIGHT_PATTERNS = frozenset({"sun", "phase-light", "season-light"})


@dataclass(eq=False)
class TimeExpression:
    """One accepted time expression with its place in the source."""

    candidate: Candidate
    parsed_index: int
    start: int  # source offsets
    end: int
    sentence_start: int  # token index of its sentence's first token
    opens_sentence: bool
    opens_paragraph: bool
    tense: str | None = None  # "past" or "present": of the verb it belongs to

    def __getattr__(self, name: str):
        # The candidate's facts (gap, phase, weekday, ...) read as the expression's own.
        return getattr(self.__dict__["candidate"], name)


@dataclass(eq=False)
class Statement:
    """The accepted expressions of one sentence: one step of the clock."""

    parsed_index: int
    sentence_start: int
    expressions: list[TimeExpression] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.expressions[0].start

    @property
    def opens_paragraph(self) -> bool:
        return any(e.opens_paragraph for e in self.expressions)

    @property
    def opens_sentence(self) -> bool:
        return any(e.opens_sentence for e in self.expressions)

    def first(self, attribute: str):
        for expression in self.expressions:
            value = getattr(expression, attribute)
            if value is not None and value is not False:
                return value
        return None

    @property
    def back(self) -> bool:
        return all(e.back for e in self.expressions)

    @property
    def shifts(self) -> bool:
        """It moves or sets the clock: a scene opening with it is a new stretch of time."""
        for e in self.expressions:
            if e.back or e.moves or e.next_occurrence:
                return True
            if e.weekday is not None or e.month is not None or e.year is not None:
                return True
            if e.phase is not None and not e.state:
                return True
            if e.season is not None and not e.state:
                return True
        return False


@dataclass(eq=False)
class Tomorrow:
    """A character saying that something happens tomorrow (TIM006)."""

    parsed_index: int
    start: int
    end: int
    verb_lemma: str
    arguments: frozenset[str]  # lemmas of the verb's objects, places and names
    verb_start: int
    verb_end: int


def paragraph_expressions(
    model: StoryModel, parsed_index: int, words: ParagraphWords | None = None
) -> list[TimeExpression]:
    """The accepted (narrated, affirmed) time expressions of one paragraph."""
    parsed = model.parsed[parsed_index]
    text = parsed.paragraph.text
    candidates = find_candidates(text, words)
    if not candidates:
        return []
    doc = parsed.doc
    bits = paragraph_mode_bits(model, parsed_index)
    quotes = model.get(QUOTES)
    memory_re = _memory_re()
    lex = load_lexicon()
    first_sentence = _first_narrated_sentence(model, parsed_index)
    accepted = []
    opening_end: tuple[int, int] | None = None  # (sentence start, end char) of an opening
    accepted_end: tuple[int, int] | None = None  # the same, of any accepted expression
    counted_end: tuple[int, int] | None = None  # the same, of an accepted "waited two days"
    for candidate in candidates:
        span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = span[0]
        if quotes.in_quote(parsed_index, first.i):
            continue
        sent = first.sent
        opens = _opens_sentence(sent, first) or _continues_opening(
            text, opening_end, sent.start, candidate.start
        )
        verb = _governing_verb(span)
        # "Cuss left the following day, a Wednesday", "went back the next day, a Tuesday, and":
        # a weekday set beside an accepted time phrase names that day, whatever the parser
        # made of it (an apposition is otherwise a reference)
        apposed = candidate.pattern == "weekday-appos" and _continues_opening(
            text, accepted_end, sent.start, candidate.start
        )
        if candidate.pattern == "came" and not (
            _subject_inside(verb, span) or (opens and _subjectless(verb))
        ):
            continue  # "in town for the winter came back": the winter did not come
            # (but "Monday came, and ...": the parser may leave the day out of the subject)
        if candidate.pattern == "phase-lasting" and not (
            _someone_did(model, parsed_index, verb) or _time_had(candidate, span, verb)
        ):
            continue  # "it ruffled our heroine all the afternoon": a mood summed up, not a scene
        if candidate.pattern == "phase-subject" and not _phase_subject(span, verb):
            continue  # "The long morning stretched ahead": only as the narrated now's subject
        mode = bits[verb.i] if verb is not None else bits[first.i]
        until = candidate.pattern in ("phase-at", "weekday") and candidate.text.lower().startswith(
            ("until", "till")
        )
        # "He didn't go back until Friday, three days later": the count beside the day it names
        beside = candidate.pattern == "count" and _continues_opening(
            text, accepted_end, sent.start, candidate.start
        )
        if mode & NOT_FACT and not (
            mode & NOT_FACT == NEG
            and (opens and not candidate.state or candidate.through or until or beside)
        ):
            # "The next day he couldn't stop checking his phone": the sentence denies what
            # he did, not the day it opens on (but "It was not yet evening" states no hour);
            # "He did not get up until noon": it was noon when he did.
            continue
        # "By Friday he had heard nothing": the past perfect of a day reached
        forward = (
            candidate.moves
            or candidate.phase is not None
            or (
                (candidate.weekday is not None or candidate.season is not None)
                and candidate.text.lower().startswith("by")
            )
            or (candidate.pattern == "came" and opens)  # "Autumn had come round again"
        )
        if candidate.opening_only and not opens:
            continue
        last = span[-1]
        if (
            last.dep_ in ("compound", "amod", "nmod")
            and last.head.i > last.i
            and not (
                last.head.pos_ == "PROPN"
                and (
                    candidate.weekday is not None
                    or opens
                    and (span[0].dep_ == "prep" or span[0].is_sent_start)
                )
            )
        ):
            continue  # "after morning service", "the Sunday school": it names something else
            # (but "On Saturday Marlow walked", "By evening Flimnap had finished", "Early that
            # autumn Anna moved": the parser takes the time opening the sentence into the name)
        if opens and verb is not None and _plan(verb):
            continue  # "In a fortnight they were to be gone": a plan, not the story's now
        if candidate.weekday is not None and _names_someone(model, parsed_index, span, lex):
            continue  # "He relied on Friday": Robinson Crusoe's man, not the day
        if (
            not opens
            and verb is not None
            and span.root.dep_ in ("dobj", "npadvmod")
            and span.root.head == verb
            and (
                candidate.season is not None
                or candidate.weekday is not None
                or candidate.pattern in ("phase-rest", "phase-lasting")
            )
            and verb.lemma_.lower() in lex.data.get("time_spending_verbs", ())
            and _main_clause(verb)
        ):
            # "Maria spent that summer quietly at home", "He spent Wednesday at his desk",
            # "She spent the rest of the morning reading": the sentence's time (not "She
            # thought of how they spent the summer": a clause inside another is a reference)
            opens = True
        if candidate.pattern in LIGHT_PATTERNS or candidate.through:
            if (
                verb is not None
                and verb.lemma_.lower() in lex.data["reference_verbs"]
                and verb.lemma_.lower() not in lex.data.get("time_spending_verbs", ())
            ):
                continue  # "she loved the morning air": any morning
            # "He had not been well all autumn": the parser often takes the season for an
            # object or an attribute; the words say it lasted
        elif (
            not opens
            and not apposed
            and not _adverbial(span.root, verb)
            and not _step_object(candidate, span, verb)
            and not _time_had(candidate, span, verb)
        ):
            continue  # "remembered that night", "since that winter": a reference, not a setting
        if (
            not candidate.back
            and not _accept(candidate, verb, sent, opens, forward)
            and not _ends_the_count(counted_end, sent, candidate, verb)
        ):
            continue
        if mode & MEM and not candidate.back:
            if candidate.through and not memory_re.search(sent.text.lower()):
                pass  # "He had been ill all winter": the past perfect runs up to the now
            elif not (opens and forward) or memory_re.search(sent.text.lower()):
                continue
        if opens:
            opening_end = (sent.start, candidate.end)
        accepted_end = (sent.start, candidate.end)
        if candidate.pattern in ("wait", "elapse"):
            counted_end = (sent.start, candidate.end)
        start, end = parsed.source_span(span)
        opens_paragraph = opens and first_sentence is not None and sent.start == first_sentence
        accepted.append(
            TimeExpression(
                candidate,
                parsed_index,
                start,
                end,
                sent.start,
                opens,
                opens_paragraph,
                _frame_tense(model, parsed_index, sent, verb),
            )  # fmt: skip
        )
    return accepted


def statements(expressions: list[TimeExpression]) -> list[Statement]:
    """Group one paragraph's expressions by sentence."""
    grouped: list[Statement] = []
    for expression in expressions:
        if grouped and grouped[-1].sentence_start == expression.sentence_start:
            grouped[-1].expressions.append(expression)
            continue
        if (
            grouped
            and [e.pattern for e in grouped[-1].expressions] == ["elapse"]
            and expression.opens_sentence
            and expression.weekday is not None
            and not expression.moves
        ):
            # "Two days went by. On Thursday he rang the bell": the days counted lead to the day
            grouped[-1].expressions.append(expression)
            continue
        grouped.append(Statement(expression.parsed_index, expression.sentence_start, [expression]))
    return grouped


def _memory_re() -> re.Pattern:
    from storylint.nlp.modes import _lexicon

    return _lexicon()["memory_re"]


def _first_narrated_sentence(model: StoryModel, parsed_index: int) -> int | None:
    quotes = model.get(QUOTES)
    if not quotes.has_quotes(parsed_index):
        return 0
    for sent in model.parsed[parsed_index].doc.sents:
        if not all(quotes.in_quote(parsed_index, t.i) or t.is_punct or t.is_space for t in sent):
            return sent.start
    return None


def _continues_opening(
    text: str, opening_end: tuple[int, int] | None, sentence: int, start: int
) -> bool:
    """ "Three days later, on Wednesday, the landlord rang": a time phrase set right after the
    sentence's opening one (only a comma between) opens the sentence with it, whatever the
    parser made of the verb."""
    if opening_end is None or opening_end[0] != sentence:
        return False
    return opening_end[1] <= start and not text[opening_end[1] : start].strip(" ,\t\n")


def _opens_sentence(sent: Span, first: Token) -> bool:
    words = [t for t in sent.doc[sent.start : first.i] if not (t.is_punct or t.is_space)]
    if len(words) > 2:
        return False
    return all(t.lower_ in LEADING_WORDS for t in words)


def _governing_verb(span: Span) -> Token | None:
    """The verb an expression belongs to: its own ("It was noon", "Thursday came") or its head's."""
    if span.root.pos_ in ("VERB", "AUX"):
        return span.root
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token not in span:
            return token
        if token.head.i == token.i:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


TEMPORAL_PREPOSITIONS = frozenset(
    "on at in by during until till before after towards toward through throughout "
    "about around near into".split()
)
REFERENCE_DEPS = frozenset("dobj nsubj nsubjpass attr poss appos dative oprd".split())


def _adverbial(root: Token, verb: Token | None) -> bool:
    """The phrase modifies a verb as a time adverbial, not as an object or a reference."""
    if root.dep_ in REFERENCE_DEPS:
        return False
    if verb is not None and verb.lemma_.lower() in load_lexicon().data["reference_verbs"]:
        return False
    if root.dep_ == "pobj":
        return root.head.lower_ in TEMPORAL_PREPOSITIONS
    return True


def _step_object(candidate: Candidate, span: Span, verb: Token | None) -> bool:
    """ "Martin left the following day": the parser often makes a step to the next day the
    object of an intransitive verb; it is still when the verb happens (not after a verb that
    refers to a time, `reference_verbs`, nor one with an object of its own)."""
    if verb is None or candidate.pattern not in ("next", "after-part", "morrow"):
        return False
    if candidate.gap is None or candidate.weekday is not None or candidate.season is not None:
        return False
    if span.root.dep_ != "dobj" or span.root.head.i != verb.i:
        return False
    if verb.lemma_.lower() in load_lexicon().data["reference_verbs"]:
        return False
    return not any(
        c.dep_ in ("dobj", "dative") and c.i not in range(span.start, span.end)
        for c in verb.children
    )


def _names_someone(model: StoryModel, parsed_index: int, span: Span, lex) -> bool:
    """A weekday that is (part of) a character's name: "He relied on Friday". Not the first
    word of a longer name after "on" ("On Saturday Marlow walked"): the name stops there."""
    characters = model.get(CHARACTERS)
    if characters is None:
        return False
    for t in span:
        if t.lower_ not in lex.weekday_of:
            continue
        mention = characters.mention_at(parsed_index, t.i)
        if mention is None:
            continue
        day_first = (
            mention.token_start == t.i
            and mention.token_end > t.i + 1
            and t.i > 0
            and t.nbor(-1).lower_ in DAY_PREPOSITIONS
        )
        if not day_first:
            return True
    return False


DAY_PREPOSITIONS = frozenset({"on", "that", "this", "next", "last", "following"})


def _tense(verb: Token | None) -> str | None:
    """Past or present: a narrator who changes tense changes frame (a diary's "now")."""
    if verb is None:
        return None
    for token in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        if token.tag_ == "VBD":
            return "past"
        if token.tag_ in ("VBZ", "VBP"):
            return "present"
    return None


FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())


def _frame_tense(model: StoryModel, parsed_index: int, sent: Span, verb: Token | None):
    """The tense that tells the teller's now from the story's (`_tense`). A present-tense
    sentence whose present-tense verb has a character's name for its subject, with no "I" or
    "we" in it ("It is still afternoon, and Clerval has the house to himself"), tells the
    story in the present as a past-tense one does: it is in every frame (None). "It is now
    January" or "It is evening as I write" stays the teller's."""
    tense = _tense(verb)
    if tense != "present" or any(t.lower_ in FIRST_PERSON for t in sent):
        return tense
    characters = model.get(CHARACTERS)
    if characters is None:
        return tense
    for token in sent:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.tag_ not in ("VBZ", "VBP"):
            continue
        mention = characters.mention_at(parsed_index, token.i)
        if mention is not None and mention.kind is MentionKind.NAME:
            return None
    return tense


def _plan(verb: Token) -> bool:
    """ "was to leave", "were to be gone": the future of a past now."""
    if verb.lemma_ != "be":
        return False
    return any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _subject_inside(verb: Token | None, span: Span) -> bool:
    if verb is None:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and c in span for c in verb.children)


DO_FORMS = frozenset({"did", "do", "does"})


def _subjectless(verb: Token | None) -> bool:
    """A verb the parser gave no subject ("Monday came": the day taken for an adverb)."""
    return verb is not None and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children
    )


def _someone_did(model: StoryModel, parsed_index: int, verb: Token | None) -> bool:
    """ "Hartright sat on through the afternoon", "She was busy all morning": the verb's subject
    is a character (a name or a pronoun the characters stage tied to one)."""
    characters = model.get(CHARACTERS)
    if verb is None or characters is None:
        return False
    for token in (verb, verb.head if verb.dep_ == "conj" else verb):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return characters.mention_at(parsed_index, child.i) is not None
    return False


def _main_clause(verb: Token) -> bool:
    """The verb of the sentence's main clause, or one joined to it ("and spent ...")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _phase_subject(span: Span, verb: Token | None) -> bool:
    """ "The long morning stretched ahead of him", "The afternoon wore on": a time of day that
    is the subject of the sentence's main verb, narrated in the simple past or present (not
    "The morning had been wet": an earlier time; not "The evening would be long")."""
    if verb is None or span.root.head.i != verb.i:
        return False
    if verb.dep_ != "ROOT" and not _as_clause_opening(verb):
        return False
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if verb.tag_ not in FINITE_TAGS and not any(c.dep_ == "auxpass" for c in verb.children):
        return False
    data = load_lexicon().data
    ending = data.get("phase_ending_words", ())
    manners = data.get("phase_passing_manners", ())
    ended_by_word = any(
        c.dep_ in ("acomp", "advmod", "prt", "attr", "prep") and c.lower_ in ending
        for c in verb.children
    )
    lived_through = any(c.dep_ == "advmod" and c.lower_ in manners for c in verb.children)
    if ended_by_word or (verb.lemma_.lower() in ending and not lived_through):
        return False  # "The afternoon was over", "the morning went by": it has ended
        # (but "The afternoon passed slowly": the story is in it)
    return not any(
        c.dep_ == "aux" and c.lower_ not in DO_FORMS or c.dep_ == "auxpass" and c.tag_ != "VBD"
        for c in verb.children
    )


def _time_had(candidate: Candidate, span: Span, verb: Token | None) -> bool:
    """ "She had the whole morning to herself", "He had the rest of the afternoon free",
    "There was still the whole morning before her": the time of day a character has before
    them, the object of "have" or what "there is", is the one they are in."""
    if verb is None or candidate.pattern not in ("phase-lasting", "phase-rest"):
        return False
    if span.root.head.i != verb.i:
        return False
    if verb.lemma_.lower() == "have":
        return span.root.dep_ == "dobj"
    # "There was still the whole morning before her": the time of day there is, ahead
    return (
        verb.lemma_.lower() == "be"
        and span.root.dep_ in ("attr", "nsubj")
        and any(c.dep_ == "expl" for c in verb.children)
    )


def _by_the_time(verb: Token) -> bool:
    """ "By the time Terry got back it was autumn": without a comma the parser may make the
    main clause ("it was autumn") a complement of the opening one ("got back")."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.dep_ != "ROOT" or head.i > verb.i:
        return False
    if any(c.dep_ == "mark" for c in verb.children):
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ == "by"
        and c.i == head.sent.start
        and any(g.dep_ == "pobj" and g.lower_ == "time" for g in c.children)
        for c in head.children
    )


def _as_clause_opening(verb: Token) -> bool:
    """ "As the afternoon wore on, she grew restless": a clause opening its sentence with "as"
    or "while", on the main verb, says the time of day the main clause happens in, as "The
    afternoon wore on, and ..." does."""
    if verb.dep_ != "advcl" or verb.head.dep_ != "ROOT" or verb.i > verb.head.i:
        return False
    marks = [c for c in verb.children if c.dep_ == "mark"]
    return len(marks) == 1 and marks[0].lower_ in ("as", "while") and marks[0].i == verb.sent.start


def _is_pluperfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d", "\u2019d") for c in verb.children)


def _accept(
    candidate: Candidate, verb: Token | None, sent: Span, opens: bool, forward: bool
) -> bool:
    """Does this expression say when the story's now is (not when something else was)?"""
    if opens:
        return True
    if verb is None:
        return candidate.state
    if candidate.through:
        # "He had not been well all autumn", "She worked all summer": a main clause, simple past
        # or past perfect, no modal ("would stay all summer")
        if verb.dep_ not in ("ROOT", "conj") or verb.tag_ not in FINITE_TAGS | {"VBN"}:
            return False
        return all(
            c.lower_ in ("had", "'d", "\u2019d", "did", "do", "does")
            for c in verb.children
            if c.dep_ == "aux"
        )  # "the rising sun" in a verbless sentence still sets the hour
    if candidate.pattern in LIGHT_PATTERNS and verb.dep_ in ("ROOT", "conj"):
        return not _is_pluperfect(verb)
    if _is_pluperfect(verb):
        return False
    if candidate.pattern in ("in-the", "weekday") and candidate.weekday is None:
        return False
    if verb.tag_ not in FINITE_TAGS:
        if not (verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)) and not (
            verb.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ in DO_FORMS for c in verb.children)
        ):
            return False  # but "He did not get up until noon" is as finite as "got up"
    if any(c.dep_ == "aux" and c.lower_ not in ("did", "do", "does") for c in verb.children):
        return False  # "was leaving the next morning", "had to go on Monday"
    if _noticed(candidate, verb):
        return True  # "He saw that it was noon": what a character sees or finds is the now
    if verb.dep_ != "advcl" and any(c.dep_ == "mark" for c in verb.children):
        return False  # "the sensation that it was Sunday": a clause about something else
    if verb.dep_ in ("ROOT", "conj") or _before_semicolon(verb) or _by_the_time(verb):
        return True
    if _main_clause_hung_on_noun(candidate, verb):
        return True
    if verb.dep_ == "advcl":
        marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
        if verb.i < verb.head.i:
            return bool(marks & FRONTED_MARKS)
        return candidate.state and bool(marks & DURING_MARKS)
    return False


def _main_clause_hung_on_noun(candidate: Candidate, verb: Token) -> bool:
    """ "When at last he came in from the fields it was evening": without a comma the parser
    hangs "it was evening" on "fields" as a relative clause, but nothing in it is gapped (its
    subject is "it", its complement the time), and the sentence opens on a fronted "When":
    the main clause, which says the hour the story is at."""
    if candidate.pattern != "it-was" or verb.dep_ != "relcl":
        return False
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children):
        return False
    if not any(c.dep_ in ("attr", "acomp", "npadvmod") for c in verb.children):
        return False
    root = verb.sent.root
    return root.i < verb.i and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in FRONTED_MARKS and c.i == verb.sent.start
        for c in root.children
    )


COUNT_END_MARKS = frozenset({"before", "until", "till"})


def _ends_the_count(
    counted_end: tuple[int, int] | None, sent: Span, candidate: Candidate, verb: Token | None
) -> bool:
    """ "Three days passed before Callum rang on the Friday", "He waited two days until, on
    the Sunday, ...": the clause that ends a counted wait happens when the count is up."""
    if verb is None or counted_end is None or counted_end[0] != sent.start:
        return False
    if counted_end[1] > candidate.start or verb.dep_ != "advcl" or verb.tag_ not in FINITE_TAGS:
        return False
    if any(c.dep_ == "aux" and c.lower_ not in DO_FORMS for c in verb.children):
        return False  # "before he would ring": a plan
    return any(c.dep_ == "mark" and c.lower_ in COUNT_END_MARKS for c in verb.children)


def _noticed(candidate: Candidate, verb: Token) -> bool:
    """ "He saw that it was noon", "She realised it was Sunday": a statement of the present time
    ("it was ...") that is the object of a narrated verb of noticing (`time_noticing_verbs`,
    simple past or present, a main clause) states the now as plainly as "It was noon"."""
    if not candidate.state or candidate.pattern != "it-was" or verb.dep_ != "ccomp":
        return False
    head = verb.head
    if head.lemma_.lower() not in load_lexicon().data.get("time_noticing_verbs", ()):
        return False
    if head.dep_ not in ("ROOT", "conj") or head.tag_ not in FINITE_TAGS:
        return False
    return not any(c.dep_ in ("aux", "neg") for c in head.children)


def _before_semicolon(verb: Token) -> bool:
    """ "Marlow waited two days; on the Sunday he went back": the parser makes the first of
    two clauses joined by a semicolon a complement of the second, but it is narrated as
    plainly as the second."""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i <= verb.i or head.dep_ != "ROOT":
        return False
    return any(t.text in (";", ":") for t in verb.doc[verb.i + 1 : head.i])


def dialogue_tomorrows(
    model: StoryModel, parsed_index: int, words: ParagraphWords | None = None
) -> list[Tomorrow]:
    """Lines of dialogue that put an event tomorrow: "We leave for Paris tomorrow.\""""
    parsed = model.parsed[parsed_index]
    words = words or ParagraphWords.of(parsed.paragraph.text)
    if "tomorrow" not in words.words and "morrow" not in words.words:
        return []
    quotes = model.get(QUOTES)
    if not quotes.has_quotes(parsed_index):
        return []
    found = []
    for token in parsed.doc:
        if token.lower_ not in ("tomorrow", "to-morrow", "morrow"):
            continue
        if token.lower_ == "morrow" and token.i > 0 and token.nbor(-1).lower_ != "to":
            continue
        if not quotes.in_quote(parsed_index, token.i):
            continue
        verb = token.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_ == "be":
            event = _event_subject(verb)
            if event is not None:
                start, end = parsed.source_span(token)
                verb_start, verb_end = parsed.source_span(event)
                # "The exam's tomorrow": any narrated verb of the exam the same day
                found.append(
                    Tomorrow(
                        parsed_index,
                        start,
                        end,
                        "",
                        frozenset({event.lemma_.lower()}),
                        verb_start,
                        verb_end,
                    )  # fmt: skip
                )
            continue
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_.lower() not in load_lexicon().data["tomorrow_event_verbs"]:
            continue  # "We'll see him tomorrow": a meeting may come sooner by chance
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        arguments = _arguments(verb)
        if not arguments:
            continue
        start, end = parsed.source_span(token)
        verb_start, verb_end = parsed.source_span(verb)
        found.append(
            Tomorrow(parsed_index, start, end, verb.lemma_.lower(), arguments, verb_start, verb_end)
        )
    return found


def _event_subject(verb: Token) -> Token | None:
    """The event a line says "is tomorrow" ("The exam is tomorrow"): its subject, when it is one
    of `tomorrow_event_nouns` and the verb is not negated."""
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    events = load_lexicon().data.get("tomorrow_event_nouns", ())
    for child in verb.children:
        if child.dep_ == "nsubj" and child.pos_ == "NOUN" and child.lemma_.lower() in events:
            return child
    return None


def _arguments(verb: Token) -> frozenset[str]:
    """Content words that say what the event is: objects, places, names."""
    lemmas = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            if child.pos_ in ("NOUN", "PROPN"):
                lemmas.add(child.lemma_.lower())
        elif child.dep_ == "prep":
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.pos_ in ("NOUN", "PROPN"):
                    lemmas.add(grand.lemma_.lower())
        elif child.dep_ in ("npadvmod", "advmod") and child.pos_ == "PROPN":
            lemmas.add(child.lemma_.lower())
    lemmas.discard("tomorrow")
    return frozenset(lemmas)
