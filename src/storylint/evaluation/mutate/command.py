"""`storylint eval mutate CORPUS`: the recall harness's command line (docs/recall-harness.md).

Only click is imported here; the harness loads when the command runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from storylint.errors import StorylintError


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--families objects,time --families names` -> (objects, time, names)."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.command(
    "mutate",
    short_help="Recall on slips injected into clean novels.",
)
@click.argument("corpus", metavar="CORPUS")
@click.option("--novels", default=8, show_default=True, help="How many novels (a seeded sample).")
@click.option(
    "--per-operator",
    default=2,
    show_default=True,
    help="Slips per operator per novel, one checked at a time.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of every random choice.")
@click.option(
    "--half",
    type=click.Choice(["tuning", "held-out", "both"]),
    default="both",
    show_default=True,
    help="Which half of the phrasings to use.",
)
@click.option(
    "--families",
    multiple=True,
    metavar="LIST",
    help="Only these rule families (comma-separated or repeated).",
)
@click.option(
    "--operators", multiple=True, metavar="LIST", help="Only these operators (family.name)."
)
@click.option(
    "--words",
    default=20_000,
    show_default=True,
    help="Check the first N words of each novel (0: whole novels).",
)
@click.option("--jobs", default=1, show_default=True, help="Novels checked in parallel.")
@click.option("--json", "json_out", metavar="OUT", help="Also write every slip and count here.")
@click.option(
    "--phrasing",
    "phrasings",
    multiple=True,
    metavar="ID",
    help="Only this phrasing id (e.g. objects.owner_changed.slip.3); for debugging one.",
)
@click.option("--quiet", is_flag=True, help="No progress lines on stderr.")
def mutate_command(
    corpus: str,
    novels: int,
    per_operator: int,
    seed: int,
    half: str,
    families: tuple[str, ...],
    operators: tuple[str, ...],
    words: int,
    jobs: int,
    json_out: str | None,
    phrasings: tuple[str, ...],
    quiet: bool,
) -> None:
    """Measure recall honestly: inject one realistic continuity slip at a time into the clean
    novels of CORPUS (a folder of .txt files, or one file), check each mutated copy, and report
    how many slips storylint caught, per rule family, per half of the phrasings (tuning and
    held-out) and per distance band, with the findings on the clean texts (false alarms).
    Mutated texts are made in memory from --seed and never written anywhere."""
    from storylint.evaluation.mutate.report import format_report
    from storylint.evaluation.mutate.runner import Options, evaluate

    options = Options(
        novels=novels,
        per_operator=per_operator,
        seed=seed,
        half=half,
        families=_names(families),
        operators=_names(operators),
        words=words,
        jobs=jobs,
        phrasings=_names(phrasings),
    )
    try:
        result = evaluate(corpus, options, quiet=quiet)
        if json_out:
            try:
                Path(json_out).write_text(
                    json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
            except OSError as exc:
                raise StorylintError(f"{json_out}: cannot write ({exc.strerror})") from None
    except StorylintError as exc:
        click.echo(f"storylint: {exc}", err=True)
        raise SystemExit(2) from None
    click.echo(format_report(result), nl=False)
