"""What a dead character does after their death: the acts the LIF rules report.

An act is a later paragraph in which one of the character's names - or a
pronoun the sentence before anchors to that name - is the subject of an action
or speech verb in affirmed narration - not a memory, a dream, a ghost, a letter
or a flashback chapter - under a name that can be the name that died.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storylint.families.life.deaths import FINITE
from storylint.families.life.layer import Act, written_name
from storylint.families.life.tense import PRESENT
from storylint.nlp.modes import NARR, paragraph_mode_bits
from storylint.people.entities import MentionKind
from storylint.people.names import is_first_name, parse_name, same_given_name
from storylint.pipeline.layers import PRONOUNS, QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.life.layer import Death
    from storylint.families.life.lexicon import LifeLexicon
    from storylint.model import StoryModel
    from storylint.people.entities import Mention


@dataclass(frozen=True)
class Scope:
    """Where in the story an act may count: not in a flashback chapter or scene, and in a
    chapter told in the present tense only in the present tense (its past is backstory)."""

    flashback: frozenset[int]  # paragraphs
    present_chapters: frozenset[int] = frozenset()


def flashback_paragraphs(model: StoryModel, lex: LifeLexicon) -> set[int]:
    """Paragraphs of chapters or scenes set before the story's now ("Ten years earlier")."""
    marked: set[int] = set()
    chapter_back: dict[int, bool] = {}
    scene_back: dict[tuple[int, int], bool] = {}
    chapters = model.manuscript.chapters
    for pi, parsed in enumerate(model.parsed):
        ci = parsed.chapter_index
        if ci not in chapter_back:
            title = (chapters[ci].title or "") if ci < len(chapters) else ""
            chapter_back[ci] = bool(title) and _is_flashback(title, lex)
        key = (ci, parsed.scene_index)
        if key not in scene_back:
            first = next(parsed.doc.sents).text if len(parsed.doc) else ""
            scene_back[key] = _is_flashback(first, lex)
        if chapter_back[ci] or scene_back[key]:
            marked.add(pi)
    return marked


def _is_flashback(text: str, lex: LifeLexicon) -> bool:
    return bool(lex.flashback_re.search(text.strip().lower()))


def acts_after(
    model: StoryModel,
    mentions: list[Mention],
    death: Death | None,
    lex: LifeLexicon,
    scope: Scope,
    after: int = -1,
    retold: tuple[int, ...] = (),
) -> tuple[list[Act], bool]:
    """The character's acts in later paragraphs, and whether the text revives them.

    Measured from `death` (a narrated one), or from paragraph `after` (the
    bible's). An act under a name that cannot be the dead person's ("Aunt
    March died" ... "said Mrs. March") is someone else's. `retold`: the
    paragraphs where the text tells this character's death again (see
    `_looking_back`).
    """
    if death is not None:
        after = death.parsed_index
    quotes = model.get(QUOTES)
    acts: list[Act] = []
    revived = False
    revival_paragraphs: dict[int, bool] = {}
    acting_paragraphs: set[int] = set()
    for mention in sorted(mentions, key=lambda m: (m.parsed_index, m.token_start)):
        pi = mention.parsed_index
        if pi <= after:
            continue
        parsed = model.parsed[pi]
        tok = parsed.doc[mention.token_end - 1]
        if pi not in revival_paragraphs:
            text = parsed.paragraph.text.lower().replace("\u2019", "'")
            revival_paragraphs[pi] = bool(lex.revival_re.search(text))
        if revival_paragraphs[pi] and lex.revival_re.search(
            tok.sent.text.lower().replace("\u2019", "'")
        ):
            revived = True
        if pi in scope.flashback or _dying(model, death, pi):
            continue
        if _looking_back(model, pi, after, retold, lex):
            continue
        if quotes is not None and quotes.in_quote(pi, mention.token_start):
            continue
        act = _act(model, pi, tok, mention, lex, scope)
        if act is None or not _named(model, pi, mention, act):
            continue
        if death is not None and not _same_form(death.name, act.name, lex.kin_titles):
            continue
        if not _unreal_near(model, pi, parsed.doc[act.verb_i], lex):
            acts.append(act)
            acting_paragraphs.add(pi)
            if alive_after_all(model, acts, lex):
                break  # no need to read further
    return acts, revived


