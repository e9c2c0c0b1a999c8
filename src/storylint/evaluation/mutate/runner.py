"""Running the recall harness over a corpus: novels in, one result per injected slip out.

For each novel (a seeded sample of the corpus folder's .txt files) the harness takes an excerpt
(the first `words` words, cut at a paragraph's end), checks the clean excerpt once, and then,
for every operator, injects `per_operator` slips one at a time and checks each mutated copy.

Nothing is written beside the corpus or into the project: mutated texts live in memory and go
through `storylint.ingest.manuscript_from_text`, which builds the manuscript a .txt file with
that text would give. Every copy of a novel is checked under one manuscript path, so
storylint's parse cache (nlp/parse_cache.py) re-parses only the paragraphs a slip changed.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from storylint.errors import InputError, StorylintError
from storylint.evaluation.mutate.cast import character_index, name_mention_kind, people
from storylint.evaluation.mutate.operators import (
    FAMILIES,
    Mutation,
    Novel,
    Operator,
    operators_for,
    phrasebook,
    words_of,
)
from storylint.evaluation.mutate.parsing import ParagraphMemo, disk_cache_off
from storylint.evaluation.mutate.placement import (
    MentionIndex,
    apply,
    find_slots,
    inside_quotes,
    quote_spans,
)
from storylint.evaluation.mutate.scoring import (
    clean_counts,
    family_layers,
    family_rules,
    finding_key,
    judge,
)
from storylint.evaluation.mutate.templates import HALVES
from storylint.rules.calibration import raw_confidence_wanted

if TYPE_CHECKING:
    from spacy.language import Language

    from storylint.manuscript import Manuscript

# Tries per slip: a placement whose sentence the reader would not take as a story paragraph
# (rare: a one-line paragraph read as a heading) is thrown away and another one drawn.
PLACEMENT_TRIES = 6


@dataclass(frozen=True)
class Options:
    novels: int = 8
    per_operator: int = 2
    seed: int = 0
    half: str = "both"  # tuning | held-out | both
    families: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()
    words: int = 20_000  # excerpt length; 0 = whole novels
    jobs: int = 1
    phrasings: tuple[str, ...] = ()  # only these phrasing ids (debugging one phrasing)

    def halves(self) -> tuple[str, ...]:
        return HALVES if self.half == "both" else (self.half,)

    def chosen_operators(self) -> list[Operator]:
        chosen = operators_for(self.families or None)
        if self.operators:
            chosen = [op for op in chosen if op.key in self.operators or op.name in self.operators]
        return chosen


def validate(options: Options) -> None:
    def fail(problem: str) -> StorylintError:
        return StorylintError(f"eval mutate: {problem}")

    if options.half not in (*HALVES, "both"):
        raise fail(f"--half must be tuning, held-out or both, not {options.half!r}")
    unknown = [f for f in options.families if f not in FAMILIES]
    if unknown:
        raise fail(f"unknown famil(ies) {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
    if not options.chosen_operators():
        raise fail("no operator matches --families/--operators")
    if min(options.per_operator, options.novels, options.jobs) < 1 or options.words < 0:
        raise fail("--novels, --per-operator and --jobs must be at least 1, --words at least 0")
    known = {p.id for op in phrasebook().values() for p in (*op.setup, *op.slip)}
    missing = [p for p in options.phrasings if p not in known]
    if missing:
        raise fail(f"unknown phrasing id(s) {', '.join(missing)}")


def novel_files(corpus: str | Path) -> list[Path]:
    corpus = Path(corpus)
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise InputError(str(corpus), "no such file or folder")
    files = sorted(p for p in corpus.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    if not files:
        raise InputError(str(corpus), "folder has no .txt novels")
    return files


def select_novels(files: Sequence[Path], count: int, seed: int) -> list[Path]:
    """A seeded sample, in file-name order; all of them when there are no more than asked."""
    if count >= len(files):
        return list(files)
    return sorted(random.Random(f"{seed}|novels").sample(list(files), count))


def excerpt(text: str, words: int) -> str:
    """The first `words` words, cut at the end of the paragraph that reaches them."""
    if words <= 0:
        return text
    count = 0
    for match in re.finditer(r"\S[\s\S]*?(?=\n[ \t]*\n|\Z)", text):
        count += len(match.group(0).split())
        if count >= words:
            return text[: match.end()] + "\n"
    return text


def _cache_path(name: str, words: int) -> str:
    # One manuscript path per novel and excerpt length: every mutated copy shares the clean
    # copy's cached parses, and a writer's own `storylint check` of the novel is left alone.
    return f"{name}#storylint-eval-mutate-{words or 'all'}"


def _is_subject(doc, mention) -> bool:
    """Is the name the subject of its clause ("Elizabeth went", "Elizabeth was told")?"""
    return doc[mention.token_start : mention.token_end].root.dep_ in ("nsubj", "nsubjpass")


def _novel_context(text: str, model, only: Sequence[str] = ()) -> Novel:
    index = character_index(model)
    named = []
    mentions: dict[int, list[int]] = {}
    for character in index.characters:
        for m in character.mentions:
            mentions.setdefault(character.id, []).append(m.start)
            if name_mention_kind(m):
                subject = _is_subject(model.parsed[m.parsed_index].doc, m)
                named.append((m.start, character.id, m.parsed_index, subject))
    return Novel(
        text,
        people(model),
        find_slots(model.parsed, named),
        MentionIndex(mentions),
        words_of(text),
        {c.id: str(c.gender) for c in index.characters},
        frozenset(only),
    )


def _lands_in_story(manuscript, spans: dict[str, tuple[int, int]]) -> bool:
    """Every inserted sentence lies inside one story paragraph, outside dialogue quotes."""
    paragraphs = list(manuscript.paragraphs())
    for start, end in spans.values():
        home = next((p for p in paragraphs if p.start <= start and end <= p.end), None)
        if home is None:
            return False
        if inside_quotes(quote_spans(home.text), start - home.start):
            return False
    return True


def place(
    op: Operator, novel: Novel, rng: random.Random, half: str, band: str, path: str
) -> tuple[Mutation, Manuscript, dict[str, tuple[int, int]]] | None:
    """A mutation at `band` (another of the operator's bands if the text has no room), with
    the mutated manuscript and the inserted sentences' offsets in it."""
    from storylint.ingest import manuscript_from_text

    bands = list(op.phrasings.bands)
    order = [band] + [b for b in bands if b != band]
    for chosen in order:
        for _ in range(PLACEMENT_TRIES):
            mutation = op.make(novel, rng, half, chosen)
            if mutation is None:
                break
            mutated = apply(novel.text, mutation.insertions)
            manuscript = manuscript_from_text(mutated.text, path)
            if _lands_in_story(manuscript, mutated.spans):
                return mutation, manuscript, mutated.spans
    return None


@dataclass
class NovelResult:
    novel: str
    words: int
    seconds: float
    clean: dict
    slips: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)


