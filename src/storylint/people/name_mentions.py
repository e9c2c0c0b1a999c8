"""Find every capitalised name in the parsed paragraphs and note how each one behaves.

A name alone says little ("Marilyn", "Chanel", "Hit List" are all capitalised);
what a name *does* in the sentence tells a person from a place, a show or a
brand: people say things, have arms and hands, act as subjects; places are
where things happen ("to New York"); things take an article ("wearing the
Chanel"). This module only observes; `characters` decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.nlp.wordscan import texts_of_tokens_with
from storylint.people.entities import Gender
from storylint.people.names import (
    PARTICLES,
    NameForm,
    behaviour,
    calendar_words,
    is_first_name,
    not_persons,
    parse_name,
    title_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storylint.model import ParsedParagraph

# NER labels that say "not a person"; PERSON is the only one that says "person".
OTHER_LABELS = frozenset(
    "ORG GPE LOC FAC NORP PRODUCT WORK_OF_ART EVENT LAW LANGUAGE DATE TIME".split()
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "every"})
PERSON_PRONOUNS = frozenset({"i", "you", "he", "she", "we", "they"})
GENDERED_POSSESSIVES = {"his": Gender.MALE, "her": Gender.FEMALE}
GENDERED_REFLEXIVES = {"himself": Gender.MALE, "herself": Gender.FEMALE}
COUPLE_JOINERS = frozenset({"&", "and"})


@dataclass(eq=False)
class NameOccurrence:
    """One written name, where it is, and how it behaves in its sentence."""

    parsed_index: int
    token_start: int
    token_end: int
    start: int
    end: int
    surface: str
    form: NameForm
    in_quote: bool
    label: str  # the NER label of the name's head token, "" when none
    determiner: bool  # "the Chanel"
    agent: bool  # subject of a verb other than "be"
    speaker: bool  # subject of a speech verb
    possessor: bool  # "JFK's arm"
    role: bool  # complement of "be" with a person subject: "she was Marilyn"
    place: bool  # object of a place preposition: "to New York"
    sentence_initial: bool | None  # spaCy's is_sent_start: None where no parser decided
    gender_vote: Gender = Gender.UNKNOWN
    endearment: bool = False  # "my dear Frederick": the listener, addressed
    introduced: bool = False  # "a man of the name of Ichabod Crane", "a girl named Alice"
    oath: bool = False  # "By Jove!": sworn by, not a person of the story


@dataclass(eq=False)
class FormStats:
    """Every occurrence of one name form, and the evidence they add up to."""

    form: NameForm
    occurrences: list[NameOccurrence] = field(default_factory=list)
    surfaces: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def surface(self) -> str:
        return self.surfaces.most_common(1)[0][0]

    def tally(self, attribute: str) -> int:
        return sum(1 for o in self.occurrences if getattr(o, attribute))

    def labelled(self, labels: frozenset[str] | str) -> int:
        if isinstance(labels, str):
            return sum(1 for o in self.occurrences if o.label == labels)
        return sum(1 for o in self.occurrences if o.label in labels)

    def gender_votes(self) -> Counter[Gender]:
        return Counter(
            o.gender_vote for o in self.occurrences if o.gender_vote is not Gender.UNKNOWN
        )


CUT_OFF = "-\u2013\u2014"  # speech broken off mid-name: "Derek-"


def _is_name_token(token: Token) -> bool:
    text = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    if token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or title_of(text) is not None:
        return True
    return text[-1] in CUT_OFF and is_first_name(text.rstrip(CUT_OFF))


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of name tokens ("Lady Catherine de Bourgh"), couples skipped."""
    runs = []
    n = len(doc)
    i = 0
    while i < n:
        if not _is_name_token(doc[i]):
            i += 1
            continue
        if _greeting_at(doc, i):
            i = _past_greeting(doc, i)  # "Good Morning!", "Good-bye": no name
            continue
        j = i + 1
        while j < n and not doc[j].is_sent_start:
            token = doc[j]
            if _repeats(doc, i, j) or _greeting_at(doc, j):
                # "a dog called Nelson Nelson barked": a sentence the parser ran on;
                # "Madam Good morning": a vocative, then a greeting
                break
            if token.is_space and j + 1 < n and _is_name_token(doc[j + 1]):
                j += 1  # a line break inside a name: "Mr.\nDarcy" in hard-wrapped text
            elif _is_name_token(token) and title_of(token.text) is None:
                j += 1
            elif token.lower_ in PARTICLES and j + 1 < n and _is_name_token(doc[j + 1]):
                j += 1
            elif title_of(token.text) is not None and all(
                title_of(t.text) is not None for t in doc[i:j]
            ):
                j += 1  # "Mr. Frank Churchill" may stack titles only at the front
            else:
                break
        if all(title_of(t.text) is not None for t in doc[i:j]):
            # Titles alone ("Sir", "Miss"): an address, not a name. "Mr. & Mrs. Smith"
            # names a couple, not one character: skip the whole construction.
            if j + 1 < n and doc[j].lower_ in COUPLE_JOINERS and title_of(doc[j + 1].text):
                j += 2
                while j < n and _is_name_token(doc[j]):
                    j += 1
            i = j
            continue
        runs.append((_past_a_date(doc, i, j), j))
        i = j
    return runs


