"""Index faults: `kill -9` mid-build and mid-update, damaged segment files, and an index
folder that is read-only or out of space. Each recovers, or says why search is unavailable."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hardening.conftest import broadsheet, cli_env, search_ids
from tests.hardening.hostile import article_text, build_many_files, marker
from tests.helpers import ready, wait_until
from tui.app import BroadsheetApp
from tui.core.index import ArticleIndex, IndexUnavailable
from tui.core.index.manifest import load_manifest
from tui.core.library import Library
from tui.widgets import ArticleList, ReaderPane
from tui.widgets.search_box import SearchStatus

FILES = 1500
ENTITIES = "none"
"""Entities are not what these tests are about; leaving them out halves the builds."""
PROBES = ("NOT zzzz", "note", "item", 'title:"item 17"', "short OR holding")


def snapshot(index: ArticleIndex, words: dict[str, str]) -> dict[str, object]:
    """What an index answers: every listed id, and the hits of a few queries and words."""
    answers: dict[str, object] = {"listing": sorted(s.id for s in index.listing())}
    for query in PROBES:
        answers[query] = sorted(search_ids(index, query))
    for ident in sorted(words)[::97]:
        answers[ident] = sorted(search_ids(index, words[ident]))  # equal scores: any order
    return answers


def fresh_answers(root: Path, folder: Path, words: dict[str, str]) -> dict[str, object]:
    with ArticleIndex.open(root, folder, entities=ENTITIES) as index:
        index.update()
        return snapshot(index, words)


def start_index(root: Path, folder: Path, home: Path) -> subprocess.Popen[bytes]:
    """`broadsheet index` in its own process group (so its workers can be cleaned up)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "index",
            str(root),
            "--index-dir",
            str(folder),
            "--entities",
            ENTITIES,
        ],
        env=cli_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_after_a_commit(process: subprocess.Popen[bytes], folder: Path, generation: int) -> int:
    """`kill -9` the process once it has committed a batch after `generation`; the number
    of articles the index held then."""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            saved = load_manifest(folder)
            if saved is not None and saved.generation > generation and saved.articles:
                break
            assert process.poll() is None, "the update ended before a batch was committed"
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # its worker processes, if any are left
    saved = load_manifest(folder)
    return len(saved.articles) if saved is not None else 0


def generation(folder: Path) -> int:
    saved = load_manifest(folder)
    return saved.generation if saved is not None else -1


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "corpus"
    words = build_many_files(root / "notes", FILES)
    return root, {f"notes/{name}": word for name, word in words.items()}