def run_text(text: str, name: str, options: Options) -> NovelResult:
    """Inject and check every operator's slips in one clean text."""
    from storylint.engine import run_rules
    from storylint.ingest import manuscript_from_text
    from storylint.nlp.parse import load_nlp
    from storylint.pipeline.build import build_model

    started = time.perf_counter()
    path = _cache_path(name, options.words)
    manuscript = manuscript_from_text(text, path)
    model = build_model(manuscript)
    findings = run_rules(model)
    memo = ParagraphMemo(load_nlp())
    memo.remember(model.parsed)
    clean = clean_counts(findings)
    clean_keys = {finding_key(f) for f in findings}
    novel = _novel_context(text, model, options.phrasings)
    result = NovelResult(name, manuscript.word_count, 0.0, clean)
    halves = options.halves()
    for op in options.chosen_operators():
        base = random.Random(f"{options.seed}|{name}|{op.key}")
        half_offset = base.randrange(len(halves))
        bands = op.phrasings.bands
        band_offset = base.randrange(len(bands))
        for k in range(options.per_operator):
            half = halves[(k + half_offset) % len(halves)]
            band = bands[(k + band_offset) % len(bands)]
            rng = random.Random(f"{options.seed}|{name}|{op.key}|{k}")
            placed = place(op, novel, rng, half, band, path)
            if placed is None:
                result.unplaced.append({"operator": op.key, "half": half, "band": band})
                continue
            mutation, mutated, spans = placed
            with disk_cache_off():
                # The memo stands in for the spaCy pipeline (parsing.py).
                nlp = cast("Language", memo)
                mutated_model = build_model(mutated, nlp, until=family_layers(op.family))
            mutated_findings = run_rules(mutated_model, family_rules(op.family))
            verdict = judge(mutated_findings, op.family, spans["slip"], clean_keys)
            result.slips.append(_record(name, mutation, spans, verdict))
    result.seconds = round(time.perf_counter() - started, 2)
    return result