def _greeting_at(doc: Doc, i: int) -> bool:
    """Does a greeting begin at token `i` ("Good morning", "Good-bye", "Adieu")?"""
    return _greeting_words(doc, i) > 0


def _greeting_words(doc: Doc, i: int) -> int:
    """How many words of greeting begin at token `i` (0: none)."""
    token = doc[i]
    if not token.text[:1].isupper():
        return 0
    # The next 24 characters from a few tokens, not from doc.text: that property joins the
    # whole paragraph on every access, and this runs for every capitalised word.
    window = "".join(t.text_with_ws for t in doc[i : i + 8])[:24]
    text = " ".join(window.lower().replace("-", " ").split())
    for greeting in _greetings():
        if text.startswith(greeting) and not text[len(greeting) : len(greeting) + 1].isalpha():
            return len(greeting.split())
    return 0


def _past_greeting(doc: Doc, i: int) -> int:
    """The token after the greeting that begins at `i` ("Good", "-", "bye": three tokens)."""
    words = _greeting_words(doc, i)
    j = i
    while j < len(doc) and words:
        if doc[j].is_alpha:
            words -= 1
        j += 1
    return max(j, i + 1)


@lexicons.cache
def _greetings() -> tuple[str, ...]:
    return tuple(" ".join(g.lower().replace("-", " ").split()) for g in behaviour()["greetings"])


def _repeats(doc: Doc, i: int, j: int) -> bool:
    """Does the name begin again at `j`? "called John Smith John Smith was ..." is two
    names where the parser missed a sentence break, and so is "Captain Hook\nHook": no name
    repeats its first word after its titles ("J. J. O'Molloy" may: initials are letters)."""
    first = next((t.text for t in doc[i:j] if not t.is_space and title_of(t.text) is None), "")
    return doc[j].text == first and sum(c.isalpha() for c in first) > 1


def _past_a_date(doc: Doc, i: int, j: int) -> int:
    """Where a name really starts: after "Sunday" in "On Sunday Martha went"."""
    if j - i < 2:
        return i
    calendar = calendar_words()
    word = doc[i].lower_
    if word in calendar["weekdays"]:
        return i + 1
    if word in calendar["months"] and i > 0 and doc[i - 1].lower_ in calendar["before_a_date"]:
        return i + 1
    return i


def _ordinary_word(word: str, common: frozenset[str]) -> bool:
    lower = word.lower()
    return lower != word and lower in common and title_of(word) is None and not is_first_name(word)


def _gender_vote(doc: Doc, root: Token) -> Gender:
    """Gender from a possessive or reflexive pronoun governed by the verb the name is subject of.

    "Ivy lifted her glass": the possessive in the name's own clause almost
    always refers to the subject. A pronoun in a later clause ("JFK stepped
    aside and she turned") may refer to anyone, so it is not counted.
    """
    verb = root.head
    if root.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return Gender.UNKNOWN
    votes = set()
    for token in verb.subtree:
        if token.i <= root.i:
            continue
        lower = token.lower_
        if lower in GENDERED_POSSESSIVES and token.dep_ == "poss":
            gender = GENDERED_POSSESSIVES[lower]
        elif lower in GENDERED_REFLEXIVES:
            gender = GENDERED_REFLEXIVES[lower]
        else:
            continue
        governor = token.head
        while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
            governor = governor.head
        if governor.i == verb.i:
            votes.add(gender)
    return votes.pop() if len(votes) == 1 else Gender.UNKNOWN


