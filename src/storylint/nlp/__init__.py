"""The shared language layer: spaCy parsing and its cache, dialogue spans, narrative modes.

Importing this package registers its stage (`quotes.detect_quotes`). What the modes mean
is in README.md beside this file.
"""

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("quotes",)
