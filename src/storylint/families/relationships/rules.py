"""Relationships: a character's mother, father, spouse or only sibling changes name.

Both rules read the relations layer (`storylint.families.relationships.stage`): what the
narration states about who is whose mother, sister or husband, with the
relative's given name when the text shows one. Only given names decide that
two relatives differ ("Mary" and "Anne"; never "Mrs. Bell" and "Mary", which
may be one woman), pet forms count as the same name ("Polly" is Mary), and
people have several sisters, brothers, sons and daughters, so those are
compared only when the text says "his only sister". A new spouse (or
stepparent) is no slip when the text in between tells a death, a wedding or a
divorce, or calls one of them "late", "first" or "second".
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from storylint.families.characters.owners import NARRATOR
from storylint.families.life.layer import LIFE
from storylint.families.relationships.stage import (
    RELATIONS,
    Relation,
    given_name,
    holder_resolver,
    load_lexicon,
    same_given,
    same_person,
)
from storylint.findings import Evidence, Severity
from storylint.people.entities import MentionKind
from storylint.people.names import parse_name
from storylint.pipeline.layers import CANON, CHARACTERS, QUOTES
from storylint.rules.registry import rule

if TYPE_CHECKING:
    from storylint.families.relationships.stage import RelationsLexicon
    from storylint.model import StoryModel
    from storylint.people.entities import CharacterIndex
    from storylint.rules.context import RuleContext

FAMILY = "relationships"
WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")


def _evidence(relation: Relation, role: str) -> Evidence:
    ev = relation.evidence
    return Evidence(ev.source, ev.start, ev.end, role)


def _grouped(model: StoryModel, lex: RelationsLexicon) -> dict[tuple[int, str], list[Relation]]:
    groups: dict[tuple[int, str], list[Relation]] = defaultdict(list)
    for relation in model.get(RELATIONS):
        groups[(relation.character_id, lex.group(relation.attribute))].append(relation)
    return groups


def _single(lex: RelationsLexicon) -> frozenset[str]:
    """Groups a person has one of at a time: mother, father, spouse (`unique` in the lexicon)."""
    return frozenset(lex.group(relation) for relation in lex.unique)


def _confidence(a: Relation, b: Relation, base: float) -> float:
    """Each holder told by a pronoun ("his wife") or tied by the fallback may be someone
    else's: less sure."""
    doubt = 0.1 * (a.by_pronoun or a.guessed) + 0.1 * (b.by_pronoun or b.guessed)
    return round(base - doubt, 3)


def _holder_name(index: CharacterIndex, holder: int, relation: Relation) -> str:
    if holder == NARRATOR:
        return "the narrator"  # "my mum, Janet" in first-person narration
    if relation.holder_name is not None:
        return relation.holder_name  # someone the index does not list ("Elodie Price")
    return index.by_id(holder).name


IMPLIED_BASE = 0.65  # "her son, Ethan," ... "her son, Noah,": each set off as the one son


# --- REL001 ----------------------------------------------------------------------


@rule(
    "REL001",
    "relative-name-changed",
    Severity.WARNING,
    "A character's mother, father, spouse or only sibling or child is given another name later.",
    FAMILY,
    requires=[RELATIONS, CHARACTERS, LIFE],
    messages={
        "renamed": "{Name}'s {relative} is called {later} here, but {first} earlier.",
        "only": "{Name}'s only {only} is {given}, but {name}'s {relative} is called {other} "
        "elsewhere.",
    },
)
def relative_name_changed(ctx: RuleContext) -> None:
    model = ctx.model
    index = model.get(CHARACTERS)
    lex = load_lexicon()
    single = _single(lex)
    for (holder, group), statements in _grouped(model, lex).items():
        if group in single:
            pair = _unique_conflict(model, index, lex, group, statements)
        else:
            pair = _only_conflict(statements) or _implied_conflict(statements)
        if pair is not None:
            _report_renamed(ctx, index, holder, *pair)