def alive_after_all(model: StoryModel, acts: list[Act], lex: LifeLexicon) -> bool:
    """Many acts, far apart: the death was someone else's (a son with his father's name),
    a false report, or a return the text takes for granted - not a string of slips.

    A slip is an act or two, or one scene the dead walk through; a living character acts
    page after page, scene after scene. Both limits are data (`max_acts_after_death`,
    `max_scenes_after_death`); the ablation is in the README ("Gates").
    """
    paragraphs = {a.parsed_index for a in acts}
    if len(paragraphs) <= lex.max_acts_after_death:
        return False
    scenes = {(model.parsed[p].chapter_index, model.parsed[p].scene_index) for p in paragraphs}
    return len(scenes) > lex.max_scenes_after_death


def _looking_back(
    model: StoryModel, pi: int, after: int, retold: tuple[int, ...], lex: LifeLexicon
) -> bool:
    """Has the text told this death again just before the act, in its chapter ("the
    bedside of my friend, the late Sir John. Sir John was dozing...")? A narrator who names
    the death and then shows the character alive is going back in time on purpose; a slip
    does not remind the reader of the death first."""
    chapter = model.parsed[pi].chapter_index
    return any(
        after < r < pi and pi - r <= lex.retold_reach and model.parsed[r].chapter_index == chapter
        for r in retold
    )


def _dying(model: StoryModel, death: Death | None, pi: int) -> bool:
    """After a mortal wound, the rest of that chapter is the death scene: the dying speak."""
    return (
        death is not None
        and death.dying
        and model.parsed[pi].chapter_index == model.parsed[death.parsed_index].chapter_index
    )


def _named(model: StoryModel, pi: int, mention: Mention, act: Act) -> bool:
    """An act by name; or by a pronoun anchored to the name just before, then told under
    that name (for the name check against the death, and for the report)."""
    if mention.kind is not MentionKind.PRONOUN:
        return True
    anchor = _named_just_before(model, pi, mention)
    if anchor is None:
        return False
    act.name = written_name(model.parsed[pi].doc, anchor)
    act.by_pronoun = True
    return True


def _named_just_before(model: StoryModel, pi: int, pronoun: Mention) -> Mention | None:
    """The name a pronoun stands for, when the narration names that character in the
    pronoun's sentence or the one before it (in the same paragraph), and names nobody else
    of that gender in between: "Tom came to the gate. He waved." A pronoun further from any
    name may belong to someone else; the resolver is right most of the time, not always."""
    index = model.get(PRONOUNS)
    quotes = model.get(QUOTES)
    doc = model.parsed[pi].doc
    sent = doc[pronoun.token_start].sent
    start = sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    gender = str(index.by_id(pronoun.character_id).gender)
    named = None
    for i in range(start, pronoun.token_start):
        other = index.mention_at(pi, i)
        if other is None or other.token_start != i:
            continue
        if quotes is not None and quotes.in_quote(pi, i):
            continue
        if other.character_id == pronoun.character_id:
            if other.kind is not MentionKind.PRONOUN:
                named = other
        elif str(index.by_id(other.character_id).gender) in (gender, "unknown"):
            named = None  # someone else the pronoun might mean came between
    return named


