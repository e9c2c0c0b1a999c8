"""Read and validate a story bible: `load_bible(path) -> Canon`, or one clear line of error.

Why a node-based reader: a writer who mistypes a bible must be told where, so every value is
read from PyYAML's composed nodes, which keep their line and character offsets (and no
Python object is ever built from a tag: composing is safe by construction, and the few
values that need converting go through `SafeConstructor`). Every error names the file, the
line and the key path, e.g.

    story-bible.yaml:12: characters[2].attributes.eyes: expected a colour word, got a list
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from storylint.canon.model import (
    Canon,
    CanonCharacter,
    CanonDeath,
    CanonFact,
    CanonNote,
    CanonObject,
    CanonPlace,
    name_key,
    normalise,
)
from storylint.canon.schema import ValueProblem, check_attribute, describe, schema
from storylint.errors import StorylintError
from storylint.findings import Evidence
from storylint.ingest.filekind import not_a_file, special_kind
from storylint.ingest.nesting import depth_problem, recursion_room, too_deep
from storylint.ingest.settings import budget
from storylint.manuscript import SourceText
from storylint.people.entities import Gender

SECTIONS = ("title", "characters", "distinct", "objects", "places", "notes")
CHARACTER_KEYS = (
    "name",
    "aliases",
    "distinct_from",
    "gender",
    "attributes",
    "relationships",
    "died",
    "notes",
)
CHARACTER_SYNONYMS = {"dead": "died", "alias": "aliases", "nicknames": "aliases"}
OBJECT_KEYS = ("name", "owner", "aliases", "notes")
PLACE_KEYS = ("name", "aliases", "notes")
DEATH_KEYS = ("book", "chapter", "how")
GENDERS = {g.value: g for g in Gender}
STR_TAG = "tag:yaml.org,2002:str"


class BibleError(StorylintError):
    """A story bible that cannot be used; `str()` is the one line the writer sees."""


def load_bible(path: str | Path) -> Canon:
    """Read the bible at `path` (YAML; JSON is YAML too), validated. Raises BibleError."""
    shown = str(path)
    # Before opening: a named pipe would block the open for ever (ingest/filekind).
    if kind := special_kind(path):
        raise BibleError(f"{shown}: {not_a_file(kind)}")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BibleError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise BibleError(f"{shown}: is a folder, not a story bible file") from None
    except OSError as exc:
        raise BibleError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BibleError(f"{shown}: not UTF-8 text; save the bible as UTF-8") from None
    return parse_bible(text, shown)


def parse_bible(text: str, path: str = "story-bible.yaml") -> Canon:
    """Validate bible text; offsets in every Evidence are into `text`."""
    try:
        with recursion_room():
            root = yaml.compose(text, Loader=_DepthLoader)
            if root is None:
                raise BibleError(
                    f"{path}:1: the bible is empty (expected sections such as characters:)"
                )
            return _Reader(path, SourceText(path, text)).read(root)
    except _TooDeep as exc:
        raise BibleError(f"{path}:{exc.line}: {depth_problem()}") from None
    except RecursionError:
        raise BibleError(f"{path}: is nested too deeply to read; {too_deep()}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "cannot be read"
        raise BibleError(f"{path}:{line}: not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise BibleError(f"{path}: not valid YAML: {exc}") from None


class _TooDeep(Exception):
    """Raised by `_DepthLoader` at the first node deeper than the nesting budget."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _DepthLoader(yaml.SafeLoader):
    """SafeLoader that refuses nodes nested deeper than budget("nesting_depth").

    Why: PyYAML's composer (and our reader after it) recurses per level, so a
    bible nested 100,000 deep ended in a RecursionError traceback. Counting
    levels as nodes are composed stops it at the budget, with the line.
    """

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > budget("nesting_depth"):
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Reader:
    """Walks the composed document once, building the Canon and failing on the first problem."""

    def __init__(self, path: str, source: SourceText) -> None:
        self.path = path
        self.source = source
        self.canon = Canon(path=path, source=source)
        self._constructor = SafeConstructor()
        # name key -> (entry index, shown name): a name may belong to one entry only
        self._names: dict[str, tuple[int, str]] = {}
        # (names, node, key path) of each distinct group, checked once every entry is known
        self._distinct_nodes: list[tuple[tuple[str, ...], Node, str]] = []

    # --- plumbing ---------------------------------------------------------------------

    def fail(self, node: Node, where: str, problem: str) -> NoReturn:
        line = node.start_mark.line + 1
        prefix = f"{where}: " if where else ""
        raise BibleError(f"{self.path}:{line}: {prefix}{problem}")

    def value(self, node: Node, where: str) -> Any:
        """The plain Python value of a node (safe constructor; no tags beyond YAML's own)."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except ConstructorError:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, where, f"the YAML tag {tag} is not allowed in a story bible")
        except (ValueError, TypeError, OverflowError):
            # "1990-02-30" looks like a date to YAML but is none: keep it as written, so
            # the check of the value can say what it expected.
            return node.value if isinstance(node, ScalarNode) else None

    def mapping(
        self,
        node: Node,
        where: str,
        allowed: tuple[str, ...],
        synonyms: dict[str, str] | None = None,
        ignored: frozenset[str] = frozenset(),
        what: str = "a mapping",
    ) -> dict[str, tuple[Node, Node]]:
        """key -> (key node, value node), with unknown and duplicate keys refused."""
        if not isinstance(node, MappingNode):
            self.fail(node, where, f"expected {what}, got {self.kind(node, where)}")
        synonyms = synonyms or {}
        out: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR_TAG:
                self.fail(key_node, where, f"expected a key word, got {self.kind(key_node, where)}")
            written = key_node.value
            key = written.strip().lower().replace(" ", "_").replace("-", "_")
            key = synonyms.get(key, key)
            here = f"{where}.{written}" if where else written
            if key in ignored:
                continue
            if key not in allowed:
                self.fail(key_node, here, f"unknown key{self.suggest(key, allowed)}")
            if key in out:
                self.fail(key_node, here, f"'{key}' is given twice")
            out[key] = (key_node, value_node)
        return out

    @staticmethod
    def suggest(key: str, allowed: tuple[str, ...]) -> str:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
        if close:
            return f" (did you mean '{close[0]}'?)"
        return f" (expected one of: {', '.join(allowed)})"

    def kind(self, node: Node, where: str = "") -> str:
        if isinstance(node, SequenceNode):
            return "a list"
        if isinstance(node, MappingNode):
            return "a mapping"
        return describe(self.value(node, where))

    def text(self, node: Node, where: str, what: str = "text") -> str:
        """A non-empty string (a number is kept as written: `chapter: 12`)."""
        if isinstance(node, ScalarNode) and node.tag in (
            STR_TAG,
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            text = " ".join(node.value.split())
            if text:
                return text
        self.fail(node, where, f"expected {what}, got {self.kind(node, where)}")

    def items(self, node: Node, where: str, single_ok: bool = True) -> Iterator[tuple[Node, str]]:
        """The items of a list (or a single scalar standing for a list of one)."""
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                yield item, f"{where}[{i}]"
        elif single_ok and isinstance(node, ScalarNode):
            yield node, where
        else:
            self.fail(node, where, f"expected a list, got {self.kind(node, where)}")

    def names(self, node: Node, where: str) -> list[tuple[str, Node, str]]:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        return [
            (self.text(item, here, "a name"), item, here) for item, here in self.items(node, where)
        ]

    def evidence(self, start: Node, end: Node) -> Evidence:
        """From the start of one node to the end of another, trailing whitespace trimmed."""
        text = self.source.text
        a, b = start.start_mark.index, end.end_mark.index
        while b > a and text[b - 1].isspace():
            b -= 1
        return Evidence(self.source, a, b, "established")

    def item_evidence(self, key: Node, value: Node, item: Node) -> Evidence:
        """`sister: [Jo, Meg]` on one line is quoted whole; a block list item by itself."""
        if item is value or item.start_mark.line == key.start_mark.line:
            return self.evidence(key, value)
        return self.evidence(item, item)

    # --- the document ----------------------------------------------------------------------

    def read(self, root: Node) -> Canon:
        if not isinstance(root, MappingNode):
            self.fail(
                root,
                "",
                f"expected sections ({', '.join(SECTIONS)}) at the top level, "
                f"got {self.kind(root)}",
            )
        sections = self.mapping(root, "", SECTIONS)
        canon = self.canon
        if "title" in sections:
            canon.title = self.text(sections["title"][1], "title")
        if "characters" in sections:
            for item, where in self.items(sections["characters"][1], "characters", False):
                self.character(item, where, len(canon.characters))
        if "distinct" in sections:
            self.distinct(sections["distinct"][1])
        if "objects" in sections:
            self.objects(sections["objects"][1])
        if "places" in sections:
            for item, where in self.items(sections["places"][1], "places", False):
                self.place(item, where)
        if "notes" in sections:
            self.notes(sections["notes"][1], "notes", None)
        self.check_distinct()
        canon.data = self.value(root, "") or {}
        return canon

    def claim(self, name: str, node: Node, where: str, index: int) -> bool:
        """Register a name for entry `index`; False when this entry already has it."""
        key = name_key(name)
        owner = self._names.get(key)
        if owner is None:
            self._names[key] = (index, name)
            return True
        if owner[0] == index:
            return False
        first = self.canon.characters[owner[0]] if owner[0] < len(self.canon.characters) else None
        line = first.evidence.source.line_col(first.evidence.start)[0] if first else 0
        self.fail(
            node,
            where,
            f"'{name}' already names characters[{owner[0]}] ({owner[1]}, line {line}); "
            "one name, one person - merge the two entries or use another name",
        )

    def character(self, node: Node, where: str, index: int) -> None:
        if isinstance(node, ScalarNode):  # "- Ivy Lynn": a name and nothing more
            name = self.text(node, where, "a character (name: ...)")
            self.claim(name, node, where, index)
            self.canon.characters.append(
                CanonCharacter(name, (), None, (), self.evidence(node, node), index)
            )
            return
        keys = self.mapping(
            node,
            where,
            CHARACTER_KEYS,
            CHARACTER_SYNONYMS,
            schema().informational,
            what="a character (name: ...)",
        )
        if "name" not in keys:
            self.fail(node, where, "a character needs a name (name: ...)")
        name_node, name_value = keys["name"]
        name = self.text(name_value, f"{where}.name", "a name")
        self.claim(name, name_value, f"{where}.name", index)
        aliases: list[str] = []
        if "aliases" in keys:
            for alias, item, here in self.names(keys["aliases"][1], f"{where}.aliases"):
                if self.claim(alias, item, here, index) and alias not in aliases:
                    aliases.append(alias)
        gender = None
        if "gender" in keys:
            gender_node = keys["gender"][1]
            written = self.text(gender_node, f"{where}.gender", "female, male or unknown")
            gender = GENDERS.get(written.lower())
            if gender is None:
                problem = f"expected female, male or unknown, got {describe(written)}"
                self.fail(gender_node, f"{where}.gender", problem)
        distinct_from: tuple[str, ...] = ()
        if "distinct_from" in keys:
            found = self.names(keys["distinct_from"][1], f"{where}.distinct_from")
            distinct_from = tuple(n for n, _, _ in found)
            for other, _, _ in found:
                self.canon.distinct.append((name, other))
            self._distinct_nodes.extend(((name, other), item, here) for other, item, here in found)
        entry = CanonCharacter(
            name,
            tuple(aliases),
            gender,
            distinct_from,
            self.evidence(name_node, name_value),
            index,
        )
        self.canon.characters.append(entry)
        if "attributes" in keys:
            self.attributes(entry, *keys["attributes"], f"{where}.attributes")
        if "relationships" in keys:
            self.relationships(entry, *keys["relationships"], f"{where}.relationships")
        if "died" in keys:
            self.died(entry, *keys["died"], f"{where}.{keys['died'][0].value}")
        if "notes" in keys:
            self.notes(keys["notes"][1], f"{where}.notes", name)

    def fact(self, entry: CanonCharacter, attribute: str, value: str, written: str, ev) -> None:
        self.canon.facts.append(
            CanonFact(entry.name, entry.aliases, attribute, value, ev, written=written)
        )

    def attributes(self, entry: CanonCharacter, key_node: Node, node: Node, where: str) -> None:
        table = schema()
        keys = self.mapping(
            node, where, tuple(table.attributes), table.attribute_synonyms, what="attributes"
        )
        for attribute, (key, value_node) in keys.items():
            here = f"{where}.{key.value}"
            value = self.value(value_node, here)
            raw = value_node.value if isinstance(value_node, ScalarNode) else None
            try:
                found = check_attribute(attribute, value, raw)
            except ValueProblem as problem:
                self.fail(value_node, here, str(problem))
            items = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for (normal, written), item in zip(found, items, strict=True):
                self.fact(
                    entry, attribute, normal, written, self.item_evidence(key, value_node, item)
                )

    def relationships(self, entry: CanonCharacter, key_node: Node, node: Node, where: str) -> None:
        table = schema()
        keys = self.mapping(
            node, where, table.relationships, table.relationship_synonyms, what="relationships"
        )
        for relation, (key, value_node) in keys.items():
            for name, item, _ in self.names(value_node, f"{where}.{key.value}"):
                ev = self.item_evidence(key, value_node, item)
                self.fact(entry, relation, normalise(name), name, ev)

    def died(self, entry: CanonCharacter, key: Node, node: Node, where: str) -> None:
        """`died: true`, `died: "in the war"`: dead before the story; a mapping dates it."""
        ev = self.evidence(key, node)
        if isinstance(node, MappingNode):
            keys = self.mapping(node, where, DEATH_KEYS, what="when and how they died")
            parts = {k: self.text(v, f"{where}.{k}") for k, (_, v) in keys.items()}
            if parts.get("book") or parts.get("chapter"):
                self.canon.deaths.append(
                    CanonDeath(
                        entry.name,
                        entry.aliases,
                        parts.get("book"),
                        parts.get("chapter"),
                        parts.get("how", ""),
                        ev,
                    )
                )
            else:
                self.fact(entry, "dead", "true", parts.get("how", "true"), ev)
            return
        value = self.value(node, where)
        if value is True:
            self.fact(entry, "dead", "true", "true", ev)
        elif isinstance(value, str) and value.strip():
            self.fact(entry, "dead", "true", value.strip(), ev)
        elif value is not False:
            expected = "true, false, a description, or {book: ..., chapter: ..., how: ...}"
            self.fail(node, where, f"expected {expected}, got {self.kind(node, where)}")

    def notes(self, node: Node, where: str, about: str | None) -> None:
        for item, here in self.items(node, where):
            text = self.text(item, here, "a note")
            self.canon.notes.append(CanonNote(text, self.evidence(item, item), about))

    def distinct(self, node: Node) -> None:
        for group, where in self.items(node, "distinct", False):
            if not isinstance(group, SequenceNode) or len(group.value) < 2:
                expected = "a list of two or more names that are different people"
                got = (
                    f"{len(group.value)} name{'s' if len(group.value) != 1 else ''}"
                    if isinstance(group, SequenceNode)
                    else self.kind(group, where)
                )
                self.fail(group, where, f"expected {expected}, got {got}")
            found = self.names(group, where)
            names = tuple(n for n, _, _ in found)
            self.canon.distinct.append(names)
            self._distinct_nodes.append((names, group, where))

    def check_distinct(self) -> None:
        """Two names of one entry cannot be two people: the bible would contradict itself."""
        for names, node, where in self._distinct_nodes:
            owners: dict[int, str] = {}
            for name in names:
                owner = self._names.get(name_key(name))
                if owner is None:
                    continue  # people the bible has no entry for may be told apart too
                if owner[0] in owners:
                    self.fail(
                        node,
                        where,
                        f"'{owners[owner[0]]}' and '{name}' both name characters[{owner[0]}] "
                        f"({self.canon.characters[owner[0]].name}); they cannot be distinct",
                    )
                owners[owner[0]] = name

    def objects(self, node: Node) -> None:
        seen: dict[str, int] = {}
        for item, where in self.items(node, "objects", False):
            name_node: Node
            name_value: Node
            aliases: tuple[str, ...]
            if isinstance(item, ScalarNode):
                name, owner, aliases, owner_ev = self.text(item, where, "an object"), None, (), None
                name_node = name_value = item
            else:
                keys = self.mapping(item, where, OBJECT_KEYS, what="an object (name: ...)")
                if "name" not in keys:
                    self.fail(item, where, "an object needs a name (name: ...)")
                name_node, name_value = keys["name"]
                name = self.text(name_value, f"{where}.name", "a name")
                owner, owner_ev = None, None
                if "owner" in keys:
                    owner_key, owner_node = keys["owner"]
                    if not (isinstance(owner_node, ScalarNode) and owner_node.value in ("", "~")):
                        owner = self.text(owner_node, f"{where}.owner", "a character's name")
                        owner_ev = self.evidence(owner_key, owner_node)
                aliases = ()
                if "aliases" in keys:
                    found = self.names(keys["aliases"][1], f"{where}.aliases")
                    aliases = tuple(n for n, _, _ in found)
                if "notes" in keys:
                    self.notes(keys["notes"][1], f"{where}.notes", name)
            key = normalise(name)
            if key in seen:
                self.fail(name_value, where, f"'{name}' is already objects[{seen[key]}]")
            seen[key] = len(self.canon.objects)
            self.canon.objects.append(
                CanonObject(name, owner, aliases, self.evidence(name_node, name_value), owner_ev)
            )

    def place(self, node: Node, where: str) -> None:
        if isinstance(node, ScalarNode):
            name = self.text(node, where, "a place")
            self.canon.places.append(CanonPlace(name, (), self.evidence(node, node)))
            return
        keys = self.mapping(node, where, PLACE_KEYS, what="a place (name: ...)")
        if "name" not in keys:
            self.fail(node, where, "a place needs a name (name: ...)")
        name_node, name_value = keys["name"]
        name = self.text(name_value, f"{where}.name", "a name")
        aliases = (
            tuple(n for n, _, _ in self.names(keys["aliases"][1], f"{where}.aliases"))
            if "aliases" in keys
            else ()
        )
        self.canon.places.append(CanonPlace(name, aliases, self.evidence(name_node, name_value)))
        if "notes" in keys:
            self.notes(keys["notes"][1], f"{where}.notes", name)
