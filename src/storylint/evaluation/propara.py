"""ProPara evaluation: does the world engine record the changes people annotated?

ProPara (Dalvi et al., NAACL 2018) gives, for each procedural paragraph, its sentences, its
participants, and each participant's location before the first sentence and after every
sentence (`states`: one list per participant, one more entry than there are sentences;
`-` = does not exist, `?` = somewhere unknown). From two neighbouring states a sentence
changes a participant in one of three ways:

- destroyed: it existed before the sentence and not after (location becomes `-`);
- created: it did not exist before and does after;
- moved: it exists before and after, both locations are known (not `?`) and they differ.

Each paragraph becomes a manuscript with one paragraph per sentence
(evaluation.simple_text, as the TRIP evaluation does), and the world engine runs on it
(`build_model(manuscript, until=WORLD)`). Only participants storylint tracks count: one
whose name (any `;` alternative, as the engine would read it: the head noun's lemma, or a
compound such as "garbage truck") is in the object lexicon and is not a structure. For
those, an event the engine records on that participant's object in that sentence matches
a change when its effect says so:

- destroyed: `gone: true`, `broken: true` or `pieces: true` (eaten, burned, smashed...);
- created: `gone: false` (made, bought, found: it is there now);
- moved: any effect on `held` or `worn`, or a transfer (given, taken, put down, carried).
  The engine keeps who holds or wears a thing, not where it is: a move from the pot to the
  jar that nobody holds is beyond it by design (families/objects/README.md, Known limits).

Precision and recall per change type compare the (paragraph, participant, sentence)
triples the gold changes and the engine's matching events name. `noticed` is looser: the
share of gold changes where the engine recorded any event at all (handling included) on
that participant in that sentence.

Usage: python -m storylint.evaluation.propara GRIDS_JSON [--verbs EXTRA_VERBS.yaml ...]
(`--verbs` loads more verb files the way a writer's `[lexicons] verbs` does, e.g. the
VerbNet-generated lexicon, to measure what it adds.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylint import lexicons
from storylint.errors import InputError
from storylint.evaluation.simple_text import simple_manuscript
from storylint.families.objects.engine import WORLD, World
from storylint.families.objects.lexicon import IMMOBILE, Lexicon, load_lexicon
from storylint.pipeline.build import build_model

CHANGES = ("destroyed", "created", "moved")
ABSENT, UNKNOWN = "-", "?"
EXAMPLES_PER_TYPE = 8


def read_paragraphs(path: str | Path) -> list[dict]:
    """The grids file: one paragraph per line (JSON Lines); a JSON array is accepted too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ProPara data: {exc.strerror}") from None
    try:
        rows = (
            json.loads(text)
            if text.lstrip().startswith("[")
            else [json.loads(line) for line in text.splitlines() if line.strip()]
        )
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not ProPara JSON: {exc}") from None
    for row in rows:
        if not isinstance(row, dict) or not {"sentence_texts", "participants", "states"} <= set(
            row
        ):
            raise InputError(
                str(path), "not a ProPara grid: each paragraph needs sentence_texts, "
                "participants and states"
            )  # fmt: skip
    return rows


def _state(value: str) -> str:
    return " ".join(str(value).lower().split())


def change_of(before: str, after: str) -> str | None:
    """destroyed, created, moved or None, from a participant's state before and after."""
    before, after = _state(before), _state(after)
    if before != ABSENT and after == ABSENT:
        return "destroyed"
    if before == ABSENT and after != ABSENT:
        return "created"
    if ABSENT not in (before, after) and UNKNOWN not in (before, after) and before != after:
        return "moved"
    return None


def gold_changes(paragraph: dict) -> list[tuple[int, int, str]]:
    """(participant index, sentence index, change) for every annotated change."""
    out = []
    n = len(paragraph["sentence_texts"])
    for p, states in enumerate(paragraph["states"]):
        for s in range(min(n, len(states) - 1)):
            change = change_of(states[s], states[s + 1])
            if change is not None:
                out.append((p, s, change))
    return out


def event_changes(event: Any) -> set[str]:
    """The change types an engine event's effect matches (module docstring)."""
    effects = event.effects
    found = set()
    if effects.get("gone") is True or effects.get("broken") is True or effects.get("pieces"):
        found.add("destroyed")
    if effects.get("gone") is False:
        found.add("created")
    if "held" in effects or "worn" in effects or event.transfer:
        found.add("moved")
    return found


