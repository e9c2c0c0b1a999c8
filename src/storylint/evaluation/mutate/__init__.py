"""The recall harness: `storylint eval mutate CORPUS` (docs/recall-harness.md).

Recall measured on the sentences a rule was tuned on proves nothing. The harness injects ONE
realistic continuity slip at a time into clean published prose, checks the mutated copy, and
counts the slip as caught when a finding of the operator's family quotes it.

Modules, in the order a slip is made and judged:

- `templates`: the phrasing files (evaluation/mutations/<family>.yaml), schema and halves;
- `cast`: real characters of the novel, from storylint's own character model;
- `placement`: where a sentence may go (never inside dialogue), distance bands, splicing;
- `operators`: one or more slip makers per rule family;
- `parsing`: each paragraph parsed once for a clean text and all its mutated copies;
- `runner`: corpus, excerpts, the clean check, one check per slip, novels in parallel;
- `scoring`: caught at default and at the loosest settings; `report`: the tables;
- `command`: the click command the `storylint eval` group registers.

Python use: `runner.evaluate(corpus, runner.Options(...))` returns the JSON-ready result and
`report.format_report(result)` the tables. Nothing is imported here, so that registering the
command costs `storylint --help` nothing.
"""
