"""The paragraphs budget holds for plain text and Markdown, checked before millions of blocks exist.

64 MB of "a" and a blank line is about 21 million paragraphs; the extracted formats
count paragraphs as they build them (TextBuilder), and plain text and Markdown must
refuse such a file the same way: one line naming it and the budget.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.errors import InputError
from storylint.ingest import limits, read_manuscript


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_too_many_paragraphs_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 5000)
    path = tmp_path / f"tiny{suffix}"
    path.write_text("She waited.\n\n" * 6000, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_manuscript(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "paragraphs" in message
    assert "[input.budgets]" in message


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_text_within_the_paragraphs_budget_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 5000)
    path = tmp_path / f"story{suffix}"
    path.write_text("She waited by the door.\n\n" * 4000, encoding="utf-8")
    manuscript = read_manuscript(path)
    assert manuscript.word_count == 5 * 4000
