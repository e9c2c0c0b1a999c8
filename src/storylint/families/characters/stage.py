"""The facts stage: one pass over the tokens, `model.get(FACTS)` at the end.

Why trigger words: descriptions of characters are rare (a few hundred in a
novel of 100,000 words), so the stage looks each token up in one dictionary
of trigger words built from the lexicon and parses around the few that match.
Narrative modes are computed only for paragraphs with a trigger.

Other fact extractors (relations, life and death) add themselves to
`EXTRACTORS`: each is "module:function", `function(model) -> list[CharacterFact]`;
their facts join the same list, sorted in reading order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.attrs import LOWER

from storylint import lexicons
from storylint.families.characters import background, marks, physical
from storylint.families.characters.context import UNKNOWN, ParagraphContext
from storylint.families.characters.fallback import narrator_id
from storylint.families.characters.layer import FACTS, CharacterFact
from storylint.families.characters.lexicon import Lexicon, load_lexicon
from storylint.families.characters.owners import NARRATOR
from storylint.pipeline.layers import CANON, CHARACTERS, PRONOUNS, QUOTES, SPEAKERS
from storylint.pipeline.stages import stage

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.model import StoryModel

Handler = Callable[[ParagraphContext, "Token"], None]

# Extra extractors run after the attribute pass; each returns facts to add.
EXTRACTORS: list[str] = []


@stage(requires=[PRONOUNS, SPEAKERS, QUOTES, CANON], provides=[FACTS])
def extract_facts(model: StoryModel) -> None:
    """Every fact the text states about a character (eyes, hair, marks, ...), in reading order."""
    facts: list[CharacterFact] = []
    index = model.get(PRONOUNS)
    if index is not None and index.characters:
        facts = extract_attributes(model)
    for spec in EXTRACTORS:
        module_name, function_name = spec.split(":")
        facts.extend(getattr(importlib.import_module(module_name), function_name)(model))
    facts.sort(key=lambda f: (f.parsed_index, f.token_i))
    model.set(FACTS, facts)


def extract_attributes(model: StoryModel) -> list[CharacterFact]:
    """Physical attributes, marks and background of every character."""
    index = model.get(CHARACTERS)
    lex = load_lexicon()
    facts: list[CharacterFact] = []
    if not model.parsed:
        return facts
    # Token hashes, not Token objects: making a Token costs more than the whole lookup,
    # and only a few hundred of a novel's 150,000 tokens are triggers.
    strings = model.parsed[0].doc.vocab.strings
    triggers = {strings[word]: handler for word, handler in _triggers().items()}
    keys = frozenset(triggers)
    for pi, parsed in enumerate(model.parsed):
        doc = parsed.doc
        lowers = doc.to_array(LOWER).tolist()
        if keys.isdisjoint(lowers):
            continue
        ctx = ParagraphContext(model, pi, index, lex, facts)
        for i, key in enumerate(lowers):
            handler = triggers.get(key)
            if handler is not None:
                handler(ctx, doc[i])
    if any(f.character_id == NARRATOR for f in facts):
        named = narrator_id(model, index)  # "My name is Juno Fairweather": "my eyes" are hers
        if named is not None:
            for fact in facts:
                if fact.character_id == NARRATOR:
                    fact.character_id = named
                    fact.extra["narrator"] = True
    return facts


def _change(
    attribute: str, literal: Callable[[ParagraphContext, Token], bool] | None = None
) -> Handler:
    """An explaining word (dyed, thinner, promoted): an event for the character the
    sentence is about, or for nobody we know (which explains a change for anyone).
    `literal`, when given, keeps only the word's literal sense ("a disguised excitement"
    disguises nobody)."""

    def handler(ctx: ParagraphContext, token: Token) -> None:
        if literal is not None and not literal(ctx, token):
            return
        owner = ctx.sentence_owner(token)
        fact = ctx.add_event(owner, attribute, token.lower_, token)
        # How far the change explains (rules._explained): a wig or a disguise is off again
        # after its scene, and a word nobody could be tied to (a "tint" in someone's talk,
        # "wigs" in a shop) may be about anyone, so it excuses only its own chapter.
        if token.lower_ in ctx.lex.words("passing_change_words"):
            fact.extra["reach"] = "scene"
        elif owner == UNKNOWN:
            fact.extra["reach"] = "chapter"

    return handler


def _hair_literal(ctx: ParagraphContext, token: Token) -> bool:
    """A dye, wig or disguise word said of a person or of hair: "her dyed hair", "a dyed
    blonde", "she dyed it", "disguised himself", "in a wig"; not "a disguised excitement",
    "tinted glasses", "dyed the silk", "disguised her feelings", "a very full and rich tint"."""
    lex = ctx.lex
    wanted = lex.people | lex.words("hair_nouns") | frozenset(lex.raw["hair_person_nouns"])

    def about_person(noun: Token) -> bool:
        return (
            noun.pos_ in ("PRON", "PROPN")
            or noun.lower_ in wanted
            or noun.lemma_.lower() in wanted
            or ctx.index.mention_at(ctx.pi, noun.i) is not None
        )

    if token.dep_ == "amod" and token.head.i != token.i:
        return about_person(token.head)
    if token.pos_ == "NOUN" and token.lower_ in lex.words("colour_sense_nouns"):
        return any(c.dep_ == "compound" and c.lower_ in wanted for c in token.children)
    if token.pos_ == "VERB":
        objects = [c for c in token.children if c.dep_ == "dobj"]
        return not objects or any(about_person(o) for o in objects)
    return True


def _glasses_literal(ctx: ParagraphContext, token: Token) -> bool:
    """A new prescription, failing sight; "need" only as a need to come ("he would need
    glasses for reading"): "had never needed glasses" is a state, not a change."""
    if token.lemma_.lower() != "need":
        return token.dep_ not in ("poss", "compound")
    return any(
        c.dep_ == "aux" and c.lower_ in ("would", "will", "'d", "'ll") for c in token.children
    ) and any(
        c.dep_ == "dobj" and c.lower_ in ctx.lex.words("glasses_nouns") for c in token.children
    )


def _chain(*handlers: Handler) -> Handler:
    def handler(ctx: ParagraphContext, token: Token) -> None:
        for h in handlers:
            h(ctx, token)

    return handler


@lexicons.cache
def _triggers() -> dict[str, Handler]:
    lex = load_lexicon()
    table: dict[str, list[Handler]] = {}

    def on(words, handler: Handler) -> None:
        for word in words:
            handlers = table.setdefault(str(word).lower(), [])
            if handler not in handlers:
                handlers.append(handler)

    on(["eye", "eyes"], physical.feature)
    on(lex.words("hair_nouns"), physical.feature)
    on(lex.words("hair_head_nouns"), physical.feature)
    on(["eyed", "haired", "headed"], physical.compound_feature)
    on(lex.raw["hair_person_nouns"], physical.hair_person)
    on([*lex.heights, *lex.builds], physical.stature)
    on(["handed", "hander", *lex.handedness], physical.handedness)
    on(lex.words("glasses_nouns"), physical.glasses)
    on(lex.raw["mark_nouns"], marks.mark)
    on(lex.words("injury_mark_nouns"), marks.mark)
    on(lex.raw["mark_adjectives"], marks.marked_part)
    injuring = lex.words("injury_verbs") | lex.words("injury_verbs_with_place")
    on(_inflections(lex, injuring), marks.injury_event)
    on(["up", "raised", "reared", "bred", *lex.words("childhood_nouns")], background.grew_up)
    on(["native", "hailed", "hails", "hail"], background.native)
    on([*lex.occupations, *lex.rank_titles], background.occupation)
    on([*lex.rank_titles, *(f"{title}." for title in lex.rank_titles)], background.rank_title)
    on(lex.words("rank_change_words"), background.rank_change)
    on(lex.words("hair_change_words"), _change("hair", literal=_hair_literal))
    on(lex.words("build_change_words"), _change("build"))
    on(lex.words("height_change_words"), _change("height"))
    on(lex.words("eye_change_words"), _change("eyes"))
    on(lex.words("glasses_change_words"), _change("glasses", literal=_glasses_literal))
    return {word: _chain(*hs) if len(hs) > 1 else hs[0] for word, hs in table.items()}


IRREGULAR = {
    "shot": "shoot", "struck": "strike", "stricken": "strike", "hit": "hit", "cut": "cut",
    "burnt": "burn", "bit": "bite", "bitten": "bite", "broke": "break", "broken": "break",
    "stung": "sting", "hurt": "hurt",
}  # fmt: skip


def _inflections(lex: Lexicon, lemmas: frozenset[str]) -> list[str]:
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms.update({lemma, lemma + "s", lemma + "ed", lemma + "d", stem + "ing", stem + "ed"})
        if (
            len(lemma) > 2
            and lemma[-1] not in "aeiouwy"
            and lemma[-2] in "aeiou"
            and (lemma[-3] not in "aeiou")
        ):
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})  # stabbed
    forms.update(form for form, lemma in IRREGULAR.items() if lemma in lemmas)
    return sorted(forms)
