"""The characters stage: who the people of the story are, by every name they go by.

`find_characters(model)` stores a `CharacterIndex` as `model.get(CHARACTERS)`.
It works in three steps (the reasoning is in docs/characters.md):

1. **Which names are people.** Every capitalised name is observed
   (`name_mentions`); a name form is a person when a title says so, when it is a
   known given name that is not used like a place or a thing, or, for any other
   word, when the parser calls it a person *and* it behaves like one (acts,
   speaks, has arms and hands). Places, shows and brands fail: "to New York",
   "wearing the Chanel", "Hit List dotted the room".
2. **Which names are one person.** Full names seed the clusters; titled
   names ("Ms. Cartwright"), given names ("Karen") and pet forms ("Lizzy") join
   the one compatible cluster. Titles carry gender and marital status, so
   "Mr. Bennet", "Mrs. Bennet" and "Miss Bennet" stay apart; a bare surname
   shared by a family joins nobody unless one member clearly dominates.
3. **Which clusters are characters.** A name mostly used as a role someone plays
   ("she was Marilyn") or a one-off reference in dialogue ("Henry Higgins
   surrounded by his own creations") is not a character of the story.

Everything is linear in the length of the text: one pass over the tokens, then
work proportional to the number of distinct name forms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from storylint import lexicons
from storylint.nlp.wordscan import tokens_with_words
from storylint.people.canon_names import CanonNames
from storylint.people.entities import Character, CharacterIndex, Gender, Mention, MentionKind
from storylint.people.name_mentions import OTHER_LABELS, FormStats, NameCensus, collect_forms
from storylint.people.names import (
    NameForm,
    first_name_gender,
    institution_words,
    is_first_name,
    same_given_name,
    titles,
)
from storylint.pipeline.layers import CANON, CHARACTERS, NAME_CENSUS, QUOTES
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel

# A candidate must have at least this many times the mentions of the runner-up
# for an ambiguous name to join it ("Darcy" -> Mr. Darcy rather than Miss Darcy).
DOMINANCE = 3
# ... for a titled name, which chooses among relatives ("Mr. Sikes": Bill, not Bister, Sikes).
TITLED_DOMINANCE = 10
# A bare surname used this often in narration is the narrator's habit of naming a man.
NARRATED_SURNAME = 5
# Two name forms that share this many sentences are two people.
TOGETHER_APART = 2
# ... and at least this share of the rarer form's sentences.
TOGETHER_SHARE = 0.05
# Gendered possessives in a name's own clauses that outweigh the parser's ORG/GPE label.
OWN_PRONOUNS = 2
KIN_USES = 2  # "my dad" in narration this often, with no "Dad" named: a character "Dad"
# A name spoken in dialogue at most this often, never acting, is hearsay.
HEARSAY = 2
# A given name and its pet form both written this often by the narrator name two people.
NARRATED_GIVEN = 20
# Acts of a bare surname of a titled or full name that outweigh the parser's label.
SURNAME_ACTS = 3
# Uses of a name as a given name (or a surname) needed to decide which a bare name is ...
SLOT_DECIDES = 5
# ... and the uses of "Captain Rawdon Crawley" (and of "Rawdon Crawley") that make
# "Captain Rawdon" a given name.
SLOT_EVIDENCE = 2
# Reasons a bare name was left unresolved that a second try, against the finished
# clusters, may undo.
RETRIED = frozenset({"ambiguous", "given-and-surname", "sisters"})
# A name that several characters fit, used this many times as often as all of them together,
# is a person of its own (on the second try).
OWN_NAME = 10
# A form that never acts and is the object of a place preposition in this share (1 in 4) of
# its uses is a place ("at Kellynch", "to Nottingham"), whatever label the parser gives it.
PLACE_SHARE = 4
INITIALISM = re.compile(r"^(?:[A-Z]\.?){2,5}$")
# UTF-8 read as Latin-1: "PÃ©tya" (the parser cuts it at the "©": "PÃ").
GARBLED = re.compile("[\u00c2\u00c3](?:[\u0080-\u00bf]|$)")


@stage(requires=[QUOTES, CANON], provides=[CHARACTERS, NAME_CENSUS])
def find_characters(model: StoryModel) -> None:
    """Who the people are, by every name they go by (a CharacterIndex), and the name census."""
    census = collect_forms(model.parsed, model.get(QUOTES).in_quote)
    # The writer's story bible, when given, decides which names are one person (canon/names.py).
    reasons: dict[str, str] = {}
    clusters = cluster_forms(census, CanonNames.of(model.get(CANON)), reasons)
    index = build_index(clusters)
    index.not_characters = reasons
    _link_mistagged(model, index)
    _link_kin(model, index)
    model.set(CHARACTERS, index)
    # Every capitalised name form and its occurrences, people or not: the names rules
    # (NAM*) compare spellings from it instead of scanning the text again.
    model.set(NAME_CENSUS, census)


MISTAG_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "conj", "appos"})


def _link_mistagged(model: StoryModel, index: CharacterIndex) -> None:
    """A one-word name the tagger took for a common noun in one sentence ("Alphonse smiled
    and held out his hand": Alphonse/NN) is still that character, where the census knows the
    name as one character's and the book never writes the word in lower case (so "Rose" in
    a book with roses, or "Hope", stays a word). Without this, whatever that sentence says
    of the character - an act after a death, a hair colour - is lost."""
    surfaces: dict[str, tuple[int, MentionKind] | None] = {}
    for character in index.characters:
        for mention in character.mentions:
            if mention.token_end - mention.token_start != 1:
                continue
            text = model.parsed[mention.parsed_index].doc[mention.token_start].text
            if len(text) < 3 or not text.isalpha() or not text[:1].isupper():
                continue
            known = surfaces.get(text, (character.id, mention.kind))
            surfaces[text] = known if known is not None and known[0] == character.id else None
    wanted = {text: entry for text, entry in surfaces.items() if entry is not None}
    if not wanted:
        return
    found: list[tuple[int, Token]] = []
    common: set[str] = set()
    for pi, tokens in tokens_with_words(model, frozenset(t.lower() for t in wanted)):
        for token in tokens:
            if token.text.islower():
                common.add(token.lower_)
            elif token.text in wanted:
                found.append((pi, token))
    for pi, token in found:
        if token.lower_ in common or token.pos_ == "PROPN" or token.dep_ not in MISTAG_ROLES:
            continue
        if token.tag_ in ("NNS", "NNPS") or index.mention_at(pi, token.i) is not None:
            continue
        character_id, kind = wanted[token.text]
        index.add_mention(Mention.of_token(model.parsed[pi], pi, token.i, character_id, kind))
    for character in index.characters:
        character.mentions.sort(key=lambda m: m.start)


def _link_kin(model: StoryModel, index: CharacterIndex) -> None:
    """ "my dad" in narration is the character "Dad" (people/README.md, kin words): a
    mention of the character the text calls Dad, or, where no character is called so but
    the narration writes "my dad" or "Dad" twice or more, of a new character "Dad".
    Dialogue is left out: there "my dad" is the speaker's father."""
    kin = lexicons.load_lexicon_data("pronouns").get("kin_names", {})
    if not kin:
        return
    key_of = {word: key for key, entry in kin.items() for word in entry["words"]}
    in_quote = model.get(QUOTES).in_quote
    named: dict[str, int] = {}
    for character in index.characters:
        for alias in character.aliases:
            key = key_of.get(alias.lower())
            if key is not None and alias[:1].isupper() and key not in named:
                named[key] = character.id
                if character.gender is Gender.UNKNOWN:  # "Mum", with no "her" of its own
                    character.gender = Gender(kin[key]["gender"])
    uses: dict[str, list[tuple[int, int]]] = {}
    # Only the few tokens that are kin words (nlp/wordscan.py): a loop over every token of a
    # novel cost more than this whole stage.
    for pi, tokens in tokens_with_words(model, frozenset(key_of)):
        for token in tokens:
            key = key_of[token.lower_]
            if index.mention_at(pi, token.i) is not None:
                continue
            if token.tag_ in ("NNS", "NNPS") or in_quote(pi, token.i):
                continue
            owners = [c.lower_ for c in token.children if c.dep_ in ("poss", "det")]
            if token.text[:1].isupper() and token.text[1:].islower():
                if owners and owners != ["my"]:
                    continue  # "his Dad", "the Grandma of the story"
            elif owners != ["my"]:
                continue  # "her dad", "a dad": someone else's
            uses.setdefault(key, []).append((pi, token.i))
    for key, found in uses.items():
        character_id = named.get(key)
        if character_id is None:
            if len(found) < KIN_USES:
                continue
            character_id = len(index.characters)
            index.characters.append(
                Character(
                    id=character_id,
                    name=key.capitalize(),
                    aliases={key.capitalize()},
                    gender=Gender(kin[key]["gender"]),
                )
            )
        for pi, token_i in found:
            index.add_mention(
                Mention.of_token(
                    model.parsed[pi], pi, token_i, character_id, MentionKind.DESCRIPTOR
                )
            )
    for character in index.characters:
        character.mentions.sort(key=lambda m: m.start)