def participant_lemmas(name: str, nlp: Any, lexicon: Lexicon) -> set[str]:
    """The object-lexicon lemmas a participant's name can be read as (empty: not tracked).
    "trash bags; bags" -> {"trash bag", "bag"} when those are objects."""
    found: set[str] = set()
    for alternative in name.split(";"):
        words = " ".join(alternative.lower().split())
        if not words:
            continue
        doc = nlp(words)
        head = next((t for t in reversed(doc) if t.pos_ in ("NOUN", "PROPN")), doc[-1])
        lemma = head.lemma_.lower()
        candidates = {words, lemma, head.lower_}
        before = doc[head.i - 1] if head.i > 0 else None
        if before is not None:
            candidates.add(f"{before.lower_} {lemma}")
        for candidate in candidates:
            category = lexicon.category(candidate)
            if category is not None and category not in IMMOBILE:
                found.add(candidate)
    return found


@dataclass
class ParagraphResult:
    para_id: str
    gold: list[tuple[int, int, str]]  # on tracked participants only
    predicted: set[tuple[int, int, str]]
    noticed: set[tuple[int, int]]  # (participant, sentence) with any event
    recorded: dict[tuple[int, int], list[str]]  # (participant, sentence) -> event keys
    tracked: list[bool]


def world_of(sentences: list[str], nlp: Any) -> tuple[World, dict[int, int]]:
    """The world model of one paragraph, one manuscript paragraph per sentence, and the map
    from parsed-paragraph index to sentence index."""
    text = "\n\n".join(" ".join(s.split()) for s in sentences)
    manuscript = simple_manuscript(text, "<propara>")
    sentence_at = {p.start: i for i, p in enumerate(manuscript.paragraphs())}
    model = build_model(manuscript, nlp, until=WORLD)
    index = {
        pi: sentence_at[parsed.paragraph.start]
        for pi, parsed in enumerate(model.parsed)
        if parsed.paragraph.start in sentence_at
    }
    return model.get(WORLD), index


def evaluate_paragraph(paragraph: dict, nlp: Any, lexicon: Lexicon) -> ParagraphResult:
    sentences = [s for s in paragraph["sentence_texts"]]
    names = [str(p) for p in paragraph["participants"]]
    lemmas = [participant_lemmas(name, nlp, lexicon) for name in names]
    tracked = [bool(found) for found in lemmas]
    gold = [g for g in gold_changes(paragraph) if tracked[g[0]]]
    world, sentence_of = world_of(sentences, nlp)
    predicted: set[tuple[int, int, str]] = set()
    noticed: set[tuple[int, int]] = set()
    recorded: dict[tuple[int, int], list[str]] = {}
    for event in world.events:
        obj = event.mention.obj
        if obj is None or obj.category == "person" or event.parsed_index not in sentence_of:
            continue
        s = sentence_of[event.parsed_index]
        names_of_event = {obj.lemma, event.mention.lemma}
        for p, found in enumerate(lemmas):
            if not found & names_of_event:
                continue
            noticed.add((p, s))
            recorded.setdefault((p, s), []).append(event.key)
            for change in event_changes(event):
                predicted.add((p, s, change))
    return ParagraphResult(
        str(paragraph.get("para_id", "")), gold, predicted, noticed, recorded, tracked
    )


