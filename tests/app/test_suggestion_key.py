"""Pilot tests: Tab in the search box takes the "did you mean" suggestion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import answered, ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.widgets import ArticleList, SearchBox, SearchStatus

SIZE = (130, 40)


def status(app: BroadsheetApp) -> str:
    return str(app.main_screen.query_one(SearchStatus).render())


async def test_tab_takes_the_suggestion_and_searches_for_it(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # Two letters swapped: nothing found, a suggestion offered.
        await search_for(pilot, "kremiln")
        assert app.main_screen.results is not None and app.main_screen.results.total == 0
        await wait_until(pilot, lambda: "did you mean: kremlin (Tab)" in status(app))
        box = app.main_screen.query_one(SearchBox)
        assert box.has_focus
        await pilot.press("tab")
        assert box.value == "kremlin"
        assert box.has_focus and not app.main_screen.reading_pane
        await answered(pilot, "kremlin")
        assert app.main_screen.results is not None and app.main_screen.results.total > 0
        assert app.main_screen.query_one(ArticleList).entries
        assert "did you mean" not in status(app)
        # With no suggestion left, Tab goes back to switching panes.
        await pilot.press("tab")
        assert not box.has_focus


async def test_tab_without_a_suggestion_switches_panes(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "kremlin")
        box = app.main_screen.query_one(SearchBox)
        assert box.has_focus and box.suggestion is None
        await pilot.press("tab")
        assert box.value == "kremlin"
        assert app.main_screen.focused is app.main_screen.query_one(ArticleList)


async def test_typing_on_drops_a_suggestion_made_for_the_old_query(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "kremiln")
        box = app.main_screen.query_one(SearchBox)
        await wait_until(pilot, lambda: box.suggestion == "kremlin")
        await pilot.press("space")
        await pilot.pause()  # the box's Changed message is handled after the key
        # The old query's suggestion goes at once (on a busy machine the new query may be
        # answered by now, with a suggestion of its own).
        screen = app.main_screen
        if screen.answered != "kremiln ":
            assert box.suggestion is None
        await pilot.press(*"iran")
        await answered(pilot, "kremiln iran")
        # The new query's own suggestion, not the old one's, is offered and taken.
        assert box.suggestion == "kremlin iran"
        await pilot.press("tab")
        assert box.value == "kremlin iran"
