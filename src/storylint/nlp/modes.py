"""Narrative mode of a clause: is this a narrated, affirmed fact of the story world?

Later rules only build the world from facts the narrator asserts. A clause is
not such a fact when it is speech ("dialogue": characters lie and guess), a
hypothetical or counterfactual ("he would have stayed"), a wish, intention or
attempt ("he wanted to say"), negated ("she wasn't wearing the Chanel"), a
question asked in narration, or a memory the text marks ("he remembered",
"years ago", a paragraph opening in the past perfect). False positives here
only cost recall; a missed hypothetical costs a false alarm, so the lists lean
towards "not a fact".

Modes are computed once per paragraph, on first use, as a bit mask per token
(the mode of the clause that token belongs to), and cached in
`model.memo["modes"]`; the whole book costs one pass over its tokens.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from storylint import lexicons
from storylint.nlp.grammar import regular_forms
from storylint.pipeline.layers import QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storylint.model import StoryModel


class Mode(StrEnum):
    NARRATION = "narration"
    DIALOGUE = "dialogue"
    HYPOTHETICAL = "hypothetical"  # also future, imperative and speculation ("maybe")
    WISH = "wish"  # wishes, intentions, attempts, commands
    NEGATED = "negated"
    QUESTION = "question"
    MEMORY = "memory"


_ORDER = list(Mode)
_BIT = {mode: 1 << i for i, mode in enumerate(_ORDER)}
NARR = _BIT[Mode.NARRATION]
DIAL = _BIT[Mode.DIALOGUE]
HYPO = _BIT[Mode.HYPOTHETICAL]
WISH = _BIT[Mode.WISH]
NEG = _BIT[Mode.NEGATED]
QUES = _BIT[Mode.QUESTION]
MEM = _BIT[Mode.MEMORY]

CLAUSE_DEPS = frozenset(
    "ROOT ccomp xcomp advcl conj relcl acl csubj csubjpass parataxis pcomp".split()
)
# Dependents that carry their governing clause's hypothetical/wish/memory scope.
SUBORDINATE_DEPS = frozenset("ccomp xcomp advcl csubj csubjpass pcomp".split())
COMPLEMENT_DEPS = frozenset("ccomp xcomp".split())
SUBJECT_DEPS = frozenset("nsubj nsubjpass expl csubj".split())


@lexicons.cache
def _lexicon() -> dict:
    data = dict(lexicons.load_lexicon_data("modes"))
    for key in ("wish_verbs", "negating_verbs", "hypothetical_verbs", "memory_verbs"):
        data[key] = _inflect(data[key])
    for key in (
        "modal_hypothetical",
        "modal_with_perfect_only",
        "conditional_marks",
        "speculative_adverbs",
        "negative_words",
        "negative_determiners",
        "negating_prepositions",
    ):
        data[key] = frozenset(data[key])
    data["conditional_pairs"] = frozenset(tuple(p) for p in data["conditional_pairs"])
    phrases = sorted(data["memory_phrases"], key=len, reverse=True)
    data["memory_re"] = re.compile(
        r"(?<![a-z])(?:"
        + "|".join(re.escape(p).replace("'", "['\u2019]") for p in phrases)
        + r")(?![a-z])"
    )
    return data


def _inflect(lemmas: list[str]) -> frozenset[str]:
    """Lemmas plus their regular inflections: the small model mis-lemmatises some
    ("hoped" -> "hop"), so the surface form is checked too."""
    forms = regular_forms(lemmas)
    for form, lemma in IRREGULAR.items():
        if lemma in lemmas:
            forms.add(form)
    return frozenset(forms)


IRREGULAR = {
    "meant": "mean",
    "sought": "seek",
    "swore": "swear",
    "sworn": "swear",
    "thought": "think",
    "dreamt": "dream",
    "forgot": "forget",
    "forgotten": "forget",
    "bet": "bet",
}


@cache
def _frozen(bits: int) -> frozenset[Mode]:
    return frozenset(mode for mode in _ORDER if bits & _BIT[mode])


def clause_modes(model: StoryModel, parsed_index: int, token: Token) -> frozenset[Mode]:
    """Every mode that applies to the clause headed by (or containing) `token`.

    NARRATION or DIALOGUE says where the clause is; the other modes qualify it.
    An affirmed narrated clause is exactly {NARRATION}.
    """
    return _frozen(paragraph_mode_bits(model, parsed_index)[token.i])


def is_narrated_fact(model: StoryModel, parsed_index: int, token: Token) -> bool:
    """True when the clause of `token` is affirmed narration (not hypothetical, wish, memory)."""
    return paragraph_mode_bits(model, parsed_index)[token.i] == NARR


def paragraph_mode_bits(model: StoryModel, parsed_index: int) -> list[int]:
    """The mode bit mask of every token of one paragraph, computed once."""
    cache_ = model.memo.setdefault("modes", {})
    bits = cache_.get(parsed_index)
    if bits is None:
        quotes = model.get(QUOTES)
        doc = model.parsed[parsed_index].doc
        in_quote = [quotes.in_quote(parsed_index, i) for i in range(len(doc))]
        bits = cache_[parsed_index] = doc_mode_bits(doc, in_quote)
    return bits


def tag_modes(model: StoryModel) -> None:
    """Optional stage: precompute every paragraph (rules otherwise compute on demand)."""
    for parsed_index in range(len(model.parsed)):
        paragraph_mode_bits(model, parsed_index)


def doc_mode_bits(doc: Doc, in_quote: list[bool] | None = None) -> list[int]:
    """Mode bits per token of one parsed paragraph."""
    lex = _lexicon()
    n = len(doc)
    if in_quote is None:
        in_quote = [False] * n
    tokens = list(doc)
    heads = [t.head.i for t in tokens]
    deps = [t.dep_ for t in tokens]
    pos = [t.pos_ for t in tokens]
    loose = [_loose_clause(t) for t in tokens]  # once per token: this runs on every sentence
    is_head = [
        deps[i] == "ROOT" or (deps[i] in CLAUSE_DEPS and pos[i] in ("VERB", "AUX")) or loose[i]
        for i in range(n)
    ]
    clause_of = [-1] * n
    for i in range(n):
        j = i
        path = []
        while clause_of[j] == -1 and not is_head[j] and heads[j] != j:
            path.append(j)
            j = heads[j]
        top = clause_of[j] if clause_of[j] != -1 else j
        clause_of[j] = top
        for k in path:
            clause_of[k] = top

    # per clause head: (all bits, bits a conjunct with its own subject carries on)
    clause_bits: dict[int, tuple[int, int]] = {}

    def modes_of(h: int) -> tuple[int, int]:
        done = clause_bits.get(h)
        if done is not None:
            return done
        own, carried = _own_and_scope(tokens[h], lex)
        dep = deps[h]
        parent = clause_of[heads[h]] if heads[h] != h else h
        # A narrated clause never inherits marks from a quoted one it is joined to:
        # in '"Don't be silly," and dropped his coat' the dropping is not negated.
        if parent != h and in_quote[parent] == in_quote[h]:
            parent_all, parent_carried = modes_of(parent)
            if dep in SUBORDINATE_DEPS:
                inherited = parent_all & (HYPO | WISH | MEM)
                if dep == "xcomp":  # "he didn't bother to take it": not taken either
                    inherited |= parent_all & NEG
                carried |= inherited | _governor_bits(tokens[heads[h]], dep, lex)
            elif loose[h]:
                carried |= parent_all & (HYPO | WISH | MEM)
            elif dep == "conj":
                if _has_subject(tokens[h]):
                    carried |= parent_carried & (HYPO | WISH | MEM | NEG)
                else:  # shares subject and auxiliaries: "would have stayed and talked"
                    carried |= parent_all & (HYPO | WISH | MEM)
                    if _shares_negation(tokens[h], tokens[heads[h]]):
                        carried |= parent_all & NEG
        clause_bits[h] = done = (own | carried, carried)
        return done

    result = [0] * n
    for sent in doc.sents:
        sent_bits = _sentence_bits(sent, in_quote, lex)
        for i in range(sent.start, sent.end):
            bits = modes_of(clause_of[i])[0] | sent_bits
            bits |= DIAL if in_quote[i] else NARR
            result[i] = bits
    _mark_opening_flashback(doc, result, in_quote)
    return result


def _loose_clause(token: Token) -> bool:
    """A verb the parser hung on another by a loose arc (`dep`, `parataxis`) after a comma
    or dash: "He didn't say anything, just put his jacket round her." It is its own clause
    and keeps its own truth: the first verb's "not" does not reach it (a hypothetical or
    a wish still does)."""
    if token.dep_ not in ("dep", "parataxis") or token.pos_ != "VERB" or token.head.i > token.i:
        return False
    return any(
        t.is_punct and t.text in (",", ";", "—", "--") for t in token.doc[token.head.i : token.i]
    )


def _shares_negation(conjunct: Token, first: Token) -> bool:
    """Does a subjectless conjunct fall under its first verb's "not"?

    "didn't eat or drink" and "would not stay and talk" share the negated auxiliary: neither
    happened. But "didn't answer, and went out" has a finite second verb ("went", not "go"),
    which the negated "did" cannot govern, and "never looked back, but walked out" turns on
    "but": the second act happened. Carrying the "not" across there silenced real events
    (a character leaving, a candle put out) in every family.
    """
    between = [
        t
        for t in (*first.children, *conjunct.children)
        if t.dep_ in ("cc", "preconj") and first.i < t.i < conjunct.i
    ]
    words = {t.lower_ for t in between}
    if words & {"or", "nor"}:
        return True
    if "but" in words or "yet" in words:
        return False
    if conjunct.tag_ in ("VBD", "VBZ", "VBP") and first.tag_ == "VB":
        return False  # "did not answer ... and went": the second verb has its own tense
    return True


def _has_subject(token: Token) -> bool:
    return any(child.dep_ in SUBJECT_DEPS for child in token.children)


def _own_and_scope(head: Token, lex: dict) -> tuple[int, int]:
    """Marks a clause carries itself: (auxiliary/negation marks, scope marks).

    Scope marks (a conditional "if", a negating "without") extend to conjoined
    clauses; own marks (an auxiliary "would", a "not") are shared only by
    conjuncts without their own subject.
    """
    own = scope = 0
    children = list(head.children)
    has_perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
    marks = []
    for child in children:
        dep = child.dep_
        lower = child.lower_
        if dep == "neg":
            own |= NEG
        elif dep in ("aux", "auxpass") and child.tag_ == "MD":
            if lower in lex["modal_hypothetical"] or child.lemma_ in lex["modal_hypothetical"]:
                own |= HYPO
            elif lower in lex["modal_with_perfect_only"] and has_perfect:
                own |= HYPO
        elif dep == "aux" and lower == "going" and head.tag_ == "VB":
            own |= HYPO
        elif dep in ("nsubj", "nsubjpass", "dobj", "attr"):
            if lower in lex["negative_words"]:
                own |= NEG
            elif any(
                g.dep_ == "det" and g.lower_ in lex["negative_determiners"] for g in child.children
            ):
                own |= NEG
        elif dep == "advmod" and lower in lex["speculative_adverbs"]:
            own |= HYPO
        elif dep == "mark" or (dep == "advmod" and lower in ("as", "even", "only", "what")):
            marks.append(lower)
            if lower in lex["conditional_marks"]:
                scope |= HYPO
    for first, second in zip(marks, marks[1:], strict=False):
        if (first, second) in lex["conditional_pairs"]:
            scope |= HYPO
    if head.dep_ == "pcomp":
        prep = head.head
        if prep.lower_ in lex["negating_prepositions"] or (
            prep.lower_ == "of" and prep.head.lower_ in lex["negating_prepositions"]
        ):
            scope |= NEG
    if head.dep_ == "ROOT" and head.tag_ == "VB" and not _has_subject(head):
        if head.i == head.sent.start or head.nbor(-1).is_punct:
            own |= HYPO  # imperative: an instruction, not an event
    return own, scope


def _governor_bits(governor: Token, dep: str, lex: dict) -> int:
    """A complement takes its meaning from the verb that governs it."""
    if dep not in COMPLEMENT_DEPS:
        return 0
    word = governor.lemma_
    lower = governor.lower_
    if word in lex["wish_verbs"] or lower in lex["wish_verbs"]:
        return WISH
    if word in lex["negating_verbs"] or lower in lex["negating_verbs"]:
        return NEG
    if word in lex["hypothetical_verbs"] or lower in lex["hypothetical_verbs"]:
        return HYPO
    if word in lex["memory_verbs"] or lower in lex["memory_verbs"]:
        return MEM
    return 0


def _sentence_bits(sent, in_quote: list[bool], lex: dict) -> int:
    """Marks of the whole sentence: a narrated question, a memory phrase."""
    bits = 0
    last = sent.end - 1
    while last > sent.start and (sent.doc[last].is_quote or sent.doc[last].is_space):
        last -= 1
    if not in_quote[last] and sent.doc[last].text.endswith("?"):
        bits |= QUES
    text = sent.text.lower()
    if lex["memory_re"].search(text):
        bits |= MEM
    return bits


def _is_past_perfect(token: Token) -> bool:
    if token.tag_ != "VBN":
        return False
    return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in token.children)


def _mark_opening_flashback(doc: Doc, result: list[int], in_quote: list[bool]) -> None:
    """A paragraph that opens in the past perfect ("He'd been everything he had")
    steps back from the story's now; its opening run of such sentences is memory."""
    for sent in doc.sents:
        root = sent.root
        if in_quote[root.i] or not _is_past_perfect(root):
            return
        for i in range(sent.start, sent.end):
            if not in_quote[i]:
                result[i] |= MEM
