"""Eyes, hair, height, build, handedness and glasses, read off the parse.

Each function is called on one trigger token (see `storylint.families.characters.stage`)
and adds at most one fact. What counts as a colour of eyes or hair, and what
makes a colour a passing state ("blue with cold", "red-rimmed", "gold in the
sunlight", "his eyes went black") is data in attributes.yaml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storylint.families.characters.context import ParagraphContext
from storylint.families.characters.lexicon import Palette, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

    from storylint.families.characters.owners import Owner

# Dependents of a colour word that tie it to something other than the feature.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "advcl", "npadvmod"})
MODIFIER_STOP_POS = frozenset({"DET", "ADP", "VERB", "AUX", "PRON", "PART", "SCONJ", "NUM"})
SIMILE_NOUNS = frozenset({"colour", "color", "hue", "shade", "tint"})
APPOSED_DEPS = frozenset({"appos", "amod", "conj"})
# A noun inside the phrase that still describes its head ("sky blue", "china-blue").
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "punct"})


# --- colours of eyes and hair ------------------------------------------------------


def modifier_tokens(noun: Token) -> list[Token]:
    """The words right before a noun inside its phrase: "her large, dark blue eyes" ->
    large , dark blue. Stops at determiners, possessors and verbs."""
    tokens: list[Token] = []
    i = noun.i - 1
    doc = noun.doc
    while i >= 0 and not doc[i + 1].is_sent_start:
        tok = doc[i]
        if tok.dep_ in ("poss", "case", "det") or tok.pos_ in MODIFIER_STOP_POS:
            break
        if tok.pos_ == "PUNCT" and tok.text not in ("-", ","):
            break
        if tok.pos_ == "PROPN":
            break
        if tok.pos_ == "NOUN" and tok.dep_ not in NOUN_MODIFIER_DEPS and not _colour_word(tok):
            break  # "brown hair, light-gray eyes": the hair's colour is not the eyes'
        tokens.append(tok)
        i -= 1
    tokens.reverse()
    return tokens


def _colour_word(token: Token) -> bool:
    """A colour of eyes or hair, whatever the tagger calls it ("the grey and black eyes")."""
    lex = load_lexicon()
    return bool(lex.eyes.families(token.lower_) or lex.hair.families(token.lower_))


def words_of(tokens: list[Token]) -> list[str]:
    """Lower-cased words with hyphenated compounds joined: blue - grey -> blue-grey."""
    words: list[str] = []
    glue = False
    for tok in tokens:
        text = tok.lower_
        if text == "-":
            glue = bool(words)
        elif text in (",", "and", "or"):
            glue = False
        elif glue:
            words[-1] = f"{words[-1]}-{text}"
            glue = False
        else:
            words.append(text)
    return words


def families_of(palette: Palette, words: list[str]) -> frozenset[str]:
    found: set[str] = set()
    for word in words:
        found |= palette.families(word)
    return palette.combine(found)


def _temporary(ctx: ParagraphContext, words: list[str]) -> bool:
    temporary = ctx.lex.words("temporary_words")
    return any(w in temporary or w.split("-")[-1] in temporary for w in words)


def passing_prep(ctx: ParagraphContext, prep: Token) -> bool:
    """A preposition that makes a colour a passing state: "with cold", "from the soot"
    always; "in", "under", "against" only with light or weather ("in the sunlight", "under
    the streetlights"), not "in the wing mirror"."""
    if prep.dep_ != "prep":
        return False
    word = prep.lower_
    if word in ctx.lex.words("temporary_preps"):
        return True
    if word not in ctx.lex.words("light_preps"):
        return False
    lights = ctx.lex.words("light_nouns")
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            words = {pobj.lower_, pobj.lemma_.lower(), *pobj.lower_.split("-")}
            words |= {c.lower_ for c in pobj.children if c.dep_ == "compound"}
            return bool(words & lights)
    return True  # no object we can read: keep the old caution


def _passing_state(ctx: ParagraphContext, colour: Token) -> bool:
    """ "blue with cold", "gold in the sunlight", "dark with anger", "too dark to see"."""
    for child in colour.children:
        if passing_prep(ctx, child):
            return True
        if child.dep_ in COMPLEMENT_DEPS:
            return True
        if child.dep_ == "advmod" and child.lower_ in ("now", "suddenly", "too"):
            return True
    return False


def _predicate_colours(
    ctx: ParagraphContext, noun: Token, palette: Palette
) -> tuple[list[Token], bool]:
    """Colour words predicated of the noun: "Ivy's eyes were blue", "were a deep blue".
    Returns (tokens, changed): changed when a verb of becoming takes a colour ("her hair
    had turned white"). A verb of becoming without one says nothing about a colour
    written before the noun: "her black hair shone in the sun" is still black hair."""
    head = noun.head
    if noun.dep_ not in ("nsubj",) or head.i == noun.i:
        return [], False
    lemma = head.lemma_
    change = lemma in ctx.lex.words("change_verbs")
    if lemma != "be" and not change:
        return [], False
    if (
        lemma == "be"
        and any(c.dep_ == "aux" and c.lemma_ in ("have",) for c in head.children)
        and not any(c.lower_ in ctx.lex.words("lasting_adverbs") for c in head.children)
    ):
        # "his hair had been red": past, and said as past; not "had always been golden"
        return [], False
    if any(passing_prep(ctx, c) for c in head.children):
        return [], False  # "her hair was gold in the sunlight" (the parse hangs "in" on "was")
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in ("acomp", "attr", "oprd"):
            candidates = [child, *[c for c in child.conjuncts]]
            for cand in candidates:
                if _passing_state(ctx, cand):
                    return [], False
                words = words_of([*modifier_tokens(cand), cand])
                if _temporary(ctx, words):
                    return [], False
                if families_of(palette, words):
                    found.extend([*modifier_tokens(cand), cand])
    return found, change and bool(found)


def _of_colours(noun: Token, palette: Palette) -> list[Token]:
    """ "eyes of the deepest blue", "hair of a rich auburn", "eyes of a bluish hue";
    not "relieving his eyes of an ugly black spot"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if palette.families(pobj.lower_):
                    return [*modifier_tokens(pobj), pobj]
                if pobj.lower_ in SIMILE_NOUNS:
                    return [*modifier_tokens(pobj), pobj]
    return []


def _colour_of(noun: Token, palette: Palette, is_eye: bool) -> list[Token]:
    """ "The brown of Zava's eyes was the first thing anyone noticed", "the gold of her
    hair": a colour noun with "the" whose "of" phrase is the feature; not "the whites of his
    eyes", which every eye has."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == prep.i:
        return []
    colour = prep.head
    if colour.pos_ != "NOUN" or not palette.families(colour.lower_):
        return []
    if is_eye and colour.lower_ in ("white", "whites"):
        return []
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in colour.children):
        return []
    return [colour]


