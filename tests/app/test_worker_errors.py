"""Every background worker's failure is handled in one place: a notice, and the reader goes on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import wait_until
from tui.app import BroadsheetApp
from tui.core.library import Library
from tui.widgets import ArticleList


def failed_notices(app: BroadsheetApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_a_failing_index_update_is_reported_and_the_list_stays(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_update(self: Library, **_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Library, "update", broken_update)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.main_screen.indexed)
        await pilot.pause()
        notices = failed_notices(app)
        assert any("Indexing failed" in n and "disk on fire" in n for n in notices), notices
        assert "indexing failed" in app.sub_title
        assert app.is_running
        # What could be listed before the failure is still there to read.
        assert app.main_screen.query_one(ArticleList).entries


async def test_a_failing_search_is_reported_and_the_reader_goes_on(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.main_screen.indexed)

        def broken_search(self: Library, query: str, **_: object) -> None:
            raise OSError("index file vanished")

        monkeypatch.setattr(Library, "search", broken_search)
        await pilot.press("slash", *"peace")
        await wait_until(pilot, lambda: bool(failed_notices(app)))
        assert any("Search failed" in n and "index file vanished" in n for n in failed_notices(app))
        assert app.is_running
        await pilot.press("escape")
        await pilot.press("j")
        assert app.is_running
