"""The real program in tmux: search, open a result, step through matches, read colours."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, broadsheet_command, strip_sgr

REVERSE_BEFORE = r"\x1b\[[0-9;]*(?<![0-9])7(?:;[0-9;]*)?m"


pytestmark = pytest.mark.fresh_name_tables  # a first launch: nothing cached yet


@pytest.fixture
def terminal(corpus: Path, home: Path) -> Iterator[Terminal]:
    term = Terminal(broadsheet_command(corpus, home), width=120, height=40)
    try:
        yield term
    finally:
        term.close()


def test_search_open_result_and_step_to_a_match(terminal: Terminal) -> None:
    terminal.wait_for("Putin Says Ready to Help Peace")
    terminal.wait_for("2 articles")
    terminal.send("/")
    terminal.wait_for("Clear search")  # the box has focus: type as a person would
    terminal.type("ceasefire")
    terminal.wait_for(lambda s: re.search(r"\b1 hit\b", s) is not None)
    terminal.send("Enter")
    terminal.send("Enter")
    terminal.wait_for("Dmitry Peskov")
    terminal.send("n")
    screen = terminal.wait_for("match 1 of", colours=True)
    # The current match is shown in reverse video, entities in their own styles.
    assert re.search(REVERSE_BEFORE + r"ceasefire", screen, re.IGNORECASE), strip_sgr(screen)
    peskov = re.search(r"(\x1b\[[0-9;]*m)+Dmitry Peskov", screen)
    assert peskov is not None, "Dmitry Peskov is not highlighted"
    terminal.send("q")
    assert terminal.wait_exit() == 0


def test_terminal_state_is_left_clean_after_quit(terminal: Terminal) -> None:
    terminal.wait_for("Putin Says Ready to Help Peace")
    terminal.send("q")
    assert terminal.wait_exit() == 0
    # The alternate screen is gone: the pane holds no leftover reader text.
    assert "Putin Says Ready" not in terminal.screen()