def _apposed_colours(ctx: ParagraphContext, noun: Token, palette: Palette) -> list[Token]:
    """A colour set off by a comma right after the noun: "Anna's eyes, a clear grey,",
    "her hair, black and thick,", "Tom's eyes, grey and cold,"."""
    doc = noun.doc
    if noun.i + 2 >= len(doc) or doc[noun.i + 1].text != ",":
        return []
    for child in noun.children:
        # up to five words on: "her hair, a thick red mass," (the head word is "mass")
        if child.i <= noun.i + 1 or child.i > noun.i + 6 or child.dep_ not in APPOSED_DEPS:
            continue
        return _colour_words(ctx, [c for c in (child, *child.conjuncts) if c.i > noun.i], palette)
    return []


def _colour_words(ctx: ParagraphContext, cands: list[Token], palette: Palette) -> list[Token]:
    """The colour words among predicated words and their modifiers; none at all when one of
    them is a passing state or a temporary look ("grey with dust", "red with cold")."""
    found: list[Token] = []
    for cand in cands:
        if _passing_state(ctx, cand):
            return []
        words = words_of([*modifier_tokens(cand), cand])
        if _temporary(ctx, words):
            return []
        if families_of(palette, words):
            found.extend([*modifier_tokens(cand), cand])
    return found


