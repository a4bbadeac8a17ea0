"""Pilot tests: one story once in the list, its copies on a key, read together, D for all."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.helpers import answered, ready, search_for, wait_until, write_copies_corpus
from tui.app import BroadsheetApp
from tui.core.index import ArticleIndex
from tui.screens.copies import CopiesScreen
from tui.widgets import ArticleList, SearchStatus

SIZE = (130, 40)
STORY_A = {"tax-a.json", "tax-a-exact.json", "tax-a-wire.json"}
STORY_B = {"tax-b.json", "tax-b-edited.json"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted corpus with its index built once (copied, times kept, for each test)."""
    root = tmp_path_factory.mktemp("copies")
    with ArticleIndex.open(write_copies_corpus(root / "corpus"), root / "index") as index:
        index.update()
    return root


@pytest.fixture()
def corpus(planted: Path, tmp_path: Path) -> Path:
    shutil.copytree(planted / "index", tmp_path / "index")
    return Path(shutil.copytree(planted / "corpus", tmp_path / "corpus"))


def listed(app: BroadsheetApp) -> list[str]:
    return [e.id for e in app.main_screen.query_one(ArticleList).entries]


def select_shown_copy(app: BroadsheetApp, story: set[str]) -> str:
    """Put the list's cursor on the one copy of `story` the list shows; its id."""
    (shown,) = story & set(listed(app))
    app.main_screen.query_one(ArticleList).select(shown)
    return shown


async def grouped(app: BroadsheetApp, pilot: object) -> None:
    """Wait until the list shows each story once."""
    await wait_until(pilot, lambda: len(listed(app)) == 6)  # type: ignore[arg-type]


def row_text(app: BroadsheetApp, article_id: str) -> str:
    articles = app.main_screen.query_one(ArticleList)
    index = listed(app).index(article_id)
    articles.select(article_id)
    strips = articles._render_entry(index, False, 100)
    return "".join(segment.text for strip in strips for segment in strip)


async def test_a_story_is_listed_once_with_a_mark_counting_its_copies(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await grouped(app, pilot)
        shown = listed(app)
        assert len(STORY_A & set(shown)) == 1 and len(STORY_B & set(shown)) == 1
        (first_a,) = STORY_A & set(shown)
        (first_b,) = STORY_B & set(shown)
        assert "+2" in row_text(app, first_a)
        assert "+1" in row_text(app, first_b)
        assert "+" not in row_text(app, "tax-c.json")


async def test_the_copies_key_lists_the_other_copies_and_opens_one(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await grouped(app, pilot)
        first_a = select_shown_copy(app, STORY_A)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CopiesScreen))
        options = app.screen.query_one(OptionList)
        ids = {options.get_option_at_index(i).id for i in range(options.option_count)}
        assert ids == STORY_A
        chosen = options.get_option_at_index(options.highlighted or 0).id
        assert chosen != first_a
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                app.main_screen.opened is not None and app.main_screen.opened.article.id == chosen
            ),
        )
        # A story without copies has nothing to show.
        app.main_screen.query_one(ArticleList).select("tax-c.json")
        await pilot.press("escape")
        assert app.main_screen.check_action("copies", ()) is None


async def test_opening_a_story_marks_every_copy_read_and_unread_together(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await grouped(app, pilot)
        select_shown_copy(app, STORY_B)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main_screen.reading.state.read >= STORY_B)
        await pilot.press("escape", "m")
        await wait_until(pilot, lambda: not STORY_B & app.main_screen.reading.state.read)
        # Marking the list read marks the copies it does not show.
        await pilot.press("A")
        await wait_until(pilot, lambda: app.main_screen.reading.state.read >= STORY_A)


async def test_search_counts_stories_and_d_shows_every_copy(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await grouped(app, pilot)
        await search_for(pilot, "tax")
        status = app.main_screen.query_one(SearchStatus)
        await wait_until(pilot, lambda: "more copies (D shows)" in str(status.render()))
        collapsed = listed(app)
        assert len(STORY_A & set(collapsed)) == 1
        assert str(status.render()).startswith(f"{len(collapsed)} hits")
        await pilot.press("enter", "D")
        await wait_until(pilot, lambda: set(listed(app)) >= STORY_A)
        assert len(listed(app)) == len(collapsed) + 3
        assert "every copy shown" in str(status.render())
        await answered(pilot)
        # The full list too.
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: len(listed(app)) == 9)
        await pilot.press("D")
        await wait_until(pilot, lambda: len(listed(app)) == 6)


async def test_a_copy_arriving_while_open_joins_its_story_in_the_list(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await grouped(app, pilot)
        shutil.copy(corpus / "tax-c.json", corpus / "tax-c-again.json")
        await wait_until(
            pilot,
            lambda: app.main_screen.copies.of("tax-c.json") == ("tax-c-again.json", "tax-c.json"),
        )
        await wait_until(pilot, lambda: len(listed(app)) == 6)
        (shown,) = {"tax-c.json", "tax-c-again.json"} & set(listed(app))
        assert "+1" in row_text(app, shown)