# --- step 1: which names are people -------------------------------------------------------


def is_person_form(
    stats: FormStats,
    known_surnames: set[str],
    known_givens: frozenset[str] = frozenset(),
    institutions: frozenset[str] = frozenset(),
) -> bool:
    """Does this name form name a person? See the module docstring, step 1.

    `known_givens` are the given names of full names in the text ("Carol" of "Carol
    Milford"); `institutions` the first words of institution names ("Blodgett" of
    "Blodgett College")."""
    return person_verdict(stats, known_surnames, known_givens, institutions)[0]


def person_verdict(
    stats: FormStats,
    known_surnames: set[str],
    known_givens: frozenset[str] = frozenset(),
    institutions: frozenset[str] = frozenset(),
    titled_surnames: frozenset[str] = frozenset(),
) -> tuple[bool, str | None]:
    """`is_person_form`, with the reason a form is not a person (`NOT_CHARACTER_REASONS`),
    or None where nothing but the lack of evidence speaks against it. `titled_surnames`:
    surnames written with a title ("Mr. Skimpole", "Lord Steyne")."""
    n = stats.count
    form = stats.form
    other = stats.labelled(OTHER_LABELS)
    person = stats.labelled("PERSON")
    acts = stats.tally("agent") + stats.tally("possessor") + stats.tally("speaker")
    if stats.tally("determiner") * 2 >= n:
        return False, "thing"  # "the Chanel", "the Broadway stage": a thing, not a person
    if form.title is not None:
        return True, None
    if acts >= 2 and (_own_pronouns(stats) or (stats.tally("speaker") and acts >= 3)):
        # "Fannie looked ... Fannie shook her head", "As Nippers once observed": a name the
        # small parser takes for an organisation or a town is still a person when it acts
        # with a he/she of its own, or speaks and acts.
        return True, None
    if form.single is not None and _names_an_institution(form.single, institutions):
        return False, "institution"  # "Carol spent four years at Blodgett" (Blodgett College)
    if form.last is not None and form.title is None and form.last in institution_words():
        return False, "institution"  # "Catherine Street", "Blodgett College"
    if other > person + acts:
        # "Carol" of "Carol Milford" that acts; "Skimpole" of "Mr. Skimpole" that acts three
        # times, though the small parser calls it a product ("York" of "New York" is not
        # titled: `titled_surnames`)
        if not (
            (form.single in known_givens and acts)
            or (
                form.single in titled_surnames
                and acts >= SURNAME_ACTS
                and stats.tally("place") * PLACE_SHARE < n
            )
        ):
            return False, _label_reason(stats)
    places = sum(1 for o in stats.occurrences if o.place and o.label != "PERSON")
    if places * 2 > n and person * 2 < n:
        return False, "place"  # "headed for Broadway", "moved to New York"
    if is_first_name(form.words[0]):
        if person or acts:
            return True, None
        # A given name the parser never tagged and that never acts ("Hope after hope")
        # counts only when it also appears inside a sentence, not just at its start.
        if any(not o.sentence_initial for o in stats.occurrences):
            return True, None
        return False, "sentence-start"
    if form.single is not None and form.single in known_surnames:
        return (True, None) if person * 2 >= n or acts > 0 else (False, _why_not(stats, acts))
    # Any other word is a person only if the parser says so most of the time and the
    # text shows it acting: "JFK's arm", "JFK stepped aside" - not "Like Bombshell." -
    # or if it acts with a he/she of its own: "Quill tightened her cloak".
    if sum(stats.gender_votes().values()) >= 2 and acts >= 2:
        return True, None
    votes = stats.gender_votes()
    if form.single is not None and len(votes) == 1 and acts >= 2 and other <= acts:
        # "Priya ran up the stairs ... Priya pushed her hair out of her eyes", "Noor pulled
        # her coat tighter": a name on no list that acts twice, with a he or she of its
        # own and never the other, is a person though the parser calls it nothing or,
        # once, an organisation (a single word only: a full name accepted so would take its
        # family's titled forms, "Lady Dedlock" into "Volumnia Dedlock")
        return True, None
    if form.first and person >= 2 and person * 2 > n and not other:
        return True, None  # "Antonida Vassilievna": a full name the parser always calls a person
    if form.first and person and stats.tally("introduced") and not other:
        return True, None  # "a worthy wight of the name of Ichabod Crane": introduced as a person
    if person * 2 >= n and person > other and acts >= 1:
        return True, None
    return False, _why_not(stats, acts)


