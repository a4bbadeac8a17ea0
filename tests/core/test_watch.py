"""Watching the corpus folder: batches of changes, ignored folders, polling, stopping."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import watchfiles

from tui.core.watch import FolderChanges, batch_of, watch_folder


def test_batch_sorts_changes_and_leaves_out_ignored_folders(tmp_path: Path) -> None:
    index = tmp_path / "index"
    raw = {
        (watchfiles.Change.added, str(tmp_path / "a.txt")),
        (watchfiles.Change.modified, str(tmp_path / "deep" / "b.txt")),
        (watchfiles.Change.deleted, str(tmp_path / "c.txt")),
        (watchfiles.Change.added, str(index / "segment.seg")),
        (watchfiles.Change.added, str(index)),
    }
    batch = batch_of(raw, ignore=[index])
    assert batch.added == {tmp_path / "a.txt"}
    assert batch.modified == {tmp_path / "deep" / "b.txt"}
    assert batch.deleted == {tmp_path / "c.txt"}
    assert len(batch) == 3


def test_a_folder_named_like_an_ignored_one_is_kept(tmp_path: Path) -> None:
    batch = batch_of(
        {(watchfiles.Change.added, str(tmp_path / "index-notes" / "a.txt"))},
        ignore=[tmp_path / "index"],
    )
    assert len(batch) == 1


def _watch_in_thread(
    folder: Path, mode: str, ignore: list[Path] | None = None
) -> tuple[list[FolderChanges], threading.Event, threading.Thread]:
    batches: list[FolderChanges] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_folder,
        args=(folder, batches.append, stop.is_set),
        kwargs={"mode": mode, "ignore": ignore or []},
        daemon=True,
    )
    thread.start()
    time.sleep(0.5)  # let the watcher start before anything changes
    return batches, stop, thread


def _wait_for(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_new_file_at_any_depth_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    batches, stop, thread = _watch_in_thread(tmp_path, "auto")
    try:
        (tmp_path / "a" / "b" / "new.txt").write_text("Title\n\nBody.\n")
        assert _wait_for(lambda: any(tmp_path / "a" / "b" / "new.txt" in b.added for b in batches))
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


def test_a_new_folder_with_a_file_in_it_is_reported(tmp_path: Path) -> None:
    # A file written the instant its folder is made can come before the folder is watched;
    # the folder's own arrival is reported, and the reader re-scans the corpus on any change.
    batches, stop, thread = _watch_in_thread(tmp_path, "auto")
    try:
        (tmp_path / "a" / "b").mkdir(parents=True)
        (tmp_path / "a" / "b" / "new.txt").write_text("Title\n\nBody.\n")
        assert _wait_for(lambda: any(tmp_path / "a" in b.added for b in batches))
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()


def test_a_burst_arrives_in_a_few_batches(tmp_path: Path) -> None:
    batches, stop, thread = _watch_in_thread(tmp_path, "auto")
    try:
        for n in range(500):
            (tmp_path / f"wire-{n:03}.txt").write_text(f"Story {n}\n\nBody.\n")
        names = {tmp_path / f"wire-{n:03}.txt" for n in range(500)}
        assert _wait_for(lambda: names <= set().union(*(b.added for b in batches)))
    finally:
        stop.set()
        thread.join(5)
    assert len(batches) < 50


def test_changes_in_ignored_folders_are_not_reported(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    batches, stop, thread = _watch_in_thread(tmp_path, "auto", ignore=[index])
    try:
        (index / "segment").write_text("x")
        (tmp_path / "seen.txt").write_text("Title\n\nBody.\n")
        assert _wait_for(lambda: any(tmp_path / "seen.txt" in b.added for b in batches))
    finally:
        stop.set()
        thread.join(5)
    assert all(not str(path).startswith(str(index)) for b in batches for path in b.added)


def test_polling_sees_changes_and_removals(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("Old\n\nBody.\n")
    batches, stop, thread = _watch_in_thread(tmp_path, "poll")
    try:
        time.sleep(1.2)  # polling needs one look at the folder as it was
        (tmp_path / "old.txt").unlink()
        (tmp_path / "new.txt").write_text("New\n\nBody.\n")
        assert _wait_for(
            lambda: (
                any(tmp_path / "new.txt" in b.added for b in batches)
                and any(tmp_path / "old.txt" in b.deleted for b in batches)
            )
        )
    finally:
        stop.set()
        thread.join(5)


def test_off_returns_at_once(tmp_path: Path) -> None:
    watch_folder(tmp_path, lambda batch: None, lambda: False, mode="off")


def test_watching_falls_back_to_polling_when_notifications_fail(
    tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    real_watch = watchfiles.watch
    modes: list[bool] = []

    def failing_watch(*args: object, **kwargs: object) -> object:
        modes.append(bool(kwargs.get("force_polling")))
        if not kwargs.get("force_polling"):
            raise OSError(28, "inotify watch limit reached")
        return real_watch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(watchfiles, "watch", failing_watch)
    reasons: list[str] = []
    stop = threading.Event()
    batches: list[FolderChanges] = []
    thread = threading.Thread(
        target=watch_folder,
        args=(tmp_path, batches.append, stop.is_set),
        kwargs={"on_fallback": reasons.append},
        daemon=True,
    )
    thread.start()
    try:
        time.sleep(1.5)
        (tmp_path / "new.txt").write_text("New\n\nBody.\n")
        assert _wait_for(lambda: any(tmp_path / "new.txt" in b.added for b in batches))
    finally:
        stop.set()
        thread.join(5)
    assert modes == [False, True]
    assert reasons and "checking it every second" in reasons[0]
