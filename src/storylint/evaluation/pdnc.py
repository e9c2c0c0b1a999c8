"""How well the character model groups names, measured on the Project Dialogism Novel Corpus.

PDNC (Vishnubhotla, Hammond & Hirst, LREC 2022) lists, for each of 20 novels,
every speaking character with all the names the novel calls them by. A folder
per novel holds `novel_text.txt` and `character_info.csv` (columns: Character
ID, Main Name, Aliases - a Python set/list literal -, Gender, Category
major/intermediate/minor).

Definitions (exactly what the numbers mean):

- Names are compared *normalised*: lower case, full stops removed, runs of
  spaces collapsed ("Mr. Darcy" = "mr darcy"). A gold alias listed for two or
  more characters of one novel is *ambiguous* and ignored everywhere, as are
  placeholder aliases starting with "_" (PDNC's "_narr").
- A gold alias is *found* when it is an alias of some predicted character.
- A gold character is *recovered whole* when at least one of its aliases is
  found, one predicted character holds every one of its found aliases, and
  that predicted character holds no alias of any other gold character. A gold
  character none of whose aliases is found is not recovered (missed).
- A predicted character is a *wrong merge* when it holds aliases of two or more
  gold characters. Its share is taken over the predicted characters that hold
  at least one gold alias (predicted characters PDNC does not list - minor
  named people who never speak - are neither right nor wrong here).
- *Alias coverage* is the share of gold aliases that occur in the text
  (case-sensitive, whole words) and are found: it shows how much the scores
  above rest on names the model actually extracted.

Command: `python -c "from storylint.evaluation import pdnc;
r = pdnc.evaluate('PATH/TO/pdnc'); print(pdnc.format_report(r))"`
(`storylint eval pdnc DIR` wraps it).
"""

from __future__ import annotations

import ast
import csv
import re
import time
from pathlib import Path
from typing import Any

from storylint.errors import InputError
from storylint.manuscript import Chapter, Manuscript, Paragraph, Role, Scene, SourceText
from storylint.pipeline.layers import CHARACTERS

_PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
_HEADING = re.compile(r"^(?:chapter|volume|book|part)\b[\w .:-]{0,40}$", re.IGNORECASE)


def normalise(name: str) -> str:
    return " ".join(name.replace(".", " ").lower().split())


def read_gold(csv_path: Path) -> list[dict[str, Any]]:
    """The gold characters of one novel: name, aliases, gender, category."""
    try:
        with csv_path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(csv_path), f"cannot read the character list: {error}") from None
    gold = []
    for row in rows:
        try:
            aliases = set(ast.literal_eval(row["Aliases"]))
        except (ValueError, SyntaxError, KeyError):
            raise InputError(str(csv_path), f"bad Aliases cell: {row.get('Aliases')!r}") from None
        aliases.add(row["Main Name"])
        gold.append(
            {
                "name": row["Main Name"],
                "aliases": {a for a in aliases if a and not a.startswith("_")},
                "gender": row.get("Gender", ""),
                "category": row.get("Category", ""),
            }
        )
    return gold


