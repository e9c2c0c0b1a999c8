"""The rule families: one folder each, holding its stage, layer, lexicons, rules, docs and cases.

A family package's `__init__` imports its stage and rules modules so that their
declarations register; `storylint.pipeline.stages.discover()` imports every package here.
Adding a family is adding a folder (docs/architecture.md).
"""
