"""Several broadsheet processes on one corpus, one of them updating the index: no crash, no
corruption, and the same answers in all once the update is done."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.hardening.conftest import cli_env, search_ids
from tests.hardening.hostile import article_text, build_many_files, marker
from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp
from tui.core.index import ArticleIndex
from tui.widgets import ArticleList

FILES = 800


def start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> tuple[int, bytes, bytes]:
    out, err = process.communicate(timeout=180)
    assert b"Traceback" not in err, err.decode(errors="replace")
    return process.returncode, out, err


def corpus_of_notes(root: Path) -> dict[str, str]:
    words = build_many_files(root / "notes", FILES)
    return {f"notes/{name}": word for name, word in words.items()}


def test_three_processes_one_updating_all_finish_and_agree(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    words = corpus_of_notes(root)
    folder = str(tmp_path / "index")
    probe = words["notes/item-00007.txt"]
    updating = start(tmp_path, "index", str(root), "--index-dir", folder, "--json")
    time.sleep(0.3)
    searching = [
        start(tmp_path, "search", probe, "--json", "--corpus", str(root), "--index-dir", folder)
        for _ in range(2)
    ]
    status, out, _ = finish(updating)
    assert status == 0
    report = json.loads(out)
    for process in searching:
        status, out, err = finish(process)
        # 0 with hits, 1 with none yet: a search that ran while the other process was
        # indexing sees what was committed so far, and says so.
        assert status in (0, 1), err
        hits = [json.loads(line)["id"] for line in out.splitlines()]
        assert hits in ([], ["notes/item-00007.txt"])
        if not hits:
            assert b"may be missing" in err or b"another broadsheet" in err, err
    with ArticleIndex.open(root, Path(folder)) as index:
        assert index.update().unchanged == FILES
        assert report["added"] + report["unchanged"] <= FILES
        assert len(index.listing()) == FILES
        assert index.search("NOT zzzz", limit=1).total == FILES
        assert search_ids(index, probe) == ["notes/item-00007.txt"]
    after = [
        start(tmp_path, "search", probe, "--json", "--corpus", str(root), "--index-dir", folder)
        for _ in range(3)
    ]
    for process in after:
        status, out, _ = finish(process)
        assert status == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [
            "notes/item-00007.txt"
        ]


def test_two_updaters_and_a_changing_corpus_leave_one_consistent_index(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    words = corpus_of_notes(root)
    folder = str(tmp_path / "index")
    first = start(tmp_path, "index", str(root), "--index-dir", folder)
    time.sleep(0.5)
    # The corpus changes while the first one indexes; a second one starts.
    for number in range(0, FILES, 100):
        ident = f"notes/item-{number:05d}.txt"
        words[ident] = marker(90_000 + number)
        (root / ident).write_text(article_text(f"Changed {number}", words[ident]))
    second = start(tmp_path, "index", str(root), "--index-dir", folder)
    assert finish(first)[0] == 0 and finish(second)[0] == 0
    final = start(tmp_path, "index", str(root), "--index-dir", folder, "--json")
    status, _, _ = finish(final)
    assert status == 0
    with (
        ArticleIndex.open(root, Path(folder)) as index,
        ArticleIndex.open(root, tmp_path / "fresh") as fresh,
    ):
        fresh.update()
        assert index.search("NOT zzzz", limit=1).total == FILES
        for ident in sorted(words)[::50]:
            assert search_ids(index, words[ident]) == search_ids(fresh, words[ident]) == [ident]


async def test_the_reader_beside_an_updating_process_reads_and_then_finds_everything(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    words = corpus_of_notes(root)
    folder = tmp_path / "index"
    updating = start(tmp_path, "index", str(root), "--index-dir", str(folder))
    time.sleep(0.5)
    app = BroadsheetApp(root, folder, state_path=tmp_path / "state.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        articles = app.main_screen.query_one(ArticleList)
        status, _, _ = finish(updating)
        assert status == 0
        # Once the other process is done, the list holds every article.
        await wait_until(pilot, lambda: len(articles.entries) == FILES, timeout=15)
        await pilot.press("slash", *words["notes/item-00123.txt"])
        await wait_until(
            pilot, lambda: [e.id for e in articles.entries] == ["notes/item-00123.txt"]
        )
        assert app.is_running


def test_a_reader_that_searched_before_an_update_sees_each_changed_article_once(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    path = root / "story.txt"
    path.write_text(article_text("First", marker(1)))
    with ArticleIndex.open(root, tmp_path / "index") as index:
        index.update()
        assert search_ids(index, marker(1)) == ["story.txt"]
        time.sleep(0.01)
        path.write_text(article_text("Second", marker(2), paragraphs=3))
        assert index.update().updated == 1
        with ArticleIndex.open(root, tmp_path / "index") as fresh:
            assert search_ids(fresh, "NOT zzzz") == ["story.txt"]
        assert search_ids(index, "NOT zzzz") == ["story.txt"]
        assert search_ids(index, marker(1)) == []