def _unique_conflict(
    model: StoryModel,
    index: CharacterIndex,
    lex: RelationsLexicon,
    group: str,
    statements: list[Relation],
) -> tuple[Relation, Relation] | None:
    if group == "spouse" and any(s.serial for s in statements):
        return None  # "his late wife", "her second husband": more than one over time
    named = [s for s in statements if s.given and not s.serial]
    for i, first in enumerate(named):
        for later in named[i + 1 :]:
            if same_person(first, later) is False:
                if _explained(model, index, lex, first, later):
                    return None
                return first, later
    return None


def _only_conflict(statements: list[Relation]) -> tuple[Relation, Relation] | None:
    """ "his only sister Mary" and, before or after, "his sister Anne"."""
    for only in statements:
        if not only.exclusive or only.given is None:
            continue
        for other in statements:
            if other is only or other.serial:
                continue
            if same_person(only, other) is False:
                return (only, other) if only.order < other.order else (other, only)
    return None


def _implied_conflict(statements: list[Relation]) -> tuple[Relation, Relation] | None:
    """ "her son, Ethan," and later "her son, Noah,": each set off by commas as the one son,
    and nothing in the text says she has several (no "sons", "another son", "two sons")."""
    implied = [s for s in statements if s.implied and s.given and not s.serial]
    for i, first in enumerate(implied):
        for later in implied[i + 1 :]:
            if same_person(first, later) is False:
                return first, later
    return None


def _explained(
    model: StoryModel, index: CharacterIndex, lex: RelationsLexicon, a: Relation, b: Relation
) -> bool:
    """A wedding or a divorce (a death too, for a spouse) told between the two statements,
    or in the later one's paragraph, or after the first one's sentence in its paragraph: "had
    been married to his wife, Beth," does not explain a second wife.

    The word must be said of them: its sentence names the holder (a name or a pronoun tied
    to them) or one of the two relatives. In dialogue only names count, or the holder
    speaking of their own kin ("My wife died in May," said Tom): a wedding someone else
    talks about ("Irene Adler is married," remarked Holmes) explains nothing."""
    life = model.get(LIFE)
    spouse = lex.group(a.attribute) == "spouse"
    if spouse and a.other_id is not None and life.dead_before(a.other_id, b.parsed_index):
        return True
    words_explaining = lex.explanations if spouse else lex.parent_explanations
    about = _About(model, index, lex, a, b)
    for pi in range(a.parsed_index, b.parsed_index + 1):
        parsed = model.parsed[pi]
        if set(WORD_RE.findall(parsed.paragraph.text.lower())).isdisjoint(words_explaining):
            continue
        doc = parsed.doc
        after = 0
        if pi == a.parsed_index and pi != b.parsed_index:
            after = doc[min(a.token_i, len(doc) - 1)].sent.end
        lowered = doc.text.lower()
        for sent in doc.sents:
            if sent.start < after:
                continue
            for tok in sent:
                match = WORD_RE.match(lowered, tok.idx)
                if match and match.group(0) in words_explaining and about.said_of(pi, sent, tok):
                    return True
    return False


FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours"})


