"""Bytes on the wire: what the real program writes to its terminal for one list move.

Over SSH every byte counts. A move of the list cursor changes two rows, so it should
write about two rows' worth, not a repaint of the whole list pane (which is what the
list did when it refreshed itself on every move: ~6 KB at 120x40).
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.synthetic import ensure_corpus
from tests.e2e.terminal import BROADSHEET, Terminal, broadsheet_command
from tui.core.index import ArticleIndex
from tui.core.library import sort_key

ARTICLES = 300
MOVES = 6
MOVE_BOUND = 2_500
"""Bytes for one move: generous (two rows at 120 columns, with styles, are well under
1 KB) yet below a repaint of the list pane (40 rows of ~48 columns, ~6 KB)."""
QUIET = 0.5


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, str]]:
    """The program in tmux at 120x40 on 300 indexed articles; the first title listed."""
    corpus = ensure_corpus(tmp_path / "work", ARTICLES, quiet=True)
    index = tmp_path / "index"
    subprocess.run(
        [*BROADSHEET, "index", str(corpus), "--index-dir", str(index)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")},
        timeout=300,
    )
    with ArticleIndex.open(corpus, index, entities="rules", dayfirst=False) as opened:
        first = min(opened.listing(), key=sort_key("date")).title
    command = broadsheet_command(corpus, tmp_path / "home", "--index-dir", str(index))
    term = Terminal(command, width=120, height=40)
    try:
        yield term, first
    finally:
        term.close()


def _settle(capture: Path, timeout: float = 15.0) -> int:
    """The capture's size once nothing has been written for QUIET seconds."""
    deadline = time.monotonic() + timeout
    size, since = capture.stat().st_size, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = capture.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET:
            break
    return size


def test_a_list_move_writes_the_changed_rows_not_the_whole_list(
    terminal: tuple[Terminal, str], tmp_path: Path
) -> None:
    term, first = terminal
    term.wait_for(first[:30])
    term.wait_for(f"{ARTICLES:,} articles")
    capture = tmp_path / "wire.out"
    term.pipe_output(capture)
    before = _settle(capture)
    costs = []
    for _ in range(MOVES):
        term.send("Down")
        # Wait for the move to be drawn (its first byte), then for the output to stop.
        deadline = time.monotonic() + 10
        while capture.stat().st_size == before and time.monotonic() < deadline:
            time.sleep(0.02)
        after = _settle(capture)
        costs.append(after - before)
        before = after
    assert all(cost > 0 for cost in costs), f"a move wrote nothing: {costs}"
    assert statistics.median(costs) <= MOVE_BOUND, f"bytes per move: {costs}"
