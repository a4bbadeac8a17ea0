"""State faults: a save stopped at any moment, and a state file cut off or garbled anywhere,
leave bookmarks and read marks recoverable from the last good copy."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.state import ReadingState, StateStore

OLD = ReadingState(read={"a.txt", "b.txt"}, bookmarks={"b.txt"}, last_article="a.txt")
NEW = ReadingState(read={"a.txt", "b.txt", "c.txt"}, bookmarks={"b.txt", "c.txt"})


class Stopped(BaseException):
    """The process died here (as with kill -9: nothing after it runs)."""


def saved_twice(path: Path) -> StateStore:
    store = StateStore(path)
    store.save(ReadingState(read={"a.txt"}))
    store.save(OLD)
    return store


@pytest.mark.parametrize("step", range(1, 6))
def test_a_save_stopped_at_any_step_leaves_the_old_or_the_new_state(
    step: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    store = saved_twice(path)
    calls = 0
    real_replace, real_fsync = os.replace, os.fsync

    def counted(real):  # type: ignore[no-untyped-def]
        def call(*args):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            if calls == step:
                raise Stopped
            return real(*args)

        return call

    monkeypatch.setattr(os, "replace", counted(real_replace))
    monkeypatch.setattr(os, "fsync", counted(real_fsync))
    try:
        store.save(NEW)
    except Stopped:
        stopped = True
    else:
        stopped = False  # a save of fewer steps: it finished
    monkeypatch.undo()
    loaded = StateStore(path).load()
    assert loaded in (OLD, NEW) if stopped else loaded == NEW


def test_missing_state_file_with_a_good_backup_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    saved_twice(path)
    os.replace(path, tmp_path / "state.json.bak")  # what an interrupted older save left
    store = StateStore(path)
    assert store.load() == OLD
    assert "restored the last good copy" in store.notices[0]


def test_state_cut_off_anywhere_restores_the_last_good_copy(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    store = saved_twice(path)
    store.save(NEW)
    text = path.read_bytes()
    for cut in range(0, len(text) - 1, 7):
        path.write_bytes(text[:cut])
        fresh = StateStore(path)
        assert fresh.load() == OLD, cut
        assert fresh.notices, cut
        store.save(NEW)  # the next save leaves OLD as the backup again
        assert (tmp_path / "state.json.bak").read_text() == json.dumps(
            OLD.to_json(), indent=1, sort_keys=True
        ) or StateStore(tmp_path / "state.json.bak").load() == OLD


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.binary(max_size=300))
def test_any_bytes_in_the_state_file_never_raise_and_the_backup_is_used(
    garbage: bytes, tmp_path: Path
) -> None:
    folder = tmp_path / f"s{abs(hash(garbage))}"
    folder.mkdir()
    path = folder / "state.json"
    saved_twice(path)
    path.write_bytes(garbage)
    store = StateStore(path)
    loaded = store.load()
    try:
        good = ReadingState.from_json(json.loads(garbage.decode("utf-8")))
    except ValueError:
        assert loaded == ReadingState(read={"a.txt"}) or loaded == OLD
        assert store.notices
    else:
        assert loaded == good
