"""`broadsheet search` with reading views: it reads the reader's own state file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_cli as broadsheet
from tests.helpers import write_corpus
from tui.core.corrections import CORRECTIONS_FILE, Corrections
from tui.core.paths import state_file
from tui.core.state import ReadingState, StateStore


def ids_of(stdout: str) -> set[str]:
    return {json.loads(line)["id"] for line in stdout.splitlines()}


def test_is_unread_leaves_out_what_the_reader_has_read(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    StateStore(state_file(corpus)).save(ReadingState(read={"putin-peace.md"}))
    result = broadsheet("search", "is:unread putin", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ids_of(result.stdout) == {"kremlin-ceasefire.md"}
    read = broadsheet("search", "putin is:read", "--json", cwd=tmp_path)
    assert ids_of(read.stdout) == {"putin-peace.md"}


def test_is_bookmarked_alone_lists_the_bookmarks(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    StateStore(state_file(corpus)).save(ReadingState(bookmarks={"oil-prices.md"}))
    result = broadsheet("search", "is:bookmarked", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "oil-prices.md" in result.stdout
    assert "1 of 1 hits" in result.stdout


def test_a_bad_view_is_a_bad_query(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = broadsheet("search", "is:someday", cwd=tmp_path)
    assert result.returncode == 2
    assert "is: takes unread, read, bookmarked" in result.stderr


def test_search_applies_the_readers_corrections_to_names(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    corrections = Corrections(state_file(corpus).with_name(CORRECTIONS_FILE))
    corrections.hide("place", "berlin", "Berlin")
    corrections.merge(
        ("person", "masoud pezeshkian", "Masoud Pezeshkian"),
        ("person", "vladimir putin", "Vladimir Putin"),
    )
    hidden = broadsheet("search", "place:berlin", "--json", cwd=tmp_path)
    assert hidden.returncode == 1 and ids_of(hidden.stdout) == set()
    assert ids_of(broadsheet("search", "berlin", "--json", cwd=tmp_path).stdout) != set()
    merged = broadsheet("search", 'person:"Masoud Pezeshkian"', "--json", cwd=tmp_path)
    assert ids_of(merged.stdout) == {"kremlin-ceasefire.md", "putin-peace.md"}