def _why_not(stats: FormStats, acts: int) -> str | None:
    """The reason a form that is no person's name is not, where the text shows one: mis-decoded
    text ("PÃ"), an oath ("By Jove!"), a place that never acts but is often where things
    happen ("at Kellynch", "to Nottingham", though the parser calls it a person)."""
    if any(GARBLED.search(w) for w in stats.form.words):
        return "garbled"
    if acts:
        return None
    if stats.tally("oath") * 2 > stats.count:
        return "oath"
    if stats.tally("place") * PLACE_SHARE >= stats.count:
        return "place"
    return None


# Why a name form is no character (`CharacterIndex.not_characters`; people/README.md).
NOT_CHARACTER_REASONS = {
    "thing": "used with an article most of the time ('the Chanel')",
    "institution": "begins the name of an institution or place ('Blodgett College')",
    "place": "used as a place ('to New York'), or the parser calls it one",
    "organisation": "the parser calls it an organisation",
    "nationality": "a nationality, religion or political group",
    "work": "a title of a work or a product",
    "date": "a date or a time",
    "event": "an event, a law or a language",
    "sentence-start": "a given name only ever at the start of a sentence, never acting",
    "role": "a part someone plays ('she was Marilyn')",
    "reference": "named once, in dialogue: someone mentioned, not in the story",
    "garbled": "mis-decoded text, not a name ('PÃ' of 'PÃ©tya': UTF-8 read as Latin-1)",
    "oath": "sworn by, never acting ('By Jove!')",
}
# Forms that name a person whom the model could not tell from another: no reason they are
# no character, only that the model cannot say which one they are.
UNRESOLVED_REASONS = {
    "ambiguous": "several characters fit it (a family's surname): left unresolved",
    "sisters": "Miss + surname of several sisters: left unresolved",
    "given-and-surname": "one character's given name and another's surname: left unresolved",
    "hearsay": "an endearment in dialogue, once or twice ('my dear Frederick')",
}
_LABEL_REASONS = {
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "NORP": "nationality",
    "WORK_OF_ART": "work",
    "PRODUCT": "work",
    "DATE": "date",
    "TIME": "date",
    "EVENT": "event",
    "LAW": "event",
    "LANGUAGE": "event",
}


def _label_reason(stats: FormStats) -> str:
    labels = Counter(o.label for o in stats.occurrences if o.label in OTHER_LABELS)
    return _LABEL_REASONS[labels.most_common(1)[0][0]]


def _own_pronouns(stats: FormStats) -> bool:
    """Two or more he/she votes in the name's own clauses, 3:1 one way: a person."""
    votes = stats.gender_votes()
    total = sum(votes.values())
    return total >= OWN_PRONOUNS and max(votes.values()) * 4 >= total * 3


def _names_an_institution(word: str, institutions: frozenset[str]) -> bool:
    return word in institutions and not is_first_name(word)


def is_hearsay(stats: FormStats) -> bool:
    """A bare name only ever spoken in dialogue as an endearment, once or twice, and never
    acting ("my dear Frederick") addresses a listener known from the conversation, not from
    the name: too thin to make a character of its own, though it may join one it fits
    ("my dear Lizzy")."""
    if stats.form.single is None or stats.form.title is not None:
        return False  # "Marilla Cuthbert!" in dialogue still ties a given name to a surname
    return stats.count <= HEARSAY and all(
        o.in_quote and o.endearment and not (o.agent or o.speaker or o.possessor)
        for o in stats.occurrences
    )


# --- step 2: which names are one person ---------------------------------------------------


