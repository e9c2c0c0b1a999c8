"""Name spellings that drift: "Cartright" once among forty "Cartwright".

The characters stage has already counted every capitalised name of the story
(`name_mentions.NameCensus`: people, places and things alike). This module
compares the *words* of those names: a word used once or twice that is one
slip of the keyboard away from a word used many times is probably the same
name misspelled - unless it is one of the many things that legitimately look
like that:

- another word built on the name: a plural of a family ("the Bennets"), a
  possessive, a demonym ("America"/"American"), an adjective ("Smallweedy");
- a pet form of the same given name ("Kate"/"Katie": `data/names/hypocorisms.tsv`)
  - though two spellings of one name ("Katherine"/"Katharine") are reported;
- a difference no hand makes by accident: another first letter, an unrelated
  letter ("Rodney"/"Romney");
- a person's name beside a place's ("Barney"/"Barnet"), or a name that does
  nothing a character does ("Scott, Hardy, Lamb" beside a Harry);
- a real given name of its own ("Marion" beside "Marian") with nothing tying it
  to the frequent name's person (a shared surname does);
- an ordinary word the text also writes in lower case ("Hull", "Marry");
- a name spoken in dialect ("Mr. Earnshew" in a line full of "waitin'", a lisp
  written out: `name_dialect`) or in a passage of another language;
- a second person: the two names side by side in one sentence ("Marian and
  Marion"), or the rare name belonging to a character the text names often in
  other ways;
- the story bible's own spelling (a bible name or alias is never a slip).

What remains must also sit in the frequent word's *frame*: "Karen Cartright"
where the text writes "Karen Cartwright", "Mr. Darcey" where it writes "Mr.
Darcy". The work is linear: one pass over the distinct name words, a
deletion index for the near matches (no pairwise comparison), and a handful
of checks on the few candidates.

`find_spelling_variants(model)` stores a `SpellingLayer` as
`model.get(NAME_SPELLING)`; the NAM rules only phrase it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from storylint.families.names.dialect import DialectCheck
from storylint.families.names.distance import (
    NearIndex,
    plausible_slip,
    respelling_shape,
    same_sound,
)
from storylint.families.names.settings import SpellingSettings, settings
from storylint.people.entities import MentionKind
from storylint.people.name_mentions import FormStats
from storylint.people.name_mentions import _occurrence as name_occurrence
from storylint.people.names import (
    NameForm,
    behaviour,
    first_name_gender,
    is_first_name,
    not_persons,
    parse_name,
    same_given_name,
    title_of,
    titles,
)
from storylint.pipeline.layers import (
    CANON,
    NAME_CENSUS,
    PRONOUNS,
    QUOTES,
    SPEAKERS,
    Layer,
)
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storylint.findings import Evidence
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex
    from storylint.people.name_mentions import NameCensus, NameOccurrence

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TRIPLE_LETTER = re.compile(r"([a-z])\1\1")
# A name set off by punctuation inside a speech is someone addressed: "I'll tell you, Carrrie:".
VOCATIVE_BEFORE = frozenset({",", '"', "\u201c", "'", "\u2018", "!", "--", "\u2014"})
VOCATIVE_AFTER = frozenset({",", "!", "?", ":", ";", ".", '"', "\u201d", "--", "\u2014"})
NATIONALITY_LABELS = frozenset({"NORP", "LANGUAGE"})
# A name that is a participant of its clause - its subject, object or complement - is someone
# the sentence is about ("Molly took Japser for a walk", "Where's Malahi?"), not a name
# listed in passing ("Scott, Hardy, Lamb", "portraits by Romney").
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})
CLAUSE_HEADS = frozenset({"VERB", "AUX"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

# A run of letters (any script): what str.isalpha() accepts, found at C speed.
_WORD = re.compile(r"[^\W\d_]+")


class Frame(StrEnum):
    """How surely the rare word stands where the frequent one usually does."""

    FULL = "full"  # "Karen Cartright" / "Karen Cartwright", "Mr. Darcey" / "Mr. Darcy"
    BARE = "bare"  # "Merryton" / "Meryton", each alone
    SLOT = "slot"  # both surnames (last words), never in the same company


# --- the census, by word ------------------------------------------------------------------


@dataclass(eq=False)
class WordUse:
    """Every occurrence of one name word, in whichever name forms it appears."""

    word: str
    uses: list[tuple[FormStats, int]] = field(default_factory=list)  # (form, word position)
    count: int = 0
    _occurrences: list[NameOccurrence] | None = field(default=None, repr=False)

    @property
    def occurrences(self) -> list[NameOccurrence]:
        """Every occurrence in story order (computed once)."""
        if self._occurrences is None:
            found = [o for stats, _ in self.uses for o in stats.occurrences]
            found.sort(key=lambda o: (o.parsed_index, o.start))
            self._occurrences = found
        return self._occurrences


def _is_name_word(word: str) -> bool:
    """A name word worth comparing: letters, with particles before it ("de Bourgh") and
    hyphens and apostrophes inside ("O'Brien"); not an initial ("F."), not a heading in
    capitals, not a tokenizer's leftover ("Bennet.--They")."""
    *particles, head = word.split(" ")
    if not all(p.isalpha() and p.islower() for p in particles):
        return False
    return (
        head[:1].isupper()
        and any(c.islower() for c in head)
        and all(c.isalpha() or c in "'-" for c in head)
    )


