"""The analysis pipeline: typed layers, declared stages, and the model builder.

`build_model(manuscript, until=LAYER)` (in `build.py`) parses once and runs the stages in
the order their declarations give (`stages.py`); layers are typed keys (`layers.py`).
"""
