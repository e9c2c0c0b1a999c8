"""The character model: who the people of the story are, their names, pronouns and speech.

Stages: `characters.find_characters` (names and aliases, the name census),
`pronouns.resolve_pronouns` (pronoun mentions), `speakers.attribute_speakers` (who says each
quotation). How names are grouped and what it cannot do is in README.md beside this file.
"""

# The modules whose @stage / @rule declarations register when the pipeline discovers this
# package (storylint.pipeline.stages.discover); importing the package itself stays light.
MODULES = ("characters", "pronouns", "speakers")