def _act(
    model: StoryModel, pi: int, tok: Token, mention: Mention, lex: LifeLexicon, scope: Scope
) -> Act | None:
    """The mention as the subject of an affirmed, narrated action or speech verb."""
    subj = tok
    while subj.dep_ == "conj" and subj.head.i != subj.i and subj.head.dep_ != "ROOT":
        subj = subj.head  # "Tom and Mary walked in"
    if subj.dep_ == "appos" and subj.head.dep_ == "nsubj":
        subj = subj.head  # "her husband, Tom Hale, came in"
    cleft = _cleft_verb(subj)
    if subj.dep_ != "nsubj" and cleft is None and not _speech_tag(subj, lex):
        return None
    verb = cleft if cleft is not None else subj.head
    if not _tensed(verb) or verb.pos_ not in ("VERB", "AUX"):
        return None  # ("AUX": "was up early and went out", read through its conjunct)
    if verb.dep_ in ("relcl", "acl") and cleft is None:
        return None  # "the shells that Ray once brought her": a description, not a scene
    if any(c.dep_ == "advmod" and c.lower_ in lex.past_adverbs for c in verb.children):
        return None  # "Ray once brought her shells": before the story's now
    lemma = verb.lemma_.lower()
    if _present_at(verb, lex):
        pass  # "Tom was at the door before they had finished knocking"
    elif verb.pos_ != "VERB" or not _acting(verb, lemma, lex):
        conjunct = _acting_conjunct(verb, lex)  # "Tom was up early and went out to the yard"
        if conjunct is None:
            return None
        verb = conjunct
        lemma = verb.lemma_.lower()
    if paragraph_mode_bits(model, pi)[verb.i] != NARR:
        return None
    parsed = model.parsed[pi]
    if parsed.chapter_index in scope.present_chapters and _tense_of(verb) not in PRESENT:
        return None  # the past in a present-tense story is backstory
    doc = parsed.doc
    lo, hi = min(mention.token_start, verb.i), max(mention.token_end - 1, verb.i)
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("prt", "dobj", "prep", "advmod"):
            hi = max(hi, min(child.right_edge.i, verb.sent.end - 1))
    if hi - lo > 25:
        hi = max(mention.token_end - 1, verb.i)
    start = parsed.offset + doc[lo].idx
    end = parsed.offset + doc[hi].idx + len(doc[hi].text)
    return Act(
        mention.character_id, pi, start, end, lemma, written_name(doc, mention), verb_i=verb.i
    )


def _speech_tag(name: Token, lex: LifeLexicon) -> bool:
    """'"Is there any more bread?" asked Tom': the parser sometimes reads the name after an
    inverted speech verb as its object. A speech verb (`speech_tag_verbs`) straight after a
    closing quotation mark, with the name its object right after it, is a speech tag."""
    verb = name.head
    if name.dep_ != "dobj" or verb.i > name.i or verb.lemma_.lower() not in lex.speech_tag_verbs:
        return False
    if any(t.pos_ != "PROPN" for t in name.doc[verb.i + 1 : name.i]):
        return False  # "asked the boy Tom": not the name straight after the verb
    return verb.i > 0 and name.doc[verb.i - 1].is_quote


def _present_at(verb: Token, lex: LifeLexicon) -> bool:
    """ "Tom was at the door", "is in the kitchen", "was on the stairs": "be" with a place
    of the scene (`presence_places`), not "at the door of death" and not a grave."""
    if verb.lemma_ != "be" or verb.tag_ not in FINITE:
        return False
    for prep in verb.children:
        nouns = lex.presence_places.get(prep.lower_) if prep.dep_ == "prep" else None
        if not nouns:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.lemma_.lower() not in nouns:
                continue
            if not any(c.dep_ == "prep" and c.lower_ == "of" for c in pobj.children):
                return True
    return False


def _cleft_verb(name: Token) -> Token | None:
    """ "It was Tom who opened the gate": the name is the attribute of "it was", and the
    clause after it ("who opened") tells what the name did. Only a "who"/"that" clause
    whose subject is that relative word."""
    head = name.head
    if name.dep_ != "attr" or head.lemma_ != "be" or head.tag_ not in FINITE:
        return None
    if not any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children):
        return None
    for clause in name.children:
        if clause.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in clause.children
        ):
            return clause
    return None


