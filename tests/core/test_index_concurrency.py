"""Two broadsheet processes on one index: one updates, the other reads what is committed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import ARTICLES, write_corpus
from tui.core.index import ArticleIndex

REPO = Path(__file__).resolve().parents[2]

SLOW_UPDATE = """
import sys, time
from pathlib import Path
from tui.core.index import ArticleIndex
from tui.core.index import updater
updater.FIRST_BATCH = updater.MAX_BATCH = 1
index = ArticleIndex.open(Path(sys.argv[1]), Path(sys.argv[2]), entities="none")
def progress(step):
    print("committed", step.done, flush=True)
    time.sleep(float(sys.argv[3]))
report = index.update(progress=progress)
print("done", report.added, flush=True)
"""

HOLD_LOCKS = """
import sys, time
from pathlib import Path
from tui.core.index import ArticleIndex
index = ArticleIndex.open(Path(sys.argv[1]), Path(sys.argv[2]), entities="none")
index._lock.acquire()
writer = index._ix.writer()
print("locked", flush=True)
time.sleep(120)
"""


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_reader_searches_committed_batches_while_another_process_updates(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    folder = tmp_path / "index"
    updating = start(SLOW_UPDATE, str(corpus), str(folder), "1.0")
    try:
        assert updating.stdout is not None
        assert updating.stdout.readline().startswith("committed 1")
        reader = ArticleIndex.open(corpus, folder, entities="none")
        report = reader.update()
        assert any("another broadsheet" in notice for notice in report.notices)
        results = reader.search("NOT zzzz")
        assert 1 <= results.total < len(ARTICLES)
        assert not results.complete
        assert 1 <= len(reader.listing()) < len(ARTICLES)
    finally:
        out, err = updating.communicate(timeout=60)
    assert updating.returncode == 0, err
    assert f"done {len(ARTICLES)}" in out
    assert reader.search("NOT zzzz").total == len(ARTICLES)
    assert reader.search("NOT zzzz").complete
    assert len(reader.listing()) == len(ARTICLES)


def test_locks_of_a_killed_process_are_recovered(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    folder = tmp_path / "index"
    holder = start(HOLD_LOCKS, str(corpus), str(folder))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    index = ArticleIndex.open(corpus, folder, entities="none")
    report = index.update()
    assert report.added == len(ARTICLES)
    assert report.notices == []


def test_two_index_commands_at_once_leave_one_consistent_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    folder = tmp_path / "index"
    command = [sys.executable, "-m", "tui", "index", str(corpus), "--index-dir", str(folder)]
    runs = [
        subprocess.Popen(
            [*command, "--json"],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        reports.append(json.loads(out))
    assert sum(report["added"] for report in reports) == len(ARTICLES)
    index = ArticleIndex.open(corpus, folder, entities="none")
    assert index.update().unchanged == len(ARTICLES)
    assert sorted(summary.id for summary in index.listing()) == sorted(ARTICLES)
    assert index.search("NOT zzzz").total == len(ARTICLES)


HOLD_ONLY_THE_LOCK = """
import sys, time
from pathlib import Path
from tui.core.index.locking import UpdateLock
folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
UpdateLock(folder).acquire()
print("locked", flush=True)
time.sleep(120)
"""


def test_index_first_opened_while_locked_works_once_the_lock_is_free(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    folder = tmp_path / "index"
    holder = start(HOLD_ONLY_THE_LOCK, str(folder))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    try:
        index = ArticleIndex.open(corpus, folder, entities="none")
        assert any("another broadsheet" in notice for notice in index.notices)
        results = index.search("putin")
        assert (results.total, results.complete) == (0, False)
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    assert index.update().added == len(ARTICLES)
    assert index.search("putin").total == 2
