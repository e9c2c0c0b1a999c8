"""The project file: what a writer decided once, so they never repeat it on the command line.

storylint reads `storylint.toml` (or `.storylint.toml`, or a `[tool.storylint]`
table in `pyproject.toml`), found by walking up from the manuscript, as Ruff
and Vale find theirs: one file at the top of a book's folder serves every
chapter below it. The keys are documented in docs/configuration.md and the
starter file `storylint init` writes (data/storylint-starter.toml). `[lexicons]` names the
writer's own word lists, which storylint.lexicons merges over the built-in ones.

Why validation is strict: a misspelt key silently ignored is a setting the
writer believes in and does not have. Every problem is one line naming the
file, the key and what is wrong (a `ConfigError`, exit status 2 in the CLI).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storylint import lexicons
from storylint.errors import StorylintError
from storylint.findings import Severity
from storylint.ingest.filekind import not_a_file, special_kind
from storylint.ingest.settings import BUDGETS, DEFAULT_SETTINGS, TRACKED_CHANGES, ReadSettings

if TYPE_CHECKING:
    from storylint.rules.registry import Rule

CONFIG_NAMES = ("storylint.toml", ".storylint.toml")
PYPROJECT = "pyproject.toml"
STARTER = "storylint-starter.toml"
KEYS = (
    "manuscript",
    "bible",
    "baseline",
    "min_severity",
    "fail_on",
    "min_confidence",
    "rules",
    "rule_options",
    "lexicons",
    "input",
)
ALL_RULES = "all"
SEVERITY_NAMES = ", ".join(f'"{s.value}"' for s in Severity)

# A rule's setting: off, on at its own severity, or on at another severity.
RuleSetting = bool | Severity


class ConfigError(StorylintError):
    """A configuration file problem: `FILE: KEY: problem`, shown as one line."""


@dataclass(frozen=True)
class Config:
    """The settings read from one file; None (or empty) where the file says nothing.

    Paths are already resolved against the file's folder, so the CLI can use
    them from wherever the writer runs it.
    """

    path: Path | None = None
    label: str = ""  # how errors name the file: "storylint.toml", "pyproject.toml [tool.storylint]"
    manuscript: tuple[Path, ...] = ()
    manuscript_is_list: bool = False
    bible: Path | None = None
    baseline: Path | None = None
    min_severity: Severity | None = None
    fail_on: Severity | None = None
    min_confidence: float | None = None
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    # Rule options by rule id: `[rule_options.TIM003] reach = 20` (values already checked).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The writer's own lexicon files, merged over the built-in ones (storylint.lexicons).
    lexicons: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    # How the manuscript is read: tracked changes, notes files, budgets ([input]).
    input: ReadSettings = DEFAULT_SETTINGS

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.label}: {key}: {problem}")


NO_CONFIG = Config()


def find_config(start: str | Path) -> Path | None:
    """The first project file found in `start` (a folder, or a file's folder) or above it."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            # A pipe or device under our name is found, so that load_config refuses it.
            if candidate.is_file() or special_kind(candidate):
                return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _mentions_storylint(pyproject):
            return pyproject
    return None


def _mentions_storylint(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.storylint] table (others are not ours to parse)."""
    try:
        return "tool.storylint" in pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def load_config(path: str | Path, rules: Iterable[Rule] | None = None) -> Config:
    """Read and validate one file; `rules` (the registry by default) checks the [rules] keys."""
    path = Path(path)
    label = display_path(path)
    if kind := special_kind(path):  # before opening: a named pipe would block for ever
        raise ConfigError(f"{label}: {not_a_file(kind)}")
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such configuration file") from None
    except IsADirectoryError:
        raise ConfigError(f"{label}: is a folder, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: is not valid TOML: {exc}") from None
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("storylint") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{label}: has no [tool.storylint] table")
        data = table
        label = f"{label} [tool.storylint]"
    return _validate(data, Config(path=path.resolve(), label=label), rules)


def config_for(
    target: str | Path | None,
    explicit: str | Path | None = None,
    ignore: bool = False,
    rules: Iterable[Rule] | None = None,
) -> Config:
    """The configuration that applies to a manuscript (or to the current folder when None).

    `explicit` (--config FILE) wins over any file found; `ignore` (--no-config)
    reads none. Without a file, every setting has its default.
    """
    if ignore:
        return NO_CONFIG
    if explicit is not None:
        return load_config(explicit, rules)
    found = find_config(target if target is not None else Path.cwd())
    return load_config(found, rules) if found is not None else NO_CONFIG


def starter_text() -> str:
    """The commented starter file `storylint init` writes."""
    return (
        resources.files("storylint.decisions").joinpath("data", STARTER).read_text(encoding="utf-8")
    )


def write_starter(folder: str | Path) -> Path:
    """Write storylint.toml in `folder`, never replacing a file the writer already has."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConfigError(f"{display_path(folder)}: no such folder")
    target = folder / CONFIG_NAMES[0]
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(starter_text())
    except FileExistsError:
        raise ConfigError(
            f"{display_path(target)}: already exists; not overwriting it "
            "(edit it, or delete it first)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{display_path(target)}: cannot write: {exc.strerror or exc}") from None
    return target


def select_rules(key: str, rules: Iterable[Rule]) -> list[Rule]:
    """The rules a key names: an id, a rule name, a family, or "all" (case-insensitive)."""
    wanted = key.strip().lower()
    rules = list(rules)
    if wanted == ALL_RULES:
        return rules
    for r in rules:
        if wanted in (r.id.lower(), r.name.lower()):
            return [r]
    return [r for r in rules if r.family.lower() == wanted]


def rule_keys(rules: Iterable[Rule]) -> list[str]:
    """Every key that names rules, for "did you mean" suggestions."""
    keys = {ALL_RULES}
    for r in rules:
        keys.update((r.id, r.name, r.family))
    return sorted(keys)


def suggestion(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" (did you mean {close[0]!r}?)" if close else ""


def enabled_rules(config: Config, rules: Iterable[Rule]) -> tuple[list[Rule], dict[str, Severity]]:
    """The rules to run, and the severity each reports at when the writer changed it.

    Precedence: "all", then families, then a rule's own id or name, each later
    one overriding the earlier, so `places = false` with `PLC002 = true` runs
    PLC002 alone of its family.
    """
    rules = list(rules)
    enabled = {r.id: True for r in rules}
    severities: dict[str, Severity] = {}

    def rank(key: str) -> int:
        wanted = key.strip().lower()
        if wanted == ALL_RULES:
            return 0
        return 2 if any(wanted in (r.id.lower(), r.name.lower()) for r in rules) else 1

    for key in sorted(config.rules, key=rank):
        setting = config.rules[key]
        for r in select_rules(key, rules):
            if isinstance(setting, Severity):
                enabled[r.id] = True
                severities[r.id] = setting
            else:
                enabled[r.id] = setting
                if setting:
                    severities.pop(r.id, None)
    return [r for r in rules if enabled[r.id]], severities


# Validation ------------------------------------------------------------------


def display_path(path: Path) -> str:
    """A path as the writer would type it: relative to the current folder when near it.

    Reports quote these paths, so "chapters/ch1.md" (or "../ch1.md" from a
    subfolder of the project) beats an absolute path; far away, absolute is clearer.
    """
    try:
        relative = os.path.relpath(path.resolve(), Path.cwd().resolve())
    except ValueError:  # another drive on Windows
        return str(path)
    return relative if relative.split(os.sep).count("..") <= 2 else str(path.resolve())


def _validate(data: dict[str, Any], base: Config, rules: Iterable[Rule] | None) -> Config:
    for key in data:
        if key not in KEYS:
            raise base.error(
                key,
                f"is not a storylint setting{suggestion(key, KEYS)}; the settings are "
                + ", ".join(KEYS),
            )
    values: dict[str, Any] = {}
    if "manuscript" in data:
        values["manuscript"], values["manuscript_is_list"] = _manuscript(base, data["manuscript"])
    for key in ("bible", "baseline"):
        if key in data:
            values[key] = _path(base, key, data[key])
    for key in ("min_severity", "fail_on"):
        if key in data:
            values[key] = _severity(base, key, data[key])
    if "min_confidence" in data:
        values["min_confidence"] = _confidence(base, data["min_confidence"])
    if "rules" in data:
        values["rules"] = _rules(base, data["rules"], rules)
    if "rule_options" in data:
        values["rule_options"] = _rule_options(base, data["rule_options"], rules)
    if "lexicons" in data:
        values["lexicons"] = _lexicons(base, data["lexicons"])
    if "input" in data:
        values["input"] = _input(base, data["input"])
    return Config(path=base.path, label=base.label, **values)


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


def _path(base: Config, key: str, value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise base.error(key, f"expected a file path in quotes, got {_type_name(value)}")
    return base.folder / value


def _manuscript(base: Config, value: Any) -> tuple[tuple[Path, ...], bool]:
    if isinstance(value, str) and value.strip():
        return (base.folder / value,), False
    if isinstance(value, list):
        if not value:
            raise base.error("manuscript", "the list of files is empty")
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise base.error(
                    "manuscript", f"every entry must be a file path in quotes, got {item!r}"
                )
        return tuple(base.folder / item for item in value), True
    raise base.error(
        "manuscript",
        f"expected a file or folder path, or a list of files, got {_type_name(value)}",
    )


def _severity(base: Config, key: str, value: Any) -> Severity:
    if isinstance(value, str):
        try:
            return Severity(value.strip().lower())
        except ValueError:
            pass
    raise base.error(key, f"expected one of {SEVERITY_NAMES}, got {value!r}")


def _confidence(base: Config, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise base.error("min_confidence", f"expected a number from 0 to 1, got {value!r}")
    return float(value)


def _rules(base: Config, table: Any, rules: Iterable[Rule] | None) -> dict[str, RuleSetting]:
    if not isinstance(table, dict):
        raise base.error("rules", f"expected a table ([rules]), got {_type_name(table)}")
    if rules is None:
        from storylint.rules.registry import all_rules

        rules = all_rules()
    rules = list(rules)
    settings: dict[str, RuleSetting] = {}
    for key, value in table.items():
        if not select_rules(key, rules):
            raise base.error(
                f"rules.{key}",
                f"no rule, rule name or family is called {key!r}"
                f"{suggestion(key, rule_keys(rules))} (see `storylint rules`)",
            )
        settings[key] = _rule_setting(base, key, value)
    return settings


def _rule_options(
    base: Config, table: Any, rules: Iterable[Rule] | None
) -> dict[str, dict[str, Any]]:
    """`[rule_options.ID]` tables: each names a rule by id or name and sets declared options."""
    if not isinstance(table, dict):
        raise base.error("rule_options", f"expected a table, got {_type_name(table)}")
    if rules is None:
        from storylint.rules.registry import all_rules

        rules = all_rules()
    by_key = {k: r for r in rules for k in (r.id.lower(), r.name.lower())}
    result: dict[str, dict[str, Any]] = {}
    for key, values in table.items():
        rule = by_key.get(str(key).strip().lower())
        if rule is None:
            keys = [r.id for r in by_key.values()]
            raise base.error(
                f"rule_options.{key}", f"no rule is called {key!r}{suggestion(key, keys)}"
            )
        if not isinstance(values, dict):
            raise base.error(
                f"rule_options.{key}", f"expected a table of options, got {_type_name(values)}"
            )
        names = [o.name for o in rule.options]
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if name not in names:
                known = ", ".join(names) if names else "none"
                raise base.error(
                    f"rule_options.{key}.{name}",
                    f"{rule.id} has no option {name!r}{suggestion(name, names)} "
                    f"(its options: {known})",
                )
            try:
                checked[name] = rule.option(name).coerce(value)
            except ValueError as exc:
                raise base.error(f"rule_options.{key}.{name}", str(exc)) from None
        result.setdefault(rule.id, {}).update(checked)
    return result


def _lexicons(base: Config, table: Any) -> dict[str, tuple[Path, ...]]:
    """[lexicons]: lexicon name -> a file path or a list of them. The files themselves are
    read and checked when a check starts (`lexicons.check_files`), like the bible."""
    if not isinstance(table, dict):
        raise base.error("lexicons", f"expected a table ([lexicons]), got {_type_name(table)}")
    found: dict[str, tuple[Path, ...]] = {}
    for name, value in table.items():
        key = f"lexicons.{name}"
        if name not in lexicons.LEXICONS:
            raise base.error(
                key,
                f"no lexicon is called {name!r}{suggestion(name, lexicons.LEXICONS)}; "
                "the lexicons are " + ", ".join(lexicons.LEXICONS),
            )
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            raise base.error(
                key, f"expected a file path in quotes, or a list of them, got {value!r}"
            )
        found[name] = tuple(base.folder / item for item in items)
    return found


def _rule_setting(base: Config, key: str, value: Any) -> RuleSetting:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("on", "off"):
            return word == "on"
        try:
            return Severity(word)
        except ValueError:
            pass
    raise base.error(
        f"rules.{key}", f"expected true, false or a severity ({SEVERITY_NAMES}), got {value!r}"
    )


INPUT_KEYS = ("tracked_changes", "skip_files", "budgets")


def _input(base: Config, table: Any) -> ReadSettings:
    """`[input]`: tracked changes, the notes files a folder skips, and the reading budgets."""
    if not isinstance(table, dict):
        raise base.error("input", f"expected a table ([input]), got {_type_name(table)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"input.{key}"
        if key == "tracked_changes":
            if not isinstance(value, str) or value.lower() not in TRACKED_CHANGES:
                choices = " or ".join(f'"{c}"' for c in TRACKED_CHANGES)
                raise base.error(where, f"expected {choices}, got {value!r}")
            values["tracked_changes"] = value.lower()
        elif key == "skip_files":
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() for v in value
            ):
                raise base.error(where, "expected a list of file names in quotes")
            values["skip_files"] = tuple(v.strip().casefold() for v in value)
        elif key == "budgets":
            values["budgets"] = _budgets(base, value)
        else:
            raise base.error(
                where,
                f"is not an [input] setting{suggestion(key, INPUT_KEYS)}; the settings are "
                + ", ".join(INPUT_KEYS),
            )
    return ReadSettings(**values)


def _budgets(base: Config, table: Any) -> dict[str, int]:
    if not isinstance(table, dict):
        raise base.error("input.budgets", f"expected a table, got {_type_name(table)}")
    budgets: dict[str, int] = {}
    for key, value in table.items():
        where = f"input.budgets.{key}"
        if key not in BUDGETS:
            raise base.error(
                where,
                f"is not a budget{suggestion(key, BUDGETS)}; the budgets are " + ", ".join(BUDGETS),
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise base.error(where, f"expected a positive number, got {value!r}")
        budgets[key] = int(value * BUDGETS[key][1])
    return budgets