def _record(name: str, mutation: Mutation, spans: dict, verdict: dict) -> dict:
    sentences = {ins.role: ins.sentence for ins in mutation.insertions}
    return {
        "novel": name,
        "operator": mutation.operator,
        "family": mutation.family,
        "half": mutation.half,
        "band": mutation.band,
        "character": mutation.character,
        "other": mutation.other,
        "values": mutation.values,
        **{
            role: {
                "text": sentences[role],
                "phrasing": mutation.phrasings[role],
                "start": spans[role][0],
                "end": spans[role][1],
            }
            for role in ("setup", "slip")
            if role in spans
        },
        "caught": {"default": verdict["default"], "loosest": verdict["loosest"]},
        "findings": verdict["findings"],
        "other_findings": verdict["others"],
    }


def _run_novel(path: str, options: Options) -> NovelResult:
    import storylint.nlp.parse as parse_module

    if options.jobs > 1:
        parse_module.PARALLEL_WORDS = 10**12  # each worker is one of the cores
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return run_text(excerpt(text, options.words), Path(path).name, options)


def evaluate(corpus: str | Path, options: Options | None = None, quiet: bool = False) -> dict:
    """The whole run: per-slip records, clean-text findings and the summary (report.py)."""
    from storylint.evaluation.mutate.report import summarize

    options = options or Options()
    validate(options)
    chosen = select_novels(novel_files(corpus), options.novels, options.seed)
    started = time.perf_counter()

    def say(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    results: list[NovelResult] = []
    if options.jobs == 1:
        for i, path in enumerate(chosen, 1):
            result = _run_novel(str(path), options)
            say(f"[{i}/{len(chosen)}] " + _line(result))
            results.append(result)
    else:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            futures = [pool.submit(_run_novel, str(p), options) for p in chosen]
            for i, future in enumerate(futures, 1):
                result = future.result()
                say(f"[{i}/{len(chosen)}] " + _line(result))
                results.append(result)
    run = {
        "corpus": str(corpus),
        "options": asdict(options),
        "raw_confidence": raw_confidence_wanted(),
        "seconds": round(time.perf_counter() - started, 1),
        "novels": [
            {
                "novel": r.novel,
                "words": r.words,
                "seconds": r.seconds,
                "clean_findings": r.clean,
                "unplaced": r.unplaced,
            }
            for r in results
        ],
        "slips": [s for r in results for s in r.slips],
    }
    run["summary"] = summarize(run)
    return run


def _line(result: NovelResult) -> str:
    caught = sum(s["caught"]["default"] for s in result.slips)
    return (
        f"{result.novel}: {result.words:,} words, {len(result.slips)} slips, {caught} caught "
        f"at default, {len(result.unplaced)} not placed ({result.seconds:.0f} s)"
    )
