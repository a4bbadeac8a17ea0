"""The worker processes that build and merge segments end with the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, doj_releases, open_index, write_corpus
from tui.core.index import updater as updater_module

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


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_merge_ends_with_a_parent_killed_outright(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 100)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 100)
    articles = {
        f"release-{n:03d}.md": f"# {r['title']}\n\n{r['body']}\n"
        for n, r in enumerate(doj_releases(500))
    }
    index = open_index(write_corpus(tmp_path, articles), tmp_path, entities="none")
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
