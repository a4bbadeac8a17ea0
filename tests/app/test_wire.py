"""Pilot tests: over SSH the app does not animate (each frame would be bytes on the wire)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.helpers import LONG_ARTICLE, make_corpus, ready, wait_until
from tui.app import BroadsheetApp
from tui.core.config import Config
from tui.widgets import ArticleList, ReaderPane, SearchBox

SIZE = (120, 40)


async def _scroll_positions_of_a_page_down(pilot: Pilot[None], app: BroadsheetApp) -> list[float]:
    """Every scroll position the reading pane passes through on one page down."""
    await ready(pilot)
    articles = app.main_screen.query_one(ArticleList)
    articles.select("long.txt")
    await pilot.press("enter")
    pane = app.main_screen.query_one(ReaderPane)
    await wait_until(pilot, lambda: pane.article is not None and pane.max_scroll_y > 0)
    positions: list[float] = []
    pane.watch(pane, "scroll_y", lambda y: positions.append(y), init=False)
    await pilot.press("space")
    await wait_until(pilot, lambda: not app.animator.is_being_animated(pane, "scroll_y"))
    await pilot.pause(0.3)
    return positions


@pytest.mark.parametrize("variable", ["SSH_CONNECTION", "SSH_TTY"])
async def test_a_page_down_over_ssh_jumps_in_one_step(
    tmp_path: Path,
    app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    monkeypatch.setenv(variable, "127.0.0.1 50000 127.0.0.1 22")
    app = app_factory(make_corpus(tmp_path / "c", ("long.txt", LONG_ARTICLE)))
    assert app.animation_level == "none"
    async with app.run_test(size=SIZE) as pilot:
        positions = await _scroll_positions_of_a_page_down(pilot, app)
    assert len(positions) == 1 and positions[0] > 0


async def test_the_config_can_ask_for_smooth_scrolling_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    app = BroadsheetApp(
        make_corpus(tmp_path / "c", ("long.txt", LONG_ARTICLE)),
        tmp_path / "index",
        config=Config(animations="full"),
        state_path=tmp_path / "state.json",
    )
    assert app.animation_level == "full"
    async with app.run_test(size=SIZE) as pilot:
        positions = await _scroll_positions_of_a_page_down(pilot, app)
    assert len(positions) > 1, "a smooth scroll passes through positions on its way"


async def test_the_search_cursor_does_not_blink_over_ssh(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 50000 127.0.0.1 22")
    app = app_factory(make_corpus(tmp_path / "c"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert app.main_screen.query_one(SearchBox).cursor_blink is False