def read_novel(path: Path) -> Manuscript:
    """A manuscript from a plain-text novel: the project's reader when present, else blank lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read the novel: {error}") from None
    try:
        from storylint.ingest import manuscript_from_text
    except ImportError:
        return _split_on_blank_lines(path, text)
    return manuscript_from_text(text, str(path))


def _split_on_blank_lines(path: Path, text: str) -> Manuscript:
    """A fallback reader: paragraphs at blank lines, chapters at "CHAPTER ..." headings."""
    source = SourceText(str(path), text)
    manuscript = Manuscript(str(path), [source])
    chapter = Chapter(0, scenes=[Scene(0)])
    manuscript.chapters.append(chapter)
    for match in _PARAGRAPH.finditer(text):
        paragraph = Paragraph(source, match.start(), match.end())
        block = match.group()
        if _HEADING.match(block.strip()) or (block.isupper() and len(block) < 80):
            paragraph.role = Role.HEADING
            manuscript.apart.append(paragraph)
            if chapter.scenes[0].paragraphs:
                chapter = Chapter(len(manuscript.chapters), scenes=[Scene(0)])
                manuscript.chapters.append(chapter)
            continue
        chapter.scenes[0].paragraphs.append(paragraph)
    manuscript.number_paragraphs()
    return manuscript


def score_novel(gold: list[dict[str, Any]], predicted: list[set[str]], text: str) -> dict[str, Any]:
    """Recovery and wrong-merge numbers for one novel (definitions in the module docstring)."""
    owners: dict[str, set[int]] = {}
    for gold_id, character in enumerate(gold):
        for alias in character["aliases"]:
            owners.setdefault(normalise(alias), set()).add(gold_id)
    unique = {alias: ids.pop() for alias, ids in owners.items() if len(ids) == 1}
    clusters = [{normalise(a) for a in aliases} for aliases in predicted]
    owner_sets = [{unique[a] for a in cluster if a in unique} for cluster in clusters]
    found_all = set().union(*clusters) if clusters else set()

    per_character = []
    for gold_id, character in enumerate(gold):
        mine = {normalise(a) for a in character["aliases"]} & unique.keys()
        found = mine & found_all
        whole = bool(found) and any(
            found <= cluster and owners_ == {gold_id}
            for cluster, owners_ in zip(clusters, owner_sets, strict=True)
        )
        per_character.append(
            {
                "name": character["name"],
                "category": character["category"],
                "found": bool(found),
                "whole": whole,
            }
        )
    matched = [o for o in owner_sets if o]
    wrong = [sorted(gold[i]["name"] for i in o) for o in matched if len(o) > 1]
    in_text = {
        normalise(a)
        for character in gold
        for a in character["aliases"]
        if normalise(a) in unique and re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text)
    }

    def share(rows: list[dict[str, Any]]) -> float | None:
        return sum(r["whole"] for r in rows) / len(rows) if rows else None

    major = [r for r in per_character if r["category"] == "major"]
    return {
        "characters": len(per_character),
        "recovered": share(per_character),
        "major": len(major),
        "major_recovered": share(major),
        "major_missed": [r["name"] for r in major if not r["whole"]],
        "predicted": len(predicted),
        "matched_clusters": len(matched),
        "wrong_merges": len(wrong),
        "wrong_merge_share": len(wrong) / len(matched) if matched else 0.0,
        "wrong_merge_examples": wrong[:5],
        "alias_coverage": len(in_text & found_all) / len(in_text) if in_text else None,
    }


def evaluate_novel(folder: Path, nlp=None) -> dict[str, Any]:
    from storylint.model import StoryModel
    from storylint.pipeline.build import parse_manuscript, run_stages

    gold = read_gold(folder / "character_info.csv")
    manuscript = read_novel(folder / "novel_text.txt")
    started = time.perf_counter()
    model = StoryModel(manuscript, parse_manuscript(manuscript, nlp))
    parsed = time.perf_counter()
    run_stages(model, until=CHARACTERS)
    done = time.perf_counter()
    predicted = [c.aliases for c in model.get(CHARACTERS).characters]
    text = manuscript.sources[0].text if manuscript.sources else ""
    result = score_novel(gold, predicted, text)
    result.update(
        novel=folder.name,
        words=manuscript.word_count,
        parse_seconds=round(parsed - started, 2),
        characters_seconds=round(done - parsed, 3),
    )
    return result


def evaluate(directory: str | Path) -> dict[str, Any]:
    """Score every novel folder under `directory`; returns per-novel rows and their averages."""
    root = Path(directory)
    if not root.is_dir():
        raise InputError(str(root), "not a folder of PDNC novels")
    folders = sorted(p for p in root.iterdir() if (p / "character_info.csv").is_file())
    if not folders:
        raise InputError(str(root), "no novel folders with character_info.csv inside")
    novels = [evaluate_novel(folder) for folder in folders]

    def mean(key: str) -> float | None:
        values = [n[key] for n in novels if n[key] is not None]
        return sum(values) / len(values) if values else None

    return {
        "novels": novels,
        "average": {
            "recovered": mean("recovered"),
            "major_recovered": mean("major_recovered"),
            "wrong_merge_share": mean("wrong_merge_share"),
            "alias_coverage": mean("alias_coverage"),
            "characters_seconds": mean("characters_seconds"),
        },
    }


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{100 * value:5.1f}%"


def format_report(result: dict[str, Any]) -> str:
    """A plain-text table: one line per novel, then the averages and the misses."""
    lines = [
        f"{'novel':32} {'words':>7} {'major':>7} {'all':>7} {'merges':>7} "
        f"{'aliases':>8} {'chars s':>8}",
    ]
    for n in result["novels"]:
        lines.append(
            f"{n['novel'][:32]:32} {n['words']:7d} {_pct(n['major_recovered']):>7} "
            f"{_pct(n['recovered']):>7} {_pct(n['wrong_merge_share']):>7} "
            f"{_pct(n['alias_coverage']):>8} {n['characters_seconds']:8.2f}"
        )
    avg = result["average"]
    lines.append(
        f"{'AVERAGE':32} {'':7} {_pct(avg['major_recovered']):>7} {_pct(avg['recovered']):>7} "
        f"{_pct(avg['wrong_merge_share']):>7} {_pct(avg['alias_coverage']):>8} "
        f"{avg['characters_seconds']:8.2f}"
    )
    lines.append("")
    lines.append("major = major characters recovered whole; all = every PDNC character;")
    lines.append(
        "merges = predicted characters that join two gold characters; aliases = alias coverage."
    )
    for n in result["novels"]:
        if n["major_missed"] or n["wrong_merge_examples"]:
            lines.append(
                f"{n['novel']}: major not whole: {', '.join(n['major_missed']) or '-'}; "
                f"merges: {'; '.join(' + '.join(m) for m in n['wrong_merge_examples']) or '-'}"
            )
    return "\n".join(lines)