@dataclass(eq=False)
class Cluster:
    forms: list[FormStats] = field(default_factory=list)
    firsts: set[str] = field(default_factory=set)  # given names, incl. single-word names
    lasts: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    married: set[bool] = field(default_factory=set)
    canon_name: str | None = None  # the story bible's name for this person, when it lists them
    declared: Gender | None = None  # the bible's gender for them
    # Given names the text gives men ("Mr. Rawdon Crawley"): "Mrs. Rawdon Crawley" is his wife.
    men: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        return sum(f.count for f in self.forms)

    def add(self, stats: FormStats, as_first: bool = True, as_last: bool = False) -> None:
        self.forms.append(stats)
        form = stats.form
        if form.first:
            assert form.last is not None  # a given name comes with a surname
            if not _names_husband(form, self.men):
                self.firsts.add(form.first)
            self.lasts.add(form.last)
        else:
            assert form.single is not None  # a name has one word at least
            if as_first:
                self.firsts.add(form.single)
            if as_last or not as_first:
                self.lasts.add(form.single)
        if form.title:
            self.titles.add(form.title)
            info = form.title_info
            if info is not None and info.married is not None:
                self.married.add(info.married)
            elif (
                info is not None
                and info.gender is Gender.FEMALE
                and info.before_first
                and form.single
                and not as_first
            ):
                # "Lady Bertram": Lady + surname is a peer's wife, not a "Miss Bertram".
                self.married.add(True)

    def gender(self) -> Gender:
        """The bible's word, then titles, then pronouns in the name's own clause, then the
        given-name list."""
        if self.declared is not None:
            return self.declared
        titled = Counter(f.form.gender for f in self.forms if f.form.gender is not Gender.UNKNOWN)
        if len(titled) == 1:
            return next(iter(titled))
        votes: Counter[Gender] = Counter()
        for stats in self.forms:
            votes.update(stats.gender_votes())
        female, male = votes[Gender.FEMALE], votes[Gender.MALE]
        if max(female, male) >= 2 and (female >= 2 * male or male >= 2 * female):
            return Gender.FEMALE if female > male else Gender.MALE
        listed: Counter[Gender] = Counter()
        for stats in self.forms:
            given = stats.form.first or (
                stats.form.single if stats.form.single in self.firsts else None
            )
            if given:
                listed[first_name_gender(given)] += stats.count
        listed.pop(Gender.UNKNOWN, None)
        if len(listed) == 1:
            return next(iter(listed))
        if listed and female + male == 0:
            (top, a), (_, b) = listed.most_common(2)
            return top if a >= 2 * b else Gender.UNKNOWN
        return Gender.UNKNOWN

    def accepts(self, stats: FormStats, sole: bool = False) -> bool:
        """False when title gender or pronouns contradict this cluster; `sole`: it is the
        only cluster of the name."""
        form_gender = stats.form.gender
        if form_gender is Gender.UNKNOWN:
            votes = stats.gender_votes()
            if len(votes) == 1 and sum(votes.values()) >= 2:
                form_gender = next(iter(votes))
        mine = self.gender()
        if Gender.UNKNOWN not in (form_gender, mine) and form_gender is not mine:
            return False
        info = stats.form.title_info
        if (
            info is not None
            and info.gender is Gender.UNKNOWN
            and mine is not Gender.UNKNOWN
            and not (sole and self.titled_man())
            and not (stats.form.first and stats.form.first in self.firsts)
        ):
            # "Captain Morstan", "Dr. Spencer": a title that says nothing of gender joins a
            # woman, or a man with relatives of his name, only when the name's own pronouns
            # say so (twice, 2:1). "Comrade Syme" is the only Syme, "Mr. Syme": him. With a
            # given name of the cluster's, the name says who: "Major Duncan Heyward".
            votes = stats.gender_votes()
            if votes[mine] < 2 or votes[mine] < 2 * (sum(votes.values()) - votes[mine]):
                return False
        if not self.has_given_name and stats.form.title and self.titles:
            # "Mrs. Forster" is not "Colonel Forster", "Dr. Grant" not "Mrs. Grant": on a bare
            # surname, a new title must agree with a title already there.
            known = {f.form.gender for f in self.forms if f.form.title}
            if stats.form.title not in self.titles and (
                Gender.UNKNOWN in known | {stats.form.gender} or form_gender not in known
            ):
                return False
        return True

    def titled_man(self) -> bool:
        return any(f.form.gender is Gender.MALE for f in self.forms if f.form.title)

    @property
    def has_given_name(self) -> bool:
        return any(f.form.first for f in self.forms) or any(
            f.form.single in self.firsts for f in self.forms
        )

    def married_clash(self, stats: FormStats) -> bool:
        """Mrs. and Miss of one surname are two women (a mother and a daughter)."""
        info = stats.form.title_info
        return info is not None and info.married is not None and (not info.married) in self.married


