"""The live folder in a real terminal: files written into the corpus show up in the open reader.

The program runs in tmux on a private copy of the sample corpus; the test writes files
into the corpus while it runs and reads the screen back. The time from writing a file to
seeing it is printed (for the record), not asserted: speed belongs to benchmarks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, broadsheet_command

SEED_TITLE = "Kremlin"
"""A word in the title of one of the sample articles, on screen once the list is up."""


def article(title: str, body: str) -> str:
    """A plain article file."""
    return f"{title}\n\nBy Wire Staff\n\nApril 20, 2026\n\n{body}\n"


@pytest.fixture
def terminal(corpus: Path, home: Path) -> Iterator[Terminal]:
    """The reader, open on the corpus at 120x40."""
    term = Terminal(broadsheet_command(corpus, home), width=120, height=40)
    try:
        term.wait_for(lambda s: SEED_TITLE in s and "2 articles" in s, timeout=60)
        yield term
    finally:
        term.close()


def test_a_file_written_into_the_corpus_appears_in_the_open_reader(
    terminal: Terminal, corpus: Path
) -> None:
    written = time.monotonic()
    (corpus / "wire").mkdir()
    (corpus / "wire" / "harbour.txt").write_text(
        article("Harbour Pilots Strike in Rotterdam", "Pilots walked out at dawn."),
        encoding="utf-8",
    )
    screen = terminal.wait_for(
        lambda s: "Harbour Pilots Strike in Rotterdam" in s and "1 new" in s, timeout=30
    )
    print(f"\nnew file on screen after {time.monotonic() - written:.2f} s")
    assert "3 articles" in screen
    # It opens like any other article, and reading it clears the count.
    terminal.send("g")
    terminal.send("u")
    terminal.wait_for(lambda s: "Pilots walked out at dawn." in s, timeout=15)
    terminal.wait_for(lambda s: "1 new" not in s, timeout=15)


def test_a_burst_of_500_files_arrives_while_the_user_searches(
    terminal: Terminal, corpus: Path
) -> None:
    terminal.send("/")
    terminal.type("harb")

    def burst() -> None:
        folder = corpus / "burst"
        folder.mkdir()
        for n in range(500):
            if n % 10 == 0:
                text = article(f"Harbour Dispatch {n:03}", f"Harbour news number {n}.")
            else:
                text = article(f"Inland Dispatch {n:03}", f"Inland news number {n}.")
            (folder / f"wire-{n:03}.txt").write_text(text, encoding="utf-8")

    writer = threading.Thread(target=burst)
    started = time.monotonic()
    writer.start()
    # The user goes on typing while the files arrive.
    for char in "our":
        time.sleep(0.2)
        terminal.type(char)
    writer.join()
    screen = terminal.wait_for(
        lambda s: "50 hits" in s and "502 articles" in s and "500 new" in s, timeout=120
    )
    print(f"\n500 files indexed and the search answered after {time.monotonic() - started:.2f} s")
    assert "Harbour Dispatch" in screen
    assert "Inland Dispatch" not in screen
    # The query the user typed is intact in the box.
    assert "harbour" in screen