class _About:
    """Whether a sentence speaks of a holder or of the two relatives compared."""

    def __init__(
        self, model: StoryModel, index: CharacterIndex, lex: RelationsLexicon, a: Relation,
        b: Relation,
    ) -> None:  # fmt: skip
        self.model = model
        self.index = index
        self.holder = a.character_id
        self.relatives = {r.other_id for r in (a, b) if r.other_id is not None}
        self.names = {r.given.lower() for r in (a, b) if r.given}
        for r in (a, b):
            form = parse_name(r.name.split())
            self.names |= {w.lower() for w in form.words} if form is not None else set()
        self.kin = {w for w, rel in lex.kinship.items() if lex.group(rel) == lex.group(a.attribute)}
        self.death_words = lex.death_words
        self.quotes = model.get(QUOTES)
        self.first_person = self.holder == NARRATOR or a.narrated or b.narrated
        self.resolver = holder_resolver(model, index)

    def said_of(self, pi: int, sent, word) -> bool:
        doc = sent.doc
        death = word.lower_ in self.death_words
        quote = self.quotes.quote_at(pi, word.i) if self.quotes is not None else None
        if quote is not None:
            span = range(max(sent.start, quote.token_start), min(sent.end, quote.token_end))
        else:
            span = range(sent.start, sent.end)
        first_person = kin = False
        for i in span:
            tok = doc[i]
            if quote is None and self.quotes is not None and self.quotes.in_quote(pi, i):
                continue
            if tok.text.lower() in self.names and tok.text[:1].isupper():
                return True
            mention = self.index.mention_at(pi, i)
            if mention is not None and mention.character_id in self.relatives:
                return True
            if tok.lower_ in FIRST_PERSON and tok.pos_ == "PRON":
                first_person = True
            kin = kin or (tok.lower_ in self.kin and self._holders_kin(pi, tok, quote))
            if death:
                continue  # a death: the relative's ("Hannah died", "his wife's funeral")
            if quote is not None:
                if (
                    mention is not None
                    and mention.character_id == self.holder
                    and mention.kind is not MentionKind.PRONOUN
                ):
                    return True
                continue
            if self.resolver.refers_to(pi, tok, self.holder):
                return True
        if death and quote is None:
            return kin
        if quote is None:
            return self.first_person and first_person
        # the holder speaking of their own kin: "My wife died in May," said Tom
        return quote.speaker_id == self.holder and first_person and kin

    def _holders_kin(self, pi: int, kin, quote) -> bool:
        """ "his wife", "the wife", not "her husband's death" said of another woman."""
        owner = next((c for c in kin.children if c.dep_ == "poss"), None)
        if owner is None or quote is not None:
            return True
        return owner.lower_ in FIRST_PERSON or self.resolver.refers_to(pi, owner, self.holder)


def lex_unique(relation: str) -> bool:
    """Whether a person has one of this relation at a time (mother, father, spouse)."""
    lex = load_lexicon()
    return lex.group(relation) in _single(lex)


def _report_renamed(
    ctx: RuleContext, index: CharacterIndex, holder: int, first: Relation, later: Relation
) -> None:
    name = _holder_name(index, holder, first)
    word = later.attribute
    only = first.exclusive or later.exclusive
    implied = not only and lex_unique(later.attribute) is False
    renamed = {
        "name": name,
        "Name": name[:1].upper() + name[1:],
        "relative": word,
        "later": later.given,
        "first": first.given,
    }
    if only:
        single = first if first.exclusive else later
        message_id = "only"
        data = {
            "name": name,
            "Name": name[:1].upper() + name[1:],
            "only": single.attribute,
            "given": single.given,
            "relative": word,
            "other": later.given if single is first else first.given,
        }
        explanation = (
            f"The text says {name} has only one {single.attribute}, yet names two: "
            f"{first.given} and {later.given}. Either one name is a slip, or "
            f'"only" is wrong.'
        )
        base = 0.7  # "his sister" may be a sister-in-law in older prose
    elif implied:
        message_id, data = "renamed", renamed
        explanation = (
            f"The narration names {name}'s {first.attribute} {first.given}, set off as the "
            f"one {first.attribute}, then {later.given} the same way, and nothing says there "
            "are several. If it is one person, one of the names is a slip."
        )
        base = IMPLIED_BASE
    else:
        message_id, data = "renamed", renamed
        explanation = (
            f"The narration first names {name}'s {first.attribute} {first.given}, then "
            f"{later.given}, and nothing in between tells a death, a wedding or a divorce. "
            "If it is one person, one of the names is a slip."
        )
        base = 0.8
    ctx.report(
        at=later.parsed_index,
        confidence=_confidence(first, later, base),
        message_id=message_id,
        data=data,
        evidence=[_evidence(first, "established"), _evidence(later, "contradiction")],
        explanation=explanation,
    )


# --- REL002 ----------------------------------------------------------------------


