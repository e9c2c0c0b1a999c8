"""Pronoun resolution: which character is "he", "her", "his"?

A salience model in the spirit of Lappin & Leass (1994), run once through the
book in reading order. Every mention of a character raises that character's
salience by its grammatical role (subjects most); salience halves at every
sentence boundary and is cleared at scene breaks. A pronoun goes to the most
salient character that
- agrees in gender (Character.gender; unknown genders are learnt from the
  pronouns that resolve unambiguously to the character),
- is not a co-argument of the same verb ("Derek saw him": him is not Derek),
- or, for a reflexive, is the subject of its clause ("she dressed herself").

Who the scene is about weighs too: a scene focus (share of the scene's and of
the last few sentences' mentions, where a name only talked about - "she was
Marilyn", "JFK's arm", "Like Bombshell. Marilyn." - counts little) and a
point-of-view bonus for the scene's most frequent narrated subject keep a long
pronoun chain through passing names; a subject earlier in the same sentence
outweighs both.

Precision first: when the runner-up is exactly as salient, or the most salient
candidate is an unnamed person ("the old man") that is a subject referred to
more than once lately, the pronoun stays unresolved rather than guessed.
Inside quotations "he"/"she" are resolved only to a name said earlier in the
same quotation; "I"/"you" are left to the speaker stage.
Plural pronouns are left unresolved: a mention refers to one character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.people.entities import (
    Character,
    CharacterIndex,
    Gender,
    Mention,
    MentionKind,
)
from storylint.pipeline.layers import CHARACTERS, PRONOUNS, QUOTES
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel
    from storylint.nlp.quotes import QuoteIndex

DECAY = 0.5  # salience kept across one sentence boundary
BASE = 100.0  # every mention: recency
ROLE_BONUS = {"nsubj": 80.0, "nsubjpass": 80.0, "dobj": 50.0, "dative": 40.0}
VOCATIVE_WEIGHT = 150.0  # a person spoken to is present in the scene
NON_OBLIQUE = 50.0  # not inside a prepositional phrase
QUOTED_WEIGHT = 0.3  # a name said in dialogue is a weak antecedent for narration
UNKNOWN_GENDER_WEIGHT = 0.6  # a character whose gender we don't know yet
PARALLEL_BONUS = 80.0  # a subject pronoun continues the previous subject
CENTER_BONUS = 40.0  # any other pronoun leans to it too (LitBank 71.4% -> 71.5%; 80: 71.1%)
# The scene's focal character (its share of the scene's mentions of that gender)
# keeps long pronoun chains through passing mentions of others.
FOCUS_WEIGHT = 40.0
# ... and the focal character of the last few sentences (mention counts decaying
# by RECENT_DECAY a sentence) follows the scene's shorter stretches: LitBank +4
# points with near-ties resolved (MARGIN ~1).
RECENT_FOCUS_WEIGHT = 40.0
RECENT_DECAY = 0.8
# Point of view: the scene's most frequent narrated subject of the pronoun's
# gender (at least PROTAGONIST_MIN times, PROTAGONIST_LEAD times the next).
PROTAGONIST_WEIGHT = 20.0
PROTAGONIST_MIN = 3
PROTAGONIST_LEAD = 1.5
# What one mention adds to the focus counts, by role (subjects count 1): a name
# only talked about must not take the chain of the character the scene follows
# (to-marilyn's "Like Bombshell. Marilyn." took Ivy's "she" when it counted 1).
ATTR_COUNT = 0.0
POSS_COUNT = 0.5
FRAGMENT_COUNT = 0.2
OTHER_COUNT = 0.6
FRAGMENT_WEIGHT = BASE  # salience of a verbless "Marilyn.", like a possessor
# A subject earlier in the same sentence takes the pronoun ("Later Tom said that
# he would leave"), whoever the scene is about: LitBank +2.5 points.
SENTENCE_SUBJECT_BONUS = 800.0
OTHER_SUBJECT_BONUS = 200.0
# Best candidate must beat the runner-up by this factor: exact ties stay
# unresolved; near-ties, with the focus bonuses, were right more often than not.
MARGIN = 1.0001
MIN_SCORE = 20.0
FORGET_BELOW = 2.0
GENDER_VOTES = 3  # pronoun resolutions needed to learn a character's gender
SETTLE_VOTES = 2  # ... and, once the book is read, to give the later stages one
UNNAMED_COMPETE = True  # unnamed people ("the doctor") can take a pronoun away
# A name first said as a predicate ("His Christian name was Gabriel") takes the
# unnamed pronoun chain the narration was following.
ADOPT_ROLES = frozenset({"attr"})
# An unnamed person blocks only as a subject, and once referred to repeatedly
# (recent mentions, decaying by RECENT_DECAY a sentence): LitBank +1.4 points.
UNNAMED_ROLES = frozenset({"nsubj", "nsubjpass"})
UNNAMED_MIN_MENTIONS = 1.2


@lexicons.cache
def _lexicon() -> dict:
    data = dict(lexicons.load_lexicon_data("pronouns"))
    data["gender"] = {word: Gender(value) for word, value in data["gender"].items()}
    sets = (
        "plural",
        "reflexive",
        "male_titles",
        "female_titles",
        "male_nouns",
        "female_nouns",
        "person_nouns",
    )
    for key in sets:
        data[key] = frozenset(data[key])
    return data


@dataclass(eq=False)
class _Salience:
    """Salience of every recently mentioned entity; negative ids are unnamed people."""

    values: dict[int, float] = field(default_factory=dict)
    genders: dict[int, Gender] = field(default_factory=dict)  # unnamed people only
    # unnamed referents of pronoun chains ("Nothing makes sense to him."): gender
    # and the pronouns waiting for a name
    placeholders: dict[int, Gender] = field(default_factory=dict)
    pending: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    scene_counts: dict[int, float] = field(default_factory=dict)
    recent_counts: dict[int, float] = field(default_factory=dict)
    # narrated subject mentions (names and pronouns) in the scene so far: the
    # scene's point-of-view character is the one most often doing things
    scene_subjects: dict[int, float] = field(default_factory=dict)
    subjects_prev: set[int] = field(default_factory=set)
    subjects_now: set[int] = field(default_factory=set)
    # this sentence's narrated subjects so far -> the token index of their verbs
    subject_verbs: dict[int, list[int]] = field(default_factory=dict)
    anonymous: dict[str, int] = field(default_factory=dict)  # "doctor" -> its entity
    next_anonymous: int = -1

    def add(self, entity: int, weight: float, count: float = 1.0) -> None:
        self.values[entity] = self.values.get(entity, 0.0) + weight
        self.scene_counts[entity] = self.scene_counts.get(entity, 0) + count
        self.recent_counts[entity] = self.recent_counts.get(entity, 0) + count

    def new_sentence(self) -> None:
        self.values = {e: v * DECAY for e, v in self.values.items() if v * DECAY >= FORGET_BELOW}
        self.recent_counts = {
            e: c * RECENT_DECAY for e, c in self.recent_counts.items() if c * RECENT_DECAY >= 0.05
        }
        self.subjects_prev = self.subjects_now
        self.subjects_now = set()
        self.subject_verbs = {}

    def new_scene(self) -> None:
        self.values.clear()
        self.genders.clear()
        self.scene_counts.clear()
        self.recent_counts.clear()
        self.scene_subjects.clear()
        self.placeholders.clear()
        self.anonymous.clear()
        self.subjects_prev = set()
        self.subjects_now = set()


@stage(requires=[CHARACTERS, QUOTES], provides=[PRONOUNS])
def resolve_pronouns(model: StoryModel) -> None:
    """Which character each pronoun is: PRONOUN mentions added to the character index."""
    index = model.get(CHARACTERS)
    Resolver(model, index, model.get(QUOTES)).run()
    model.set(PRONOUNS, index)


class Resolver:
    """One pass over the book; state is the salience of recent entities."""

    def __init__(self, model: StoryModel, index: CharacterIndex, quotes: QuoteIndex) -> None:
        self.model = model
        self.index = index
        self.quotes = quotes
        self.lex = _lexicon()
        self.state = _Salience()
        self.votes: dict[int, dict[Gender, int]] = {}
        self.named_in_scene: set[int] = set()
        self.trace: list | None = None  # (parsed_index, token, top candidates) for debugging
        for character in index.characters:
            if character.gender is Gender.UNKNOWN:
                character.gender = self._title_gender(character)

    def run(self) -> None:
        self._learn_genders()
        scene = None
        for parsed_index, parsed in enumerate(self.model.parsed):
            here = (parsed.chapter_index, parsed.scene_index)
            if here != scene:
                self.state.new_scene()
                self.named_in_scene = set()
                scene = here
            self._paragraph(parsed_index)
        self._settle_genders()

    def _settle_genders(self) -> None:
        """A character still of unknown gender after the book is read takes the gender of
        the narrated pronouns tied to it, when there are two or more and 3:1 one way
        ("Elodie Price opened the laptop. Her eyes ... Elodie sighed. She ..."): too few
        to learn from while reading (GENDER_VOTES), enough for the stages after this one,
        which otherwise take such a character for a man and a woman at once."""
        for character_id, votes in self.votes.items():
            character = self.index.by_id(character_id)
            if character.gender is not Gender.UNKNOWN or not votes:
                continue
            gender, count = max(votes.items(), key=lambda item: item[1])
            if count >= SETTLE_VOTES and count * 4 >= 3 * sum(votes.values()):
                character.gender = gender

    # -- one paragraph -------------------------------------------------------

    def _paragraph(self, parsed_index: int) -> None:
        parsed = self.model.parsed[parsed_index]
        doc = parsed.doc
        has_quotes = self.quotes.has_quotes(parsed_index)
        mention_at = self.index.mention_at
        genders = self.lex["gender"]
        for sent in doc.sents:
            self.state.new_sentence()
            for token in sent:
                i = token.i
                quoted = has_quotes and self.quotes.in_quote(parsed_index, i)
                mention = mention_at(parsed_index, i)
                if mention is not None:
                    if mention.token_start == i:
                        self._observe(mention, doc, quoted)
                    continue
                lower = token.lower_
                gender = genders.get(lower)
                if gender is not None:
                    if quoted:
                        target = self._resolve_quoted(parsed_index, token, gender)
                    else:
                        target = self._resolve(parsed_index, token, gender)
                    if target is not None:
                        self._add_pronoun(parsed_index, token, target, quoted)
                elif token.pos_ == "NOUN" and not quoted and UNNAMED_COMPETE:
                    self._observe_common_noun(token)

    def _observe(self, mention: Mention, doc, quoted: bool) -> None:
        head = _mention_head(doc, mention.token_start, mention.token_end)
        weight = _role_weight(head)
        character_id = mention.character_id
        if quoted:
            if mention.kind is not MentionKind.PRONOUN and (
                _is_vocative(doc, mention) or _names_addressee(head)
            ):
                self._addressed(character_id)
                weight = VOCATIVE_WEIGHT
            else:
                weight *= QUOTED_WEIGHT
        else:
            if (
                mention.kind is not MentionKind.PRONOUN
                and character_id not in self.named_in_scene
                and _role_head(head).dep_ in ADOPT_ROLES
            ):
                self._take_placeholder(character_id)
            self.named_in_scene.add(character_id)
        self.state.add(character_id, weight, _focus_count(head))
        if _role_head(head).dep_ in ("nsubj", "nsubjpass") and not quoted:
            self.state.subjects_now.add(character_id)
            self.state.subject_verbs.setdefault(character_id, []).append(_role_head(head).head.i)
            subjects = self.state.scene_subjects
            subjects[character_id] = subjects.get(character_id, 0) + 1

    def _addressed(self, character_id: int) -> None:
        """A name called out in dialogue ("What is this, Derek?") names the person
        spoken to. If the narration has so far followed an unnamed "he" of that
        gender, that "he" is this character."""
        if character_id in self.named_in_scene:
            return
        self._take_placeholder(character_id)

    def _take_placeholder(self, character_id: int) -> None:
        """Give the unnamed pronoun chain the narration is following to a character
        named for the first time in the scene, when that chain leads its gender."""
        character = self.index.by_id(character_id)
        gender = character.gender
        state = self.state
        same = [
            (state.values.get(e, 0.0), e)
            for e in list(state.values) + list(state.placeholders)
            if gender is Gender.UNKNOWN
            or (e >= 0 and self.index.by_id(e).gender is gender)
            or state.placeholders.get(e) is gender
        ]
        if not same:
            return
        _, top = max(same)
        if top >= 0 or top not in state.placeholders:
            return
        if gender is Gender.UNKNOWN:
            character.gender = state.placeholders[top]
        for parsed_index, token_i in state.pending.pop(top, []):
            parsed = self.model.parsed[parsed_index]
            self._add_mention(parsed_index, parsed.doc[token_i], character_id)
        state.add(character_id, state.values.pop(top, 0.0))
        for counts in (state.scene_counts, state.scene_subjects):
            counts[character_id] = counts.get(character_id, 0) + counts.pop(top, 0)
        del state.placeholders[top]
        self.named_in_scene.add(character_id)

    def _observe_common_noun(self, token: Token) -> None:
        """An unnamed person ("the doctor") competes for pronouns but never gets one:
        a pronoun it wins stays unresolved instead of going to a named character."""
        lemma = token.lemma_
        if lemma in self.lex["male_nouns"]:
            gender = Gender.MALE
        elif lemma in self.lex["female_nouns"]:
            gender = Gender.FEMALE
        elif lemma in self.lex["person_nouns"]:
            gender = Gender.UNKNOWN
        else:
            return
        if token.dep_ not in UNNAMED_ROLES or token.tag_ in ("NNS", "NNPS"):
            return  # "There was a woman!" names no one new; plurals are not "he"
        if any(c.dep_ == "poss" for c in token.children):
            return  # "her mother" is, more often than not, a character with a name
        state = self.state
        entity = state.anonymous.get(lemma)
        if entity is None:
            entity = state.anonymous[lemma] = state.next_anonymous
            state.next_anonymous -= 1
            state.genders[entity] = gender
        state.add(entity, _role_weight(token))

    # -- resolution ----------------------------------------------------------

    def _gender_of(self, entity: int) -> Gender:
        if entity >= 0:
            return self.index.by_id(entity).gender
        return self.state.placeholders.get(entity) or self.state.genders.get(entity, Gender.UNKNOWN)

    def _new_placeholder(self, gender: Gender) -> int:
        entity = self.state.next_anonymous
        self.state.next_anonymous -= 1
        self.state.placeholders[entity] = gender
        return entity

    def _resolve(self, parsed_index: int, token: Token, gender: Gender) -> int | None:
        if token.lower_ in self.lex["reflexive"]:
            if token.dep_ in ("appos", "npadvmod"):  # "Mrs. Villars herself"
                character = self.index.character_at(parsed_index, token.head.i)
                if character is not None and character.gender in (gender, Gender.UNKNOWN):
                    return character.id
            bound = self._clause_subject(parsed_index, token, gender)
            if bound is not None:
                return bound
        excluded = self._co_arguments(parsed_index, token)
        is_subject = token.dep_ in ("nsubj", "nsubjpass")
        state = self.state
        total = sum(c for e, c in state.scene_counts.items() if self._gender_of(e) is gender) or 1
        recent = state.recent_counts
        recent_total = sum(c for e, c in recent.items() if self._gender_of(e) is gender) or 1
        scored: list[tuple[float, int]] = []
        candidates = set(state.values) | set(state.scene_counts)
        protagonist = self._protagonist(gender, excluded)
        ancestors: set[int] | None = None
        for entity in candidates:
            if entity in excluded:
                continue
            score = state.values.get(entity, 0.0)
            if entity in state.placeholders and not score:
                continue  # an unnamed "she" lives only as long as her pronoun chain
            if entity < 0:
                entity_gender = state.genders.get(entity) or state.placeholders.get(entity)
                if entity_gender is Gender.UNKNOWN:
                    score *= UNKNOWN_GENDER_WEIGHT
                elif entity_gender is not gender:
                    continue
                score += FOCUS_WEIGHT * state.scene_counts.get(entity, 0) / total
                score += RECENT_FOCUS_WEIGHT * recent.get(entity, 0) / recent_total
            else:
                character_gender = self.index.by_id(entity).gender
                if character_gender is Gender.UNKNOWN:
                    votes = self.votes.get(entity)
                    if votes and not votes.get(gender):
                        continue  # "she" so far, too few to learn from: still not "his"
                    score *= UNKNOWN_GENDER_WEIGHT
                elif character_gender is not gender:
                    continue
                if entity in state.subjects_prev:
                    score += PARALLEL_BONUS if is_subject else CENTER_BONUS
                verbs = state.subject_verbs.get(entity)
                if verbs:
                    if ancestors is None:
                        ancestors = {a.i for a in token.ancestors}
                    if any(v in ancestors for v in verbs):
                        score += SENTENCE_SUBJECT_BONUS
                    else:
                        score += OTHER_SUBJECT_BONUS
                score += FOCUS_WEIGHT * state.scene_counts.get(entity, 0) / total
                score += RECENT_FOCUS_WEIGHT * recent.get(entity, 0) / recent_total
            if entity == protagonist:
                score += PROTAGONIST_WEIGHT
            scored.append((score, entity))
        if not any(e >= 0 or e in state.placeholders for _, e in scored):
            if not scored:
                return self._new_placeholder(gender)
            return None
        scored.sort(reverse=True)
        if self.trace is not None:
            self.trace.append((parsed_index, token.i, scored[:4]))
        best_score, best = scored[0]
        if best_score < MIN_SCORE:
            return None
        if len(scored) > 1 and best_score < MARGIN * scored[1][0]:
            self._keep_alive(token, scored[:2])
            return None
        if (
            best < 0
            and best not in state.placeholders
            and state.recent_counts.get(best, 0) < UNNAMED_MIN_MENTIONS
        ):
            scored = [(v, e) for v, e in scored if e >= 0 or e in state.placeholders]
            if not scored:
                return None
            best_score, best = scored[0]
            if best_score < MIN_SCORE:
                return None
        if best < 0 and best not in state.placeholders:  # "the doctor ... he": not a character
            if state.genders.get(best) is Gender.UNKNOWN:
                state.genders[best] = gender
            state.add(best, _role_weight(token))
            return None
        return best

    def _protagonist(self, gender: Gender, excluded: set[int]) -> int | None:
        """The scene's point-of-view character of this gender: the one that has
        been the narrated subject most often, if clearly so."""
        ranked = sorted(
            (
                (count, entity)
                for entity, count in self.state.scene_subjects.items()
                if entity not in excluded and self._gender_of(entity) is gender
            ),
            reverse=True,
        )
        if not ranked or ranked[0][0] < PROTAGONIST_MIN:
            return None
        if len(ranked) > 1 and ranked[0][0] < PROTAGONIST_LEAD * ranked[1][0]:
            return None
        return ranked[0][1]

    def _keep_alive(self, token: Token, tied: list[tuple[float, int]]) -> None:
        """An unresolved pronoun still refers to one of the leading candidates:
        share its weight among them so a later newcomer does not take the chain."""
        total = sum(score for score, _ in tied) or 1.0
        weight = _role_weight(token)
        for score, entity in tied:
            self.state.add(entity, weight * score / total)

    def _resolve_quoted(self, parsed_index: int, token: Token, gender: Gender) -> int | None:
        """Inside a quotation only a name said earlier in the same quotation counts."""
        quote = self.quotes.quote_at(parsed_index, token.i)
        if quote is None:
            return None
        found: set[int] = set()
        for i in range(quote.token_start, token.i):
            mention = self.index.mention_at(parsed_index, i)
            if mention is not None and mention.kind is not MentionKind.PRONOUN:
                if self.index.by_id(mention.character_id).gender is gender:
                    found.add(mention.character_id)
        excluded = self._co_arguments(parsed_index, token)
        found -= excluded
        # Falling back on the narration's salience was right only ~60% of the
        # time on LitBank: a quoted "he" is often someone absent.
        return found.pop() if len(found) == 1 else None

    def _clause_subject(self, parsed_index: int, token: Token, gender: Gender) -> int | None:
        """A reflexive binds to the subject of its clause (through control verbs)."""
        verb = token.head
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    character = self.index.character_at(parsed_index, child.i)
                    if character is not None and character.gender in (gender, Gender.UNKNOWN):
                        return character.id
                    return None
            climbs = ("xcomp", "prep", "pobj", "dobj", "conj", "advcl")
            if verb.dep_ in climbs and verb.head.i != verb.i:
                verb = verb.head
            else:
                return None
        return None

    def _co_arguments(self, parsed_index: int, token: Token) -> set[int]:
        """Characters that are other arguments of the pronoun's own verb."""
        if token.dep_ == "poss" or token.tag_ == "PRP$":
            return set()
        verb = token.head
        if token.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head
        arguments = []
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr"):
                arguments.append(child)
            elif child.dep_ == "prep":
                arguments.extend(c for c in child.children if c.dep_ == "pobj")
        excluded = set()
        for argument in arguments:
            if argument.i == token.i:
                continue
            character = self.index.character_at(parsed_index, argument.i)
            if character is not None:
                excluded.add(character.id)
        return excluded

    # -- bookkeeping ---------------------------------------------------------

    def _add_pronoun(self, parsed_index: int, token: Token, target: int, quoted: bool) -> None:
        if target < 0:  # an unnamed referent: remember the pronoun until it gets a name
            self.state.pending.setdefault(target, []).append((parsed_index, token.i))
            weight = _role_weight(token) * (QUOTED_WEIGHT if quoted else 1.0)
            self.state.add(target, weight, _focus_count(token))
            if token.dep_ in ("nsubj", "nsubjpass") and not quoted:
                self.state.subjects_now.add(target)
                self.state.subject_verbs.setdefault(target, []).append(token.head.i)
                subjects = self.state.scene_subjects
                subjects[target] = subjects.get(target, 0) + 1
            return
        mention = self._add_mention(parsed_index, token, target)
        self._observe(mention, self.model.parsed[parsed_index].doc, quoted)
        character = self.index.by_id(target)
        if character.gender is Gender.UNKNOWN and not quoted:
            self._vote(character, self.lex["gender"][token.lower_])

    def _add_mention(self, parsed_index: int, token: Token, target: int) -> Mention:
        mention = Mention.of_token(
            self.model.parsed[parsed_index], parsed_index, token.i, target, MentionKind.PRONOUN
        )
        self.index.add_mention(mention)
        return mention

    def _learn_genders(self) -> None:
        """Give a gender to characters known only by a surname ("Strether") from
        the pronouns that follow them as the only named subject of a sentence:
        "Strether lit his cigar. He ..." votes male."""
        unknown = {c.id for c in self.index.characters if c.gender is Gender.UNKNOWN}
        if not unknown:
            return
        genders = self.lex["gender"]
        votes: dict[int, dict[Gender, int]] = {}
        for parsed_index, parsed in enumerate(self.model.parsed):
            has_quotes = self.quotes.has_quotes(parsed_index)
            previous: int | None = None
            for sent in parsed.doc.sents:
                subjects = set()
                pronoun_genders = []
                possessive_genders = []
                for token in sent:
                    if has_quotes and self.quotes.in_quote(parsed_index, token.i):
                        continue
                    if token.dep_ not in ("nsubj", "nsubjpass", "poss"):
                        continue
                    gender = genders.get(token.lower_)
                    if gender is not None:
                        pronoun_genders.append(gender)
                        if token.dep_ == "poss":
                            possessive_genders.append(gender)
                        continue
                    if token.dep_ != "poss":
                        character = self.index.character_at(parsed_index, token.i)
                        if character is not None:
                            subjects.add(character.id)
                voter = previous
                if len(subjects) == 1:
                    voter = next(iter(subjects))
                    # In the named subject's own sentence only possessives vote: a subject
                    # pronoun there is usually someone else ("JFK stepped aside and she
                    # turned"); in the next sentence it usually is the same person.
                    pronoun_genders = possessive_genders
                if voter is not None and voter in unknown and len(set(pronoun_genders)) == 1:
                    tally = votes.setdefault(voter, {})
                    tally[pronoun_genders[0]] = tally.get(pronoun_genders[0], 0) + 1
                previous = next(iter(subjects)) if len(subjects) == 1 else None
        for character_id, tally in votes.items():
            gender, count = max(tally.items(), key=lambda item: item[1])
            if count >= 2 and count * 4 >= 3 * sum(tally.values()):
                self.index.by_id(character_id).gender = gender

    def _vote(self, character: Character, gender: Gender) -> None:
        votes = self.votes.setdefault(character.id, {})
        votes[gender] = votes.get(gender, 0) + 1
        other = sum(v for g, v in votes.items() if g is not gender)
        if votes[gender] >= GENDER_VOTES and other * 4 <= votes[gender]:
            character.gender = gender

    def _title_gender(self, character: Character) -> Gender:
        for form in [character.name, *character.aliases]:
            first = form.split()[0].lower() if form.split() else ""
            if first in self.lex["male_titles"]:
                return Gender.MALE
            if first in self.lex["female_titles"]:
                return Gender.FEMALE
        return Gender.UNKNOWN


