"""Scars, tattoos, birthmarks and wounds, and where on the body they are.

A mark is worth comparing only with its place: "a scar on his left cheek",
"the wound in his shoulder", "his scarred cheek", "a shoulder wound". The
article matters to the rules: "a scar" may be a new one, "the scar" and "his
scar" point back to one the reader already knows. Verbs that injure ("was
shot in the leg", "broke his arm") are events: a new wound, so a wound in a new
place after one is never a contradiction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.characters.context import ParagraphContext

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.characters.owners import Owner

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
NEW = frozenset({"another", "new", "fresh", "second", "other"})
NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos"})


def _place(ctx: ParagraphContext, part: Token) -> tuple[str, str | None, list[Token]] | None:
    """(part, side, tokens) for a body-part noun; "the left side of his face" -> face, left."""
    body = ctx.lex.body
    word = part.lower_
    if word in ("side",):
        side = _side(ctx, part)
        for child in part.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and body.region(pobj.lower_):
                        return pobj.lower_, side, [part, pobj]
        if side is not None:
            return None  # "his left side" might be anywhere down the body
    if body.region(word) is None:
        return None
    return word, _side(ctx, part), [part]


def _side(ctx: ParagraphContext, part: Token) -> str | None:
    sides = ctx.lex.body.sides
    for child in part.children:
        if child.dep_ in ("amod", "compound") and child.lower_ in sides:
            return sides[child.lower_]
    return None


def _located(ctx: ParagraphContext, holder: Token) -> tuple[str, str | None, list[Token]] | None:
    """The body part a prepositional phrase under `holder` names."""
    preps = ctx.lex.words("mark_preps")
    for child in holder.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    place = _place(ctx, pobj)
                    if place is not None:
                        return place[0], place[1], [child, *place[2]]
    return None


def _part_owner(ctx: ParagraphContext, tokens: list[Token]) -> Owner | None:
    for tok in tokens:
        if ctx.lex.body.region(tok.lower_) is not None:
            owner = ctx.owners.possessor(tok)
            if owner is not None:
                return owner
    return None


def _part_argument(ctx: ParagraphContext, verb: Token, deps: tuple[str, ...]):
    """A body part that is the verb's argument of one of `deps`, with its place."""
    for child in verb.children:
        if child.dep_ in deps:
            found = _place(ctx, child)
            if found is not None:
                return found
    return None


def _clause_place(ctx: ParagraphContext, noun: Token) -> tuple[str, str | None, list[Token]] | None:
    """Where a mark is when its clause, not its own phrase, says so:
    the mark as subject, placed by its verb ("An old scar ran across his left cheek", "the
    tattoo was on her wrist", "a scar crossed his left cheek"); a relative clause on the mark
    ("a scar that ran down her arm"); a body part as subject, the mark its agent or object
    ("His left wrist was marked by an old scar", "Her cheek bore a scar")."""
    head = noun.head
    if head.i == noun.i:
        return None
    for child in noun.children:
        if child.dep_ == "relcl":
            found = _located(ctx, child) or _part_argument(ctx, child, ("dobj",))
            if found is not None:
                return found
    if (
        noun.dep_ == "nsubj"
        and head.dep_ == "relcl"
        and any(c.dep_ == "advmod" and c.lower_ == "where" for c in head.children)
    ):
        found = _place(ctx, head.head)  # "went to his right forearm, where the old scar was"
        if found is not None:
            return found
    if noun.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        return _located(ctx, head) or _part_argument(ctx, head, ("dobj",))
    if noun.dep_ == "attr" and head.lemma_ == "be":
        return _located(ctx, head)  # "there was a scar across his cheek"
    verb = None
    if noun.dep_ == "pobj" and head.dep_ == "agent":
        verb = head.head  # "was marked by an old scar"
    elif noun.dep_ == "dobj" and head.lemma_ in ctx.owners.having_verbs:
        verb = head  # "her cheek bore a scar"
    if verb is not None:
        return _part_argument(ctx, verb, ("nsubj", "nsubjpass"))
    return None


