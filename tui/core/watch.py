"""Noticing files added, changed, removed or renamed in the corpus while the reader is open.

Watching uses the operating system's notifications (inotify on Linux, through watchfiles);
where those cannot be had (a network file system, a full inotify table) the folder is
checked every `POLL_SECONDS` instead. Changes are handed on in batches: a fetcher writing
500 files becomes a few re-indexing passes, not 500.

A batch says that something changed, and roughly where; the reader then re-scans the corpus
(cheap: a stat per file) rather than trusting the list of paths, because a file written
the instant its folder is made can come before the folder is watched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import watchfiles

# watchfiles (a native module, ~5 ms to load) is imported by the watcher, which starts in a
# worker after the first frame.

SETTLE_MS = 150
"""A batch is handed on once the folder has been quiet this long..."""
BATCH_MS = 800
"""...or once it has been gathering changes this long, whichever comes first."""
POLL_SECONDS = 1.0
"""How often the folder is checked where it cannot be watched."""
STOP_CHECK_MS = 500
"""How often a watcher with nothing to report looks whether it should stop."""
WATCH_MODES = ("auto", "poll", "off")
"""The `watch` setting: notifications with polling as the fallback, polling only, or off."""


@dataclass(frozen=True)
class FolderChanges:
    """One batch of changed files (absolute paths; a rename is a removal plus an addition)."""

    added: frozenset[Path]
    modified: frozenset[Path]
    deleted: frozenset[Path]

    def __len__(self) -> int:
        return len(self.added) + len(self.modified) + len(self.deleted)


class _StopWhen:
    """Adapts a predicate to the `is_set()` that watchfiles asks of a stop event."""

    def __init__(self, should_stop: Callable[[], bool]) -> None:
        self._should_stop = should_stop

    def is_set(self) -> bool:
        return self._should_stop()


def batch_of(
    raw: Iterable[tuple[watchfiles.Change, str]], ignore: Sequence[Path] = ()
) -> FolderChanges:
    """The changes watchfiles reported, less those inside ignored folders (index, state)."""
    from watchfiles import Change

    ignored = [os.path.abspath(folder) for folder in ignore]
    added: set[Path] = set()
    modified: set[Path] = set()
    deleted: set[Path] = set()
    for change, name in raw:
        path = os.path.abspath(name)
        if any(path == folder or path.startswith(folder + os.sep) for folder in ignored):
            continue
        if change == Change.added:
            added.add(Path(path))
        elif change == Change.deleted:
            deleted.add(Path(path))
        else:
            modified.add(Path(path))
    return FolderChanges(frozenset(added), frozenset(modified), frozenset(deleted))


def watch_folder(
    folder: Path,
    on_change: Callable[[FolderChanges], None],
    should_stop: Callable[[], bool],
    *,
    ignore: Sequence[Path] = (),
    mode: str = "auto",
    on_fallback: Callable[[str], None] | None = None,
) -> None:
    """Call `on_change` with each batch of changes under `folder` until `should_stop()`.

    Blocks: run it in a thread. In "auto" mode a failure to watch (no inotify, too many
    watches) falls back to polling, and `on_fallback` is told why.
    """
    if mode == "off":
        return
    import watchfiles

    polling = mode == "poll"
    while not should_stop():
        try:
            for raw in watchfiles.watch(
                folder,
                debounce=BATCH_MS,
                step=SETTLE_MS,
                stop_event=_StopWhen(should_stop),
                rust_timeout=STOP_CHECK_MS,
                yield_on_timeout=False,
                raise_interrupt=False,
                force_polling=polling,
                poll_delay_ms=int(POLL_SECONDS * 1000),
                ignore_permission_denied=True,
            ):
                batch = batch_of(raw, ignore)
                if len(batch):
                    on_change(batch)
            return
        except (OSError, RuntimeError) as error:
            if polling or should_stop():
                raise
            polling = True
            if on_fallback is not None:
                on_fallback(f"cannot watch {folder} ({error}); checking it every second instead")
