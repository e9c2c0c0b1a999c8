"""Stated relationships: "his sister Mary", "Tom's wife, Anne", "Mary was Tom's mother".

The stage `extract_relations` stores a `RelationsLayer` in
`model.get(RELATIONS)`: every relationship the narration states between
a character (the holder: "his", "Tom's") and a named relative, with the
relative's given name when the text shows it, so that rules can notice a
wife called Mary in chapter 2 and Anne in chapter 9.

What counts (precision first):
- only affirmed narration (`storylint.nlp.modes`), never dialogue, so a
  speaker's "my sister" and a hypothetical "if she were his wife" are out;
  a remembered relation ("he remembered his sister Mary") still counts;
- the holder must be a character of the CharacterIndex (a name, or a
  pronoun the pronoun stage resolved); "my", "your", "their" are skipped,
  because a first-person narrator is not a character of the index and
  letters and diaries change who "my" is;
- the relative must be a capitalised name beside the kinship word: an
  apposition ("his sister, Mary"), a compound ("his sister Mary"), a
  predicate ("Mary was Tom's wife") or "the wife of Tom";
- "Sister Mary", "Father Brown" (capitalised) are titles; "step-mother",
  "mother-in-law", "his future wife", "her real mother" are other relations
  and never compared; "his late wife", "her second husband" mark a holder with
  more than one spouse over time (`serial`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.families.characters.anchor import subject_anchor
from storylint.families.characters.fallback import PRONOUN_GENDER, fallback_for, narrator_id
from storylint.families.characters.owners import NARRATOR
from storylint.findings import Evidence
from storylint.nlp.modes import HYPO, MEM, NARR, NEG, QUES, WISH, paragraph_mode_bits
from storylint.nlp.wordscan import tokens_with_words
from storylint.people.entities import Gender, MentionKind
from storylint.people.names import (
    first_name_gender,
    is_first_name,
    parse_name,
    same_given_name,
)
from storylint.pipeline.layers import CANON, PRONOUNS, QUOTES, SPEAKERS, Layer
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

FACT_MODES = frozenset({NARR, NARR | MEM})
# Two given names this alike are spellings of one name (Rudolf/Rudolph, Katharine/
# Katherine); short names differ by one letter too often to tell (John/Joan, Anne/Anna).
SPELLING_EDITS = 2
SPELLING_MIN_LENGTH = 5
DASHES = ("—", "–", "-", "--")  # a name set off by a dash, as by a comma or a bracket
NOT_HOLDERS = frozenset({"your", "our", "their", "its", "thy", "one", "whose"})
SPOUSES = frozenset({"husband", "wife"})
# Holders the index does not list (HolderResolver): ids from here down.
UNLISTED_BASE = -1000
# Paragraphs a "their" may reach back to the couple it stands for.
COUPLE_REACH = 30


@dataclass(frozen=True)
class RelationsLexicon:
    kinship: dict[str, str]  # surface word -> relation
    unique: frozenset[str]
    groups: dict[str, str]
    other_prefixes: frozenset[str]
    serial_modifiers: frozenset[str]
    not_relation_modifiers: frozenset[str]
    exclusive_modifiers: frozenset[str]
    affective_modifiers: frozenset[str]
    explanations: frozenset[str]
    death_words: frozenset[str]
    non_person_labels: frozenset[str]
    parent_explanations: frozenset[str]
    person_like_labels: frozenset[str]
    counted_relatives: dict[str, frozenset[str]]
    counts_one: frozenset[str]
    many_modifiers: frozenset[str]
    naming_verbs: frozenset[str]
    imagining_verbs: frozenset[str]

    def group(self, relation: str) -> str:
        """The key two statements are compared under: husband and wife are both "spouse"."""
        return self.groups.get(relation, relation)


@lexicons.cache
def load_lexicon() -> RelationsLexicon:
    """The relations lexicon (data/relations.yaml, lexicon `relations`)."""
    raw = lexicons.load_lexicon_data("relations")

    def words(key: str) -> frozenset[str]:
        return lexicons.word_set(raw.get(key))

    return RelationsLexicon(
        kinship={str(k).lower(): str(v) for k, v in raw["kinship"].items()},
        unique=words("unique"),
        groups={str(k): str(v) for k, v in (raw.get("groups") or {}).items()},
        other_prefixes=words("other_prefixes"),
        serial_modifiers=words("serial_modifiers"),
        not_relation_modifiers=words("not_relation_modifiers"),
        exclusive_modifiers=words("exclusive_modifiers"),
        affective_modifiers=words("affective_modifiers"),
        explanations=words("explanations"),
        death_words=words("death_words"),
        non_person_labels=frozenset(str(w) for w in raw.get("non_person_labels") or ()),
        parent_explanations=words("parent_explanations"),
        person_like_labels=frozenset(str(w) for w in raw.get("person_like_labels") or ()),
        counted_relatives={
            str(k).lower(): lexicons.word_set(v)
            for k, v in (raw.get("counted_relatives") or {}).items()
        },
        counts_one=words("counts_one"),
        many_modifiers=words("many_modifiers"),
        naming_verbs=words("naming_verbs"),
        imagining_verbs=words("imagining_verbs"),
    )


@lexicons.cache
def _modes_lexicon() -> dict[str, frozenset[str]]:
    """Verbs of imagining and the marks of a condition (nlp/data/modes.yaml)."""
    raw = lexicons.load_lexicon_data("modes")
    return {
        "hypothetical_verbs": lexicons.word_set(raw.get("hypothetical_verbs")),
        "conditional_marks": lexicons.word_set(raw.get("conditional_marks")),
    }


@dataclass(eq=False)
class Relation:
    """One narrated statement: the character's `attribute` (sister, wife...) is called `name`.

    Shaped like `storylint.families.characters.CharacterFact` (character_id, attribute, value,
    evidence, mode, confidence, other_id) so that the story bible and a series
    read relations and attributes alike.
    """

    character_id: int  # the holder: whose sister, whose wife
    attribute: str  # mother, father, sister, brother, husband, wife, son, daughter
    name: str  # the relative's name as written ("Mary", "Mrs. Bell")
    given: str | None  # the relative's given name, when the text shows one
    other_id: int | None  # the relative as a character, when the name is one
    parsed_index: int
    token_i: int  # the kinship word, for ordering within a paragraph
    evidence: Evidence  # the whole phrase ("his sister Mary"), role "established"
    by_pronoun: bool  # the holder is a pronoun ("his"), not a name ("Tom's")
    exclusive: bool = False  # "his only sister"
    serial: bool = False  # "his late wife", "her second husband"
    plural: bool = False  # "his sisters, Mary and Anne"
    mode: str = "narration"
    event: str | None = None
    # "her son, Ethan," set off by commas, dashes or brackets (a non-restrictive apposition:
    # the writer means the one son she has), not "her son Ethan" (one of her sons)
    set_off: bool = False
    guessed: bool = False  # the holder was tied by characters.fallback, not the people stage
    implied: bool = False  # set off, and nothing says the holder has several of them
    narrated: bool = False  # the holder is a first-person narrator ("my mum, Janet")
    holder_name: str | None = None  # a holder the index does not list ("Elodie Price")

    @property
    def value(self) -> str:
        return " ".join(self.name.split()).lower()

    @property
    def confidence(self) -> float:
        """How sure we are of the holder: a resolved "his" is wrong now and then."""
        if self.serial:
            return 0.3  # a former or later spouse: not "the" spouse
        return 0.6 if self.by_pronoun or self.guessed else 0.8

    @property
    def order(self) -> tuple[int, int]:
        return self.parsed_index, self.token_i


RELATIONS: Layer[list[Relation]] = Layer(
    "relations", "stated relatives, in reading order (families.relationships)"
)


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[RELATIONS])
def extract_relations(model: StoryModel) -> None:
    """Every relationship the narration states ("his sister Mary"), in reading order."""
    index = model.get(PRONOUNS)
    found: list[Relation] = []
    model.set(RELATIONS, found)
    if index is None or not index.characters:
        return
    lex = load_lexicon()
    reader = _Reader(model, index, lex)
    for pi, hits in tokens_with_words(model, frozenset(lex.kinship)):
        for tok in hits:
            found.extend(reader.read(pi, tok))
    if any(r.character_id == NARRATOR for r in found):
        named = narrator_id(model, index)  # "My name is Juno": "my mum" is Juno's mother
        if named is not None:
            for relation in found:
                if relation.character_id == NARRATOR:
                    relation.character_id = named
                    relation.narrated = True
    _apply_counts(model, lex, found, reader)


def relations_by_character(model: StoryModel) -> dict[int, dict[str, list[str]]]:
    """Each character's named relatives, for the story bible: {id: {"sister": ["Mary"]}}.

    Names are listed once per person, in order of first statement; statements
    about a former or later spouse ("his late wife Anne") are listed too,
    since the bible records everyone who held the relation.
    """
    table: dict[int, dict[str, list[str]]] = defaultdict(dict)
    kept: dict[tuple[int, str], list[Relation]] = defaultdict(list)
    for relation in relations(model):
        key = (relation.character_id, relation.attribute)
        if any(same_person(relation, other) is not False for other in kept[key]):
            continue
        kept[key].append(relation)
        table[relation.character_id].setdefault(relation.attribute, []).append(relation.name)
    return dict(table)


def relations(model: StoryModel) -> list[Relation]:
    """The relations layer."""
    return model.get(RELATIONS)


def same_person(a: Relation, b: Relation) -> bool | None:
    """True / False when the two named relatives are / are not one person, None if unknown.

    Only given names decide "not the same": "Mrs. Bell" and "Mary" may be one
    woman, "Mary" and "Anne" are not ("Polly" and "Mary" are).
    """
    if a.other_id is not None and a.other_id == b.other_id:
        return True
    if a.given is None or b.given is None:
        return None
    return same_given(a.given, b.given)


def same_given(a: str, b: str) -> bool:
    """Given names of one person: equal, pet forms of each other, an initial of the other,
    or two spellings of one name ("Rudolf"/"Rudolph": a misspelling is the name rules'
    business, not a second wife)."""
    if a.lower() == b.lower() or same_given_name(a, b):
        return True
    x, y = a.rstrip(".").lower(), b.rstrip(".").lower()
    if (len(x) == 1 or len(y) == 1) and x[:1] == y[:1]:
        return True
    return (
        x[:1] == y[:1]
        and max(len(x), len(y)) >= SPELLING_MIN_LENGTH
        and _edits(x, y) <= SPELLING_EDITS
    )


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short: the quadratic table costs nothing)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _bare_given(
    words: list[str], kin: Token, name: Token, index: CharacterIndex, holder_id: int
) -> bool:
    """One capitalised word set off beside a kinship word, no title, and not the holder's
    own surname ("her husband, Clive," is Clive; "his father, Grant," may be Mr. Grant)."""
    if len(words) != 1 or not _set_off(kin, name) or not words[0][:1].isupper():
        return False
    if parse_name(words) is None or not words[0].isalpha():
        return False
    if holder_id >= 0:
        surnames = {a.split()[-1] for a in index.by_id(holder_id).aliases if len(a.split()) > 1}
        if words[0] in surnames:
            return False
    return True


def _set_off(kin: Token, name: Token) -> bool:
    """The name is set off from the kinship word by a comma, dash or bracket: "her son,
    Ethan," / "her son (Ethan)" / "Ethan, her son," - a non-restrictive apposition."""
    doc = kin.doc
    low, high = sorted((kin.i, name.i))
    between = [t.text for t in doc[low + 1 : high] if not t.is_space]
    return bool(between) and between[0] in (",", "(", *DASHES)


