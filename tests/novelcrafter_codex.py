"""A Novelcrafter codex export, built in the test: the zip a writer downloads from the app.

Shaped like the real export: `novel.md`, and one Markdown file per codex entry under a
folder per type, each with YAML front matter (type, name, aliases, tags, fields) and the
entry's description as its body.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

NOVEL = "# The Lighthouse Keeper\n\nA novel in three acts.\n"

IVY = """\
---
type: character
name: Ivy Lynn
aliases:
  - Ivy
  - Miss Lynn
tags: [protagonist]
fields:
  Gender: Female
  Eye Color: brown
  Age: "34"
  Mother: Ann Lynn
  Personality: Stubborn, warm
  Eyes: piercing
---
The lighthouse keeper's daughter. Never drinks coffee.
"""

DEREK = """\
---
type: character
name: Derek Wills
aliases: [Derek, Mr. Wills]
tags: []
fields:
  Gender: M
  Occupation: harbour master
  Hair Colour: grey
  Date of Birth: 1961-03-09
  Glasses: "yes"
---
Runs the harbour.
"""

BUNNY = """\
---
type: character
name: Bernadette Shaw
aliases: Bunny, Bee
fields:
  Pronouns: she/her
  Handedness: left-handed
---
"""

LOCKET = """\
---
type: object
name: locket
aliases: [the silver locket]
fields:
  Owner: Ivy Lynn
  Material: silver
---
A silver locket with a photograph of Ann.
"""

ANCHOR = """\
---
type: location
name: The Rusty Anchor
aliases: [the Anchor]
---
The pub on the quay.
"""

WEAVE = """\
---
type: lore
name: The Weave
---
How the old magic of the coast works.
"""

NAMELESS = """\
---
type: character
aliases: [the stranger]
---
Someone seen on the cliff path.
"""

ENTRIES = {
    "novel.md": NOVEL,
    "characters/ivy-lynn.md": IVY,
    "characters/derek-wills.md": DEREK,
    "characters/bernadette-shaw.md": BUNNY,
    "characters/untitled.md": NAMELESS,
    "objects/locket.md": LOCKET,
    "locations/the-rusty-anchor.md": ANCHOR,
    "lore/the-weave.md": WEAVE,
}


def write_codex(path: Path, entries: dict[str, str] | None = None) -> Path:
    """Write a codex export zip at `path` with these members (default: the whole codex)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (ENTRIES if entries is None else entries).items():
            archive.writestr(name, text)
    return path
