"""Fixtures for driving the real app with Pilot, on a real index in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import make_corpus
from tui.core.index import ArticleIndex


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus's index, built once per session (and per test worker)."""
    root = tmp_path_factory.mktemp("seed-index")
    corpus = make_corpus(root / "corpus")
    with ArticleIndex.open(corpus, root / "index") as index:
        index.update()
    return root / "index"


@pytest.fixture
def corpus(tmp_path: Path, seed_index: Path) -> Path:
    """The sample corpus, copied, with a copy of its built index where `app_factory` looks.

    The copies keep the files' times, so the app finds its index up to date and the test
    starts at once; a test that changes the corpus first sees the change indexed as usual.
    """
    shutil.copytree(seed_index, tmp_path / "index")
    return make_corpus(tmp_path / "corpus")
