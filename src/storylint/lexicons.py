"""The one loader for storylint's lexicons: the word lists and tables in the data/ folders.

Every lexicon has a short name (`LEXICONS`: "verbs", "places", "time"...). Code asks for a
lexicon by name and gets the built-in data with the writer's own files merged over it; a
writer names those files in storylint.toml (docs/configuration.md):

    [lexicons]
    verbs = "my-verbs.yaml"                      # relative to storylint.toml
    places = ["rooms.yaml", "more-rooms.yaml"]   # or a list, merged in order

Two kinds of lexicon:

- YAML (`load_lexicon_data`): a mapping of keys to lists, tables and settings. Each has a
  schema beside it, `<name>.schema.yaml` (data, not code), and every file, built-in or the
  writer's, is checked against it when read. A misspelt or mistyped key stops the run with
  one line, `path:line: key: problem`, and a "did you mean" where one is close: a misspelt
  key silently ignored is a word list the writer believes in and does not have.
- text (`load_lexicon_lines`, `load_lexicon_rows`): one item a line, or tab-separated
  columns; blank lines and lines starting with `#` are skipped. A writer's file of the same
  format is read after the built-in one (its lines come last).

Schema language
---------------
A schema file is a YAML mapping from each key the lexicon may have (all optional) to the
shape of its value. A shape is one of:

    str                 text
    word                text, for word lists: a bare yes/no/on/off/true/false is refused,
                        because YAML 1.1 reads it as true/false and the word would never
                        match the text ("negative_determiners: [no]" once lost "no")
    int                 a whole number
    number              a number, whole or not
    bool                true or false
    any                 anything (not checked)
    mapping             a mapping with text keys and anything as values (not checked inside)
    <shape>?            (after a scalar or `mapping`) that, or nothing (null): `bool?`
                        (quoted inside braces: `{map: 'bool?'}`)
    [<shape>]           a list whose every item has that shape: `[str]`, `[[str]]`
    {map: <shape>}      a mapping from text keys (any) to values of that shape
    {record: {field: <shape>, ...}}
                        a mapping with only these keys (each optional)
    {one_of: [a, b]}    one of these words

Mapping keys must be text everywhere (a bare `on:` is YAML's true: quote it), and a key
may not appear twice in one mapping (YAML would silently keep the last).

Merging a writer's file
-----------------------
A writer's YAML file has the same shape as the built-in one and is merged over it, key by
key, in the order the files are named:

- a list is extended: the writer's items come after the built-in ones;
- a mapping gets the writer's entries; an entry it already has is replaced whole (to change
  one verb, write its whole entry);
- anything else (a number, a word, true/false) is replaced.

Nothing can be removed. Text lexicons are extended the same way: the writer's lines come
after the built-in ones, so in a table keyed by its first column the writer's row wins.

Loading is cached (once per process and configuration); `configure` sets the writer's
files and clears the caches of everything built from lexicons (functions decorated with
`lexicons.cache`), so the data handed to the code is always built from one configuration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from storylint.errors import InputError

PACKAGE = Path(__file__).resolve().parent
SCHEMA_SUFFIX = ".schema.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
MAX_LISTED = 16  # an unknown key's error lists the known ones up to this many
F = TypeVar("F", bound=Callable[..., Any])


class LexiconError(InputError):
    """A lexicon file storylint cannot use: `path:line: key: problem` (exit status 2)."""


@dataclass(frozen=True)
class Lexicon:
    """One lexicon: its short name, built-in file(s) under src/storylint, and format."""

    name: str
    files: tuple[str, ...]  # relative to the storylint package; read in this order
    about: str
    columns: tuple[str, ...] = ()  # text: tab-separated columns; () one item a line

    @property
    def path(self) -> Path:
        return PACKAGE / self.files[0]

    @property
    def is_yaml(self) -> bool:
        return self.path.suffix == ".yaml"

    @property
    def schema_path(self) -> Path:
        return self.path.with_name(self.path.stem + SCHEMA_SUFFIX)


LEXICONS: dict[str, Lexicon] = {
    entry.name: entry
    for entry in (
        Lexicon("attributes", ("families/characters/data/attributes.yaml",),
                "character attributes: eye and hair colours, heights, builds, marks (CHR*)"),
        Lexicon("behaviour", ("people/data/names/behaviour.yaml",),
                "what people do in prose: evidence that a capitalised name is a person"),
        Lexicon("bible_schema", ("canon/data/bible_schema.yaml",),
                "what a story bible may say: attribute keys, kinds, synonyms, colours"),
        Lexicon("calendar_words", ("people/data/names/calendar_words.yaml",),
                "weekdays and months that are not given names"),
        Lexicon("first_names", ("people/data/names/first_names.tsv",),
                "given names and their usual gender (F, M or U)", ("name", "gender")),
        Lexicon("inline_markers", ("decisions/data/inline_markers.yaml",),
                "the syntax of inline acceptance markers (docs/accepting-findings.md)"),
        Lexicon("institution_words", ("people/data/names/institution_words.txt",),
                "last words of the names of institutions and places (\"College\")"),
        Lexicon("life", ("families/life/data/life.yaml",),
                "words of death, burial, ghosts and dreams (LIF*)"),
        Lexicon("markers", ("ingest/data/markers.yaml",),
                "headings, scene breaks and notes in a manuscript"),
        Lexicon("modes", ("nlp/data/modes.yaml",),
                "wishes, negation, hypotheticals and memories: what is not narrated fact"),
        Lexicon("names_spelling", ("families/names/data/names_spelling.yaml",),
                "thresholds and word lists of the name-spelling rules (NAM*)"),
        Lexicon("nicknames", ("people/data/names/hypocorisms.tsv",),
                "pet forms of given names: the full form, then its pet forms",
                ("name", "pet forms...")),
        Lexicon("novelcrafter", ("canon/data/novelcrafter.yaml",),
                "Novelcrafter codex types and field names, and where they go in a bible"),
        Lexicon("not_persons", ("people/data/names/not_persons.txt",),
                "capitalised words that never name a character"),
        Lexicon("objects", ("families/objects/data/objects.tsv",
                            "families/objects/data/objects_overrides.tsv"),
                "physical objects and their categories (\"-\" removes a noun)",
                ("lemma", "category")),
        Lexicon("places", ("families/places/data/places.yaml",),
                "movement, presence, rooms and positions (PLC*)"),
        Lexicon("pronouns", ("people/data/pronouns.yaml",),
                "pronoun genders, titles and nouns for people"),
        Lexicon("relations", ("families/relationships/data/relations.yaml",),
                "kinship words and their modifiers (REL*)"),
        Lexicon("speech_verbs", ("people/data/speech_verbs.txt",),
                "verbs that attribute a quotation to a speaker"),
        Lexicon("time", ("families/time/data/time.yaml",),
                "numbers, times of day, seasons, months, ages (TIM*)"),
        Lexicon("titles", ("people/data/names/titles.yaml",),
                "honorifics that stand before a name"),
        Lexicon("verbs", ("families/objects/data/verb_effects.yaml",),
                "what narrated events do to objects (OBJ*; docs: verb-effects.md)"),
    )
}  # fmt: skip


def _discover_family_lexicons() -> None:
    """Register each family's YAML lexicon that has a schema beside it and no entry above.

    Why: adding a family is adding a folder. A new family's `data/<name>.yaml` with
    `data/<name>.schema.yaml` is the lexicon `<name>`, described by its first comment line,
    with no line to add here. The entries above stay for the names writers already use
    (`verbs` is verb_effects.yaml) and for the lexicons outside the families.
    """
    known = {path for entry in LEXICONS.values() for path in entry.files}
    for schema in sorted((PACKAGE / "families").glob(f"*/data/*{SCHEMA_SUFFIX}")):
        data = schema.with_name(schema.name.removesuffix(SCHEMA_SUFFIX) + ".yaml")
        relative = data.relative_to(PACKAGE).as_posix()
        if relative in known or not data.is_file():
            continue
        first = data.read_text(encoding="utf-8").split("\n", 1)[0]
        family = data.parent.parent.name
        description = first.lstrip("# ").strip() if first.startswith("#") else ""
        name = data.stem
        if name in LEXICONS:
            raise ValueError(f"{relative}: a lexicon is already called {name!r}")
        LEXICONS[name] = Lexicon(name, (relative,), description or f"the {family} family's words")


_discover_family_lexicons()

# The writer's files, by lexicon name (`configure`), and the caches built on lexicons.
_extensions: dict[str, tuple[Path, ...]] = {}
_dependent_caches: list[Any] = []


def cache(function: F) -> F:
    """`functools.cache` for anything built from lexicon data: `configure` clears it."""
    cached = functools.cache(function)
    _dependent_caches.append(cached)
    return cached  # type: ignore[return-value]


def lexicon(name: str) -> Lexicon:
    """The registered lexicon called `name` (KeyError, with a suggestion, if none is)."""
    try:
        return LEXICONS[name]
    except KeyError:
        raise KeyError(f"no lexicon is called {name!r}{suggestion(name, LEXICONS)}") from None


def configure(extensions: Mapping[str, Iterable[str | Path]]) -> None:
    """Use the writer's files (lexicon name -> paths) from now on; {} for the built-ins only.

    Called with a project's `[lexicons]` before anything of it is read or checked.
    Clears every lexicon cache when the configuration changes.
    """
    global _extensions
    wanted = {name: tuple(Path(p) for p in paths) for name, paths in extensions.items()}
    wanted = {name: paths for name, paths in wanted.items() if paths}
    for name in wanted:
        lexicon(name)
    if wanted == _extensions:
        return
    _extensions = wanted
    _merged.cache_clear()
    _text.cache_clear()
    for cached in _dependent_caches:
        cached.cache_clear()


def configured(name: str) -> tuple[Path, ...]:
    """The writer's files for one lexicon, as configured."""
    return _extensions.get(name, ())


