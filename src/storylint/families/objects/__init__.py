"""The objects family: physical objects, who owns, holds and wears them, what happens to them.

`engine.build_world` is the stage; it provides the WORLD layer, which the OBJ rules read.
What the family understands and what it does not: README.md beside this file.
"""

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("engine", "rules")