class _Clusterer:
    """Steps 2 and 3: grow clusters from full names, then titled names, then bare names."""

    def __init__(self, census: NameCensus, canon: CanonNames | None = None) -> None:
        self.census = census
        self.canon = canon
        self.clusters: list[Cluster] = []
        self.narrated = _narrated_given_names(census)
        self.full_surnames = {s.form.last for s in census.forms.values() if s.form.first}
        self.men = _men_given_names(census)
        self.reasons: dict[str, str] = {}  # form key -> why it is no character's
        self.given_uses: Counter[str] = Counter()  # name -> uses as a given name
        self.surname_uses: Counter[str] = Counter()  # ... and as a surname

    def count_slots(self, people: list[FormStats]) -> None:
        """How often each name is written as a given name ("Sancho Panza", "Captain Rawdon"
        with "Captain Rawdon Crawley") and as a surname ("Colonel Fitzwilliam", "John
        Watson", "Dr. Watson"), over the person forms: which one a bare name is (`slot`)."""
        titled_given: Counter[tuple[str, str]] = Counter()
        untitled_given: Counter[str] = Counter()
        for stats in people:
            words = stats.form.words
            if len(words) >= 2:
                self.given_uses[words[0]] += stats.count
                self.surname_uses[words[-1]] += stats.count
                if stats.form.title:
                    titled_given[(stats.form.title, words[0])] += stats.count
                else:
                    untitled_given[words[0]] += stats.count
        for stats in people:
            form = stats.form
            info = form.title_info
            if form.single is None or info is None or info.before_first or form.title is None:
                continue  # "Lady Catherine", "Uncle George": either
            if (
                titled_given[(form.title, form.single)] >= SLOT_EVIDENCE
                and untitled_given[form.single] >= SLOT_EVIDENCE
            ):
                # "Captain Rawdon" with "Captain Rawdon Crawley" and "Rawdon Crawley" (not
                # a heading's "Dr. Watson Second Report")
                self.given_uses[form.single] += stats.count
            else:
                self.surname_uses[form.single] += stats.count  # "Dr. Watson"

    def slot(self, name: str) -> str | None:
        """ "given" or "surname" when the text writes `name` far more often (3x) one way."""
        given, surname = self.given_uses[name], self.surname_uses[name]
        if given >= DOMINANCE * surname and given >= SLOT_DECIDES:
            return "given"
        if surname >= DOMINANCE * given and surname >= SLOT_DECIDES:
            return "surname"
        return None

    def two_given_names(self, cluster: Cluster, stats: FormStats) -> bool:
        """Sir Thomas Bertram and his son Tom: a narrator who regularly writes both a
        given name and its pet form is naming two people (father and son), not one; a pet
        form used mostly in dialogue ("Lizzy" for Elizabeth) is what the family says."""
        form = stats.form
        given = form.first or form.single
        if given is None or self.narrated.get(given, 0) < NARRATED_GIVEN:
            return False
        return any(
            other != given
            and same_given_name(given, other)
            and self.narrated.get(other, 0) >= NARRATED_GIVEN
            for other in cluster.firsts
        )

    def apart(self, cluster: Cluster, stats: FormStats) -> bool:
        """Two names that share sentences are two people ("Elizabeth ... Miss Bennet")."""
        key = stats.form.key
        if self.canon is not None and self.canon.kept_apart(
            key, [f.form.key for f in cluster.forms]
        ):
            return True  # the story bible says these are two people
        words = set(stats.form.words)
        for other in cluster.forms:
            # "Mr. Wickham ... Wickham" in one long sentence is one man named twice.
            if words <= set(other.form.words) or set(other.form.words) <= words:
                continue
            together = self.census.sentences_together(key, other.form.key)
            if together >= max(TOGETHER_APART, TOGETHER_SHARE * min(stats.count, other.count)):
                return True
        return self.named_apart(cluster, stats) or self.two_given_names(cluster, stats)

    def named_apart(self, cluster: Cluster, stats: FormStats) -> bool:
        """ "Mr. Knightley" is not "Mr. John Knightley": a given name added to a title and
        surname marks a second person of that name, unless the short form is rare."""
        form = stats.form
        if not (form.title and form.single):
            return False
        fuller = [
            f
            for f in cluster.forms
            if f.form.title == form.title and f.form.first and f.form.last == form.single
        ]
        # "You must picture Mr. Thomas Marvel ..." then "Mr. Marvel": a full name that comes
        # first introduces the man; one that comes after the short form tells a second apart.
        # A given name added once or twice is a restatement, not a habit. A husband's
        # name ("Mrs. John Dashwood") always tells his wife from another Mrs. Dashwood.
        return (
            sum(f.count for f in fuller) >= DOMINANCE
            and stats.count >= DOMINANCE * cluster.count
            and (
                any(_names_husband(f.form, self.men) for f in fuller)
                or stats.occurrences[0].start < min(f.occurrences[0].start for f in fuller)
            )
        )

    def pick(
        self, candidates: list[Cluster], stats: FormStats, dominance: bool
    ) -> tuple[Cluster | None, bool]:
        """(the one fitting cluster or None, whether the name was ambiguous)."""
        fitting = self.fitting(candidates, stats)
        if _unmarried(stats.form):
            if fitting and self.has_sisters(stats.form):
                fitting = [c for c in fitting if not self.younger_sister(c, stats.form)]
                if not fitting:
                    return None, True  # "Miss Dashwood" is a sister we cannot tell
        if not fitting:
            return None, False
        if len(fitting) > 1:
            fitting.sort(key=lambda c: -c.count)
            if not (dominance and self.dominates(fitting[0], fitting[1], stats)):
                return None, True
        chosen = fitting[0]
        if chosen.married_clash(stats):
            return None, True
        return chosen, False

    def fitting(self, candidates: list[Cluster], stats: FormStats) -> list[Cluster]:
        """The candidates that gender, titles and shared sentences allow."""
        candidates = _unique(candidates)
        sole = len(candidates) == 1
        fitting = [c for c in candidates if c.accepts(stats, sole) and not self.apart(c, stats)]
        # "Miss Maylie" is not Mrs. Maylie: a mother is no candidate for a daughter's name,
        # nor a daughter for her mother's.
        return [c for c in fitting if not c.married_clash(stats)]

    def own_name(self, candidates: list[Cluster], stats: FormStats) -> bool:
        """Is a name that several characters fit used so much more than all of them together
        (10x) that it is a person of its own? Huck Finn's "Jim" (367 times), not "Jim Turner"
        or "Jim Hornback", named in passing; Vanity Fair's "Miss Crawley", the aunt, not a
        Crawley girl named once."""
        fitting = self.fitting(candidates, stats)
        return stats.count >= OWN_NAME * sum(c.count for c in fitting)

    @staticmethod
    def dominates(first: Cluster, second: Cluster, stats: FormStats) -> bool:
        """Whether an ambiguous name may go to the far more salient candidate.

        A bare name ("Darcy") needs 3x the mentions of the runner-up. A titled name
        ("Mr. Sikes") chooses among relatives, so it needs a runner-up named in passing
        (10x: "Bister Sikes", once) and a title whose gender matches the chosen one.
        """
        if stats.form.title is None:
            return first.count >= DOMINANCE * second.count
        gender = stats.form.gender
        return (
            gender is not Gender.UNKNOWN
            and first.gender() is gender
            and first.count >= TITLED_DOMINANCE * second.count
        )

    def has_sisters(self, form: NameForm) -> bool:
        """ "the Miss Dashwoods" / "the Misses Dashwood": the family has several daughters."""
        name = form.single
        forms = self.census.forms
        return f"{form.title} {name}s" in forms or f"misses {name}" in forms

    def younger_sister(self, cluster: Cluster, form: NameForm) -> bool:
        """ "Miss Marianne": a daughter called Miss + given name is not the eldest, who alone
        is Miss + surname ("Miss Dashwood")."""
        forms = self.census.forms
        return any(f"{form.title} {given}" in forms for given in cluster.firsts)

    def new(self, stats: FormStats, as_first: bool = True, as_last: bool = False) -> None:
        cluster = Cluster(men=self.men)
        cluster.add(stats, as_first, as_last)
        self.clusters.append(cluster)


