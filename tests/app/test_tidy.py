"""Pilot tests: after indexing, the reader merges the index's many small segments."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual.worker import WorkerState

from tests.helpers import (
    doj_markdown,
    index_in_batches,
    ready,
    search_for,
    wait_until,
    write_corpus,
)
from tui.app import BroadsheetApp
from tui.core.index import ArticleIndex
from tui.core.index.engine.segments import merge_plan
from tui.widgets import ArticleList

SIZE = (120, 40)


@dataclass
class Tidyings:
    """What the reader's tidyings did, and a gate for their first merge."""

    merges: list[int] = field(default_factory=list)
    """The number of merges of each tidying, as they end."""
    release: threading.Event = field(default_factory=threading.Event)
    """While cleared, a tidying waits before its first merge (once it has said it began)."""


@pytest.fixture
def tidyings(monkeypatch: pytest.MonkeyPatch) -> Tidyings:
    """Index in batches of two or three articles, a segment each, and tidy up to ten."""
    index_in_batches(monkeypatch, 3, first=2)
    seen = Tidyings()
    seen.release.set()
    consolidate = ArticleIndex.consolidate

    def counted(
        self: ArticleIndex,
        should_stop: Callable[[], bool] = lambda: False,
        started: Callable[[], None] | None = None,
    ) -> int:
        def start() -> None:
            if started is not None:
                started()
            seen.release.wait(60)

        seen.merges.append(consolidate(self, should_stop, start))
        return seen.merges[-1]

    monkeypatch.setattr(ArticleIndex, "consolidate", counted)
    return seen


def _tidy(app: BroadsheetApp) -> bool:
    """Nothing is left to merge, and no tidying runs."""
    index = app.library.index
    assert index is not None
    return not merge_plan(index._ix._segments()) and not _tidying(app)


def _tidying(app: BroadsheetApp) -> bool:
    return any(
        w.group == "tidy" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
    )


async def test_the_index_is_tidied_after_indexing_and_search_answers_the_same(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp], tidyings: Tidyings
) -> None:
    app = app_factory(write_corpus(tmp_path, doj_markdown(24)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search_for(pilot, "fraud")
        screen = app.main_screen
        assert screen.results is not None
        before = (screen.results.total, [hit.id for hit in screen.results.hits])
        await wait_until(pilot, lambda: _tidy(app), timeout=60)
        await pilot.press("ctrl+u", "escape")
        await search_for(pilot, "fraud")
        assert screen.results is not None
        assert sorted(before[1]) == sorted(hit.id for hit in screen.results.hits)
        assert screen.results.total == before[0]
        assert sum(tidyings.merges) >= 2


async def test_a_file_that_arrives_while_tidying_is_indexed(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp], tidyings: Tidyings
) -> None:
    corpus = write_corpus(tmp_path, doj_markdown(24))
    app = app_factory(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        (corpus / "arrival.md").write_text(
            "# Harbour Pilots Strike in Rotterdam\n\nPilots walked out on Monday.\n",
            encoding="utf-8",
        )
        listed = app.main_screen.query_one(ArticleList)
        await wait_until(pilot, lambda: "arrival.md" in [e.id for e in listed.entries], 30)
        await wait_until(pilot, lambda: _tidy(app), timeout=60)
        await search_for(pilot, "rotterdam")
        assert app.main_screen.results is not None
        assert [hit.id for hit in app.main_screen.results.hits] == ["arrival.md"]
        assert sum(tidyings.merges) >= 2


async def test_the_header_says_the_index_is_being_tidied_until_it_is(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp], tidyings: Tidyings
) -> None:
    tidyings.release.clear()  # the first merge begins once the test has seen the header
    app = app_factory(write_corpus(tmp_path, doj_markdown(24)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # A core is busy merging: the header says why, beside the count of articles.
        await wait_until(pilot, lambda: "tidying index" in app.sub_title, timeout=30)
        assert "24 articles" in app.sub_title
        tidyings.release.set()
        await wait_until(pilot, lambda: _tidy(app), timeout=60)
        await wait_until(pilot, lambda: "tidying index" not in app.sub_title, timeout=10)
        assert "24 articles" in app.sub_title
        assert sum(tidyings.merges) >= 2
