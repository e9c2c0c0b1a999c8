"""A Novelcrafter codex export (.zip) converted to a storylint story bible.

Novelcrafter exports its codex as a zip: `novel.md`, and one Markdown file per codex entry
under a folder per type (`characters/`, `locations/`, `objects/`, `lore/`, `subplots/`,
`other/`). Each entry starts with YAML front matter (`type`, `name`, `aliases`, `tags`,
`fields`: the writer's custom fields) and its body is the entry's description.

`import_codex(path)` returns the bible as the plain data `storylint bible` prints
(docs/story-bible.md, "Importing a Novelcrafter codex") and the list of what was left out.
Decisions, each written down in the docs too:

- characters become characters (name, aliases, and the custom fields the bible has a key
  for: gender, attributes, relationships), objects objects (an owner field is the owner),
  locations places. Lore, subplots and other types have no place in a bible: skipped.
- The field names the bible understands are data (`canon/data/novelcrafter.yaml`), on top
  of the bible schema's own keys and synonyms (`Eyes`, `Eye Colour`, `Mother`...).
- A field value the bible would refuse ("Eyes: piercing", no colour word) is skipped with
  a warning, never written: the printed bible always loads with `check --bible`. So is a
  name or alias another character already has (one name, one person).
- The description goes to the entry's `notes` (kept, never checked). Tags and the other
  keys Novelcrafter writes (ids, colours, context settings) organise the codex, not the
  story: dropped without a warning, which would be noise on every entry.
- `novel.md` gives the title (its first `# ` heading), nothing else: it is not the codex.

Why the zip is read this way: it is untrusted input like any manuscript, so it goes
through the same container checks as a .docx (ingest/containers.open_container: size,
member count, unpacked sizes, zip-bomb ratio, encryption). Nothing is extracted to disk,
only .md members are read, so a nested archive is never opened, and a member whose path
is absolute or climbs out with `..` is ignored with a warning. Front matter is read by a
SafeLoader (what yaml.safe_load uses) that refuses nesting beyond the nesting budget. A
broken zip or front matter is an InputError: one line naming the file and the problem.
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.nodes import Node

from storylint import lexicons
from storylint.canon.model import name_key, normalise
from storylint.canon.schema import ValueProblem, check_attribute, describe, schema
from storylint.errors import InputError
from storylint.ingest.containers import open_container
from storylint.ingest.limits import human_size
from storylint.ingest.nesting import NestingError, depth_problem, recursion_room
from storylint.ingest.settings import budget, budget_note

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "novelcrafter.yaml"
LABEL = "Novelcrafter codex"
NOVEL_FILE = "novel.md"
FENCE = "---"
FENCE_ENDS = ("---", "...")
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Skipped:
    """Something of the codex the bible does not get, and why (a warning line)."""

    member: str  # the entry's path inside the zip
    reason: str

    def line(self, archive: str) -> str:
        """`codex.zip: lore/magic.md: warning: ...`, the shape of storylint's warnings.

        One line always: a member's name or a field's may hold a newline."""
        return " ".join(f"{archive}: {self.member}: warning: {self.reason}".split())


@dataclass
class CodexImport:
    """The converted bible (plain data, as `storylint bible` prints it) and what was left out."""

    bible: dict[str, Any]
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class FieldMap:
    """canon/data/novelcrafter.yaml: which codex types and field names go where."""

    types: dict[str, str]
    folders: dict[str, str]
    character_fields: dict[str, str]
    object_fields: dict[str, str]
    place_fields: dict[str, str]
    genders: dict[str, str]


@lexicons.cache
def field_map() -> FieldMap:
    """The mapping table, checked for the shape its schema (novelcrafter.schema.yaml) gives.

    Why a check here: the table is data a maintainer edits; a wrong shape must fail loudly
    at the first import, not send fields nowhere."""
    raw = lexicons.load_lexicon_data("novelcrafter")  # with a writer's own [lexicons] too
    tables = {}
    for key in FieldMap.__dataclass_fields__:
        table = raw.get(key) if isinstance(raw, dict) else None
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise ValueError(f"{DATA_FILE}: {key}: expected a mapping of words to words")
        tables[key] = {field_key(k): v for k, v in table.items()}
    return FieldMap(**tables)


def field_key(written: str) -> str:
    """How a field or type name is matched: "Eye Color" is eye_color."""
    return "_".join(written.strip().lower().replace("-", " ").split())


# --- reading the zip -----------------------------------------------------------------------


def import_codex(path: str | Path) -> CodexImport:
    """The bible a Novelcrafter codex export holds. Raises InputError for a broken export."""
    path = Path(path)
    shown = str(path)
    result = CodexImport(bible={})
    builder = _Builder(result.skipped)
    title = path.stem
    with open_container(path, LABEL) as archive:
        infos = _markdown_members(archive, shown, result.skipped)
        for info in infos:
            text = _read_text(archive, info, shown)
            if info.filename.lower() == NOVEL_FILE:
                title = _title(text) or title
                continue
            front, body = split_front_matter(text, info.filename, shown)
            if front is None:
                builder.skip(info.filename, "no front matter (type:, name:); not a codex entry")
                continue
            builder.add(info.filename, front, body)
    result.bible = {"title": title, **builder.sections()}
    return result


def unsafe_member(name: str) -> bool:
    """An absolute path or one with `..`: nothing a codex export writes; such a member is
    ignored (never read), whatever it holds."""
    parts = re.split(r"[\\/]", name)
    return name.startswith(("/", "\\")) or bool(DRIVE.match(name)) or ".." in parts


def _markdown_members(
    archive: zipfile.ZipFile, shown: str, skipped: list[Skipped]
) -> list[zipfile.ZipInfo]:
    """The .md members in path order, safe paths only, within the text budget together."""
    infos = []
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        if info.is_dir() or not info.filename.lower().endswith(".md"):
            continue  # pictures and anything else: not codex entries
        if unsafe_member(info.filename):
            skipped.append(
                Skipped(info.filename, "path outside the export (absolute or ..); ignored")
            )
            continue
        infos.append(info)
    total = sum(info.file_size for info in infos)
    if total > budget("unpacked_text_mb"):
        raise InputError(
            shown,
            f"has {human_size(total)} of codex text once decompressed, over the "
            f"{human_size(budget('unpacked_text_mb'))} limit {budget_note('unpacked_text_mb')}",
        )
    return infos


def _read_text(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> str:
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise InputError(shown, f"{info.filename}: cannot be read (corrupt zip: {exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(shown, f"{info.filename}: not UTF-8 text") from None


def _title(text: str) -> str | None:
    """novel.md's first `# ` heading, after any front matter."""
    lines = text.splitlines()
    if lines and lines[0].strip() == FENCE:
        ends = [i for i, line in enumerate(lines[1:], 1) if line.strip() in FENCE_ENDS]
        lines = lines[ends[0] + 1 :] if ends else []
    for line in lines:
        match = HEADING.match(line)
        if match:
            return match.group(1)
    return None


