"""Pilot tests: the live folder, reading views, next unread, mark all read, saved searches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.helpers import answered, ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.core.index import IndexProgress
from tui.screens.saved_searches import SavedSearchesScreen, SaveSearchDialog
from tui.widgets import ArticleList, SearchStatus

SIZE = (130, 40)
PLAIN_ID = "004_817f069a33f82ac9.txt"
MARKDOWN_ID = "000_40f09a8b1627295c.txt"


def article(title: str, body: str, date: str = "March 3, 2026") -> str:
    """The text of a plain article file."""
    return f"{title}\n\nBy Staff Writer\n\n{date}\n\n{body}\n"


def listed(app: BroadsheetApp) -> list[str]:
    return [e.id for e in app.main_screen.query_one(ArticleList).entries]


def status(app: BroadsheetApp) -> str:
    return str(app.main_screen.query_one(SearchStatus).render())


async def test_a_file_written_while_open_is_listed_and_counted_new(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("G")
        before = app.main_screen.query_one(ArticleList).highlighted_id
        (corpus / "nested" / "deeper").mkdir(parents=True)
        (corpus / "nested" / "deeper" / "arrival.txt").write_text(
            article("Harbour Pilots Strike in Rotterdam", "Pilots walked out on Monday."),
            encoding="utf-8",
        )
        await wait_until(pilot, lambda: "nested/deeper/arrival.txt" in listed(app), timeout=20)
        assert app.main_screen.query_one(ArticleList).highlighted_id == before
        await wait_until(pilot, lambda: "1 new" in app.sub_title)
        # Reading it takes it off the count.
        app.main_screen.query_one(ArticleList).select("nested/deeper/arrival.txt")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "new" not in app.sub_title)


async def test_removed_and_renamed_files_leave_the_list(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    (corpus / "old.txt").write_text(article("Old Story", "Nothing new."), encoding="utf-8")
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "old.txt" in listed(app)
        (corpus / "old.txt").rename(corpus / "renamed.txt")
        (corpus / MARKDOWN_ID).unlink()
        await wait_until(
            pilot,
            lambda: (
                "renamed.txt" in listed(app)
                and "old.txt" not in listed(app)
                and MARKDOWN_ID not in listed(app)
            ),
            timeout=20,
        )


async def test_the_open_search_takes_in_new_hits_and_keeps_its_cursor(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "ceasefire")
        await pilot.press("enter")
        assert listed(app) == [PLAIN_ID]
        (corpus / "truce.txt").write_text(
            article("Ceasefire Holds Overnight", "The ceasefire held in the south."),
            encoding="utf-8",
        )
        await wait_until(pilot, lambda: "truce.txt" in listed(app), timeout=20)
        assert app.main_screen.query_one(ArticleList).highlighted_id == PLAIN_ID
        assert "2 hits" in status(app)


async def test_ctrl_r_rechecks_by_hand_when_not_watching(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus, watch="off")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (corpus / "quiet.txt").write_text(article("Quiet Arrival", "Unwatched."), encoding="utf-8")
        await pilot.pause(1.5)
        assert "quiet.txt" not in listed(app)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "quiet.txt" in listed(app), timeout=20)


async def test_polling_notices_files_where_watching_is_not_used(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus, watch="poll")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (corpus / "polled.txt").write_text(article("Polled In", "Seen by polling."), "utf-8")
        await wait_until(pilot, lambda: "polled.txt" in listed(app), timeout=20)


async def test_a_burst_of_files_is_indexed_in_few_passes(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    passes = 0
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        original = app.refresh_index

        def counted() -> object:
            nonlocal passes
            passes += 1
            return original()

        app.refresh_index = counted  # type: ignore[method-assign]
        burst = corpus / "burst"
        burst.mkdir()
        for n in range(200):
            (burst / f"wire-{n:03}.txt").write_text(
                article(f"Wire Story {n}", f"Dispatch number {n} about harbour pilots."), "utf-8"
            )
        await wait_until(pilot, lambda: len(listed(app)) == 202, timeout=60)
        await wait_until(pilot, lambda: "200 new" in app.sub_title)
    assert 1 <= passes < 20


async def test_is_unread_narrows_a_search_and_combines_with_words(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "is:unread")
        assert sorted(listed(app)) == sorted([PLAIN_ID, MARKDOWN_ID])
        await pilot.press("enter")
        app.main_screen.query_one(ArticleList).select(PLAIN_ID)
        await pilot.press("enter")
        await wait_until(pilot, lambda: PLAIN_ID in app.state.read)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"is:read ceasefire")
        await answered(pilot, "is:read ceasefire")
        assert listed(app) == [PLAIN_ID]
        await pilot.press("ctrl+a", "ctrl+k", *"ceasefire NOT is:read")
        await answered(pilot, "ceasefire NOT is:read")
        assert listed(app) == []
        await pilot.press("ctrl+a", "ctrl+k", *"is:bookmarked")
        await answered(pilot, "is:bookmarked")
        assert listed(app) == []
        await pilot.press("ctrl+a", "ctrl+k", *"is:later")
        await answered(pilot, "is:later")
        assert "is: takes unread, read, bookmarked" in status(app)


async def test_u_opens_the_next_unread_article(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    (corpus / "third.txt").write_text(article("Third Story", "More news."), encoding="utf-8")
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second, third = listed(app)
        with app.reading.changes() as changing:
            changing.mark_read(second)
        app.main_screen._update_marks()
        await pilot.press("g", "u")  # the unread article under the cursor comes first
        await wait_until(pilot, lambda: app.main_screen.opened is not None)
        assert app.main_screen.opened is not None
        assert app.main_screen.opened.article.id == first
        await pilot.press("u")  # the read one is passed over
        await wait_until(
            pilot,
            lambda: (
                app.main_screen.opened is not None and app.main_screen.opened.article.id == third
            ),
        )
        assert app.main_screen.query_one(ArticleList).highlighted_id == third
        await pilot.press("u")
        await pilot.pause()
        assert app.main_screen.opened.article.id == third
        assert app.state.read == {first, second, third}


async def test_mark_the_list_read_and_undo(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    (corpus / "third.txt").write_text(article("Third Story", "More news."), encoding="utf-8")
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        with app.reading.changes() as changing:
            changing.mark_read("third.txt")
        await search_for(pilot, "ceasefire OR story")
        await pilot.press("enter", "A")
        assert app.state.read == {PLAIN_ID, "third.txt"}
        await pilot.press("z")
        assert app.state.read == {"third.txt"}
        saved = app.reading.store.load()
        assert saved.read == {"third.txt"}


async def test_save_a_search_and_run_it_from_the_list(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "ceasefire")
        await pilot.press("enter", "W")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveSearchDialog))
        await pilot.press("ctrl+a", "ctrl+k", *"Truce watch", "enter")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        assert app.state.saved_searches == {"Truce watch": "ceasefire"}
        assert app.reading.store.load().saved_searches == {"Truce watch": "ceasefire"}
        await pilot.press("escape")  # clear the search
        await wait_until(pilot, lambda: app.main_screen.saved_counts.get("ceasefire") == 1)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
        # A new matching article raises the count while the list is open.
        (corpus / "truce.txt").write_text(
            article("Ceasefire Holds", "The ceasefire held."), encoding="utf-8"
        )
        await wait_until(pilot, lambda: app.main_screen.saved_counts.get("ceasefire") == 2, 20)
        assert isinstance(app.screen, SavedSearchesScreen)
        assert app.screen.counts == {"ceasefire": 2}
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        await answered(pilot, "ceasefire")
        assert sorted(listed(app)) == sorted([PLAIN_ID, "truce.txt"])


async def test_saved_searches_are_edited_and_removed(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        with app.reading.changes() as changing:
            changing.save_search("Kremlin", "kremlin")
            changing.save_search("Unread", "is:unread")
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveSearchDialog))
        await pilot.press("ctrl+a", "ctrl+k", *"Moscow", "tab", "ctrl+a", "ctrl+k", *"moscow")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SavedSearchesScreen))
        assert app.state.saved_searches == {"Moscow": "moscow", "Unread": "is:unread"}
        await pilot.press("d")
        assert app.state.saved_searches == {"Unread": "is:unread"}
        assert app.reading.store.load().saved_searches == {"Unread": "is:unread"}
        await wait_until(pilot, lambda: app.main_screen.saved_counts.get("is:unread") == 2)


async def test_the_palette_offers_saved_searches_with_counts(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        with app.reading.changes() as changing:
            changing.save_search("Truce", "ceasefire")
        app.main_screen._count_saved_soon()
        await wait_until(pilot, lambda: app.main_screen.saved_counts.get("ceasefire") == 1)
        commands = {c.title: c for c in app.get_system_commands(app.main_screen)}
        assert "Saved search: Truce (1 unread)" in commands
        assert "Next unread" in commands and "Re-check folder" in commands
        commands["Saved search: Truce (1 unread)"].callback()
        await answered(pilot, "ceasefire")
        assert listed(app) == [PLAIN_ID]


async def test_the_search_shows_its_hits_over_time(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    from tui.widgets import HitTimeline

    for month in (1, 1, 3, 6):
        (corpus / f"harbour-{month}-{len(list(corpus.iterdir()))}.txt").write_text(
            article("Harbour News", "Harbour pilots at work.", date=f"{month}/15/2025"),
            encoding="utf-8",
        )
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "harbour")
        bars = app.main_screen.query_one(HitTimeline)
        assert bars.display and list(bars.data or []) == [2.0, 0.0, 1.0, 0.0, 0.0, 1.0]
        assert "per month 2025-01 – 2025-06" in status(app)
        await pilot.press("ctrl+a", "ctrl+k", *"harbour NOT date:2025-01")
        await answered(pilot, "harbour NOT date:2025-01")
        assert list(bars.data or []) == [1.0, 0.0, 0.0, 1.0]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not bars.display)


async def test_indexing_progress_counts_the_articles_of_a_file_not_yet_whole(
    corpus: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # One big file is "0 / 1" until its last part is in: the parts' articles show
        # the indexing moving on.
        report = app._progress_reporter([])
        report(IndexProgress(0, 1, tuple(f"big.jsonl#{n}" for n in range(250))))
        report(IndexProgress(0, 1, tuple(f"big.jsonl#{n}" for n in range(250, 1250))))
        await wait_until(pilot, lambda: "indexing 0 / 1 · 1,250 articles in" in app.sub_title)
