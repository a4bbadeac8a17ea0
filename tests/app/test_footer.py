"""Pilot tests: the footer draws its keys again only when what they show changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets._footer import FooterKey

from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp
from tui.widgets import ReaderPane


def _shown_descriptions(app: BroadsheetApp) -> list[str]:
    """The descriptions of the keys the screen's bindings ask the footer to show."""
    return [
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show
    ]


async def test_the_footer_keeps_its_keys_until_what_they_show_changes(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.screen.refresh_bindings()  # the keys as they apply now (an article is listed)
        await pilot.pause()
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        assert {key.description for key in keys} - {"Palette"} == set(_shown_descriptions(app))
        # Asked again with nothing changed: the same key widgets stay.
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == keys
        # The reading pane has keys of its own: the footer follows the focus.
        await pilot.press("tab")
        await wait_until(pilot, lambda: isinstance(app.focused, ReaderPane))
        await wait_until(pilot, lambda: list(app.screen.query(FooterKey)) != keys)
        shown = [key.description for key in app.screen.query(FooterKey) if key.description]
        assert set(shown) - {"Palette"} == set(_shown_descriptions(app))
        assert set(shown) != {key.description for key in keys if key.description}


async def test_footer_keys_are_styled_as_textuals_own_footer_styles_them(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        keys = list(app.screen.query(FooterKey))
        # Bound keys follow the (not compact) footer; the palette's key is compact.
        assert [key.has_class("-compact") for key in keys] == [
            key.has_class("-command-palette") for key in keys
        ]
        assert [key.compact for key in keys] == [key.has_class("-compact") for key in keys]
