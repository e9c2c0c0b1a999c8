"""The writer decides: which findings a check shows, and which ones the writer accepted.

Everything between the rules and the reporters lives here, so that every
output format (text, JSON, line, SARIF, HTML, ...) and every exit code sees
the same findings: the CLI builds a `Session` from its options, asks it for
each manuscript's `Settings` (the project file's rules, severities,
thresholds, baseline and bible, with command-line options winning), and runs
`decide` on the rules' findings.

Per finding, in order:
1. a severity the writer set for its rule replaces the rule's own;
2. below the minimum severity or confidence, it is hidden (and not counted);
3. in a region an inline marker turned its rule off: accepted ("inline");
4. its fingerprint in the baseline: accepted ("baseline");
5. otherwise shown, and counted for the exit status when at or above fail_on.
Rules the project file turns off are not run at all.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storylint import lexicons
from storylint.decisions.baseline import Baseline, fingerprints, load_baseline
from storylint.decisions.config import (
    NO_CONFIG,
    Config,
    ConfigError,
    display_path,
    enabled_rules,
    find_config,
    load_config,
)
from storylint.decisions.inline import InlineAcceptance
from storylint.errors import StorylintError
from storylint.findings import Finding, Severity

if TYPE_CHECKING:
    from storylint.manuscript import Manuscript
    from storylint.rules.registry import Rule

INLINE = "inline"
BASELINE = "baseline"
DEFAULT_SEVERITY = Severity.WARNING
DEFAULT_CONFIDENCE = 0.5
DEFAULT_BASELINE = "storylint-baseline.json"


@dataclass(frozen=True)
class Accepted:
    """A finding the writer accepted, how (inline or baseline), and where they said so."""

    finding: Finding
    how: str
    where: str


@dataclass
class Policy:
    """The thresholds and acceptances that apply to one manuscript."""

    min_severity: Severity = DEFAULT_SEVERITY
    min_confidence: float = DEFAULT_CONFIDENCE
    fail_on: Severity | None = None  # None: the same as min_severity
    severities: dict[str, Severity] = field(default_factory=dict)
    baseline: Baseline | None = None

    @property
    def failing(self) -> Severity:
        return self.fail_on or self.min_severity


@dataclass
class Outcome:
    """What one manuscript's check shows, what was accepted, and every shown fingerprint."""

    shown: list[Finding]
    accepted: list[Accepted]
    fingerprints: dict[int, str]  # id(finding) -> fingerprint, for `storylint baseline`
    fails: bool = False

    def counts(self) -> dict[str, int]:
        return accepted_counts(self.accepted)


def accepted_counts(accepted: list[Accepted]) -> dict[str, int]:
    counts = {INLINE: 0, BASELINE: 0}
    for item in accepted:
        counts[item.how] += 1
    return counts


def decide(
    findings: list[Finding],
    policy: Policy,
    inline: InlineAcceptance | None = None,
) -> Outcome:
    """Sort one manuscript's findings (in text order) into shown, accepted and hidden."""
    findings = [
        replace(f, severity=policy.severities[f.rule]) if f.rule in policy.severities else f
        for f in findings
    ]
    prints = fingerprints(findings)
    shown: list[Finding] = []
    accepted: list[Accepted] = []
    by_id: dict[int, str] = {}
    for finding, fingerprint in zip(findings, prints, strict=True):
        if (
            finding.severity.rank < policy.min_severity.rank
            or finding.confidence < policy.min_confidence
        ):
            continue
        marker = inline.accepting(finding) if inline else None
        if marker is not None:
            accepted.append(Accepted(finding, INLINE, marker.where))
        elif policy.baseline is not None and policy.baseline.take(fingerprint):
            accepted.append(Accepted(finding, BASELINE, policy.baseline.path))
        else:
            shown.append(finding)
            by_id[id(finding)] = fingerprint
    fails = any(f.severity.rank >= policy.failing.rank for f in shown)
    return Outcome(shown, accepted, by_id, fails)


@dataclass
class Options:
    """What the command line said; None where it said nothing (the project file decides)."""

    config: str | None = None
    no_config: bool = False
    severity: str | None = None
    min_confidence: float | None = None
    fail_on: str | None = None
    baseline: str | None = None
    use_baseline: bool = True
    bible: str | None = None


@dataclass
class Settings:
    """Everything decided for one manuscript: its project file, rules and policy."""

    config: Config
    rules: list[Rule]
    policy: Policy
    bible: Path | None
    canon: Any = None  # the loaded bible (storylint.canon), None without one


@dataclass
class Target:
    """One manuscript to check: as named (or as the project file lists it), with its settings."""

    label: str
    paths: list[Path]
    settings: Settings
    is_list: bool = False  # a project file's list of files, read as one manuscript

    def read(self) -> Manuscript:
        """Read it (InputError, one line, when it cannot be)."""
        from storylint import ingest
        from storylint.errors import InputError
        from storylint.ingest.settings import use_settings

        with use_settings(self.settings.config.input):
            if self.is_list:
                return ingest.read_manuscript_files(
                    [display_path(p) for p in self.paths], self.label
                )
            if not self.paths[0].exists():
                raise InputError(self.label, "no such file or directory")
            return ingest.read_manuscript(self.label)


