"""Reading presence events and fixture positions out of parsed paragraphs.

Why it is built this way: precision first. A verb only becomes an event when
its subject resolves to a character, it is outside quotation marks, and its
clause is an affirmed narrated fact (`affirmed`): not negated, not modal, not
the complement of a wish or a plan ("wanted to leave", "turned to go"), not a
"before he left" clause whose event comes later than its sentence. Verbs we do
not understand are simply skipped; movements we only half understand become
MOVE, which makes rules stop reasoning about that character.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.places.presence import (
    COMPANY,
    NARRATOR,
    EventKind,
    FixtureStatement,
    PlaceMention,
    PresenceEvent,
    Segment,
)
from storylint.nlp.grammar import subject_of
from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storylint.families.places.lexicon import PlacesLexicon
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex

FINITE = frozenset({"VBD", "VBZ", "VBP"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
EMBEDDED = frozenset({"xcomp", "ccomp", "csubj", "advcl", "acl", "pcomp"})
SPATIAL_PREPS = frozenset(
    {"in", "into", "at", "to", "from", "through", "across", "inside", "outside", "toward",
     "towards", "onto", "on", "out", "of", "near", "by", "beside"}
)  # fmt: skip
SPEECH = frozenset({"say", "ask", "reply", "answer", "whisper", "murmur", "mutter", "exclaim"})
# Ways a person is moved along ("swept me into the nursery", "hurried him out").
# the `evidence` of a leave told by a door closing behind the one who leaves
DOOR_BEHIND = "door-behind"
# the `evidence` of a leave told as a state ("Tom was gone")
GONE = "gone"
PERFECT = "perfect"  # "had already left for London": a leave whose state is the scene's now
CARRY_WAYS = frozenset({"into", "out", "up", "down", "through", "across", "along", "away", "off"})


def _quote_mask(model: StoryModel, parsed_index: int, doc: Doc) -> list[bool]:
    """Tokens inside quotation marks, from the quotes stage."""
    quotes = model.get(QUOTES)
    return [quotes.in_quote(parsed_index, i) for i in range(len(doc))]


def _narrated(model: StoryModel, parsed_index: int, token: Token) -> bool:
    try:
        from storylint.nlp.modes import is_narrated_fact
    except ImportError:  # pragma: no cover - modes is a core module
        return True
    return is_narrated_fact(model, parsed_index, token)


class Extractor:
    """Turns one paragraph at a time into events on its segment."""

    def __init__(self, model: StoryModel, characters: CharacterIndex, lex: PlacesLexicon):
        self.model = model
        self.characters = characters
        self.lex = lex
        self.interesting = lex.interesting_lemmas
        self.mentions: dict[int, list] = {}
        for character in characters.characters:
            for mention in character.mentions:
                self.mentions.setdefault(mention.parsed_index, []).append(mention)
        # one-word names of exactly one character, for a name the mention stage missed
        # ("Becca snorted", where the small parser tags "Becca" a common noun)
        owners: dict[str, set[int]] = {}
        for character in characters.characters:
            for alias in {character.name, *character.aliases}:
                if alias and " " not in alias and alias[:1].isupper():
                    owners.setdefault(alias, set()).add(character.id)
        self.single_names = {a: next(iter(ids)) for a, ids in owners.items() if len(ids) == 1}
        # unnamed people ("the policeman", "the old woman") and the verbs that show them here
        from storylint.people.pronouns import _lexicon as pronoun_words
        from storylint.people.speakers import speech_verbs

        words = pronoun_words()
        self.person_nouns = words["person_nouns"] | words["male_nouns"] | words["female_nouns"]
        self.speech_verbs = speech_verbs()
        self.unnamed_verbs = lex.presence_verbs | self.speech_verbs

    # --- who ------------------------------------------------------------------

    def who(self, pi: int, tok: Token) -> tuple[int, bool, bool] | None:
        """(character id, by pronoun, by body part) for a subject or object token."""
        mention = self.characters.mention_at(pi, tok.i)
        if mention is not None:
            return mention.character_id, mention.kind == "pronoun", False
        if tok.dep_ in SUBJECTS | {"compound"} and tok.text in self.single_names:
            return self.single_names[tok.text], False, False  # a name the mentions missed
        if tok.lemma_.lower() in self.lex.body_nouns or tok.lower_ in self.lex.body_nouns:
            for child in tok.children:
                if child.dep_ == "poss":
                    owner = self.characters.mention_at(pi, child.i)
                    if owner is not None:
                        return owner.character_id, owner.kind == "pronoun", True
        return None

    @staticmethod
    def subject(verb: Token) -> Token | None:
        """The subject of a verb, or of the verb it is conjoined to; when the parser has put
        a list of acts under a middle verb without a subject ("He balled up the paper, said
        see you, and headed home"; "Harriet yawned, said goodnight, and went to bed", where
        "goodnight" is read as the subject), the subject of the first act in the list."""
        subj = subject_of(verb)
        if subj is not None and not (
            subj.i > subj.head.i and subj.tag_ not in ("NNP", "NNPS", "PRP")
        ):
            return subj
        top = verb
        for _ in range(4):
            if top.dep_ != "conj" or top.head.i == top.i:
                break
            top = top.head
        if (
            subj is None
            and top.i != verb.i
            and top.dep_ == "xcomp"
            and verb.tag_ in FINITE
            and not any(c.dep_ == "aux" for c in top.children)
        ):  # "said see you, and headed home": the finite verb goes with "said"
            return Extractor.subject(top.head)
        for child in top.children:
            if child.dep_ in ("parataxis", "ccomp") and child.i < top.i:
                if child.pos_ in ("VERB", "AUX") and not child.tag_.startswith("VBG"):
                    if any(c.dep_ == "aux" for c in child.children):
                        continue  # "Jones had no sooner quitted the room, than X asked"
                    first = subject_of(child)
                    if first is not None:
                        return first
        return subj

    # --- is it a fact? --------------------------------------------------------

    def affirmed(self, pi: int, verb: Token) -> bool:
        lex = self.lex
        if (
            not _finite(verb)
            and not self._factive_complement(verb)
            and not self._gone(verb)
            and not self._perfect_leave(verb)
        ):
            return False
        if not _narrated(self.model, pi, verb):
            return False
        if (
            verb.dep_ == "conj"
            and not any(c.dep_ in ("aux", "auxpass", *SUBJECTS) for c in verb.children)
            and any(
                c.dep_ == "aux" and (c.lemma_ == "have" and c.tag_ == "VBD" or c.lower_ == "'d")
                for c in verb.head.children
            )
        ):
            return False  # "had already locked the door and vacated the parlor": before the scene
        quotes = self.model.get(QUOTES)
        node = verb
        for _ in range(8):
            if (
                node.dep_ == "conj"
                and node.tag_ in FINITE
                and node.head.dep_ == "xcomp"
                and node.head.tag_ == "VB"
                and not any(c.dep_ == "aux" for c in node.head.children)
            ):  # "said see you, and headed home": "headed" goes with "said", not "see"
                node = node.head.head
                continue
            for child in node.children:
                if child.dep_ == "neg":
                    return False
                if child.dep_ in ("aux", "auxpass") and child.lower_ in lex.modal_words:
                    return False
                if child.dep_ == "mark" and child.lower_ in lex.non_fact_marks:
                    return False
            if node.dep_ in EMBEDDED and node.head.lemma_.lower() in lex.non_fact_heads:
                if not (node.i == verb.i and self._factive_complement(verb)):
                    return False
            if node.head.i == node.i or node.dep_ not in EMBEDDED | {"conj"}:
                break
            if quotes is not None and quotes.in_quote(pi, node.head.i):
                break  # '"...she can bring you nothing," continued Warwick': not the quote's
            node = node.head
        sent = verb.sent
        last = sent[-1] if sent[-1].is_punct else None
        return not (last is not None and last.text == "?")

    def _gone(self, verb: Token) -> bool:
        """ "was gone", "is gone": the state after leaving, with a finite "be" (not "had
        gone", "had been gone": the past perfect is before the scene)."""
        if verb.dep_ in ("advcl", "relcl", "acl") or any(c.dep_ == "mark" for c in verb.children):
            return False  # "after Jo was gone": background to another clause, not an event
        if verb.lemma_.lower() == "be" and verb.tag_ in FINITE:
            # "Tom was gone": the small parser's other reading, "gone" a complement of "was"
            return any(
                c.dep_ == "acomp" and c.lower_ in self.lex.gone_forms and not list(c.children)
                for c in verb.children
            )
        if verb.lower_ not in self.lex.gone_forms:
            return False
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return len(auxes) == 1 and auxes[0].lemma_.lower() == "be" and auxes[0].tag_ in FINITE

    def _perfect_leave(self, verb: Token) -> bool:
        """ "had already left for London", "had just gone out": a past perfect is before the
        scene, unless an adverb of `perfect_leave_adverbs` keeps its state in the scene's now.
        Only a main clause of a verb that may leave (classify keeps only leaves of it)."""
        lex = self.lex
        if verb.tag_ != "VBN" or verb.dep_ not in ("ROOT", "conj"):
            return False
        if any(c.dep_ == "mark" for c in verb.children):
            return False  # "after he had just left": background to another clause
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if len(auxes) != 1 or not (auxes[0].lower_ in ("had", "'d") and auxes[0].tag_ == "VBD"):
            return False
        if not any(
            c.dep_ == "advmod" and c.lower_ in lex.perfect_leave_adverbs for c in verb.children
        ):
            return False
        lemma = verb.lemma_.lower()
        return (
            lemma in lex.leave_verbs
            or lemma in lex.travel_verbs
            or lemma in lex.quiet_leave_verbs
            or lemma in lex.leave_phrasals
            or lemma in lex.vehicle_take_verbs
        )

    def _phrasal_leave(self, verb: Token, lemma: str, parts: set[str], dobjs) -> bool:
        """ "set off for the village", "set out for home", "made off": a phrasal verb of
        `leave_phrasals` with its particle, no object ("set out the cups") and no purpose
        ("set out to prove him wrong")."""
        needed = self.lex.leave_phrasals.get(lemma)
        if not needed or not parts & needed or dobjs:
            return False
        return not any(
            c.dep_ in ("xcomp", "ccomp") and any(g.lower_ == "to" for g in c.children)
            for c in verb.children
        )

    def _takes_vehicle(self, lemma: str, dobjs) -> bool:
        """ "took the next train back to town", "caught the coach", "boarded the steamer"."""
        vehicles = self.lex.vehicle_objects
        return lemma in self.lex.vehicle_take_verbs and any(
            o.lemma_.lower() in vehicles
            or o.lower_ == "home"  # "took a cab home", "cab" read as a compound of "home"
            and any(c.dep_ == "compound" and c.lemma_.lower() in vehicles for c in o.children)
            for o in dobjs
        )

    def _off_to(self, verb: Token) -> bool:
        """ "Tom was off to London by noon", "was away to the village": "be" with "off" or
        "away" and where to - gone, told as a state (not "the milk was off")."""
        if verb.lemma_.lower() != "be" or verb.tag_ not in FINITE:
            return False
        for adv in verb.children:
            if adv.dep_ in ("advmod", "prt") and adv.lower_ in ("off", "away"):
                preps = [c for c in (*adv.children, *verb.children) if c.dep_ == "prep"]
                return any(c.lower_ in ("to", "for") and c.i > adv.i for c in preps)
        return False

    def _goes_up_to_do(self, verb: Token, lemma: str, parts: set[str]) -> bool:
        """ "went up to change", "ran down to see about dinner": up or down the house, for a
        purpose told by a bare infinitive (not "went up to him", a person approached)."""
        if lemma not in self.lex.travel_verbs or not parts & (
            self.lex.up_words | self.lex.down_words
        ):
            return False
        return any(
            c.dep_ in ("advcl", "xcomp")
            and c.tag_ == "VB"
            and c.lemma_.lower() not in self.speech_verbs  # "ran up to say": to someone here
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for c in verb.children
        )

    def _arrival(self, verb: Token, lemma: str) -> bool:
        """ "returned", "came back", "came in": a way into the scene."""
        if lemma in self.lex.arrive_verbs:
            return True
        parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")}
        return lemma == "come" and bool(parts & self.lex.arrive_particles)

    def _door_behind(
        self, pi: int, verb: Token, lemma: str, subj: Token, remote: bool
    ) -> PresenceEvent | None:
        """ "the door closed behind him", "the gate clanged shut behind her": the door a
        character went through, on the way out; not when they come in ("came in, and the
        door shut behind her")."""
        lex = self.lex
        if remote or lemma not in lex.pass_through_verbs:
            return None
        if subj.lemma_.lower() not in lex.fixture_nouns or not self.affirmed(pi, verb):
            return None
        prep = next(
            (c for c in verb.children if c.dep_ in ("prep", "advmod") and c.lower_ == "behind"),
            None,
        )
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep else None
        if pobj is None:
            return None
        doer = self.who(pi, pobj)
        if doer is None or doer[2]:
            return None
        for tok in verb.sent:
            low = tok.lemma_.lower()
            if tok.pos_ == "VERB" and (
                low in lex.arrive_verbs
                or low == "come"
                and any(c.lower_ in lex.arrive_particles for c in tok.children)
            ):
                return None  # "came in, and the door shut behind her": the way in
        parsed = self.model.parsed[pi]
        lo, hi = min(subj.left_edge.i, verb.i), pobj.i
        return PresenceEvent(
            EventKind.LEAVE, doer[0], pi, verb.i, verb.sent.start,
            parsed.offset + parsed.doc[lo].idx,
            parsed.offset + parsed.doc[hi].idx + len(parsed.doc[hi].text),
            lemma=lemma, by_pronoun=doer[1], evidence=DOOR_BEHIND,
        )  # fmt: skip

    def _factive_complement(self, verb: Token) -> bool:
        """Bare verbs that did happen: "let him lead her away", "watched him go"."""
        return (
            verb.tag_ == "VB"
            and verb.dep_ in ("ccomp", "xcomp")
            and verb.head.lemma_.lower() in self.lex.factive_heads
            and verb.head.tag_ in FINITE
            and not any(c.dep_ == "aux" for c in verb.children)
        )

    # --- the paragraph ----------------------------------------------------------

    def _remote(self, doc: Doc, in_quote: list[bool]) -> bool:
        """Is the paragraph a call, a letter, a broadcast or a memory (`remote_markers` in
        its narration; talk of a letter is no letter)? A document noun (`remote_document_nouns`:
        letter, note) counts only where it frames the paragraph: read, written, received
        (`remote_document_verbs`), or what is "in" it - not a letter folded, held or lying on
        the table, which is a thing in the room."""
        lex = self.lex
        for tok in doc:
            if in_quote[tok.i] or tok.lower_ not in lex.remote_markers:
                continue
            if tok.lower_ in lex.remote_document_nouns and tok.pos_ in ("NOUN", "PROPN"):
                if not self._document_frames(tok):
                    continue
            return True
        return False

    def _document_frames(self, noun: Token) -> bool:
        """ "read the letter", "the letter said", "a note he had written", "in her letter"."""
        lex = self.lex
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head  # "the letter and the note": as the first of the list
        head = noun.head
        if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "ROOT"):
            if noun.dep_ == "ROOT" or head.lemma_.lower() in lex.remote_document_verbs:
                return True
        if noun.dep_ == "pobj" and head.lower_ in lex.remote_document_preps:
            return True
        if noun.dep_ == "pobj" and head.head.lemma_.lower() in lex.remote_document_verbs:
            return True  # "looked through the letter", "wrote to him in a note"
        return any(
            c.dep_ in ("relcl", "acl") and c.lemma_.lower() in lex.remote_document_verbs
            for c in noun.children
        )  # "the letter she had received", "a note written in pencil"

    def paragraph(self, pi: int, segment: Segment) -> None:
        parsed = self.model.parsed[pi]
        doc = parsed.doc
        in_quote = _quote_mask(self.model, pi, doc)
        remote = self._remote(doc, in_quote)
        claimed: set[int] = set()  # mention tokens used as the doer of an event
        events: list[PresenceEvent] = []
        for tok in doc:
            if in_quote[tok.i]:
                continue
            if tok.pos_ == "PRON" and tok.lower_ in ("i", "we") and tok.dep_ == "nsubj":
                segment.first_person = True
            if tok.pos_ not in ("VERB", "AUX"):
                noun_act = self._noun_read_verb(pi, tok, remote)
                if noun_act is not None:
                    claimed.add(noun_act[0])
                    events.append(noun_act[1])
                noun_leave = self._noun_read_leave(pi, tok, remote)
                if noun_leave is not None:
                    events.append(noun_leave)
                continue
            lemma = self.lex.past_forms.get(tok.lower_) or tok.lemma_.lower()  # "stared"
            if tok.pos_ == "AUX" and lemma not in self.interesting:
                continue
            subj = self.subject(tok)
            if subj is not None and in_quote[subj.i]:
                # '"Well, I never," Beth said': the parser took the quote's "I" for the
                # subject of the tag; the tag's own subject is outside the quote
                subj = next(
                    (c for c in tok.children if c.dep_ in SUBJECTS and not in_quote[c.i]), None
                )
            if subj is None:
                subj = self._inverted_tag_subject(tok, lemma, in_quote)
            if subj is None:
                continue
            if subj.lower_ == "they" and self._arrival(tok, lemma) and self.affirmed(pi, tok):
                segment.group_returns.append((pi, tok.i))  # "they returned": any of them
            door = self._door_behind(pi, tok, lemma, subj, remote)
            if door is not None:
                events.append(door)  # "the door closed behind him": he went out through it
                continue
            if self._narrator_goes(pi, tok, lemma, subj, remote):
                segment.narrator_moves.append((pi, tok.i))
                continue
            if self._narrator_here(pi, tok, lemma, subj, remote):
                segment.narrator.append((pi, tok.i))
                continue
            doers = [(s, self.who(pi, s)) for s in (subj, *subj.conjuncts)]
            if any(d is None and self._unknown_name(pi, s) for s, d in doers):
                if self._unnamed_here(pi, tok, lemma, subj, remote, any_subject=True):
                    segment.unnamed.append((pi, tok.i))  # "Noor flapped at them"
            doers = [(s, d) for s, d in doers if d is not None]
            if not doers and self._unnamed_here(pi, tok, lemma, subj, remote):
                segment.unnamed.append((pi, tok.i))
                continue
            if not doers or not self.affirmed(pi, tok):
                continue
            for who_tok, doer in doers:
                made = self.classify(pi, tok, lemma, who_tok, doer, remote)
                if made:
                    claimed.add(who_tok.i)
                    events.extend(made)
        events = [e for e in events if not _told_twice(e, events)]
        self._quoted_speech(pi, events)
        for mention in self.mentions.get(pi, ()):
            if any(mention.token_start <= i < mention.token_end for i in claimed):
                continue  # "Tom Hale left": the doer is "Hale", the mention "Tom Hale"
            start_tok = doc[mention.token_start]
            events.append(
                PresenceEvent(
                    EventKind.MENTION, mention.character_id, pi, mention.token_start,
                    start_tok.sent.start, mention.start, mention.end,
                    by_pronoun=mention.kind == "pronoun",
                    quoted=in_quote[mention.token_start],
                    possessive=doc[mention.token_end - 1].dep_ == "poss",
                    subject=doc[mention.token_end - 1].dep_ in SUBJECTS
                    and not doc[mention.token_end - 1].lower_.endswith(("self", "selves")),
                )
            )  # fmt: skip
        for event in events:
            event.segment = segment.index
        events.sort(key=lambda e: e.order)
        segment.events.extend(events)
        for fixture in self.fixtures(pi, doc, in_quote):
            fixture.segment = segment.index
            segment.fixtures.append(fixture)
        for place in self.places(pi, doc, in_quote):
            place.segment = segment.index
            segment.places.append(place)

    def _tag_after_quote(self, pi: int, verb: Token, subj: Token) -> bool:
        """Is the verb a speech tag right after its quote: '"...," returned Warwick' or
        '"...," Warwick returned'?"""
        quotes = self.model.get(QUOTES)
        if quotes is None:
            return False
        first = min(verb.i, subj.i)
        if abs(verb.i - subj.i) != 1 and not (verb.i < subj.i and subj.i - verb.i <= 3):
            return False
        if first == 0:
            return False
        prev = verb.doc[first - 1]
        return prev.is_quote or quotes.in_quote(pi, prev.i)

    def _inverted_tag_subject(self, verb: Token, lemma: str, in_quote: list[bool]):
        """The speaker of a speech tag told after its quote with the verb first ('"...,"
        continued Warwick', '"...," replied the young man'), which the parser reads as the
        verb's object or attribute."""
        if lemma not in self.speech_verbs or verb.tag_ not in FINITE or verb.i == 0:
            return None
        prev = verb.doc[verb.i - 1]
        if not (in_quote[prev.i] or prev.is_quote):
            return None  # the verb right after the quote ("," inside it or the closing mark)
        return next(
            (
                c
                for c in verb.children
                if c.dep_ in ("attr", "dobj", "npadvmod", "oprd")
                and 0 < c.i - verb.i <= 4
                and c.tag_ in ("NNP", "NN")
                and not in_quote[c.i]
            ),
            None,
        )

    def _noun_read_verb(self, pi: int, tok: Token, remote: bool):
        """ "Zoe laughs, not unkindly": the small parser reads a name and a present-tense
        verb as a compound plural noun. A presence verb's plural noun headed by a
        character's name, with no article, in narration, is the act it reads as. So is a
        past tense the parser does not know (`past_forms`: "Clara leant forward")."""
        past = self.lex.past_forms.get(tok.lower_)
        lemma = past or tok.lemma_.lower()
        if remote or tok.dep_ not in ("ROOT", "nsubj"):
            return None
        plural = tok.tag_ == "NNS" and tok.lower_.endswith("s")
        if past is None and not (plural and lemma in self.lex.presence_verbs):
            return None
        kids = list(tok.children)
        if any(c.dep_ in ("det", "poss", "amod", "nummod") and c.i < tok.i for c in kids):
            return None
        name = next((c for c in kids if c.dep_ == "compound" and c.i == tok.i - 1), None)
        if name is None or any(c.dep_ == "neg" for c in kids):
            return None
        mention = self.characters.mention_at(pi, name.i)
        cid = mention.character_id if mention is not None else self.single_names.get(name.text)
        if cid is None or (mention is not None and mention.kind == "pronoun"):
            return None
        if not _narrated(self.model, pi, tok):
            return None
        parsed = self.model.parsed[pi]
        lo = name.i if mention is None else mention.token_start
        start = parsed.offset + parsed.doc[lo].idx
        end = parsed.offset + tok.idx + len(tok.text)
        event = PresenceEvent(
            EventKind.ACT, cid, pi, tok.i, tok.sent.start, start, end, lemma=lemma
        )
        return name.i, event

    def _noun_read_leave(self, pi: int, tok: Token, remote: bool) -> PresenceEvent | None:
        """ "snatches up his bag and storms out": the small parser reads the second
        present-tense verb as a plural noun joined to the first verb's object. A bare plural
        of a travel or leave verb with a particle of `leave_particles` ("storms out", "rushes
        off"), conjoined to a present-tense verb or to its object, is that verb's subject
        leaving; the first verb's own checks (a fact, narrated) stand for it."""
        lex = self.lex
        if remote or tok.tag_ != "NNS" or tok.dep_ != "conj" or not tok.lower_.endswith("s"):
            return None
        lemma = "leave" if tok.lower_ == "leaves" else tok.lemma_.lower()  # not "leaf"
        if lemma not in lex.travel_verbs | lex.leave_verbs:
            return None
        kids = list(tok.children)
        if not any(c.dep_ == "prt" and c.lower_ in lex.leave_particles for c in kids):
            if not (lemma in lex.leave_verbs and self._ends_own_thing(tok)):
                return None
        if any(c.dep_ in ("det", "poss", "amod", "nummod", "compound") for c in kids):
            return None
        verb = tok.head if tok.head.dep_ != "dobj" else tok.head.head  # of the verb or object
        if verb.pos_ != "VERB" or verb.tag_ != "VBZ":
            return None
        subj = self.subject(verb)
        if subj is None:
            return None
        doer = self.who(pi, subj)
        if doer is None or doer[2] or not self.affirmed(pi, verb):
            return None
        if not _narrated(self.model, pi, tok):
            return None
        parsed = self.model.parsed[pi]
        start = parsed.offset + parsed.doc[min(subj.i, verb.i)].idx
        last = max([tok.i, *(c.i for c in kids if c.dep_ == "prt")])  # "storms out"
        end = parsed.offset + parsed.doc[last].idx + len(parsed.doc[last].text)
        return PresenceEvent(
            EventKind.LEAVE, doer[0], pi, tok.i, tok.sent.start, start, end,
            lemma=lemma, by_pronoun=doer[1],
        )  # fmt: skip

    @staticmethod
    def _ends_own_thing(tok: Token) -> bool:
        """ "grabs her coat and leaves.": a bare "leaves", "departs" closing the sentence
        after one thing of one's own (a singular object with a possessive); "sweeps the
        twigs and leaves" is foliage."""
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.text not in (".", "!", ";"):
            return False
        obj = tok.head
        return (
            obj.dep_ == "dobj"
            and obj.tag_ == "NN"
            and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in obj.children)
        )

    def _unknown_name(self, pi: int, tok: Token) -> bool:
        """A name the character model does not know ("Noor", "Ffion", said once or twice):
        a proper noun, capitalised, no place, no character's mention."""
        return (
            tok.tag_ == "NNP"
            and tok.text[:1].isupper()
            and tok.ent_type_ not in self.lex.place_entity_labels
            and tok.lower_ not in self.person_nouns
            and self.characters.mention_at(pi, tok.i) is None
            and not any(c.dep_ in ("det", "poss") for c in tok.children)
        )

    def _unnamed_here(
        self, pi: int, verb: Token, lemma: str, subj: Token, remote: bool, any_subject=False
    ) -> bool:
        """An unnamed person acting or speaking here ("pursued the policeman", "the old
        woman nodded"; with `any_subject`, a name the character model does not know,
        "Noor flapped at them"): someone in the room, though the character model names
        nobody."""
        if any_subject:
            return not remote and lemma in self.unnamed_verbs and self.affirmed(pi, verb)
        return (
            not remote
            and lemma in self.unnamed_verbs
            and subj.lemma_.lower() in self.person_nouns
            and subj.tag_ == "NN"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
            and self.characters.mention_at(pi, subj.i) is None
            and self.affirmed(pi, verb)
        )

    def _narrator_goes(self, pi: int, verb: Token, lemma: str, subj: Token, remote: bool) -> bool:
        """A first-person narrator going somewhere ("I followed her into the kitchen", "we
        went down to dinner", "I drew near and knocked" is not: no way is named)."""
        lex = self.lex
        ways = lex.travel_verbs | lex.leave_verbs | lex.quiet_leave_verbs | lex.arrive_verbs
        ways = ways | lex.follow_verbs | lex.climb_verbs | lex.descend_verbs | {"come", "go"}
        if subj.lower_ not in ("i", "we") or remote or lemma not in ways:
            return False
        dobjs = [c for c in verb.children if c.dep_ == "dobj"]
        if dobjs and not self._moves_subject(pi, lemma, dobjs):
            return False
        parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")}
        if self._posture(lemma, parts, self._preps(verb)):
            return False
        return self.affirmed(pi, verb)

    def _narrator_here(self, pi: int, verb: Token, lemma: str, subj: Token, remote: bool) -> bool:
        """A first-person narrator doing something in the scene ("I asked", "we sat"): the
        narrator is one of those who stay when a character leaves."""
        return (
            subj.lower_ in ("i", "we")
            and lemma in self.lex.presence_verbs
            and lemma not in self.lex.narrator_aside_verbs
            and not remote
            and self.affirmed(pi, verb)
        )

    def _quoted_speech(self, pi: int, events: list[PresenceEvent]) -> None:
        quotes = self.model.get(QUOTES)
        if quotes is None or not hasattr(quotes, "in_paragraph"):
            return
        doc = self.model.parsed[pi].doc
        for quote in quotes.in_paragraph(pi):
            speaker = getattr(quote, "speaker_id", None)
            if speaker is None or quote.token_start >= len(doc):
                continue
            events.append(
                PresenceEvent(
                    EventKind.SPEAK, speaker, pi, quote.token_start,
                    doc[quote.token_start].sent.start, quote.start, quote.end,
                    evidence=getattr(quote, "evidence", None),
                )
            )  # fmt: skip

    # --- what kind of event ---------------------------------------------------

    def classify(
        self, pi: int, verb: Token, lemma: str, subj: Token, doer, remote: bool
    ) -> list[PresenceEvent]:
        """The events a verb whose subject is a character tells; a past perfect let through
        by `_perfect_leave` tells only a leave ("had already left for London", "had just gone";
        anything else it tells happened before the scene)."""
        made = self._classify(pi, verb, lemma, subj, doer, remote)
        if self._progressive(verb) or self._errand(verb):
            for e in made:  # "She was marching out", "went off to fetch the wine"
                if e.kind in (EventKind.LEAVE, EventKind.AREA):
                    e.kind = EventKind.MOVE
        if not (verb.tag_ == "VBN" and self._perfect_leave(verb)) or _finite(verb):
            return made
        for e in made:
            if e.kind is EventKind.MOVE and lemma == "go" and not self._preps(verb):
                e.kind = EventKind.LEAVE  # "Tom had already gone"
        kept = [e for e in made if e.kind in (EventKind.LEAVE, EventKind.AREA)]
        for e in kept:
            e.evidence = PERFECT
        return kept

    @staticmethod
    def _progressive(verb: Token) -> bool:
        """ "She was marching out", "George was leaving the room": a way out begun, not done
        ("'What name?' he called after her. ... She stood at the door")."""
        return verb.tag_ == "VBG" and any(
            c.dep_ == "aux" and c.lemma_.lower() == "be" for c in verb.children
        )

    def _errand(self, verb: Token) -> bool:
        """ "Jellyband went off to fetch the wine", "departed to recover the lost property":
        gone for something (`errand_verbs`) and expected back with it."""
        return any(
            c.dep_ in ("advcl", "xcomp")
            and c.lemma_.lower() in self.lex.errand_verbs
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in verb.children
        )

    def _classify(
        self, pi: int, verb: Token, lemma: str, subj: Token, doer, remote: bool
    ) -> list[PresenceEvent]:
        lex = self.lex
        cid, by_pronoun, body = doer
        passive = subj.dep_ == "nsubjpass"
        parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "npadvmod")}
        preps = self._preps(verb)
        dobjs = [c for c in verb.children if c.dep_ == "dobj"]
        nested = {g.lower_ for c in verb.children if c.dep_ == "advmod" for g in c.children}
        back = bool((parts | nested) & lex.return_particles)  # "went back inside" either way
        area = self._area(lemma, parts, preps, dobjs)
        span = self._span(pi, verb, subj)

        def event(kind: EventKind, who: int = cid, **kw) -> PresenceEvent:
            kw.setdefault("lemma", lemma)
            return PresenceEvent(
                kind, who, pi, verb.i, verb.sent.start, *span,
                by_pronoun=by_pronoun, body_part=body, **kw,
            )  # fmt: skip

        if body:  # "her eyes went to the door", "his hand dropped": presence only
            if lemma in lex.presence_verbs or lemma in lex.motion_verbs:
                return [] if remote else [event(EventKind.ACT)]
            return []
        late_preps = [c for c in verb.children if c.dep_ == "prep" and c.i > verb.i]
        if self._gone(verb) and not remote and not late_preps and not by_pronoun:
            # ("By the time the tea came, Tom was gone": a phrase before the verb sets the time)
            gone = event(EventKind.LEAVE, evidence=GONE)  # "A moment later Tom was gone"
            for c in verb.children:
                if c.dep_ == "acomp":  # "Tom was gone": quote the whole state
                    gone.end = max(gone.end, self.model.parsed[pi].offset + c.idx + len(c.text))
            return [gone]
        if lemma in self.speech_verbs and lemma in lex.motion_verbs | lex.arrive_verbs:
            if not preps and self._tag_after_quote(pi, verb, subj):
                # '"It makes me glad," returned Warwick': a speech tag, not a way back in
                return [] if remote else [event(EventKind.ACT)]
        near = [*verb.children] + [  # "let herself out": "herself" may hang from "out"
            g for c in verb.children if c.dep_ in ("prt", "advmod") for g in c.children
        ]
        selves = [  # "saw himself out"; "let herself out", "herself" read as a subject
            c
            for c in near
            if c.dep_ in ("dobj", "nsubj", "dative") and c.i > verb.i and c.tag_ == "PRP"
        ]
        if (
            lemma in lex.reflexive_leave_verbs
            and selves
            and all(o.lower_.endswith(("self", "selves")) for o in selves)
            and all(o.lower_.endswith(("self", "selves")) for o in dobjs)
            and (parts & lex.leave_particles or any(p == "out" for p, _ in preps))
        ):  # "saw himself out", "let herself out of the house"
            local = self._local_destination(verb)  # "took himself away to the other end of"
            return [event(EventKind.MOVE if remote or passive or local else EventKind.LEAVE)]
        if (
            self._phrasal_leave(verb, lemma, parts, dobjs)
            or self._takes_vehicle(lemma, dobjs)
            or self._off_to(verb)
            or self._goes_up_to_do(verb, lemma, parts)
        ):
            # "set off for the village", "took the next train back to town"
            if passive or remote or self._habit(verb) or self._round_trip(verb):
                return [event(EventKind.MOVE)]
            made = [event(EventKind.LEAVE)]
            made[0].others += self._companions(pi, verb, subj, dobjs, lemma)
            return made
        if lemma in lex.location_verbs and lemma not in lex.motion_verbs:
            where = area or self._room(preps)
            if where is None and lemma in lex.stay_verbs and not remote:
                where = "here"  # "Elena stayed at the kitchen table": one who stays
            if where is not None:
                return [event(EventKind.LOCATED, area=where)]
        if lemma in lex.pass_through_verbs and self._passes_through(verb, dobjs):
            if self._on_the_way_out(verb) and not remote and not passive:
                return [event(EventKind.LEAVE)]  # "slams the door behind her on the way out"
            if self._shut_behind_alone(verb) and not remote and not passive:
                return [event(EventKind.LEAVE)]  # "He shut the door behind him without a word."
            return [event(EventKind.MOVE)]
        if lemma in lex.pass_through_verbs and not dobjs and parts & lex.leave_particles:
            if lemma in lex.recoil_verbs and "out" not in parts:
                return [event(EventKind.MOVE)]  # "She drew away": from someone, not the room
            return [event(EventKind.MOVE if remote else EventKind.LEAVE)]  # "slammed out"
        if self._in_room_handling(verb, lemma, parts, preps, dobjs) and not remote:
            return [event(EventKind.ACT)]  # "passed the sugar", "joined in the laughter"
        if lemma in lex.arrive_needs_object and not dobjs and not any(p == "to" for p, _ in preps):
            return [] if remote else [event(EventKind.ACT)]  # "reached over": a gesture
        if lemma in lex.turn_verbs and lemma not in ("look", "glance"):
            if not remote and self._turns_to_someone(pi, verb):
                return [event(EventKind.ACT), event(EventKind.TURN)]  # "turned to the others"
            return [event(EventKind.TURN)]
        if self._posture(lemma, parts, preps):  # "got up", "rose": still in the room
            return [] if remote else [event(EventKind.MOVE, posture=True)]
        abstract = next(
            (
                lex.abstract_destinations[pobj.lemma_.lower()]
                for prep, pobj in preps
                if prep in ("to", "into")  # "went off into the agony of his reaction"
                and pobj is not None
                and pobj.lemma_.lower() in lex.abstract_destinations
            ),
            None,
        )
        if lemma in lex.motion_verbs and abstract is not None and not dobjs:
            # "Jeff came to the rescue", "went to sleep": no way anywhere
            return [] if remote else [event(EventKind.ACT, weak=True, lemma=abstract)]
        if lemma in lex.motion_verbs and self._goes_on(verb, lemma):
            # "went on with the hem", "went on reading": carrying on where one is
            return [] if remote else [event(EventKind.ACT, weak=True, lemma="continue")]
        if lemma in lex.motion_verbs and self._moves_subject(pi, lemma, dobjs):
            if passive or remote:  # a call, a letter, a memory: nothing to reason from
                return [event(EventKind.MOVE)]
            kind = self._motion_kind(lemma, parts, preps, dobjs, area)
            if kind is EventKind.LEAVE and self._short_move(verb):
                kind = EventKind.MOVE  # "took a few steps away from her": still in the room
            if kind is EventKind.LEAVE and self._local_destination(verb):
                kind = EventKind.MOVE  # "crept away to sit in her corner": still in the room
            if kind in (EventKind.LEAVE, EventKind.AREA) and self._habit(verb):
                kind = EventKind.MOVE  # "went to church every Sunday": a habit, not an exit
            if kind in (EventKind.LEAVE, EventKind.AREA) and self._round_trip(verb):
                kind = EventKind.MOVE  # "went upstairs, returning immediately": back again
            here = (  # "crossed to the window", "went over to the fire": about the room
                kind is EventKind.MOVE
                and not back
                and not parts & lex.leave_particles
                and self._local_destination(verb)
                and not self._to_threshold(verb)
            )
            made = [
                event(kind, area=area if kind is EventKind.AREA else None, back=back, posture=here)
            ]
            made[0].others += self._companions(pi, verb, subj, dobjs, lemma)
            if lemma in lex.lead_verbs or lemma in lex.follow_verbs:
                for obj in dobjs:
                    moved = self.who(pi, obj)
                    if moved is not None and moved[0] != cid:
                        led_kind = kind if lemma in lex.lead_verbs else EventKind.MOVE
                        made.append(
                            event(
                                led_kind, who=moved[0], area=made[0].area, back=back, others=(cid,)
                            )
                        )  # the one who leads goes along ("pulled her away")
                        made[0].others += (moved[0],)
            return made
        if lemma in lex.motion_verbs and not passive and self._path(preps):
            return [event(EventKind.MOVE)]  # "carried her laptop across the room"
        if lemma in lex.gaze_verbs and not remote and self._at_room_thing(preps):
            return [event(EventKind.ACT)]  # "glanced at the clock": the clock is here
        if lemma in lex.gaze_verbs and not remote and parts & lex.gaze_round_words:
            return [event(EventKind.ACT)]  # "looked round at them all": round the room
        if lemma in lex.distance_verbs or remote:
            return []
        if any(c.dep_ == "advmod" and c.lower_ in lex.summary_adverbs for c in verb.children):
            return []  # "Dale always experienced a singular warmth": a habit, not the scene
        if lemma in lex.presence_verbs:
            return [event(EventKind.ACT, back=self._at_threshold(preps))]
        if lemma in self.interesting:
            return []  # a movement or posture word we could not read: no evidence either way
        return [event(EventKind.ACT, weak=not self._gesture(verb, dobjs))]

    def _in_room_handling(self, verb: Token, lemma: str, parts: set[str], preps, dobjs) -> bool:
        """Verbs of motion or looking that here tell an act in the room (`hand_round_verbs`):
        "passed the sugar" (a thing handed round, not a place passed), "joined in the
        laughter" (not "joined them"), "looked up from her book" (from something in hand)."""
        lex = self.lex
        if lemma in lex.hand_round_verbs and dobjs and not preps:
            places = lex.room_nouns | lex.area_nouns | lex.home_nouns | lex.stair_nouns
            return all(
                o.pos_ == "NOUN" and o.lemma_.lower() not in places | lex.fixture_nouns
                for o in dobjs
            )
        if lemma in lex.arrive_verbs and not dobjs and "in" in parts | {p for p, _ in preps}:
            return not any(p in ("into", "to") for p, _ in preps) and all(
                pobj is None or pobj.lemma_.lower() not in lex.room_nouns | lex.area_nouns
                for _, pobj in preps
            )
        return (
            lemma in lex.gaze_verbs
            and "up" in parts
            and any(p == "from" and pobj is not None and pobj.pos_ == "NOUN" for p, pobj in preps)
        )

    def _turns_to_someone(self, pi: int, verb: Token) -> bool:
        """ "turned to the others", "turned to him": turning to speak to someone in the room
        is being in it (a presence act as well as a turn)."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("to", "towards", "toward"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.lower_ in self.lex.left_people_pronouns or pobj.lower_ == "others":
                    return True
                if self.who(pi, pobj) is not None:
                    return True
        return False

    def _at_threshold(self, preps) -> bool:
        """ "said from the doorway", "stood in the doorway": at the room's own threshold, the
        act is the way back in (not "the doorway of the bedroom", another room's)."""
        return any(
            prep in ("from", "in", "at")
            and pobj is not None
            and pobj.lemma_.lower() in self.lex.return_place_nouns
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in pobj.children)
            for prep, pobj in preps
        )

    def _at_room_thing(self, preps) -> bool:
        """ "at the clock", "at the fire": something of the room, looked at from in it."""
        things = self.lex.fixture_nouns | self.lex.room_objects
        return any(
            prep == "at"
            and pobj is not None
            and pobj.lemma_.lower() in things
            and any(c.dep_ == "det" and c.lower_ == "the" for c in pobj.children)
            for prep, pobj in preps
        )

    def _path(self, preps) -> bool:
        """ "across the room", "to the window", "through the hall": a way the doer goes."""
        lex = self.lex
        places = lex.room_nouns | lex.area_nouns | lex.fixture_nouns | lex.stair_nouns
        return any(
            prep in ("across", "to", "into", "through", "toward", "towards", "up", "down")
            and pobj is not None
            and pobj.lemma_.lower() in places
            for prep, pobj in preps
        )

    def _gesture(self, verb: Token, dobjs) -> bool:
        """ "rolled her eyes", "shook his head", "bit her lip": a verb whose object is the
        doer's own body part is a gesture, made where the doer is."""
        for obj in dobjs:
            if obj.lemma_.lower() in self.lex.body_nouns or obj.lower_ in self.lex.body_nouns:
                if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in obj.children):
                    return True
        return False

    def _local_destination(self, verb: Token) -> bool:
        """ "crept away to sit in her shadowy corner", "went off to the window": a place inside
        the room (`place_shift_local_nouns`) as the way's end or the purpose's place."""
        local = self.lex.place_shift_local_nouns
        clauses = [verb] + [
            c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"
        ]
        for clause in clauses:
            ways = [*clause.children] + [  # "took himself away to the other end of the rug"
                g for c in clause.children if c.dep_ in ("prt", "advmod") for g in c.children
            ]
            for prep in ways:
                if prep.dep_ in ("prep", "prt", "advmod") and prep.lower_ in ("out", "from", "off"):
                    inner = [g for g in prep.children if g.dep_ == "prep" and g.lower_ == "of"]
                    for holder in [prep, *inner]:
                        if any(
                            g.dep_ == "pobj"
                            and g.lemma_.lower() in local
                            and any(c.dep_ in ("det", "poss") for c in g.children)
                            for g in holder.children
                        ):
                            return True  # "slips away out of his chair": still in the room
                    continue
                if prep.dep_ != "prep" or prep.lower_ not in ("to", "in", "into", "by", "at"):
                    continue
                if any(
                    g.dep_ == "pobj"
                    and (
                        g.lemma_.lower() in local
                        and any(c.dep_ in ("det", "poss") for c in g.children)  # not "to bed"
                        or self._other_end(g)
                    )
                    for g in prep.children
                ):
                    return True
        return self._then_lies_down(verb)

    def _other_end(self, pobj: Token) -> bool:
        """ "took himself away to the other end of the rug", "to the other side of the
        table": the far part of something in the room (or of the room itself)."""
        if pobj.lemma_.lower() not in ("end", "side") or not any(
            c.lower_ == "other" for c in pobj.children
        ):
            return False
        whole = [g for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        inside = self.lex.place_shift_local_nouns | {"room"}
        return all(g.lemma_.lower() in inside for g in whole)

    def _then_lies_down(self, verb: Token) -> bool:
        """ "Linton slowly trailed himself off, and lay down": a way told by no place, then
        lying or sitting down in the same sentence - to a sofa of the room, not out of it."""
        if any(c.dep_ == "prep" and c.lower_ in SPATIAL_PREPS for c in verb.children):
            return False
        return any(
            c.dep_ == "conj"
            and c.lemma_.lower() in ("lie", "sit")
            and any(g.lower_ == "down" for g in c.children)
            and not any(g.dep_ == "prep" and g.lower_ in ("in", "on", "upon") for g in c.children)
            and not any(g.dep_ == "nsubj" for g in c.children)
            for c in verb.children
        )

    def _goes_on(self, verb: Token, lemma: str) -> bool:
        """ "went on with the hem", "carried on with her knitting", "went on reading":
        carrying on (`continue_phrasals`), with no way named ("went on down the road")."""
        needed = self.lex.continue_phrasals.get(lemma)
        if not needed:
            return False
        kids = list(verb.children)
        ons = [c for c in kids if c.lower_ in needed and c.dep_ in ("prt", "advmod", "prep")]
        if not ons:
            return False
        ways = (SPATIAL_PREPS | CARRY_WAYS | {"down", "up", "past", "home"}) - needed
        if any(c.dep_ in ("prep", "prt", "advmod") and c.lower_ in ways for c in kids):
            return False
        return (
            any(c.dep_ == "prep" and c.lower_ == "with" for c in kids)
            or any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in kids)
            or any(
                g.dep_ == "pobj" and (g.tag_ == "VBG" or g.lower_.endswith("ing"))
                for on in ons
                for g in on.children
            )
        )

    def _to_threshold(self, verb: Token) -> bool:
        """ "went to the doorway": the way in or out, not a move about the room."""
        return any(
            g.lemma_.lower() in self.lex.threshold_nouns | self.lex.return_place_nouns
            for c in verb.children
            if c.dep_ == "prep"
            for g in c.children
            if g.dep_ == "pobj"
        )

    def _habit(self, verb: Token) -> bool:
        """ "went to church every Sunday", "always walked home": a habit, not an event."""
        near = [c for c in verb.children] + [g for c in verb.children for g in c.children]
        return any(t.lower_ in self.lex.habit_words for t in near if t.dep_ != "neg")

    def _shut_behind_alone(self, verb: Token) -> bool:
        """ "He shut the door behind him without a word.": the door closed behind one is the
        whole of its sentence (its main verb, with no other act beside it), and no way in
        is told there ("came in and shut the door behind him", "stepped inside and...")."""
        if verb.dep_ != "ROOT":
            return False
        if any(c.dep_ in ("conj", "advcl") and c.pos_ in ("VERB", "AUX") for c in verb.children):
            return False  # "shut the door behind her and sat down at the desk"
        lex = self.lex
        for tok in verb.sent:
            if tok.i == verb.i:
                continue
            low = tok.lemma_.lower()
            if tok.pos_ == "VERB" and (low in lex.arrive_verbs or low in lex.motion_verbs):
                return False
            if tok.lower_ in lex.inside_words:
                return False  # "shut the door behind them inside"
        return True

    def _on_the_way_out(self, verb: Token) -> bool:
        """ "on the way out", "on her way out": the pass through the door is a leave."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "on":
                continue
            for way in prep.children:
                if way.lemma_.lower() == "way" and any(
                    c.lower_ in self.lex.way_out_words for c in way.children
                ):
                    return True
        return False

    def _companions(self, pi: int, verb: Token, subj: Token, dobjs, lemma: str) -> tuple:
        """Who goes along: "went with Bulstrode into another room", "she and I left the
        nursery", "led me into the inner room" (NARRATOR: the narration goes too)."""
        found: list[int] = []
        ways = ("with", "between")  # "went with Bulstrode", "walked away between us"
        people = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ways
                  for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        people += [c for c in subj.conjuncts] + [subj.head] * (subj.dep_ == "conj")
        people += [c for c in verb.children if c.dep_ == "nsubj" and c.i != subj.i]  # "X and I"
        if lemma in self.lex.lead_verbs or lemma in self.lex.follow_verbs:
            people += list(dobjs)  # "led me into the inner room", "followed me out"
        further = [  # "slipped away and ran down to greet her husband": the next leg's purpose
            g for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
            for g in c.children if g.dep_ in ("advcl", "xcomp")
        ]  # fmt: skip
        for clause in [*verb.children, *further]:
            if clause.dep_ not in ("advcl", "xcomp", "acl", "conj") or clause.pos_ != "VERB":
                continue
            verb_lemma = clause.lemma_.lower()
            if verb_lemma in self.lex.companion_participles:  # "preceded by William"
                people += [g for c in clause.children if c.dep_ == "agent"
                           for g in c.children if g.dep_ == "pobj"]  # fmt: skip
            if verb_lemma in self.lex.join_verbs and clause.dep_ != "conj":
                met = [c for c in clause.children if c.dep_ == "dobj"]  # "to meet him"
                people += met
                if any(self._someone_unknown(pi, c) for c in met):
                    found.append(COMPANY)  # "ran down to greet her husband": gone to them
            if clause.dep_ != "conj" and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in clause.children
            ):  # "went down the lane to carry her invitation to Mrs Chiley": to her
                people += [g for c in clause.children if c.dep_ == "prep"
                           and c.lower_ in ("to", "with") for g in c.children
                           if g.dep_ == "pobj"]  # fmt: skip
            if clause.dep_ == "conj" and self._carries_along(clause):
                people += [c for c in clause.children if c.dep_ == "dobj"]
        for tok in people:
            if tok.lower_ in ("i", "me", "we", "us"):
                found.append(NARRATOR)
                continue
            if tok.lower_ == "them" and tok.head.lower_ == "with":
                found.append(COMPANY)  # "walked home with them": the party goes along
                continue
            who = self.characters.mention_at(pi, tok.i)
            if who is not None:  # ("Clara and Thomas walked out": each goes with the other)
                found.append(who.character_id)
        return tuple(found)

    def _someone_unknown(self, pi: int, tok: Token) -> bool:
        """A person the character model does not resolve: "him", "her husband", "the
        doctor" (a person noun); the narration going to meet them may stay with them."""
        if self.characters.mention_at(pi, tok.i) is not None:
            return False
        if tok.tag_ == "PRP":
            return tok.lower_ in ("him", "her", "them")
        return tok.lemma_.lower() in self.person_nouns

    @staticmethod
    def _carries_along(clause: Token) -> bool:
        """ "ran up the stair, swept me into the nursery": a second act of the one who leaves
        that moves a person along a way (an object and "into", "out", "up"...) takes them
        along."""
        return any(c.dep_ == "dobj" for c in clause.children) and any(
            c.dep_ in ("prep", "prt", "advmod") and c.lower_ in CARRY_WAYS for c in clause.children
        )

    def _round_trip(self, verb: Token) -> bool:
        """ "departed, and soon after returned", "went upstairs, returning with his shirt":
        a way out and back in one sentence (the return is often not a finite verb)."""
        lex = self.lex
        for child in verb.children:
            if child.dep_ not in ("conj", "advcl") or child.pos_ != "VERB":
                continue
            lemma = child.lemma_.lower()
            parts = {c.lower_ for c in child.children if c.dep_ in ("prt", "advmod")}
            if lemma == "return" or lemma == "come" and parts & lex.return_particles:
                return not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        return False

    def _short_move(self, verb: Token) -> bool:
        """ "took a few steps away", "moved a pace off": too short a way to leave the room."""
        near = [c for c in verb.children] + [g for c in verb.children for g in c.children]
        return any(t.lemma_.lower() in self.lex.short_move_objects for t in near)

    def _posture(self, lemma: str, parts: set[str], preps) -> bool:
        """Getting up or sitting down, with no place to go to: "got up and stirred the fire",
        "rose from her chair"; not "got up and out", "rose into the hall"."""
        lex = self.lex
        needed = lex.posture_verbs.get(lemma)
        if needed is None or (needed and not parts & needed) or parts & lex.leave_particles:
            return False
        places = lex.room_nouns | lex.area_nouns | lex.home_nouns | lex.stair_nouns
        return not any(
            pobj is not None
            and (pobj.lemma_.lower() in places or pobj.ent_type_ in lex.place_entity_labels)
            for _, pobj in preps
        )

    def _moves_subject(self, pi: int, lemma: str, dobjs) -> bool:
        """ "pulled the material tighter", "took off her coat" move nobody.

        A motion verb with a direct object moves its subject only when the
        object is a place to go through or to (left the room, climbed the
        stairs, crossed the hall) or a person taken along.
        """
        lex = self.lex
        for obj in dobjs:
            noun = obj.lemma_.lower()
            if (
                noun in lex.room_nouns
                or noun in lex.area_nouns
                or noun in lex.home_nouns
                or noun in lex.stair_nouns
                or noun in lex.fixture_nouns
                or noun in lex.route_objects  # "took his way", "went her way"
                or noun in lex.leave_objects  # "took his leave"
                or obj.ent_type_ in lex.place_entity_labels
                or obj.tag_ == "PRP"  # "led her away", even when "her" is unresolved
                and obj.lower_ not in ("it", "them", "itself", "themselves")  # "took them away"
                or obj.ent_type_ == "PERSON"
                or self.who(pi, obj) is not None
            ):
                return True
        return not dobjs or lemma in lex.leave_verbs

    def _motion_kind(self, lemma, parts, preps, dobjs, area) -> EventKind:
        lex = self.lex
        if any(obj.lemma_.lower() in lex.leave_objects for obj in dobjs):
            return EventKind.LEAVE  # "took his leave"
        if area is not None:
            return EventKind.AREA
        reflexive = all(o.lower_.endswith(("self", "selves")) for o in dobjs)
        goes_to = any(
            p in ("to", "into", "toward", "towards", "behind", "across") for p, _ in preps
        )
        if lemma in lex.quiet_leave_verbs and reflexive and not goes_to:
            return EventKind.LEAVE  # "made his excuses and withdrew", "absented herself"
        if lemma in lex.leave_verbs:
            if not dobjs:
                return EventKind.LEAVE
            obj = dobjs[0]
            if obj.lemma_.lower() in lex.room_nouns | lex.area_nouns | lex.home_nouns:
                return EventKind.LEAVE
            if self._leaves_people(obj, preps):
                return EventKind.LEAVE  # "He left them and went down to the river"
            if obj.ent_type_ in lex.place_entity_labels:
                return EventKind.LEAVE
            return EventKind.MOVE
        if lemma in lex.travel_verbs or lemma in lex.lead_verbs or lemma in lex.follow_verbs:
            if parts & lex.leave_particles:
                return EventKind.LEAVE
            for prep, pobj in preps:
                if prep in lex.leave_particles and pobj is not None and pobj.lower_ == "home":
                    return EventKind.LEAVE  # "went off home", read as a preposition
                if prep == "out" and pobj is not None and self._local_thing(pobj):
                    continue  # "slipped out of his chair", "jumped out of bed": still here
                if prep == "out" and (pobj is None or pobj.lemma_.lower() != "window"):
                    return EventKind.LEAVE
                if (
                    prep in ("to", "into")
                    and pobj is not None
                    and pobj.lemma_.lower() in lex.room_nouns | lex.home_nouns | {"bed"}
                    and _elsewhere(pobj, lex)
                ):
                    return EventKind.LEAVE
                if prep == "back" and pobj is not None and self._back_home(pobj):
                    return EventKind.LEAVE  # "went back to the house", "back to his room"
                if (
                    prep in ("to", "for", "into", "back", "down", "off", "away", "over")
                    and pobj is not None
                    and pobj.lemma_.lower() in lex.away_nouns
                    and pobj.tag_ in ("NN", "NNS")
                    and not self._own_task(pobj)
                ):  # ("back", "down": "drove back to town", "went down to the river")
                    return EventKind.LEAVE  # "goes to the shop for milk", "off to work"
        if lemma in lex.arrive_verbs:
            return EventKind.ARRIVE
        if lemma == "come" and parts & lex.arrive_particles:
            return EventKind.ARRIVE
        return EventKind.MOVE

    def _back_home(self, pobj: Token) -> bool:
        """ "went back to the house": one goes back to a house, a cottage or lodgings
        (`back_home_nouns`) only from outside it, so the scene is left. A room only where it
        is plainly another ("back to his room"); "went back to the window" is a step."""
        lemma = pobj.lemma_.lower()
        if lemma in self.lex.back_home_nouns:
            return True
        rooms = self.lex.room_nouns | {"room", "rooms"}  # not "his place": a seat at the table
        return lemma in rooms and _elsewhere(pobj, self.lex)

    def _own_task(self, pobj: Token) -> bool:
        """ "went back to his work": a task of one's own (`task_nouns`, with a possessive)
        taken up again, not the place of work gone to ("off to work")."""
        return pobj.lemma_.lower() in self.lex.task_nouns and any(
            c.dep_ == "poss" for c in pobj.children
        )

    def _leaves_people(self, obj: Token, preps) -> bool:
        """ "left them", "left her at the gate", "left Tom to his letters": leaving the people
        of the scene is leaving it; not "left them on the table" (things set down)."""
        if obj.tag_ != "NNP" and obj.lower_ not in self.lex.left_people_pronouns:
            return False
        verb = obj.head
        if any(c.dep_ == "dobj" and c.i != obj.i for c in verb.children):
            return False  # "Carrie left her\nthings": "her" a possessive the line break split

        for child in verb.children:  # "left us in pitch darkness", "left her alone": a state
            if child.dep_ == "advmod" and child.lower_ in ("there", "behind"):
                continue  # "left us there", "left them behind": where they are, not a state
            if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "npadvmod"):
                return False
            if child.dep_ == "prep" and child.lower_ != "to" and not self._at_a_place(child):
                return False  # (but "left them to their talk", "left her at the gate")
        return not any(c.dep_ in ("prep", "amod", "acl") for c in obj.children)

    def _at_a_place(self, prep: Token) -> bool:
        """ "at the gate", "at the station", "in the hall": a place one leaves people at."""
        lex = self.lex
        places = (lex.fixture_nouns | lex.threshold_nouns | lex.room_nouns | lex.area_nouns
                  | lex.away_nouns)  # fmt: skip
        return prep.lower_ in ("at", "in", "by", "outside") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in places for g in prep.children
        )

    def _local_thing(self, pobj: Token) -> bool:
        """ "out of his chair", "out of bed": something inside the room."""
        return pobj.lemma_.lower() in self.lex.place_shift_local_nouns

    def _area(self, lemma, parts, preps, dobjs) -> str | None:
        lex = self.lex
        for word in parts:
            if word in lex.area_words:
                return lex.area_words[word]
        for prep, pobj in preps:
            if pobj is not None and pobj.lower_ in lex.stair_nouns | {"stairs"}:
                if prep in lex.up_words:
                    return "upstairs"
                if prep in lex.down_words:
                    return "downstairs"
        for obj in dobjs:
            if obj.lower_ in lex.stair_nouns:
                if lemma in lex.climb_verbs:
                    return "upstairs"
                if lemma in lex.descend_verbs:
                    return "downstairs"
        return None

    def _room(self, preps) -> str | None:
        rooms = self.lex.room_nouns | self.lex.enclosure_nouns
        for prep, pobj in preps:
            if prep not in ("in", "at") or pobj is None:
                continue
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in pobj.children):
                continue
            words = [c.lower_ for c in pobj.children if c.dep_ in ("compound", "amod")]
            name = " ".join([*words[-1:], pobj.lemma_.lower()]) if words else pobj.lemma_.lower()
            if name in rooms:
                return name
            if pobj.lemma_.lower() in self.lex.enclosure_nouns and prep == "in":
                return pobj.lemma_.lower()  # "in the old car"
        return None

    @staticmethod
    def _preps(verb: Token) -> list[tuple[str, Token | None]]:
        """(preposition, object) pairs, "out of the room" as ("out", room)."""
        found = []
        for child in verb.children:
            if child.dep_ not in ("prep", "prt", "advmod"):
                continue
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is None:
                inner = next((g for g in child.children if g.dep_ == "prep"), None)
                if inner is not None:
                    pobj = next((g for g in inner.children if g.dep_ == "pobj"), None)
            if child.dep_ == "prep" or pobj is not None:
                found.append((child.lower_, pobj))
        return found

    def _passes_through(self, verb: Token, dobjs) -> bool:
        """ "closed the door behind her": she went through it."""
        for obj in dobjs:
            if obj.lemma_.lower() in self.lex.fixture_nouns:
                if any(c.lower_ == "behind" for c in obj.children) or any(
                    c.lower_ == "behind" for c in verb.children
                ):
                    return True
        return False

    def _span(self, pi: int, verb: Token, subj: Token) -> tuple[int, int]:
        sent = verb.sent
        mention = self.characters.mention_at(pi, subj.i)
        first = subj.i if mention is None else min(subj.i, mention.token_start)  # "Tom Hale"
        last = subj.i if mention is None else max(subj.i, mention.token_end - 1)
        lo, hi = min(first, verb.i), max(verb.i, last)  # "said Tom Hale": the name after it
        for child in verb.children:
            if child.dep_ in ("prt", "advmod", "prep", "dobj", "npadvmod") and child.i > verb.i:
                hi = max(hi, min(child.right_edge.i, sent.end - 1))
        if hi - lo > 25:
            hi = verb.i
        parsed = self.model.parsed[pi]
        doc = parsed.doc
        start = doc[lo].idx
        end = doc[hi].idx + len(doc[hi].text)
        return parsed.offset + start, parsed.offset + end

    # --- fixtures ------------------------------------------------------------

    def fixtures(self, pi: int, doc: Doc, in_quote: list[bool]) -> list[FixtureStatement]:
        lex = self.lex
        found: list[FixtureStatement] = []
        for tok in doc:
            if in_quote[tok.i] or tok.pos_ != "NOUN" or tok.tag_ != "NN":
                continue
            noun = tok.lemma_.lower()
            if noun not in lex.fixture_nouns:
                continue
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                continue
            if tok.head.lemma_.lower() in lex.pass_through_verbs:
                continue
            made = self._position_after(pi, doc, tok) or self._back_to(pi, doc, tok)
            made = made or self._near(pi, tok)
            if made is None:
                continue
            relation, anchor, clause = made
            if not self.affirmed_or_verbless(pi, clause):
                continue
            lo = min(tok.i, anchor.i, tok.left_edge.i if tok.left_edge.i >= tok.i - 2 else tok.i)
            hi = max(tok.i, anchor.i)
            parsed = self.model.parsed[pi]
            start = parsed.offset + doc[lo].idx
            end = parsed.offset + doc[hi].idx + len(doc[hi].text)
            who = self.who(pi, anchor)
            if who is None:
                continue
            found.append(FixtureStatement(noun, relation, who[0], pi, tok.i, start, end))
        return found

    def affirmed_or_verbless(self, pi: int, clause: Token) -> bool:
        """A fixture phrase is a fact when its clause is (or it hangs off no verb)."""
        node = clause
        while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
            node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            return _narrated(self.model, pi, clause)
        return self.affirmed(pi, node)

    def _position_after(self, pi: int, doc: Doc, tok: Token):
        """ "the door behind her", "the door was in front of him", "the window to her left"."""
        i = tok.i + 1
        if i < len(doc) and doc[i].lemma_.lower() in ("be", "stand", "loom", "lie", "stay"):
            i += 1
        window = [t.lower_ for t in doc[i : i + 4]]
        for phrase, relation in self.lex.position_words.items():
            words = phrase.split()
            if window[: len(words)] != words:
                continue
            if any(w in ("her", "his", "their") for w in words):
                owner = next(k for k, w in enumerate(words) if w in ("her", "his", "their"))
                anchor = doc[i + owner]
            elif i + len(words) < len(doc):
                anchor = doc[i + len(words)]
            else:
                continue
            if self.characters.mention_at(pi, anchor.i) is None:
                continue
            return relation, anchor, tok
        return None

    def _back_to(self, pi: int, doc: Doc, tok: Token):
        """ "with her back to the door": the door is behind her."""
        i = tok.i
        if i >= 4 and doc[i - 1].lower_ == "the" and doc[i - 2].lower_ == "to":
            if doc[i - 3].lower_ == "back" and self.characters.mention_at(pi, i - 4) is not None:
                return "behind", doc[i - 4], doc[i - 3]
        return None

    def _near(self, pi: int, tok: Token):
        """ "by the piano", "his hand was on the door", "her eyes cut back to the door"."""
        prep = tok.head
        if tok.dep_ != "pobj" or prep.lower_ not in ("by", "beside", "near", "on", "at", "to"):
            return None
        verb = prep.head
        backward = verb.lower_ == "back"  # "cut back to the door"
        for _ in range(2):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        subj = self.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None:
            return None
        who = self.who(pi, subj)
        if who is None:
            return None
        if prep.lower_ == "to":
            backward = backward or any(c.lower_ == "back" for c in verb.children)
            if not backward or not who[2]:
                return None
            return "gaze", subj, verb
        if prep.lower_ in ("on", "at") and not who[2]:
            return None  # "sat at the piano" is near; "was at the door" too vague
        relation = "touch" if who[2] else "near"
        return relation, subj, verb

    # --- places ---------------------------------------------------------------

    def places(self, pi: int, doc: Doc, in_quote: list[bool]) -> list[PlaceMention]:
        lex = self.lex
        parsed = self.model.parsed[pi]
        found = []
        for ent in doc.ents:
            if ent.label_ in lex.place_entity_labels and not in_quote[ent.start]:
                s, e = parsed.source_span(ent)
                found.append(PlaceMention(ent.text, "named", pi, s, e))
        for tok in doc:
            if in_quote[tok.i] or tok.pos_ != "NOUN" or tok.dep_ != "pobj":
                continue
            if tok.head.lower_ not in SPATIAL_PREPS:
                continue
            noun = tok.lemma_.lower()
            kind = "room" if noun in lex.room_nouns else "area" if noun in lex.area_nouns else None
            if kind is None:
                continue
            owner = None
            for child in tok.children:
                if child.dep_ == "poss":
                    who = self.who(pi, child)
                    if who is not None and noun in lex.home_nouns:
                        owner, kind = who[0], "home"
            s, e = parsed.source_span(doc[tok.left_edge.i : tok.i + 1])
            found.append(PlaceMention(doc[tok.left_edge.i : tok.i + 1].text, kind, pi, s, e, owner))
        return found