def _occurrence(
    parsed: ParsedParagraph,
    parsed_index: int,
    start: int,
    end: int,
    in_quote: bool,
    common: frozenset[str],
    left_out: Counter[str] | None = None,
) -> NameOccurrence | None:
    doc = parsed.doc
    tokens = [t for t in doc[start:end] if not t.is_space]
    while tokens and not any(c.isalpha() for c in tokens[-1].text):
        tokens.pop()
    # Leading ordinary words are not part of a name: "Dearest Lizzy", "Young Tom", "Nothing".
    while tokens and _ordinary_word(tokens[0].text, common):
        tokens.pop(0)
    if not tokens:
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    form = parse_name([t.text.rstrip(CUT_OFF) for t in tokens])
    if form is None:
        return None
    if len(form.words) == 1 and form.words[0] in not_persons():
        if left_out is not None and form.title is None:
            left_out[form.words[0]] += 1  # "God", "Madam": counted, never a person
        return None
    span = doc[start:end]
    root = span.root
    head = root.head
    known = behaviour()
    before = doc[start - 1] if start > 0 else None
    agent = root.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX")
    copular_head = head.lemma_ == "be"
    role = False
    if root.dep_ in ("attr", "acomp") and copular_head:
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        role = subject is not None and (
            subject.lower_ in PERSON_PRONOUNS or subject.ent_type_ == "PERSON"
        )
    source_start, source_end = parsed.source_span(span)
    last = tokens[-1].text
    source_end -= len(last) - len(last.rstrip(CUT_OFF))
    surface = " ".join(
        parsed.paragraph.text[source_start - parsed.offset : source_end - parsed.offset].split()
    )
    return NameOccurrence(
        parsed_index=parsed_index,
        token_start=start,
        token_end=end,
        start=source_start,
        end=source_end,
        surface=surface,
        form=form,
        in_quote=in_quote,
        label=root.ent_type_,
        # "the Chanel", but not the conjunction in "that Mr Allworthy inherited".
        determiner=before is not None
        and before.lower_ in DETERMINERS
        and (before.dep_ in ("det", "predet") or start <= before.head.i < end),
        agent=agent and not copular_head,
        speaker=agent and head.lemma_ in known["speech_verbs"],
        possessor=root.dep_ == "poss" and head.lemma_.lower() in known["person_nouns"],
        role=role,
        place=root.dep_ == "pobj" and head.lower_ in known["place_prepositions"],
        sentence_initial=doc[start].is_sent_start,
        gender_vote=_gender_vote(doc, root),
        endearment=before is not None and before.lower_ in known["endearments"],
        introduced=_introduced(root, head, known),
        oath=_oath(doc, before, end),
    )


def _oath(doc: Doc, before: Token | None, end: int) -> bool:
    """ "By Jove!", "too bad, by Jove;": a name sworn by, the exclamation closed by
    punctuation. Not "he sat by Mary at dinner", "written by Jove"."""
    if before is None or before.lower_ != "by" or before.dep_ == "agent":
        return False
    return before.text == "By" or (end < len(doc) and doc[end].is_punct)


def _introduced(root, head, known: dict) -> bool:
    """Is the name given to someone described: "a wight of the name of Ichabod Crane", "a girl
    named Alice"? Only when the naming hangs off a noun: "known by the name of Tarry Town" and
    "is called Greensburgh" name places as often as people."""
    if root.dep_ == "pobj" and head.lower_ == "of":
        noun = head.head
        if noun.lemma_.lower() not in known["naming_nouns"] or noun.head.dep_ != "prep":
            return False
        return noun.head.head.pos_ in ("NOUN", "PRON")
    if root.dep_ == "oprd" and head.lower_ in known["naming_participles"]:
        return head.dep_ == "acl" and head.head.pos_ == "NOUN"
    return False