def _apply_counts(
    model: StoryModel, lex: RelationsLexicon, found: list[Relation], reader: _Reader
) -> None:
    """What the narration says of how many relatives a holder has.

    "Karim had one sibling", "Priya had one son": the holder's named sisters and brothers
    (sons and daughters) are each the only one, as with "his only sister". Plural kin ("her
    sons", "three brothers", "another son", "his eldest daughter") say there are several:
    the holder's set-off names ("her son, Ethan,") then no longer imply there is one. Marks
    `exclusive` and `implied` (set off, and nothing says there are several) on `found`."""
    counted = lex.counted_relatives
    words = frozenset(counted) | frozenset(lex.kinship)
    ones: dict[int, set[str]] = defaultdict(set)  # holder -> relations they have one of
    many_of: dict[int | None, set[str]] = defaultdict(set)  # None: a holder we cannot tell
    for pi, hits in tokens_with_words(model, words):
        bits = None
        for tok in hits:
            if tok.pos_ not in ("NOUN", "PROPN") or not tok.text.islower():
                continue
            relations = counted.get(tok.lower_) or frozenset({lex.kinship.get(tok.lower_, "")})
            relations = frozenset(r for r in relations if r)
            if not relations:
                continue
            modifiers = {c.lower_ for c in tok.children if c.dep_ in ("nummod", "amod", "det")}
            plural = tok.tag_ == "NNS" or bool(modifiers & lex.many_modifiers)
            one = not plural and bool(modifiers & lex.counts_one)
            if not (plural or one):
                continue
            if bits is None:
                bits = paragraph_mode_bits(model, pi)
            holders = reader.holders_of_count(pi, tok)
            if plural:
                owners: list[int | None] = list(holders) or [None]  # None: we cannot tell
                for owner in owners:
                    many_of[owner].update(relations)  # said anywhere, in any mode
            elif bits[tok.i] in FACT_MODES:
                for holder in holders:
                    ones[holder].update(relations)
    for relation in found:
        if relation.plural:
            continue
        if relation.attribute in ones.get(relation.character_id, ()):
            relation.exclusive = True
        blocked = relation.attribute in many_of.get(relation.character_id, set()) | many_of.get(
            None, set()
        )
        relation.implied = relation.set_off and not blocked