def _relative_colours(ctx: ParagraphContext, noun: Token, palette: Palette) -> list[Token]:
    """A colour predicated in a relative clause on the noun: "his eyes, which were brown,",
    "with eyes that were green and very tired". Not a negated clause ("that were not
    blue"), nor a verb of becoming ("which had turned grey": that is a change)."""
    for clause in noun.children:
        if clause.dep_ != "relcl" or clause.lemma_ != "be":
            continue
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lower_ not in ("which", "that"):
            continue
        if any(c.dep_ == "neg" for c in clause.children):
            return []
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in clause.children):
            return []  # "which had been red": said as past
        cands = [
            cand
            for child in clause.children
            if child.dep_ in ("acomp", "attr")
            for cand in (child, *child.conjuncts)
        ]
        return _colour_words(ctx, cands, palette)
    return []


def _sequence_colours(ctx: ParagraphContext, noun: Token, palette: Palette) -> list[Token]:
    """Word patterns after the noun that the parse often gets wrong:
    "eyes as blue as the sea", "eyes, blue as cornflowers", "eyes the colour of slate"."""
    doc = noun.doc
    end = min(len(doc), noun.i + 10)  # the patterns are short; Token.sent is slow
    i = noun.i + 1
    if i < end and doc[i].text == ",":
        i += 1
    if i + 1 < end and doc[i].lower_ == "as" and palette.families(doc[i + 1].lower_):
        if i + 2 < end and doc[i + 2].lower_ in ("as", "like"):
            return [doc[i + 1]]
    if i + 1 < end and palette.families(doc[i].lower_) and doc[i + 1].lower_ in ("as", "like"):
        return [doc[i]]
    similes = ctx.lex.raw["colour_similes"]
    if i + 1 < end and doc[i].lower_ == "like":  # "eyes like sapphires"
        j = i + 1
        while j < end and j < i + 4 and doc[j].pos_ in ("DET", "ADJ"):
            j += 1
        if j < end and doc[j].lower_ in similes and (j + 1 >= end or doc[j + 1].lower_ != "of"):
            return [doc[j]]
    if i + 3 < end and doc[i].lower_ == "the" and doc[i + 1].lower_ in SIMILE_NOUNS:
        if doc[i + 2].lower_ == "of":
            j = i + 3
            while j < end and j < i + 7:
                word = doc[j].lower_
                if word in similes:
                    return [doc[j]]
                if doc[j].pos_ in ("NOUN", "PROPN"):
                    break
                j += 1
    return []


def _simile_families(ctx: ParagraphContext, palette: Palette, tokens: list[Token]) -> set[str]:
    similes = ctx.lex.raw["colour_similes"]
    found: set[str] = set()
    for tok in tokens:
        word = tok.lower_
        if word in similes and not palette.families(word):
            family = similes[word]
            if family in palette.words.values():
                found.add(family)
    return found