def test_kill_9_during_a_cold_build_then_restart_gives_the_same_hits_as_a_fresh_build(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, words = corpus
    folder = tmp_path / "index"
    process = start_index(root, folder, tmp_path)
    committed = kill_after_a_commit(process, folder, -1)
    assert 0 < committed < FILES, "the kill did not land in the middle of the build"
    again = broadsheet(
        "index", str(root), "--index-dir", str(folder), "--entities", ENTITIES, home=tmp_path
    )
    assert again.returncode == 0, again.stderr
    with ArticleIndex.open(root, folder, entities=ENTITIES) as index:
        assert index.update().unchanged == FILES
        recovered = snapshot(index, words)
    assert recovered == fresh_answers(root, tmp_path / "fresh", words)
    assert not [name for name in os.listdir(folder) if name.startswith(".build-")]


def test_kill_9_during_an_incremental_update_then_restart_gives_the_same_hits(
    corpus: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, words = corpus
    folder = tmp_path / "index"
    with ArticleIndex.open(root, folder, entities=ENTITIES) as index:
        index.update()
    # Change a tenth, delete a tenth, add as many again as there were.
    for number, ident in enumerate(sorted(words)):
        if number % 10 == 0:
            words[ident] = marker(50_000 + number)
            (root / ident).write_text(article_text(f"Changed {number}", words[ident]))
        elif number % 10 == 1:
            (root / ident).unlink()
            del words[ident]
    added = build_many_files(root / "more", FILES // 2)
    words.update({f"more/{name}": word for name, word in added.items()})
    process = start_index(root, folder, tmp_path)
    kill_after_a_commit(process, folder, generation(folder))
    again = broadsheet(
        "index", str(root), "--index-dir", str(folder), "--entities", ENTITIES, home=tmp_path
    )
    assert again.returncode == 0, again.stderr
    assert not again.stdout.startswith(b"added 0, updated 0,"), "killed after the last commit"
    with ArticleIndex.open(root, folder, entities=ENTITIES) as index:
        recovered = snapshot(index, words)
    assert recovered == fresh_answers(root, tmp_path / "fresh", words)


def damage(folder: Path, how: str) -> None:
    segments = sorted(folder.glob("*.seg"), key=lambda path: path.stat().st_size)
    assert segments, sorted(os.listdir(folder))
    largest = segments[-1]
    if how == "deleted":
        largest.unlink()
    else:
        with open(largest, "r+b") as handle:
            handle.truncate(largest.stat().st_size // 2)


def damaged_index(tmp_path: Path, how: str) -> tuple[Path, Path, dict[str, str]]:
    """A corpus of 300 notes, its index built and then damaged; (corpus, index, words)."""
    root = tmp_path / "corpus"
    words = {f"notes/{n}": w for n, w in build_many_files(root / "notes", 300).items()}
    folder = tmp_path / "index"
    with ArticleIndex.open(root, folder) as index:
        index.update()
    damage(folder, how)
    return root, folder, words


@pytest.mark.parametrize("how", ["truncated", "deleted"])
def test_a_damaged_segment_file_is_detected_and_rebuilt_with_a_notice(
    how: str, tmp_path: Path
) -> None:
    root, folder, words = damaged_index(tmp_path, how)
    with ArticleIndex.open(root, folder) as index:
        assert any("rebuilding the search index" in n for n in index.notices), index.notices
        index.update()
        assert snapshot(index, words) == fresh_answers(root, tmp_path / "fresh", words)


async def test_the_reader_rebuilds_a_damaged_index_with_a_notice_and_searches(
    tmp_path: Path,
) -> None:
    root, folder, words = damaged_index(tmp_path, "truncated")
    app = BroadsheetApp(root, folder, state_path=tmp_path / "state.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "rebuilding the search index" in messages
        articles = app.main_screen.query_one(ArticleList)
        await pilot.press("slash", *words["notes/item-00042.txt"])
        await wait_until(
            pilot, lambda: [e.id for e in articles.entries] == ["notes/item-00042.txt"]
        )
        assert app.is_running


# Read-only and full index folders: a small tmpfs mounted for the test (root can write
# anywhere on a writable file system whatever the mode bits say; a read-only or full
# file system stops root too).


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    mounted: list[Path] = []

    def mount(name: str, *options: str) -> Path:
        target = tmp_path / name
        target.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"cannot mount a tmpfs (the tests need root): {result.stderr}")
        mounted.append(target)
        return target

    try:
        yield mount
    finally:
        for target in mounted:
            subprocess.run(["umount", str(target)], check=False, capture_output=True)


def small_corpus(root: Path, count: int = 60) -> dict[str, str]:
    root.mkdir(parents=True)
    words = {}
    for number in range(count):
        words[f"a{number:03d}.txt"] = marker(number)
        (root / f"a{number:03d}.txt").write_text(
            article_text(f"Article {number}", marker(number), paragraphs=40)
        )
    return words


def remount_read_only(target: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_index_folder_read_only_or_full_leaves_reading_and_says_why_search_is_not_there(
    fault: str, tmp_path: Path, mount_point: Callable[..., Path]
) -> None:
    words = small_corpus(tmp_path / "corpus")
    if fault == "read-only":
        folder = mount_point("ro", "size=4m")
        remount_read_only(folder)
        why = "read-only"
    else:
        folder = mount_point("full", "size=96k")
        why = "no space left"
    library = Library(tmp_path / "corpus", folder / "index")
    library.open()
    library.update()
    try:
        assert library.unavailable is not None and why in library.unavailable.lower()
        assert any("Search unavailable" in notice for notice in library.notices)
        assert len(library.listing()) == len(words)
        opened = library.open_article("a007.txt")
        assert not isinstance(opened, type(None)) and words["a007.txt"] in opened.article.body
        with pytest.raises(IndexUnavailable, match="(?i)" + why):
            library.search(words["a007.txt"])
    finally:
        library.close()
    result = broadsheet(
        "index", str(tmp_path / "corpus"), "--index-dir", str(folder / "index"), home=tmp_path
    )
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert why in result.stderr.decode().lower()


@pytest.mark.parametrize("fault", ["read-only", "full"])
async def test_the_reader_opens_articles_and_search_says_why_it_is_unavailable(
    fault: str, tmp_path: Path, mount_point: Callable[..., Path]
) -> None:
    small_corpus(tmp_path / "corpus", 30)
    if fault == "read-only":
        folder = mount_point("ro", "size=4m")
        remount_read_only(folder)
    else:
        folder = mount_point("full", "size=96k")
    app = BroadsheetApp(tmp_path / "corpus", folder / "index", state_path=tmp_path / "s.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        articles = app.main_screen.query_one(ArticleList)
        assert len(articles.entries) == 30
        await pilot.press("g", "enter")
        pane = app.main_screen.query_one(ReaderPane)
        await wait_until(pilot, lambda: pane.article is not None)
        await pilot.press("slash", *"article")
        status = app.main_screen.query_one(SearchStatus)
        await wait_until(pilot, lambda: "Search unavailable" in str(status.render()))
        assert why(fault) in str(status.render()).lower()
        assert app.is_running


def why(fault: str) -> str:
    return "read-only" if fault == "read-only" else "no space left"


async def test_the_reader_announces_a_disk_that_fills_up_during_the_update(
    tmp_path: Path, mount_point: Callable[..., Path]
) -> None:
    small_corpus(tmp_path / "corpus", 30)
    folder = mount_point("full", "size=96k")
    app = BroadsheetApp(tmp_path / "corpus", folder / "index", state_path=tmp_path / "s.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "Search unavailable" in messages and "no space left" in messages.lower()
