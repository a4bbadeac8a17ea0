"""Reading state: saved searches and marking a list read (with its undo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.state import ReadingState, StateStore


def test_saved_searches_survive_a_save_and_load(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    state = ReadingState()
    state.save_search("Iran", "place:iran is:unread")
    store.save(state)
    assert store.load().saved_searches == {"Iran": "place:iran is:unread"}


def test_a_state_file_without_saved_searches_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"read": ["a"], "bookmarks": []}', encoding="utf-8")
    state = StateStore(path).load()
    assert state.read == {"a"} and state.saved_searches == {}


def test_saved_searches_of_the_wrong_shape_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"saved_searches": {"ok": "putin", "bad": 3}}', encoding="utf-8")
    assert StateStore(path).load().saved_searches == {"ok": "putin"}


def test_renaming_a_saved_search_replaces_it() -> None:
    state = ReadingState()
    state.save_search("Iran", "iran")
    state.save_search("Oil", "oil")
    state.save_search("Tehran", "place:tehran", replacing="Iran")
    assert state.saved_searches == {"Tehran": "place:tehran", "Oil": "oil"}


def test_renaming_onto_another_name_leaves_one() -> None:
    state = ReadingState()
    state.save_search("Iran", "iran")
    state.save_search("Oil", "oil")
    state.save_search("Oil", "crude", replacing="Iran")
    assert state.saved_searches == {"Oil": "crude"}


def test_a_saved_search_needs_a_name() -> None:
    with pytest.raises(ValueError):
        ReadingState().save_search("  ", "putin")


def test_removing_a_saved_search() -> None:
    state = ReadingState()
    state.save_search("Iran", "iran")
    state.remove_search("Iran")
    state.remove_search("never saved")
    assert state.saved_searches == {}


def test_mark_all_read_returns_only_what_it_changed_and_undo_restores() -> None:
    state = ReadingState(read={"a"})
    newly = state.mark_all_read(["a", "b", "c"])
    assert newly == {"b", "c"} and state.read == {"a", "b", "c"}
    state.mark_unread(newly)
    assert state.read == {"a"}