def _injury_place(ctx: ParagraphContext, noun: Token) -> tuple[str, str | None, list[Token]] | None:
    """The body part an injury verb of the same sentence hurt, for a definite mark noun in
    a clause joined to it: "She had burnt her left wrist as a child, and the scar had never
    faded" puts the scar on the left wrist. The injury itself is an event (injury_event);
    this reads the lasting mark it left."""
    if not any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE | {"its"} for c in noun.children):
        return None
    clause = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "conj":
        return None
    verb = clause.head
    injuring = ctx.lex.words("injury_verbs") | ctx.lex.words("injury_verbs_with_place")
    if verb.lemma_ not in injuring or verb.i > noun.i:
        return None
    return _located(ctx, verb) or _part_argument(ctx, verb, ("dobj",))


def mark(ctx: ParagraphContext, noun: Token) -> None:
    """A scar, tattoo, birthmark or wound noun."""
    # the small model tags "tattoo" as an adjective or adverb now and then: trust the role,
    # or a determiner or possessor ("kept touching the tattoo on her wrist": advmod)
    misparsed = noun.pos_ not in ("NOUN", "PROPN") and noun.dep_ not in NOMINAL_DEPS
    if misparsed and not any(c.dep_ in ("det", "poss") for c in noun.children):
        return
    attribute = ctx.lex.raw["mark_nouns"].get(noun.lower_)
    injured = _injury_place(ctx, noun)
    if (
        attribute is None
        and injured is not None
        and noun.lower_ in ctx.lex.words("injury_mark_nouns")
    ):
        attribute = "scar"  # "had cut her right hand ..., and the mark had never gone"
    if attribute is None:
        return
    place = _located(ctx, noun)
    if place is None:  # "a tattoo of an anchor on his forearm"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and place is None:
                        place = _located(ctx, pobj)
    head = noun.head
    if place is None and (noun.dep_ in ("dobj", "pobj") or misparsed) and head.i != noun.i:
        # "had a scar on his cheek", "touched the scar on his cheek", "a man with a
        # scar on his chin": the parse often hangs the place on the verb or the man
        place = _located(ctx, head.head if noun.dep_ == "pobj" else head)
    if place is None:
        for child in noun.children:  # "a shoulder wound", "his left-cheek scar"
            if child.dep_ in ("compound", "amod", "nmod") and ctx.lex.body.region(child.lower_):
                place = (child.lower_, _side(ctx, child), [child])
                break
    if place is None:
        place = _clause_place(ctx, noun)
    if place is None and injured is not None:
        place = injured
    # "Orla traced the scar above his eyebrow": the body part's possessor owns the mark,
    # not the one who touches it; "had a scar on her cheek": both are one person
    owner = ctx.owners.possessor(noun) or ctx.owners.of_feature(noun)
    part_owner = _part_owner(ctx, place[2]) if place is not None else None
    if part_owner is not None and (
        owner is None
        or (part_owner.character_id != owner.character_id and ctx.owners.possessor(noun) is None)
    ):
        owner = part_owner
    if owner is None:
        return
    determiners = {c.lower_ for c in noun.children if c.dep_ in ("det", "amod")}
    has_poss = any(c.dep_ == "poss" for c in noun.children)
    definite = bool(determiners & DEFINITE) or has_poss
    # "wouldn't see the birthmark on her shoulder": a mark referred back to is taken for
    # granted by its clause, as "his brown eyes" is; a new one ("a scar") is asserted
    mode = ctx.mode([noun], attribute, presupposed=definite)
    if mode is None:
        return
    note = "new" if determiners & NEW else ""
    part, side, part_tokens = place if place is not None else (None, None, [])
    value = part or ""
    if side and part:
        value = f"{side} {part}"
    ctx.add(
        owner,
        attribute,
        value,
        noun,
        [noun, *part_tokens],
        mode,
        body_part=part,
        side=side,
        definite=definite,
        plural=noun.tag_ == "NNS",
        note=note,
    )


