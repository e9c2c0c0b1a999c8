"""Story bibles kept in other writing tools, converted to storylint's bible.

Each importer reads one tool's export and returns the plain data `storylint bible` prints
(docs/story-bible.md), plus what it could not carry over, so that the writer sees what
was left behind instead of trusting a bible that silently lost facts. `storylint bible
--import FORMAT FILE` runs them.
"""
