"""The story's timeline: when each scene happens, as far as the text says.

- `build_timeline(model)`: the analysis stage; provides the TIMELINE layer, a
  `TimelineLayer` (see `layer.py`).
- `describe_timeline(model) -> list[dict]`: one dict per segment, for
  `storylint timeline` and the HTML report (see `describe.py`).
- `is_flashback(model, parsed_index) -> bool`: whether a paragraph is in a
  scene set before the story's now (for rules about life and death).

How the clock reasons, and what it cannot know, is in docs/timeline.md beside this file.
"""

from __future__ import annotations

from storylint.families.time.describe import describe_timeline
from storylint.families.time.stage import build_timeline, is_flashback

__all__ = ["build_timeline", "describe_timeline", "is_flashback"]

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("stage", "rules")