def _possessed_beside(kin: Token, names: list[Token]) -> bool:
    """ "her mother Caroline", "Stephen, his father": a possessed kinship word with the name
    right beside it (apposition or compound) is definite, so a negation or a modal of its
    clause does not deny it. Not a predicate ("Mary was not his wife", "His wife was not
    Mary"): there the clause itself says whose relative the name is."""
    if not any(c.dep_ == "poss" for c in kin.children) or kin.dep_ == "attr":
        return False
    return bool(names) and all(
        (n.head.i == kin.i or kin.head.i == n.i) and n.dep_ != "attr" for n in names
    )


def _in_list(tok: Token) -> bool:
    """Part of an enumeration ("Her mother, 'Liza-Lu, and Abraham"): false appositions lie there."""
    if tok.dep_ == "conj" or any(c.dep_ in ("conj", "cc") for c in tok.children):
        return True
    return _list_follows(tok)


def _not_a_list(kin: Token) -> bool:
    """The kinship word is no item of an enumeration, or it is the second of a pair whose
    apposition closes before the verb: "Tom and his only brother, Nathaniel, had not spoken"
    names Tom's brother; "Her mother, 'Liza-Lu, and Abraham" is three people."""
    if not _in_list(kin):
        return True
    head = kin.head
    return (
        kin.dep_ == "conj"
        and [c.i for c in head.children if c.dep_ == "conj"] == [kin.i]
        and not any(c.dep_ in ("conj", "cc") for c in kin.children)
        and not _list_follows(kin)
    )


