"""Reading state: saved atomically, damaged files set aside, the last good copy restored."""

from __future__ import annotations

import json
from pathlib import Path

from tui.core.state import ReadingState, StateStore


def saved_state(path: Path) -> StateStore:
    store = StateStore(path)
    store.save(ReadingState(read={"a.txt"}, bookmarks={"b.txt"}, last_article="a.txt"))
    return store


def test_state_round_trips(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    state = ReadingState(
        read={"a", "b"}, bookmarks={"c"}, last_article="a", scroll={"a": 12.0},
        sort="title", theme="nord", entities_on=False, pipe_command="wc -w",
    )  # fmt: skip
    store.save(state)
    assert StateStore(tmp_path / "state.json").load() == state


def test_missing_state_file_is_a_fresh_state(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "nope" / "state.json")
    assert store.load() == ReadingState()
    assert store.notices == []


def test_save_keeps_the_previous_good_copy(tmp_path: Path) -> None:
    store = saved_state(tmp_path / "state.json")
    store.save(ReadingState(read={"a.txt", "c.txt"}))
    backup = json.loads((tmp_path / "state.json.bak").read_text())
    assert backup["bookmarks"] == ["b.txt"]


def test_half_written_state_is_set_aside_and_backup_restored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    store = saved_state(path)
    store.save(ReadingState(read={"a.txt", "c.txt"}, bookmarks={"b.txt"}))
    path.write_text('{"read": ["a.txt", "c.t')  # cut off mid-write
    fresh = StateStore(path)
    state = fresh.load()
    assert state.bookmarks == {"b.txt"} and state.read == {"a.txt"}
    assert "restored the last good copy" in fresh.notices[0]
    assert list(tmp_path.glob("state.json.damaged-*"))


def test_wrongly_shaped_state_is_treated_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"read": "everything"}))
    store = StateStore(path)
    assert store.load() == ReadingState()
    assert "starting afresh" in store.notices[0]
    assert not path.exists()


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    saved_state(tmp_path / "state.json").save(ReadingState())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.bak"]
