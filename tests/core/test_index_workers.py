"""The worker processes that build and merge segments end with the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, doj_markdown, index_in_batches, open_index, write_corpus
from tui.core.index.updater import _alive

PARENT = """
import sys, time
from pathlib import Path
from tui.core.index.engine.segments import merge_plan
from tui.core.index.engine.storage import open_index
from tui.core.index.workers import WorkerProcess
folder = Path(sys.argv[1])
sources = merge_plan(open_index(folder)._segments())
worker = WorkerProcess(folder, None, False)
worker._send(("merge", str(folder), sources))
print(worker.process.pid, len(sources), flush=True)
time.sleep(600)
"""


def test_a_merge_ends_with_a_parent_killed_outright(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_in_batches(monkeypatch, 100, merged=10_000)
    index = open_index(write_corpus(tmp_path, doj_markdown(500)), tmp_path, entities="none")
    index.update()
    index.close()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(index.folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert parent.stdout is not None
    child, merging = map(int, parent.stdout.readline().split())
    assert merging >= 4 and _alive(child)
    # The child makes its folder as it starts, then merges at once.
    deadline = time.monotonic() + 60
    while not list(index.folder.glob(f".build-{child}-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 60
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
    # Killed with its parent, not after its merge (which would have left a finished segment
    # in its folder, then failed to send it down the closed pipe).
    folders = list(index.folder.glob(f".build-{child}-*"))
    assert folders and not list(folders[0].glob("*.seg"))