def marked_part(ctx: ParagraphContext, adjective: Token) -> None:
    """ "his scarred cheek", "her tattooed arm", "his wounded leg"; and said of the part:
    "his left hand was badly scarred", "her forearm was tattooed with an anchor" (for
    scars and tattoos only: a wounded part is an injury event, `injury_event`)."""
    attribute = ctx.lex.raw["mark_adjectives"].get(adjective.lower_)
    if attribute is None:
        return
    part: Token | None = adjective.head
    definite = True
    if adjective.dep_ != "amod":
        part = _predicated_part(ctx, adjective) if attribute in ("scar", "tattoo") else None
        definite = False  # asserted, as "a scar on his hand" is
    if part is None or part.i == adjective.i:
        return
    place = _place(ctx, part)
    if place is None:
        return
    owner = ctx.owners.possessor(part) or ctx.owners.of_feature(part)
    if owner is None:
        return
    mode = ctx.mode([adjective, part], attribute)
    if mode is None:
        return
    name, side, tokens = place
    ctx.add(
        owner,
        attribute,
        f"{side} {name}" if side else name,
        adjective,
        [adjective, *tokens],
        mode,
        body_part=name,
        side=side,
        definite=definite,
    )


def _predicated_part(ctx: ParagraphContext, adjective: Token) -> Token | None:
    """The body part a mark adjective is predicated of: "his cheek was scarred" (acomp of
    "was"), "her forearm was tattooed" (a passive participle), not "the scarred man"."""
    if adjective.dep_ == "acomp" and adjective.head.lemma_ == "be":
        holder = adjective.head
    elif any(c.dep_ == "auxpass" for c in adjective.children):  # tagged VERB or ADJ
        holder = adjective
    else:
        return None
    for child in holder.children:
        if child.dep_ in ("nsubj", "nsubjpass") and _place(ctx, child) is not None:
            return child
    return None


def _touches_a_mark(ctx: ParagraphContext, verb: Token) -> bool:
    """The verb's object is a mark ("scratched at the scar", "cut across the old tattoo")."""
    marks = ctx.lex.raw["mark_nouns"]
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ in marks:
            return True
        if child.dep_ == "prep":
            if any(g.dep_ == "pobj" and g.lower_ in marks for g in child.children):
                return True
    return False


def injury_event(ctx: ParagraphContext, verb: Token) -> None:
    """ "was wounded in the shoulder", "shot him in the leg", "broke his arm": a new injury."""
    lemma = verb.lemma_
    needs_place = lemma in ctx.lex.words("injury_verbs_with_place")
    if verb.pos_ != "VERB" or not (needs_place or lemma in ctx.lex.words("injury_verbs")):
        return
    if not ctx.in_narration(verb):
        return
    if _touches_a_mark(ctx, verb):
        return  # "scratched absently at the scar on his temple": the old mark, no new hurt
    place = _located(ctx, verb)
    victim = None
    for child in verb.children:
        if child.dep_ == "dobj" and ctx.owners.of_token(child) is None:
            if _place(ctx, child) is None:
                return  # "scratched the tattoo", "cut the bread": nobody is hurt
        if child.dep_ in ("nsubjpass", "dobj"):
            if place is None and child.dep_ == "dobj":
                found = _place(ctx, child)
                if found is not None:
                    place = found
                    victim = ctx.owners.possessor(child)
                    continue
            victim = victim or ctx.owners.of_token(child)
    if (victim is None and place is None) or (needs_place and place is None):
        return  # "struck a match", "it struck me": nobody hurt
    character = victim.character_id if victim is not None else ctx.sentence_owner(verb)
    attribute = {"scar": "scar", "tattoo": "tattoo", "brand": "scar"}.get(verb.lemma_, "injury")
    quoted = [verb, *(place[2] if place else [])]
    confidence = 0.5
    by_pronoun = victim is not None and victim.by_pronoun
    if victim is not None:
        quoted.append(ctx.doc[victim.token_i])
        confidence = 0.7 if victim.by_pronoun else 0.75 if victim.character_id < 0 else 0.85
    place_name = place[0] if place else ""
    event = ctx.add_event(
        character, attribute, f"injured:{place_name}", verb, quoted, confidence, by_pronoun
    )
    event.side = place[1] if place else None  # a new wound there: CHR002 compares the side
