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

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.families.characters.fallback import fallback_for, narrator_id
from storylint.families.characters.owners import NARRATOR
from storylint.findings import Evidence
from storylint.nlp.modes import MEM, NARR, NEG, paragraph_mode_bits
from storylint.nlp.wordscan import tokens_with_words
from storylint.people.entities import MentionKind
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
NOT_HOLDERS = frozenset({"your", "our", "their", "its", "thy", "one", "whose"})


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
    non_person_labels: frozenset[str]
    parent_explanations: frozenset[str]
    person_like_labels: frozenset[str]
    counted_relatives: dict[str, frozenset[str]]
    counts_one: frozenset[str]
    many_modifiers: frozenset[str]
    naming_verbs: frozenset[str]

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
    )


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
    return bool(between) and between[0] in (",", "—", "–", "(", "-", "--")


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
            holder = reader.holder_of_count(pi, tok)
            if plural:
                many_of[holder].update(relations)  # said anywhere, in any mode
            elif bits[tok.i] in FACT_MODES and holder is not None:
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


def _in_list(tok: Token) -> bool:
    """Part of an enumeration ("Her mother, 'Liza-Lu, and Abraham"): false appositions lie there."""
    if tok.dep_ == "conj" or any(c.dep_ in ("conj", "cc") for c in tok.children):
        return True
    doc = tok.doc
    i = tok.right_edge.i + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 >= len(doc) or doc[i].lower_ not in ("and", "or", "nor"):
        return False
    return doc[i + 1].pos_ not in ("VERB", "AUX", "ADV")  # "..., and sat down": no list


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
        if any(_set_off(kin, n) for n in names):
            # "had not seen his father, Matthew, since the spring": a name set off beside
            # the kinship word is taken for granted by its clause, which may be negated (not
            # a hypothetical: "imagined ... married her husband, Adam" is no husband)
            mode &= ~NEG
        if mode not in FACT_MODES:
            return []
        holder = self._holder(pi, holder_tok)
        if holder is None:
            return []
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
            found.append(
                Relation(
                    holder_id, relation, name, given,
                    relative_id, pi, kin.i, evidence,
                    by_pronoun=holder_pronoun,
                    exclusive=exclusive, serial=serial, plural=plural,
                    set_off=_set_off(kin, name_tok) and not plural, guessed=guessed,
                )
            )  # fmt: skip
        return found

    def holder_of_count(self, pi: int, noun: Token) -> int | None:
        """Whose relatives a counted kin noun names: "his brothers", "Karim had one sibling"."""
        holder = self._holder_of(noun)
        if holder is None:
            verb = noun.head
            if noun.dep_ == "dobj" and verb.lemma_ == "have":
                holder = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if holder is None:
            return None
        found = self._holder(pi, holder)
        return None if found is None else found[0]

    def _holder(self, pi: int, tok: Token) -> tuple[int, bool, bool] | None:
        """(character id, told by a pronoun, tied by the fallback) of a holder token.

        "my" in narration is the narrator's (the narrator named where the narration says
        "My name is ..."); "your", "their" and "our" are nobody's; a pronoun or name the
        people stage left untied gets the fallback's guess (characters.fallback)."""
        if tok.lower_ == "my" and tok.pos_ == "PRON":
            return NARRATOR, True, False
        if tok.lower_ in NOT_HOLDERS:
            return None
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            return mention.character_id, mention.kind is MentionKind.PRONOUN, False
        fallback = fallback_for(self.model, self.index)
        cid = fallback.name_at(pi, tok)
        if cid is not None:
            return cid, False, True
        cid = fallback.pronoun_at(pi, tok)
        if cid is not None:
            return cid, True, True
        return None

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
            if child.dep_ == "appos" and self._proper(pi, child) and not _in_list(kin):
                if _in_list(child) and not any(c.dep_ == "conj" for c in child.children):
                    continue
                names.append(child)
                names.extend(c for c in child.conjuncts if self._proper(pi, c))
        head = kin.head
        if not names and kin.dep_ == "appos" and self._proper(pi, head):
            if not _in_list(head) and not _in_list(kin) and _closed(kin):
                names.append(head)  # "Mary, Tom's wife", but not "Mary, Tom's wife, Kitty"
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
        if tok.pos_ != "PROPN" or self.in_quote(pi, tok.i) or not tok.text[:1].isupper():
            return False
        if self.index.mention_at(pi, tok.i) is not None:
            return True
        label = tok.ent_type_
        if label not in self.lex.non_person_labels:
            return True
        return tok.dep_ == "appos" and (
            label in self.lex.person_like_labels or is_first_name(tok.text)
        )

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