def cluster_forms(
    census: NameCensus, canon: CanonNames | None = None, reasons: dict[str, str] | None = None
) -> list[Cluster]:
    """Group person name forms into characters (module docstring, steps 2 and 3).

    `canon`, from the writer's story bible, places the forms it lists before anything else
    and keeps apart the ones it says are different people. `reasons`, when given, gets
    the reason each form that is no character's is not (`NOT_CHARACTER_REASONS`), for the
    forms that have one."""
    forms = census.forms
    by_count = sorted(forms.values(), key=lambda s: (-s.count, s.form.key))
    full = [s for s in by_count if s.form.first]
    # Every form in `full` has a given name and a surname.
    known_surnames = {cast(str, s.form.last) for s in full} | {
        s.form.single for s in by_count if s.form.title and s.form.single
    }
    known_givens = frozenset(
        cast(str, s.form.first)
        for s in full
        if s.form.title is None and is_first_name(cast(str, s.form.first))
    )
    institutions = frozenset(
        cast(str, s.form.first)
        for s in full
        if s.form.title is None and s.form.last in institution_words()
    )
    titled_surnames = frozenset(
        cast(str, s.form.single or s.form.last) for s in by_count if s.form.title
    )
    work = _Clusterer(census, canon)
    people = []
    for s in by_count:
        if canon is not None and canon.is_person(s.form.key):
            people.append(s)
            continue
        person, reason = person_verdict(
            s, known_surnames, known_givens, institutions, titled_surnames
        )
        pooled = None if person else _pooled(s, forms)
        if pooled is not None:
            person, reason = person_verdict(
                pooled, known_surnames, known_givens, institutions, titled_surnames
            )
        if person:
            people.append(s)
        elif reason is not None:
            work.reasons[s.form.key] = reason
    clusters = work.clusters
    if canon is not None:
        placed = _seed_from_canon(work, people, canon, known_surnames)
        people = [s for s in people if id(s) not in placed]

    # Full names seed the clusters; a shorter full name joins a longer one that
    # contains it ("Antonida Vassilievna" in "Antonida Vassilievna Tarassevitcha") unless
    # its last word is a family's surname ("George Amberson", the uncle, is not "George
    # Amberson Minafer" where Isabel Amberson and Major Amberson are named too).
    families = _family_surnames(people)
    for stats in sorted((s for s in people if s.form.first), key=lambda s: -len(s.form.words)):
        form = stats.form
        first = form.first
        assert first is not None  # `people` filtered on it just above
        candidates = [
            c
            for c in clusters
            if (
                (form.last in c.lasts and any(same_given_name(first, f) for f in c.firsts))
                or any(
                    f.form.first == form.first
                    and set(form.words) <= set(f.form.words)
                    and (
                        f.form.last == form.last
                        or families.get(cast(str, form.last), set()) <= {first}
                    )
                    for f in c.forms
                )
            )
            and not any(
                _names_husband(f.form, work.men) != _names_husband(form, work.men) for f in c.forms
            )
        ]
        chosen, _ = work.pick(candidates, stats, dominance=False)
        if chosen is None:
            work.new(stats)
        else:
            chosen.add(stats)

    # Single names, most used first so that a rare form cannot mislead a common one:
    # titled ("Mr. Darcy", "Lady Catherine", "Miss Eliza") and bare ("Karen", "Lizzy", "Bennet").
    work.count_slots(people)
    for stats in (s for s in people if s.form.single):
        if stats.form.title:
            _place_titled(work, stats, known_surnames)
        else:
            _place_bare(work, stats, known_surnames)
    # A bare name left unresolved because it came before the forms that tell its people
    # apart ("Bloom" before "Mr. Bloom", "Napoleon" before "Bonaparte") is tried once more
    # against the finished clusters, by the same rules.
    for stats in [s for s in people if work.reasons.get(s.form.key) in RETRIED]:
        del work.reasons[stats.form.key]
        if stats.form.title is None:
            _place_bare(work, stats, known_surnames, again=True)
        elif not work.has_sisters(stats.form) and work.own_name(
            [c for c in clusters if stats.form.single in c.lasts], stats
        ):
            work.new(stats, False, True)  # "Miss Crawley", the aunt (290 times)
        else:
            work.reasons[stats.form.key] = "sisters"
    characters = []
    for cluster in clusters:
        reason = None if cluster.canon_name is not None else _not_character(cluster)
        if reason is None:
            characters.append(cluster)
        else:
            work.reasons.update((f.form.key, reason) for f in cluster.forms)
    if reasons is not None:
        reasons.update(work.reasons)
    return characters


def _pooled(stats: FormStats, forms: dict[str, FormStats]) -> FormStats | None:
    """A full name and its given name alone, when the text writes both and no other full
    name has that given name ("Amara Osei locked her bike ... Amara's eyes"): their uses
    are one person's, so the evidence that each is a person is added up (each alone may
    be too little: the parser calls one an organisation, the other nothing). Titled
    forms are left out (a title decides by itself), and so is a surname the text writes in
    any other name. Returns the pooled stats, or None."""
    form = stats.form
    if form.title is not None:
        return None
    given = form.single if form.single is not None else form.first
    if given is None:
        return None
    fulls = [
        f
        for f in forms.values()
        if f.form.title is None and f.form.first == given and f.form.single is None
    ]
    if len(fulls) != 1:
        return None
    if any(f.form.last == given for f in forms.values()):
        # "Shakespeare" of "William Shakespeare" is nobody's given name ("Shakespeare
        # Rosalind", a role, would take it)
        return None
    full = fulls[0]
    surname = full.form.last
    if any(f is not full and surname in f.form.words for f in forms.values()):
        # the surname is a family's ("Volumnia Dedlock" beside "Lady Dedlock", "Sir
        # Leicester Dedlock"): a newly accepted full name would take the family's titled
        # forms, so only a surname written nowhere else is pooled
        return None
    bare = next(
        (f for f in forms.values() if f.form.title is None and f.form.single == given), None
    )
    if bare is None or (full is not stats and bare is not stats):
        return None
    # judged as the given name (the person's, with a surname no other name shares)
    occurrences = [*full.occurrences, *bare.occurrences]
    return FormStats(bare.form, occurrences, full.surfaces + bare.surfaces)


