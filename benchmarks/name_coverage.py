"""Which frequent name forms of a novel map to no character, and why (the character model).

Usage:
    python benchmarks/name_coverage.py NOVELS_DIR [--limit N] [--skip N] [--jobs 2]
        [--min-uses 20] [--show 40] [--json OUT]

For each novel, builds the model up to the CHARACTERS layer (which also stores the name
census, NAME_CENSUS: every capitalised name form and its occurrences, people or not) and
sorts every name form used at least --min-uses times into:

- mapped: its occurrences are mentions of a character;
- with reason: no character's, and the model records why (`CharacterIndex.not_characters`:
  a place, an organisation, a thing, an oath, a pronoun ...;
  `NOT_CHARACTER_REASONS` in people/characters.py); capitalised words the census leaves out
  as never a person (`not_persons.txt`: God, Sir, Madam ...) are counted here too when
  used that often, with their kind;
- without reason: no character's, and the model says nothing about why, or only that it
  could not choose among characters (`UNRESOLVED_REASONS`: a family surname, one man's
  given name and another's surname, Miss + surname of several sisters: "unresolved" below).
  These are what the character model is blind to: every rule that asks "who is this?" is
  blind there too.

Prints the counts per novel, the totals (forms and uses), the reasons, and the forms without
a reason, commonest first. Every rule is blind where the character model is, so this is the
first thing to read after changing people/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def cover_one(path: str, min_uses: int) -> dict:
    import storylint.nlp.parse as nlp_module
    from storylint.ingest import read_manuscript
    from storylint.pipeline.build import build_model
    from storylint.pipeline.layers import CHARACTERS

    nlp_module.PARALLEL_WORDS = 10**12  # this worker is one of the cores
    start = time.perf_counter()
    manuscript = read_manuscript(path)
    model = build_model(manuscript, until=CHARACTERS)
    forms = cover_model(model, min_uses)
    return {
        "novel": Path(path).name,
        "words": manuscript.word_count,
        "characters": len(model.get(CHARACTERS).characters),
        "seconds": round(time.perf_counter() - start, 1),
        "forms": forms,
    }


def cover_model(model, min_uses: int) -> list[dict]:
    """Every name form of a model built up to CHARACTERS used at least `min_uses` times:
    mapped, with a reason, unresolved or none (module docstring), commonest first."""
    from storylint.pipeline.layers import CHARACTERS, NAME_CENSUS

    index = model.get(CHARACTERS)
    census = model.get(NAME_CENSUS)
    unresolved = _unresolved_reasons()
    forms = []
    for key, stats in census.forms.items():
        if stats.count < min_uses:
            continue
        owners: Counter[str] = Counter()
        for o in stats.occurrences:
            character = index.character_at(o.parsed_index, o.token_start)
            if character is not None:
                owners[character.name] += 1
        if owners:
            status, reason = "mapped", None
        else:
            reason = index.not_characters.get(key)
            status = "reason" if reason else "none"
            if reason in unresolved:
                status = "unresolved"
        labels = Counter(o.label or "-" for o in stats.occurrences)
        forms.append(
            {
                "form": key,
                "surface": stats.surface,
                "uses": stats.count,
                "status": status,
                "reason": reason,
                "character": owners.most_common(1)[0][0] if owners else None,
                "labels": dict(labels.most_common(3)),
                "acts": stats.tally("agent") + stats.tally("speaker") + stats.tally("possessor"),
                "in_quote": stats.tally("in_quote"),
                "article": stats.tally("determiner"),
                "place": stats.tally("place"),
            }
        )
    left_out = getattr(census, "not_person_uses", {})
    kinds = _not_person_kinds()
    for word, uses in left_out.items():
        if uses >= min_uses:
            forms.append(
                {
                    "form": word,
                    "surface": word,
                    "uses": uses,
                    "status": "reason",
                    "reason": f"not-a-person:{kinds.get(word, 'word')}",
                    "character": None,
                }
            )
    forms.sort(key=lambda f: (-f["uses"], f["form"]))
    return forms


def _unresolved_reasons() -> frozenset[str]:
    try:
        from storylint.people.characters import UNRESOLVED_REASONS
    except ImportError:  # an older character model
        return frozenset({"ambiguous", "sisters", "given-and-surname", "hearsay"})
    return frozenset(UNRESOLVED_REASONS)


def _not_person_kinds() -> dict[str, str]:
    try:
        from storylint.people.names import not_person_kinds
    except ImportError:  # an older character model, without kinds
        return {}
    return dict(not_person_kinds())


def summarise(novel: dict) -> dict:
    counts = Counter(f["status"] for f in novel["forms"])
    uses: Counter[str] = Counter()
    for f in novel["forms"]:
        uses[f["status"]] += f["uses"]
    return {
        "forms": len(novel["forms"]),
        "mapped": counts["mapped"],
        "reason": counts["reason"],
        "unresolved": counts["unresolved"],
        "none": counts["none"],
        "without": counts["unresolved"] + counts["none"],
        "uses": sum(uses.values()),
        "uses_mapped": uses["mapped"],
        "uses_reason": uses["reason"],
        "uses_unresolved": uses["unresolved"],
        "uses_none": uses["none"],
        "uses_without": uses["unresolved"] + uses["none"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N novels")
    parser.add_argument("--skip", type=int, default=0, help="skip the first N novels (by name)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--min-uses", type=int, default=20)
    parser.add_argument("--show", type=int, default=40, help="forms without a reason to print")
    parser.add_argument("--json", help="write every form counted here")
    args = parser.parse_args(argv)
    paths = sorted(str(p) for p in Path(args.directory).glob("*.txt"))[args.skip :]
    paths = paths[: args.limit]
    if not paths:
        print(f"{args.directory}: no .txt novels found", file=sys.stderr)
        return 2
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        novels = list(pool.map(cover_one, paths, [args.min_uses] * len(paths)))
    total: Counter[str] = Counter()
    print(
        f"{'novel':44} {'forms':>5} {'mapped':>6} {'reason':>6} {'without':>7}"
        f" {'(unresolved':>11} {'none)':>5}  uses without"
    )
    for novel in novels:
        row = novel["summary"] = summarise(novel)
        total.update(row)
        print(
            f"{novel['novel'][:44]:44} {row['forms']:5} {row['mapped']:6} {row['reason']:6} "
            f"{row['without']:7} {row['unresolved']:11} {row['none']:5}  {row['uses_without']:5}"
        )
    print(
        f"\nnovels: {len(novels)}  forms used >= {args.min_uses} times: {total['forms']}  "
        f"mapped: {total['mapped']}  with reason: {total['reason']}  "
        f"without: {total['without']} (unresolved {total['unresolved']}, "
        f"no reason {total['none']})"
    )
    print(
        f"uses: {total['uses']}  mapped: {total['uses_mapped']}  with reason: "
        f"{total['uses_reason']}  without: {total['uses_without']} (unresolved "
        f"{total['uses_unresolved']}, no reason {total['uses_none']})"
    )
    reasons: Counter[str] = Counter()
    reason_uses: Counter[str] = Counter()
    for novel in novels:
        for f in novel["forms"]:
            if f["status"] == "reason":
                reasons[f["reason"]] += 1
                reason_uses[f["reason"]] += f["uses"]
    print("\nreasons (forms, uses):")
    for reason, n in reasons.most_common():
        print(f"  {reason:28} {n:5} {reason_uses[reason]:7}")
    blind = sorted(
        (
            (f, n["novel"])
            for n in novels
            for f in n["forms"]
            if f["status"] in ("none", "unresolved")
        ),
        key=lambda pair: -pair[0]["uses"],
    )
    if blind:
        print(f"\nwithout a reason ({len(blind)}), commonest first:")
        for f, name in blind[: args.show]:
            print(
                f"  {f['uses']:5}  {f['surface']!r:28} {f['reason'] or '-':17} {name[:36]:36}"
                f" acts={f['acts']} "
                f"quote={f['in_quote']} the={f['article']} place={f['place']} {f['labels']}"
            )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"min_uses": args.min_uses, "novels": novels}, indent=1), "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
