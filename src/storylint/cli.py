"""The `storylint` command: check manuscripts, list rules, show extracted text, build a bible.

Why the commands are thin: everything a writer can ask for here is also a
Python call (ingest, engine, reporters, bible, evaluation), so the CLI only
parses options, reads files, hands findings to `storylint.decisions.acceptance` (project
file, inline markers, baseline) and chooses exit codes. Heavy
modules (spaCy, readers for every format) are imported inside the commands so
that `storylint --help` and `storylint rules` answer instantly.

Exit codes: 0 nothing shown at or above fail_on, 1 findings shown at or above it
(accepted findings never count), 2 a usage, configuration or input error (always
one line on stderr, never a traceback), 3 an internal error: a bug in storylint,
one line on stderr naming a log file that holds the traceback
(`internal_error`; docs/cli.md). A crash never exits 1, which means findings.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from storylint import __version__
from storylint.errors import InputError, StorylintError
from storylint.findings import Severity
from storylint.report import REPORTERS, ManuscriptResult, Report, check_request

if TYPE_CHECKING:
    from rich.progress import Progress

    from storylint.canon.series import SeriesRun
    from storylint.decisions.acceptance import Session, Settings, Target
    from storylint.manuscript import Manuscript
    from storylint.model import StoryModel

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3
# Below this many words a manuscript checks in about two seconds or less, so a
# progress bar would only flicker.
PROGRESS_WORDS = 20_000
# When stderr is not a terminal (a CI log), a plain progress line at most this
# often, the first only once a check has parsed this long: short checks print none.
PROGRESS_SECONDS = 10.0
EVALUATIONS = {
    "pdnc": ("DIR", "Character name clustering against the Project Dialogism Novel Corpus."),
    "litbank": ("DIR", "Entities and coreference against LitBank annotations."),
    "trip": ("FILE", "State tracking against TRIP story pairs (physical plausibility)."),
    "propara": ("FILE", "Created, destroyed and moved objects against ProPara paragraphs."),
    "names": ("DIR", "Name-spelling rules (NAM*) against the PDNC novels' gold alias lists."),
}

F = TypeVar("F", bound=Callable[..., Any])


def _say_error(message: str) -> None:
    # One line, always: a library's message may end in or quote a newline (lxml does).
    click.echo(f"storylint: {' '.join(message.split())}", err=True)


def _passes_through(exc: BaseException) -> bool:
    """Exceptions click turns into its own exits (usage errors, Ctrl-C, a closed pipe)."""
    if isinstance(exc, click.exceptions.ClickException | click.exceptions.Abort):
        return True
    if isinstance(exc, click.exceptions.Exit):
        return True
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def _log_folder() -> str:
    """Where internal error logs go: the cache folder's `logs`, else the temp folder."""
    import tempfile

    from storylint.nlp.parse_cache import cache_directory

    folder = cache_directory() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return str(folder)
    except OSError:
        pass
    return tempfile.gettempdir()


def internal_error(exc: BaseException) -> int:
    """Report a bug in storylint: one line on stderr, the traceback in a log file; exit 3.

    Why not a traceback on stderr: a writer cannot act on it, and CI must not
    read a crash as "findings" (exit 1). The log (docs/cli.md says where) is
    what a bug report needs.
    """
    import tempfile
    import traceback

    stamp = time.strftime("%Y%m%d-%H%M%S")
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    header = f"storylint {__version__}, python {sys.version.split()[0]}\nargv: {sys.argv!r}\n\n"
    log: str | None = None
    for folder in (_log_folder(), None):
        try:
            handle, log = tempfile.mkstemp(
                prefix=f"storylint-internal-error-{stamp}-",
                suffix=".log",
                dir=folder,
            )
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(header + details)
            break
        except OSError:
            log = None
    message = " ".join(str(exc).split()) or "no message"
    where = log if log is not None else "(no log could be written)"
    click.echo(
        f"storylint: internal error ({type(exc).__name__}: {message}); please report it. "
        f"Details: {where}",
        err=True,
    )
    return EXIT_INTERNAL