def _tensed(verb: Token) -> bool:
    """A verb that tells the story's now: finite ("came in", "comes in"), or progressive
    under a finite "be" ("was mending the fence", "is waiting at the station"). Not the
    past perfect ("had been sitting": before the now) and not "was going to come" (an
    intention)."""
    if verb.tag_ in FINITE:
        return True
    if verb.tag_ != "VBG":
        return False
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    if not any(a.lemma_ == "be" and a.tag_ in FINITE for a in auxes):
        return False
    if any(a.lemma_ == "have" for a in auxes):
        return False
    return not (verb.lemma_ == "go" and any(c.dep_ == "xcomp" for c in verb.children))


def _acting_conjunct(verb: Token, lex: LifeLexicon) -> Token | None:
    """The first acting verb conjoined to a verb that tells no act, sharing its subject: "Tom
    was up early and went out to the yard", "Tom hesitated, then came in". Only finite verbs
    with no subject of their own, and only in affirmed narration (checked by the caller)."""
    for conj in verb.conjuncts:
        if conj.i < verb.i or conj.pos_ != "VERB" or conj.tag_ not in FINITE:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
            return None  # another clause, with its own subject
        if any(c.dep_ == "advmod" and c.lower_ in lex.past_adverbs for c in conj.children):
            return None
        if _acting(conj, conj.lemma_.lower(), lex):
            return conj
    return None


def _acting(verb: Token, lemma: str, lex: LifeLexicon) -> bool:
    """An acting verb, or one that acts only with its word ("called for", "wrote a letter")."""
    if lemma in lex.acting_verbs:
        return True
    if lemma not in lex.not_acting_verbs and _handles_own(verb):
        return True  # "drew her bow", "rolled her eyes": handling what is one's own
    needed = lex.acting_verbs_with.get(lemma)
    if not needed:
        return False
    return any(
        c.dep_ in ("prt", "prep")
        and c.lower_ in needed
        or c.dep_ == "dobj"
        and c.lemma_.lower() in needed
        for c in verb.children
    )


