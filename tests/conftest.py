"""Fixtures shared by every layer of the tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import BroadsheetApp
from tui.core.config import Config

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"
MARKDOWN_SEED = SEEDS / "000_40f09a8b1627295c.txt"
PLAIN_SEED = SEEDS / "004_817f069a33f82ac9.txt"


@pytest.fixture(autouse=True)
def isolated_user_dirs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Point every XDG folder at a fresh temporary folder, so tests never touch the user's.

    The cache folder holds the recognizer's name tables already, as a returning user's
    does, unless the test is marked `fresh_name_tables`.
    """
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    if request.node.get_closest_marker("fresh_name_tables") is None:
        from tests.helpers import seed_name_tables  # helpers import this module

        seed_name_tables(home / "xdg_cache_home")
    monkeypatch.delenv("BROADSHEET_INDEX_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    return home


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e drives the real program: mark it `e2e` for `-m` selection."""
    e2e = REPO / "tests" / "e2e"
    for item in items:
        if e2e in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., BroadsheetApp]:
    """Build the app the way the CLI does, with private index and state folders."""

    def build(corpus: Path, **options: object) -> BroadsheetApp:
        return BroadsheetApp(
            corpus,
            tmp_path / "index",
            config=Config(),
            state_path=tmp_path / "state" / "state.json",
            **options,  # type: ignore[arg-type]
        )

    return build