def word_uses(census: NameCensus) -> dict[str, WordUse]:
    """Name word -> its uses across all forms ("Cartwright" in "Karen Cartwright", "Ms.
    Cartwright" and "Cartwright")."""
    uses: dict[str, WordUse] = {}
    for stats in census.forms.values():
        for position, word in enumerate(stats.form.words):
            if not _is_name_word(word):
                continue
            use = uses.get(word)
            if use is None:
                use = uses[word] = WordUse(word)
            use.uses.append((stats, position))
            use.count += stats.count
    return uses


# --- the result ---------------------------------------------------------------------------


class VariantKind(StrEnum):
    PERSON = "person"
    PLACE = "place"
    OTHER = "other"  # a named thing: a ship, a house, an inn, a company
    NATIONALITY = "nationality"  # "Englishman", "French": not a name to spell-check
    UNKNOWN = "unknown"


@dataclass(eq=False)
class SpellingVariant:
    """A rare spelling of a name and the established spelling it probably means."""

    variant: str
    dominant: str
    variant_count: int
    dominant_count: int
    kind: VariantKind
    frame: Frame
    confidence: float
    variant_occurrences: list[NameOccurrence]
    dominant_occurrences: list[NameOccurrence]
    in_dialogue: bool  # every use of the variant is inside a quotation
    bible: Evidence | None = None  # the bible line declaring the spelling, when it does


@dataclass(eq=False)
class SpellingDrift:
    """Two spellings of one name each used regularly, one taking over from the other."""

    earlier: str
    later: str
    earlier_count: int
    later_count: int
    kind: VariantKind
    earlier_occurrences: list[NameOccurrence]
    later_occurrences: list[NameOccurrence]
    confidence: float
    last_earlier: NameOccurrence  # where the earlier spelling stops ...
    first_later: NameOccurrence  # ... and the later one takes over


@dataclass(eq=False)
class SpellingLayer:
    variants: list[SpellingVariant] = field(default_factory=list)
    drifts: list[SpellingDrift] = field(default_factory=list)
    # (variant, dominant, reason) for every near pair that was let go: what the evaluation
    # and a curious writer can read to see why a spelling was not reported.
    dismissed: list[tuple[str, str, str]] = field(default_factory=list)


# --- the checks ---------------------------------------------------------------------------


NAME_SPELLING: Layer[SpellingLayer] = Layer(
    "name_spelling", "rare spellings one slip from a frequent name (families.names)"
)