def _list_follows(tok: Token) -> bool:
    """ "..., and Abraham" right after the phrase (not "..., and sat down")."""
    doc = tok.doc
    i = tok.right_edge.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 >= len(doc) or doc[i].lower_ not in ("and", "or", "nor"):
        return False
    # "..., and sat down", "..., and of the farm": a clause or a phrase goes on, no person
    return doc[i + 1].pos_ not in ("VERB", "AUX", "ADV", "ADP")


def _closed(tok: Token) -> bool:
    """An apposition ends at punctuation: "Mary, Tom's wife, came", not "Darcy, her sister
    scarcely less so"."""
    doc = tok.doc
    i = tok.right_edge.i + 1
    return i >= len(doc) or doc[i].is_punct or doc[i].is_space


class _Reader:
    """Reads relation statements around one kinship noun."""

    def __init__(self, model: StoryModel, index: CharacterIndex, lex: RelationsLexicon) -> None:
        self.model = model
        self.index = index
        self.lex = lex
        quotes = model.get(QUOTES)
        self.in_quote = (lambda pi, i: quotes.in_quote(pi, i)) if quotes else (lambda pi, i: False)
        self.resolver = holder_resolver(model, index)

    def read(self, pi: int, kin: Token) -> list[Relation]:
        lex = self.lex
        if kin.pos_ not in ("NOUN", "PROPN") or not kin.text.islower():
            return []  # "Sister Mary", "Father Brown": titles
        if self.in_quote(pi, kin.i) or self._other_relation(kin):
            return []
        bits = paragraph_mode_bits(self.model, pi)
        names, holder_tok = self._names_and_holder(pi, kin)
        if not names or holder_tok is None:
            return []
        mode = bits[kin.i]
        if any(_set_off(kin, n) for n in names) or _possessed_beside(kin, names):
            # "had not seen his father, Matthew, since the spring", "Her brother, Arthur,
            # would have known what to do", "had never got on with her mother Caroline": a
            # name set off beside the kinship word, or named beside a possessed one, is
            # taken for granted by its clause, which may be negated, modal, a wish or a
            # question (not imagined or supposed: "imagined ... married her husband, Adam"
            # is no husband; nor a condition: "if her husband, Adam, ...")
            mode &= ~NEG
            if mode & (HYPO | WISH | QUES) and self._presupposed(kin):
                mode &= ~(HYPO | WISH | QUES)
        if mode not in FACT_MODES or self._imagined(kin):
            return []
        relation = lex.kinship[kin.lower_]
        found = []
        for holder in self.resolver.holders(pi, holder_tok, relation):
            found.extend(self._statements(pi, kin, names, holder_tok, holder))
        return found

    def _statements(
        self, pi: int, kin: Token, names: list[Token], holder_tok: Token,
        holder: tuple[int, bool, bool],
    ) -> list[Relation]:  # fmt: skip
        lex = self.lex
        holder_id, holder_pronoun, guessed = holder
        modifiers = self._modifiers(kin, names)
        if modifiers & lex.not_relation_modifiers:
            return []
        relation = lex.kinship[kin.lower_]
        plural = kin.tag_ == "NNS" or len(names) > 1
        exclusive = bool(modifiers & lex.exclusive_modifiers) and not plural
        if exclusive and modifiers - lex.exclusive_modifiers - lex.affective_modifiers:
            exclusive = False  # "his only surviving brother"
        serial = bool(modifiers & lex.serial_modifiers)
        found = []
        for name_tok in names:
            span = self._name_span(pi, name_tok)
            if span is None:
                continue
            lo, hi, relative_id = span
            if relative_id is not None and relative_id == holder_id:
                continue  # "Mary, her sister" with both names one person: a misparse
            parsed = self.model.parsed[pi]
            doc = parsed.doc
            words = [t.text for t in doc[lo:hi] if t.tag_ != "POS" and not t.is_space]
            name = " ".join(words)
            first = min(lo, kin.i, holder_tok.i)
            last = max(hi - 1, kin.i, holder_tok.i)
            if last - first > 20:
                first, last = min(lo, kin.i), max(hi - 1, kin.i)
            evidence = Evidence(
                parsed.paragraph.source,
                parsed.offset + doc[first].idx,
                parsed.offset + doc[last].idx + len(doc[last].text),
                "established",
            )
            given = given_name(words, self.index, relative_id)
            if given is None and _bare_given(words, kin, name_tok, self.index, holder_id):
                given = words[0]  # "her husband, Clive,": a given name the lists lack
            if given is None and len(words) == 1 and self._named_by_verb(kin, name_tok):
                given = words[0]  # "a daughter called Poppy": a given name by its verb
            found.append(
                Relation(
                    holder_id, relation, name, given,
                    relative_id, pi, kin.i, evidence,
                    by_pronoun=holder_pronoun,
                    exclusive=exclusive, serial=serial, plural=plural,
                    set_off=_set_off(kin, name_tok) and not plural, guessed=guessed,
                    holder_name=self.resolver.names.get(holder_id),
                )
            )  # fmt: skip
        return found

    def holders_of_count(self, pi: int, noun: Token) -> list[int]:
        """Whose relatives a counted kin noun names: "his brothers", "Karim had one sibling",
        "Ruth and Gareth had one child" (each of them)."""
        holder = self._holder_of(noun)
        if holder is None:
            verb = noun.head
            if noun.dep_ == "dobj" and verb.lemma_ == "have":
                holder = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if holder is None:
            return []
        return [cid for cid, _, _ in self.resolver.holders(pi, holder)]

    def _presupposed(self, kin: Token) -> bool:
        """Does a modal, a wish or a question leave a set-off relative taken for granted?
        Not under a verb of imagining or supposing, a condition ("if", "unless", "as if")
        or a wedding ("would have married her husband, Adam")."""
        modes = _modes_lexicon()
        tok = kin
        while True:
            if tok.pos_ in ("VERB", "AUX") and (
                tok.lemma_ in modes["hypothetical_verbs"]
                or tok.lemma_ in self.lex.naming_verbs
                or tok.lower_ in self.lex.explanations
            ):
                return False
            if any(
                c.dep_ == "mark" and c.lower_ in modes["conditional_marks"] for c in tok.children
            ):
                return False
            if tok.head.i == tok.i:
                return True
            tok = tok.head

    def _imagined(self, kin: Token) -> bool:
        """Beneath a verb that makes up a world: "she pictured a different life, one where
        her husband, Adam, was waiting" (`imagining_verbs`)."""
        tok = kin
        while tok.head.i != tok.i:
            tok = tok.head
            if tok.pos_ == "VERB" and tok.lemma_ in self.lex.imagining_verbs:
                return True
        return False

    def _named_by_verb(self, kin: Token, name: Token) -> bool:
        """ "a daughter called Poppy", "a son named Ethan": the name is the object of a naming
        verb that hangs on the kinship word."""
        verb = name.head
        return (
            name.dep_ in ("oprd", "attr", "dobj")
            and verb.lemma_ in self.lex.naming_verbs
            and verb.head.i == kin.i
        )

    # --- the parts of the phrase ---------------------------------------------------

    def _other_relation(self, kin: Token) -> bool:
        """ "step-mother", "half-brother", "mother-in-law", "grand-daughter"."""
        doc = kin.doc
        if kin.i >= 2 and doc[kin.i - 1].text == "-":
            if doc[kin.i - 2].lower_ in self.lex.other_prefixes:
                return True
        if kin.i >= 1 and doc[kin.i - 1].lower_ in self.lex.other_prefixes:
            return True
        return kin.i + 2 < len(doc) and doc[kin.i + 1].text == "-" and doc[kin.i + 2].lower_ == "in"

    def _names_and_holder(self, pi: int, kin: Token) -> tuple[list[Token], Token | None]:
        """The relative's name tokens and the holder's token, by the shape of the phrase."""
        holder = self._holder_of(kin)
        names: list[Token] = []
        for child in kin.children:
            if child.dep_ == "appos" and self._proper(pi, child) and _not_a_list(kin):
                if _in_list(child) and not any(c.dep_ == "conj" for c in child.children):
                    continue
                names.append(child)
                names.extend(c for c in child.conjuncts if self._proper(pi, c))
        head = kin.head
        if not names and kin.dep_ == "appos" and self._proper(pi, head):
            if not _in_list(head) and not _in_list(kin) and _closed(kin):
                names.append(head)  # "Mary, Tom's wife", but not "Mary, Tom's wife, Kitty"
        if not names and holder is not None and holder.pos_ == "PROPN":
            names.extend(self._dashed_before(pi, holder))
        if not names and kin.dep_ == "compound" and self._proper(pi, head):
            names.append(head)  # "his sister Mary" parsed as one name
            holder = holder or self._holder_of(head)
        if not names:
            for child in kin.children:  # "a daughter called Poppy", "a son named Ethan"
                if child.dep_ == "acl" and child.lemma_ in self.lex.naming_verbs:
                    names.extend(
                        g
                        for g in child.children
                        if g.dep_ in ("oprd", "attr", "dobj") and self._proper(pi, g)
                    )
        if holder is None and names:
            verb, noun = kin.head, kin
            if kin.dep_ == "appos":  # "had one child, a daughter called Poppy"
                verb, noun = kin.head.head, kin.head
            if noun.dep_ == "dobj" and verb.lemma_ == "have":
                holder = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if not names and kin.dep_ == "attr" and head.lemma_ == "be":
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None and self._proper(pi, subj):
                names.append(subj)  # "Mary was Tom's wife"
        if not names and kin.dep_ == "nsubj" and head.lemma_ == "be":
            attr = next((c for c in head.children if c.dep_ == "attr"), None)
            if attr is not None and self._proper(pi, attr):
                names.append(attr)  # "His wife was Mary Bell"
        return names, holder

    def _dashed_before(self, pi: int, holder: Token) -> list[Token]:
        """ "Dorothy — Laurie's only sister — was waiting": the small parser reads the name
        before the dash as part of the holder's ("Dorothy — Laurie"); a name cut off from the
        holder by a dash is the relative set off before the kinship phrase."""
        doc = holder.doc
        for child in holder.children:
            if child.dep_ != "compound" or child.i > holder.i or not self._proper(pi, child):
                continue
            between = doc[child.i + 1 : holder.i]
            if any(t.text in DASHES for t in between):
                return [child]
        return []

    @staticmethod
    def _holder_of(tok: Token) -> Token | None:
        for child in tok.children:
            if child.dep_ == "poss":
                return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.pos_ == "PROPN" or pobj.tag_ == "PRP"):
                    return pobj  # "the wife of Tom"
        return None

    def _proper(self, pi: int, tok: Token) -> bool:
        """A capitalised name that may be a person. A name set off beside a kinship word
        ("her husband, Clive,") is one whatever the parser's entity label (the small model
        calls "Clive" and "Amira" organisations), unless it is a place ("his son, London")."""
        if self.in_quote(pi, tok.i) or not tok.text[:1].isupper():
            return False
        beside_kin = tok.dep_ == "appos" or any(  # "Stephen, his father."
            c.dep_ == "appos" and c.lower_ in self.lex.kinship for c in tok.children
        )
        if tok.pos_ != "PROPN":
            # "Caroline — Abraham's only sister —": a given name opening the sentence, which
            # the small parser calls a common noun
            return tok.pos_ == "NOUN" and beside_kin and is_first_name(tok.text)
        if self.index.mention_at(pi, tok.i) is not None:
            return True
        label = tok.ent_type_
        if label not in self.lex.non_person_labels:
            return True
        return beside_kin and (label in self.lex.person_like_labels or is_first_name(tok.text))

    def _modifiers(self, kin: Token, names: list[Token]) -> set[str]:
        found = set()
        for tok in (kin, *names):
            for child in tok.children:
                if child.dep_ in ("amod", "nummod", "advmod", "compound") and child.i < tok.i:
                    if child.pos_ == "PROPN":
                        continue
                    found.add(child.lower_)
        return found

    def _name_span(self, pi: int, tok: Token) -> tuple[int, int, int | None] | None:
        """Token range of the name and the character it names, if any."""
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            if mention.kind is MentionKind.PRONOUN:
                return None
            return mention.token_start, mention.token_end, mention.character_id
        lo = tok.i
        for child in tok.lefts:
            if child.dep_ in ("compound", "flat") and child.pos_ == "PROPN":
                lo = min(lo, child.left_edge.i if child.left_edge.pos_ == "PROPN" else child.i)
        return lo, tok.i + 1, None


