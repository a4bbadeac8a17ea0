"""What a terminal really shows: the real program in tmux on a corpus far longer than the screen.

Pilot tests and snapshots check what Textual meant to draw. These read back what tmux
drew after the program wrote to a real pseudo-terminal, at 120x40 and 80x24, with a
256-colour and a plain xterm, and check the frame of the screen (header on the first row
only, footer on the last row only, the list's border whole on every row between) and that
the list rows are the titles of the list, consecutive and in order, after moving through
it, searching, opening an article and coming back.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.synthetic import ensure_corpus
from tests.e2e.terminal import BROADSHEET, Terminal, broadsheet_command
from tui.core.index import ArticleIndex
from tui.core.library import sort_key

ARTICLES = 2_000
BORDER = "▕"
"""The right border of the list pane in the two-pane layout."""
SCROLLBAR = "".join(chr(code) for code in range(0x2580, 0x25A0))
"""Block elements, of which scroll bars are drawn."""
FOOTER_MARK = "^p Palette"
"""The right end of the footer: on its last row and nowhere else."""
HEADER_ICON = "▤"
"""The left end of the header: on its first row and nowhere else."""


@dataclass
class Shared:
    """One generated corpus and its built index, shared by every terminal size."""

    corpus: Path
    index: Path
    cache: Path

    def titles(self, query: str | None = None) -> list[str]:
        """The list's titles in order: every article newest first, or a query's hits."""
        with ArticleIndex.open(self.corpus, self.index, entities="rules", dayfirst=False) as ix:
            listing = ix.listing()
            if query is None:
                return [s.title for s in sorted(listing, key=sort_key("date"))]
            by_id = {s.id: s.title for s in listing}
            return [by_id[i] for i in ix.hit_ids(query)]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Shared:
    """2,000 generated articles, indexed once through the real command."""
    work = tmp_path_factory.mktemp("screen-truth")
    corpus = ensure_corpus(work, ARTICLES, quiet=True)
    index = work / "index"
    cache = work / "cache"
    subprocess.run(
        [*BROADSHEET, "index", str(corpus), "--index-dir", str(index)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(cache), "HOME": str(work)},
        timeout=600,
    )
    return Shared(corpus, index, cache)


SIZES = [
    (120, 40, "xterm-256color"),
    (80, 24, "xterm-256color"),
    (120, 40, "xterm"),
    (80, 24, "xterm"),
]


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}-{t}" for w, h, t in SIZES])
def screen(request: pytest.FixtureRequest, shared: Shared, tmp_path: Path) -> Iterator[Screen]:
    width, height, term = request.param
    home = tmp_path / "home"
    command = broadsheet_command(
        shared.corpus, home, "--index-dir", str(shared.index), term=term, cache=shared.cache
    )
    terminal = Terminal(command, width=width, height=height)
    try:
        yield Screen(terminal, shared, width, height)
    finally:
        terminal.close()


class Screen:
    """The program in tmux, with checks of what the terminal shows."""

    def __init__(self, terminal: Terminal, shared: Shared, width: int, height: int) -> None:
        self.terminal = terminal
        self.shared = shared
        self.width = width
        self.height = height
        self.wide = width >= 100

    def expect(self, check: Callable[[list[str]], object], timeout: float = 30.0) -> list[str]:
        """The screen once `check` passes on it; the last failure if it never does.

        The program draws a change over several writes, so a screen read at one moment
        may be half drawn: only a screen that stays wrong until the timeout fails.
        """
        deadline = time.monotonic() + timeout
        while True:
            lines = self.terminal.screen().rstrip("\n").split("\n")
            try:
                check(lines)
                return lines
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.3)

    def check_frame(self, lines: list[str]) -> None:
        """Header on row 1 only, footer on the last row only, the border on every row."""
        shown = "\n".join(lines)
        assert len(lines) == self.height, shown
        # The header's icon (a narrow header leaves "Broadsheet —" out for the corpus's state).
        assert HEADER_ICON in lines[0], shown
        assert not any(HEADER_ICON in line for line in lines[1:]), shown
        assert FOOTER_MARK in lines[-1], shown
        assert not any(FOOTER_MARK in line for line in lines[:-1]), shown
        for line in lines:
            assert len(line) <= self.width, shown
        if self.wide:
            column = lines[1].index(BORDER)
            for number, line in enumerate(lines[1:-1], start=2):
                assert line[column : column + 1] == BORDER, (
                    f"row {number} lost the border:\n{shown}"
                )

    def check_reading(self, lines: list[str], title: str) -> None:
        """The reading pane shows the article: its title over its byline and length."""
        pane = lines[1:-1]
        if self.wide:
            column = lines[1].index(BORDER)
            pane = [line[column + 1 :] for line in pane]
        heading = next((n for n, line in enumerate(pane) if title[:30] in line), None)
        assert heading is not None, "\n".join(lines)
        assert any(" words" in line for line in pane[heading + 1 : heading + 6]), "\n".join(lines)

    def list_lines(self, lines: list[str]) -> list[str]:
        """The text of the list pane's rows (left of the border when two panes show)."""
        body = lines[1:-1]
        if self.wide:
            column = lines[1].index(BORDER)
            body = [line[:column] for line in body]
        # The scroll bar's thumb is drawn with block elements at the pane's right edge.
        return [line.rstrip().rstrip(SCROLLBAR).strip() for line in body]

    def check_titles_in_order(self, lines: list[str], titles: list[str]) -> list[int]:
        """The titles on screen are consecutive titles of the list, in its order."""
        positions: dict[str, list[int]] = {}
        for number, title in enumerate(titles):
            positions.setdefault(title, []).append(number)
        found: list[int] = []
        for text in self.list_lines(lines):
            whole = [positions[text][0]] if text in positions else []
            if not whole and text.endswith("…") and len(text) > 10:
                stem = text[:-1]
                whole = [n for n, title in enumerate(titles) if title.startswith(stem)][:1]
            if whole:
                # Of equal titles, take the one after the last title found.
                after = [
                    n for n in positions.get(titles[whole[0]], whole) if not found or n > found[-1]
                ]
                found.append(after[0] if after else whole[0])
        shown = "\n".join(lines)
        assert found, f"no list titles on screen:\n{shown}"
        assert found == list(range(found[0], found[0] + len(found))), (
            f"titles out of order or missing ({found}):\n{shown}"
        )
        return found