def one_line_errors(command: F) -> F:
    """Turn storylint's own errors into one line and exit 2, and any other error into exit 3."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except StorylintError as exc:
            _say_error(str(exc))
            raise SystemExit(EXIT_ERROR) from None
        except Exception as exc:
            if _passes_through(exc):
                raise
            raise SystemExit(internal_error(exc)) from None

    return wrapper  # type: ignore[return-value]


def import_part(module: str, what: str) -> Any:
    """Import a part written separately (bible, evaluations); its absence is one line, exit 2."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module == exc.name or module.startswith(exc.name + ".")):
            raise StorylintError(f"{what} is not available in this installation") from None
        raise


def require_path(path: str) -> None:
    """Fail with the ingest's one-line shape before any reader sees a missing path."""
    if not os.path.exists(path):
        raise InputError(path, "no such file or directory")


# --- reading a manuscript as `check` does -------------------------------------------


def command_target(path: str, config_file: str | None = None, no_config: bool = False) -> Target:
    """PATH with the project settings `check` would give it: the storylint.toml found above
    it, or --config FILE, or none with --no-config (`Session.settings_for`, the one lookup).

    Every command that reads a manuscript starts here, so that `extract`, `bible`,
    `timeline` and `explain` read the same text `check` reads (tracked changes, skipped
    notes files, budgets). The project's story bible is not loaded: `bible` starts from
    its own --bible, `explain` loads one itself, and `extract` and `timeline` use none, so
    a broken bible cannot stop a command that would not read it. The project's own
    lexicon files are checked here, as `check` checks them, before anything is read.
    """
    from pathlib import Path

    from storylint import lexicons
    from storylint.decisions.acceptance import Options, Session, Target

    require_path(path)
    session = Session(Options(config=config_file, no_config=no_config))
    settings = session.settings_for(path)
    lexicons.check_files(settings.config.lexicons)
    return Target(path, [Path(path)], settings)


@contextmanager
def project_in_force(settings: Settings) -> Iterator[None]:
    """A manuscript's project file in force while it is read, modelled and checked: its
    `[input]` (tracked changes, skipped files, budgets) and its `[lexicons]`.

    Why one place: a command reading under other settings than `check` shows text the
    findings' offsets do not refer to, or a story `check` never saw.
    """
    from storylint import lexicons
    from storylint.ingest.settings import use_settings

    lexicons.configure(settings.config.lexicons)
    try:
        with use_settings(settings.config.input):
            yield
    finally:
        lexicons.configure({})


@contextmanager
def reading(path: str, config_file: str | None = None, no_config: bool = False) -> Iterator[Target]:
    """`command_target(path)`, with its project file in force for the block."""
    target = command_target(path, config_file, no_config)
    with project_in_force(target.settings):
        yield target


def read_target(target: Target) -> Manuscript:
    """Read a target on the reading stage's clock (`stage_seconds`); the reader's warnings
    (a guessed encoding, a skipped file) go to stderr."""
    from storylint.nlp.progress import stage

    with stage("reading", target.label):  # Target.read puts [input] in force
        manuscript = target.read()
    for warning in manuscript.warnings:
        click.echo(warning_line(manuscript, warning), err=True)
    return manuscript


def story_model(target: Target, canon: Any = None) -> StoryModel:
    """Read `target` and build the story model `check` would build, without running rules.

    Through `engine.check_manuscript` (with no rules), so the words budget refuses a long
    manuscript before parsing and parsing and analysis run on the stage clock exactly as
    in a check: over a budget is one line naming the file and the budget, exit 2.
    Call it inside `project_in_force` (or `reading`), which puts those budgets in force.
    """
    from storylint import engine
    from storylint.nlp.progress import watching

    manuscript = read_target(target)
    lines = None if sys.stderr.isatty() else ProgressLines(target.label)
    with watching(lines):
        model, _ = engine.check_manuscript(manuscript, rules=[], canon=canon)
    return model


def warning_line(manuscript: Manuscript, warning: str) -> str:
    """`path: warning: message`, naming the chapter file when the reader already named it."""
    for path in [*(s.path for s in manuscript.sources), manuscript.path]:
        if warning.startswith(f"{path}: "):
            return f"{path}: warning: {warning[len(path) + 2 :]}"
    return f"{manuscript.path}: warning: {warning}"


def use_color(no_color: bool, output: str | None) -> bool:
    """Colour only on a terminal, and never when the writer or NO_COLOR says no."""
    if no_color or output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