def _seed_from_canon(
    work: _Clusterer, people: list[FormStats], canon: CanonNames, known_surnames: set[str]
) -> set[int]:
    """One cluster per bible entry named in the text, holding every form the entry lists
    ("Bernadette Shaw", "Bernadette", "Bunny"); returns the ids of the forms placed.

    The entry's names lend the cluster their given names and surnames even where the text
    never writes the full name, so that an unlisted "Miss Shaw" can still join her."""
    by_entry: dict[int, list[FormStats]] = {}
    for stats in people:
        entry = canon.entry_of(stats.form.key)
        if entry is not None:
            by_entry.setdefault(entry, []).append(stats)
    placed: set[int] = set()
    for entry, forms in sorted(by_entry.items()):
        declared = canon.forms_of(entry)
        firsts = {f.first for f in declared if f.first} | {
            s.form.first for s in forms if s.form.first
        }
        lasts = {f.last for f in declared if f.last} | {s.form.last for s in forms if s.form.last}
        cluster = Cluster(
            canon_name=canon.entries[entry].name, declared=canon.gender_of(entry), men=work.men
        )
        for stats in sorted(forms, key=lambda s: -len(s.form.words)):
            single = stats.form.single
            if single in lasts or single in firsts:
                slots = (single in firsts, single in lasts)
            else:  # as the analysis would place it: "Dr Shirley" is a surname
                info = stats.form.title_info
                given = is_first_name(single) if single else False
                if info is not None:
                    given = given and info.before_first and single not in work.full_surnames
                slots = _slots(single, known_surnames, given) if single else (True, False)
            cluster.add(stats, *slots)
            placed.add(id(stats))
        cluster.firsts.update(firsts)
        cluster.lasts.update(lasts)
        work.clusters.append(cluster)
    return placed


def _family_surnames(people: list[FormStats]) -> dict[str, set[str]]:
    """Surname -> the given names (or titles) it is written with among the person forms:
    "Amberson" -> {George, Isabel, Amelia, major, mr}. A surname written with more than one
    is a family's."""
    families: dict[str, set[str]] = {}
    for stats in people:
        form = stats.form
        if form.last is not None and form.first is not None:
            families.setdefault(form.last, set()).add(form.first)
        elif form.single is not None and form.title is not None:
            families.setdefault(form.single, set()).add(form.title)
    return families


def _narrated_given_names(census: NameCensus) -> dict[str, int]:
    """How often the narrator writes each given name: bare, in a full name, or after a
    title that precedes given names ("Sir Thomas")."""
    counts: Counter[str] = Counter()
    for stats in census.forms.values():
        form = stats.form
        info = form.title_info
        if form.first:
            given = form.first
        elif form.single and (form.title is None or (info and info.before_first)):
            given = form.single
        else:
            continue
        counts[given] += sum(1 for o in stats.occurrences if not o.in_quote)
    return counts


def _slots(name: str, known_surnames: set[str], given: bool) -> tuple[bool, bool]:
    """Whether a single name is a given name, a surname, or could be either ("Darcy")."""
    if not given:
        return False, True
    return True, name in known_surnames


def _place_titled(work: _Clusterer, stats: FormStats, known_surnames: set[str]) -> None:
    name = stats.form.single
    assert name is not None  # called for single names only
    info = stats.form.title_info
    # "Lady Bertram" with "Sir Thomas Bertram" in the text is a surname (the peeress, his
    # wife), not a given name as in "Lady Catherine".
    given = (
        bool(info and info.before_first) and is_first_name(name) and name not in work.full_surnames
    )
    clusters = work.clusters
    # "Mr. Gradgrind" is first the "Mr. Thomas Gradgrind" of the text, not his son Tom.
    # (Only for men: "Mrs. John Dashwood" is named so to be told from Mrs. Dashwood, and
    # "Miss Bennet" is the eldest daughter, whichever Miss Jane/Elizabeth Bennet it meets.)
    title = stats.form.title
    family = [c for c in clusters if name in c.lasts]
    styled = [
        c
        for c in family
        if stats.form.gender is Gender.MALE
        and any(f.form.title == title and f.form.last == name for f in c.forms)
    ]
    chosen, ambiguous = work.pick(styled, stats, True) if styled else (None, False)
    if chosen is None and not ambiguous:
        chosen, ambiguous = work.pick(family, stats, True)
    if chosen is None and not ambiguous and given:
        # "Lord Henry" is first the Lord Henry Wotton of the text; "Miss Marianne" is
        # Marianne Dashwood before it is any Mary: the name itself before its pet forms.
        same_title = [
            c
            for c in clusters
            if any(f.form.title == title and f.form.first == name for f in c.forms)
        ]
        exact = [c for c in clusters if name in c.firsts]
        for group in (same_title, exact, _given_name_matches(clusters, name)):
            chosen, ambiguous = work.pick(group, stats, True)
            if chosen is not None or ambiguous:
                break
    if chosen is None:
        if ambiguous and _unmarried(stats.form):
            # "Miss Bennet" is one of the sisters, we cannot tell which: unresolved
            work.reasons[stats.form.key] = "sisters"
            return
        work.new(stats, *_slots(name, known_surnames, given))
    else:
        chosen.add(stats, name not in chosen.lasts, name in chosen.lasts)


def _place_bare(
    work: _Clusterer, stats: FormStats, known_surnames: set[str], again: bool = False
) -> None:
    """Place a bare name ("Karen", "Lizzy", "Bennet"); `again`: the second try, against the
    finished clusters, where only the name itself counts, not its pet forms ("Jimmy" is
    no James of the text on size alone)."""
    name = stats.form.single
    assert name is not None  # called for single names only
    clusters = work.clusters
    chosen, ambiguous = None, False
    as_first = [c for c in clusters if name in c.firsts]
    # "Worms" is the "de Worms" of "Professor de Worms".
    as_last = [
        c for c in clusters if name in c.lasts or any(n.endswith(f" {name}") for n in c.lasts)
    ]
    if as_first and as_last and {id(c) for c in as_first} != {id(c) for c in as_last}:
        # "Fitzwilliam": one man's given name, another's surname. A known given name is
        # one ("John", though the text has "St. John"); for any other name, the way the
        # text writes it decides ("Colonel Fitzwilliam" 24 times, "Fitzwilliam Darcy"
        # once: the colonel; "Sancho Panza" often, "Don Sancho" once: Sancho Panza).
        slot = "given" if is_first_name(name) else work.slot(name)
        if slot == "surname":
            as_first = []
        elif slot == "given":
            as_last = []
        else:
            work.reasons[stats.form.key] = "given-and-surname"
            return
    as_last = _men_first(_not_ladies(as_last, stats), stats)
    pet_forms = [] if again else _given_name_matches(clusters, name)
    for group in (as_first, as_last, pet_forms):
        if group:
            chosen, ambiguous = work.pick(group, stats, dominance=True)
            if chosen is not None or ambiguous:
                break
    if ambiguous and again and work.own_name(group, stats):
        ambiguous = False  # "Jim", 367 times, is neither Jim Turner nor Jim Hornback
    if ambiguous:
        # "Bennet" for a whole family: leave it unresolved rather than guess
        work.reasons[stats.form.key] = "ambiguous"
        return
    if chosen is None and is_hearsay(stats):
        # "my dear Frederick", said twice: joins a character it fits, starts none
        work.reasons[stats.form.key] = "hearsay"
        return
    if chosen is None:
        work.new(stats, *_slots(name, known_surnames, is_first_name(name)))
    else:
        chosen.add(stats, name not in chosen.lasts, name in chosen.lasts)


