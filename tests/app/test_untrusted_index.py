"""The reader on an index folder others could write: articles read, search unavailable, why."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

from tests.helpers import Planted, plant_table_of_contents, ready, wait_until
from tui.app import BroadsheetApp
from tui.core.index import ArticleIndex
from tui.widgets import ArticleList, ReaderPane
from tui.widgets.search_box import SearchStatus


async def test_the_reader_opens_articles_and_says_why_search_is_unavailable(
    corpus: Path, tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    folder = tmp_path / "index"
    ArticleIndex.open(corpus, folder).update()
    marker = tmp_path / "pwned"
    plant_table_of_contents(folder, marker)
    (folder / "manifest.pickle").write_bytes(pickle.dumps(Planted(marker)))
    os.chmod(folder, 0o777)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        notices = " ".join(str(notification.message) for notification in app._notifications)
        assert f"Search unavailable: not loading {folder}" in notices
        assert f"`chmod 700 {folder}`" in notices
        articles = app.main_screen.query_one(ArticleList)
        assert len(articles.entries) == len([p for p in corpus.iterdir() if p.is_file()])
        await pilot.press("g", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None)
        await pilot.press("slash", *"oil")
        status = app.main_screen.query_one(SearchStatus)
        await wait_until(pilot, lambda: "Search unavailable" in str(status.render()))
        assert "writable by others" in str(status.render())
        assert app.is_running
    assert not marker.exists()
