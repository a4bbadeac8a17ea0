"""Pilot test: the entity browser shows a name's mentions over time as a sparkline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import open_entity_browser, ready, wait_until
from tui.app import BroadsheetApp
from tui.widgets import HitTimeline


def months_corpus(tmp_path: Path) -> Path:
    """Four articles naming Angela Merkel: two in January 2025, one in February, one in May."""
    corpus = tmp_path / "months"
    corpus.mkdir()
    for number, month in enumerate((1, 1, 2, 5)):
        (corpus / f"story-{number}.txt").write_text(
            f"Harbour Talks Resume\n\nBy Wire Staff\n\n{month}/10/2025\n\n"
            "Angela Merkel met harbour pilots in Hamburg on Tuesday to discuss the strike.\n",
            encoding="utf-8",
        )
    return corpus


async def test_the_browser_shows_a_names_mentions_per_month(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(months_corpus(tmp_path))
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        browser = await open_entity_browser(pilot)
        await pilot.press(*"merkel")
        await pilot.press("down")
        bars = browser.query_one("#browser-timeline", HitTimeline)
        await wait_until(pilot, lambda: bars.display and bars.data is not None)
        assert list(bars.data or []) == [2.0, 1.0, 0.0, 0.0, 1.0]
        status = str(browser.query_one("#browser-status").render())
        assert "Angela Merkel: mentions per month 2025-01 – 2025-05" in status


async def test_the_entity_panel_shows_the_highlighted_names_mentions_over_time(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    from tui.screens.entity_panel import EntityPanel

    app = app_factory(months_corpus(tmp_path))
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.opened is not None)
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
        panel = app.screen
        assert isinstance(panel, EntityPanel)
        bars = panel.query_one("#entity-timeline", HitTimeline)
        await wait_until(pilot, lambda: bars.display and bars.data is not None)
        assert list(bars.data or []) == [2.0, 1.0, 0.0, 0.0, 1.0]
        assert str(bars.tooltip) == "mentions in the corpus per month 2025-01 – 2025-05"