# Reading --------------------------------------------------------------------------


def load_lexicon_data(name: str, extra_paths: Iterable[str | Path] | None = None) -> Any:
    """A YAML lexicon: the built-in data with `extra_paths` (default: the configured
    files) merged over it, each checked against the lexicon's schema.

    Cached and shared: treat the result as read-only.
    """
    extra = configured(name) if extra_paths is None else tuple(Path(p) for p in extra_paths)
    return _merged(name, extra)


def load_lexicon_lines(
    name: str, extra_paths: Iterable[str | Path] | None = None
) -> tuple[str, ...]:
    """A text lexicon's items: every line that is not blank or a `#` comment, as written,
    built-in files first, then `extra_paths` (default: the configured files)."""
    extra = configured(name) if extra_paths is None else tuple(Path(p) for p in extra_paths)
    return _text(name, extra)


def load_lexicon_rows(
    name: str, extra_paths: Iterable[str | Path] | None = None
) -> tuple[tuple[str, ...], ...]:
    """A tab-separated lexicon's rows: each item line split at its tabs."""
    return tuple(tuple(line.split("\t")) for line in load_lexicon_lines(name, extra_paths))


def read_file(name: str, path: str | Path) -> Any:
    """One file of a lexicon's format, checked (LexiconError naming its line when wrong):
    the YAML data, or a text file's item lines."""
    info = lexicon(name)
    if info.is_yaml:
        return _read_yaml(info, Path(path))
    return _read_lines(info, Path(path), check=True)


