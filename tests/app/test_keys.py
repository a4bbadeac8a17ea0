"""Pilot tests: every key of the reader does what the help says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import (
    LONG_ARTICLE,
    answered,
    make_corpus,
    open_entity_browser,
    ready,
    wait_until,
)
from tui.app import BroadsheetApp
from tui.screens import EntityPanel, HelpScreen, RelatedScreen, SkippedScreen
from tui.widgets import ArticleList, ReaderPane, SearchBox

MARKDOWN_TITLE = "Putin Says Ready to Help Peace Efforts in Call With Iran President"
SIZE = (130, 40)


def ids(app: BroadsheetApp) -> list[str]:
    return [e.id for e in app.main_screen.query_one(ArticleList).entries]


def cursor(app: BroadsheetApp) -> str | None:
    return app.main_screen.query_one(ArticleList).highlighted_id


def reader(app: BroadsheetApp) -> ReaderPane:
    return app.main_screen.query_one(ReaderPane)


async def open_first(pilot, app: BroadsheetApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("g", "enter")
    await wait_until(pilot, lambda: reader(app).article is not None)


async def test_list_shows_seed_titles_newest_first(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [e.title for e in app.main_screen.query_one(ArticleList).entries]
        assert titles[0] == MARKDOWN_TITLE
        assert titles[1].startswith("The Kremlin said Tuesday")
        assert "2 articles" in app.sub_title


async def test_j_k_and_arrows_move_the_cursor(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second = ids(app)
        await pilot.press("g")
        assert cursor(app) == first
        await pilot.press("j")
        assert cursor(app) == second
        await pilot.press("k")
        assert cursor(app) == first
        await pilot.press("down")
        assert cursor(app) == second
        await pilot.press("up")
        assert cursor(app) == first
        await pilot.press("G")
        assert cursor(app) == second


async def test_enter_and_l_open_the_article(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        article = reader(app).article
        assert article is not None and article.title == MARKDOWN_TITLE
        assert app.focused is reader(app)
        await pilot.press("escape", "j", "l")
        await wait_until(
            pilot, lambda: reader(app).article is not None and reader(app).article.id == ids(app)[1]
        )  # type: ignore[union-attr]


async def test_h_and_escape_go_back_to_the_list(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        await pilot.press("h")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.focused is reader(app))
        await pilot.press("escape")
        assert isinstance(app.focused, ArticleList)


async def test_tab_switches_panes(corpus: Path, app_factory: Callable[..., BroadsheetApp]) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert app.focused is reader(app)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)


async def test_paging_keys_scroll_the_article(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = make_corpus(tmp_path / "c", ("long.txt", LONG_ARTICLE))
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("g")
        while cursor(app) != "long.txt":
            await pilot.press("j")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: reader(app).article is not None and reader(app).max_scroll_y > 0
        )
        pane = reader(app)
        await pilot.press("space")
        await pilot.pause()
        after_space = pane.scroll_y
        assert after_space > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > after_space
        await pilot.press("b")
        await pilot.pause()
        assert pane.scroll_y == after_space
        await pilot.press("G")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_bookmark_and_read_marks_toggle(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("g")
        first = cursor(app)
        await pilot.press("B")
        assert first in app.state.bookmarks
        await pilot.press("B")
        assert first not in app.state.bookmarks
        await pilot.press("m")
        assert first in app.state.read
        await pilot.press("m")
        assert first not in app.state.read


async def test_opening_marks_read(corpus: Path, app_factory: Callable[..., BroadsheetApp]) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        assert ids(app)[0] in app.state.read


async def test_s_cycles_the_sort(corpus: Path, app_factory: Callable[..., BroadsheetApp]) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.main_screen.sort == "date"
        await pilot.press("s")
        assert app.main_screen.sort == "title"
        titles = [e.title for e in app.main_screen.query_one(ArticleList).entries]
        assert titles == sorted(titles, key=str.casefold)
        await pilot.press("s")
        assert app.main_screen.sort == "source"
        await pilot.press("s")
        assert app.main_screen.sort == "date"
        assert app.state.sort == "date"


async def test_y_copies_title_and_url(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        await pilot.press("y")
        assert app.clipboard.startswith(MARKDOWN_TITLE + "\nhttps://www.themoscowtimes.com/")


async def test_e_toggles_entity_highlighting(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        assert reader(app).show_entities and reader(app).entities
        await pilot.press("e")
        assert not reader(app).show_entities and not app.state.entities_on
        await pilot.press("e")
        assert reader(app).show_entities and app.state.entities_on


async def test_E_opens_the_entity_panel_and_enter_steps_through_mentions(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
        panel = app.screen
        assert isinstance(panel, EntityPanel)
        assert "person" in panel.groups and any(
            i.name == "Vladimir Putin" for i in panel.groups["person"]
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, EntityPanel))
        pane = reader(app)
        assert pane.matches and pane.current_match == 0
        body = pane.article.body  # type: ignore[union-attr]
        start, end = pane.matches[0]
        first_person = panel.groups["person"][0].name
        assert first_person.endswith(body[start:end]) or body[start:end] in first_person


async def test_f_in_the_entity_panel_searches_the_corpus(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, EntityPanel))
        await pilot.press("f")
        await answered(pilot)
        assert app.main_screen.search_text.startswith("person:")
        assert app.main_screen.results is not None and app.main_screen.results.total >= 1


async def test_o_shows_related_articles(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, app)
        await pilot.press("o")
        await wait_until(
            pilot, lambda: isinstance(app.screen, RelatedScreen) and bool(app.screen.hits)
        )
        screen = app.screen
        assert isinstance(screen, RelatedScreen)
        assert [h.id for h in screen.hits] == [ids(app)[1]]
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: reader(app).article is not None and reader(app).article.id == ids(app)[1]
        )  # type: ignore[union-attr]


async def test_question_mark_shows_help_and_escape_closes_it(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_p_opens_the_entity_browser_and_enter_lists_articles(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        browser = await open_entity_browser(pilot)
        await pilot.press(*"peskov")
        await wait_until(pilot, lambda: len(browser.shown) >= 1)
        assert all("peskov" in e.key for e in browser.shown)
        await pilot.press("enter")
        await answered(pilot, 'person:"dmitry peskov"')
        assert [h.id for h in app.main_screen.results.hits] == ["004_817f069a33f82ac9.txt"]  # type: ignore[union-attr]


async def test_S_lists_skipped_files_with_reasons(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = make_corpus(tmp_path / "c", ("empty.txt", ""))
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("S")
        assert isinstance(app.screen, SkippedScreen)
        text = str(app.screen.query_one("OptionList").get_option_at_index(0).prompt)
        assert "empty.txt" in text and "empty file" in text


async def test_ctrl_p_palette_offers_the_reader_actions(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = [command.title for command in app.get_system_commands(app.main_screen)]
        for expected in ("Search", "Bookmark", "Sort", "Help", "People & places"):
            assert expected in titles
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "CommandPalette")


async def test_q_quits(corpus: Path, app_factory: Callable[..., BroadsheetApp]) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_slash_focuses_the_search_box(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