class ProgressDisplay:
    """A transient bar on stderr, started only once a long manuscript comes along.

    Short manuscripts finish before a bar would be readable, and a bar in a
    log file or a pipe is noise, so it appears only on a terminal.
    """

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.done = 0
        self._progress: Progress | None = None
        self._task: Any = None

    def _start(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._progress.start()
        # One manuscript: a pulsing bar (no total); several: one step per manuscript.
        total = self.total if self.total > 1 else None
        self._task = self._progress.add_task(description, total=total, completed=self.done)

    @contextmanager
    def item(self, label: str, words: int) -> Iterator[None]:
        description = f"checking {label} ({words:,} words)"
        if self.enabled and self._progress is None and words > PROGRESS_WORDS:
            self._start(description)
        elif self._progress is not None:
            self._progress.update(self._task, description=description)
        yield
        self.done += 1
        if self._progress is not None:
            self._progress.update(self._task, completed=self.done)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


class ProgressLines:
    """Plain progress lines on stderr while a long parse runs and stderr is not a terminal.

    Why: a 60 MB text parses for many minutes, and in a CI log a check that
    prints nothing looks hung. A terminal gets the bar above instead; a check
    that finishes within PROGRESS_SECONDS prints no line at all.
    """

    def __init__(self, label: str, interval: float | None = None) -> None:
        self.label = label
        self.interval = PROGRESS_SECONDS if interval is None else interval
        self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.interval or total <= 0:
            return
        self.last = now
        click.echo(
            f"storylint: parsing {self.label}: {done * 100 // total}% "
            f"({done:,} of {total:,} words)",
            err=True,
        )


def output_paths_checked(targets: list[Target]) -> list[str]:
    """Every file a check will read: the targets, and each file in a folder target."""
    paths: list[str] = []
    for target in targets:
        for path in target.paths:
            paths.append(str(path))
            if path.is_dir():
                try:
                    paths.extend(str(entry) for entry in path.iterdir() if entry.is_file())
                except OSError:
                    pass
    return paths


def refuse_output_onto(output: str | None, paths: list[str]) -> None:
    """`--output` naming a file to be read is refused before any work is done."""
    if output is None or not os.path.exists(output):
        return
    for path in paths:
        try:
            same = os.path.isfile(path) and os.path.samefile(path, output)
        except OSError:
            continue
        if same:
            raise StorylintError(f"{output}: is a manuscript being checked; not overwriting it")


def refuse_to_overwrite(output: str | None, results: list[ManuscriptResult]) -> None:
    """`--output` must never replace a manuscript: storylint never modifies the author's files.

    The second line of defence, after `refuse_output_onto` before the check: the
    files actually read (a reader may name sources the targets did not).
    """
    refuse_output_onto(
        output, [path for result in results for path in [result.path, *result.sources]]
    )


def write_output(text: str | bytes, output: str | None) -> None:
    if isinstance(text, bytes) and not text:
        return  # a binary format with nothing checked: no empty file
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        if isinstance(text, bytes):  # a document (docx), not text
            with open(output, "wb") as handle:
                handle.write(text)
            return
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise StorylintError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _config_option_list() -> list[Callable[[F], F]]:
    """--config FILE and --no-config: which project file a command reads (docs/configuration.md)."""
    return [
        click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False),
            default=None,
            help="Read settings from FILE, not the storylint.toml found above the manuscript.",
        ),
        click.option("--no-config", is_flag=True, help="Ignore every storylint.toml."),
    ]


def config_options(command: F) -> F:
    """--config FILE and --no-config, for every command that reads a manuscript."""
    for option in reversed(_config_option_list()):
        command = option(command)
    return command