@rule(
    "REL002",
    "relative-contradicts-bible",
    Severity.WARNING,
    "The text names a character's mother, father, spouse or only sibling unlike the bible.",
    FAMILY,
    requires=[RELATIONS, CHARACTERS, CANON],
    messages={
        "bible": "{name}'s {relative} is called {given} here, but {written} in the bible.",
        "bible-only": "{name}'s only {relative} is {given} here, but the story bible lists "
        "{written}.",
    },
)
def relative_contradicts_bible(ctx: RuleContext) -> None:
    model = ctx.model
    canon = model.get(CANON)
    if canon is None:
        return
    index = model.get(CHARACTERS)
    from storylint.people.canon_lookup import canon_facts_of

    lex = load_lexicon()
    groups = _grouped(model, lex)
    holders = {holder for holder, _ in groups}
    for holder in sorted(holders):
        if holder < 0:
            continue  # an unnamed narrator has no bible entry
        facts = canon_facts_of(canon, index, index.by_id(holder))
        declared: dict[str, list] = defaultdict(list)
        for fact in facts:
            attribute = str(fact.attribute).lower()
            if attribute in lex.groups.values() or attribute in lex.kinship.values():
                declared[lex.group(attribute)].append(fact)
        for group, group_facts in declared.items():
            statements = groups.get((holder, group), [])
            found = _against_bible(lex, group, group_facts, statements)
            if found is not None:
                _report_bible(ctx, index, holder, *found)


def _fact_given(fact) -> str | None:
    written = str(getattr(fact, "written", "") or fact.value)
    if written.islower():  # a normalised value ("ann lynn"): names are capitalised
        written = written.title()
    return given_name(written.split())


def _against_bible(lex: RelationsLexicon, group: str, facts: list, statements: list[Relation]):
    """(bible fact, text statement) that disagree, or None."""
    if not statements:
        return None
    all_givens = [(f, _fact_given(f)) for f in facts]
    givens = [(f, g) for f, g in all_givens if g]
    if not givens:
        return None
    if group in _single(lex):
        if any(s.serial for s in statements) and group == "spouse":
            return None
        named = [s for s in statements if s.given and not s.serial]
        if any(same_person(a, b) is False for a in named for b in named):
            return None  # the text itself names two: REL001's business, or a remarriage
        for statement in named:
            assert statement.given  # `named` keeps statements with a given name
            if not any(same_given(g, statement.given) for _, g in givens):
                return givens[0][0], statement
        return None
    for statement in statements:
        if statement.exclusive and statement.given:
            if len(givens) > 1 or not same_given(givens[0][1], statement.given):
                other = next((f for f, g in givens if not same_given(g, statement.given)), None)
                return (other or givens[0][0]), statement
    for statement in statements:
        # "His sister, Miriam," set off as the one sister, and no sister of the bible's
        # (which lists every one) is called so
        if statement.implied and statement.given and not statement.serial:
            if not any(same_given(g, statement.given) for _, g in givens):
                return givens[0][0], statement
    return None


def _report_bible(ctx: RuleContext, index, holder: int, fact, statement: Relation) -> None:
    name = index.by_id(holder).name
    written = str(getattr(fact, "written", "") or fact.value)
    ev = fact.evidence
    ctx.report(
        at=statement.parsed_index,
        confidence=round(
            (0.75 if statement.exclusive or lex_unique(statement.attribute) else IMPLIED_BASE)
            - 0.15 * (statement.by_pronoun or statement.guessed),
            3,
        ),
        message_id="bible-only" if statement.exclusive else "bible",
        data={
            "name": name,
            "relative": statement.attribute,
            "given": statement.given,
            "written": written,
        },
        evidence=[
            Evidence(ev.source, ev.start, ev.end, "canon"),
            _evidence(statement, "contradiction"),
        ],
        explanation=(
            f"The story bible gives {name}'s {fact.attribute} as {written}; the narration "
            f"calls them {statement.name}. Correct whichever is wrong."
        ),
    )
