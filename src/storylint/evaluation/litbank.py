"""Pronoun resolution measured against LitBank's coreference annotations.

LitBank (Bamman, Lewke & Mansoor 2020) annotates ~2,000 words of each of 100
novels in brat format: every mention has a line `T<n>\\t<TYPE> <start> <end>\\t<text>`
with TYPE such as PROP_PER / NOM_PER / PRON_PER, and a second line over the
same span whose label names its coreference chain ("Sir_Walter_Elliot-0").
The .txt beside it holds one paragraph per line, already tokenised with spaces.

The question asked is the one the continuity rules depend on: for every gold
he/she/him/her/his/hers/himself/herself whose chain contains a proper name,
did storylint give the pronoun to the character whose name mentions lie in that
chain? Unresolved pronouns count as wrong in `accuracy`; `precision` is the
accuracy over the pronouns storylint did resolve and `coverage` the share it
resolved at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylint.errors import InputError
from storylint.pipeline.layers import CHARACTERS

PRONOUNS = frozenset("he she him her his hers himself herself".split())
TYPE_LABEL = re.compile(r"^(PROP|NOM|PRON)_(PER|FAC|GPE|LOC|VEH|ORG)$")
T_LINE = re.compile(r"^T\d+\t(\S+) (\d+) (\d+)\t(.*)$")


@dataclass
class GoldFile:
    """One annotated excerpt: its text, gold pronouns and their chains."""

    name: str
    text: str
    # (start, end) -> chain label, for every mention
    chain_of: dict[tuple[int, int], str] = field(default_factory=dict)
    # chain label -> spans of its proper-name (PROP_PER) mentions
    names: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # (start, end, chain) of the gold pronouns that count
    pronouns: list[tuple[int, int, str]] = field(default_factory=list)


def read_gold(ann_path: Path) -> GoldFile:
    """Parse one brat .ann file and its .txt."""
    txt_path = ann_path.with_suffix(".txt")
    try:
        text = txt_path.read_text(encoding="utf-8")
        lines = ann_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(ann_path), f"cannot read LitBank file: {error}") from error
    types: dict[tuple[int, int], str] = {}
    gold = GoldFile(ann_path.stem, text)
    for line in lines:
        match = T_LINE.match(line)
        if match is None:
            continue  # relations (R lines) and comments
        label, start, end = match.group(1), int(match.group(2)), int(match.group(3))
        if TYPE_LABEL.match(label):
            types[(start, end)] = label
        else:
            gold.chain_of[(start, end)] = label
    for span, label in types.items():
        chain = gold.chain_of.get(span)
        if chain is not None and label == "PROP_PER":
            gold.names.setdefault(chain, []).append(span)
    for span, label in sorted(types.items()):
        chain = gold.chain_of.get(span)
        if label != "PRON_PER" or chain is None or chain not in gold.names:
            continue
        if text[span[0] : span[1]].lower() in PRONOUNS:
            gold.pronouns.append((span[0], span[1], chain))
    return gold


def manuscript_of(gold: GoldFile):
    """One chapter, one scene, one paragraph per line: LitBank's own layout.

    The general ingest would treat "Chapter 1 Sir Walter ..." lines as
    headings; here every line is story, and offsets stay those of the .txt.
    """
    from storylint.manuscript import Chapter, Manuscript, Paragraph, Scene, SourceText

    source = SourceText(gold.name + ".txt", gold.text)
    scene = Scene(0)
    at = 0
    for line in gold.text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = at + len(line) - len(line.lstrip())
            scene.paragraphs.append(Paragraph(source, start, start + len(stripped)))
        at += len(line) + 1
    manuscript = Manuscript(source.path, [source], [Chapter(0, scenes=[scene])])
    manuscript.number_paragraphs()
    return manuscript


def predict(gold: GoldFile, nlp=None, gold_names: bool = False):
    """Run the analysis stages pronoun resolution needs; return the model.

    With `gold_names` the character stage is replaced by LitBank's own name
    chains (genders still come from titles and first names), which measures
    the pronoun resolver apart from character finding.
    """
    from storylint.model import StoryModel
    from storylint.nlp.parse import load_nlp
    from storylint.pipeline.build import parse_manuscript, run_stages
    from storylint.pipeline.layers import PRONOUNS

    manuscript = manuscript_of(gold)
    model = StoryModel(manuscript, parse_manuscript(manuscript, nlp or load_nlp()))
    if gold_names:
        model.set(CHARACTERS, gold_index(gold, model))  # the character stage is skipped
    return run_stages(model, until=PRONOUNS)


def gold_index(gold: GoldFile, model):
    """A CharacterIndex whose characters are LitBank's named chains."""
    from storylint.people.entities import Character, CharacterIndex, Mention, MentionKind

    index = CharacterIndex()
    token_at: dict[int, tuple[int, int]] = {}
    for parsed_index, parsed in enumerate(model.parsed):
        for token in parsed.doc:
            token_at[parsed.offset + token.idx] = (parsed_index, token.i)
    for _chain, spans in sorted(gold.names.items()):
        texts = [gold.text[s:e] for s, e in spans]
        character = Character(len(index.characters), max(texts, key=len), set(texts))
        character.gender = _name_gender(texts)
        index.characters.append(character)
        for start, end in spans:
            first = token_at.get(start)
            if first is None:
                continue
            parsed = model.parsed[first[0]]
            last = first[1]
            while last + 1 < len(parsed.doc) and parsed.offset + parsed.doc[last + 1].idx < end:
                last += 1
            index.add_mention(
                Mention(first[0], first[1], last + 1, start, end, character.id, MentionKind.NAME)
            )
    return index