def decision_options(command: F) -> F:
    """Options deciding what a check shows, shared by `check` and `baseline`.

    Each defaults to None so the project file (storylint.toml) decides unless
    the command line says otherwise (docs/configuration.md).
    """
    options = [
        click.option(
            "--severity",
            type=click.Choice([s.value for s in Severity], case_sensitive=False),
            default=None,
            help="Lowest severity shown  [default: min_severity in storylint.toml, or warning]",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            default=None,
            help="Hide findings the rules are less sure of than this  [default: 0.5]",
        ),
        *_config_option_list(),
        click.option(
            "--bible",
            "bible_file",
            type=click.Path(dir_okay=False),
            default=None,
            help="Check against the story bible FILE (YAML; docs/story-bible.md); several "
            "PATHs are then books of one series, in order  [default: bible in storylint.toml]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_checks(
    targets: list[Target], session: Session, keep_model: bool = False
) -> list[tuple[ManuscriptResult, Any]]:
    """Check each target; a manuscript that cannot be read is reported and the rest go on.

    Returns each result with its acceptance `Outcome` (None when it was not read).
    `keep_model` keeps the story model for reporters that show the text.
    """
    from storylint.canon.series import SeriesRun

    checked: list[tuple[ManuscriptResult, Any]] = []
    # Books checked against one bible are a series, in the order named (canon/series.py).
    series = SeriesRun(several=len(targets) > 1)
    progress = ProgressDisplay(len(targets), enabled=sys.stderr.isatty())
    try:
        for target in targets:
            # The project's [input] and [lexicons] hold while its manuscript is read and
            # checked: the reading, parsing and analysis budgets alike.
            with project_in_force(target.settings):
                checked.append(check_target(target, session, series, progress, keep_model))
    finally:
        progress.close()
    return checked


def check_target(
    target: Target,
    session: Session,
    series: SeriesRun,
    progress: ProgressDisplay,
    keep_model: bool,
) -> tuple[ManuscriptResult, Any]:
    """Read and check one target, inside `project_in_force(target.settings)`.

    An InputError (unreadable, or over a budget) is said on stderr and becomes a result
    with that error: one unreadable file must not cost the writer the others' reports.
    """
    from storylint import engine
    from storylint.decisions import acceptance
    from storylint.ingest.coverage import coverage_warning
    from storylint.nlp.progress import watching

    settings = target.settings
    try:
        manuscript = read_target(target)
        aside = coverage_warning(manuscript)
        if aside is not None:
            click.echo(warning_line(manuscript, aside), err=True)
        inline = session.inline(manuscript)
        for warning in inline.warnings:
            click.echo(warning, err=True)
        canon = series.canon_for(settings.canon, manuscript)
        words = manuscript.word_count
        lines = None if sys.stderr.isatty() else ProgressLines(target.label)
        with progress.item(target.label, words), watching(lines):
            model, findings = engine.check_manuscript(
                manuscript,
                settings.rules,
                canon=canon,
                options=settings.config.rule_options,
            )
    except InputError as exc:  # unreadable, or over the words or a stage's time budget
        _say_error(str(exc))
        return ManuscriptResult(path=target.label, error=str(exc)), None
    series.learn(settings.canon, model, findings)
    outcome = acceptance.decide(findings, settings.policy, inline)
    result = ManuscriptResult(
        path=manuscript.path,
        findings=outcome.shown,
        sources=[s.path for s in manuscript.sources],
        words=words,
        accepted=outcome.accepted,
        manuscript=manuscript,
        # A parsed novel is large: keep it only for reporters that show the text.
        model=model if keep_model else None,
        # How it was read: a reporter that reads the file again (docx) must read it alike.
        read_settings=settings.config.input,
    )
    return result, outcome


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storylint")
def cli() -> None:
    """storylint: find where a story contradicts itself, with the passages that prove it."""


@cli.command(short_help="Check manuscripts for continuity errors.")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(REPORTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@decision_options
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity], case_sensitive=False),
    default=None,
    help="Exit 1 only for shown findings at or above this  [default: the lowest shown]",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Accept the findings recorded in FILE (written by `storylint baseline`).",
)
@click.option("--no-baseline", is_flag=True, help="Show the findings a baseline accepts, too.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report to FILE instead of stdout.",
)
@click.option("--no-color", is_flag=True, help="Never colour the output.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every paragraph afresh instead of reusing unchanged ones (docs/cache.md).",
)
@one_line_errors
def check(
    paths: tuple[str, ...],
    fmt: str,
    severity: str | None,
    min_confidence: float | None,
    config_file: str | None,
    no_config: bool,
    bible_file: str | None,
    fail_on: str | None,
    baseline_file: str | None,
    no_baseline: bool,
    output: str | None,
    no_color: bool,
    no_cache: bool,
) -> None:
    """Check each PATH (a file, or a folder of chapters) as its own manuscript.

    Without PATH, checks the manuscript named in storylint.toml. Settings come
    from the storylint.toml found above each manuscript; options override them.

    Exit status: 0 nothing to show, 1 findings shown (at or above --fail-on),
    2 a usage, configuration or input error, 3 an internal error (a bug).
    """
    from storylint.decisions.acceptance import Options, Session
    from storylint.rules.registry import all_rules

    if no_cache:
        os.environ["STORYLINT_CACHE"] = "off"
    session = Session(
        Options(
            config=config_file,
            no_config=no_config,
            severity=severity,
            min_confidence=min_confidence,
            fail_on=fail_on,
            baseline=baseline_file,
            use_baseline=not no_baseline,
            bible=bible_file,
        )
    )
    targets = session.targets(paths)
    check_request(fmt, [t.label for t in targets], output)
    # Before any work: a report must never replace a file it is about to read.
    refuse_output_onto(output, output_paths_checked(targets))
    keep_model = bool(getattr(REPORTERS[fmt], "needs_model", False))
    checked = run_checks(targets, session, keep_model)
    results = [result for result, _ in checked]

    refuse_to_overwrite(output, results)  # a second line of defence
    report = Report(results=results, rules=all_rules())
    color = use_color(no_color, output)
    width = shutil.get_terminal_size().columns if color else None
    write_output(REPORTERS[fmt](report, color=color, width=width), output)

    if any(not r.checked for r in results):
        raise SystemExit(EXIT_ERROR)
    # Only findings shown at or above fail_on count; accepted ones never do.
    failing = any(outcome.fails for _, outcome in checked if outcome is not None)
    raise SystemExit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@cli.command("baseline", short_help="Accept every current finding: write a baseline file.")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@decision_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the baseline to FILE  [default: baseline in storylint.toml, "
    "or storylint-baseline.json]",
)
@one_line_errors
def baseline_command(
    paths: tuple[str, ...],
    severity: str | None,
    min_confidence: float | None,
    config_file: str | None,
    no_config: bool,
    bible_file: str | None,
    output: str | None,
) -> None:
    """Record every finding a check of PATH shows now as accepted.

    `storylint check` with the baseline (`baseline` in storylint.toml, or
    --baseline FILE) then reports only new findings. A finding is recognised by
    its rule and quoted passages, not by line numbers, so edits elsewhere keep
    it accepted, and an edit to one of its passages brings it back.
    """
    from pathlib import Path

    from storylint.decisions.acceptance import DEFAULT_BASELINE, Options, Session
    from storylint.decisions.baseline import entry, write_baseline

    session = Session(
        Options(
            config=config_file,
            no_config=no_config,
            severity=severity,
            min_confidence=min_confidence,
            use_baseline=False,
            bible=bible_file,
        )
    )
    targets = session.targets(paths)
    target = output or session.baseline_target(targets[0].settings)
    refuse_output_onto(target, output_paths_checked(targets))
    checked = run_checks(targets, session)
    results = [result for result, _ in checked]
    if any(not r.checked for r in results):
        _say_error(f"{target}: not written, because a manuscript could not be read")
        raise SystemExit(EXIT_ERROR)
    refuse_to_overwrite(target, results)
    entries = [
        entry(finding, outcome.fingerprints[id(finding)])
        for _, outcome in checked
        for finding in outcome.shown
    ]
    write_baseline(target, entries)
    rules = sorted({e["rule"] for e in entries})
    by_rule = ", ".join(f"{r} {sum(1 for e in entries if e['rule'] == r)}" for r in rules)
    noun = "finding" if len(entries) == 1 else "findings"
    click.echo(f"{target}: {len(entries)} {noun} accepted" + (f" ({by_rule})" if by_rule else ""))
    configured = [t.settings.config.baseline for t in targets]
    found_here = all(c is None for c in configured) and target == DEFAULT_BASELINE
    if not found_here and not all(
        c is not None and c.resolve() == Path(target).resolve() for c in configured
    ):
        click.echo(
            f"`storylint check` uses it with --baseline {target}, or with "
            f'baseline = "{target}" in storylint.toml.'
        )


