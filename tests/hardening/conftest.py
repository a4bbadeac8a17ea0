"""Fixtures for the hardening tests: hostile corpora, big files made once, the CLI as a process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hardening.hostile import (
    HostileCorpus,
    build_hostile_corpus,
    build_huge_article,
    build_many_files,
)
from tests.helpers import seed_name_tables
from tests.other_users import python_for_other_users
from tui.core.index import ArticleIndex

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


def broadsheet(
    *args: str,
    home: Path,
    user: int | None = None,
    timeout: float = 120,
    input: str | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m tui ARGS` with private XDG folders under `home`; output kept as bytes.

    With `user`, the command runs as that uid and gid (root's rights dropped), so file
    permissions mean what they mean for an ordinary reader.
    """
    command = [sys.executable, "-m", "tui", *args]
    # Another user could not use the name tables root wrote, nor write beside them.
    env = cli_env(home, name_tables=user is None)
    if user is not None:
        # The checkout may sit in a folder the other user cannot enter: run from a copy.
        prefix, extra = python_for_other_users()
        env.update(extra)
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
        command += [*prefix, *args]
    return subprocess.run(
        command,
        cwd=home,
        env=env,
        capture_output=True,
        timeout=timeout,
        check=False,
        input=input.encode() if input is not None else None,
    )


def cli_env(home: Path, *, name_tables: bool = True) -> dict[str, str]:
    """The environment for a broadsheet subprocess: this checkout, XDG folders in `home`
    (the cache holding the recognizer's name tables, unless told otherwise)."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("BROADSHEET_INDEX_DIR", None)
    if name_tables:
        seed_name_tables(home / "cache")
    return environment


def search_ids(index: ArticleIndex, query: str) -> list[str]:
    """The ids of every hit of a query, in rank order."""
    return [hit.id for hit in index.search(query, limit=100_000, snippets=0).hits]


def json_lines(output: bytes) -> list[dict[str, object]]:
    """Parse JSON lines printed by `broadsheet search --json`."""
    return [json.loads(line) for line in output.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A temporary folder every user may enter (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-hardening-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def hostile(tmp_path: Path) -> HostileCorpus:
    """A fresh hostile corpus in the test's folder."""
    return build_hostile_corpus(tmp_path / "corpus", outside=tmp_path / "outside")


@dataclass(frozen=True)
class HugeCorpus:
    """A corpus holding one 50 MB article, and its index (built once per session)."""

    root: Path
    index_dir: Path
    word: str
    article_id: str = "huge.txt"


@pytest.fixture(scope="session")
def huge_corpus(tmp_path_factory: pytest.TempPathFactory) -> HugeCorpus:
    """A 50 MB article, written and indexed once per test session."""
    folder = tmp_path_factory.mktemp("huge")
    root = folder / "corpus"
    word = build_huge_article(root / "huge.txt")
    index_dir = folder / "index"
    # Without entities: recognising 50 MB would double the cost of the fixture, and the
    # reader recognises the part it shows when the index has none.
    with ArticleIndex.open(root, index_dir, entities="none") as index:
        index.update()
    return HugeCorpus(root, index_dir, word)


@dataclass(frozen=True)
class ManyFiles:
    """A corpus with 10,000 articles in one folder."""

    root: Path
    words: dict[str, str]
    """Article id → the word only it holds."""


@pytest.fixture(scope="session")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> ManyFiles:
    """10,000 small articles in one folder, written once per test session."""
    root = tmp_path_factory.mktemp("many") / "corpus"
    words = build_many_files(root / "one-folder")
    return ManyFiles(root, {f"one-folder/{name}": word for name, word in words.items()})
