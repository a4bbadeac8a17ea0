"""Where articles come from, as a user sees it: the reader's header and the sources list."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SHARED_DATA
from tests.helpers import answered, make_corpus, ready, wait_until
from tui.app import BroadsheetApp
from tui.core.index import ArticleSummary
from tui.core.sources import SourceCount, count_sources, source_query
from tui.screens.sources import SourcesScreen
from tui.widgets import ArticleList, ReaderPane

SIZE = (130, 40)


def mixed_corpus(tmp_path: Path) -> Path:
    corpus = make_corpus(tmp_path / "c")
    shutil.copy(SHARED_DATA / "feeds" / "photojournalism" / "quanta.xml", corpus)
    shutil.copy(SHARED_DATA / "html" / "trafilatura" / "dw.com.colonial.html", corpus)
    return corpus


def test_sources_are_counted_by_name_and_kind() -> None:
    def summary(name: str, source: str | None) -> ArticleSummary:
        return ArticleSummary(name, Path(name.split("#")[0]), "t", source=source)

    summaries = [
        summary("f.xml#1", "Quanta"),
        summary("f.xml#2", "Quanta"),
        summary("a.html.gz", "DW"),
        summary("c.warc.gz#1", "DW"),
        summary("n.txt", None),
    ]
    assert count_sources(summaries) == [
        SourceCount("Quanta", "feed", 2),
        SourceCount("DW", "archive", 1),
        SourceCount("DW", "site", 1),
    ]
    assert source_query(SourceCount('Say "hi"', "feed", 1)) == 'source:"Say  hi "'


async def test_f_lists_sources_and_choosing_one_filters_the_list(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(mixed_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await wait_until(
            pilot, lambda: isinstance(app.screen, SourcesScreen) and bool(app.screen.sources)
        )
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        assert SourceCount("Quanta Magazine", "feed", 5) in screen.sources
        assert any(s.kind == "site" and s.count == 1 for s in screen.sources)
        await pilot.press(*"quanta")
        await wait_until(pilot, lambda: len(screen.shown) == 1)
        await pilot.press("enter")
        await answered(pilot, 'source:"Quanta Magazine"')
        listed = app.main_screen.query_one(ArticleList).entries
        assert len(listed) == 5 and all(e.id.startswith("quanta.xml#") for e in listed)


async def test_the_reader_header_names_the_kind_and_the_feed(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(mixed_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *'source:"Quanta Magazine"')
        await answered(pilot, 'source:"Quanta Magazine"')
        await pilot.press("tab", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None)
        await pilot.pause()
        meta = str(pane.query_one("#reader-meta").render())
        assert "Quanta Magazine" in meta and "feed item" in meta


async def test_a_summary_only_feed_item_says_so_in_its_list_row(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = make_corpus(tmp_path / "c")
    (corpus / "brief.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Brief News</title><link>https://b.example/</link>"
        "<item><guid>https://b.example/1</guid><title>Only a teaser here</title>"
        "<link>https://b.example/1</link><description>Just the summary.</description>"
        "<pubDate>Mon, 06 Nov 2023 10:00:00 GMT</pubDate></item></channel></rss>",
        encoding="utf-8",
    )
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        listing = app.main_screen.query_one(ArticleList)
        row = next(i for i, e in enumerate(listing.entries) if e.title == "Only a teaser here")
        await wait_until(pilot, lambda: listing.size.height > 0)
        listing.highlighted = row
        await pilot.pause()
        top = round(listing.scroll_y)
        lines = [listing.render_line(y).text for y in range(listing.size.height)]
        meta = lines[row * 2 + 1 - top]
        assert "summary only" in meta and "Brief News" in meta