class Session:
    """One `storylint check` (or `baseline`) run: project files and baselines read once each."""

    def __init__(self, options: Options | None = None, rules: list[Rule] | None = None) -> None:
        from storylint.rules.registry import all_rules

        self.options = options or Options()
        self.all_rules = list(rules) if rules is not None else all_rules()
        if self.options.config is not None and self.options.no_config:
            raise StorylintError("--config and --no-config cannot be used together")
        self._configs: dict[Path, Config] = {}
        self._baselines: dict[Path, Baseline] = {}
        self._canons: dict[Path, Any] = {}
        self._explicit: Config | None = None
        if self.options.config is not None:
            self._explicit = load_config(self.options.config, self.all_rules)

    # Which configuration ------------------------------------------------------

    def config_for(self, target: str | Path | None) -> Config:
        """The project file for a manuscript path (None: the current folder)."""
        if self._explicit is not None:
            return self._explicit
        if self.options.no_config:
            return NO_CONFIG
        found = find_config(target if target is not None else Path.cwd())
        if found is None:
            return NO_CONFIG
        key = found.resolve()
        if key not in self._configs:
            self._configs[key] = load_config(found, self.all_rules)
        return self._configs[key]

    def configured_manuscript(self) -> tuple[Config, list[Path], bool]:
        """With no PATH: the project file's manuscript (files, and whether it was a list)."""
        config = self.config_for(None)
        if not config.manuscript:
            where = f"{config.label} sets no `manuscript`" if config.path else "no storylint.toml"
            raise ConfigError(
                f"no PATH given, and {where} (found by looking in this folder and above); "
                "name a manuscript, or set `manuscript` (see `storylint init`)"
            )
        return config, list(config.manuscript), config.manuscript_is_list

    def targets(self, paths: Iterable[str]) -> list[Target]:
        """The manuscripts to check, settings resolved (and bibles loaded) before any is read.

        A bad project file or bible stops the run at once, with one line,
        rather than after minutes of checking.
        """
        paths = list(paths)
        targets = []
        if paths:
            for path in paths:
                targets.append(Target(path, [Path(path)], self.settings_for(path)))
        else:
            config, files, is_list = self.configured_manuscript()
            label = display_path(config.folder) if is_list else display_path(files[0])
            targets.append(Target(label, files, self.settings(config), is_list))
        for target in targets:
            lexicons.check_files(target.settings.config.lexicons)
            target.settings.canon = self.canon(target.settings)
        return targets

    # What the writer decided ---------------------------------------------------

    def settings(self, config: Config) -> Settings:
        rules, severities = enabled_rules(config, self.all_rules)
        options = self.options
        minimum = _severity(options.severity) or config.min_severity or DEFAULT_SEVERITY
        confidence = options.min_confidence
        if confidence is None:
            confidence = (
                config.min_confidence if config.min_confidence is not None else DEFAULT_CONFIDENCE
            )
        policy = Policy(
            min_severity=minimum,
            min_confidence=confidence,
            fail_on=_severity(options.fail_on) or config.fail_on,
            severities=severities,
            baseline=self._baseline(config) if options.use_baseline else None,
        )
        bible = Path(options.bible) if options.bible is not None else config.bible
        return Settings(config, rules, policy, bible)

    def settings_for(self, target: str | Path | None) -> Settings:
        return self.settings(self.config_for(target))

    def _baseline(self, config: Config) -> Baseline | None:
        """--baseline FILE must exist; the project file's may not yet (`storylint baseline`).

        Without either, `storylint-baseline.json` in the current folder is used if present.
        """
        if self.options.baseline is not None:
            path = Path(self.options.baseline)
        elif config.baseline is not None:
            if not config.baseline.exists():
                return None
            path = config.baseline
        elif Path(DEFAULT_BASELINE).is_file():
            # Where `storylint baseline` writes when nothing says otherwise: a writer who
            # just accepted everything must not be shown the same findings again.
            path = Path(DEFAULT_BASELINE)
        else:
            return None
        key = path.resolve()
        if key not in self._baselines:
            self._baselines[key] = load_baseline(path)
        return self._baselines[key]

    def baseline_target(self, settings: Settings | None) -> str:
        """Where `storylint baseline` writes when not told: the project file's path, or here."""
        if settings is not None and settings.config.baseline is not None:
            return display_path(settings.config.baseline)
        return DEFAULT_BASELINE

    def canon(self, settings: Settings) -> Any:
        """The story bible as `storylint.canon` loads it, or None when there is none."""
        if settings.bible is None:
            return None
        key = settings.bible.resolve()
        if key not in self._canons:
            try:
                module = importlib.import_module("storylint.canon")
            except ModuleNotFoundError as exc:
                if exc.name in ("storylint.canon", "storylint"):
                    raise StorylintError(
                        "the story bible is not available in this installation"
                    ) from None
                raise
            load = getattr(module, "load_bible", None)
            if load is None:
                raise StorylintError("the story bible is not available in this installation")
            # As the writer would type it: the bible's path is quoted in findings.
            lexicons.configure(settings.config.lexicons)  # `bible_schema` may be extended
            try:
                self._canons[key] = load(display_path(settings.bible))
            finally:
                lexicons.configure({})
        return self._canons[key]

    def inline(self, manuscript: Manuscript) -> InlineAcceptance:
        """The manuscript's inline markers; `.warnings` names the ones it cannot obey."""
        return InlineAcceptance.from_manuscript(manuscript, self.all_rules)


def _severity(value: str | None) -> Severity | None:
    return Severity(value.lower()) if value is not None else None