def _handles_own(verb: Token) -> bool:
    """A direct object the subject's own possessive pronoun marks ("drew her bow", "raised
    his glass", "shook his head"): a bodily act in the scene."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.pos_ != "NOUN":
            continue
        for poss in obj.children:
            if poss.dep_ == "poss" and poss.lower_ in ("his", "her", "their", "my", "its"):
                return True
    return False


def _tense_of(verb: Token) -> str:
    """The tag that carries a verb's tense: its finite auxiliary's, else its own."""
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass")), None)
    return aux.tag_ if aux is not None else verb.tag_


def _same_form(
    death: tuple[str, ...], act: tuple[str, ...], kin_titles: frozenset[str] = frozenset()
) -> bool:
    """Can the name in the act be the name that died? ("Aunt March" is not "Mrs. March")

    The character stage sometimes joins relatives of one surname, or a father
    and the son named after him; a death under one name and an act under
    another is then two people, not a slip. Conservative: a title, or a given
    name, that one has and the other lacks or contradicts means "no"; a bare
    surname matches only the same bare surname.
    """
    if not death or death == act:
        return True
    a, b = parse_name(list(death)), parse_name(list(act))
    if a is None or b is None:
        return False
    if a.title != b.title and (a.title and b.title or {a.title, b.title} & kin_titles):
        return False  # "Mrs. March" is not "Aunt March"; "Uncle Tom" is not young "Tom"
    given_a, given_b = _given(a), _given(b)
    if given_a and given_b:
        return same_given_name(given_a, given_b)
    if given_a or given_b:
        return False
    # a surname alone: "Kronborg" after "Mr. Kronborg died" may be his daughter
    return a.title == b.title and a.words[-1] == b.words[-1]


def _given(form) -> str | None:
    if len(form.words) >= 2:
        return form.words[0]
    if form.title is None and is_first_name(form.words[0]):
        return form.words[0]
    return None


def _unreal_near(model: StoryModel, pi: int, verb: Token, lex: LifeLexicon) -> bool:
    """A dream, ghost, vision, portrait, letter or memory in the act's sentence, earlier in
    its paragraph, or in the narration of the few paragraphs before it in its scene.

    A character's name is no frame ("Mr. Hosmer Angel"), and a document or a spirit - the
    nouns of `unreal_nouns`, "a note", "his spirit", "the story" - frames only from the
    act's own sentence or the `unreal_nouns_sentences` sentences before it: a long
    paragraph that mentions a note early on is not all about that note. Words inside
    dialogue frame nothing, here as in the paragraphs before: '"...not as lonely as I
    imagined he was." The door opened and Tom came in' is no memory, and a dead man's
    '"I dreamed of you," said Tom' is his speaking; and a dream or memory denied ("had never
    dreamed of") is none (sixth pass)."""
    index = model.get(PRONOUNS)
    quotes = model.get(QUOTES)

    def no_frame(where: int, tok: Token) -> bool:
        """Spoken, part of a character's name, or a verb denied ("had never dreamed of")."""
        if quotes is not None and quotes.in_quote(where, tok.i):
            return True
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in tok.children):
            return True  # "such as the simple American had never dreamed of": no dream
        if index is None:
            return False
        mention = index.mention_at(where, tok.i)
        return mention is not None and mention.kind is not MentionKind.PRONOUN

    if any(_frames(t, verb, lex) and not no_frame(pi, t) for t in verb.sent):
        return True
    parsed = model.parsed[pi]
    sentences = [s.start for s in parsed.doc.sents if s.start < verb.sent.start]
    reach = lex.unreal_nouns_sentences
    if reach < 0:
        near: int | None = 0  # no limit: every earlier sentence of the paragraph
    else:
        near = sentences[-min(reach, len(sentences))] if reach and sentences else None
    for t in parsed.doc:
        if t.i >= verb.sent.start:
            break
        if no_frame(pi, t) or not _frames(t, None, lex):
            continue
        own = t.lower_ in lex.unreal_words or t.lower_ in lex.unreal_own_words
        if own or (near is not None and t.i >= near):
            return True
    scene = (parsed.chapter_index, parsed.scene_index)
    for back in range(pi - 1, max(-1, pi - 1 - lex.unreal_reach), -1):
        before = model.parsed[back]
        if (before.chapter_index, before.scene_index) != scene:
            break
        nouns = pi - back <= lex.unreal_nouns_reach
        for t in before.doc:
            if no_frame(back, t):
                continue  # "I will", "a letter from Tom" in dialogue frame nothing
            if t.lower_ in lex.unreal_words or nouns and _frames(t, None, lex):
                return True
    return False


def _frames(token: Token, verb: Token | None, lex: LifeLexicon) -> bool:
    """Does this word make the act a dream, a ghost, a document or a memory?

    Not the act's own verb ("Tom wrote a letter"), and not a document the act handles
    ("Tom answered the letter", "walked down to post a letter").
    """
    if verb is not None and (token.i == verb.i or _same_doer(token, verb)):
        return False  # "sat down and wrote a letter": the act's own doer writing
    lower = token.lower_
    if lower in lex.unreal_words or lower in lex.unreal_own_words:
        return True
    if lower in lex.unreal_near_words:
        return True  # a frame from the act's own sentence or the one before (`_unreal_near`)
    if lower not in lex.unreal_nouns or token.pos_ not in ("NOUN", "PROPN"):
        return False
    return verb is None or not _handled_by(token, verb)


def _same_doer(token: Token, verb: Token) -> bool:
    """A verb conjoined to the act's verb with no subject of its own ("sat down and wrote a
    letter", "came in, wrote a note"): done by the one who acts, so no frame."""
    if token.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return False
    return token in verb.conjuncts


def _handled_by(noun: Token, verb: Token) -> bool:
    """Is the noun the direct object of the verb, or of a verb in its clause's
    complements ("walked down to post a letter")?"""
    node = noun
    if node.dep_ != "dobj":
        return False
    for _ in range(4):
        node = node.head
        if node.i == verb.i:
            return True
        if node.dep_ not in ("xcomp", "advcl", "conj", "ccomp") or node.head.i == node.i:
            return False
    return False