def feature(ctx: ParagraphContext, noun: Token) -> None:
    """Eyes or hair: colour (and, for hair, style)."""
    word = noun.lower_
    is_eye = word in ("eye", "eyes")
    attribute = "eyes" if is_eye else "hair"
    if noun.pos_ not in ("NOUN", "PROPN"):
        return
    palette = ctx.lex.eyes if is_eye else ctx.lex.hair
    owner = ctx.owners.of_feature(noun)
    if owner is None and word == "hair":
        owner = ctx.owners.placed_by_part(noun)  # "pushed red hair out of her eyes"
    if owner is None:
        return
    before = modifier_tokens(noun)
    if word in ctx.lex.words("hair_head_nouns"):
        # "bent his fair head": a head is hair only with its owner and a hair colour
        if ctx.owners.possessor(noun) is None or not any(
            palette.families(t.lower_) for t in before
        ):
            return
    elif word not in ("hair", "eyes") and ctx.owners.possessor(noun) is None:
        # "curls", "locks", a single "eye" only as "her curls", "his good eye", or, for
        # hair, with a hair colour in the phrase: "she had blonde curls", "a girl with
        # raven locks" (not "the locks of the canal", "a fringe of trees")
        if is_eye or not any(palette.families(t.lower_) for t in before):
            return
    if not is_eye and _trim(ctx, noun, before):
        return  # "his gold braid" on a uniform
    before_words = words_of(before)
    if _temporary(ctx, before_words):
        return
    colour_tokens = [t for t in before if palette.families(t.lower_) or t.text == "-"]
    predicate, changed = _predicate_colours(ctx, noun, palette)
    of_tokens = _of_colours(noun, palette) + _colour_of(noun, palette, is_eye)
    sequence = _sequence_colours(ctx, noun, palette)
    apposed = _apposed_colours(ctx, noun, palette) + _relative_colours(ctx, noun, palette)
    value_tokens = [*before, *predicate, *of_tokens, *sequence, *apposed]
    families = set(families_of(palette, words_of(before)))
    families |= families_of(palette, words_of(predicate))
    families |= families_of(palette, words_of(of_tokens))
    families |= families_of(palette, [t.lower_ for t in sequence])
    families |= families_of(palette, words_of(apposed))
    families |= _simile_families(ctx, palette, [*of_tokens, *sequence])
    families = set(palette.combine(families))
    if families:
        if is_eye and noun.lower_ == "eye" and families & {"black", "dark"}:
            return  # "a black eye" is a bruise
        if any(
            palette.relation(frozenset({a}), frozenset({b})) == "conflict"
            for a in families
            for b in families
        ):
            return  # "one blue eye and one brown": not a single colour to compare
        quoted = [noun, *[t for t in value_tokens if t is not None]]
        trigger_tokens = [noun, *(predicate[-1:] if predicate else [])]
        # "his brown eyes", "her eyes, a clear grey,": a noun phrase, not a predicate
        presupposed = not predicate and ctx.owners.possessor(noun) is not None
        mode = ctx.mode(trigger_tokens, attribute, presupposed=presupposed)
        if mode is None:
            return
        value = "/".join(sorted(families))
        if changed:
            ctx.add(
                owner,
                attribute,
                value,
                noun,
                quoted,
                mode,
                families=frozenset(families),
                event="changed",
            )
            return
        ctx.add(owner, attribute, value, noun, quoted, mode, families=frozenset(families))
    if (
        not is_eye
        and colour_tokens == []
        and before_words
        and word not in ctx.lex.words("hair_head_nouns")  # "his bald head": not a style
    ):
        _hair_style(ctx, owner, noun, before, before_words)


def _trim(ctx: ParagraphContext, noun: Token, before: list[Token]) -> bool:
    """A hair noun in its other sense: "gold braid" on a uniform (`hair_noun_trims`)."""
    trims = ctx.lex.raw.get("hair_noun_trims", {}).get(noun.lower_, [])
    return any(t.lower_ in trims for t in before)


def _hair_style(
    ctx: ParagraphContext, owner: Owner, noun: Token, before: list[Token], words: list[str]
) -> None:
    styles = ctx.lex.words("hair_styles")
    found = [w for w in words if w in styles]
    if not found:
        return
    mode = ctx.mode([noun], "hair_style")
    if mode is None:
        return
    ctx.add(owner, "hair_style", found[-1], noun, [*before, noun], mode)


