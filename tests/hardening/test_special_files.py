"""A pipe or a device put where an article was: reading it must not wait forever."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.hardening.conftest import broadsheet
from tests.hardening.hostile import article_text
from tui.core.article import Skipped
from tui.core.corpus import CorpusFile, read_file, scan
from tui.core.index import ArticleIndex
from tui.core.index import updater as updater_module


def finishes(call: Callable[[], Any], fifo: Path, seconds: float = 5.0) -> Any:
    """Run `call` in a thread; if it blocks on `fifo`, unblock it and fail."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        # Open the pipe's other end so the stuck reader returns, then fail.
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(5)
        raise AssertionError(f"reading {fifo.name} waited for a writer that never came")
    return result[0]


def test_a_file_replaced_by_a_pipe_after_the_scan_is_skipped_not_waited_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "story.txt"
    path.write_text(article_text("Story", "pipeword"))
    [entry] = [item for item in scan(tmp_path) if isinstance(item, CorpusFile)]
    path.unlink()
    os.mkfifo(path)
    [result] = finishes(lambda: read_file(entry), path)
    assert isinstance(result, Skipped) and result.reason == "not a regular file"


def test_a_file_replaced_by_a_folder_after_the_scan_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(article_text("Story", "folderword"))
    [entry] = [item for item in scan(tmp_path) if isinstance(item, CorpusFile)]
    path.unlink()
    path.mkdir()
    [result] = read_file(entry)
    assert isinstance(result, Skipped) and result.reason == "not a regular file"


def test_entities_of_a_pipe_says_why_instead_of_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = finishes(lambda: broadsheet("entities", str(pipe), home=tmp_path, timeout=20), pipe)
    assert result.returncode == 2
    assert b"not a regular file" in result.stderr


def test_a_file_replaced_by_a_pipe_while_indexing_is_skipped_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "stays.txt").write_text(article_text("Stays", "stayingword"))
    pipe = root / "piped.txt"
    pipe.write_text(article_text("Piped", "pipedword"))
    planned = updater_module.plan_update

    def plan_then_swap(corpus: Path, manifest: Any) -> updater_module.UpdatePlan:
        plan = planned(corpus, manifest)
        pipe.unlink()
        os.mkfifo(pipe)
        return plan

    monkeypatch.setattr(updater_module, "plan_update", plan_then_swap)
    with ArticleIndex.open(root, tmp_path / "index", entities="none") as index:
        report = finishes(index.update, pipe)
        assert {item.id: item.reason for item in report.skipped} == {
            "piped.txt": "not a regular file"
        }
        assert [hit.id for hit in index.search("stayingword").hits] == ["stays.txt"]
