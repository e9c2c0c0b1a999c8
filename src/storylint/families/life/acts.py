"""What a dead character does after their death: the acts the LIF rules report.

An act is a later paragraph in which one of the character's names is the
subject of an action or speech verb in affirmed narration - not a memory, a
dream, a ghost, a letter or a flashback chapter - under a name that can be
the name that died.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.life.deaths import FINITE
from storylint.families.life.layer import Act, written_name
from storylint.nlp.modes import NARR, paragraph_mode_bits
from storylint.people.entities import MentionKind
from storylint.people.names import is_first_name, parse_name, same_given_name
from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.life.layer import Death
    from storylint.families.life.lexicon import LifeLexicon
    from storylint.model import StoryModel
    from storylint.people.entities import Mention


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
    flashback: set[int],
    after: int = -1,
) -> tuple[list[Act], bool]:
    """The character's acts in later paragraphs, and whether the text revives them.

    Measured from `death` (a narrated one), or from paragraph `after` (the
    bible's). An act under a name that cannot be the dead person's ("Aunt
    March died" ... "said Mrs. March") is someone else's.
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
        if mention.kind is MentionKind.PRONOUN or pi in flashback:
            continue
        if quotes is not None and quotes.in_quote(pi, mention.token_start):
            continue
        act = _act(model, pi, tok, mention, lex)
        if (
            act is not None
            and death is not None
            and not _same_form(death.name, act.name, lex.kin_titles)
        ):
            continue
        if act is not None and not _unreal_near(model, pi, tok.sent, lex):
            acts.append(act)
            acting_paragraphs.add(pi)
            if len(acting_paragraphs) > lex.max_acts_after_death:
                break  # alive after all: no need to read further
    return acts, revived


def _act(model: StoryModel, pi: int, tok: Token, mention: Mention, lex: LifeLexicon) -> Act | None:
    """The mention as the subject of an affirmed, narrated action or speech verb."""
    subj = tok
    while subj.dep_ == "conj" and subj.head is not subj and subj.head.dep_ != "ROOT":
        subj = subj.head  # "Tom and Mary walked in"
    if subj.dep_ != "nsubj":
        return None
    verb = subj.head
    if verb.pos_ != "VERB" or verb.tag_ not in FINITE:
        return None
    if verb.dep_ in ("relcl", "acl"):
        return None  # "the shells that Ray once brought her": a description, not a scene
    if any(c.dep_ == "advmod" and c.lower_ in lex.past_adverbs for c in verb.children):
        return None  # "Ray once brought her shells": before the story's now
    lemma = verb.lemma_.lower()
    if lemma not in lex.acting_verbs:
        return None
    if paragraph_mode_bits(model, pi)[verb.i] != NARR:
        return None
    parsed = model.parsed[pi]
    doc = parsed.doc
    lo, hi = min(mention.token_start, verb.i), max(mention.token_end - 1, verb.i)
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("prt", "dobj", "prep", "advmod"):
            hi = max(hi, min(child.right_edge.i, verb.sent.end - 1))
    if hi - lo > 25:
        hi = max(mention.token_end - 1, verb.i)
    start = parsed.offset + doc[lo].idx
    end = parsed.offset + doc[hi].idx + len(doc[hi].text)
    return Act(mention.character_id, pi, start, end, lemma, written_name(doc, mention))


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


def _unreal_near(model: StoryModel, pi: int, sent, lex: LifeLexicon) -> bool:
    """A dream, ghost, vision, portrait, letter or memory in this sentence or just before."""
    words = lex.unreal_words
    if any(t.lower_ in words for t in sent):
        return True
    parsed = model.parsed[pi]
    for t in parsed.doc:
        if t.i >= sent.start:
            break
        if t.lower_ in words:
            return True
    scene = (parsed.chapter_index, parsed.scene_index)
    for back in range(pi - 1, max(-1, pi - 4), -1):
        before = model.parsed[back]
        if (before.chapter_index, before.scene_index) != scene:
            break
        if any(t.lower_ in words for t in before.doc):
            return True
    return False
