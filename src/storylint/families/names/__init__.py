"""The names family: name spellings that drift.

What it understands and what it does not: README.md beside this file.
"""

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("spelling", "rules")