@cli.command("init", short_help="Write a commented starter storylint.toml.")
@click.argument("folder", default=".", required=False, metavar="[FOLDER]")
@one_line_errors
def init_command(folder: str) -> None:
    """Write a starter storylint.toml in FOLDER (default: here); never replaces one."""
    from storylint.decisions.config import write_starter

    written = write_starter(folder)
    click.echo(f"wrote {written}: every setting is explained in it (and in docs/configuration.md)")


@cli.command("rules", short_help="List rules, or show one rule's documentation.")
@click.argument("rule_key", required=False, metavar="[RULE]")
@one_line_errors
def rules_command(rule_key: str | None) -> None:
    """List every rule, or print one RULE's documentation (by id or name)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from storylint.rules.registry import all_rules, find_rule

    if rule_key is not None:
        found = find_rule(rule_key)
        if found is None:
            raise StorylintError(f"unknown rule {rule_key!r} (see `storylint rules`)")
        doc = found.doc
        click.echo(doc, nl=not doc.endswith("\n"))
        return

    rules = all_rules()
    if not rules:
        click.echo("No rules are registered.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("ID", "Name", "Severity", "Summary"):
        table.add_column(column, overflow="fold")
    for r in rules:
        table.add_row(r.id, r.name, r.severity.value, r.summary)
    # In a pipe Rich would assume 80 columns and fold summaries needlessly.
    console = Console(width=None if sys.stdout.isatty() else 200, highlight=False)
    with console.capture() as captured:
        console.print(table)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


@cli.group(short_help="Look inside storylint: the analysis pipeline.")
def debug() -> None:
    """Commands for finding out what storylint does, and where it spends its time."""


@debug.command("pipeline", short_help="Print the analysis stages, their layers and times.")
@click.argument("path", required=False, metavar="[PATH]")
@one_line_errors
def debug_pipeline(path: str | None) -> None:
    """Print every analysis stage in the order it runs, the layers it requires and provides,
    and, given a manuscript PATH, the seconds each stage took on it (after parsing)."""
    from storylint.pipeline.describe import format_rows, pipeline_rows

    timings: dict[str, float] | None = None
    if path is not None:
        from storylint.engine import check_word_budget
        from storylint.pipeline.build import build_model

        timings = {}
        with reading(path) as target:  # read and timed as `check` reads it
            manuscript = read_target(target)
            check_word_budget(manuscript)
            build_model(manuscript, timings=timings)
    click.echo(format_rows(pipeline_rows(timings)), nl=False)


@cli.command(short_help="Print the text that offsets refer to.")
@click.argument("path", metavar="FILE")
@config_options
@one_line_errors
def extract(path: str, config_file: str | None, no_config: bool) -> None:
    """Print the text that storylint's offsets, lines and columns refer to.

    Read as `check` reads it, with the [input] settings of the storylint.toml above FILE
    (tracked changes, skipped notes files, reading budgets). Nothing is parsed, so the
    words budget, which guards parsing, does not apply."""
    from storylint import ingest
    from storylint.nlp.progress import stage

    with reading(path, config_file, no_config) as target, stage("reading", target.label):
        text = ingest.extract_text(path)
    click.echo(text, nl=False)


@cli.command(short_help="Print the story bible (YAML or JSON).")
@click.argument("path", metavar="PATH")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
)
@click.option(
    "--bible",
    "bible_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Start from this story bible: its names merge and split characters, and "
    "everything the writer declared in it is kept in the output.",
)
@click.option(
    "--import",
    "import_format",
    type=click.Choice(["novelcrafter"]),
    default=None,
    help="PATH is another tool's story bible, not a manuscript: convert it "
    "(novelcrafter: a Novelcrafter codex export, .zip). What cannot be carried over "
    "is a warning on stderr.",
)
@config_options
@one_line_errors
def bible(
    path: str,
    fmt: str,
    bible_file: str | None,
    import_format: str | None,
    config_file: str | None,
    no_config: bool,
) -> None:
    """Print the story bible: characters, aliases, gender, appearances, dialogue.

    The YAML output is a valid bible to edit and check against (`check --bible`).
    PATH is read with the storylint.toml above it in force, as `check` reads it.
    With --import FORMAT, PATH is an export of another tool's bible (a Novelcrafter codex
    .zip), converted with no manuscript read (docs/story-bible.md)."""
    bible_module = import_part("storylint.bible", "the story bible")
    if import_format is not None and bible_file is not None:
        raise StorylintError("--import makes a new bible; it cannot start from --bible FILE")
    with reading(path, config_file, no_config) as target:
        if import_format is not None:
            importer = import_part(f"storylint.canon.importers.{import_format}", "--import")
            imported = importer.import_codex(path)
            for skipped in imported.skipped:
                click.echo(skipped.line(path), err=True)
            data = imported.bible
            if fmt == "yaml":  # one line, whatever the file name holds
                shown = " ".join(path.split())
                click.echo(f"# Imported by `storylint bible --import {import_format}`: {shown}")
        else:
            canon = (
                import_part("storylint.canon", "the story bible").load_bible(bible_file)
                if bible_file
                else None
            )
            data = bible_module.build_bible(story_model(target, canon))
            if canon is not None:
                data = bible_module.with_canon(data, canon)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif hasattr(bible_module, "bible_yaml"):  # with a comment on what a writer may add
        click.echo(bible_module.bible_yaml(data), nl=False)
    else:
        import yaml

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)


@cli.command("timeline", short_help="Print the story's timeline: each scene's day and time.")
@click.argument("path", metavar="PATH")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@config_options
@one_line_errors
def timeline_command(path: str, fmt: str, config_file: str | None, no_config: bool) -> None:
    """Print the timeline storylint reconstructs from PATH: for each scene, the story day, time
    of day, weekday, date and season it believes, and the passages it believes them from.
    PATH is read with the storylint.toml above it in force, as `check` reads it."""
    from storylint.families.time import describe_timeline
    from storylint.families.time.describe import render_table

    with reading(path, config_file, no_config) as target:
        rows = describe_timeline(story_model(target))
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(rows, width=None if sys.stdout.isatty() else 200), nl=False)


@cli.command("explain", short_help="Show what storylint read from the paragraph at a line.")
@click.argument("location", metavar="FILE:LINE")
@click.option(
    "--context",
    type=click.IntRange(0, None),
    default=0,
    show_default=True,
    help="Also explain N paragraphs before and after it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--bible",
    "bible_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read the story with this story bible, as `check --bible` does  "
    "[default: bible in storylint.toml]",
)
@config_options
@one_line_errors
def explain_command(
    location: str,
    context: int,
    fmt: str,
    bible_file: str | None,
    config_file: str | None,
    no_config: bool,
) -> None:
    """Explain the paragraph at LINE of FILE (line numbers as reports and `storylint extract`
    give them): its narrative modes, quotes and speakers, the characters its names and
    pronouns were tied to, object events and states, presence, character facts, deaths,
    relations, the timeline there, and the findings that point into it, hidden ones too."""
    from storylint.decisions.acceptance import Options
    from storylint.explain import explain, parse_location, render_text

    options = Options(config=config_file, no_config=no_config, bible=bible_file)
    path = parse_location(location).path
    with reading(path, config_file, no_config):
        report = explain(
            location,
            context=context,
            options=options,
            warn=lambda manuscript, warning: click.echo(
                warning_line(manuscript, warning), err=True
            ),
        )
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report), nl=False)


@cli.group("eval")
def eval_group() -> None:
    """Measure storylint against public gold standards."""


def _add_evaluation(name: str, metavar: str, summary: str) -> None:
    @eval_group.command(name, help=summary, short_help=summary.split(" against ")[0] + ".")
    @click.argument("path", metavar=metavar)
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
    )
    @one_line_errors
    def command(path: str, fmt: str) -> None:
        require_path(path)
        module = import_part(f"storylint.evaluation.{name}", f"the {name} evaluation")
        result = module.evaluate(path)
        if fmt == "json":
            click.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        else:
            text = module.format_report(result)
            click.echo(text, nl=not text.endswith("\n"))


for _name, (_metavar, _summary) in EVALUATIONS.items():
    _add_evaluation(_name, _metavar, _summary)


def _add_mutate() -> None:
    """`storylint eval mutate`: the recall harness, which has options of its own."""
    try:
        from storylint.evaluation.mutate.command import mutate_command
    except ModuleNotFoundError:  # an installation without the evaluation parts
        return
    eval_group.add_command(mutate_command)


_add_mutate()


def main() -> None:
    """Console-script entry point (`storylint = storylint.cli:main`).

    Commands catch their own errors (`one_line_errors`); this catches what
    escapes elsewhere (a group, click itself) so that no crash ever exits 1.
    """
    try:
        cli(prog_name="storylint")
    except Exception as exc:
        if _passes_through(exc):
            raise
        raise SystemExit(internal_error(exc)) from None


if __name__ == "__main__":
    main()