def check_files(extensions: Mapping[str, Iterable[str | Path]]) -> None:
    """Read and check the writer's files (lexicon name -> paths), so that a bad one stops
    a run before any manuscript is read (a LexiconError for the first problem)."""
    for name, paths in extensions.items():
        for path in paths:
            if not Path(path).is_file():
                raise LexiconError(
                    _display(Path(path)), f"no such file (named by `{name}` in [lexicons])"
                )
            read_file(name, path)


def check_builtin() -> None:
    """Read and check every built-in lexicon (a LexiconError for the first problem)."""
    for name, info in LEXICONS.items():
        if info.is_yaml:
            _builtin(name)
        else:
            for file in info.files:
                _read_lines(info, PACKAGE / file, check=True)


@functools.cache
def _builtin(name: str) -> Any:
    info = lexicon(name)
    return _read_yaml(info, info.path)


@functools.cache
def _merged(name: str, extra: tuple[Path, ...]) -> Any:
    data = _builtin(name)
    for path in extra:
        data = merge(data, _read_yaml(lexicon(name), path))
    return data


@functools.cache
def _text(name: str, extra: tuple[Path, ...]) -> tuple[str, ...]:
    info = lexicon(name)
    lines: list[str] = []
    for file in info.files:
        lines.extend(_read_lines(info, PACKAGE / file, check=False))
    for path in extra:
        lines.extend(_read_lines(info, path, check=True))
    return tuple(lines)


