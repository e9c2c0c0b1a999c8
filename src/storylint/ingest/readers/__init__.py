"""One reader per file format; each returns a `Parsed` (source text and blocks)."""