def _told_twice(event: PresenceEvent, events: list[PresenceEvent]) -> bool:
    """A door closing behind a character whose leave the same sentence already tells ("Tom
    was gone, and the door closed behind him"): one leave, not two."""
    if event.kind is not EventKind.LEAVE or event.evidence != DOOR_BEHIND:
        return False
    return any(
        e is not event
        and e.character_id == event.character_id
        and e.kind in (EventKind.LEAVE, EventKind.AREA)
        and (e.parsed_index, e.sentence_start) == (event.parsed_index, event.sentence_start)
        and e.token_i != event.token_i
        for e in events
    )


def _finite(verb: Token) -> bool:
    """A finite verb, or a past tense the small parser tagged as a participle in a list of
    acts ("He got up and left": "left" VBN, conjoined to the finite "got", with no auxiliary
    of its own; or the base form, for pasts spelt like it: "muttered an excuse and let
    himself out", "got up and shut the window")."""
    if verb.tag_ in FINITE:
        return True
    if verb.tag_ == "VBG" and any(  # "Tom was laughing now": a past progressive is an event
        c.dep_ == "aux" and c.lemma_.lower() == "be" and c.tag_ in FINITE for c in verb.children
    ):
        return True
    return (
        verb.tag_ in ("VBN", "VB")
        and verb.dep_ == "conj"
        and verb.head.tag_ == "VBD"
        and verb.head.pos_ == "VERB"
        and not any(c.dep_ in ("aux", "auxpass", "nsubjpass") for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.head.children)
        and not any(c.lower_ == "to" for c in verb.children)
    )


def _elsewhere(pobj, lex) -> bool:
    """Is "into the X" plainly another room than the scene's? "Laurie walked into the
    parlor" usually brings him into the room the scene is in; "went to bed", "into the
    next room", "to her own room" take him out of it."""
    if pobj.lemma_.lower() == "bed":  # "went to bed", not "ran to the four-posted bed"
        return not any(c.dep_ in ("det", "amod", "compound") for c in pobj.children)
    return any(
        child.lower_ in lex.elsewhere_words or (child.dep_ == "poss" and child.tag_ == "PRP$")
        for child in pobj.children
    )
