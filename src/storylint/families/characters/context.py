"""What every attribute extractor needs while it reads one paragraph.

Why one object: the extractors are small functions called on trigger words;
they share the paragraph's owners, narrative modes (computed only for a
paragraph that has a trigger) and the way a fact and its evidence are made.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from storylint.families.characters.anchor import last_name_of_gender, subject_anchor
from storylint.families.characters.fallback import fallback_for
from storylint.families.characters.layer import CharacterFact
from storylint.families.characters.owners import NARRATOR, Owner, Owners
from storylint.findings import Evidence
from storylint.nlp.modes import MEM, NARR, NEG, paragraph_mode_bits

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.characters.lexicon import Lexicon
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

UNKNOWN = -1  # character_id of an event nobody could be resolved for: explains for all
NAME_CONFIDENCE = 0.85
# A pronoun owner (see ParagraphContext.sureness), calibrated on the eye, hair and body
# facts of 30 published novels (issue 14): names had the right owner nearly always,
# anchored pronouns ("Anna went to the window. Her blue eyes ...") about three times in
# four, other pronouns not doubted about six times in ten. A rule scales its finding by
# the less sure owner over NAME_CONFIDENCE.
ANCHORED_CONFIDENCE = 0.7
PRONOUN_CONFIDENCE = 0.6
# Paragraphs back an anchoring name is looked for, in the scene, past paragraphs that
# mention nobody of the pronoun's gender (a line of someone else's dialogue).
ANCHOR_PARAGRAPHS = 3
DOUBTED_CONFIDENCE = 0.4  # a "her" with another woman mentioned close by
# A pronoun a reader ties to someone else ("contested"):
# - its clause's subject is another person of its gender, known to the index or not
#   ("Denisov ... looked with his black eyes at Rostov");
# - an object "her" of a verb the owner is subject of shows another woman there ("Lady
#   Dedlock beckoned her ... and smoothed her dark hair");
# - for a pronoun not anchored, the nearest name of its gender just before it is someone
#   else's ("Ivy Marsh sat with Rose Marsh. Her brown eyes").
# No fact is recorded for such an owner. Doubted findings are right about three times in
# four on the harness; these were the three CHR001/CHR003 near misses that held back the
# characters calibration map (issue 13). Kept at a low confidence (0.2) they still crossed
# the map: too few to make a block of their own, they were pooled with the doubted ones.
CONTESTED_CONFIDENCE = 0.2  # sureness's value; ParagraphContext.add then records nothing
# An owner the people stage left untied and fallback.py tied (the only man named in the
# chapter, a bare given name of a full name): as sure as a resolved pronoun.
GUESSED_CONFIDENCE = 0.6
GUESSED_NAME_CONFIDENCE = 0.75  # a word of one character's full name ("Doyle", "Marisol")
# "my" in narration: unambiguous, but a book may have several narrators (letters, journals)
NARRATOR_CONFIDENCE = 0.75
MEMORY_PENALTY = 0.05
QUOTE_REACH = 12  # tokens between an owner and its description still quoted together


class ParagraphContext:
    def __init__(
        self,
        model: StoryModel,
        parsed_index: int,
        index: CharacterIndex,
        lex: Lexicon,
        facts: list[CharacterFact],
    ) -> None:
        self.model = model
        self.pi = parsed_index
        self.parsed = model.parsed[parsed_index]
        self.doc = self.parsed.doc
        self.index = index
        self.lex = lex
        self.owners = Owners(
            index,
            parsed_index,
            lex.words("having_verbs"),
            lex.people,
            fallback_for(model, index),
            lex.words("hair_portion_nouns"),
            lex.words("seeing_preps"),
            lex.body.region,
            lex.words("head_garments"),
            lex.words("looking_verbs"),
        )
        self.facts = facts
        self._bits: list[int] | None = None
        self._sent_starts: list[int] | None = None

    # --- modes ---------------------------------------------------------------

    @property
    def bits(self) -> list[int]:
        if self._bits is None:
            self._bits = paragraph_mode_bits(self.model, self.pi)
        return self._bits

    def mode(self, tokens: list[Token], attribute: str, presupposed: bool = False) -> str | None:
        """'narration' or 'memory' when every token is in an affirmed narrated clause
        (memory only for attributes whose data entry allows it), else None.

        `presupposed`: the description is part of a noun phrase ("his brown eyes"), which
        the clause takes for granted: "his brown eyes never left her face" still gives him
        brown eyes, though the clause is negated. Such a description, and one in an
        apposition, counts in any narrated clause (not in dialogue)."""
        allow_memory = attribute in self.lex.memory_counts
        memory = False
        for token in tokens:
            bits = self.bits[token.i]
            if bits & NARR and (presupposed or self.presupposed(token)):
                bits &= NARR | MEM  # "Anna, a woman with grey eyes, said nothing"
            if bits == NARR:
                continue
            if allow_memory and bits == NARR | MEM:
                memory = True
                continue
            return None
        return "memory" if memory else "narration"

    def presupposed(self, token: Token) -> bool:
        """Inside an apposition or a relative clause on a name ("Anna, a tall woman, did not
        answer", "Tom, whose eyes were grey, would never ..."): such a description is taken
        for granted, not asserted, so the negation, condition or wish of the main clause
        does not reach it (it still must be narration, not dialogue)."""
        current = token
        for _ in range(8):
            if current.dep_ == "appos":
                return True
            if current.dep_ == "relcl":
                return self.index.mention_at(self.pi, current.head.i) is not None
            if current.pos_ in ("VERB", "AUX") or current.head.i == current.i:
                return False
            current = current.head
        return False

    def negated_narration(self, token: Token) -> bool:
        """Narration whose only qualifier is negation: "she had never needed glasses"."""
        return self.bits[token.i] in (NARR | NEG, NARR | NEG | MEM)

    def in_narration(self, token: Token) -> bool:
        return bool(self.bits[token.i] & NARR)

    # --- owners --------------------------------------------------------------

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) token indices of the sentence of token i (Token.sent is slow)."""
        if self._sent_starts is None:
            self._sent_starts = [sent.start for sent in self.doc.sents]
        starts = self._sent_starts
        k = bisect.bisect_right(starts, i) - 1
        end = starts[k + 1] if k + 1 < len(starts) else len(self.doc)
        return starts[max(k, 0)], end

    def sentence_characters(self, token: Token) -> dict[int, bool]:
        """Characters mentioned in the token's sentence: id -> named (not only by pronoun)."""
        found: dict[int, bool] = {}
        start, end = self.sentence_bounds(token.i)
        for i in range(start, end):
            mention = self.index.mention_at(self.pi, i)
            if mention is not None:
                named = mention.kind != "pronoun"
                found[mention.character_id] = found.get(mention.character_id, False) or named
        return found

    def sureness(self, owner: Owner, token: Token) -> tuple[float, str]:
        """How sure we are of a fact's owner, and why: (confidence, how).

        A wrong owner is a false contradiction, so any doubt about a pronoun counts
        ("doubted"): another character of the same gender mentioned in this sentence or the
        one before; an unnamed person of that gender close by ("Then he saw a woman. She
        was golden-haired"); a name the index does not know as subject ("Bill got up, his
        brown eyes rolling": Bill is the dog); a clause whose subject is someone else
        ("Denisov looked with his black eyes at Rostov"); or, unless the pronoun is
        anchored, another character of that gender named anywhere in the paragraph
        ("Maisie had died ... Her dark hair"). An anchored pronoun ("Anna went to the
        window. Her blue eyes ...": the last name of its gender is the owner's, nobody else
        of that gender in between) is nearly as sure as a name; a pronoun that is neither
        doubted nor anchored has its antecedent further off, and is less sure.
        The confidences are measured (see ANCHORED_CONFIDENCE)."""
        if owner.character_id == NARRATOR:
            return NARRATOR_CONFIDENCE, "narrator"  # "my" in narration
        if owner.guessed and not owner.by_pronoun:
            return GUESSED_NAME_CONFIDENCE, "guessed name"
        if not owner.by_pronoun or owner.character_id < 0:
            return NAME_CONFIDENCE, "name"
        gender = self.index.by_id(owner.character_id).gender
        anchored = not owner.guessed and self._anchored(owner, gender)
        if self._clause_contests(owner, token, gender) or (
            not anchored and self._nearer_rival(owner, gender)
        ):
            return CONTESTED_CONFIDENCE, "contested"
        if self._sentence_doubt(owner, token, gender, bound=anchored):
            return DOUBTED_CONFIDENCE, "doubted"
        if owner.guessed:
            return GUESSED_CONFIDENCE, "guessed"
        if anchored:
            return ANCHORED_CONFIDENCE, "anchored"
        for i in range(len(self.doc)):
            mention = self.index.mention_at(self.pi, i)
            if (
                mention is not None
                and mention.kind != "pronoun"
                and mention.character_id != owner.character_id
                and self._same_gender(mention.character_id, gender)
            ):
                return DOUBTED_CONFIDENCE, "doubted"
        return PRONOUN_CONFIDENCE, "pronoun"

    def _clause_contests(self, owner: Owner, token: Token, gender: str) -> bool:
        """The pronoun's own clause binds it to someone else: a known character of its
        gender as the clause's subject, or an object pronoun of its gender on a verb the
        owner is subject of (see CONTESTED_CONFIDENCE)."""
        if self._other_subject(owner, token, gender) == "named":
            return True
        return self._object_pronoun(owner, token, gender)

    def _nearer_rival(self, owner: Owner, gender: str) -> bool:
        """The name of the pronoun's gender nearest before it, in its sentence or the one
        before, is someone else's ("Ivy Marsh sat by the fire with Rose Marsh. Her brown
        eyes ..."): the pronoun stage chose the farther name, and a reader cannot tell."""
        if owner.token_i < 0:
            return False
        found = self._last_name_of_gender(self.pi, owner.token_i, gender)
        if found is None or found.character_id == owner.character_id:
            return False
        start, _ = self.sentence_bounds(owner.token_i)
        if start > 0:
            start = self.sentence_bounds(start - 1)[0]
        return found.token_start >= start

    def _sentence_doubt(
        self,
        owner: Owner,
        token: Token,
        gender: str,
        bound: bool = False,
        previous: bool = True,
        bound_at: int | None = None,
    ) -> bool:
        """Someone else the pronoun could be, in its clause, its sentence or the one before.

        `bound`: the reader has bound the pronoun before reading on (it is anchored, or its
        clause's subject is the owner's name): people named after it in its sentence ("She
        pinned up her blonde hair with Jo's help", "Bram ran a hand through his black hair
        and laughed at something the old man had said") do not make it doubtful."""
        if self._other_subject(owner, token, gender) is not None:
            return True
        if self._object_pronoun(owner, token, gender):
            return True
        start, end = self.sentence_bounds(token.i)
        spans = [(start, end)]
        if start > 0 and previous:
            spans.append(self.sentence_bounds(start - 1))
        people = self.lex.raw["gendered_person_nouns"]
        reach = owner.token_i if bound and owner.token_i >= 0 else None
        if bound_at is not None:
            reach = bound_at  # bound by the subject of the clause a participle hangs on
        for first, stop in spans:
            if reach is not None and first == start:
                stop = min(stop, reach)
            for i in range(first, stop):
                mention = self.index.mention_at(self.pi, i)
                if mention is None:
                    continue
                cid = mention.character_id
                if cid != owner.character_id and self._same_gender(cid, gender):
                    return True
            for tok in self.doc[first:stop]:
                if self.index.mention_at(self.pi, tok.i) is not None:
                    continue
                fallback = self.owners.fallback
                guessed = fallback.name_at(self.pi, tok) if fallback is not None else None
                if guessed is not None:
                    if guessed != owner.character_id and self._same_gender(guessed, gender):
                        return True
                    continue
                if not self.in_narration(tok):
                    continue  # "'A man might look thereon for a thousand years.' He rubbed ..."
                noun_gender = people.get(tok.lower_)
                if (
                    noun_gender is not None
                    and not self._said_of_owner(tok, owner)  # "she was a pretty girl"
                    and (gender == "unknown" or noun_gender in (gender, "unknown"))
                ):
                    return True
                if tok.pos_ == "PROPN" and tok.dep_ in ("nsubj", "nsubjpass") and tok.i < token.i:
                    return True  # a name we do not know: a dog, a horse, a passer-by
        return False

    def _said_of_owner(self, noun: Token, owner: Owner) -> bool:
        """A person noun that is the owner: a predicate ("she was a pretty girl") or an
        apposition to the owner's mention ("Derek, a tall man"); not "One, a gentleman of
        about thirty," before "He had yellow hair", where the gentleman is someone else."""
        if noun.dep_ == "attr":
            return True
        if noun.dep_ == "appos":
            mention = self.index.mention_at(self.pi, noun.head.i)
            return mention is not None and mention.character_id == owner.character_id
        return False

    def _anchored(self, owner: Owner, gender: str) -> bool:
        """The pronoun's antecedent is plain: the last name of its gender before it in
        narration is the owner's, and nobody else of that gender is mentioned in between,
        in narration or dialogue ("Anna went to the window. The light was grey. Her blue
        eyes ..."). The name is looked for in the paragraph, then in the one before it in
        the same scene (a paragraph that opens with "Her eyes ..."). Names later in the
        paragraph then do not make it doubtful: a reader has already bound the pronoun."""
        found = self._last_name_of_gender(self.pi, owner.token_i, gender)
        if found is None:
            if self._other_between(self.pi, 0, owner.token_i, owner, gender):
                return False
            # the paragraphs before, in the same scene: up to ANCHOR_PARAGRAPHS back, so a
            # line of someone else's dialogue between ("'Morning,' said Tom.") is no break
            for back in range(1, ANCHOR_PARAGRAPHS + 1):
                pi = self.pi - back
                if pi < 0:
                    return False
                before = self.model.parsed[pi]
                if (before.chapter_index, before.scene_index) != (
                    self.parsed.chapter_index,
                    self.parsed.scene_index,
                ):
                    return False
                found = self._last_name_of_gender(pi, len(before.doc), gender)
                if found is None:
                    if self._other_between(pi, 0, None, owner, gender):
                        return False
                    if self._unnamed_between(pi, 0, gender):
                        return False
                    continue
                return (
                    found.character_id == owner.character_id
                    and not self._other_between(pi, found.token_end, None, owner, gender)
                    and not self._unnamed_between(pi, found.token_end, gender)
                )
            return False
        if found.character_id != owner.character_id:
            return False
        return not self._other_between(self.pi, found.token_end, owner.token_i, owner, gender)

    def _unnamed_between(self, parsed_index: int, start: int, gender: str) -> bool:
        """An unnamed person of the gender as a subject from token `start` to the end of a
        paragraph ("A woman came in with a dog." before a paragraph opening "She ...")."""
        people = self.lex.raw["gendered_person_nouns"]
        doc = self.model.parsed[parsed_index].doc
        for tok in doc[start:]:
            noun_gender = people.get(tok.lower_)
            if (
                noun_gender is not None
                and tok.dep_ in ("nsubj", "nsubjpass")
                and noun_gender in (gender, "unknown")
                and self.index.mention_at(parsed_index, tok.i) is None
                and not any(c.dep_ == "poss" for c in tok.children)
            ):
                return True
        return False

    def _last_name_of_gender(self, parsed_index: int, before: int, gender: str):
        """The last name mention (not a pronoun) in narration of a character of `gender`
        before token `before` of a paragraph, or None (anchor.py, shared with the re-tying)."""
        return last_name_of_gender(self.model, self.index, parsed_index, before, gender)

    def _other_between(
        self, parsed_index: int, start: int, end: int | None, owner: Owner, gender: str
    ) -> bool:
        """Someone else of the owner's gender mentioned between two tokens of a paragraph."""
        stop = len(self.model.parsed[parsed_index].doc) if end is None else end
        for i in range(start, stop):
            mention = self.index.mention_at(parsed_index, i)
            if (
                mention is not None
                and mention.character_id != owner.character_id
                and self._same_gender(mention.character_id, gender)
            ):
                return True
        return False

    def bound_owner(self, owner: Owner, token: Token) -> Owner:
        """A possessive bound by its clause's named subject is as sure as the name:
        in "Anna brushed her red hair" or "Tom sat with his hat on his knees" the "her" and
        "his" can only be the subject's (the pronoun stage agrees, or we would not be here)
        when nobody else of that gender is in the sentence or the one before ("Miss
        Havisham beckoned her ... and tried it against her brown hair" is the girl's hair).
        Returns the subject as the owner; any other owner unchanged."""
        if not owner.by_pronoun or owner.character_id < 0:
            return owner
        subject = self._clause_subject(token)
        if subject is None or subject.i == owner.token_i:
            return owner
        mention = self.index.mention_at(self.pi, subject.i)
        if (
            mention is None
            or mention.kind == "pronoun"
            or mention.character_id != owner.character_id
        ):
            return owner
        gender = self.index.by_id(owner.character_id).gender
        # the sentence before does not matter: its clause's named subject binds the pronoun;
        # in a participle phrase after the clause ("Tom said to Derek, rubbing his eyes",
        # "said Nora, pushing her glass across") the subject binds it before the object
        bound_at = subject.i if self._in_participle(token, subject) else None
        if self._sentence_doubt(
            owner, token, gender, bound=True, previous=False, bound_at=bound_at
        ):
            return owner
        return Owner(owner.character_id, subject.i, False)

    def subject_anchor(self, owner: Owner) -> Owner:
        """A possessive the pronoun stage tied to someone further back, re-tied to the
        character just named as a subject (anchor.py: "Warwick was a man whom people liked
        at once. His black hair ..."); its sureness is then measured as for any pronoun."""
        if not owner.by_pronoun or owner.guessed or owner.character_id < 0:
            return owner
        cid = subject_anchor(self.model, self.index, self.pi, owner.token_i, owner.character_id)
        if cid == owner.character_id:
            return owner
        return Owner(cid, owner.token_i, True)

    def relative_owner(self, owner: Owner, token: Token) -> Owner | None:
        """A possessive inside a relative clause on a name belongs to that name: "his brother
        Ben, who sat on the stairs rubbing his brown eyes" is Ben's eyes, whoever the pronoun
        stage chose. Only when the clause's subject is the relative pronoun, and nobody else
        of the gender is named between the name and the pronoun. None: no such clause."""
        if not owner.by_pronoun or owner.character_id < 0 or owner.token_i < 0:
            return None
        pronoun = self.doc[owner.token_i]
        clause = pronoun
        for _ in range(8):
            if clause.dep_ == "relcl" or clause.head.i == clause.i:
                break
            clause = clause.head
        if clause.dep_ != "relcl" or not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for c in clause.children
        ):
            return None
        antecedent = clause.head  # the name, or the noun it is in apposition to ("his
        # brother Ben, who ...": the clause hangs on "brother")
        named = [antecedent, *(c for c in antecedent.children if c.dep_ == "appos")]
        mentions = [self.index.mention_at(self.pi, t.i) for t in named]
        mention = next(
            (m for m in mentions if m is not None and m.kind != "pronoun" and m.character_id >= 0),
            None,
        )
        if mention is None:
            return None
        gender = self.index.by_id(owner.character_id).gender
        if not self._same_gender(mention.character_id, gender):
            return None
        for i in range(antecedent.i + 1, pronoun.i):
            other = self.index.mention_at(self.pi, i)
            if (
                other is not None
                and other.kind != "pronoun"
                and (
                    other.character_id != mention.character_id
                    and self._same_gender(other.character_id, gender)
                )
            ):
                return None
        return Owner(mention.character_id, antecedent.i, False)

    def unnamed_antecedent(self, owner: Owner, token: Token) -> bool:
        """The last subject of the pronoun's gender before it, in its sentence or the one
        before, is a person nobody named ("An old man sat down by the fire. He rubbed the
        scar on his right cheek"): a reader ties the pronoun to him, whatever the pronoun
        stage (which knows only named characters) chose. Subject pronouns between are the
        same chain and are passed over."""
        if not owner.by_pronoun or owner.character_id < 0 or owner.token_i < 0:
            return False
        gender = self.index.by_id(owner.character_id).gender
        if gender not in ("male", "female"):
            return False
        people = self.lex.raw["gendered_person_nouns"]
        start, _ = self.sentence_bounds(owner.token_i)
        if start > 0:
            start = self.sentence_bounds(start - 1)[0]
        for i in range(owner.token_i - 1, start - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass") or not self.in_narration(tok):
                continue
            mention = self.index.mention_at(self.pi, i)
            if mention is not None:
                if mention.kind == "pronoun":
                    continue
                if self._same_gender(mention.character_id, gender):
                    return False
                continue
            if people.get(tok.lower_) == gender and any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in tok.children
            ):
                return True
        return False

    @staticmethod
    def _in_participle(token: Token, subject: Token) -> bool:
        """The token is inside a participle phrase set off by a comma after the clause of
        `subject` ("..., rubbing his eyes")."""
        verb = token
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        return (
            verb.dep_ == "advcl"
            and verb.tag_ in ("VBG", "VBN")
            and verb.head.i == subject.head.i
            and verb.i > subject.i
            and verb.left_edge.i > 0
            and verb.doc[verb.left_edge.i - 1].text == ","
        )

    def _object_pronoun(self, owner: Owner, token: Token, gender: str) -> bool:
        """An object pronoun of the owner's gender whose verb has the owner as subject
        ("Lady Dedlock beckoned her ... and smoothed her dark hair"): "her" there cannot be
        the subject, so someone else of that gender is in the scene."""
        objects = {"female": ("her",), "male": ("him",)}.get(gender, ("her", "him"))
        start, end = self.sentence_bounds(token.i)
        for tok in self.doc[start:end]:
            if tok.i == owner.token_i or tok.lower_ not in objects or tok.dep_ == "poss":
                continue
            subject = self._clause_subject(tok)
            if subject is None:
                continue
            mention = self.index.mention_at(self.pi, subject.i)
            if mention is not None and mention.character_id == owner.character_id:
                return True
        return False

    def _clause_subject(self, token: Token) -> Token | None:
        """The subject of the clause a token sits in ("and"-joined verbs share one; a
        participle phrase has its main clause's: "said Nora, pushing her glass across",
        "Tom said to Derek, rubbing his eyes")."""
        verb = token
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects[0]
            participle = verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN")
            if (verb.dep_ not in ("conj", "xcomp") and not participle) or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _same_gender(self, character_id: int, gender: str) -> bool:
        other = self.index.by_id(character_id).gender
        return other == gender or "unknown" in (other, gender)

    def _other_subject(self, owner: Owner, token: Token, gender: str) -> str | None:
        """The clause the description sits in has a subject of the owner's gender that is
        not the owner ("Derek looked into her eyes" is fine: Derek is not a she): "named"
        when that subject is another character, or a name the index does not know;
        "unresolved" for an untied he or she (could be anyone); else None."""
        verb = token
        for _ in range(6):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects or verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
                break
            verb = verb.head
        for subject in subjects:
            if subject.i == owner.token_i:
                return None
            mention = self.index.mention_at(self.pi, subject.i)
            if mention is not None:
                other = mention.character_id
                if other == owner.character_id:
                    return None
                if other < 0:
                    return "unresolved"
                return "named" if self._same_gender(other, gender) else None
            fallback = self.owners.fallback
            if fallback is not None and fallback.pronoun_at(self.pi, subject) == owner.character_id:
                return None  # "He rubbed the scar on his cheek", both tied by fallback.py
            pronoun_gender = {"he": "male", "she": "female"}.get(subject.lower_)
            if pronoun_gender is not None and gender in (pronoun_gender, "unknown"):
                return "unresolved"  # an unresolved he or she: could be anyone
            if subject.pos_ == "PROPN" and subject.i < token.i:
                guessed = fallback.name_at(self.pi, subject) if fallback is not None else None
                if guessed is None or guessed != owner.character_id:
                    return "named"  # a name the index does not know: Denisov, a dog, a horse
        return None

    def sentence_owner(self, token: Token) -> int:
        """The one character a sentence is about, for an event word with no parse owner;
        UNKNOWN when none or several (an unresolved event explains a change for anyone)."""
        characters = self.sentence_characters(token)
        return next(iter(characters)) if len(characters) == 1 else UNKNOWN

    # --- making facts --------------------------------------------------------

    def evidence(self, tokens: list[Token]) -> Evidence:
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens)
        first, last = self.doc[start], self.doc[end]
        offset = self.parsed.offset
        return Evidence(
            self.parsed.paragraph.source,
            offset + first.idx,
            offset + last.idx + len(last.text),
            "fact",
        )

    def add(
        self,
        owner: Owner | None,
        attribute: str,
        value: str,
        trigger: Token,
        quoted: list[Token],
        mode: str,
        **fields,
    ) -> CharacterFact | None:
        """Record a fact; `quoted` are the tokens its evidence spans (the owner is added
        when it is close by in the same sentence)."""
        if owner is None:
            return None
        resolved = owner.character_id
        owner = self.relative_owner(owner, trigger) or self.subject_anchor(owner)
        owner = self.bound_owner(owner, trigger)
        if self.unnamed_antecedent(owner, trigger):
            return None  # "An old man sat down. He rubbed the scar on his cheek": not ours
        tokens = list(quoted)
        owner_token = self.doc[owner.token_i] if owner.token_i >= 0 else None
        if (
            owner_token is not None
            and self.sentence_bounds(owner_token.i) == self.sentence_bounds(trigger.i)
            and abs(owner_token.i - trigger.i) <= QUOTE_REACH
        ):
            mention = self.index.mention_at(self.pi, owner_token.i)
            tokens.append(owner_token)
            if mention is not None:
                tokens.append(self.doc[mention.token_start])
            elif owner_token.pos_ == "PROPN":  # a name tied by fallback.py: all its words
                tokens.extend(c for c in owner_token.children if c.dep_ in ("compound", "flat"))
        confidence, how = self.sureness(owner, trigger)
        if how == "contested":
            return None  # the reader ties the pronoun to someone else (CONTESTED_CONFIDENCE)
        if mode == "memory":
            confidence -= MEMORY_PENALTY
        fact = CharacterFact(
            character_id=owner.character_id,
            attribute=attribute,
            value=value,
            evidence=self.evidence(tokens),
            parsed_index=self.pi,
            paragraph_index=self.parsed.paragraph.index,
            chapter_index=self.parsed.chapter_index,
            scene_index=self.parsed.scene_index,
            mode=mode,
            confidence=round(confidence, 3),
            by_pronoun=owner.by_pronoun,
            token_i=trigger.i,
            **fields,
        )
        fact.extra["owner"] = how
        if owner.character_id != resolved:
            fact.extra["pronoun_stage"] = resolved  # re-tied by subject_anchor
        self.facts.append(fact)
        return fact

    def add_event(
        self,
        character_id: int,
        attribute: str,
        event: str,
        trigger: Token,
        quoted: list[Token] | None = None,
        confidence: float = 0.5,
        by_pronoun: bool = False,
    ) -> CharacterFact:
        """A narrated change (dyed, promoted, grew thin): explains a new value."""
        fact = CharacterFact(
            character_id=character_id,
            attribute=attribute,
            value="",
            evidence=self.evidence(quoted or [trigger]),
            parsed_index=self.pi,
            paragraph_index=self.parsed.paragraph.index,
            chapter_index=self.parsed.chapter_index,
            scene_index=self.parsed.scene_index,
            mode="narration" if self.in_narration(trigger) else "dialogue",
            confidence=confidence,
            by_pronoun=by_pronoun,
            event=event,
            token_i=trigger.i,
        )
        self.facts.append(fact)
        return fact