def test_the_list_moves_searches_opens_and_returns_whole(screen: Screen) -> None:
    titles = screen.shared.titles()
    terminal = screen.terminal

    def whole_list(first: int | None = None, last: int | None = None, above: int = -1):
        def check(lines: list[str]) -> None:
            screen.check_frame(lines)
            found = screen.check_titles_in_order(lines, expected)
            if first is not None:
                assert found[0] == first, f"first title {found[0]}, wanted {first}"
            if last is not None:
                assert found[-1] == last, f"last title {found[-1]}, wanted {last}"
            assert found[-1] > above, f"last title {found[-1]}, wanted past {above}"

        return check

    expected = titles
    terminal.wait_for(f"{ARTICLES:,} articles")
    screen.expect(whole_list(first=0))
    for _ in range(60):  # j held down
        terminal.send("j")
    screen.expect(whole_list(above=60))
    terminal.send("G")
    screen.expect(whole_list(last=len(titles) - 1))
    terminal.send("g")
    screen.expect(whole_list(first=0))
    terminal.send("PageDown")
    terminal.send("PageDown")
    screen.expect(whole_list(above=screen.height // 2))

    terminal.send("/")
    terminal.wait_for("Clear search")
    terminal.type("election")
    expected = screen.shared.titles("election")
    assert len(expected) > 200, "the search should find more hits than one page"
    # Snippet rows sit between the titles; only titles are matched.
    screen.expect(whole_list(first=0))
    terminal.wait_for(f"{len(expected)} hits in")
    terminal.send("Enter")
    terminal.send("G")
    screen.expect(whole_list(last=len(expected) - 1))

    terminal.send("Enter")  # open the last hit
    screen.expect(
        lambda lines: screen.check_frame(lines) or screen.check_reading(lines, expected[-1])
    )
    terminal.send("Escape")  # back to the list
    terminal.wait_for("⏎ Open")  # the list's keys: Escape was read alone, not as Alt+key
    screen.expect(whole_list(last=len(expected) - 1))

    terminal.send("q")
    assert terminal.wait_exit() == 0
