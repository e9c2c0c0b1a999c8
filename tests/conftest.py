"""Shared test fixtures. spaCy loads once per test process (it takes ~0.5 s)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never write a parse cache into the home directory; the cache's own tests
# turn it on with a temporary directory.
os.environ["STORYLINT_CACHE"] = "off"

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def nlp():
    from storylint.nlp.parse import load_nlp

    return load_nlp()
