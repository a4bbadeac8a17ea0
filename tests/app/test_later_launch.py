"""A later launch: the list the index saved is shown while the index is still opening."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import Worker

from tests.helpers import article_shown, ready, wait_until
from tui.app import BroadsheetApp
from tui.core.index import saved_listing as saved_listing_module
from tui.core.library import Library
from tui.widgets import ArticleList, ReaderPane


@pytest.fixture
def hold_opening(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], threading.Event]]:
    """From when it is called, hold `Library.open` (the index opening, in the indexing
    worker) until the event it returns is set: what the reader shows meanwhile is what a
    later launch shows while Whoosh loads."""
    release = threading.Event()
    real_open = Library.open

    def held_open(library: Library) -> None:
        release.wait(timeout=20)
        real_open(library)

    def hold() -> threading.Event:
        monkeypatch.setattr(Library, "open", held_open)
        return release

    yield hold
    release.set()


def _notices(app: BroadsheetApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def _listed(app: BroadsheetApp) -> list[str]:
    return [entry.title for entry in app.main_screen.query_one(ArticleList).entries]


def _record_frames(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The titles listed in each frame the app draws from now on."""
    frames: list[list[str]] = []
    real_display = BroadsheetApp._display

    def recording_display(app: BroadsheetApp, *args: Any) -> None:
        frames.append(_listed(app))
        real_display(app, *args)

    monkeypatch.setattr(BroadsheetApp, "_display", recording_display)
    return frames


def _record_opening(monkeypatch: pytest.MonkeyPatch, app: BroadsheetApp) -> list[list[str]]:
    """The titles listed each time the app's library opens its index."""
    listed: list[list[str]] = []
    real_open = Library.open

    def recording_open(library: Library) -> None:
        listed.append(_listed(app))
        real_open(library)

    monkeypatch.setattr(Library, "open", recording_open)
    return listed


async def _saved_titles_shown(pilot: Pilot[None], app: BroadsheetApp) -> None:
    await wait_until(pilot, lambda: len(_listed(app)) > 0)
    assert app.library.index is None  # still opening


async def test_the_saved_titles_are_listed_before_the_index_opens(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    hold_opening: Callable[[], threading.Event],
) -> None:
    opening_held = hold_opening()
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await _saved_titles_shown(pilot, app)
        early = _listed(app)
        entries = app.main_screen.query_one(ArticleList).entries
        assert not any(entry.pending for entry in entries)
        assert not any(title.endswith(".txt") for title in early)  # real titles, not names
        # Chosen before the index is open: no error, and it opens once the index does.
        await pilot.press("g", "enter")
        await pilot.pause(0.2)
        reader = app.main_screen.query_one(ReaderPane)
        assert reader.article is None
        opening_held.set()
        await ready(pilot)
        await wait_until(pilot, lambda: reader.article is not None)
        assert reader.article is not None and reader.article.title == early[0]
        assert _listed(app) == early  # the index lists what was saved
        assert not [notice for notice in _notices(app) if "Cannot open" in notice]


async def test_the_last_article_read_waits_under_the_cursor_and_opens_with_the_index(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    hold_opening: Callable[[], threading.Event],
) -> None:
    first = app_factory(corpus)
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("g", "j", "j", "enter")
        await article_shown(pilot)
        await pilot.press("q")
    last = first.state.last_article
    assert last is not None
    release = hold_opening()
    second = app_factory(corpus)
    async with second.run_test(size=(120, 40)) as pilot:
        await _saved_titles_shown(pilot, second)
        articles = second.main_screen.query_one(ArticleList)
        assert articles.highlighted_id == last
        assert second.main_screen.query_one(ReaderPane).article is None
        release.set()
        await ready(pilot)
        reader = second.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: reader.article is not None)
        assert reader.article is not None and reader.article.id == last
        assert articles.highlighted_id == last


async def test_an_article_chosen_before_a_failed_opening_is_not_left_waiting(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def failing_open(library: Library) -> None:
        release.wait(timeout=20)
        raise OSError("the disk went away")

    monkeypatch.setattr(Library, "open", failing_open)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await _saved_titles_shown(pilot, app)
        await pilot.press("g", "enter")
        release.set()
        await wait_until(pilot, lambda: app.main_screen.indexed)
        # Tried once indexing has failed (and said why it cannot be read), not kept waiting.
        await wait_until(pilot, lambda: any("Cannot open" in m for m in _notices(app)))
        assert any("Indexing failed" in m for m in _notices(app))


async def test_the_saved_titles_are_in_the_first_frame(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read before anything is drawn: no frame of an empty list comes first.
    listed_in_frames = _record_frames(monkeypatch)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert listed_in_frames
        assert listed_in_frames[0] == _listed(app) != []


async def test_a_saved_listing_too_large_for_the_first_frame_follows_it(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100,000 articles take over a second to list: the first frame does not wait for them,
    # and the index is still opened only once they are drawn.
    monkeypatch.setattr(saved_listing_module, "FIRST_FRAME_MANIFEST_BYTES", 0)
    listed_in_frames = _record_frames(monkeypatch)
    app = app_factory(corpus)
    listed_when_opened = _record_opening(monkeypatch, app)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert listed_in_frames and listed_in_frames[0] == []
        assert listed_when_opened == [_listed(app)] != [[]]


async def test_no_worker_description_spells_out_the_saved_listing(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual describes a worker by the repr of its arguments unless told otherwise: for the
    # saved listing that meant every article's repr, made on the UI thread before the first
    # frame (0.09 s at 12,694 articles).
    descriptions: list[str] = []
    real_init = Worker.__init__

    def recording_init(worker: Worker[Any], *args: Any, **kwargs: Any) -> None:
        real_init(worker, *args, **kwargs)
        descriptions.append(worker.description)

    monkeypatch.setattr(Worker, "__init__", recording_init)
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = _listed(app)
        assert titles
        assert descriptions
        for description in descriptions:
            assert "ArticleSummary" not in description
            assert not any(title in description for title in titles)


async def test_the_index_is_opened_only_once_the_saved_titles_are_drawn(
    corpus: Path, app_factory: Callable[..., BroadsheetApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opening imports Whoosh and NumPy, which would hold the interpreter's lock while the
    # titles wait to be drawn.
    app = app_factory(corpus)
    listed_when_opened = _record_opening(monkeypatch, app)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert listed_when_opened == [_listed(app)]
        assert listed_when_opened[0] != []


async def test_an_unchanged_corpus_keeps_the_rows_the_saved_list_drew(
    corpus: Path,
    app_factory: Callable[..., BroadsheetApp],
    hold_opening: Callable[[], threading.Event],
) -> None:
    release = hold_opening()
    app = app_factory(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await _saved_titles_shown(pilot, app)
        rows = app.main_screen.query_one(ArticleList).entries
        release.set()
        await ready(pilot)
        # Opened and brought up to date, the index lists the same: nothing is drawn again.
        assert app.main_screen.query_one(ArticleList).entries is rows