def _men_first(clusters: list[Cluster], stats: FormStats) -> list[Cluster]:
    """A bare surname in narration names a man: the narrator says "Pontellier" for
    Mr. Pontellier and "Edna" or "Mrs. Pontellier" for his wife. In dialogue anyone
    may be called by the family name, so there the choice stays open."""
    if stats.count < NARRATED_SURNAME or stats.tally("in_quote") * 2 >= stats.count:
        return clusters
    men = [c for c in clusters if c.gender() is Gender.MALE]
    return men if men else clusters


def titles_gender(title: str) -> Gender:
    info = titles().get(title)
    return info.gender if info else Gender.UNKNOWN


def _not_ladies(clusters: list[Cluster], stats: FormStats) -> list[Cluster]:
    """A bare surname is how the narrator names a man ("Mr Allworthy ... Allworthy"), not
    a woman the text only ever calls Miss or Mrs. ("Miss Bridget Allworthy"), unless the
    name's own pronouns say she. Such a surname starts a character of its own."""
    name = stats.form.single
    assert name is not None  # called from _place_bare, for single names
    if is_first_name(name) or stats.gender_votes()[Gender.FEMALE]:
        return clusters
    ladies = [
        c for c in clusters if c.titles and all(titles_gender(t) is Gender.FEMALE for t in c.titles)
    ]
    # Only when every candidate is such a lady: with a man of the family among them the
    # choice stays as open (and as often unresolved) as before.
    return [] if len(ladies) == len(clusters) else clusters


def _unmarried(form: NameForm) -> bool:
    info = form.title_info
    return info is not None and info.married is False


def _names_husband(form: NameForm, men: frozenset[str] = frozenset()) -> bool:
    """ "Mrs. John Dashwood" is John Dashwood's wife: the given name is her husband's. So is
    "Mrs. Rawdon Crawley" where the text also writes "Mr. Rawdon Crawley" (`men`)."""
    info = form.title_info
    return bool(
        info is not None
        and info.married
        and form.first
        and (first_name_gender(form.first) is Gender.MALE or form.first in men)
    )


def _men_given_names(census: NameCensus) -> frozenset[str]:
    """Given names of full names with a man's title ("Mr. Rawdon Crawley", "Sir Pitt
    Crawley"): a man's name in this story, whatever the name lists say."""
    return frozenset(
        cast(str, stats.form.first)
        for stats in census.forms.values()
        if stats.form.first and stats.form.title and stats.form.gender is Gender.MALE
    )


def _unique(clusters: list[Cluster]) -> list[Cluster]:
    seen: dict[int, Cluster] = {}
    for cluster in clusters:
        seen.setdefault(id(cluster), cluster)
    return list(seen.values())


def _given_name_matches(clusters: list[Cluster], name: str) -> list[Cluster]:
    return [c for c in clusters if any(same_given_name(name, f) for f in c.firsts)]


# --- step 3: which clusters are characters ------------------------------------------------


def _not_character(cluster: Cluster) -> str | None:
    """Why a cluster is no character ("role", "reference"), or None when it is one."""
    occurrences = [o for f in cluster.forms for o in f.occurrences]
    roles = sum(1 for o in occurrences if o.role)
    acts = sum(1 for o in occurrences if o.agent or o.speaker or o.possessor)
    if roles and acts <= roles:
        return "role"  # "she was Marilyn": a part someone plays
    if len(occurrences) < 2 and all(o.in_quote for o in occurrences):
        return "reference"  # named once, in someone's speech: a reference, not a character
    return None


# --- the index ----------------------------------------------------------------------------


def _display_name(cluster: Cluster) -> str:
    """The bible's name; else the fullest: most name words, then the title-less form, then
    the most used."""
    if cluster.canon_name is not None:
        return cluster.canon_name
    best = max(
        cluster.forms,
        key=lambda f: (len(f.form.words), f.form.title is None, f.count, f.surface),
    )
    return best.surface


def _mention_kind(stats: FormStats) -> MentionKind:
    """An initialism used as a person ("JFK" for the man dressed as JFK) is a descriptor."""
    word = stats.form.single
    if word and stats.form.title is None and INITIALISM.match(word):
        return MentionKind.DESCRIPTOR
    return MentionKind.NAME


def build_index(clusters: list[Cluster]) -> CharacterIndex:
    """Characters numbered in order of first appearance, with every name mention."""
    ordered = sorted(clusters, key=lambda c: min(o.start for f in c.forms for o in f.occurrences))
    index = CharacterIndex()
    for character_id, cluster in enumerate(ordered):
        character = Character(
            id=character_id,
            name=_display_name(cluster),
            aliases={surface for f in cluster.forms for surface in f.surfaces}
            | ({cluster.canon_name} if cluster.canon_name else set()),
            gender=cluster.gender(),
        )
        index.characters.append(character)
        occurrences = [(o, f) for f in cluster.forms for o in f.occurrences]
        for occurrence, stats in sorted(occurrences, key=lambda pair: pair[0].start):
            index.add_mention(
                Mention(
                    parsed_index=occurrence.parsed_index,
                    token_start=occurrence.token_start,
                    token_end=occurrence.token_end,
                    start=occurrence.start,
                    end=occurrence.end,
                    character_id=character_id,
                    kind=_mention_kind(stats),
                )
            )
    return index
