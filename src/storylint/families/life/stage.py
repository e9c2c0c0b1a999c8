"""Life and death: which characters the narration says have died, and what they do after.

The stage `find_deaths` stores a `LifeLayer` in `model.get(LIFE)`:

- `deaths`: every narrated death of a named character, in text order: a
  death verb ("Tom died", "she had drowned", "he passed away"), a killing
  ("Mary killed him", "Tom was hanged"), a stated state ("he lay dead", "Tom
  was found dead"), or a noun that presupposes it ("Tom's funeral", "the late
  Mr. Bell", "after her death", "Tom's widow").
- `acts`: for each dead character, what they do in later paragraphs: an
  affirmed narrated clause whose subject is a name of theirs and whose verb is
  an action or speech verb (data/life.yaml `acting_verbs`).
- `revived` / `doubtful`: characters whose death the text itself undoes ("he
  was alive after all") or contradicts by letting them act page after page.

Why so strict: a dead character who speaks in chapter 12 is a slip a reader
will write to the author about, but most "deaths" a parser finds in
published novels are not: a father and son share a name ("the late Mr.
Darcy"), a funeral is held for a boy who is hiding in the gallery, a ghost
walks, a death is a false report. Only affirmed narration counts (never
dialogue, hypotheticals, wishes, questions); a memory of a death still counts
as a death, but a memory of the character acting is not an act. A dead
character who acts in more than `max_acts_after_death` later paragraphs, in
more than `max_scenes_after_death` scenes, is taken as "not dead" rather than
as a long string of mistakes (`acts.alive_after_all`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storylint.families.life.acts import Scope, acts_after, alive_after_all, flashback_paragraphs
from storylint.families.life.deaths import DeathFinder
from storylint.families.life.layer import LIFE, Act, Death, LifeLayer
from storylint.families.life.lexicon import LifeLexicon, load_lexicon
from storylint.families.life.tense import present_tense_chapters
from storylint.nlp.wordscan import tokens_with_words
from storylint.pipeline.layers import CANON, PRONOUNS, QUOTES, SPEAKERS
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from storylint.model import StoryModel

__all__ = ["Act", "Death", "LifeLayer", "death_anchors", "deaths", "find_deaths", "load_lexicon"]


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[LIFE])
def find_deaths(model: StoryModel) -> None:
    """Which characters the narration says have died, and what they do after (a LifeLayer)."""
    index = model.get(PRONOUNS)
    layer = LifeLayer(characters=index)
    model.set(LIFE, layer)
    if index is None or not index.characters:
        return
    lex = load_lexicon()
    present = present_tense_chapters(model)
    finder = DeathFinder(model, index, lex, lambda pi: model.parsed[pi].chapter_index in present)
    for pi, hits in tokens_with_words(model, lex.triggers):
        layer.deaths.extend(finder.paragraph(pi, hits))
    if not layer.deaths and model.get(CANON) is None:
        return
    scope = Scope(frozenset(flashback_paragraphs(model, lex)), present)
    for cid, chain in death_chains(layer.deaths).items():
        mentions = index.by_id(cid).mentions
        retold = tuple(p for c, p in finder.told if c == cid)
        death, acts, revived = _measured(model, mentions, chain, lex, scope, retold)
        layer.anchors[cid] = death
        if revived:
            layer.revived.add(cid)
        if acts:
            layer.acts[cid] = acts
            if alive_after_all(model, acts, lex):
                layer.doubtful.add(cid)
    _canon_deaths(model, layer, lex, scope)


def death_chains(found: list[Death]) -> dict[int, list[Death]]:
    """The deaths each character's later acts may be measured from, in text order.

    Those told by name ("Tom died", "Tom's funeral"); those told only by a pronoun ("he
    died") when there is none by name, since a pronoun is resolved to the wrong person now
    and then.
    """
    chains: dict[int, list[Death]] = {}
    for death in found:
        chain = chains.setdefault(death.character_id, [])
        if chain and chain[0].by_pronoun and not death.by_pronoun:
            chain.clear()
        if not chain or death.by_pronoun == chain[0].by_pronoun:
            chain.append(death)
    return chains


def death_anchors(found: list[Death]) -> dict[int, Death]:
    """The first death of each character's chain (`death_chains`)."""
    return {cid: chain[0] for cid, chain in death_chains(found).items()}


def _measured(
    model: StoryModel,
    mentions: list,
    chain: list[Death],
    lex: LifeLexicon,
    scope: Scope,
    retold: tuple[int, ...],
) -> tuple[Death, list[Act], bool]:
    """The death the rules weigh, with the acts after it and whether the text revives them.

    Of the deaths followed by acts that are neither undone nor page after page of living,
    the best told (an event - "was killed" - over a noun - "Harry's funeral" -, plain
    narration over news or a narrator looking back), the first of equals; when there is
    none, the first death. Why not always the first: a character's later death is often
    the real one, the first another person the character stage merged with them ("the
    funeral of my poor boy Harry" and Sir Henry Curtis, who dies much later).
    """
    first = None
    best = None
    for death in chain:
        acts, revived = acts_after(model, mentions, death, lex, scope, retold=retold)
        if first is None:
            first = (death, acts, revived)
        if acts and not revived and not alive_after_all(model, acts, lex):
            if best is None or _told_better(death, best[0]):
                best = (death, acts, revived)
    assert first is not None  # a chain is never empty
    return best or first


def _told_better(death: Death, than: Death) -> bool:
    """Is this death told more plainly than the other (an event, not news, not a look back)?"""

    def plain(d: Death) -> tuple[bool, bool, bool]:
        return (d.event, not d.hearsay, not d.frame)

    return plain(death) > plain(than)


def _canon_deaths(model: StoryModel, layer: LifeLayer, lex: LifeLexicon, scope: Scope) -> None:
    """Acts of characters the story bible declares dead (`dead`) or dying in a chapter
    (`died_in`), measured from the story's start or from the end of that chapter."""
    canon = model.get(CANON)
    index = layer.characters
    if canon is None or index is None:
        return
    from storylint.people.canon_lookup import canon_facts_of

    for character in index.characters:
        facts = canon_facts_of(canon, index, character)
        dead = next((f for f in facts if f.attribute == "dead" and f.value == "true"), None)
        died_in = next((f for f in facts if f.attribute == "died_in"), None)
        fact = dead or died_in
        if fact is None:
            continue
        after = -1
        if dead is None:
            assert died_in is not None  # fact is one of the two
            chapter = _chapter_index(model, died_in.value)
            if chapter is None:
                continue
            after = max(
                (pi for pi, p in enumerate(model.parsed) if p.chapter_index <= chapter), default=-1
            )
        acts, _ = acts_after(model, character.mentions, None, lex, scope, after=after)
        if acts:
            layer.canon_acts[character.id] = (fact, acts)


def _chapter_index(model: StoryModel, value: str) -> int | None:
    """The chapter a bible's `died: {chapter: ...}` names: its number or its heading."""
    chapters = model.manuscript.chapters
    wanted = " ".join(str(value).split()).lower()
    for chapter in chapters:
        if chapter.title and " ".join(chapter.title.split()).lower() == wanted:
            return chapter.index
    number = re.search(r"\d+", wanted)
    if number is None:
        return None
    n = int(number.group())
    for chapter in chapters:
        title = (chapter.title or "").lower()
        if re.search(rf"(?<!\d){n}(?!\d)", title):
            return chapter.index
    return n - 1 if 0 < n <= len(chapters) else None


def deaths(model: StoryModel, include_uncertain: bool = False) -> list[Death]:
    """The first credible death of each character, for the story bible and a series.

    Left out: a death the text undoes (revival) or contradicts page after page
    (the character goes on acting: more likely a shared name or a false report
    than a death); and, unless `include_uncertain`, a death told only through a
    pronoun ("he died": the pronoun may be resolved to the wrong person) or as
    news ("word came that Tom had been killed").
    """
    layer = model.get(LIFE)
    result: dict[int, Death] = {}
    for death in layer.deaths:
        cid = death.character_id
        if cid in result or cid in layer.revived or cid in layer.doubtful:
            continue
        if include_uncertain or not (death.by_pronoun or death.hearsay):
            result[cid] = death
    return list(result.values())