@stage(requires=[NAME_CENSUS, PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[NAME_SPELLING])
def find_spelling_variants(model: StoryModel) -> None:
    """Rare spellings one slip from a frequent name, and spelling drift (a SpellingLayer)."""
    model.set(NAME_SPELLING, analyse(model))


def analyse(model: StoryModel) -> SpellingLayer:
    census = model.get(NAME_CENSUS)
    layer = SpellingLayer()
    if census is None:
        return layer
    return _Analysis(model, census, settings()).run(layer)


class _Analysis:
    def __init__(self, model: StoryModel, census: NameCensus, config: SpellingSettings) -> None:
        self.model = model
        self.census = census
        self.config = config
        self.index: CharacterIndex | None = model.get(PRONOUNS)
        self.uses = word_uses(census)
        self.bible = _bible_names(model.get(CANON))
        self._name_mentions: dict[int, int] = {}
        self.dialect = DialectCheck(model, census, config, self.uses)
        # How often the established spelling must be used scales with the text's length: a
        # short story names its heroine a handful of times, a novel hundreds.
        self.established_min = config.established_min(model.manuscript.word_count)
        self.ratio = config.ratio_for(self.established_min)
        self.unparsed: set[int] = set()  # ids of occurrences the parser did not take for names

    # --- driver ---------------------------------------------------------------------------

    def run(self, layer: SpellingLayer) -> SpellingLayer:
        config = self.config
        for word in self.bible:
            # A bible name the text never writes is still the spelling to compare with.
            self.uses.setdefault(word, WordUse(word))
        frequent = [
            w
            for w, u in self.uses.items()
            if (u.count >= self.established_min or w in self.bible) and len(w) >= config.min_length
        ]
        near = NearIndex(frequent, config)
        self.add_unparsed(near)
        candidates: list[tuple[WordUse, WordUse, int]] = []
        for word, use in self.uses.items():
            if not use.count or use.count > config.rare_max or len(word) < config.min_length:
                continue
            if word in self.bible:
                continue  # the writer declared this spelling
            matches = [
                (self.uses[other], distance)
                for other, distance in near.near(word)
                if other in self.uses
                and (self.uses[other].count >= self.ratio * use.count or other in self.bible)
            ]
            if len(matches) > 1:
                layer.dismissed.append((word, matches[0][0].word, "close to several names"))
                continue
            if matches:
                candidates.append((use, matches[0][0], matches[0][1]))
        together = self.sentences_with_several(candidates)
        for use, dominant, distance in candidates:
            if any(self.sentence_of(o) in together for o in use.occurrences):
                # "'Alexandre, Russie, grandeur'": two names respelled in one sentence are
                # another language or an accent, not two slips of the pen
                layer.dismissed.append(
                    (use.word, dominant.word, "another near spelling in the same sentence")
                )
                continue
            reason, frame = self.dismiss(use, dominant)
            if reason:
                layer.dismissed.append((use.word, dominant.word, reason))
                continue
            assert frame is not None  # dismiss() keeps a pair only with its frame
            layer.variants.append(self.variant(use, dominant, frame, distance))
        layer.drifts = self.drifts(layer)
        return layer

    def sentence_of(self, occurrence: NameOccurrence) -> tuple[int, int]:
        doc = self.model.parsed[occurrence.parsed_index].doc
        return occurrence.parsed_index, doc[occurrence.token_start].sent.start

    def sentences_with_several(
        self, candidates: list[tuple[WordUse, WordUse, int]]
    ) -> set[tuple[int, int]]:
        """Sentences holding near spellings of two different frequent names."""
        seen: dict[tuple[int, int], set[str]] = {}
        for use, dominant, _ in candidates:
            for o in use.occurrences:
                seen.setdefault(self.sentence_of(o), set()).add(dominant.word)
        return {where for where, words in seen.items() if len(words) > 1}

    def add_unparsed(self, near: NearIndex) -> None:
        """Capitalised words the parser did not take for names: a misspelled name is a word
        the tagger has never seen, and it often calls it an adverb or a common noun
        ("Emilly read the note": RB). A capitalised word the text never writes in lower
        case, one slip from a frequent name, is counted as a name word here (one pass over
        the tokens; the census itself is the characters stage's and is left as it is)."""
        config = self.config
        quotes = self.model.get(QUOTES)
        census_tokens = {
            (o.parsed_index, i)
            for stats in self.census.forms.values()
            for o in stats.occurrences
            for i in range(o.token_start, o.token_end)
        }
        found: dict[str, list[tuple[int, int]]] = {}
        # Words are found in the paragraph's text and only the candidates become tokens: a
        # loop over every token of a novel cost more than the rest of this stage.
        for parsed_index, paragraph in enumerate(self.model.parsed):
            doc = paragraph.doc
            for match in _WORD.finditer(paragraph.paragraph.text):
                text = match.group()
                if (
                    len(text) < config.min_length
                    or not text[0].isupper()
                    or not text[1:].islower()
                    or text.lower() in self.census.lowercase
                ):
                    continue
                span = doc.char_span(match.start(), match.end())
                if span is None or len(span) != 1:
                    continue  # not a whole token as the parser split it
                if (parsed_index, span.start) in census_tokens:
                    continue
                found.setdefault(text, []).append((parsed_index, span.start))
        for word, places in found.items():
            known = self.uses.get(word)
            if len(places) + (known.count if known else 0) > config.rare_max:
                continue
            if word in config.never_compared or word in not_persons() or title_of(word):
                continue
            if not near.near(word):
                continue
            for parsed_index, i in places:
                in_quote = quotes.in_quote(parsed_index, i) if quotes is not None else False
                occurrence = name_occurrence(
                    self.model.parsed[parsed_index], parsed_index, i, i + 1, in_quote, frozenset()
                )
                if occurrence is None or occurrence.form.words != (word,):
                    continue
                self.unparsed.add(id(occurrence))
                stats = FormStats(occurrence.form, [occurrence])
                stats.surfaces[occurrence.surface] += 1
                use = self.uses.get(word)
                if use is None:
                    use = self.uses[word] = WordUse(word)
                use.uses.append((stats, 0))
                use.count += 1
                use._occurrences = None

    # --- why a near pair is no misspelling ----------------------------------------------------

    def dismiss(self, use: WordUse, dominant: WordUse) -> tuple[str | None, Frame | None]:
        """Why this near pair is no misspelling (None when it may be one), and the frame."""
        config = self.config
        rare, common = use.word, dominant.word
        if rare.lower() == common.lower():
            return "the same name in capitals", None
        if (
            rare in config.never_compared or common in config.never_compared
        ) and not self.titled_swap(use, dominant):
            # "Mrs. Marc" where the text writes "Mrs. March": a calendar word as a surname.
            return "a date or an exclamation", None
        if self.other_word(rare, common):
            return "another word built on the name (plural, possessive, demonym)", None
        if rare in config.dialect_words or rare in not_persons() or rare.lower() in titles():
            return "a dialect word, title or form of address", None
        if rare.count("'") != common.count("'"):
            return "an elision (dialect)", None
        respelled = self.respelled(rare, common)
        if same_given_name(rare, common) and not respelled:
            return "a pet form of the same given name", None
        if not plausible_slip(rare, common, config):
            return "not a slip of the pen (another first letter or an unrelated letter)", None
        if self.is_ordinary_word(rare) or (
            self.is_ordinary_word(common) and self.kind(dominant) is not VariantKind.PERSON
        ):
            # "Hull", "Marry": ordinary words. A character's name that is also a word ("Miles",
            # "Frank") is still a name to misspell.
            return "an ordinary word the text also writes in lower case", None
        if self.has_family(rare):
            return "a family of its own (the text has its plural)", None
        # One or two labels of a rare word are noise ("the Pequot" called a people): only a
        # word used often enough is trusted to be a nationality.
        if self.nationality(dominant) or (use.count > config.rare_max and self.nationality(use)):
            return "a nationality or language", None
        kinds = {self.behaviour_kind(use), self.behaviour_kind(dominant)}
        if VariantKind.PERSON in kinds and kinds & {VariantKind.PLACE, VariantKind.OTHER}:
            return "a person's name and a place's or a thing's", None
        if VariantKind.PLACE in kinds and (is_first_name(rare) or is_first_name(common)):
            return "a person's name and a place's", None
        occurrences = use.occurrences
        if any(self.cut_off(o, rare) for o in occurrences):
            return "part of a word broken by a hyphen", None
        if any(self.apposed(o, parentage=True) for o in occurrences):
            return "introduced as someone's son or daughter: a person of its own", None
        if any(self.given_on_purpose(o) for o in occurrences):
            return 'a name given on purpose ("we call him Cainey")', None
        if self.shares_sentence(occurrences, dominant):
            return "both names in one sentence: two people or things", None
        frame = self.frame(use, dominant)
        if frame is None and dominant.word in self.bible:
            frame = Frame.BARE  # the writer declared the spelling; the text may not use it
        if frame is None:
            return "not used where the frequent name is", None
        if frame is not Frame.FULL and use.count > 1 and dominant.word not in self.bible:
            # "Miss Gryce" twice beside forty "Grace": a spelling used the same way more than
            # once, never in one of the frequent name's own forms, is a name of its own.
            return "used more than once, never in the frequent name's forms", None
        given_rare, given_common = is_first_name(rare), is_first_name(common)
        if given_rare and frame is not Frame.FULL and not respelled:
            return "a given name of its own", None
        if given_rare and given_common and first_name_gender(rare) != first_name_gender(common):
            return "given names of different genders", None
        if given_rare and not given_common and not respelled and not self.titled(dominant):
            # "Henry" twice among forty "Henery": the frequent spelling is the author's own
            # invention for one character; the usual name beside it is on purpose.
            return "the usual spelling of a given name the author respells", None
        if (
            frame is not Frame.FULL
            and self.kind(dominant) is VariantKind.PERSON
            and not self.acts_as_person(use)
        ):
            # "Scott, Hardy, Lamb" beside a Harry; "Portraits by Romney": a name that stands
            # alone and does nothing a character does is someone else, merely named.
            return "named in passing, not acting like the character", None
        if self.names_someone_else(use, dominant):
            return "the name of another character", None
        if all(o.in_quote for o in occurrences) and self.dialect.in_dialect(
            occurrences, rare, common
        ):
            return "spoken in dialect", None
        if any(self.dialect.foreign(o) for o in occurrences):
            return "in a passage in another language", None
        return None, frame

    def _verb_prep_object(self, root: Token) -> bool:
        """The object of a verb's preposition of `participant_preps` ("arguing with Xuyr",
        "a letter came for Flminap"): someone the clause is about."""
        prep = root.head
        return (
            root.dep_ == "pobj"
            and prep.dep_ == "prep"
            and prep.lower_ in self.config.participant_preps
            and prep.head.pos_ in CLAUSE_HEADS
        )

    def acts_as_person(self, use: WordUse) -> bool:
        """Does the rare name behave like a character of the story? A character's mention,
        titled, acting, speaking or owning ("said Charly"), the agent of a passive ("noticed
        by Balstrode"), addressed in dialogue ("I'll tell you, Carrrie:"), or named as
        someone's relative ("my sister Philips"). A spelling no name has ("Suzannne", three
        letters in a row) is a slip whatever it does."""
        if TRIPLE_LETTER.search(use.word.lower()):
            return True
        kin = behaviour()["person_nouns"]
        for o in use.occurrences:
            if o.form.title or o.agent or o.speaker or o.possessor:
                return True
            if self.index is not None and self.index.mention_at(o.parsed_index, o.token_start):
                return True
            doc = self.model.parsed[o.parsed_index].doc
            root = doc[o.token_start : o.token_end].root
            if root.dep_ == "pobj" and root.head.dep_ == "agent":
                return True
            if root.dep_ in PARTICIPANT_DEPS and root.head.pos_ in CLAUSE_HEADS:
                return True
            if root.dep_ in SUBJECT_DEPS and root.head.pos_ == "ADJ":
                return True  # a small clause: "I had never seen Hlmes so angry", "found X asleep"
            if self._verb_prep_object(root):
                return True
            before = doc[o.token_start - 1] if o.token_start > 0 else None
            after = doc[o.token_end] if o.token_end < len(doc) else None
            if (
                id(o) in self.unparsed
                and o.sentence_initial
                and after is not None
                and after.pos_ in CLAUSE_HEADS
                and after.tag_ != "VBG"
            ):
                # A word the parser did not read ("Emilly read the note": an adverb to it)
                # opening its sentence before the verb: the subject, whatever the parse.
                return True
            if before is not None and before.lemma_.lower() in kin and before.pos_ == "NOUN":
                return True
            if (
                o.in_quote
                and before is not None
                and before.text in VOCATIVE_BEFORE
                and (after is None or after.text in VOCATIVE_AFTER)
            ):
                return True
        return False

    def given_on_purpose(self, occurrence: NameOccurrence) -> bool:
        """ "we call him Cainey", "a boy named Japhet": the object of a naming verb."""
        doc = self.model.parsed[occurrence.parsed_index].doc
        root = doc[occurrence.token_start : occurrence.token_end].root
        return (
            root.dep_ in ("oprd", "attr", "dobj", "xcomp", "npadvmod")
            and root.head.lemma_ in self.config.naming_verbs
            and root.head.pos_ == "VERB"
        )

    def cut_off(self, occurrence: NameOccurrence, word: str) -> bool:
        """ "Mrs. McGur-rk": the name rolled over a hyphen, not spelled short."""
        text = self.model.parsed[occurrence.parsed_index].paragraph.source.text
        end = occurrence.end
        return text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()

    def respelled(self, rare: str, common: str) -> bool:
        """ "Katherine" / "Katharine": one given name spelled two ways (data file), or two
        given names of one gender in a shape of respelling ("Harriet"/"Harriett",
        "Anneliese"/"Annelise": a letter doubled, "ie" for "e")."""
        groups = self.config.spelling_groups
        if rare in groups and groups.get(common) == groups[rare]:
            return True
        if not (is_first_name(rare) or is_first_name(common)):
            return False
        if (
            is_first_name(rare)
            and is_first_name(common)
            and first_name_gender(rare) != first_name_gender(common)
        ):
            return False
        return respelling_shape(rare.lower(), common.lower(), self.config)

    def has_family(self, word: str) -> bool:
        """ "the Coxes": a name the text puts in the plural is a family of its own."""
        return any(f"{word}{ending}" in self.uses for ending in ("s", "es"))

    def other_word(self, rare: str, common: str) -> bool:
        """ "Bennets", "Darcy's", "American", "Englishmen": another word built on the name.
        Not a last letter written twice ("Wilsonn", "Jamess"): that is a slip."""
        for one, other in self.config.word_endings:
            for a, b in ((rare, common), (common, rare)):
                if a.endswith(one) and b.endswith(other):
                    stem = a[: len(a) - len(one)]
                    if stem != b[: len(b) - len(other)]:
                        continue
                    added = other[len(one) :] if other.startswith(one) else None
                    if added is not None and len(added) == 1 and stem.endswith(added):
                        continue  # the last letter doubled
                    return True
        return False

    def titled(self, use: WordUse) -> bool:
        """Is the word a surname the text writes after a title ("Mrs. March")?"""
        return any(
            stats.form.title and position == len(stats.form.words) - 1
            for stats, position in use.uses
        )

    def titled_swap(self, use: WordUse, dominant: WordUse) -> bool:
        """Does the rare word stand in a titled name the text writes with the frequent word
        ("Mrs. Marc" / "Mrs. March")?"""
        forms = self.census.forms
        for stats, position in use.uses:
            form = stats.form
            if not form.title:
                continue
            words = list(form.words)
            words[position] = dominant.word
            if NameForm(form.title, tuple(words)).key in forms:
                return True
        return False

    def is_ordinary_word(self, word: str) -> bool:
        """Does the story also write the word in lower case ("the old hall", "marry")? The
        census collected those words in its own pass over the tokens."""
        return word.lower() in self.census.lowercase

    def shares_sentence(self, occurrences: list[NameOccurrence], dominant: WordUse) -> bool:
        """ "Marian and Marion came in": names side by side are two people."""
        parsed = self.model.parsed
        mine = {
            (o.parsed_index, parsed[o.parsed_index].doc[o.token_start].sent.start)
            for o in occurrences
        }
        paragraphs = {p for p, _ in mine}
        for o in dominant.occurrences:
            if o.parsed_index in paragraphs:
                sentence = parsed[o.parsed_index].doc[o.token_start].sent.start
                if (o.parsed_index, sentence) in mine and any(
                    not _full_stop_between(parsed[o.parsed_index].doc, o.token_start, m.token_start)
                    for m in occurrences
                    if m.parsed_index == o.parsed_index
                ):
                    return True
        return False

    def frame(self, use: WordUse, dominant: WordUse) -> Frame | None:
        """Does the rare word stand where the frequent one does? "Karen Cartright" with
        "Karen Cartwright" in the text; "Mr. Bingly" with "Mr. Bingley"; "Merryton" alone
        with "Meryton" alone; else both last words of names (surnames)."""
        forms = self.census.forms
        best: Frame | None = None
        for stats, position in use.uses:
            form = stats.form
            words = list(form.words)
            words[position] = dominant.word
            swapped = NameForm(form.title, tuple(words))
            if swapped.key in forms:
                if len(words) > 1 or form.title:
                    return Frame.FULL
                best = Frame.BARE
            elif form.title and NameForm(None, swapped.words).key in forms:
                # "Miss Cathrine" where the text writes "Catherine": the same words untitled.
                if len(words) > 1:
                    return Frame.FULL
                best = Frame.BARE
            elif best is None and form.title and len(words) == 1:
                # "Miss Cartright" where the text writes "Karen Cartwright", "Ms. Cartwright":
                # a titled surname, and the frequent word is a surname too.
                if any(
                    s.form.last == dominant.word or (s.form.title and s.form.single)
                    for s, _ in dominant.uses
                ):
                    best = Frame.SLOT
        return best

    def names_someone_else(self, use: WordUse, dominant: WordUse) -> bool:
        """The rare word belongs to a character the text names often in other ways ("Miss
        Smith", named "Marion Smith" once): a person of her own, not a slip."""
        if self.index is None:
            return False
        dominant_ids = {
            m.character_id
            for o in dominant.occurrences
            if (m := self.index.mention_at(o.parsed_index, o.token_start)) is not None
        }
        for o in use.occurrences:
            mention = self.index.mention_at(o.parsed_index, o.token_start)
            if mention is None:
                continue
            if mention.character_id in dominant_ids:
                # The characters stage made it a name of the same person (a pet form): an
                # alias, unless it is only the same given name spelled another way.
                if not self.respelled(use.word, dominant.word):
                    return True
                continue
            others = self.name_mentions(mention.character_id) - use.count
            if others > self.config.rare_max:
                return True
        return False

    def name_mentions(self, character_id: int) -> int:
        count = self._name_mentions.get(character_id)
        if count is None:
            assert self.index is not None  # asked by names_someone_else(), which has one
            character = self.index.by_id(character_id)
            count = sum(1 for m in character.mentions if m.kind is not MentionKind.PRONOUN)
            self._name_mentions[character_id] = count
        return count

    # --- findings data --------------------------------------------------------------------

    def kind(self, use: WordUse, rare: bool = False) -> VariantKind:
        """What a name word names, by majority of its uses. A use is a person's when it is a
        character's mention, titled, or the name acts, speaks or owns; a place's when it is
        the object of a place preposition ("in Barnet"). For a frequent word the parser's
        label decides the other uses; a rare word's one or two labels are too noisy ("Upper
        Norword" labelled a person), so only behaviour counts."""
        votes: Counter[VariantKind] = Counter()
        for stats, position in use.uses:
            # "Clerkinwell Sessions have brought it upon themselves": what the whole name
            # does tells about its last word, not about a word that qualifies it.
            head = position == len(stats.form.words) - 1
            for o in stats.occurrences:
                mention = (
                    self.index.mention_at(o.parsed_index, o.token_start) if self.index else None
                )
                if mention is not None or o.form.title:
                    votes[VariantKind.PERSON] += 1
                elif o.determiner:
                    votes[VariantKind.OTHER] += 1  # "the Pequod sailed": a thing, though it acts
                elif head and (o.agent or o.speaker or o.possessor or self.apposed(o)):
                    votes[VariantKind.PERSON] += 1
                elif head and o.place:
                    votes[VariantKind.PLACE] += 1
                elif rare:
                    continue
                elif o.label == "PERSON":
                    votes[VariantKind.PERSON] += 1
                elif o.label in PLACE_LABELS:
                    votes[VariantKind.PLACE] += 1
                elif o.label in NATIONALITY_LABELS:
                    votes[VariantKind.NATIONALITY] += 1
        if not votes:
            return VariantKind.UNKNOWN
        kind, n = votes.most_common(1)[0]
        return kind if n * 2 > sum(votes.values()) else VariantKind.UNKNOWN

    def apposed(self, occurrence: NameOccurrence, parentage: bool = False) -> bool:
        """ "Pedaeus, son of Antenor": a person by the noun set beside the name; with
        `parentage`, only a noun that names another's kin ("the son of Ithaemenes")."""
        doc = self.model.parsed[occurrence.parsed_index].doc
        root = doc[occurrence.token_start : occurrence.token_end].root
        nouns = self.config.parentage_nouns if parentage else self.config.person_appositions
        for c in root.children:
            if c.dep_ != "appos" or c.lemma_.lower() not in nouns:
                continue
            if not parentage:
                return True
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    if any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in prep.children):
                        return True
        return False

    def behaviour_kind(self, use: WordUse) -> VariantKind:
        """What the word's uses show it to be (acts: a person; "in Barnet": a place), else,
        for a word used often enough to outvote the parser's slips, its labels."""
        kind = self.kind(use, rare=True)
        if kind is VariantKind.UNKNOWN and use.count > self.config.rare_max:
            kind = self.kind(use)
        return kind

    def named_kind(self, use: WordUse) -> VariantKind:
        if use.word in self.bible and not use.count:
            return self.bible[use.word][1]
        kind = self.kind(use)
        return VariantKind.OTHER if kind is VariantKind.UNKNOWN else kind

    def nationality(self, use: WordUse) -> bool:
        """ "Englishman", "French": labelled a nationality or language in most uses."""
        occurrences = use.occurrences
        labelled = sum(1 for o in occurrences if o.label in NATIONALITY_LABELS)
        return labelled * 2 > len(occurrences)

    def variant(
        self, use: WordUse, dominant: WordUse, frame: Frame, distance: int
    ) -> SpellingVariant:
        occurrences = use.occurrences
        in_dialogue = all(o.in_quote for o in occurrences)
        confidence = {Frame.FULL: 0.8, Frame.BARE: 0.7, Frame.SLOT: 0.6}[frame]
        if self.respelled(use.word, dominant.word):
            confidence -= 0.1  # another spelling of the name: sometimes a second person
        if in_dialogue:
            confidence -= 0.1
        if distance > 1:
            confidence -= 0.1
        return SpellingVariant(
            variant=use.word,
            dominant=dominant.word,
            variant_count=use.count,
            dominant_count=dominant.count,
            kind=self.named_kind(dominant),
            frame=frame,
            confidence=round(confidence, 2),
            variant_occurrences=occurrences,
            dominant_occurrences=dominant.occurrences,
            in_dialogue=in_dialogue,
            bible=self.bible[dominant.word][0] if dominant.word in self.bible else None,
        )

    # --- NAM003: one spelling taking over from another ----------------------------------------

    def drifts(self, layer: SpellingLayer) -> list[SpellingDrift]:
        config = self.config
        found: list[SpellingDrift] = []
        seen: set[frozenset[str]] = set()
        regular = [
            w
            for w, u in self.uses.items()
            if u.count >= config.drift_min and len(w) >= config.min_length
        ]
        near = NearIndex(regular, config)
        pairs: list[tuple[WordUse, WordUse]] = []
        for word in regular:
            use = self.uses[word]
            for other, distance in near.near(word):
                pair = frozenset((word, other))
                other_use = self.uses[other]
                if pair in seen or other_use.count < use.count:
                    continue
                if distance > 1 and not same_sound(word.lower(), other.lower(), config):
                    continue  # two slips apart: two names, unless one sound spelled two ways
                seen.add(pair)
                if use.count <= config.rare_max and (other_use.count >= self.ratio * use.count):
                    continue  # a rare slip: NAM001/NAM002's business
                pairs.append((use, other_use))
        for use, other_use in pairs:
            reason, frame = self.dismiss(use, other_use)
            if reason is None and frame is Frame.SLOT:
                reason = "not used where the other name is"
            if reason is None:
                drift = self.drift(use, other_use)
                if drift is not None:
                    found.append(drift)
                    continue
                reason = "both spellings used throughout: two names"
            layer.dismissed.append((use.word, other_use.word, reason))
        return found

    def drift(self, a: WordUse, b: WordUse) -> SpellingDrift | None:
        """One spelling replaces the other: few of the rarer spelling's uses fall inside the
        stretch of the story where the other is used."""
        first, second = a.occurrences, b.occurrences
        if (first[0].parsed_index, first[0].start) > (second[0].parsed_index, second[0].start):
            first, second = second, first
            a, b = b, a
        rarer, other = (first, second) if len(first) <= len(second) else (second, first)
        lo = (other[0].parsed_index, other[0].start)
        hi = (other[-1].parsed_index, other[-1].start)
        inside = sum(1 for o in rarer if lo <= (o.parsed_index, o.start) <= hi)
        if inside > self.config.drift_overlap * len(rarer):
            return None
        # Where the earlier spelling stops and the later one starts (ignoring the few uses
        # of each on the wrong side): a replacement follows close behind.
        stop = first[-1 - (inside if rarer is first else 0)]
        start = second[inside if rarer is second else 0]
        gap = max(self.config.drift_gap * len(self.model.parsed), self.config.drift_gap_min)
        if start.parsed_index - stop.parsed_index > gap:
            return None
        return SpellingDrift(
            earlier=a.word,
            later=b.word,
            earlier_count=a.count,
            later_count=b.count,
            kind=self.named_kind(a if a.count >= b.count else b),
            earlier_occurrences=first,
            later_occurrences=second,
            last_earlier=stop,
            first_later=start,
            confidence=0.5,
        )


