"""Rules: one module per rule family, each rule a pure function of the story model.

Importing `storylint.rules.registry.all_rules()` loads every family module
listed in `FAMILY_MODULES`; a module registers its rules with `@rule(...)`.
"""
