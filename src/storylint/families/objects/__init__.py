"""The world-state engine: physical objects, who owns, holds and wears them, what happens to them.

`engine.build_world` is the pipeline stage; it stores a `World` in
model.layers["world"], which the OBJ rules read.
"""