BIBLE_KINDS = {
    "characters": VariantKind.PERSON,
    "places": VariantKind.PLACE,
    "objects": VariantKind.OTHER,
}


def _bible_names(canon: object) -> dict[str, tuple[Evidence, VariantKind]]:
    """Every word of every name and alias in the story bible (characters, places, objects),
    with the bible line that declares it: the writer's own spellings."""
    if canon is None:
        return {}
    words: dict[str, tuple[Evidence, VariantKind]] = {}
    for group, kind in BIBLE_KINDS.items():
        for entry in getattr(canon, group, None) or ():
            for name in (entry.name, *entry.aliases):
                form = parse_name(name.split()) if name.split() else None
                for word in form.words if form is not None else ():
                    if word[:1].isupper():
                        words.setdefault(word, (entry.evidence, kind))
    return words


def _full_stop_between(doc: Doc, a: int, b: int) -> bool:
    """Does a sentence end between tokens `a` and `b` that the parser ran together? "... who
    Mrs. Jellyby was. 'Come in,' Mrs. Jellyyb called." is two sentences: a full stop, a
    question or exclamation mark followed by a capital or an opening quotation mark."""
    low, high = sorted((a, b))
    for i in range(low + 1, high - 1):
        if doc[i].text in (".", "!", "?") and doc[i].whitespace_:
            following = doc[i + 1].text
            if following[:1].isupper() or following[:1] in "'\"\u2018\u201c":
                return True
    return False