@contextmanager
def extra_verb_files(paths: Iterable[str | Path] | None) -> Iterator[None]:
    """Load more verb files, as a writer's `[lexicons] verbs` does, for the duration."""
    extra = [Path(p) for p in paths or ()]
    if not extra:
        yield
        return
    before = {name: lexicons.configured(name) for name in lexicons.LEXICONS}
    lexicons.configure({**before, "verbs": (*before.get("verbs", ()), *extra)})
    try:
        yield
    finally:
        lexicons.configure(before)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def evaluate(
    path: str | Path,
    limit: int | None = None,
    verbs: Iterable[str | Path] | None = None,
    nlp: Any = None,
) -> dict:
    """Precision and recall per change type, with examples of misses (module docstring)."""
    from storylint.nlp.parse import load_nlp

    paragraphs = read_paragraphs(path)[:limit]
    nlp = nlp or load_nlp()
    with extra_verb_files(verbs):
        lexicon = load_lexicon()
        results = [evaluate_paragraph(p, nlp, lexicon) for p in paragraphs]
    by_type: dict[str, dict[str, Any]] = {}
    for change in CHANGES:
        gold = {
            (r.para_id, p, s) for r in results for p, s, c in r.gold if c == change
        }  # fmt: skip
        predicted = {
            (r.para_id, p, s) for r in results for p, s, c in r.predicted if c == change
        }  # fmt: skip
        noticed = {
            (r.para_id, p, s) for r in results for p, s in r.noticed
        }  # fmt: skip
        hits = gold & predicted
        by_type[change] = {
            "gold": len(gold),
            "predicted": len(predicted),
            "correct": len(hits),
            "precision": _ratio(len(hits), len(predicted)),
            "recall": _ratio(len(hits), len(gold)),
            "noticed": _ratio(len(gold & noticed), len(gold)),
        }
    all_gold = sum(len(gold_changes(p)) for p in paragraphs)
    participants = sum(len(r.tracked) for r in results)
    return {
        "paragraphs": len(paragraphs),
        "sentences": sum(len(p["sentence_texts"]) for p in paragraphs),
        "participants": participants,
        "tracked_participants": sum(sum(r.tracked) for r in results),
        "gold_changes": all_gold,
        "gold_changes_tracked": sum(len(r.gold) for r in results),
        "extra_verbs": [str(v) for v in verbs or ()],
        "by_type": by_type,
        "misses": _misses(paragraphs, results),
        "false_alarms": _false_alarms(paragraphs, results),
    }


def _describe(paragraph: dict, p: int, s: int) -> dict:
    states = paragraph["states"][p]
    return {
        "para_id": str(paragraph.get("para_id", "")),
        "sentence": paragraph["sentence_texts"][s],
        "participant": paragraph["participants"][p],
        "before": states[s],
        "after": states[s + 1],
    }


def _misses(paragraphs: list[dict], results: list[ParagraphResult]) -> dict[str, list[dict]]:
    misses: dict[str, list[dict]] = {change: [] for change in CHANGES}
    for paragraph, r in zip(paragraphs, results, strict=True):
        for p, s, change in r.gold:
            if (p, s, change) in r.predicted or len(misses[change]) >= EXAMPLES_PER_TYPE:
                continue
            example = _describe(paragraph, p, s)
            example["recorded"] = r.recorded.get((p, s), [])
            misses[change].append(example)
    return misses


def _false_alarms(paragraphs: list[dict], results: list[ParagraphResult]) -> dict[str, list[dict]]:
    alarms: dict[str, list[dict]] = {change: [] for change in CHANGES}
    for paragraph, r in zip(paragraphs, results, strict=True):
        for p, s, change in sorted(r.predicted):
            if (p, s, change) in r.gold or len(alarms[change]) >= EXAMPLES_PER_TYPE:
                continue
            example = _describe(paragraph, p, s)
            example["recorded"] = r.recorded.get((p, s), [])
            alarms[change].append(example)
    return alarms


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.1%}"


def format_report(result: dict) -> str:
    lines = [
        f"ProPara paragraphs: {result['paragraphs']}, sentences: {result['sentences']}",
        f"participants: {result['participants']}, tracked by storylint (in the object "
        f"lexicon): {result['tracked_participants']}",
        f"gold changes: {result['gold_changes']}, on tracked participants: "
        f"{result['gold_changes_tracked']}",
    ]
    if result.get("extra_verbs"):
        lines.append(f"extra verb files: {', '.join(result['extra_verbs'])}")
    lines.append("")
    lines.append("change      gold  found  right  precision  recall  noticed (any event)")
    for change in CHANGES:
        row = result["by_type"][change]
        lines.append(
            f"{change:<10} {row['gold']:>5} {row['predicted']:>6} {row['correct']:>6}"
            f"      {_pct(row['precision'])}   {_pct(row['recall'])}   {_pct(row['noticed'])}"
        )
    for title, key in (("missed", "misses"), ("found but not in the gold", "false_alarms")):
        for change in CHANGES:
            examples = result[key][change]
            if not examples:
                continue
            lines.append("")
            lines.append(f"{change}, {title} (first {len(examples)}):")
            for ex in examples:
                said = ", ".join(ex["recorded"]) or "no event"
                lines.append(
                    f"  [{ex['para_id']}] {ex['participant']}: {ex['before']} -> {ex['after']}"
                    f" | {ex['sentence']} | storylint: {said}"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storylint.evaluation.propara")
    parser.add_argument("grids", help="grids.v1.dev.json (one paragraph per line)")
    parser.add_argument("--verbs", action="append", default=[], help="another verb file")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.grids, args.limit, args.verbs)
    print(json.dumps(result, indent=2, default=str) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
