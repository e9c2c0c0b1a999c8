"""Where a character grew up, what they do, and their rank.

Hometown comes from "grew up in X", "was brought up / raised / bred in X",
"spent her childhood in X", "a native of X", "hailed from X", with X a proper
name (or "the village of X"). Occupation from a predicate or apposition ("Derek
was a doctor", "Derek Hale, a lawyer,", "worked as a nurse"). Rank from the
title a character is named with ("Captain Hale") and from "was a captain".
Narrated changes of rank ("was promoted") are events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.characters.context import ParagraphContext
from storylint.families.characters.owners import Owner
from storylint.nlp.modes import NARR
from storylint.people.entities import MentionKind

if TYPE_CHECKING:
    from spacy.tokens import Token


PLACE_PREPS = frozenset({"in", "at", "near", "on", "among", "around"})
PLACE_NOUNS = frozenset(
    {"town", "village", "city", "county", "parish", "hamlet", "farm", "port", "island", "valley"}
)
FORMER = frozenset({"former", "retired", "ex", "late", "old", "one-time", "sometime"})
WORK_VERBS = frozenset({"work", "serve", "employ", "train", "practise", "practice", "earn"})


def _place_name(tok: Token, depth: int = 0) -> list[Token] | None:
    """The tokens of a proper place name: "New York", "the village of Hatherleigh"."""
    if tok.pos_ == "PROPN" and tok.text[:1].isupper():
        start = tok.i
        doc = tok.doc
        while (
            start > 0
            and not doc[start].is_sent_start
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
        ):
            start -= 1
        return list(doc[start : tok.i + 1])
    if depth == 0 and tok.lower_ in PLACE_NOUNS:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "near"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return _place_name(pobj, depth + 1)
    return None


def _places_under(verb: Token, preps: frozenset[str] = PLACE_PREPS) -> list[list[Token]]:
    places = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                for candidate in (pobj, *pobj.conjuncts):
                    name = _place_name(candidate)
                    if name is not None:
                        places.append(name)
    return places


def _add_hometown(
    ctx: ParagraphContext, owner: Owner | None, trigger: Token, places: list[list[Token]]
) -> None:
    if owner is None or not places:
        return
    mode = ctx.mode([trigger], "hometown")
    if mode is None:
        return
    values = [" ".join(t.text for t in name) for name in places]
    quoted = [trigger, *[t for name in places for t in name]]
    ctx.add(
        owner,
        "hometown",
        values[0].lower(),
        trigger,
        quoted,
        mode,
        extra={"places": [v.lower() for v in values], "written": values[0]},
    )


def grew_up(ctx: ParagraphContext, token: Token) -> None:
    """ "up" of "grew up" / "brought up"; "raised", "reared", "bred"; "childhood"."""
    word = token.lower_
    if word == "up":
        verb = token.head
        if token.dep_ != "prt" or verb.lemma_ not in ("grow", "bring"):
            return
        owner = ctx.owners.subject(verb)
        _add_hometown(ctx, owner, verb, _places_under(verb))
        return
    if word in ("raised", "reared", "bred"):
        if token.pos_ != "VERB":
            return
        if not any(c.dep_ == "auxpass" for c in token.children) and token.dep_ != "conj":
            return  # "raised his glass": not upbringing
        places = _places_under(token)
        if not places and token.dep_ == "conj":  # "born and raised in Leeds"
            places = _places_under(token.head)
        owner = ctx.owners.subject(token)
        _add_hometown(ctx, owner, token, places)
        return
    if word in ctx.lex.words("childhood_nouns") and token.dep_ == "dobj":
        verb = token.head
        if verb.lemma_ != "spend" or ctx.owners.possessor(token) is None:
            return
        owner = ctx.owners.possessor(token)
        _add_hometown(ctx, owner, verb, _places_under(verb))


def native(ctx: ParagraphContext, token: Token) -> None:
    """ "a native of Leeds", "hailed from Leeds"."""
    if token.lower_ == "native" and token.pos_ == "NOUN":
        owner = ctx.owners.nominal(token)
        _add_hometown(ctx, owner, token, _places_under(token, frozenset({"of"})))
    elif token.lemma_ == "hail" and token.pos_ == "VERB":
        owner = ctx.owners.subject(token)
        _add_hometown(ctx, owner, token, _places_under(token, frozenset({"from"})))


def occupation(ctx: ParagraphContext, noun: Token) -> None:
    """ "Derek was a doctor", "Derek Hale, a lawyer,", "she worked as a nurse"."""
    if noun.pos_ != "NOUN" or noun.tag_ != "NN":
        return
    word = noun.lower_
    lex = ctx.lex
    group = lex.occupations.get(word)
    rank = lex.rank_titles.get(word)
    if group is None and rank is None:
        return
    dep = noun.dep_
    head = noun.head
    owner = None
    if dep == "attr" and head.lemma_ == "be":
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children):
            return  # "had been a sailor": the past
        owner = ctx.owners.subject(head)
    elif dep == "appos":
        owner = ctx.owners.of_token(head)
    elif dep == "pobj" and head.lower_ == "as" and head.head.lemma_ in WORK_VERBS:
        owner = ctx.owners.subject(head.head)
    if owner is None:
        return
    modifiers = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "advmod")}
    if modifiers & FORMER or any(c.dep_ == "poss" for c in noun.children):
        return  # "a former soldier", "his doctor": not what they are
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children) and rank is None:
        return  # "the captain of the team": a role, not a trade
    mode = ctx.mode([noun, head], "occupation")
    if mode is None:
        return
    quoted = [noun, *[c for c in noun.children if c.dep_ in ("det", "amod", "compound")]]
    if group is not None:
        ctx.add(owner, "occupation", word, noun, quoted, mode, families=group)
    if rank is not None and any(c.dep_ == "det" for c in noun.children):
        # "a captain in the Guards"; not "Captain Pannel, commander" (his role on board)
        ctx.add(owner, "rank", rank, noun, quoted, mode, families=frozenset({rank}))


def rank_change(ctx: ParagraphContext, token: Token) -> None:
    """ "was promoted", "reduced to the ranks": a change of rank explains a new one."""
    if token.pos_ not in ("VERB", "NOUN", "ADJ"):
        return
    owner = None
    if token.pos_ == "VERB":
        owner = ctx.owners.subject(token)
    character = owner.character_id if owner is not None else ctx.sentence_owner(token)
    ctx.add_event(character, "rank", token.lower_, token)


def rank_title(ctx: ParagraphContext, token: Token) -> None:
    """ "Captain Hale": a narrated name mention that starts with a rank title."""
    mention = ctx.index.mention_at(ctx.pi, token.i)
    if (
        mention is None
        or mention.kind is MentionKind.PRONOUN
        or mention.token_start != token.i
        or mention.token_end - mention.token_start < 2
        or ctx.bits[token.i] != NARR  # not a title said in dialogue or remembered
    ):
        return
    rank = ctx.lex.rank_titles.get(token.lower_.rstrip("."))
    if rank is None:
        return
    owner = Owner(mention.character_id, token.i, False)
    tokens = list(ctx.doc[mention.token_start : mention.token_end])
    ctx.add(
        owner,
        "rank",
        rank,
        token,
        tokens,
        "narration",
        families=frozenset({rank}),
        note="title",
    )
