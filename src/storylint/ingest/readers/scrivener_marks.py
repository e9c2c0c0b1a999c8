"""Scrivener's own marks inside a text's RTF: what is not story, and what is a note.

Scrivener 3 (and Scrivener 2 when it writes RTF for compile) keeps some things
in a document's RTF as ordinary *text* wrapped in markers a writer never sees
typed: the RTF escapes the braces and backslashes (`\\{\\\\Scrv_annot ...`),
so the RTF walker (`rtf_walk`) reads them as characters. Left alone they
would be checked as prose ("Scrv_annot color R=0.6 text=check her age").
Read here, after the walk, from the walked paragraphs:

- inline annotations, `{\\Scrv_annot \\color={\\R=..\\G=..\\B=..} \\text=...\\end_Scrv_annot}`:
  the writer's notes to self, which Scrivener's compile strips by default.
  Dropped entirely, even when they run over several paragraphs (the text
  either side then joins, as it does when Scrivener compiles them away);
- inline footnotes, `{\\Scrv_fn=...\\end_Scrv_fn}`: kept as notes after the
  body, exactly as the RTF reader places `\\footnote` groups (Role.NOTE:
  shown, never checked), and never spliced into the sentence;
- style markers Scrivener writes as text (`<$Scr_Ps::0>`, `<!$Scr_Cs::1>`,
  `<$Scr_H::2>`, `<$ScrKeepWithNext>`): dropped.

A marker with no end (a damaged file) is left as it is: better a stray
marker in the text than a chapter silently dropped. Comments (the margin
notes) are not in the text at all: Scrivener 3 keeps them in a separate
`content.comments` file, which is never read, and anchors them with a link
field whose visible text (the story words) the walker already reads; RTF
`\\annotation` groups and other `\\*` destinations are dropped by `rtf_walk`.
"""

from __future__ import annotations

import re

# Joins paragraphs while a marker is cut: no walked paragraph holds it (rtf_walk drops
# control characters), so splitting on it gives the paragraphs back.
_SEP = "\x00"
_ANNOTATION = re.compile(r"\{\\Scrv_annot\b.*?\\end_Scrv_annot\}", re.DOTALL)
_FOOTNOTE = re.compile(r"\{\\Scrv_fn=(.*?)\\end_Scrv_fn\}", re.DOTALL)
_STYLE = re.compile(r"<!?\$Scr_(?:Ps|Cs|H)::\d+>|<\$ScrKeepWithNext>")
# After a cut, these need no space before them ("said {annot}." is "said.").
_TIGHT_AFTER = frozenset(" .,;:!?)\u2019\u201d" + _SEP)


def _cut(text: str, pattern: re.Pattern[str], notes: list[str] | None = None) -> str:
    """`text` without `pattern`'s matches; a space left doubled by a cut goes too.

    Why the tidy: "She smiled {annotation} and left" must read "She smiled and
    left", not with two spaces, which a writer never typed.
    """
    if notes is None and pattern.search(text) is None:
        return text
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        before = text[position : match.start()]
        following = text[match.end() : match.end() + 1]
        if before.endswith(" ") and (not following or following in _TIGHT_AFTER):
            before = before[:-1]
        parts.append(before)
        if notes is not None and match.groups():
            notes.append(match.group(1))
        position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def strip_scrivener_marks(
    body: list[str], notes: list[list[str]]
) -> tuple[list[str], list[list[str]]]:
    """The body and notes without Scrivener's marks; inline footnotes join the notes.

    `body` and `notes` are what `rtf_walk.walk_rtf` read ("" for an empty
    paragraph, kept: it may be a scene break).
    """
    text = _SEP.join(body)
    if "Scr" not in text:  # the common case: nothing to do
        return body, notes
    text = _cut(text, _ANNOTATION)
    inline: list[str] = []
    text = _cut(text, _FOOTNOTE, inline)
    text = _cut(text, _STYLE)
    found = [[_cut(p, _STYLE) for p in note.split(_SEP) if p.strip()] for note in inline]
    return text.split(_SEP), [*notes, *(note for note in found if note)]


__all__ = ["strip_scrivener_marks"]
