"""The name-spelling rules (NAM001-NAM003) measured against PDNC's gold alias lists.

PDNC (see `storylint.evaluation.pdnc`) lists, for 20 published novels, every
name each speaking character goes by. Two names listed for one character are
both the novel's own way of naming that person ("Lizzy" and "Eliza" for
Elizabeth Bennet), so neither may be reported as a misspelling of the other.

Definitions (what the numbers mean):

- A *finding* is any NAM001/NAM002/NAM003 finding, at every severity and
  confidence (the strictest count); *default* ones are those a writer sees by
  default (severity warning or above, confidence >= 0.5).
- A finding is a *gold violation* when some gold character has both
  spellings among the words of its aliases: the variant word ("Charly") and
  the established word ("Charley") - i.e. PDNC says both are that person's
  names. (Names are compared word by word, case-sensitive, full stops removed.)
- A finding *names a gold alias* when the variant word is a word of any gold
  alias of the novel (of any character): reported for reading, not as an error
  by itself (an annotator may copy a typo into the alias list).
- *Candidate pairs* are the near spellings the analysis considered (reported
  or let go, with the reason); *gold pairs among candidates* are those both of
  whose words belong to one gold character: they show which checks keep real
  aliases from being reported.

Every finding is listed with its passages so that a reader can judge whether
it is a real misspelling in the published text.

Command: `storylint eval names PATH/TO/pdnc` (about 40 s per novel to parse,
much less with a warm parse cache).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from storylint.errors import InputError
from storylint.evaluation.pdnc import read_gold, read_novel
from storylint.families.names.spelling import NAME_SPELLING


def _words(alias: str) -> set[str]:
    return {w for w in alias.replace(".", " ").split() if w[:1].isupper()}


def gold_words(gold: list[dict[str, Any]]) -> list[set[str]]:
    """The capitalised words of each gold character's aliases."""
    return [set().union(*(_words(a) for a in character["aliases"])) for character in gold]


def same_character(words: list[set[str]], a: str, b: str) -> bool:
    return any(a in w and b in w for w in words)


def evaluate_novel(folder: Path, nlp=None) -> dict[str, Any]:
    from storylint.families.names.spelling import VariantKind, find_spelling_variants
    from storylint.findings import Severity
    from storylint.model import StoryModel
    from storylint.pipeline.build import parse_manuscript, run_stages
    from storylint.pipeline.layers import NAME_CENSUS, PRONOUNS, QUOTES, SPEAKERS
    from storylint.rules.context import run_rule
    from storylint.rules.registry import find_rule

    gold = read_gold(folder / "character_info.csv")
    manuscript = read_novel(folder / "novel_text.txt")
    model = StoryModel(manuscript, parse_manuscript(manuscript, nlp))
    # The layers the spelling analysis reads; then the analysis itself, timed.
    run_stages(model, until=[QUOTES, NAME_CENSUS, PRONOUNS, SPEAKERS])
    started = time.perf_counter()
    find_spelling_variants(model)
    layer = model.get(NAME_SPELLING)
    # One finding per variant and per drift, phrased by the rules themselves: each rule
    # reports its variants (or drifts) in the layer's order, one finding apiece.
    nam001, nam002, nam003 = find_rule("NAM001"), find_rule("NAM002"), find_rule("NAM003")
    assert nam001 is not None and nam002 is not None and nam003 is not None  # built in
    person = iter(run_rule(model, nam001))
    other = iter(run_rule(model, nam002))
    reported = [
        (next(person if v.kind is VariantKind.PERSON else other), v.variant, v.dominant)
        for v in layer.variants
    ] + [
        (finding, d.earlier, d.later)
        for finding, d in zip(run_rule(model, nam003), layer.drifts, strict=True)
    ]
    seconds = time.perf_counter() - started
    words = gold_words(gold)
    every_word = set().union(*words) if words else set()
    rows = []
    for finding, variant, dominant in reported:
        rows.append(
            {
                "rule": finding.rule,
                "severity": finding.severity.value,
                "confidence": finding.confidence,
                "default": finding.severity.rank >= Severity.WARNING.rank
                and finding.confidence >= 0.5,
                "message": finding.message,
                "evidence": [
                    {"role": e.role, "line": e.to_dict()["line"], "quote": e.quote}
                    for e in finding.evidence
                ],
                "variant": variant,
                "dominant": dominant,
                "gold_violation": same_character(words, variant, dominant),
                "gold_alias": variant in every_word,
            }
        )
    gold_candidates = [
        (a, b, reason) for a, b, reason in layer.dismissed if same_character(words, a, b)
    ]
    return {
        "novel": folder.name,
        "words": manuscript.word_count,
        "findings": rows,
        "candidates": len(layer.dismissed) + len(reported),
        "gold_candidates": gold_candidates,
        "seconds": round(seconds, 3),
    }


