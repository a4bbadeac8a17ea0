"""Bringing a real on-disk index up to date with its corpus folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ARTICLES, built_index, bump_mtime, open_index, write_corpus
from tui.core.index import ArticleIndex, IndexProgress, IndexUnavailable
from tui.core.index import manifest as manifest_module
from tui.core.index import updater as updater_module
from tui.core.index.engine import segments as engine_segments
from tui.core.index.engine.segments import FileJob
from tui.core.index.manifest import MANIFEST_FILE, Manifest, load_manifest, save_manifest
from tui.core.index.store import META_FILE


def ids(index: ArticleIndex) -> list[str]:
    return [summary.id for summary in index.listing()]


def test_first_update_adds_every_article(tmp_path: Path) -> None:
    index = open_index(write_corpus(tmp_path), tmp_path)
    report = index.update()
    assert report.added == len(ARTICLES)
    assert sorted(ids(index)) == sorted(ARTICLES)


def test_listing_comes_from_stored_fields(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    summary = next(s for s in index.listing() if s.id == "putin-peace.md")
    assert summary.title == "Putin Says Ready to Help Peace Efforts"
    assert summary.published is not None and summary.published.date().isoformat() == "2026-04-12"
    assert summary.source == "The Moscow Times"
    assert summary.byline == "AFP"
    assert summary.path == tmp_path / "corpus" / "putin-peace.md"


def test_unchanged_corpus_reindexes_nothing(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    report = index.update()
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged == len(ARTICLES)


def test_new_file_is_added(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    (tmp_path / "corpus" / "new.md").write_text("# Fresh Story\n\nA zeppelin landed.\n")
    report = index.update()
    assert report.added == 1
    assert [hit.id for hit in index.search("zeppelin").hits] == ["new.md"]


def test_changed_file_is_updated(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    path = tmp_path / "corpus" / "oil-prices.md"
    path.write_text(path.read_text().replace("tankers", "submarines"))
    bump_mtime(path)
    report = index.update()
    assert report.updated == 1
    assert [hit.id for hit in index.search("submarines").hits] == ["oil-prices.md"]
    assert index.search("tankers").hits == []


def test_changed_file_is_not_duplicated(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    path = tmp_path / "corpus" / "oil-prices.md"
    path.write_text(path.read_text() + "\nMore about oil.\n")
    bump_mtime(path)
    index.update()
    assert [hit.id for hit in index.search("oil").hits].count("oil-prices.md") == 1


def test_deleted_file_is_removed(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    (tmp_path / "corpus" / "football-final.md").unlink()
    report = index.update()
    assert report.removed == 1
    assert "football-final.md" not in ids(index)
    assert index.search("barcelona").hits == []


def test_renamed_file_is_reported_as_a_rename(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    corpus = tmp_path / "corpus"
    (corpus / "football-final.md").rename(corpus / "cup-final.md")
    report = index.update()
    assert report.renamed == {"football-final.md": "cup-final.md"}
    assert (report.added, report.removed) == (0, 0)
    assert [hit.id for hit in index.search("barcelona").hits] == ["cup-final.md"]


def test_touched_but_identical_file_is_not_reindexed(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    bump_mtime(tmp_path / "corpus" / "putin-peace.md")
    report = index.update()
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(ARTICLES))


def test_touched_file_costs_only_a_stat_afterwards(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    path = tmp_path / "corpus" / "putin-peace.md"
    bump_mtime(path)
    index.update()
    manifest = load_manifest(index.folder)
    assert manifest is not None
    assert manifest.files["putin-peace.md"][1] == path.stat().st_mtime_ns


def test_unreadable_content_is_skipped_with_a_reason(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 200)
    index = open_index(corpus, tmp_path)
    report = index.update()
    assert [item.id for item in report.skipped] == ["binary.txt"]
    assert report.skipped[0].reason


def test_skipped_files_are_remembered_for_a_warm_start(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    open_index(corpus, tmp_path).update()
    reopened = open_index(corpus, tmp_path)
    assert [item.id for item in reopened.skipped()] == ["notes.pdf"]


def test_progress_is_reported_after_each_commit(tmp_path: Path) -> None:
    index = open_index(write_corpus(tmp_path), tmp_path)
    seen: list[IndexProgress] = []
    index.update(progress=seen.append)
    assert seen[-1].done == seen[-1].total == len(ARTICLES)
    assert sorted(ident for step in seen for ident in step.committed) == sorted(ARTICLES)


def test_committed_batches_are_searchable_during_the_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 1)
    index = open_index(write_corpus(tmp_path), tmp_path)
    found_during: list[int] = []

    def look(progress: IndexProgress) -> None:
        results = index.search(
            "the OR a OR in OR of OR berlin OR madrid OR oil OR putin OR kremlin"
        )
        found_during.append(results.total)

    index.update(progress=look)
    assert found_during[0] >= 1
    assert found_during == sorted(found_during)


def test_search_says_results_are_incomplete_while_updating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 1)
    index = open_index(write_corpus(tmp_path), tmp_path)
    flags: list[bool] = []
    index.update(progress=lambda _: flags.append(index.search("putin").complete))
    assert flags and not any(flags)
    assert index.search("putin").complete


def test_cancelled_update_keeps_what_was_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 1)
    index = open_index(write_corpus(tmp_path), tmp_path)
    steps: list[IndexProgress] = []
    report = index.update(progress=steps.append, is_cancelled=lambda: len(steps) >= 2)
    assert report.cancelled
    assert len(ids(index)) == 2
    assert index.update().added == len(ARTICLES) - 2


def test_worker_processes_build_large_updates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 2)
    articles = {
        f"story-{n:02d}.md": f"# Story {n}\n\nWord{n} appears with zebra{n % 3}.\n"
        for n in range(12)
    }
    index = open_index(write_corpus(tmp_path, articles), tmp_path, entities="none")
    report = index.update()
    assert report.added == 12
    assert len(index.search("zebra1").hits) == 4
    assert not [name for name in os.listdir(index.folder) if name.startswith(".build-")]


def test_schema_version_change_rebuilds_with_a_notice(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    index.close()
    meta = index.folder / META_FILE
    meta.write_text(json.dumps({"schema_version": -1}))
    reopened = open_index(tmp_path / "corpus", tmp_path)
    assert any("rebuilding" in notice for notice in reopened.notices)
    assert reopened.update().added == len(ARTICLES)


def test_damaged_index_is_rebuilt_with_a_notice(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    index.close()
    for name in os.listdir(index.folder):
        if name.endswith(".toc"):
            (index.folder / name).write_bytes(b"garbage")
    reopened = open_index(tmp_path / "corpus", tmp_path)
    assert any("could not be opened" in notice for notice in reopened.notices)
    assert reopened.update().added == len(ARTICLES)
    assert reopened.search("putin").total == 2


def test_rebuild_option_starts_from_scratch(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    report = index.update(rebuild=True)
    assert report.added == len(ARTICLES)


def test_lost_manifest_is_recovered_from_the_index(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    (index.folder / MANIFEST_FILE).unlink()
    reopened = open_index(tmp_path / "corpus", tmp_path)
    report = reopened.update()
    assert report.unchanged == len(ARTICLES)
    assert sorted(ids(reopened)) == sorted(ARTICLES)


def test_a_recovered_manifest_keeps_the_names_of_entities(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    before = {(e.kind, e.key): e.name for e in index.top_entities()}
    # Names a plain title-casing of the key would get wrong ("Strait Of Hormuz").
    spelled = {k: name for k, name in before.items() if name != k[1].title()}
    assert spelled
    (index.folder / MANIFEST_FILE).unlink()
    reopened = open_index(tmp_path / "corpus", tmp_path)
    reopened.update()
    after = {(e.kind, e.key): e.name for e in reopened.top_entities()}
    assert after.keys() == before.keys()
    assert {k: after[k] for k in spelled} == spelled


def test_stale_manifest_is_not_trusted(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    manifest = load_manifest(index.folder)
    assert manifest is not None
    manifest.generation -= 1
    manifest.files.pop("oil-prices.md")
    save_manifest(index.folder, manifest)
    report = open_index(tmp_path / "corpus", tmp_path).update()
    assert report.added == 0


def test_index_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_INDEX_DIR", str(tmp_path / "elsewhere"))
    index = ArticleIndex.open(write_corpus(tmp_path))
    assert index.folder == tmp_path / "elsewhere"


def test_default_index_dir_is_in_the_user_cache(tmp_path: Path) -> None:
    index = ArticleIndex.open(write_corpus(tmp_path))
    assert "broadsheet" in index.folder.parts
    assert Path(os.environ["XDG_CACHE_HOME"]) in index.folder.parents


def test_unwritable_index_folder_raises_index_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(IndexUnavailable, match="cannot create the search index"):
        ArticleIndex.open(write_corpus(tmp_path), blocker / "index")


def test_write_failure_during_update_raises_index_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(write_corpus(tmp_path), tmp_path)

    def full_disk(*args: object, **kwargs: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(updater_module, "commit_segments", full_disk)
    with pytest.raises(IndexUnavailable, match="No space left"):
        index.update()
    monkeypatch.undo()
    assert index.update().added == len(ARTICLES)


def test_builder_folders_never_outlive_the_update(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    leftover = index.folder / ".build-999999999-deadbeef"
    leftover.mkdir()
    shutil.copy(tmp_path / "corpus" / "putin-peace.md", leftover / "x")
    index.update()
    assert not leftover.exists()


def test_small_updates_do_not_pile_up_segments(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    for number in range(8):
        (tmp_path / "corpus" / f"extra-{number}.md").write_text(
            f"# Extra {number}\n\nMore about quokkas.\n"
        )
        index.update()
    segments = index._ix._read_toc().segments
    assert len(segments) <= engine_segments.MAX_SMALL + 1
    assert index.search("quokka").total == 8


def test_missing_corpus_folder_does_not_empty_the_index(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    (tmp_path / "corpus").rename(tmp_path / "unmounted")
    report = index.update()
    assert report.removed == 0
    assert report.notices
    assert len(index.listing()) == len(ARTICLES)


def test_changing_the_recognizer_says_how_to_rebuild(tmp_path: Path) -> None:
    built_index(tmp_path).close()
    reopened = open_index(tmp_path / "corpus", tmp_path, entities="none")
    assert any("--rebuild" in notice for notice in reopened.notices)


def test_a_parser_failure_skips_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.index.engine import segments

    real = segments.parse_bytes

    def fragile(data: bytes, **kwargs: object) -> object:
        if kwargs["rel"] == "oil-prices.md":
            raise RuntimeError("parser bug")
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(segments, "parse_bytes", fragile)
    index = open_index(write_corpus(tmp_path), tmp_path)
    report = index.update()
    assert [item.id for item in report.skipped] == ["oil-prices.md"]
    assert "parser bug" in report.skipped[0].reason
    assert len(ids(index)) == len(ARTICLES) - 1


def test_a_search_after_an_update_sees_its_deletions(tmp_path: Path) -> None:
    index = built_index(tmp_path)
    assert index.search("barcelona").total == 1
    (tmp_path / "corpus" / "football-final.md").unlink()
    for number in range(6):
        (tmp_path / "corpus" / f"more-{number}.md").write_text(f"# More {number}\n\nNews.\n")
        index.update()
        assert index.search("barcelona").total == 0
    assert index.search("NOT zzzz").total == len(ARTICLES) - 1 + 6


def _jobs(count: int) -> list[FileJob]:
    return [FileJob(f"a{i}.txt", f"/c/a{i}.txt", 1, 1) for i in range(count)]


@pytest.mark.parametrize("count", [1, 499, 1_000, 10_000, 100_000])
def test_batches_for_workers_grow_then_shrink_so_the_workers_finish_together(count: int) -> None:
    jobs = _jobs(count)
    chunks = list(updater_module.batches(jobs, 2))
    assert [job for chunk in chunks for job in chunk] == jobs
    sizes = [len(chunk) for chunk in chunks]
    if count >= 300:
        assert sizes[:4] == [50, 50, 100, 100]
    assert max(sizes) <= updater_module.MAX_BATCH
    if count >= 10_000:
        assert updater_module.MAX_BATCH in sizes
        # The last two rounds are small: a worker waits at most for one small batch.
        assert all(size <= updater_module.TAIL_BATCH for size in sizes[-4:])


def test_batches_in_this_process_only_grow() -> None:
    sizes = [len(chunk) for chunk in updater_module.batches(_jobs(10_000), 1)]
    assert sizes[:6] == [50, 100, 200, 400, 800, 1000]
    assert all(size == updater_module.MAX_BATCH for size in sizes[5:-1])
    assert sum(sizes) == 10_000


def test_the_manifest_is_saved_when_time_allows_and_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 1)
    monkeypatch.setattr(updater_module, "MANIFEST_SAVE_SHARE", 1e-9)  # only first and last
    saved: list[int] = []
    real_save = manifest_module.save_manifest

    def save(folder: Path, manifest: Manifest) -> None:
        saved.append(len(manifest.articles))
        real_save(folder, manifest)

    monkeypatch.setattr(updater_module, "save_manifest", save)
    index = open_index(write_corpus(tmp_path), tmp_path)
    report = index.update()
    assert report.added == len(ARTICLES)
    assert saved == [1, len(ARTICLES)]
    on_disk = load_manifest(index.folder)
    assert on_disk is not None and sorted(on_disk.articles) == sorted(ARTICLES)
    assert on_disk.generation == index._ix.latest_generation()


def test_a_failing_update_leaves_a_manifest_of_what_was_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(updater_module, "FIRST_BATCH", 1)
    monkeypatch.setattr(updater_module, "MAX_BATCH", 1)
    monkeypatch.setattr(updater_module, "MANIFEST_SAVE_SHARE", 1e-9)
    real_commit = updater_module.commit_segments
    commits: list[int] = []

    def commit(*args: Any, **kwargs: Any) -> int:
        if len(commits) == 3:
            raise OSError(28, "No space left on device")
        commits.append(1)
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(updater_module, "commit_segments", commit)
    index = open_index(write_corpus(tmp_path), tmp_path)
    with pytest.raises(IndexUnavailable):
        index.update()
    on_disk = load_manifest(index.folder)
    assert on_disk is not None and len(on_disk.articles) == 3
    assert on_disk.generation == index._ix.latest_generation()
    monkeypatch.setattr(updater_module, "commit_segments", real_commit)
    assert index.update().added == len(ARTICLES) - 3
    assert len(ids(index)) == len(ARTICLES)
