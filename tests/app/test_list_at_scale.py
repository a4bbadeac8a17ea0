"""Pilot tests of the list and reader on a corpus far longer than the screen."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import make_corpus, ready, search_for, wait_until
from tui.app import BroadsheetApp
from tui.core.config import Config
from tui.widgets import ArticleList, ReaderPane, SearchBox, SearchStatus

WORDS = [
    "harbour",
    "pilots",
    "waited",
    "while",
    "the",
    "tide",
    "turned",
    "and",
    "cargo",
    "was",
    "counted",
]


def article(number: int, *, match_late: bool = False) -> str:
    """A small article; with `match_late`, its one 'lighthouse' comes after a long lead."""
    # Each lead its own draw of the words: rotations of one sequence would be copies of one
    # story (the same shingles), and the list shows a story once.
    draw = random.Random(number)
    lead = " ".join(draw.choice(WORDS) for _ in range(40))
    body = f"{lead} lighthouse keepers" if match_late else f"lighthouse keepers {lead}"
    return (
        f"# Harbour report {number:03d}\n\nBy Desk {number % 7}\n\n"
        f"March {1 + number % 28}, 2026\n\n{body}.\n\nMore about the harbour {number}.\n"
    )


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """The seeds plus 260 articles that all mention 'lighthouse' (more than one page)."""
    files = [(f"harbour-{n:03d}.md", article(n, match_late=n % 2 == 0)) for n in range(260)]
    return make_corpus(tmp_path / "corpus", *files)


def status(app: BroadsheetApp) -> str:
    return str(app.main_screen.query_one(SearchStatus).render())


def row_text(widget: ArticleList, y: int) -> str:
    return widget.render_line(y).text


async def test_every_hit_is_reachable_and_counts_are_exact(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(many)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search_for(pilot, "lighthouse")
        listing = app.main_screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(listing.entries) == 260)
        assert status(app).startswith("260 hits")
        await pilot.press("enter", "G")
        assert listing.highlighted == 259
        # The last hit is on screen, in whole rows.
        assert listing.scroll_y % 3 == 0
        last = listing.entries[-1]
        rows = [row_text(listing, y) for y in range(listing.size.height)]
        assert any(last.title in row for row in rows)


async def test_sorting_by_title_sorts_every_hit(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(many)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search_for(pilot, "lighthouse")
        listing = app.main_screen.query_one(ArticleList)
        await pilot.press("enter", "s")  # relevance -> date
        await pilot.press("s")  # date -> title
        await wait_until(pilot, lambda: app.main_screen.sort == "title")
        await wait_until(
            pilot,
            lambda: (
                len(listing.entries) == 260
                and [e.title for e in listing.entries]
                == sorted((e.title for e in listing.entries), key=str.casefold)
            ),
        )
        assert listing.entries[0].title == "Harbour report 000"
        assert listing.entries[-1].title == "Harbour report 259"


async def test_snippets_in_a_narrow_list_show_the_match(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(many)
    async with app.run_test(size=(110, 40)) as pilot:
        await ready(pilot)
        await search_for(pilot, "lighthouse")
        listing = app.main_screen.query_one(ArticleList)
        shown = 0
        for y in range(listing.size.height):
            line = row_text(listing, y)
            if line.strip().startswith("Harbour report") or "·" in line or not line.strip():
                continue
            shown += 1
            assert "lighthouse" in line.lower(), f"snippet without its match: {line!r}"
        assert shown >= 5


async def test_the_list_is_right_after_indexing_ends_under_a_search(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    """Typed while the index is built, the search is answered again when it is done,
    and the list is drawn from the top of a row, first title first."""
    app = app_factory(many)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"lighthouse")
        await ready(pilot)
        listing = app.main_screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(listing.entries) == 260)
        await pilot.pause()
        assert listing.scroll_y == 0
        assert row_text(listing, 0).strip() == listing.entries[0].title
        assert "lighthouse" in row_text(listing, 2).lower()


async def test_first_titles_come_before_indexing(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(many)
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.main_screen.query_one(ArticleList)
        await wait_until(pilot, lambda: bool(listing.entries))
        titles = {entry.title for entry in listing.entries}
        # Whether from a quick look at the files or from the index, never file names.
        assert "Harbour report 007" in titles
        assert not any(title.endswith(".md") for title in titles)
        await ready(pilot)


async def test_the_search_example_fits_the_corpus(
    many: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    app = app_factory(many)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        box = app.main_screen.query_one(SearchBox)
        assert "putin" not in str(box.placeholder).lower()
        assert "date:2026-" in str(box.placeholder)


async def test_n_brings_the_match_a_third_down_and_the_count_covers_nothing(
    tmp_path: Path, app_factory: Callable[..., BroadsheetApp]
) -> None:
    paragraphs = "\n\n".join(
        f"Paragraph {n} about quiet harbours and the tides that fill them each day."
        + (" The lighthouse stood here." if n == 30 else "")
        for n in range(60)
    )
    text = f"# Long harbour story\n\nMarch 3, 2026\n\n{paragraphs}\n"
    corpus = make_corpus(tmp_path / "corpus", ("long.md", text))
    app = app_factory(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await search_for(pilot, "lighthouse")
        await pilot.press("enter", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None and bool(pane.matches))
        await pilot.press("n")
        await pilot.pause()
        assert pane.status_text.startswith("match 1 of 1")
        paragraph = pane.query_one("#p30")
        top = pane.content_region.y
        height = pane.scrollable_content_region.height
        row = paragraph.region.y - top
        assert height // 5 <= row <= height // 2, (row, height)
        # The status line is below the text, not over it.
        status = pane.query_one("#reader-status")
        assert status.region.y >= paragraph.region.bottom or status.region.y > row + top


async def test_the_reading_width_is_capped_and_urls_break_at_separators(
    tmp_path: Path,
) -> None:
    long_paragraph = " ".join(["the harbour master counted the ships"] * 30)
    url = "https://news.example.com/2026/03/03/harbour-master-counts-ships-in-a-very-long-address-indeed"
    text = f"# Ships\n\nMarch 3, 2026\n\n{long_paragraph}\n\nOriginal url: <{url}>\n"
    corpus = make_corpus(tmp_path / "corpus", ("ships.md", text))
    for width in (60, 0):
        app = BroadsheetApp(
            corpus,
            tmp_path / f"index-{width}",
            config=Config(reading_width=width),
            state_path=tmp_path / f"state-{width}.json",
        )
        async with app.run_test(size=(220, 40)) as pilot:
            await ready(pilot)
            # "harbour": only ships.md has it (a seed article mentions ships, and the cursor
            # stays on the article it was on when that one is among the hits).
            await search_for(pilot, "harbour")
            await pilot.press("enter", "enter")
            pane = app.main_screen.query_one(ReaderPane)
            await wait_until(pilot, lambda reader=pane: reader.article is not None)  # type: ignore[misc]
            await pilot.pause()
            first = pane.query_one("#p0")
            if not width:
                assert first.region.width > 100, "0 is no cap: the text fills the pane"
            else:
                assert first.region.width == 60
                address = str(pane.query_one("#reader-url").render())
                lines = address.split("\n")
                assert len(lines) > 1
                assert "".join(lines) == url
                assert all(line[-1] in "/-." for line in lines[:-1]), lines
