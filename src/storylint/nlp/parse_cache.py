"""A cache of spaCy parses, paragraph by paragraph, so a re-check only parses what changed.

Why: parsing is ~90% of a check (a novel takes ~12 s to parse and ~1.5 s for
everything else), and a writer re-checks after editing one chapter. Each story
paragraph's parse is stored under a hash of its text and of the pipeline that
parsed it; on the next run every unchanged paragraph is read back (about a
hundred times faster than parsing it) and only edited paragraphs are parsed.
A parse does not depend on the paragraphs around it, so a cached document is
the very document a fresh parse would give: the report is the same either way.

Where: one file per manuscript (named by a hash of its path) in
`$STORYLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/storylint`, else
`~/.cache/storylint`; never beside the manuscript, which storylint does not
touch. `STORYLINT_CACHE=off` (or `storylint check --no-cache`) turns it off.
Each file holds only the paragraphs of the latest run, so it never grows past
the manuscript's own size (about 11 bytes per token). A cache file that cannot
be read is ignored and rewritten: the cache can only cost time, never a result.

Writes are atomic: a temporary file in the same folder, named
`tmp<pid>-<random>.tmp` after the process writing it, then `os.replace`, so a
reader never sees half a file. A run killed mid-write leaves its temporary
file behind; opening the cache sweeps every `tmp*.tmp` whose writer is gone
(its pid no longer runs) or that is older than `STALE_TEMP_SECONDS`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Bump when what is stored changes shape; old files are then simply not found.
# "2": long runs without whitespace are tokenized in pieces (nlp/parse.py).
CACHE_FORMAT = "2"
# A temporary file this old is left over from a killed run, whoever wrote it.
STALE_TEMP_SECONDS = 3600
_TEMP_PID = re.compile(r"tmp(\d+)-")
DISABLING_VALUES = frozenset({"0", "off", "no", "false"})
# How to parse the paragraphs the cache lacks (storylint.nlp.parse.parse_texts).
ParseFunction = Callable[[list[str], "Language"], Iterable["Doc"]]


def cache_enabled() -> bool:
    return os.environ.get("STORYLINT_CACHE", "on").strip().lower() not in DISABLING_VALUES


def cache_directory() -> Path:
    explicit = os.environ.get("STORYLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "storylint"


def _pid_running(pid: int) -> bool:
    """Whether a process with this id exists (a pid we may not signal still runs)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def sweep_stale_temporaries(directory: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files killed runs left in the cache folder; returns those deleted.

    A file is stale when the pid in its name no longer runs, or when it is
    older than STALE_TEMP_SECONDS (a pid reused by another program; names
    without a pid, from older versions, go by age only).
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = list(directory.glob("tmp*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        match = _TEMP_PID.match(path.name)
        writer_gone = match is not None and not _pid_running(int(match.group(1)))
        if writer_gone or age > STALE_TEMP_SECONDS:
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def pipeline_signature(nlp: Language) -> str:
    """What makes two parses of one text differ: spaCy, the model and its components."""
    import spacy

    meta = nlp.meta
    parts = [
        CACHE_FORMAT,
        spacy.__version__,
        str(meta.get("lang")),
        str(meta.get("name")),
        str(meta.get("version")),
        ",".join(nlp.pipe_names),
    ]
    return "|".join(parts)


def _key(signature: str, text: str) -> str:
    return hashlib.blake2b(f"{signature}\0{text}".encode(), digest_size=16).hexdigest()


class ParseCache:
    """The stored parses of one manuscript's paragraphs."""

    def __init__(self, manuscript_path: str, directory: Path | None = None) -> None:
        self.directory = directory or cache_directory()
        name = hashlib.blake2b(
            os.path.abspath(manuscript_path).encode(), digest_size=12
        ).hexdigest()
        self.path = self.directory / f"{name}.spacy"
        self.hits = 0
        self.misses = 0

    def _load(self, nlp: Language) -> dict[str, Doc]:
        from spacy.tokens import DocBin

        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        try:
            stored = DocBin(store_user_data=True).from_bytes(data)
            docs = list(stored.get_docs(nlp.vocab))
        except Exception:  # a truncated or foreign file: parse afresh
            return {}
        return {doc.user_data.pop("storylint_key", None): doc for doc in docs}

    def _save(self, docs: list[Doc], keys: list[str]) -> None:
        from spacy.tokens import DocBin

        unique: dict[str, Doc] = {}
        for key, doc in zip(keys, docs, strict=True):
            unique.setdefault(key, doc)
        for key, doc in unique.items():
            doc.user_data["storylint_key"] = key
        stored = DocBin(store_user_data=True, docs=unique.values())
        temporary: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader (another process) never sees half a file;
            # the pid in the name lets a later run sweep it if this one is killed.
            handle, temporary = tempfile.mkstemp(
                dir=self.directory, prefix=f"tmp{os.getpid()}-", suffix=".tmp"
            )
            with os.fdopen(handle, "wb") as out:
                out.write(stored.to_bytes())
            os.replace(temporary, self.path)
            temporary = None
        except OSError:
            pass  # a read-only home or a full disk: the check itself still succeeds
        finally:
            if temporary is not None:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
            for doc in unique.values():
                doc.user_data.pop("storylint_key", None)

    def parse(self, texts: list[str], nlp: Language, parse: ParseFunction) -> list[Doc]:
        """Docs for `texts` in order: cached where the text is unchanged, parsed otherwise."""
        signature = pipeline_signature(nlp)
        keys = [_key(signature, text) for text in texts]
        sweep_stale_temporaries(self.directory)
        known = self._load(nlp)
        missing = [i for i, key in enumerate(keys) if key not in known]
        fresh = dict(zip(missing, parse([texts[i] for i in missing], nlp), strict=True))
        docs = [fresh[i] if i in fresh else known[key] for i, key in enumerate(keys)]
        self.hits = len(texts) - len(missing)
        self.misses = len(missing)
        if missing or len(known) != len(set(keys)):
            self._save(docs, keys)
        return docs