@dataclass(eq=False)
class NameCensus:
    """Every name form of the story, and which forms share a sentence (two people, usually)."""

    forms: dict[str, FormStats] = field(default_factory=dict)
    together: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Every word the story writes in lower case (the name-spelling rules ask it too:
    # "Hull", "Marry" are ordinary words, not slips of a name).
    lowercase: frozenset[str] = frozenset()
    # Uses of the capitalised words left out as never a person (not_persons.txt: "God",
    # "Sir"), by word: kept only to be counted (benchmarks/name_coverage.py).
    not_person_uses: Counter[str] = field(default_factory=Counter)

    def sentences_together(self, a: str, b: str) -> int:
        return self.together[(a, b) if a < b else (b, a)]


def lowercase_words(parsed: list[ParsedParagraph]) -> frozenset[str]:
    """Words the text also writes in lower case: "Dearest", "Young", "Nothing" are not names."""
    from spacy.attrs import IS_ALPHA, IS_LOWER

    # Arrays, not a loop over every Token object of the book (nlp/wordscan.py).
    return texts_of_tokens_with(parsed, [IS_LOWER, IS_ALPHA])


def _full_name_surnames(
    parsed: list[ParsedParagraph], runs: list[list[tuple[int, int]]]
) -> set[str]:
    """Last words (lower-cased) of given name + surname runs: "Oak" after "Gabriel Oak" is
    his surname even though the text also writes "oak" in lower case."""
    surnames = set()
    for paragraph, spans in zip(parsed, runs, strict=True):
        doc = paragraph.doc
        for start, end in spans:
            words = [t.text for t in doc[start:end] if not t.is_space]
            if len(words) >= 2 and is_first_name(words[0]) and words[-1][:1].isupper():
                surnames.add(words[-1].lower())
    return surnames


def collect_forms(
    parsed: list[ParsedParagraph], in_quote: Callable[[int, int], bool]
) -> NameCensus:
    """Every name occurrence in the story, grouped by name form, in one pass."""
    census = NameCensus()
    forms = census.forms
    runs = [_name_runs(paragraph.doc) for paragraph in parsed]
    census.lowercase = lowercase_words(parsed)
    common = census.lowercase - _full_name_surnames(parsed, runs)
    for parsed_index, paragraph in enumerate(parsed):
        by_sentence: dict[tuple[int, bool], set[str]] = {}
        for start, end in runs[parsed_index]:
            occurrence = _occurrence(
                paragraph,
                parsed_index,
                start,
                end,
                in_quote(parsed_index, start),
                common,
                census.not_person_uses,
            )
            if occurrence is None:
                continue
            key = occurrence.form.key
            stats = forms.get(key)
            if stats is None:
                stats = forms[key] = FormStats(occurrence.form)
            stats.occurrences.append(occurrence)
            stats.surfaces[occurrence.surface] += 1
            # A vocative in dialogue and the narrator's name for the same person often
            # share a sentence ('"Lizzy," said her mother to Elizabeth'), so only names
            # in the same voice count as "together".
            sentence = paragraph.doc[occurrence.token_start].sent.start
            by_sentence.setdefault((sentence, occurrence.in_quote), set()).add(key)
        for keys in by_sentence.values():
            if len(keys) > 1:
                ordered = sorted(keys)
                for i, a in enumerate(ordered):
                    for b in ordered[i + 1 :]:
                        census.together[(a, b)] += 1
    _fold_capitals(forms)
    return census


def _fold_capitals(forms: dict[str, FormStats]) -> None:
    """ "SISSY JUPE" in a heading or a shouted line is the "Sissy Jupe" of the prose.

    A name written in capitals joins the form written in ordinary case when the
    text has one; otherwise it stays as written ("JFK" is no shouted "Jfk").
    """
    for key, stats in list(forms.items()):
        words = stats.form.words
        if not all(w.isupper() and len(w) > 1 for w in words):
            continue
        folded = NameForm(stats.form.title, tuple(_capitalised(w) for w in words))
        target = forms.get(folded.key)
        if target is None or target is stats:
            continue
        target.occurrences.extend(stats.occurrences)
        target.occurrences.sort(key=lambda o: o.start)
        target.surfaces.update(stats.surfaces)
        for occurrence in stats.occurrences:
            occurrence.form = target.form
        del forms[key]


def _capitalised(word: str) -> str:
    parts = word.split(" ")
    return " ".join(p.lower() if p.lower() in PARTICLES else p.capitalize() for p in parts)
