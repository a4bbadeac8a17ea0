"""Tidying the index: the many small segments of a large update merged into fewer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from whoosh.reading import SegmentReader

from tests.helpers import doj_markdown, index_in_batches, open_index, write_corpus
from tui.core.index import ArticleIndex
from tui.core.index.engine import segments as engine_segments
from tui.core.index.engine.segments import merge_plan
from tui.core.index.manifest import load_manifest
from tui.core.index.workers import WorkerProcess

QUERIES = ("fraud", "sentenced prison", '"united states"', "investig*", "attorny~", "org:fbi")


@pytest.fixture
def many_segments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ArticleIndex:
    """24 real DOJ releases indexed in batches of two or three: a segment per batch."""
    index_in_batches(monkeypatch, 3, first=2)
    index = open_index(write_corpus(tmp_path, doj_markdown(24)), tmp_path)
    index.update()
    return index


def _segment_sizes(index: ArticleIndex) -> list[int]:
    return sorted(segment.doc_count_all() for segment in index._ix._segments())


def _answers(index: ArticleIndex) -> dict[str, tuple[int, list[str]]]:
    found = {}
    for query in QUERIES:
        results = index.search(query, limit=100)
        found[query] = (results.total, sorted(hit.id for hit in results.hits))
    return found


def _leftover_folders(index: ArticleIndex) -> list[str]:
    return [name for name in os.listdir(index.folder) if name.startswith(".build-")]


def test_tidying_merges_small_segments_and_every_answer_stays(
    many_segments: ArticleIndex,
) -> None:
    index = many_segments
    before = _segment_sizes(index)
    answers = _answers(index)
    listing = index.listing()
    names = index.top_entities(None, limit=None)
    assert len(before) >= 8 and max(before) <= 3
    assert all(total for total, _ in answers.values())

    merges = index.consolidate()

    after = _segment_sizes(index)
    assert merges >= 2 and len(after) < len(before) / 2
    assert sum(after) == 24 and max(after) <= engine_segments.MERGE_DOCS
    assert _answers(index) == answers
    assert index.listing() == listing
    # The same names with the same counts: the very list, so nothing worked out from it
    # (the aliases, the corrected counts) is worked out again.
    assert index.top_entities(None, limit=None) is names
    assert not _leftover_folders(index)
    # The manifest describes the new commit: a later launch lists from it, not rebuilt.
    saved = load_manifest(index.folder)
    assert saved is not None and saved.generation == index._ix.latest_generation()
    again = ArticleIndex.open(index.corpus, index.folder)
    assert again.update().added == 0
    assert _answers(again) == answers
    # Nothing more to do: another tidying merges nothing.
    assert index.consolidate() == 0


def test_articles_deleted_during_a_merge_stay_deleted(many_segments: ArticleIndex) -> None:
    index = many_segments
    sources = merge_plan(index._ix._segments())
    assert len(sources) >= 2
    worker = WorkerProcess(index.folder, None, False)
    built = worker.merge(index.folder, sources, lambda: False)
    assert built is not None
    # While the merge ran, an update deleted an article of its last segment (whose
    # articles come after the others' in the merged one).
    last = sources[-1]
    reader = SegmentReader(index._ix.storage, index._ix.schema, last)
    doomed = reader.stored_fields(last.doc_count_all() - 1)["id"]
    reader.close()
    (index.corpus / doomed).unlink()
    assert index.update().removed == 1
    assert index._commit_merged(built, sources)
    worker.stop()
    assert doomed not in {summary.id for summary in index.listing()}
    for query in QUERIES:
        assert doomed not in {hit.id for hit in index.search(query, limit=100).hits}
    assert index.search("fraud").total == len(
        [s for s in index.listing() if "fraud" in (index.corpus / s.id).read_text().lower()]
    )


def test_a_merge_is_dropped_when_an_update_took_its_segments(
    many_segments: ArticleIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = many_segments
    sources = merge_plan(index._ix._segments())
    worker = WorkerProcess(index.folder, None, False)
    built = worker.merge(index.folder, sources, lambda: False)
    assert built is not None
    # An update that folds small segments together commits first.
    monkeypatch.setattr(engine_segments, "SMALL_SEGMENT", 100)
    (index.corpus / "late.md").write_text("# Late\n\nA late release about quokkas.\n")
    index.update()
    sizes = _segment_sizes(index)
    assert not index._commit_merged(built, sources)
    worker.stop()
    assert _segment_sizes(index) == sizes
    assert index.search("quokkas").total == 1 and len(index.listing()) == 25


def test_stopping_a_tidying_kills_its_merge_and_changes_nothing(
    many_segments: ArticleIndex,
) -> None:
    index = many_segments
    before = _segment_sizes(index)
    generation = index._ix.latest_generation()
    asked = 0

    def stop() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1  # the merge has been sent to the worker

    assert index.consolidate(stop) == 0
    assert _segment_sizes(index) == before
    assert index._ix.latest_generation() == generation
    assert not _leftover_folders(index)


def test_a_few_segments_are_left_as_they_are() -> None:
    class Segment:
        def __init__(self, docs: int) -> None:
            self.docs = docs

        def doc_count_all(self) -> int:
            return self.docs

    assert merge_plan([Segment(90)] * 3) == []  # fewer than MERGE_AT_LEAST small ones
    assert merge_plan([Segment(9000), Segment(900)]) == []  # one small one
    # Two halves of a small file, built by the two workers: one segment afterwards.
    assert len(merge_plan([Segment(486), Segment(514)])) == 2
    assert merge_plan([Segment(9000)] * 20) == []  # big enough already
    group = merge_plan([Segment(9000), *[Segment(900) for _ in range(20)]])
    # 18,000 articles in small segments: two merges of 9,000 each.
    assert len(group) == 10 and sum(s.docs for s in group) == 9000


def _tidied(sizes: list[int]) -> list[int]:
    """The segment sizes once every merge `merge_plan` asks for is done."""

    class Segment:
        def __init__(self, docs: int) -> None:
            self.docs = docs

        def doc_count_all(self) -> int:
            return self.docs

    segments = [Segment(size) for size in sizes]
    while group := merge_plan(segments):
        segments = [s for s in segments if s not in group]
        segments.append(Segment(sum(s.docs for s in group)))
    return sorted(s.docs for s in segments)


def test_small_segments_are_shared_out_evenly_between_the_merges() -> None:
    # The DOJ file's cold build: no segment is left too few to merge again.
    assert _tidied([250, *[1000] * 12, 444]) == [6000, 6694]
    # About 100,000 articles in batches of about 900: eleven segments of about 9,000 (taking
    # the smallest first until MERGE_DOCS would be passed left two segments of 892 as well).
    tidied = _tidied([892] * 112)
    assert len(tidied) == 11 and max(tidied) <= engine_segments.MERGE_DOCS
    assert sum(tidied) == 892 * 112


def test_tidying_drops_the_copies_an_update_deleted(many_segments: ArticleIndex) -> None:
    index = many_segments
    for path in sorted(index.corpus.iterdir()):
        path.write_text(path.read_text() + "\nUpdated with a note about quokkas.\n")
    assert index.update().updated == 24
    assert sum(index.segment_sizes()) == 48  # the first copies stay until their segments go
    index.consolidate()
    assert sum(index.segment_sizes()) == 24
    assert index.search("quokkas").total == 24
    assert len(index.listing()) == 24
