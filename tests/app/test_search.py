"""Pilot tests: searching while reading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.widgets import ArticleList, ReaderPane, SearchBox, SearchStatus

SIZE = (130, 40)
PLAIN_ID = "004_817f069a33f82ac9.txt"
MARKDOWN_ID = "000_40f09a8b1627295c.txt"


def status(app: BroadsheetApp) -> str:
    return str(app.main_screen.query_one(SearchStatus).render())


def listed(app: BroadsheetApp) -> list[str]:
    return [e.id for e in app.main_screen.query_one(ArticleList).entries]


async def test_typing_filters_the_list_with_snippets_count_and_time(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "ceasefire")
        assert listed(app) == [PLAIN_ID]
        entry = app.main_screen.query_one(ArticleList).entries[0]
        assert entry.snippet and entry.snippet_matches
        start, end = entry.snippet_matches[0]
        assert entry.snippet[start:end].lower().startswith("ceasefire")
        assert "1 hit in" in status(app) and "ms" in status(app)


async def test_enter_and_down_move_from_the_box_into_results(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "kremlin")
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("slash", "down")
        assert isinstance(app.focused, ArticleList)


async def test_open_article_stays_open_and_gets_query_highlights(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("g", "j", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None)
        opened = pane.article
        await search_for(pilot, "peskov")
        await wait_until(pilot, lambda: bool(pane.matches))
        assert pane.article is opened
        assert all(opened.body[s:e].lower() == "peskov" for s, e in pane.matches)  # type: ignore[union-attr]
        assert len(pane.matches) == 4


async def test_n_and_N_step_through_matches_with_a_count(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "peskov")
        await pilot.press("enter", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: len(pane.matches) == 4)
        await pilot.press("n")
        assert pane.current_match == 0
        await pilot.press("n", "n")
        assert pane.current_match == 2
        await pilot.press("N")
        assert pane.current_match == 1
        await pilot.pause()
        # The count is in the pane's status line, not a notice over the text.
        assert pane.status_text.startswith("match 2 of 4")
        assert not any("match" in n.message for n in app._notifications)
        await pilot.press("N", "N")
        assert pane.current_match == 3  # wraps around


async def test_query_terms_and_entities_are_styled_differently(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "peskov")
        await pilot.press("enter", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: bool(pane.matches))
        paragraph = pane.query_one("#p1")
        content = paragraph.visual  # the Content shown
        styles = {str(span.style) for span in content.spans}  # type: ignore[union-attr]
        assert "reverse" in styles
        assert any("$text-accent" in s for s in styles)


async def test_escape_clears_the_search_and_restores_the_list_and_selection(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("g", "j")
        selected = app.main_screen.query_one(ArticleList).highlighted_id
        await search_for(pilot, "iran")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.main_screen.search_text == "")
        await pilot.pause()
        assert listed(app) == [MARKDOWN_ID, PLAIN_ID]
        assert app.main_screen.query_one(ArticleList).highlighted_id == selected
        assert app.main_screen.query_one(SearchBox).value == ""


async def test_malformed_query_shows_what_is_wrong_inline(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, '"strait of')
        await wait_until(pilot, lambda: "⚠" in status(app))
        assert "quote" in status(app).lower()


async def test_did_you_mean_appears_when_a_query_finds_nothing(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "kremlim")
        await wait_until(pilot, lambda: "did you mean" in status(app))
        assert "kremlin" in status(app).lower()
        await pilot.press("escape")
        await search_for(pilot, "the")  # a stop word: the status says why nothing matched
        await wait_until(pilot, lambda: "too common to search for: 'the'" in status(app))
        assert status(app).startswith("0 hits")


async def test_s_while_searching_cycles_relevance_date_title_source(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "iran")
        assert app.main_screen.sort == "relevance"
        await pilot.press("enter")
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append(app.main_screen.sort)
        assert seen == ["date", "title", "source", "relevance"]
