"""Whose eyes? Finding the character a described noun belongs to.

A description counts only when the parse ties it to a character the
CharacterIndex knows: a possessor ("her eyes", "Ivy's hair"), the subject of
"had" ("Ivy had blue eyes"), the person a "with" phrase describes ("a man with
a scar"), or a noun that is a named character by apposition or predication
("Derek, a tall man", "Derek was a tall man"). Anything else ("a tall man came
in") is left alone: we never guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint.people.entities import NARRATOR_ID, MentionKind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.characters.fallback import Fallback
    from storylint.people.entities import CharacterIndex

SUBJECTS = ("nsubj", "nsubjpass")
NARRATOR = NARRATOR_ID  # people.entities: "my wounded leg" in narration is the narrator's
FIRST_PERSON = frozenset({"i", "my", "me", "myself"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whose"})


@dataclass(frozen=True)
class Owner:
    character_id: int
    token_i: int  # the mention token, for quoting
    by_pronoun: bool
    guessed: bool = False  # tied by fallback.py, not by the people stage


class Owners:
    """Owner lookups inside one parsed paragraph."""

    def __init__(
        self,
        index: CharacterIndex,
        parsed_index: int,
        having_verbs: frozenset[str],
        person_nouns: frozenset[str] = frozenset(),
        fallback: Fallback | None = None,
        hair_portions: frozenset[str] = frozenset(),
        seeing_preps: frozenset[str] = frozenset(),
        body_region: Callable[[str], str | None] | None = None,
        head_garments: frozenset[str] = frozenset(),
        looking_verbs: frozenset[str] = frozenset(),
    ) -> None:
        self.index = index
        self.pi = parsed_index
        self.having_verbs = having_verbs
        # "the eyes of her father": a person; "a tattoo of an anchor": not an owner
        self.person_nouns = person_nouns
        self.fallback = fallback
        self.hair_portions = hair_portions  # "a strand of red hair"
        self.seeing_preps = seeing_preps  # "looked at them out of blue eyes"
        self.body_region = body_region  # "behind her ear": a body part and its region
        self.head_garments = head_garments  # "from under his cap": worn on the head
        self.looking_verbs = looking_verbs  # "regarded them with cool grey eyes"

    def of_token(self, token: Token | None) -> Owner | None:
        """The character a token is a mention of (or, where the people stage tied it to
        nobody, the fallback's humbler guess: fallback.py)."""
        if token is None:
            return None
        mention = self.index.mention_at(self.pi, token.i)
        if mention is None:
            if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
                return Owner(NARRATOR, token.i, False)  # in dialogue, the mode check drops it
            if self.fallback is not None:
                cid = self.fallback.name_at(self.pi, token)
                if cid is not None:
                    return Owner(cid, token.i, False, guessed=True)
                cid = self.fallback.pronoun_at(self.pi, token)
                if cid is not None:
                    return Owner(cid, token.i, True, guessed=True)
            return None
        return Owner(mention.character_id, token.i, mention.kind is MentionKind.PRONOUN)

    def possessor(self, noun: Token) -> Owner | None:
        """ "her eyes", "Ivy's eyes"."""
        for child in noun.children:
            if child.dep_ == "poss":
                if child.lower_ == "whose":  # "Ivy, whose eyes were blue,"
                    clause = noun
                    while clause.dep_ != "relcl" and clause.head.i != clause.i:
                        clause = clause.head
                    return self.nominal(clause.head) if clause.dep_ == "relcl" else None
                return self.of_token(child)
        return None

    def subject(self, verb: Token) -> Owner | None:
        """The character that is the subject of a verb (shared by "and"-joined verbs)."""
        for _ in range(3):
            for child in verb.children:
                if child.dep_ in SUBJECTS:
                    if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                        return self.nominal(verb.head)
                    return self.of_token(child)
            if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
                verb = verb.head  # "she sat up and had ..." / "seemed to have ..."
                continue
            if verb.dep_ == "relcl":
                return self.nominal(verb.head)
            return None
        return None

    def nominal(self, noun: Token, depth: int = 0) -> Owner | None:
        """The character a noun phrase stands for: the mention itself, its apposition
        ("Derek, a tall man"), or the subject it is predicated of ("Derek was a tall man")."""
        owner = self.of_token(noun)
        if owner is not None or depth > 2:
            return owner
        dep = noun.dep_
        if dep == "appos":
            return self.nominal(noun.head, depth + 1)
        for child in noun.children:
            if child.dep_ == "appos":
                owner = self.of_token(child)
                if owner is not None:
                    return owner
        if dep == "attr" and noun.head.lemma_ == "be":
            return self.subject(noun.head)
        if dep == "conj" and noun.head.dep_ in ("attr", "appos"):
            return self.nominal(noun.head, depth + 1)
        return None

    def of_feature(self, noun: Token) -> Owner | None:
        """Whose body part or mark a noun is: possessor, "had" subject, "with" phrase,
        "the eyes of Ivy"."""
        owner = self.possessor(noun)
        if owner is not None:
            return owner
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (
                        pobj.pos_ in ("PROPN", "PRON") or pobj.lower_ in self.person_nouns
                    ):
                        # "the eyes of Ivy" is Ivy's; "the eyes of her father" nobody's we
                        # know, unless someone has them: "Tom had the green eyes of his
                        # father" are Tom's
                        owner = self.of_token(pobj)
                        if owner is None and noun.dep_ == "dobj":
                            if noun.head.lemma_ in self.having_verbs:
                                return self.subject(noun.head)
                        return owner
        head = noun.head
        dep = noun.dep_
        if dep == "conj" and head.i != noun.i:
            return self.of_feature(head)
        if dep == "nsubj" and not any(c.dep_ in ("det", "poss") for c in noun.children):
            # the parse's "'Well?' said Ivy, blue eyes narrowed", with "Ivy" a subject or
            # an adverb of "narrowed" beside "eyes": a bare feature after a name and a
            # comma is the name's
            for other in head.children:
                if (
                    other.dep_ in ("nsubj", "npadvmod", "appos", "dep")
                    and other.i < noun.left_edge.i
                    and other.pos_ in ("PROPN", "PRON")
                    and noun.doc[noun.left_edge.i - 1].text == ","
                ):
                    return self.of_token(other)
        if dep in ("npadvmod", "nsubj") and self._absolute(noun):
            return self.subject(head.head)  # "He looked up, grey eyes wide."
        if dep == "appos" and head.pos_ == "VERB" and self._after_comma(noun, head):
            return self.subject(head)  # the parse's "stood in the door, red hair loose"
        if (
            dep == "appos"
            and head.pos_ == "PROPN"
            and head.i < noun.i
            and not any(c.dep_ in ("det", "poss") for c in noun.children)
            and noun.left_edge.i > 0
            and noun.doc[noun.left_edge.i - 1].text == ","
        ):
            # the parse's "'Well?' said Ivy, blue eyes narrowed": a bare feature set off
            # by a comma after a name is the name's
            return self.of_token(head)
        if dep == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
            portion = head.head
            if head.lower_ == "of" and portion.lower_ in self.hair_portions:
                # "tucked a strand of red hair behind her ear", "with a shock of red hair"
                return self.of_feature(portion) or self.placed_by_part(portion)
            seeing = head if head.lower_ in self.seeing_preps else None
            if head.lower_ == "of" and portion.lower_ in self.seeing_preps:
                seeing = portion  # "out of blue eyes"
            if seeing is not None and noun.lemma_ == "eye" and seeing.head.pos_ == "VERB":
                return self.subject(seeing.head)  # one looks out of one's own eyes
        if dep == "dobj" and head.lemma_ in self.having_verbs:
            return self.subject(head)  # "Ivy had blue eyes"; not "Derek touched the scar"
        if dep == "pobj" and head.lower_ == "with":
            holder = head.head
            if holder.pos_ in ("NOUN", "PROPN", "PRON"):
                return self.nominal(holder)
            copula_noun = _copula_person(holder, head, self.person_nouns)
            if copula_noun is not None:
                return self.nominal(copula_noun)  # "Anna was a girl of twenty with blue eyes"
            if holder.pos_ in ("VERB", "AUX"):
                verb = holder
                while verb.dep_ in ("conj", "xcomp") and not any(
                    c.dep_ in SUBJECTS for c in verb.children
                ):
                    verb = verb.head  # the verb whose subject "with" would describe
                if not _has_other_object(holder, head) and not _has_other_object(verb, head):
                    return self.subject(holder)
                if self._looking_with(noun, holder, head):
                    return self.subject(holder)
        return None

    def _looking_with(self, noun: Token, verb: Token, with_prep: Token) -> bool:
        """Bare eyes in the "with" phrase of a verb of looking, past nothing but pronouns:
        "Tom regarded them with cool grey eyes" (a pronoun takes no "with" phrase of its
        own); not "looked at the man with blue eyes", nor "with the blue eyes"."""
        if noun.lemma_ != "eye" or verb.lemma_ not in self.looking_verbs:
            return False
        if any(c.dep_ in ("det", "poss") for c in noun.children):
            return False
        doc = verb.doc
        low, high = sorted((verb.i, with_prep.i))
        return not any(tok.pos_ in ("NOUN", "PROPN") for tok in doc[low + 1 : high])

    def _absolute(self, noun: Token) -> bool:
        """A bare feature with its own predicate set off by a comma after a clause ("He
        looked up, grey eyes wide", "she stood in the door, red hair loose"): the absolute
        phrase describes the clause's subject."""
        head = noun.head
        if head.i == noun.i or head.pos_ not in ("ADJ", "VERB") or head.i < noun.i:
            return False
        if any(c.dep_ in ("det", "poss") for c in noun.children):
            return False
        if head.dep_ not in ("advmod", "advcl", "npadvmod", "ccomp", "xcomp", "oprd"):
            return False
        return self._after_comma(noun, head.head)

    @staticmethod
    def _after_comma(noun: Token, verb: Token) -> bool:
        """The noun's phrase follows its verb's clause after a comma or dash."""
        start = noun.left_edge.i
        return (
            verb.pos_ == "VERB"
            and verb.i < start
            and start > 0
            and noun.doc[start - 1].text in (",", ";", "\u2014", "-", "--")
        )

    def placed_by_part(self, noun: Token) -> Owner | None:
        """Whose hair a clause moves by naming where it goes: the possessor of a body part
        in a prepositional phrase of the hair's verb ("pushed fair hair out of her eyes",
        "a lock of black hair fell across his forehead", "tucked a strand of red hair
        behind her ear"), or of what is worn on the head ("a shock of red hair stuck out
        from under his cap"). Only for a subject or object of the verb."""
        if self.body_region is None or noun.dep_ not in ("dobj", "nsubj", "nsubjpass"):
            return None
        verb = noun.head
        if verb.i == noun.i or verb.pos_ != "VERB":
            return None
        # the parse hangs the phrase on the verb or on the hair ("a strand ... behind her ear")
        preps = [c for c in (*verb.children, *noun.children) if c.dep_ == "prep"]
        preps += [g for p in list(preps) for g in p.children if g.dep_ == "prep"]  # out of
        for prep in preps:
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if (
                    self.body_region(pobj.lower_)
                    or self.body_region(pobj.lemma_.lower())
                    or pobj.lower_ in self.head_garments
                ):
                    owner = self.possessor(pobj)
                    if owner is not None:
                        return owner
        return None


def _has_other_object(verb: Token, with_prep: Token) -> bool:
    """ "she looked into his face with the blue eyes": the "with" may belong to the face
    (the parse often hangs it on the verb), so the eyes are not surely the subject's."""
    doc = verb.doc
    low, high = sorted((verb.i, with_prep.i))
    for tok in doc[low + 1 : high]:
        # "I saw a woman attired like a servant, with black hair": anyone named between
        # the verb and "with" may be the one with the hair
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "PRON" and tok.dep_ != "poss"):
            return True
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr"):
            return True
        if child.dep_ == "prep" and child.i != with_prep.i:
            if any(
                g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN", "PRON") for g in child.children
            ):
                return True
    return False


def _copula_person(verb: Token, with_prep: Token, person_nouns: frozenset[str]) -> Token | None:
    """ "Anna was a girl of twenty with blue eyes": the parse hangs "with" on "was", but the
    phrase describes the person noun that is the subject's predicate, and so the subject."""
    if verb.lemma_ != "be":
        return None
    for child in verb.children:
        if child.dep_ == "attr" and child.i < with_prep.i and child.lower_ in person_nouns:
            return child
    return None