def _name_gender(texts: list[str]):
    """Gender from a title or a first name, as the character stage would find it."""
    from storylint.people.entities import Gender

    try:
        from storylint.people.names import first_name_gender, title_of
    except ImportError:  # the name lists are optional for this measurement
        return Gender.UNKNOWN
    for text in texts:
        for word in text.split():
            title = title_of(word)
            if title is not None and title.gender is not Gender.UNKNOWN:
                return title.gender
            gender = first_name_gender(word)
            if gender is not Gender.UNKNOWN:
                return gender
    return Gender.UNKNOWN


def score_file(gold: GoldFile, model) -> dict[str, int]:
    """Count gold pronouns, resolved ones and correct ones in one file."""
    from storylint.people.entities import MentionKind

    index = model.get(CHARACTERS)
    # character id -> gold chains its name mentions overlap
    chains_of: dict[int, set[str]] = {}
    spans_by_chain: dict[str, list[tuple[int, int]]] = gold.names
    for character in index.characters:
        for mention in character.mentions:
            if mention.kind is MentionKind.PRONOUN:
                continue
            for chain, spans in spans_by_chain.items():
                if any(mention.start < e and s < mention.end for s, e in spans):
                    chains_of.setdefault(character.id, set()).add(chain)
    token_at: dict[int, tuple[int, int]] = {}
    for parsed_index, parsed in enumerate(model.parsed):
        for token in parsed.doc:
            token_at[parsed.offset + token.idx] = (parsed_index, token.i)
    counts = {"gold": 0, "resolved": 0, "correct": 0, "name_found": 0}
    found_chains = set().union(*chains_of.values()) if chains_of else set()
    for start, _end, chain in gold.pronouns:
        counts["gold"] += 1
        if chain in found_chains:
            counts["name_found"] += 1
        where = token_at.get(start)
        mention = index.mention_at(*where) if where else None
        if mention is None or mention.kind is not MentionKind.PRONOUN:
            continue
        counts["resolved"] += 1
        if chain in chains_of.get(mention.character_id, ()):
            counts["correct"] += 1
    return counts


def evaluate(
    directory: str | Path, limit: int | None = None, gold_names: bool = False
) -> dict[str, Any]:
    """Score pronoun resolution on every LitBank .ann/.txt pair in `directory`.

    `directory` may be LitBank's root, its `coref/` or its `coref/brat/` folder.
    `gold_names` scores the resolver alone, on LitBank's own name chains.
    """
    root = Path(directory)
    for candidate in (root / "coref" / "brat", root / "brat", root):
        if candidate.is_dir() and any(candidate.glob("*.ann")):
            root = candidate
            break
    else:
        raise InputError(str(directory), "no LitBank .ann files found (expected coref/brat/*.ann)")
    from storylint.nlp.parse import load_nlp

    nlp = load_nlp()
    files = []
    totals = {"gold": 0, "resolved": 0, "correct": 0, "name_found": 0}
    ann_paths = sorted(p for p in root.glob("*.ann") if p.with_suffix(".txt").exists())
    for ann_path in ann_paths[:limit]:
        gold = read_gold(ann_path)
        if not gold.pronouns:
            continue
        counts = score_file(gold, predict(gold, nlp, gold_names))
        files.append({"file": gold.name, **counts})
        for key in totals:
            totals[key] += counts[key]
    gold_n = totals["gold"] or 1
    return {
        "directory": str(root),
        "characters": "gold name chains" if gold_names else "storylint",
        "files": files,
        **totals,
        "accuracy": totals["correct"] / gold_n,
        "coverage": totals["resolved"] / gold_n,
        "precision": totals["correct"] / (totals["resolved"] or 1),
        "name_recall": totals["name_found"] / gold_n,
    }


def format_report(result: dict[str, Any]) -> str:
    """A short plain-text report of `evaluate`'s result."""
    lines = [
        f"LitBank pronoun resolution ({len(result['files'])} files, {result['directory']}; "
        f"characters: {result.get('characters', 'storylint')})",
        f"  gold pronouns (he/she/him/her/his/hers/himself/herself with a named antecedent): "
        f"{result['gold']}",
        f"  accuracy (unresolved count as wrong): {result['accuracy']:.1%}"
        f"  ({result['correct']}/{result['gold']})",
        f"  precision (of resolved pronouns):     {result['precision']:.1%}"
        f"  ({result['correct']}/{result['resolved']})",
        f"  coverage (resolved at all):           {result['coverage']:.1%}"
        f"  ({result['resolved']}/{result['gold']})",
        f"  antecedent character found by name:   {result['name_recall']:.1%}"
        f"  ({result['name_found']}/{result['gold']})",
    ]
    worst = sorted(result["files"], key=lambda f: f["correct"] / (f["gold"] or 1))[:5]
    if worst:
        lines.append("  weakest files:")
        for f in worst:
            lines.append(
                f"    {f['file']}: {f['correct']}/{f['gold']} correct, {f['resolved']} resolved"
            )
    return "\n".join(lines)
