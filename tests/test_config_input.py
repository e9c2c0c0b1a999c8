"""The `[input]` table: how a manuscript is read, as a writer sets it in storylint.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylint.decisions.config import ConfigError, load_config
from storylint.ingest import limits
from storylint.ingest.settings import DEFAULT_SKIP_FILES, budget, use_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "storylint.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_input_settings_are_read_in_the_codes_units(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[input]\ntracked_changes = "Reject"\nskip_files = ["Plans", "draft-*"]\n'
            "[input.budgets]\nfile_mb = 2\nwords = 5000\n",
        )
    )
    assert config.input.tracked_changes == "reject"
    assert config.input.skip_files == ("plans", "draft-*")
    with use_settings(config.input):
        assert budget("file_mb") == 2 * limits.MB
        assert budget("words") == 5000
        assert budget("nesting_depth") == limits.MAX_NESTING_DEPTH
    assert budget("file_mb") == limits.MAX_TEXT_FILE_BYTES  # only while in force


def test_without_input_every_setting_has_its_default(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'min_severity = "info"\n'))
    assert config.input.tracked_changes == "accept"
    assert config.input.skip_files == DEFAULT_SKIP_FILES


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[input]\ntracked_changes = "maybe"\n', 'input.tracked_changes: expected "accept"'),
        ('[input]\nskip_files = "notes"\n', "input.skip_files: expected a list"),
        (
            "[input.budgets]\nwrods = 5\n",
            "input.budgets.wrods: is not a budget (did you mean 'words'?)",
        ),
        ("[input.budgets]\nwords = -1\n", "input.budgets.words: expected a positive number"),
        ("[input]\ntracked = 1\n", "input.tracked: is not an [input] setting"),
    ],
)
def test_a_mistyped_input_setting_is_one_line_naming_the_key(
    tmp_path: Path, text: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)
