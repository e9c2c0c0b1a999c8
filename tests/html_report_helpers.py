"""A small story, its real story model and hand-made findings, for the HTML report tests.

The findings are built by hand (reporters format, they never analyse) so that
every filter facet has more than one value: three rules, three severities,
findings in different chapters and about different characters. The story model
is real (spaCy and the analysis stages), so the characters tab and the
characters of each finding come from the same code a writer's report uses.
"""

from __future__ import annotations

from storylint.findings import Evidence, Finding, Severity
from storylint.manuscript import Manuscript
from storylint.report import ManuscriptResult, Report

# Written for these tests. Chapter Two quotes markup a careless reporter would run.
STORY = (
    "\n\n".join(
        [
            "A/N: This is a draft. Thanks to everyone who read the first version!",
            "Chapter One",
            "Ivy Lynn walked down the stairs with her glass held high. Derek Shaw waited at "
            "the bottom with his grey coat folded over one arm. Ivy smiled at him, and Derek "
            "smiled back.",
            '"You came," Ivy said. Derek dropped his coat over her shoulders and kissed her cheek.',
            "Karen Cartwright watched them from the landing. Karen had green eyes and a red scarf, "
            "and she did not smile.",
            "Chapter Two",
            "The next morning Ivy found a note under her door. It read "
            '<script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> '
            "in Derek's careful hand, which made Ivy laugh.",
            "Karen came by at noon. Karen had blue eyes that day, and the scarf was nowhere to be "
            "seen. Ivy poured her a coffee.",
            "Chapter Three",
            "Derek waited in the rain outside the theatre. Ivy wore her coat, the one she had "
            "always owned, and Karen stood behind her with the red scarf again.",
        ]
    )
    + "\n"
)


FILLER = (
    "The rain kept on against the tall windows of the theatre, and somewhere below a door "
    "banged twice and was still. The street lamps came on one by one along the avenue, "
    "and the puddles caught their light and held it."
)


def long_story(filler_paragraphs: int = 30) -> str:
    """STORY with unnamed filler paragraphs closing each chapter, so passages lie far apart."""
    filler = "\n\n".join([FILLER] * filler_paragraphs)
    head, *chapters = STORY.split("\nChapter ")
    return head + "".join(f"\nChapter {c.rstrip()}\n\n{filler}\n" for c in chapters)


def passage(manuscript: Manuscript, needle: str, role: str, nth: int = 0) -> Evidence:
    source = manuscript.sources[0]
    start = -1
    for _ in range(nth + 1):
        start = source.text.index(needle, start + 1)
    return Evidence(source, start, start + len(needle), role)


def story_findings(manuscript: Manuscript) -> list[Finding]:
    """Five findings: coat owner (error), eye colour (warning), scarf (warning, info), markup."""
    p = lambda needle, role, nth=0: passage(manuscript, needle, role, nth)  # noqa: E731
    findings = [
        Finding(
            "OBJ001",
            "object-owner-changed",
            Severity.ERROR,
            0.9,
            "The coat Ivy wears was established as Derek's, but is later called hers.",
            [
                p("dropped his coat over her shoulders", "established"),
                p("Ivy wore her coat", "contradiction"),
            ],
            chapter="Chapter Three",
            explanation="Nothing between the passages gives the coat to Ivy.",
        ),
        Finding(
            "CHR001",
            "eye-colour-changed",
            Severity.WARNING,
            0.8,
            "Karen's eyes were green, but later they are blue.",
            [p("Karen had green eyes", "established"), p("Karen had blue eyes", "contradiction")],
            chapter="Chapter Two",
            explanation="Eye colour does not change; one of the passages is a slip.",
        ),
        Finding(
            "OBJ002",
            "object-state-ended",
            Severity.WARNING,
            0.7,
            "The scarf was gone, yet Karen has it again with nothing bringing it back.",
            [
                p("the scarf was nowhere to be seen", "established"),
                p("with the red scarf again", "contradiction"),
            ],
            chapter="Chapter Three",
        ),
        Finding(
            "OBJ002",
            "object-state-ended",
            Severity.INFO,
            0.6,
            "The coat is mentioned again <b>here</b> & there.",
            [
                p("his grey coat folded over one arm", "established"),
                p("Derek dropped his coat", "contradiction"),
            ],
            chapter="Chapter One",
        ),
        Finding(
            "CHR001",
            "eye-colour-changed",
            Severity.WARNING,
            0.6,
            "A note quotes <script>markup</script>; it must show as text.",
            [p("It read <script>window.__pwned = 1</script>", "contradiction")],
            chapter="Chapter Two",
        ),
    ]
    findings.sort(key=Finding.sort_key)
    return findings


def story_report(model) -> Report:
    """The report `storylint check --format html` would hand the reporter for STORY."""
    manuscript = model.manuscript
    result = ManuscriptResult(
        path=manuscript.path,
        findings=story_findings(manuscript),
        sources=[s.path for s in manuscript.sources],
        words=manuscript.word_count,
        manuscript=manuscript,
        model=model,
    )
    return Report(results=[result])
