"""Reading narrated deaths out of the few tokens that may tell one.

Precision first: a death counts only when its clause is affirmed narration
(or a memory: a remembered death is still a death), the dead person is a
character of the index, and nothing weakens it ("nearly died", "dead tired",
"died of shame", "the sound died away", "buried herself in her books").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from storylint.families.life.layer import Death, written_name
from storylint.nlp.grammar import subject_of
from storylint.nlp.modes import DIAL, MEM, NARR, NEG, paragraph_mode_bits
from storylint.people.entities import MentionKind
from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.life.lexicon import LifeLexicon
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex, Mention

FINITE = frozenset({"VBD", "VBZ", "VBP"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# A death may be told as a memory ("she had died the winter before"): still a death.
DEATH_MODES = frozenset({NARR, NARR | MEM})
# Deaths told by a negated survival ("did not live to see the summer"): the negation is
# the death, so these are read with their NEGATED mode set aside.
NEGATED_KINDS = frozenset({"did not live", "did not survive", "never woke"})
# Deaths foretold by a mortal wound: the dying may still speak in that chapter.
DYING_KINDS = frozenset({"mortally wounded", "mortal wound"})


class DeathFinder:
    """Reads the deaths out of one paragraph's trigger tokens."""

    def __init__(
        self,
        model: StoryModel,
        index: CharacterIndex,
        lex: LifeLexicon,
        present_tense: Callable[[int], bool] = lambda pi: False,
    ) -> None:
        self.model = model
        self.index = index
        self.lex = lex
        self.present_tense = present_tense  # is this paragraph's chapter told in the present?
        # (character, paragraph) of every death the narration mentions, in any mode: "I must
        # open the scene at the bedside of the late Sir John" is no death, but it tells one
        self.told: list[tuple[int, int]] = []

    def paragraph(self, pi: int, hits: list[Token]) -> list[Death]:
        found: list[Death] = []
        seen: set[int] = set()
        for tok in hits:
            got = self.classify(pi, tok)
            if got is None:
                continue
            mention, kind, event, anchor = got
            if not paragraph_mode_bits(self.model, pi)[anchor.i] & DIAL:
                self.told.append((mention.character_id, pi))
            if mention.character_id in seen:
                continue
            if not self._told_as_fact(pi, kind, anchor, mention):
                continue
            seen.add(mention.character_id)
            found.append(self._death(pi, mention, kind, event, anchor))
        return found

    def _told_as_fact(self, pi: int, kind: str, anchor: Token, mention: Mention) -> bool:
        """Affirmed narration or a memory; for "did not live to see", the negation aside."""
        bits = paragraph_mode_bits(self.model, pi)
        at, who = bits[anchor.i], bits[mention.token_start]
        if kind in NEGATED_KINDS:
            if not at & NEG:
                return False
            at, who = at & ~NEG, who & ~NEG
        return at in DEATH_MODES and who in DEATH_MODES

    def _named_in_sentence(self, pi: int, mention: Mention, anchor: Token) -> Mention:
        """The name a pronoun stands for when its own sentence names that character and no
        other of the same gender: "Tom lay in his coffin" is told by name, not by pronoun."""
        if mention.kind is not MentionKind.PRONOUN:
            return mention
        sent = anchor.sent
        named = None
        for i in range(sent.start, sent.end):
            other = self.index.mention_at(pi, i)
            if other is None or other.kind is MentionKind.PRONOUN or other.token_start != i:
                continue
            if other.character_id != mention.character_id:
                if self._same_gender(other.character_id, mention.character_id):
                    return mention
                continue
            named = named or other
        return named or mention

    def _rival_noun(self, pi: int, tok: Token, nouns: set[str]) -> bool:
        """A person noun a pronoun of that gender could mean: "his father", "the old
        lady"; not a plural ("her six daughters") or the name's own apposition ("Mrs.
        Gardiner, a stately old lady,")."""
        if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in nouns:
            return False
        return not (tok.dep_ == "appos" and self.index.mention_at(pi, tok.head.i) is not None)

    def _same_gender(self, a: int, b: int) -> bool:
        ga, gb = str(self.index.by_id(a).gender), str(self.index.by_id(b).gender)
        return ga == gb or "unknown" in (ga, gb)

    def _death(self, pi: int, mention: Mention, kind: str, event: bool, anchor: Token) -> Death:
        parsed = self.model.parsed[pi]
        doc = parsed.doc
        lo = min(mention.token_start, anchor.i)
        hi = max(mention.token_end - 1, anchor.i)
        if hi - lo > 30:  # quote the words leading up to the death, not a whole page
            lo, hi = max(anchor.sent.start, anchor.i - 12), anchor.i
        start = parsed.offset + doc[lo].idx
        end = parsed.offset + doc[hi].idx + len(doc[hi].text)
        named = self._named_in_sentence(pi, mention, anchor)
        anchored = False
        if named.kind is MentionKind.PRONOUN and self.lex.death_pronoun_anchor:
            before = self._named_before(pi, mention)
            if before is not None:
                named, anchored = before, True
        pronoun = named.kind is MentionKind.PRONOUN
        name = () if pronoun else written_name(self.model.parsed[named.parsed_index].doc, named)
        return Death(
            mention.character_id, kind, pi, start, end, parsed.paragraph.source,
            by_pronoun=pronoun, event=event, hearsay=self._hearsay(anchor),
            frame=self._frame(pi, anchor), name=name, dying=kind in DYING_KINDS,
            anchored=anchored,
        )  # fmt: skip

    def _named_before(self, pi: int, pronoun: Mention) -> Mention | None:
        """The name a death's pronoun stands for, when the narration just before names that
        character - in the two sentences before the pronoun's, or in the last two sentences of
        the paragraph before - and names nobody else there the pronoun could mean: no other
        character of that gender (or of unknown gender), and no person noun of that gender
        ("Tom's father was ill; Tom sat up with him. He died in May": the "he" may be the
        father)."""
        from storylint.people.pronouns import _lexicon as pronoun_words

        words = pronoun_words()
        gender = str(self.index.by_id(pronoun.character_id).gender)
        nouns = set(words["person_nouns"])
        if gender in ("male", "unknown"):
            nouns |= words["male_nouns"]
        if gender in ("female", "unknown"):
            nouns |= words["female_nouns"]
        quotes = self.model.get(QUOTES)
        doc = self.model.parsed[pi].doc
        sent = doc[pronoun.token_start].sent
        start = sent.start
        for _ in range(2):
            if start > 0:
                start = doc[start - 1].sent.start
        spans = [(pi, start, pronoun.token_start)]
        if pi > 0 and start == 0:
            last = list(self.model.parsed[pi - 1].doc.sents)[-2:]
            if last:
                spans.insert(0, (pi - 1, last[0].start, last[-1].end))
        named = None
        for where, lo, hi in spans:
            there = self.model.parsed[where].doc
            for i in range(lo, hi):
                if quotes is not None and quotes.in_quote(where, i):
                    continue
                other = self.index.mention_at(where, i)
                if other is None:
                    if self._rival_noun(where, there[i], nouns):
                        return None  # "his father": someone else the pronoun may mean
                    continue
                if other.token_start != i:
                    continue
                if other.character_id == pronoun.character_id:
                    if (
                        other.kind is not MentionKind.PRONOUN
                        and there[other.token_end - 1].dep_ != "poss"
                    ):
                        named = other
                elif self._same_gender(other.character_id, pronoun.character_id):
                    return None  # someone else the pronoun might mean
        return named

    def _hearsay(self, anchor: Token) -> bool:
        """ "News came that he had died", "she heard that Tom was dead": reported."""
        words = self.lex.hearsay_words
        node = anchor
        for _ in range(8):
            if node.head.i == node.i:
                break
            node = node.head
            if node.lemma_.lower() in words or node.lower_ in words:
                return True
        return any(t.lower_ in words for t in anchor.sent if t.i < anchor.i and t.pos_ == "NOUN")

    def _frame(self, pi: int, anchor: Token) -> bool:
        """ "I wish I hadn't", "many a long year before this was written": a narrator
        speaking from after the story, who may tell a death before the scenes that
        still show the character alive."""
        if self.lex.frame_re.search(anchor.sent.text.lower()):
            return True
        if self.present_tense(pi):
            return False  # "I" in the present tense is the story's now, not a look back
        quotes = self.model.get(QUOTES)
        for tok in self.model.parsed[pi].doc:
            if (
                tok.lower_ in ("i", "we")
                and tok.dep_ == "nsubj"
                and tok.head.tag_ in ("VBP", "VBZ")
            ):
                if quotes is None or not quotes.in_quote(pi, tok.i):
                    return True
        return False

    # --- which kind of trigger ----------------------------------------------------

    def classify(self, pi: int, tok: Token) -> tuple[Mention, str, bool, Token] | None:
        """(dead character's mention, kind, is an event, token to quote around) or None."""
        lex = self.lex
        lemma = tok.lemma_.lower()
        lower = tok.lower_
        if tok.pos_ in ("VERB", "AUX"):
            if lemma in lex.death_verbs or lemma in lex.death_phrasal:
                return self._died(pi, tok, lemma)
            if lemma in lex.death_verb_objects:
                return self._breathed_last(pi, tok, lemma)
            if lemma in lex.killing_verbs:
                return self._killed(pi, tok, lemma)
            if lemma in lex.burial_verbs:
                return self._buried(pi, tok)
            if lemma in lex.survival_verbs:
                return self._not_survived(pi, tok, lemma)
            if lemma in lex.wound_verbs:
                return self._mortally_wounded(pi, tok)
            if lemma in lex.never_waking:
                return self._never_woke(pi, tok, lemma)
            if lemma in lex.death_verb_preps:
                return self._died_of(pi, tok, lemma)
            if lemma in lex.mourning_verbs:
                return self._mourned(pi, tok)
            return None
        if lower in lex.dead_words or lemma in lex.dead_words:
            return self._dead(pi, tok)
        if tok.pos_ == "NOUN" and (lemma in lex.death_nouns or lower in lex.death_nouns):
            return self._death_noun(pi, tok, lemma)
        if tok.pos_ == "NOUN" and lemma in lex.body_nouns:
            return self._body(pi, tok)
        if tok.pos_ == "NOUN" and lemma in lex.wound_nouns:
            return self._mortal_wound(pi, tok)
        if tok.dep_ == "amod" and lower in lex.late_adjectives:
            return self._late(pi, tok)
        return None

    def _mention(self, pi: int, tok: Token) -> Mention | None:
        """The character a token names; for "my brother Tom" or "her husband, Tom Hale,",
        the name in apposition to it."""
        mention = self.index.mention_at(pi, tok.i)
        if mention is not None:
            return mention
        named = [self.index.mention_at(pi, c.i) for c in tok.children if c.dep_ == "appos"]
        named = [m for m in named if m is not None and m.kind is not MentionKind.PRONOUN]
        return named[0] if len(named) == 1 else None

    def _near(self, verb: Token) -> bool:
        """ "almost died", "nearly killed", "half dead"."""
        return any(
            c.dep_ in ("advmod", "npadvmod") and c.lower_ in self.lex.near_adverbs
            for c in verb.children
        )

    def _died(self, pi: int, verb: Token, lemma: str):
        lex = self.lex
        if not self._finite_or_perfect(verb):
            return None
        children = list(verb.children)
        # a particle, not a preposition the parser tagged as one ("drowned off the point")
        particles = {c.lower_ for c in children if c.dep_ == "prt" and not any(c.children)}
        if lemma in lex.death_phrasal:
            # "passed away", with "away" read as a particle or as an adverb
            loose = {c.lower_ for c in children if c.dep_ == "advmod" and c.i == verb.i + 1}
            if not (particles | loose) & lex.death_phrasal[lemma]:
                return None
        elif particles & lex.non_death_particles:
            return None
        if self._near(verb):
            return None
        # "had drowned the spring before": a period the parser took for an object
        dobj = [c for c in children if c.dep_ == "dobj" and not self._period(c)]
        if lemma == "drown" and dobj:
            victim = self._mention(pi, dobj[0])
            return None if victim is None else (victim, "drowned", True, verb)
        if dobj:  # "died a thousand deaths"
            return None
        for child in children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "with"):
                for pobj in child.children:
                    if pobj.lemma_.lower() in lex.figurative_causes:
                        return None
        subj = subject_of(verb)
        if subj is None:
            return None
        mention = self._mention(pi, subj)
        if mention is None:
            return None
        kind = "passed away" if lemma == "pass" else verb.lower_
        return mention, kind, True, verb

    def _period(self, noun: Token) -> bool:
        """ "the spring before", "that night", "that October" (read as "that" with
        "October" under it): a time, not a thing done to."""
        periods = self.lex.dead_time_nouns | self.lex.survived_periods
        if noun.lower_ in ("that", "this") and noun.i + 1 < len(noun.doc):
            noun = noun.doc[noun.i + 1]  # "that October", split by the parser
        return noun.lemma_.lower() in periods or any(
            c.dep_ in ("npadvmod", "compound") and c.lemma_.lower() in periods
            for c in noun.children
        )

    def _died_of(self, pi: int, verb: Token, lemma: str):
        """ "Tom succumbed to his wounds", "Tom was lost at sea": a verb that tells a death
        only with its noun in a prepositional phrase, and no direct object ("lost his hat
        at sea", "succumbed to temptation" are not deaths)."""
        if not self._perfect_or_passive(verb) or self._near(verb):
            return None
        nouns = self.lex.death_verb_preps[lemma]
        children = list(verb.children)
        if any(c.dep_ == "dobj" and not self._period(c) for c in children):
            return None
        objects = [g for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if not any(g.lemma_.lower() in nouns or g.lower_ in nouns for g in objects):
            return None
        subj = subject_of(verb)
        mention = None if subj is None else self._mention(pi, subj)
        return None if mention is None else (mention, verb.lower_, True, verb)

    def _mourned(self, pi: int, verb: Token):
        """ "The household mourned Tom for a year", "she mourned for Tom": the one mourned
        by name has died; told by what the living do, so not an event (like a funeral).
        Not "mourned Tom's absence": the object must be the character."""
        if not self._finite_or_perfect(verb) or self._near(verb):
            return None
        for child in verb.children:
            target = None
            if child.dep_ in ("dobj", "npadvmod") and child.i > verb.i:
                target = child  # ("mourned Sir Leicester": a title sometimes parsed npadvmod)
            elif child.dep_ == "prep" and child.lower_ in ("for", "over"):
                target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is None:
                continue
            mention = self.index.mention_at(pi, target.i)
            if mention is not None and mention.kind is not MentionKind.PRONOUN:
                return mention, "mourned", False, verb
        return None

    def _breathed_last(self, pi: int, verb: Token, lemma: str):
        if not self._finite_or_perfect(verb):
            return None
        objects = self.lex.death_verb_objects[lemma]
        # "breathed his last", also read as "breathed her (dobj) last (advmod)"
        if not any(
            c.dep_ in ("dobj", "advmod", "npadvmod") and c.lower_ in objects and c.i <= verb.i + 2
            for c in verb.children
        ):
            return None
        subj = subject_of(verb)
        mention = None if subj is None else self._mention(pi, subj)
        return None if mention is None else (mention, "breathed his last", True, verb)

    def _killed(self, pi: int, verb: Token, lemma: str):
        if self._near(verb):
            return None
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if passive:
            if verb.tag_ != "VBN":
                return None
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            mention = None if subj is None else self._mention(pi, subj)
        else:
            if not self._finite_or_perfect(verb):
                return None
            dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if dobj is None:
                return None
            mention = self._mention(pi, dobj)
            if lemma == "hang" and mention is not None and dobj.lower_ in ("his", "her"):
                return None
        if mention is None:
            return None
        return mention, verb.lower_, True, verb

    def _buried(self, pi: int, verb: Token):
        """ "They buried Tom", "Tom was buried in the churchyard"; not "buried in a book"."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() not in self.lex.burial_places:
                        return None
        if any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in verb.children):
            return None  # "buried himself in his work"
        found = self._killed(pi, verb, verb.lemma_.lower())
        if found is None:
            return None
        mention, _, event, anchor = found
        return mention, "buried", event, anchor

    def _dead(self, pi: int, tok: Token):
        lex = self.lex
        small = None  # "found him dead": the small clause's own subject
        for child in tok.children:
            if child.is_punct:
                continue
            if child.dep_ in ("advmod", "npadvmod") and child.lower_ in lex.dead_firm_adverbs:
                continue
            if child.dep_ == "nsubj" and tok.dep_ in ("ccomp", "xcomp", "oprd") and small is None:
                small = child
                continue
            if self._dead_where_or_when(child):
                continue
            return None  # "dead to the world", "dead tired", "half dead", "dead of fright"
        if tok.dep_ == "amod":  # "poor dead Tom"
            if tok.head.lemma_.lower() in lex.body_nouns:  # "Tom's dead body"
                mention = self._owner(pi, tok.head)
                return None if mention is None else (mention, "dead body", True, tok)
            mention = self._mention(pi, tok.head)
            if mention is None or mention.kind is MentionKind.PRONOUN:
                return None
            return mention, "dead", True, tok
        if tok.dep_ not in ("acomp", "oprd", "xcomp", "advmod", "dep", "ccomp"):
            return None
        verb = tok.head
        if verb.lemma_.lower() not in lex.dead_verbs or self._near(verb):
            return None
        if any(c.dep_ == "csubj" for c in verb.children):
            return None  # "imagining her child was dead": the clause is its subject
        if any(
            c.dep_ == "prep"
            and any(
                g.dep_ == "pobj"
                and (g.lower_ in lex.dead_not_places or g.lemma_.lower() in lex.dead_not_places)
                for g in c.children
            )
            for c in verb.children
        ):
            return None  # "was dead on his feet", "was dead to the world"
        if verb.tag_ not in FINITE and not self._perfect_or_passive(verb):
            return None
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        target = small if small is not None else dobj if dobj is not None else subject_of(verb)
        mention = None if target is None else self._mention(pi, target)
        if mention is None:
            return None
        return mention, "dead", True, tok

    def _dead_where_or_when(self, child: Token) -> bool:
        """ "dead in his bed", "dead on the floor", "dead the next morning": where or when,
        not an idiom ("dead on his feet", "dead in the water", "dead to the world")."""
        lex = self.lex
        if child.dep_ == "prep" and child.lower_ in lex.dead_place_preps:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            return bool(objects) and not any(
                g.lower_ in lex.dead_not_places or g.lemma_.lower() in lex.dead_not_places
                for g in objects
            )
        if child.dep_ == "npadvmod":
            return child.lemma_.lower() in lex.dead_time_nouns
        return False

    def _owner(self, pi: int, noun: Token) -> Mention | None:
        """The character a noun belongs to: "Tom's funeral", "the funeral of Tom"."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    owner = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    break
        return None if owner is None else self._mention(pi, owner)

    def _death_noun(self, pi: int, noun: Token, lemma: str):
        lex = self.lex
        mention = self._owner(pi, noun)
        if mention is None:
            return None
        not_after = lex.death_nouns_not_after.get(lemma) or lex.death_nouns_not_after.get(
            noun.lower_, frozenset()
        )
        if noun.dep_ == "pobj" and noun.head.lower_ in not_after:
            return None  # "in Tom's wake": behind him, not mourning him
        if lemma in lex.death_nouns_need_time or noun.lower_ in lex.death_nouns_need_time:
            timed = noun.dep_ == "pobj" and noun.head.lower_ in lex.death_time_preps
            if not timed and noun.dep_ not in SUBJECTS and not self._news_of(noun):
                return None
        return mention, noun.lower_, False, noun

    def _news_of(self, noun: Token) -> bool:
        """ "the news of Tom's death": a death the news tells (reported: `_hearsay`)."""
        if noun.dep_ != "pobj" or noun.head.lower_ != "of":
            return False
        carrier = noun.head.head
        news = self.lex.news_nouns
        return carrier.lemma_.lower() in news or carrier.lower_ in news

    def _body(self, pi: int, noun: Token):
        """ "Tom's body was found", "they carried the body of Tom home"; not "Tom's body
        ached" (a living body does things; a dead one has things done to it)."""
        mention = self._owner(pi, noun)
        if mention is None:
            return None
        verb = noun.head
        if self._body_of(noun):  # "stood over the body of Chloe Mercer in the morgue"
            clause = verb.head if noun.dep_ == "pobj" else verb
            if clause.pos_ in ("VERB", "AUX") and self._perfect_or_passive(clause):
                if not self._near(clause) and not any(c.dep_ == "neg" for c in clause.children):
                    return mention, "body", True, noun
        if noun.dep_ not in ("nsubjpass", "dobj") or verb.lemma_.lower() not in self.lex.body_verbs:
            return None
        if self._near(verb) or not self._perfect_or_passive(verb):
            return None
        return mention, "body", True, verb

    @staticmethod
    def _body_of(noun: Token) -> bool:
        """ "the body of Tom" (not "Tom's body", which may ache): a corpse, as the object of
        a verb or a preposition - over, beside, by, near, at, with, to - not a subject."""
        if noun.dep_ not in ("pobj", "dobj"):
            return False
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return False
        if noun.dep_ == "pobj" and noun.head.lower_ not in (
            "over",
            "beside",
            "by",
            "near",
            "at",
            "with",
            "to",
            "on",
            "from",
            "next",
        ):
            return False
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)

    def _mortally_wounded(self, pi: int, verb: Token):
        """ "Tom was mortally wounded", "the shot fatally injured Tom"."""
        adverbs = {c.lower_ for c in verb.children if c.dep_ == "advmod"}
        if not adverbs & self.lex.mortal_adverbs or adverbs & self.lex.past_adverbs:
            return None  # "he was always hit mortally, or he was missed": a way of being
        found = self._killed(pi, verb, verb.lemma_.lower())
        if found is None:
            return None
        return found[0], "mortally wounded", True, verb

    def _mortal_wound(self, pi: int, noun: Token):
        """ "Tom's mortal wound", "Tom received a mortal wound", "gave Tom a fatal blow"."""
        lex = self.lex
        if not any(c.dep_ == "amod" and c.lower_ in lex.mortal_adjectives for c in noun.children):
            return None
        mention = self._owner(pi, noun)
        verb = noun.head
        if mention is None and noun.dep_ == "dobj" and self._finite_or_perfect(verb):
            if verb.lemma_.lower() in lex.wound_receiving_verbs:
                subj = subject_of(verb)
                mention = None if subj is None else self._mention(pi, subj)
            else:  # "gave Tom a mortal wound"
                dative = next((c for c in verb.children if c.dep_ == "dative"), None)
                mention = None if dative is None else self._mention(pi, dative)
        return None if mention is None else (mention, "mortal wound", True, noun)

    def _not_survived(self, pi: int, verb: Token, lemma: str):
        """ "Tom did not live to see the summer", "never lived long", "did not survive the
        night": a death told by what the character did not live through."""
        lex = self.lex
        if not any(c.dep_ == "neg" for c in verb.children):
            return None
        if not (self._finite_or_perfect(verb) or self._done(verb)):
            return None
        children = list(verb.children)
        if lemma == "survive":  # "the night" read as an adverbial noun: a period survived
            told = any(c.dep_ == "dobj" and c.lemma_.lower() not in lex.figurative_causes
                       or c.dep_ == "npadvmod" and c.lemma_.lower() in lex.survived_periods
                       for c in children)  # fmt: skip
        else:
            near = children + [g for c in children if c.dep_ == "advmod" for g in c.children]
            told = any(
                c.dep_ in ("xcomp", "advcl")
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                or c.dep_ in ("advmod", "prep")
                and c.lower_ in lex.not_live_adverbs
                for c in near
            )
        subj = subject_of(verb) if told else None
        mention = None if subj is None else self._mention(pi, subj)
        if mention is None:
            return None
        return mention, "did not live" if lemma == "live" else "did not survive", True, verb

    def _never_woke(self, pi: int, verb: Token, lemma: str):
        """ "He never woke up", "she never woke again", "did not wake again", "never woke
        from the coma": a death told by the waking that never came; not "never woke up
        before noon" or "never woke when the children cried" (a habit)."""
        lex = self.lex
        if not (self._finite_or_perfect(verb) or self._done(verb)):
            return None
        children = list(verb.children)
        negs = {c.lower_ for c in children if c.dep_ == "neg"}
        words = {c.lower_ for c in children if c.dep_ in ("prt", "advmod")}
        if not words & lex.never_waking[lemma]:
            return None
        if "never" not in negs and not (negs and "again" in words):
            return None
        for c in children:
            if c.dep_ in ("nsubj", "neg", "aux", "punct", "cc", "conj"):
                continue
            if c.dep_ in ("prt", "advmod") and c.lower_ in lex.never_waking[lemma]:
                continue
            if (
                c.dep_ == "prep"
                and c.lower_ == "from"
                and any(g.lemma_.lower() in lex.never_waking_from for g in c.children)
            ):
                continue
            return None  # "never woke up before noon", "never woke when it thundered"
        subj = subject_of(verb)
        mention = None if subj is None else self._mention(pi, subj)
        return None if mention is None else (mention, "never woke", True, verb)

    @staticmethod
    def _done(verb: Token) -> bool:
        """ "did not live": a bare verb with a finite do."""
        return verb.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ in FINITE for c in verb.children
        )

    def _late(self, pi: int, adj: Token):
        """ "the late Mr. Bell": a name, with the article, never "his late hour"."""
        head = adj.head
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        mention = self._mention(pi, head)
        if mention is None or mention.kind is MentionKind.PRONOUN:
            return None
        return mention, f"the {adj.lower_}", False, adj

    # --- tense ---------------------------------------------------------------------

    @staticmethod
    def _finite_or_perfect(verb: Token) -> bool:
        """ "died", "dies", "had died": an event, not "dying", "to die" or "would die"."""
        if verb.tag_ in FINITE:
            return True
        return verb.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children
        )

    @classmethod
    def _perfect_or_passive(cls, verb: Token) -> bool:
        return cls._finite_or_perfect(verb) or (
            verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)
        )


# --- after the death ---------------------------------------------------------------