def compound_feature(ctx: ParagraphContext, token: Token) -> None:
    """ "blue-eyed", "dark-haired", "red-headed": the colour before the hyphen, the owner the noun
    or subject the adjective describes."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-":
        return
    is_eye = token.lower_ == "eyed"
    palette = ctx.lex.eyes if is_eye else ctx.lex.hair
    attribute = "eyes" if is_eye else "hair"
    parts: list[Token] = []
    i = token.i - 2
    while i >= 0 and doc[i].pos_ in ("ADJ", "NOUN", "ADV", "VERB", "PROPN"):
        parts.insert(0, doc[i])  # "grey - green - eyed": words joined by hyphens
        if i < 2 or doc[i].is_sent_start or doc[i - 1].text != "-":
            break
        parts.insert(0, doc[i - 1])
        i -= 2
    words = words_of(parts)
    if token.lower_ == "headed" and set(words) & ctx.lex.words("headed_not_hair"):
        return  # "light-headed" is dizzy; "red-headed", "fair-headed" are hair
    owner = _described_owner(ctx, token)
    if owner is None and parts:
        owner = _set_off_after_name(ctx, parts[0])
    if owner is None:
        return
    families = families_of(palette, words)
    if not families:
        if not is_eye:
            styles = ctx.lex.words("hair_styles")
            found = [w for w in words if w in styles]
            mode = ctx.mode([token], "hair_style")
            if found and mode:
                ctx.add(owner, "hair_style", found[-1], token, [*parts, token], mode)
        return
    mode = ctx.mode([token], attribute)
    if mode is None:
        return
    ctx.add(
        owner,
        attribute,
        "/".join(sorted(families)),
        token,
        [*parts, token],
        mode,
        families=families,
    )


def hair_person(ctx: ParagraphContext, noun: Token) -> None:
    """A person named by the colour of their hair, said of a character: "Ivy, the
    redhead,", "Ivy was a redhead", "she was a natural blonde" (`hair_person_nouns`). A
    redhead who is nobody we know ("the redhead laughed") is left alone."""
    if noun.pos_ != "NOUN":
        return
    value = ctx.lex.raw["hair_person_nouns"].get(noun.lower_)
    if value is None:
        return
    owner = ctx.owners.nominal(noun) if noun.dep_ in ("appos", "attr") else None
    if owner is None:
        return
    families = ctx.lex.hair.families(value)
    if not families:
        return
    mode = ctx.mode([noun], "hair")
    if mode is None:
        return
    quoted = [*modifier_tokens(noun), noun]
    ctx.add(owner, "hair", "/".join(sorted(families)), noun, quoted, mode, families=families)


def _set_off_after_name(ctx: ParagraphContext, first: Token) -> Owner | None:
    """The character named just before a comma that opens the adjective's phrase: "Amory,
    black-haired and sunburnt, waved", whatever the parse hangs the adjective on (after
    "Amory grinned." it may take "black" for a noun of its own). A name only: "he,
    red-haired," is not how anyone writes."""
    doc = first.doc
    start = first.i
    if start < 2 or doc[start - 1].text != ",":
        return None
    before = doc[start - 2]
    if before.pos_ == "PRON":
        return None  # the parse may tag the name anything ("Amory" an adjective)
    owner = ctx.owners.of_token(before)
    return owner if owner is not None and not owner.by_pronoun else None


def _described_owner(ctx: ParagraphContext, adjective: Token) -> Owner | None:
    """Who an adjective describes: the noun it modifies, or the subject it is predicated of."""
    head = adjective.head
    dep = adjective.dep_
    if dep == "conj":
        first = adjective
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.pos_ in ("PROPN", "PRON") and first.i < adjective.i:
            # the parse's "Ivy, grey-eyed and pale, sat down": set off after the name
            return ctx.owners.of_token(first)
        if first.i != adjective.i:
            return _described_owner(ctx, first)
    if dep in ("amod", "compound") and head.i != adjective.i:
        if head.pos_ == "PROPN" or ctx.owners.of_token(head) is not None:
            return ctx.owners.of_token(head)
        if head.lower_ in ctx.lex.words("person_nouns"):
            return ctx.owners.nominal(head)
        if head.lower_ in ctx.lex.words("frame_nouns"):
            return ctx.owners.possessor(head)
        return None
    if dep in ("acomp", "oprd") and head.lemma_ == "be":
        return ctx.owners.subject(head)
    if dep == "appos" or (dep == "amod" and head.pos_ == "PROPN"):
        return ctx.owners.of_token(head)
    return None


# --- height and build --------------------------------------------------------------


