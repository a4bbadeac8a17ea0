"""Bytes on the wire: what the real program writes to its terminal, and what it leaves there.

Over SSH every byte counts. A move of the list cursor changes two rows, so it should
write about two rows' worth, not a repaint of the whole list pane (which is what the
list did when it refreshed itself on every move: ~6 KB at 120x40); going back from an
article to the list changes the cursor row and the divider, not every cell of both panes
(24-47 KB when the focused pane was tinted). And the program writes only the cells that
changed (`tui/terminal_copy.py`), so what the terminal shows after many such updates must
be what a full repaint (Ctrl+L) draws.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.synthetic import ensure_corpus
from tests.e2e.terminal import BROADSHEET, Terminal, broadsheet_command, strip_sgr
from tui.core.index import ArticleIndex
from tui.core.library import sort_key

ARTICLES = 300
MOVES = 6
MOVE_BOUND = 2_500
"""Bytes for one move: generous (two rows at 120 columns, with styles, are well under
1 KB) yet below a repaint of the list pane (40 rows of ~48 columns, ~6 KB)."""
BACK_BOUND = 8_000
"""Bytes for Esc from an article to the list: the cursor row, the divider and the footer
(~1-2 KB), far below a repaint of both panes (24-47 KB)."""
OPEN_BOUND = 25_000
"""Bytes for opening an article: its text once (~7-9 KB), not the pane painted blank
first and then again (11-42 KB before)."""
REPAINT_LEAST = 4_000
"""A whole 120x40 screen is ~10 KB even written as briefly as the copy writes it."""
QUIET = 0.5


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """300 generated articles indexed by the real command; the first title listed."""
    work = tmp_path_factory.mktemp("wire")
    corpus = ensure_corpus(work / "work", ARTICLES, quiet=True)
    index = work / "index"
    subprocess.run(
        [*BROADSHEET, "index", str(corpus), "--index-dir", str(index)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(work / "cache")},
        timeout=300,
    )
    with ArticleIndex.open(corpus, index, entities="rules", dayfirst=False) as opened:
        first = min(opened.listing(), key=sort_key("date")).title
    return corpus, index, first


@pytest.fixture
def terminal(built: tuple[Path, Path, str], tmp_path: Path) -> Iterator[tuple[Terminal, str]]:
    """The program in tmux at 120x40 on the 300 articles, as over SSH; the first title listed."""
    corpus, index, first = built
    # As over SSH, the link these bytes cross: no animations, no blinking cursor (whose
    # blink every half second would also keep the output from ever settling).
    over_ssh = "SSH_CONNECTION='127.0.0.1 50000 127.0.0.1 22' "
    command = over_ssh + broadsheet_command(corpus, tmp_path / "home", "--index-dir", str(index))
    term = Terminal(command, width=120, height=40)
    try:
        yield term, first
    finally:
        term.close()


class Wire:
    """The bytes the program writes, as tmux pipes them into a file, and when they last grew."""

    def __init__(self, term: Terminal, path: Path) -> None:
        term.pipe_output(path)
        self.path = path
        self.size = path.stat().st_size
        self.grew = time.monotonic()

    def written(self) -> int:
        """The bytes written so far."""
        size = self.path.stat().st_size
        if size != self.size:
            self.size, self.grew = size, time.monotonic()
        return size

    def settle(self, timeout: float = 15.0) -> int:
        """The bytes written once nothing has been written for QUIET seconds.

        The quiet is counted from the last growth seen, so a settle straight after another
        does not wait out a second quiet spell.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.written()
            if time.monotonic() - self.grew >= QUIET:
                break
            time.sleep(0.05)
        return self.size


def test_a_list_move_writes_the_changed_rows_not_the_whole_list(
    terminal: tuple[Terminal, str], tmp_path: Path
) -> None:
    term, first = terminal
    term.wait_for(first[:30])
    term.wait_for(f"{ARTICLES:,} articles")
    wire = Wire(term, tmp_path / "wire.out")
    before = wire.settle()
    costs = []
    for _ in range(MOVES):
        term.send("Down")
        # Wait for the move to be drawn (its first byte), then for the output to stop.
        deadline = time.monotonic() + 10
        while wire.written() == before and time.monotonic() < deadline:
            time.sleep(0.02)
        after = wire.settle()
        costs.append(after - before)
        before = after
    assert all(cost > 0 for cost in costs), f"a move wrote nothing: {costs}"
    assert statistics.median(costs) <= MOVE_BOUND, f"bytes per move: {costs}"


def _cost(term: Terminal, wire: Wire, *keys: str, literal: bool = False) -> int:
    """Bytes written for these keys: from the press until the output settles."""
    before = wire.settle()
    if literal:
        term.type("".join(keys))
    else:
        term.send(*keys)
    deadline = time.monotonic() + 3
    while wire.written() == before and time.monotonic() < deadline:
        time.sleep(0.02)
    return wire.settle() - before


def test_going_back_to_the_list_writes_the_focus_change_not_both_panes(
    terminal: tuple[Terminal, str], tmp_path: Path
) -> None:
    term, first = terminal
    term.wait_for(f"{ARTICLES:,} articles")
    wire = Wire(term, tmp_path / "wire.out")
    opened = _cost(term, wire, "Enter")
    term.wait_for(lambda screen: screen.count(first[:30]) >= 2)  # in the list and the pane
    back = _cost(term, wire, "Escape")
    assert 0 < opened <= OPEN_BOUND, f"bytes to open an article: {opened}"
    assert 0 < back <= BACK_BOUND, f"bytes to go back to the list: {back}"


def test_the_screen_after_many_updates_is_what_a_full_repaint_draws(
    terminal: tuple[Terminal, str], tmp_path: Path
) -> None:
    term, _first = terminal
    term.wait_for(f"{ARTICLES:,} articles")
    wire = Wire(term, tmp_path / "wire.out")

    def same_after_a_repaint(step: str) -> None:
        wire.settle()
        drawn = term.screen(colours=True)
        repaint = _cost(term, wire, "C-l")
        # Ctrl+L forgets the copy, so it writes every cell: a whole 120x40 screen.
        assert repaint > REPAINT_LEAST, f"Ctrl+L wrote only {repaint} bytes"
        repainted = term.screen(colours=True)
        assert strip_sgr(drawn) == strip_sgr(repainted), f"after {step}"
        assert drawn == repainted, f"after {step}: the same text, different colours"

    for key in ("Down", "Down", "Down", "Up", "End", "Home", "PageDown"):
        _cost(term, wire, key)
    same_after_a_repaint("moving through the list")
    _cost(term, wire, "Enter")
    _cost(term, wire, "Space")
    _cost(term, wire, "Escape")
    same_after_a_repaint("opening an article, paging and going back")
    _cost(term, wire, "/")
    for letter in "voters":
        _cost(term, wire, letter, literal=True)
    _cost(term, wire, "Enter")
    _cost(term, wire, "Down")
    _cost(term, wire, "Enter")
    _cost(term, wire, "n")
    _cost(term, wire, "Escape")
    same_after_a_repaint("searching, opening a hit and going back")
    _cost(term, wire, "Escape")
    same_after_a_repaint("clearing the search")