def evaluate(directory: str | Path) -> dict[str, Any]:
    """Run the names rules on every PDNC novel folder under `directory`."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(root), "not a folder of PDNC novels")
    folders = sorted(p for p in root.iterdir() if (p / "character_info.csv").is_file())
    if not folders:
        raise InputError(str(root), "no novel folders with character_info.csv inside")
    novels = [evaluate_novel(folder) for folder in folders]
    rows = [row for n in novels for row in n["findings"]]
    words = sum(n["words"] for n in novels)
    reasons = Counter(reason for n in novels for _, _, reason in n["gold_candidates"])
    return {
        "novels": novels,
        "total": {
            "novels": len(novels),
            "words": words,
            "findings": len(rows),
            "default_findings": sum(1 for r in rows if r["default"]),
            "gold_violations": sum(1 for r in rows if r["gold_violation"]),
            "gold_alias_variants": sum(1 for r in rows if r["gold_alias"]),
            "gold_pairs_among_candidates": sum(reasons.values()),
            "gold_pairs_dismissed_by": dict(reasons.most_common()),
            "seconds_max": max((n["seconds"] for n in novels), default=0.0),
        },
    }


def format_report(result: dict[str, Any]) -> str:
    total = result["total"]
    lines = [
        f"novels: {total['novels']}  words: {total['words']:,}",
        f"findings (all severities): {total['findings']}  "
        f"at default severity: {total['default_findings']} "
        f"({total['default_findings'] * 10_000 / max(total['words'], 1):.3f} per 10,000 words)",
        f"gold violations (both spellings are aliases of one gold character): "
        f"{total['gold_violations']}",
        f"variants that are words of some gold alias: {total['gold_alias_variants']}",
        f"gold same-character pairs among the near spellings considered: "
        f"{total['gold_pairs_among_candidates']}, let go because: "
        + (
            "; ".join(f"{reason} ({n})" for reason, n in total["gold_pairs_dismissed_by"].items())
            or "-"
        ),
        f"names analysis: at most {total['seconds_max']:.3f} s per novel",
        "",
    ]
    for novel in result["novels"]:
        for rare, common, reason in novel["gold_candidates"]:
            lines.append(f"gold pair let go: {novel['novel']}: {rare} / {common}: {reason}")
    lines.append("")
    for novel in result["novels"]:
        for row in novel["findings"]:
            flags = []
            if row["gold_violation"]:
                flags.append("GOLD VIOLATION")
            if row["gold_alias"]:
                flags.append("variant is a gold alias word")
            if not row["default"]:
                flags.append("not shown by default")
            lines.append(
                f"[{row['rule']} {row['confidence']}] {novel['novel']}: {row['message']}"
                + (f"  ({'; '.join(flags)})" if flags else "")
            )
            for ev in row["evidence"]:
                quote = " ".join(ev["quote"].split())[:120]
                lines.append(f"    {ev['role']} line {ev['line']}: {quote}")
    return "\n".join(lines)