def stature(ctx: ParagraphContext, adjective: Token) -> None:
    """ "a tall man" (a named character), "Derek was tall", "her slender frame"."""
    if adjective.tag_ not in ("JJ", "NN", "VBN") or adjective.pos_ not in ("ADJ", "NOUN", "VERB"):
        return
    word = adjective.lower_
    attribute = "height" if word in ctx.lex.heights else "build"
    value = ctx.lex.heights.get(word) or ctx.lex.builds.get(word)
    if value is None:
        return
    first = adjective
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    head = first.head
    changed = False
    if first.dep_ in ("acomp", "oprd", "attr"):
        if head.lemma_ in ctx.lex.words("change_verbs"):
            changed = True
        elif any(
            c.dep_ == "advmod" and c.lower_ == "now" for c in (*head.children, *first.children)
        ):
            changed = True  # "Finn was tall now": said against what he was before
        elif head.lemma_ != "be":
            return  # "looked tall", "seemed thin": an impression
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children) and not changed:
            return  # "had been thin": the past, said as past
    for tok in (adjective, first):
        if _passing_state(ctx, tok) or any(
            c.dep_ == "prep" or (c.dep_ == "advmod" and c.lower_ in ("enough", "too", "as"))
            for c in tok.children
        ):
            return  # "tall for her age", "short of breath", "short with her", "too short"
    owner = _described_owner(ctx, first) if not changed else ctx.owners.subject(head)
    if owner is None:
        return
    mode = ctx.mode([adjective, head] if first.dep_ != "amod" else [adjective], attribute)
    if mode is None:
        return
    note = ""
    children = ctx.lex.words("child_nouns")
    if first.dep_ in ("amod", "compound") and head.lower_ in children:
        note = "child"
    elif first.dep_ in ("acomp", "oprd") and any(
        c.dep_ in ("attr", "appos") and c.lower_ in children for c in head.children
    ):
        note = "child"  # "Finn was short, the shortest boy in Year Seven"
    quoted = [adjective, head] if first.dep_ in ("amod",) else [adjective]
    ctx.add(
        owner,
        attribute,
        value,
        adjective,
        quoted,
        mode,
        families=frozenset({value}),
        note=note,
        event="changed" if changed else None,
    )


# --- handedness ---------------------------------------------------------------------


def handedness(ctx: ParagraphContext, token: Token) -> None:
    """ "left-handed" (three tokens), "a left-hander", "ambidextrous"."""
    doc = token.doc
    word = token.lower_
    quoted = [token]
    anchor = token
    if word in ("handed", "hander"):
        if token.i < 2 or doc[token.i - 1].text != "-":
            return
        side = doc[token.i - 2]
        word = f"{side.lower_}-{word}"
        quoted.append(side)
        if side.pos_ == "VERB" and side.lemma_ == "leave":
            # "was left-handed" is parsed as the verb "left" with "handed" as its oprd
            anchor = side
            owner = ctx.owners.subject(side)
        else:
            owner = _described_owner(ctx, token)
    else:
        owner = _described_owner(ctx, token)
    value = ctx.lex.handedness.get(word)
    if value is None or owner is None:
        return
    mode = ctx.mode([anchor, token], "handedness")
    if mode is None:
        return
    ctx.add(owner, "handedness", value, token, quoted, mode, families=frozenset({value}))


# --- glasses ------------------------------------------------------------------------


def glasses(ctx: ParagraphContext, noun: Token) -> None:
    """ "his spectacles", "wore glasses", "peered over her glasses"; and "had never
    needed glasses" (value "no")."""
    lex = ctx.lex
    before = words_of(modifier_tokens(noun))
    if any(w in lex.words("not_glasses_modifiers") for w in before):
        return
    head = noun.head
    word = noun.lower_
    verb = head if noun.dep_ == "dobj" else None
    prep = head if noun.dep_ == "pobj" else None
    if word == "glasses":
        # "glasses" are also what one drinks from: only "his glasses", "wore glasses",
        # "reading glasses", "never needed glasses" are about eyesight.
        eyesight = (
            ctx.owners.possessor(noun) is not None
            or (verb is not None and verb.lemma_ in lex.words("no_glasses_verbs"))
            or any(w in lex.words("glasses_modifiers") for w in before)
        )
        if not eyesight:
            return
    owner = ctx.owners.possessor(noun)
    if owner is None and verb is not None:
        owner = ctx.owners.subject(verb)
    if owner is None and prep is not None and prep.head.pos_ in ("VERB",):
        owner = ctx.owners.subject(prep.head)
    if owner is None:
        return
    anchor = verb or noun
    if (
        verb is not None
        and verb.lemma_ in lex.words("no_glasses_verbs")
        and ctx.owners.possessor(noun) is None
        and ctx.negated_narration(verb)
        and (any(c.lower_ == "never" for c in verb.children) or verb.lemma_ == "need")
    ):
        ctx.add(owner, "glasses", "no", noun, [verb, noun], "negated", families=frozenset({"no"}))
        return
    mode = ctx.mode([anchor, noun], "glasses")
    if mode is None:
        return
    quoted = [noun] if verb is None else [verb, noun]
    ctx.add(owner, "glasses", "yes", noun, quoted, mode, families=frozenset({"yes"}))