# --- front matter --------------------------------------------------------------------------


class _FrontMatterLoader(yaml.SafeLoader):
    """yaml.safe_load's loader, refusing nodes nested deeper than budget("nesting_depth").

    Why: PyYAML recurses per level, so hostile front matter nested 100,000 deep would end
    in a RecursionError; counting levels stops it at the budget with one line."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > budget("nesting_depth"):
                raise NestingError(depth_problem())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def split_front_matter(text: str, member: str, shown: str) -> tuple[dict[str, Any] | None, str]:
    """(front matter, body) of an entry; (None, text) when it has none. Raises InputError."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None, text
    ends = (i for i, line in enumerate(lines[1:], 1) if line.strip() in FENCE_ENDS)
    end = next(ends, None)
    if end is None:
        raise InputError(shown, f"{member}: the front matter opened by --- on line 1 never ends")
    data = _parse_yaml("".join(lines[1:end]), member, shown)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            shown, f"{member}:2: front matter is {describe(data)}, not keys (type:, name:...)"
        )
    return {str(k).strip().lower(): v for k, v in data.items()}, "".join(lines[end + 1 :])


def _parse_yaml(text: str, member: str, shown: str) -> Any:
    try:
        with recursion_room():
            return yaml.load(text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except NestingError as exc:
        raise InputError(shown, f"{member}: front matter {exc}") from None
    except RecursionError:
        raise InputError(shown, f"{member}: front matter {depth_problem()}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1  # +1 for the --- line, +1 1-based
        problem = exc.problem or exc.context or "cannot be read"
        raise InputError(
            shown, f"{member}:{line}: front matter is not valid YAML: {problem}"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(shown, f"{member}: front matter is not valid YAML: {exc}") from None


# --- entries to bible sections -------------------------------------------------------------


def scalar_text(value: Any) -> str | None:
    """A name or value as text: strings, numbers and dates; None for anything else.

    Lists and mappings are never turned into text (a hostile one may be huge)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        text = " ".join(str(value).split())
        return text or None
    return None


class _Builder:
    """Collects the entries of each bible section, refusing what the bible would refuse."""

    def __init__(self, skipped: list[Skipped]) -> None:
        self.skipped = skipped
        self.table = field_map()
        self.characters: list[dict[str, Any]] = []
        self.objects: list[dict[str, Any]] = []
        self.places: list[dict[str, Any]] = []
        self._names: dict[str, tuple[str, str]] = {}  # name key -> (character, member)
        self._objects: dict[str, str] = {}  # normalised object name -> member

    def skip(self, member: str, reason: str) -> None:
        self.skipped.append(Skipped(member, reason))

    def field_skipped(self, member: str, owner: str, written: str, reason: str) -> None:
        """`Ivy Lynn: field 'Personality' skipped: the bible has no key for it`."""
        self.skip(member, f"{owner}: field '{written}' skipped: {reason}")

    def sections(self) -> dict[str, Any]:
        out: dict[str, Any] = {"characters": self.characters}
        if self.objects:
            out["objects"] = self.objects
        if self.places:
            out["places"] = self.places
        return out

    def add(self, member: str, front: dict[str, Any], body: str) -> None:
        section = self.section(member, front)
        if section is None:
            return
        name = scalar_text(front.get("name"))
        if name is None:
            self.skip(member, "skipped: the entry has no name")
            return
        notes = body.strip()
        fields = self.fields(member, name, front.get("fields"))
        if section == "characters":
            self.character(member, name, front.get("aliases"), fields, notes)
        elif section == "objects":
            self.object(member, name, front.get("aliases"), fields, notes)
        else:
            self.place(member, name, front.get("aliases"), fields, notes)

    def section(self, member: str, front: dict[str, Any]) -> str | None:
        """The bible section of an entry: its `type`, else its folder's; None when skipped."""
        written = scalar_text(front.get("type"))
        if written is None:
            parts = PurePosixPath(member.replace("\\", "/")).parts
            written = self.table.folders.get(field_key(parts[0])) if len(parts) > 1 else None
        if written is None:
            self.skip(member, "skipped: the entry has no type (character, location, object...)")
            return None
        section = self.table.types.get(field_key(written))
        if section is None:
            what = scalar_text(front.get("name"))
            label = f" '{what}'" if what else ""
            self.skip(
                member,
                f"skipped{label}: a {written} entry has no place in a story bible "
                "(it holds characters, objects and places)",
            )
        return section

    def fields(self, member: str, name: str, raw: Any) -> list[tuple[str, Any]]:
        """(field name as written, value) of the entry's custom fields; empty ones dropped."""
        if raw is None:
            return []
        if not isinstance(raw, dict):
            self.skip(
                member,
                f"{name}: fields skipped: expected field names and values, got {describe(raw)}",
            )
            return []
        out = []
        for key, value in raw.items():
            written = scalar_text(key)
            if written is None or value is None or value == "" or value == []:
                continue
            out.append((written, value))
        return out

    def names(self, member: str, owner: str, raw: Any, what: str) -> list[str]:
        """A list of names, or one string of names separated by commas (as the app shows them)."""
        if raw is None:
            return []
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list):
            self.skip(member, f"{owner}: {what} skipped: expected names, got {describe(raw)}")
            return []
        out = []
        for item in items:
            text = scalar_text(item)
            if text is None:
                if not (isinstance(item, str) and not item.strip()):
                    self.skip(member, f"{owner}: {what}: {describe(item)} skipped, not a name")
                continue
            out.append(text)
        return out

    # characters ------------------------------------------------------------------------

    def character(
        self, member: str, name: str, aliases: Any, fields: list[tuple[str, Any]], notes: str
    ) -> None:
        taken = self._names.get(name_key(name))
        if taken is not None:
            self.skip(
                member,
                f"skipped '{name}': the name already belongs to {taken[0]} ({taken[1]}); "
                "one name, one person",
            )
            return
        self._names[name_key(name)] = (name, member)
        entry: dict[str, Any] = {"name": name}
        wanted = self.names(member, name, aliases, "aliases")
        wanted += self.character_fields(member, entry, fields)
        entry_aliases = self.aliases(member, name, wanted)
        ordered: dict[str, Any] = {"name": name}
        if entry_aliases:
            ordered["aliases"] = entry_aliases
        ordered.update((k, v) for k, v in entry.items() if k != "name")
        if notes:
            ordered["notes"] = notes
        self.characters.append(ordered)

    def character_fields(
        self, member: str, entry: dict[str, Any], fields: list[tuple[str, Any]]
    ) -> list[str]:
        """Each field into `entry` where the bible has a key for it; returns extra aliases."""
        aliases: list[str] = []
        for written, value in fields:
            target = self.character_target(written)
            if target is None:
                self.field_skipped(member, entry["name"], written, "the bible has no key for it")
            elif target == "aliases":
                aliases += self.names(member, entry["name"], value, f"field '{written}'")
            elif target == "gender":
                self.gender(member, entry, written, value)
            elif target.startswith("attributes."):
                self.attribute(member, entry, written, target.split(".", 1)[1], value)
            else:
                self.relationship(member, entry, written, target.split(".", 1)[1], value)
        return aliases

    def character_target(self, written: str) -> str | None:
        """`gender`, `aliases`, `attributes.<key>` or `relationships.<key>`, or None."""
        key = field_key(written)
        if key in self.table.character_fields:
            return self.table.character_fields[key]
        bible = schema()
        key = bible.attribute_synonyms.get(key, key)
        if key in bible.attributes:
            return f"attributes.{key}"
        key = bible.relationship_synonyms.get(key, key)
        if key in bible.relationships:
            return f"relationships.{key}"
        return None

    def aliases(self, member: str, name: str, wanted: list[str]) -> list[str]:
        """The aliases no other character has; another's is skipped (one name, one person)."""
        out: list[str] = []
        for alias in wanted:
            key = name_key(alias)
            taken = self._names.get(key)
            if taken is not None and taken[0] != name:
                self.skip(
                    member,
                    f"{name}: alias '{alias}' skipped: it already names {taken[0]} ({taken[1]})",
                )
                continue
            if taken is None:
                self._names[key] = (name, member)
            if key != name_key(name) and alias not in out:
                out.append(alias)
        return sorted(out)

    def gender(self, member: str, entry: dict[str, Any], written: str, value: Any) -> None:
        text = scalar_text(value)
        gender = self.table.genders.get(field_key(text)) if text else None
        if gender is None:
            self.skip(
                member,
                f"{entry['name']}: field '{written}' skipped: {describe(value)} is not a gender "
                "the bible knows (female, male, unknown)",
            )
        elif "gender" in entry:
            self.field_skipped(member, entry["name"], written, "gender is already given")
        else:
            entry["gender"] = gender

    def attribute(
        self, member: str, entry: dict[str, Any], written: str, key: str, value: Any
    ) -> None:
        """A value the bible schema accepts for `key`, as a writer would type it."""
        if key in entry.get("attributes", {}):
            self.field_skipped(
                member, entry["name"], written, f"{key} is already given by another field"
            )
            return
        value = _as_kind(schema().attributes[key]["kind"], value)
        try:
            check_attribute(key, value, value if isinstance(value, str) else None)
        except ValueProblem as problem:
            self.field_skipped(member, entry["name"], written, str(problem))
            return
        entry.setdefault("attributes", {})[key] = value

    def relationship(
        self, member: str, entry: dict[str, Any], written: str, key: str, value: Any
    ) -> None:
        names = self.names(member, entry["name"], value, f"field '{written}'")
        if not names:
            return
        if key in entry.get("relationships", {}):
            self.field_skipped(
                member, entry["name"], written, f"{key} is already given by another field"
            )
            return
        entry.setdefault("relationships", {})[key] = names[0] if len(names) == 1 else names

    # objects and places ----------------------------------------------------------------

    def object(
        self, member: str, name: str, aliases: Any, fields: list[tuple[str, Any]], notes: str
    ) -> None:
        key = normalise(name)
        if key in self._objects:
            self.skip(
                member, f"skipped '{name}': an object of that name is in {self._objects[key]}"
            )
            return
        self._objects[key] = member
        entry: dict[str, Any] = {"name": name}
        for written, value in fields:
            target = self.table.object_fields.get(field_key(written))
            owner = scalar_text(value)
            if target is None:
                self.field_skipped(member, name, written, "the bible has no key for it")
            elif owner is None:
                self.field_skipped(member, name, written, "expected a character's name")
            elif "owner" in entry:
                self.field_skipped(
                    member, name, written, "the owner is already given by another field"
                )
            else:
                entry["owner"] = owner
        self.finish(entry, self.names(member, name, aliases, "aliases"), notes)
        self.objects.append(entry)

    def place(
        self, member: str, name: str, aliases: Any, fields: list[tuple[str, Any]], notes: str
    ) -> None:
        entry: dict[str, Any] = {"name": name}
        for written, _ in fields:
            if field_key(written) not in self.table.place_fields:
                self.field_skipped(member, name, written, "the bible has no key for it")
        self.finish(entry, self.names(member, name, aliases, "aliases"), notes)
        self.places.append(entry)

    @staticmethod
    def finish(entry: dict[str, Any], aliases: list[str], notes: str) -> None:
        others = sorted({a for a in aliases if normalise(a) != normalise(entry["name"])})
        if others:
            entry["aliases"] = others
        if notes:
            entry["notes"] = notes


def _as_kind(kind: str, value: Any) -> Any:
    """A field value in the form the bible schema wants: Novelcrafter fields are text.

    "34" is the age 34, "yes" is true for glasses, a YAML date is "1990-05-12"."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if kind == "age" and isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if kind == "boolean" and isinstance(value, str):
        return {"yes": True, "true": True, "no": False, "false": False}.get(
            value.strip().lower(), value
        )
    if kind == "list" and isinstance(value, str):
        return value.strip()
    if kind in ("colour", "text", "choice") and isinstance(value, str):
        return " ".join(value.split())
    return value