def word_set(words: Iterable[Any] | None) -> frozenset[str]:
    """A lexicon's list as lower-case words (None: none), the way most loaders want it."""
    return frozenset(str(word).lower() for word in words or ())


def merge(base: Any, user: Any) -> Any:
    """The writer's data over the built-in data (the rule in this module's docstring).

    Neither argument is changed: what the merge touches is copied.
    """
    if user is None:
        return base
    merged = dict(base)
    for key, value in user.items():
        old = merged.get(key)
        if isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(_display(path), "no such file") from None
    except UnicodeDecodeError:
        raise LexiconError(_display(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise LexiconError(_display(path), f"cannot be read ({exc.strerror or exc})") from None


def _read_lines(info: Lexicon, path: Path, check: bool) -> list[str]:
    lines = []
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if check and info.columns:
            problem = _row_problem(info, line.split("\t"))
            if problem:
                raise LexiconError(f"{_display(path)}:{number}", problem)
        lines.append(line)
    return lines


def _row_problem(info: Lexicon, cells: list[str]) -> str | None:
    first = cells[0].strip()
    if not first:
        return f"the line starts with no {info.columns[0]} (a tab or spaces?)"
    if not info.columns[-1].endswith("...") and len(cells) != len(info.columns):
        return (
            f"{first}: expected {len(info.columns)} tab-separated columns "
            f"({', '.join(info.columns)}), got {len(cells)}"
        )
    return None


def _read_yaml(info: Lexicon, path: Path) -> Any:
    """Parse one YAML file, check it against the lexicon's schema, and build its data."""
    text = _read_text(path)
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            _check_node(node, _schema(info.name), "", info.name)
        except _Problem as problem:
            raise LexiconError(
                f"{_display(path)}:{problem.node.start_mark.line + 1}",
                f"{problem.key}: {problem.text}" if problem.key else problem.text,
            ) from None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # The end of the text (an unclosed bracket) counts as its last line.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark is not None else None
        where = f"{_display(path)}:{line}" if line is not None else _display(path)
        raise LexiconError(where, f"is not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise LexiconError(_display(path), f"is not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _display(path: Path) -> str:
    from storylint.decisions.config import display_path

    return display_path(path)


def suggestion(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest known word, or nothing (errors only)."""
    from storylint.decisions import config

    return config.suggestion(word, known)


# Schemas ----------------------------------------------------------------------------

# A compiled shape: (kind, argument, optional). Kinds: "scalar" (argument: the YAML tags it
# accepts and how to say it), "any", "mapping", "list" (the item shape), "map" (the value
# shape), "record" (field -> shape), "one_of" (the words).
Shape = tuple[str, Any, bool]
_SCALARS = {
    "str": (frozenset({"str"}), "text"),
    "word": (frozenset({"str"}), "a word"),
    "int": (frozenset({"int"}), "a whole number"),
    "number": (frozenset({"int", "float"}), "a number"),
    "bool": (frozenset({"bool"}), "true or false"),
}


@functools.cache
def _schema(name: str) -> Shape:
    info = lexicon(name)
    raw = yaml.load(info.schema_path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(raw, dict):
        raise ValueError(f"{info.schema_path}: a schema is a mapping of keys to shapes")
    return _compile({"record": raw}, info.schema_path)


def _compile(spec: Any, where: Path) -> Shape:
    if isinstance(spec, str):
        base, optional = (spec[:-1], True) if spec.endswith("?") else (spec, False)
        if base in _SCALARS:
            return ("scalar", _SCALARS[base], optional)
        if base in ("any", "mapping"):
            return (base, None, optional)
    elif isinstance(spec, list) and len(spec) == 1:
        return ("list", _compile(spec[0], where), False)
    elif isinstance(spec, dict) and len(spec) == 1:
        ((kind, argument),) = spec.items()
        if kind == "map":
            return ("map", _compile(argument, where), False)
        if kind == "record" and isinstance(argument, dict):
            return ("record", {k: _compile(v, where) for k, v in argument.items()}, False)
        if kind == "one_of" and isinstance(argument, list):
            return ("one_of", tuple(str(word) for word in argument), False)
    raise ValueError(f"{where}: {spec!r} is not a shape (see storylint/lexicons.py)")


class _Problem(Exception):
    def __init__(self, node: yaml.Node, key: str, text: str) -> None:
        super().__init__(text)
        self.node, self.key, self.text = node, key, text


_EXPECTED = {"list": "a list", "map": "a mapping", "record": "a mapping", "mapping": "a mapping"}


def _check_node(node: yaml.Node, shape: Shape, key: str, name: str) -> None:
    kind, argument, optional = shape
    if kind == "any":
        return
    if optional and isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null":
        return
    if kind in ("scalar", "one_of"):
        if not isinstance(node, yaml.ScalarNode):
            raise _Problem(node, key, f"expected {_say(shape)}, got {_got(node)}")
        if kind == "one_of":
            if node.value not in argument:
                raise _Problem(
                    node,
                    key,
                    f"expected one of {', '.join(argument)}, got {node.value!r}"
                    + suggestion(node.value, argument),
                )
        elif node.tag[len(_TAG) :] not in argument[0]:
            raise _Problem(node, key, f"expected {_say(shape)}, got {_got(node)}")
        return
    if kind == "list":
        if not isinstance(node, yaml.SequenceNode):
            raise _Problem(node, key, f"expected a list, got {_got(node)}")
        item = argument
        if item[0] == "scalar" and not item[2]:
            # The common case, a long list of words: one pass, details only on a problem.
            tags = {_TAG + tag for tag in item[1][0]}
            if all(type(n) is yaml.ScalarNode and n.tag in tags for n in node.value):
                return
        for index, child in enumerate(node.value):
            _check_node(child, item, f"{key}[{index}]", name)
        return
    if not isinstance(node, yaml.MappingNode):
        raise _Problem(node, key, f"expected {_EXPECTED[kind]}, got {_got(node)}")
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        field = key_node.value
        where = f"{key}.{field}" if key else field
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _TAG + "str"):
            read_as = "true/false" if key_node.tag == _TAG + "bool" else "a number"
            raise _Problem(
                key_node,
                where,
                f"a key must be text, and YAML reads a bare {field} as {read_as}: "
                f"quote it ('{field}')",
            )
        if field in seen:
            raise _Problem(
                key_node, where, f"appears twice in this mapping (first on line {seen[field]})"
            )
        seen[field] = key_node.start_mark.line + 1
        if kind == "mapping":
            continue
        if kind == "map":
            _check_node(value_node, argument, where, name)
            continue
        if field not in argument:
            fields = list(argument)
            what = f"a key of the {name} lexicon" if not key else f"a field of {key}"
            listed = (
                ", ".join(fields)
                if len(fields) <= MAX_LISTED
                else f"in {lexicon(name).schema_path.name}"
            )
            raise _Problem(
                key_node,
                where,
                f"is not {what}{suggestion(field, fields)}; "
                f"the {'keys' if not key else 'fields'} are {listed}",
            )
        _check_node(value_node, argument[field], where, name)


def _say(shape: Shape) -> str:
    kind, argument, optional = shape
    said = argument[1] if kind == "scalar" else f"one of {', '.join(argument)}"
    return f"{said} or nothing" if optional else said


def _got(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag[len(_TAG) :]
    if tag == "null":
        return "nothing"
    if tag == "bool":
        return f"{node.value} (YAML reads it as true/false; quote it to mean the word)"
    if tag in ("int", "float"):
        return f"a number ({node.value})"
    return repr(node.value)
