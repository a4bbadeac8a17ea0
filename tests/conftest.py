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


SHARED_BUILDS = frozenset({"huge_corpus", "many_files"})
"""Session fixtures that take seconds to build: the tests using one share a test process."""

LAYERS = ("e2e", "hardening", "app", "cli", "bench", "core")
"""Test folders in the order they start: the long end-to-end chain and the slow hardening
tests first, the many quick unit tests last to fill in behind them."""


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything under tests/e2e `e2e` (for `-m`), group tests that share a built
    fixture onto one xdist worker (with `--dist loadgroup`), and start the slow layers first.

    The end-to-end tests are one group, so that under xdist they run one at a time on one
    worker, as they time what a real terminal shows (`make test` still runs them on their
    own after the rest). A test using a module-scoped
    fixture runs beside the other tests of its module, so the fixture is built once rather
    than once per worker; likewise the costly session fixtures in `SHARED_BUILDS`.
    """
    tests = REPO / "tests"
    e2e = tests / "e2e"
    for item in items:
        if e2e in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))
        elif group := _shared_build(item):
            item.add_marker(pytest.mark.xdist_group(group))

    def layer(item: pytest.Item) -> int:
        folder = item.path.relative_to(tests).parts[0] if tests in item.path.parents else ""
        return LAYERS.index(folder) if folder in LAYERS else len(LAYERS)

    items.sort(key=layer)  # stable: the order within a layer stays as collected


def _shared_build(item: pytest.Item) -> str | None:
    """The group of a test that uses a fixture built once for its module or session."""
    info = getattr(item, "_fixtureinfo", None)  # pytest's own record of the fixtures used
    if info is None:
        return None
    for name, definitions in info.name2fixturedefs.items():
        if name in SHARED_BUILDS:
            return name
        if definitions and definitions[-1].scope == "module":
            return item.path.relative_to(REPO).as_posix()
    return None


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
