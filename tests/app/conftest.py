"""Fixtures for driving the real app with Pilot, on a real index in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The sample corpus, copied."""
    return make_corpus(tmp_path / "corpus")