def given_name(
    words: list[str], index: CharacterIndex | None = None, character_id: int | None = None
) -> str | None:
    """The given name in a written name, or None when the text does not show one.

    "Mary Bell" -> Mary; "Mary" -> Mary (a known given name, or the first word of
    a fuller name the character goes by); "Mrs. Bell", "Lady Russell" -> None
    (a surname, or unclear); "Mrs. John Dashwood" -> None (her husband's name).
    """
    form = parse_name(words) if words else None
    if form is None:
        return None
    if form.title is not None:
        if len(form.words) < 2:
            return None
        if (
            form.title in ("mrs", "madame", "mme")
            and first_name_gender(form.words[0]).value == "male"
        ):
            return None
        return form.words[0]
    if len(form.words) >= 2:
        return form.words[0]
    word = form.words[0]
    if is_first_name(word):
        return word
    if index is not None and character_id is not None:
        for alias in index.by_id(character_id).aliases:
            parts = alias.split()
            if len(parts) >= 2 and parts[0] == word:
                return word
    return None


class HolderResolver:
    """Who a holder token is: "Tom's", "his", "my", and the people the index does not list.

    In order: the index's mention; "my" in narration (the narrator); the characters family's
    fallback (characters/fallback.py); then two guesses of this family's own, each marked
    `guessed` (a pronoun's confidence):

    - an *unlisted person*: a full name the people stage does not keep as a character (used
      once: "Elodie Price grew up in a house full of clocks. Her father, Gerald, ..."). An
      untied "his"/"her" is the last such person named before it in the chapter, in
      narration, as a subject or owner, of the pronoun's gender (or of no known gender), when
      no listed character of that gender is named or tied in between. Each such person gets
      an id below `UNLISTED_BASE` and their name (`Relation.holder_name`);
    - a *couple*: "their" is the last two characters named together as one subject ("Ruth
      and Gareth Llewellyn had one child") in the chapter, when one of them is named in the
      same paragraph or the one before: "Their daughter, Daisy" is a daughter of each.
    """

    def __init__(self, model: StoryModel, index: CharacterIndex) -> None:
        self.model = model
        self.index = index
        self.fallback = fallback_for(model, index)
        self._unlisted: list[tuple[tuple[int, int], int, Gender]] | None = None
        self._unlisted_keys: list[tuple[int, int]] = []
        self._unlisted_tokens: dict[tuple[int, int], int] = {}
        self.names: dict[int, str] = {}  # unlisted person id -> name
        self._gendered: dict[Gender, list[tuple[int, int]]] = {}
        self._couples: list[tuple[tuple[int, int], tuple[int, ...]]] | None = None

    # --- the holders of one token -------------------------------------------------

    def holders(self, pi: int, tok: Token, relation: str = "") -> list[tuple[int, bool, bool]]:
        """[(character id, told by a pronoun, guessed)] of a holder token (two for a couple)."""
        if tok.lower_ == "my" and tok.pos_ == "PRON":
            return [(NARRATOR, True, False)]
        if tok.lower_ == "their" and tok.pos_ == "PRON":
            if relation in SPOUSES:
                return []
            return [(cid, True, True) for cid in self.couple_at(pi, tok)]
        if tok.lower_ in NOT_HOLDERS:
            return []
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            holder = mention.character_id
            if mention.kind is MentionKind.PRONOUN:  # re-tied to the subject just named
                holder = subject_anchor(self.model, self.index, pi, tok.i, holder)
            found = [(holder, mention.kind is MentionKind.PRONOUN, False)]
            if mention.kind is not MentionKind.PRONOUN and relation not in SPOUSES:
                found += [(partner, False, True) for partner in self._partners(pi, tok)]
            return found
        cid = self.fallback.name_at(pi, tok)
        if cid is not None:
            return [(cid, False, True)]
        cid = self.fallback.pronoun_at(pi, tok)
        if cid is not None:
            return [(cid, True, True)]
        cid = self.unlisted_at(pi, tok)
        if cid is not None:
            return [(cid, tok.pos_ == "PRON", True)]
        return []

    def refers_to(self, pi: int, tok: Token, holder: int) -> bool:
        """Does this token (a name or a pronoun) stand for the holder?"""
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            return mention.character_id == holder
        if holder <= UNLISTED_BASE:
            return self.unlisted_at(pi, tok) == holder
        return (
            self.fallback.name_at(pi, tok) == holder or self.fallback.pronoun_at(pi, tok) == holder
        )

    # --- unlisted people ----------------------------------------------------------

    def _load_unlisted(self) -> None:
        from storylint.pipeline.layers import NAME_CENSUS

        self._unlisted = []
        census = self.model.peek(NAME_CENSUS)
        lex = load_lexicon()
        ids: dict[str, int] = {}
        for stats in census.forms.values() if census is not None else ():
            form = stats.form
            if form.title is None and (len(form.words) < 2 or not form.words[0][:1].isupper()):
                continue  # a full name or a titled one: "Elodie Price", "Mrs. Bell"
            key = " ".join(form.words[:1]) if form.title is None else form.key
            for occ in stats.occurrences:
                if occ.in_quote or occ.label in lex.non_person_labels:
                    continue
                doc = self.model.parsed[occ.parsed_index].doc
                root = doc[occ.token_start : occ.token_end].root
                if not (occ.agent or occ.possessor or root.dep_ in ("nsubj", "nsubjpass")):
                    continue  # the one who acts or owns: a person, not "Harold Street"
                if any(
                    self.index.mention_at(occ.parsed_index, i) is not None
                    for i in range(occ.token_start, occ.token_end)
                ):
                    continue
                gender = form.gender
                if gender is Gender.UNKNOWN and form.title is None:
                    gender = first_name_gender(form.words[0])
                if gender is Gender.UNKNOWN:
                    gender = occ.gender_vote  # "Callum Fraser ... he": the census's vote
                if gender not in (Gender.MALE, Gender.FEMALE):
                    gender = Gender.UNKNOWN
                cid = ids.get(key)
                if cid is None:
                    cid = ids[key] = UNLISTED_BASE - len(ids)
                    self.names[cid] = stats.surface
                where = (occ.parsed_index, occ.token_start)
                self._unlisted.append((where, cid, gender))
                for i in range(occ.token_start, occ.token_end):
                    self._unlisted_tokens[(occ.parsed_index, i)] = cid
        self._unlisted.sort()
        self._unlisted_keys = [where for where, _, _ in self._unlisted]
        for character in self.index.characters:
            if character.gender in (Gender.MALE, Gender.FEMALE):
                self._gendered.setdefault(character.gender, []).extend(
                    (m.parsed_index, m.token_start) for m in character.mentions
                )
        for positions in self._gendered.values():
            positions.sort()

    def unlisted_at(self, pi: int, tok: Token) -> int | None:
        """The unlisted person a name or an untied "his"/"her" stands for, or None."""
        if self._unlisted is None:
            self._load_unlisted()
        assert self._unlisted is not None
        named = self._unlisted_tokens.get((pi, tok.i))
        if named is not None:
            return named
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender is None or tok.pos_ != "PRON" or self.index.mention_at(pi, tok.i) is not None:
            return None
        here = (pi, tok.i)
        chapter = self.model.parsed[pi].chapter_index
        stop = bisect_left(self._unlisted_keys, here)
        for where, cid, their_gender in reversed(self._unlisted[:stop]):
            if self.model.parsed[where[0]].chapter_index != chapter:
                return None
            if their_gender is not gender and their_gender is not Gender.UNKNOWN:
                continue
            listed = self._gendered.get(gender, [])
            if bisect_left(listed, here) > bisect_right(listed, where):
                return None  # a listed character of that gender named in between
            return cid
        return None

    # --- couples ------------------------------------------------------------------

    def _load_couples(self) -> None:
        couples = []
        for character in self.index.characters:
            for m in character.mentions:
                if m.kind is MentionKind.PRONOUN:
                    continue
                doc = self.model.parsed[m.parsed_index].doc
                root = doc[m.token_start : m.token_end].root
                if root.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                ids = [character.id]
                for conj in root.conjuncts:
                    other = self._named(m.parsed_index, conj)
                    if other is None:
                        ids = []
                        break
                    ids.append(other)
                if len(set(ids)) == 2:
                    couples.append(((m.parsed_index, m.token_start), tuple(ids)))
        couples.sort()
        self._couples = couples

    def couple_at(self, pi: int, tok: Token) -> tuple[int, ...]:
        """The two characters a "their" stands for, or ()."""
        if self._couples is None:
            self._load_couples()
        assert self._couples is not None
        chapter = self.model.parsed[pi].chapter_index
        before = [c for c in self._couples if c[0] < (pi, tok.i)]
        if not before:
            return ()
        (where, ids) = before[-1]
        if self.model.parsed[where[0]].chapter_index != chapter or pi - where[0] > COUPLE_REACH:
            return ()
        if self._other_plural(where, (pi, tok.i)):
            return ()  # "Anwen and her husband came with their daughter": another pair
        near = {
            m.character_id
            for p in (pi - 1, pi)
            if p >= 0
            for m in self._named_in(p)
            if m.kind is not MentionKind.PRONOUN
        }
        return ids if near & set(ids) else ()

    def _other_plural(self, start: tuple[int, int], end: tuple[int, int]) -> bool:
        """A plural subject between the couple and "their" ("the boys", "Anwen and her
        husband"), who may be the ones meant."""
        for p in range(start[0], end[0] + 1):
            doc = self.model.parsed[p].doc
            lo = start[1] + 1 if p == start[0] else 0
            hi = end[1] if p == end[0] else len(doc)
            for tok in doc[lo:hi]:
                if tok.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
                    return True
        return False

    def _named_in(self, pi: int) -> list:
        doc = self.model.parsed[pi].doc
        found = []
        for i in range(len(doc)):
            mention = self.index.mention_at(pi, i)
            if mention is not None and mention.token_start == i:
                found.append(mention)
        return found

    def _partners(self, pi: int, tok: Token) -> list[int]:
        """The other character of a couple named as one subject: "Ruth and Gareth had one
        child" is Gareth's child too."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        found = []
        for conj in tok.conjuncts:
            other = self._named(pi, conj)
            if other is None:
                return []
            found.append(other)
        return found if len(found) == 1 else []

    def _named(self, pi: int, tok: Token) -> int | None:
        """The character a name token names (the index, else the fallback's name words:
        "Gareth Llewellyn" when only "Gareth" is listed)."""
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            return None if mention.kind is MentionKind.PRONOUN else mention.character_id
        return self.fallback.name_at(pi, tok)


def holder_resolver(model: StoryModel, index: CharacterIndex) -> HolderResolver:
    """One HolderResolver per model."""
    found = model.memo.get("relations.holders")
    if found is None or found.index is not index:
        found = model.memo["relations.holders"] = HolderResolver(model, index)
    return found