def _mention_head(doc, start: int, end: int) -> Token:
    """The token of a mention whose syntactic head lies outside it."""
    for i in range(start, end):
        head = doc[i].head.i
        if head < start or head >= end or head == i:
            return doc[i]
    return doc[end - 1]


def _role_head(token: Token) -> Token:
    """Conjoined mentions share their role: "Anna and Mary waited" - both subjects."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _focus_count(head: Token) -> float:
    """How much a mention shows who the scene is about: subjects act, a name
    as a complement or a possessor ("she was Marilyn", "JFK's arm") or said as
    a verbless fragment ("Like Bombshell. Marilyn.") is only talked about."""
    role = _role_head(head)
    dep = role.dep_
    if dep in ("nsubj", "nsubjpass"):
        return 1.0
    if dep == "attr":
        return ATTR_COUNT
    if dep == "poss" and role.tag_ != "PRP$":
        return POSS_COUNT
    if dep == "ROOT" and role.pos_ in ("PROPN", "NOUN"):
        return FRAGMENT_COUNT
    return OTHER_COUNT


def _role_weight(head: Token) -> float:
    role = _role_head(head)
    dep = role.dep_
    if dep == "attr":  # "tonight she was Marilyn": a role, not someone new
        return 0.0
    if dep == "poss":  # embedded in another noun phrase: "JFK's hand"
        return BASE
    if dep == "ROOT" and role.pos_ in ("PROPN", "NOUN"):  # "Like Bombshell. Marilyn."
        return FRAGMENT_WEIGHT
    weight = BASE + ROLE_BONUS.get(dep, 0.0)
    if dep != "pobj":
        weight += NON_OBLIQUE
    return weight


def _names_addressee(head: Token) -> bool:
    """ "You're Ivy Lynn." names the person spoken to, like a vocative."""
    role = _role_head(head)
    if role.dep_ != "attr":
        return False
    return any(c.dep_ == "nsubj" and c.lower_ == "you" for c in role.head.children)


def _is_vocative(doc, mention: Mention) -> bool:
    """A name set off by punctuation on both sides inside speech: "Derek-", ", Derek?"."""
    before = doc[mention.token_start - 1] if mention.token_start > 0 else None
    after = doc[mention.token_end] if mention.token_end < len(doc) else None
    return (before is None or before.is_punct) and (after is None or after.is_punct)
