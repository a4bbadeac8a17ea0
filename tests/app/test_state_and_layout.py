"""Pilot tests: state that lasts, narrow terminals, and article text that stays inert."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.helpers import HOSTILE_ARTICLE, article_shown, make_corpus, ready, wait_until
from tui.app import BroadsheetApp
from tui.widgets import ArticleList, ReaderPane


async def test_bookmarks_read_marks_and_last_article_survive_a_restart(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g", "j", "B", "enter")
        await article_shown(pilot)
        await pilot.press("e", "q")
    second = app_factory(corpus)
    async with second.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await article_shown(pilot)
        opened = second.main_screen.query_one(ReaderPane).article
        assert opened is not None and opened.id == "004_817f069a33f82ac9.txt"
        assert second.state.bookmarks == {"004_817f069a33f82ac9.txt"}
        assert "004_817f069a33f82ac9.txt" in second.state.read
        assert second.state.entities_on is False


async def test_damaged_state_file_is_reported_and_backup_used(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], tmp_path: Path
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g", "B", "j", "B")
    state = tmp_path / "state" / "state.json"
    state.write_text("{not json")
    second = app_factory(corpus)
    async with second.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        messages = [n.message for n in second._notifications]
        assert any("damaged" in m for m in messages)
        assert "000_40f09a8b1627295c.txt" in second.state.bookmarks


async def test_narrow_terminal_shows_one_pane_at_a_time(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.main_screen
        assert screen.has_class("narrow")
        articles = screen.query_one(ArticleList)
        pane = screen.query_one(ReaderPane)
        assert articles.display and articles.region.width > 0 and pane.region.width == 0
        await pilot.press("g", "enter")
        await wait_until(pilot, lambda: pane.article is not None)
        await pilot.pause()
        assert pane.region.width > 0 and articles.region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert articles.region.width > 0 and pane.region.width == 0


async def test_markup_and_escapes_in_articles_are_shown_not_obeyed(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = make_corpus(tmp_path / "c", ("hostile.txt", HOSTILE_ARTICLE))
    app = app_factory(corpus)
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        entries = app.main_screen.query_one(ArticleList).entries
        hostile = next(e for e in entries if e.id == "hostile.txt")
        assert hostile.title.startswith("[bold]Loud[/]")
        await pilot.press("g")
        while app.main_screen.query_one(ArticleList).highlighted_id != "hostile.txt":
            await pilot.press("j")
        await pilot.press("enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(
            pilot, lambda: pane.article is not None and pane.article.id == "hostile.txt"
        )
        await pilot.pause()
        title = str(pane.query_one("#reader-title").render())
        assert "[bold]Loud[/] ␛[2J Title [@click=app.quit]quit[/]" in title
        body = str(pane.query_one("#p0").render())
        assert "[@click=app.quit]a click[/]" in body and "␛]52;c;" in body
        assert "\u202e" not in body
        meta = str(pane.query_one("#reader-meta").render())
        assert "[link=file:///etc/passwd]Evil[/link]" in meta
        assert app.is_running


WIDE_TEXT = (
    "東京で会談 🇯🇵 Leaders Meet in Tokyo 👋🏽\n\n"
    "首相は月曜日に記者団に語った。"
    * 20
    + "\n\n"
    + "Unbroken" * 400
    + "\n\nAfter the long word, the article goes on as usual.\n"
)


async def test_wide_characters_and_unbroken_words_stay_inside_the_panes(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    corpus = make_corpus(tmp_path / "c", ("wide.txt", WIDE_TEXT))
    app = app_factory(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        articles = app.main_screen.query_one(ArticleList)
        assert articles.max_scroll_x == 0
        while articles.highlighted_id != "wide.txt":
            await pilot.press("j")
        await pilot.press("enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None and pane.article.id == "wide.txt")
        await pilot.pause()
        assert pane.max_scroll_x == 0
        for widget in pane.query("Paragraph"):
            assert widget.region.right <= 80
        title = str(pane.query_one("#reader-title").render())
        assert title.startswith("東京で会談 🇯🇵 Leaders Meet in Tokyo")


async def read_many_articles(pilot: Pilot[None], app: BroadsheetApp) -> None:
    """Open and leave articles twelve times, as a reader working through a list does."""
    await ready(pilot)
    for _ in range(6):
        await pilot.press("g", "enter")
        await article_shown(pilot)
        await pilot.press("escape", "j", "enter", "escape")
        await pilot.pause()


async def test_reading_many_articles_keeps_no_footer_keys_or_renders_of_removed_widgets(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    import gc

    from textual._styles_cache import StylesCache
    from textual.widget import Widget
    from textual.widgets._footer import FooterKey

    app = app_factory(corpus)
    async with app.run_test(size=(130, 40)) as pilot:
        await read_many_articles(pilot, app)
        gc.collect()
        live = sum(isinstance(o, FooterKey) for o in gc.get_objects())
        shown = len(app.main_screen.query(FooterKey))
        assert live <= shown + 40, f"{live} FooterKey objects alive for {shown} on screen"
        # One render cache per widget (and a few for the app's own compositor passes).
        caches = sum(isinstance(o, StylesCache) for o in gc.get_objects())
        widgets = sum(isinstance(o, Widget) for o in gc.get_objects())
        assert caches <= widgets + 10, f"{caches} render caches kept for {widgets} widgets"
