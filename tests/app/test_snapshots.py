"""SVG snapshots of the screens a reader sees, on the sample corpus."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.helpers import article_shown, ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.screens import EntityBrowser, EntityPanel
from tui.widgets import ReaderPane

WIDE = (120, 36)
SMALL = (80, 24)


def steady_timing(app: BroadsheetApp) -> None:
    """Report a fixed search time so the status line is the same on every run."""
    search = app.library.search

    def fixed(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(search(*args, **kwargs), seconds=0.004)

    app.library.search = fixed  # type: ignore[method-assign]


async def settle(pilot: Pilot[None]) -> None:
    await ready(pilot)
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    steady_timing(app)
    app.clear_notifications()
    await pilot.pause()


def still(run_before: Callable[[Pilot[None]], Any]) -> Callable[[Pilot[None]], Any]:
    """`run_before`, then every text box's cursor held steady.

    A blinking cursor is drawn or not depending on when the picture is taken.
    """

    async def steps(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return steps


async def open_plain_article(pilot: Pilot[None]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, BroadsheetApp)
    await pilot.press("g", "j", "enter")
    await article_shown(pilot)
    await pilot.pause()


def test_main_screen_wide(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(settle))


def test_main_screen_80x24(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    assert snap_compare(app_factory(corpus), terminal_size=SMALL, run_before=still(settle))


def test_search_results(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, BroadsheetApp)
        await search_for(pilot, "iran ceasefire")

    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(run_before))


def test_article_with_entities_and_query_matches(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, BroadsheetApp)
        await search_for(pilot, "peskov")
        await pilot.press("enter", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: bool(pane.matches))
        await pilot.pause()

    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(run_before))


def test_article_80x24(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    assert snap_compare(
        app_factory(corpus), terminal_size=SMALL, run_before=still(open_plain_article)
    )


def test_entity_panel(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_plain_article(pilot)
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, EntityPanel))
        await pilot.pause()

    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(run_before))


def test_entity_browser(
    snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await wait_until(
            pilot,
            lambda: isinstance(pilot.app.screen, EntityBrowser) and bool(pilot.app.screen.entities),
        )
        await pilot.pause()

    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(run_before))


def test_help(snap_compare: Any, corpus: Path, app_factory: Callable[..., BroadsheetApp]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_factory(corpus), terminal_size=WIDE, run_before=still(run_before))
