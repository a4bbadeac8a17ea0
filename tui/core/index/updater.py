"""Bringing the index up to date with the corpus folder.

An unchanged file costs one `stat`; a file whose size or mtime moved is hashed, and only
re-indexed when its content really changed; a new file with the content of a vanished one is
a rename. Work is done in batches that grow as they go (the first results are searchable
within a fraction of a second) and, for larger jobs, in worker processes; each finished batch
is committed and reported before the next.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..article import Skipped
from ..corpus import CorpusFile, scan
from ..parsers import is_streamed, reading_cost
from ..parsers.records import open_stream, records
from .copies import find_copies
from .engine.segments import (
    BuiltSegment,
    FileJob,
    FileOutcome,
    SegmentBuilder,
    commit_segments,
    file_sha1,
    private_folder,
    remove_folder,
)
from .manifest import (
    Manifest,
    load_words,
    save_manifest,
    save_skipped,
    save_words,
)
from .results import IndexProgress, UpdateReport
from .workers import WorkerPool

POOL_THRESHOLD = 500
"""Fewer files than this are indexed in this process: starting workers would cost more.

Starting two workers (interpreters, imports, gazetteers) costs about a second before they
index anything; this process indexes a file in about 5 ms, so below a few hundred files
the workers cannot catch up (1% of 10k: 200 files, 2.0-2.2 s with workers, 1.4 s here).
"""
FIRST_BATCH = 50
MAX_BATCH = 1000
TAIL_BATCH = 250
"""The smallest of the shrinking last batches of a build in workers (~1 s of work)."""
SPLIT_BYTES = 1 << 20
"""A JSON Lines file or WARC archive this large (as stored) is split across the workers.

Its one reader (in this process) streams it, gives each record its id in file order, and
hands the records out in batches; a megabyte of news is a few hundred articles, seconds of
work for one worker.
"""
MIN_PART = 1000
"""The smallest part of a split file but its last: each part is a segment with its own
dictionary of terms, and 250-record parts made the index of the DOJ file 4.1x its text
(21 segments) where one segment holds it in 2.6x."""
FIRST_PART = 250
"""The first part of a file of many thousand records: its first titles come in seconds."""
MAX_PART = 1000
"""The largest part of a split file, as MAX_BATCH is of a batch of files: a worker holds a
part's postings in memory, and past about WRITER_LIMIT_MB of them Whoosh's pool spills
sorted runs to disk and merges them back. Parts of 2,000 DOJ releases spilled twice and
cost 30-40% more CPU an article than parts of 1,000 (RESULTS.md); the tidying after the
update merges the segments of small parts."""
BYTES_PER_ARTICLE = 4096
"""About how much of a streamed file (decompressed) one text file's worth of work is."""

MANIFEST_SAVE_SHARE = 0.05
"""At most this share of an update's time goes to saving the manifest after commits.

The manifest is saved whole (0.3 s at 100,000 articles), so saving it after each of the
~100 commits of a large build would take a fifth of one core away from the workers. It is
saved after a commit only when enough time has passed since the last save, and always at
the end. A reader in another process sees new articles in the listing that much later;
after a crash in between, the next update finds the manifest behind the index and
rebuilds it from the index's stored fields.
"""

ProgressCallback = Callable[[IndexProgress], None]
CancelCheck = Callable[[], bool]


@dataclass(slots=True)
class UpdatePlan:
    """What an update has to do, worked out from one scan of the corpus."""

    to_index: list[FileJob] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)
    """Files already in the index whose content changed (their old articles go)."""
    removed: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    touched: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Files with a new size or mtime but the same content: only their stamp changes."""
    unchanged: int = 0
    scan_skipped: list[Skipped] = field(default_factory=list)
    unreadable: bool = False
    """Some folder (or the corpus itself) could not be listed; its articles were kept."""


def plan_update(corpus: Path, manifest: Manifest) -> UpdatePlan:
    """Compare the corpus folder with the manifest."""
    plan = UpdatePlan()
    found: dict[str, CorpusFile] = {}
    for item in scan(corpus):
        if isinstance(item, Skipped):
            plan.scan_skipped.append(item)
        else:
            found[item.rel] = item
    known = manifest.files
    new: list[CorpusFile] = []
    for rel, item in found.items():
        record = known.get(rel)
        if record is None:
            new.append(item)
        elif record[0] == item.size and record[1] == item.mtime_ns:
            plan.unchanged += 1
        elif record[2] and file_sha1(item.path) == record[2]:
            plan.touched[rel] = (item.size, item.mtime_ns)
            plan.unchanged += 1
        else:
            plan.changed.add(rel)
            plan.to_index.append(_job(item))
    # A folder that cannot be listed right now (unmounted, permissions) is not a deletion:
    # its articles stay in the index until it can be read again.
    unlisted = [
        item.id
        for item in plan.scan_skipped
        if item.reason.startswith(("cannot list folder", "cannot open the corpus folder"))
    ]
    plan.unreadable = bool(unlisted)
    gone = [rel for rel in known if rel not in found and not _under(rel, unlisted)]
    gone_by_hash = {known[rel][2]: rel for rel in gone if known[rel][2]}
    for item in new:
        if gone_by_hash:
            old = gone_by_hash.pop(file_sha1(item.path) or "", None)
            if old is not None:
                plan.renamed[old] = item.rel
        plan.to_index.append(_job(item))
    plan.removed = gone
    return plan


def _under(rel: str, folders: list[str]) -> bool:
    return any(folder == "." or rel.startswith(folder + "/") for folder in folders)


def _job(item: CorpusFile) -> FileJob:
    return FileJob(item.rel, str(item.path), item.size, item.mtime_ns)


def work_of(job: FileJob) -> int:
    """About how many plain text files indexing this file costs as much as."""
    cost = reading_cost(job.rel)
    if is_streamed(job.rel):
        expansion = 4 if job.rel.lower().endswith(".gz") else 1
        cost = max(cost, job.size * expansion // BYTES_PER_ARTICLE)
    return cost


def splits(job: FileJob) -> bool:
    """True for a file read in parts by several workers."""
    return is_streamed(job.rel) and job.size >= SPLIT_BYTES


def batches(jobs: list[FileJob], workers: int) -> Iterator[list[FileJob]]:
    """Split jobs into batches that double in size every round, up to MAX_BATCH.

    With several workers the last batches shrink again (to half of what is left per
    worker, at least TAIL_BATCH), so the workers finish at about the same time instead of
    one of them building a last full batch while the others wait.
    """
    size = FIRST_BATCH
    start = 0
    round_left = workers
    while start < len(jobs):
        step = size
        if workers > 1:
            left = len(jobs) - start
            step = min(size, max(TAIL_BATCH, -(-left // (2 * workers))))
        yield jobs[start : start + step]
        start += step
        round_left -= 1
        if round_left == 0:
            size = min(MAX_BATCH, size * 2)
            round_left = workers


@dataclass(slots=True)
class SplitFile:
    """How far the parts of one large file have come."""

    job: FileJob
    parts: int = 0
    records: int = 0
    committed: int = 0
    sha1: str = ""
    """Set once the file has been read to its end."""


class Updater:
    """One run of bringing an index up to date."""

    def __init__(
        self,
        *,
        corpus: Path,
        folder: Path,
        ix: Any,
        manifest: Manifest,
        entities: str | None,
        dayfirst: bool,
        workers: int | None = None,
    ) -> None:
        self.corpus = corpus
        self.folder = folder
        self.ix = ix
        self.manifest = manifest
        self.entities = entities
        self.dayfirst = dayfirst
        self.workers = workers or max(1, min(4, os.cpu_count() or 1))
        self.report = UpdateReport()
        self._indexed: set[str] = set()
        """Files whose new content was committed in this update."""
        self._words: set[str] | None = None
        self._new_words: list[str] = []
        self._signatures: dict[str, bytes | None] = {}
        """Signatures of the articles committed in this update (for `copies`)."""
        self._done = 0
        self._total = 0
        self._manifest_saved = True
        self._manifest_saved_at = -float("inf")
        self._manifest_save_seconds = 0.0
        self._cleared: set[str] = set()
        """Files whose old articles this update has deleted (a split file's go once)."""
        self._split: dict[str, SplitFile] = {}

    def run(self, progress: ProgressCallback | None, is_cancelled: CancelCheck | None) -> None:
        """Do the update, filling `self.report`; the manifest is saved when it returns."""
        try:
            self._run(progress, is_cancelled)
        except BaseException:
            # What was committed stays recorded; the error itself is what the caller sees.
            with contextlib.suppress(OSError):
                self._save_manifest()
            raise

    def _run(self, progress: ProgressCallback | None, is_cancelled: CancelCheck | None) -> None:
        started = time.perf_counter()
        plan = plan_update(self.corpus, self.manifest)
        report = self.report
        report.renamed = dict(plan.renamed)
        before = {ident: record[0] for ident, record in self.manifest.articles.items()}
        if plan.unreadable:
            report.notices.append(
                "some folders of the corpus could not be read; their articles were kept"
            )
        for rel, (size, mtime_ns) in plan.touched.items():
            _, _, sha1, ids, skipped = self.manifest.files[rel]
            self.manifest.files[rel] = (size, mtime_ns, sha1, ids, skipped)
        self._total = len(plan.to_index)
        pending_removals = list(plan.removed)
        if not plan.to_index:
            if pending_removals:
                self._commit([], pending_removals, merge=True)
            elif plan.touched:
                save_manifest(self.folder, self.manifest)
        else:
            # Saved pages, feeds and archives cost many text files each to read.
            work = sum(work_of(job) for job in plan.to_index)
            if work < POOL_THRESHOLD or self.workers < 2:
                chunks: Iterator[list[FileJob]] = batches(plan.to_index, 1)
            else:
                chunks = self._build_in_pool(plan, pending_removals, progress, is_cancelled)
            if not report.cancelled:
                self._build_here(chunks, plan, pending_removals, progress, is_cancelled)
            self._finish_split_files()
        if pending_removals:
            # Only left when every batch failed or the update was cancelled early.
            self._commit([], pending_removals, merge=False)
        self._save_manifest()
        self._save_words()
        self._note(find_copies(self.folder, self.ix, self.manifest.articles, self._signatures))
        self._count_articles(before, plan)
        report.skipped = plan.scan_skipped + [
            Skipped(ident, self.corpus / rel, reason)
            for rel, record in sorted(self.manifest.files.items())
            for ident, reason in record[4]
        ]
        save_skipped(self.folder, report.skipped)
        report.seconds = time.perf_counter() - started

    def _count_articles(self, before: dict[str, str], plan: UpdatePlan) -> None:
        """Fill the report's counts with articles (not files) as the index now holds them.

        A file whose every part was skipped adds nothing; a JSON file of many entries adds
        many; articles of a renamed file are neither added nor removed.
        """
        report = self.report
        after = self.manifest.articles
        moved_from = set(plan.renamed)
        moved_to = set(plan.renamed.values())
        added = [ident for ident, record in after.items() if ident not in before]
        report.added = sum(1 for ident in added if after[ident][0] not in moved_to)
        report.removed = sum(
            1 for ident, rel in before.items() if ident not in after and rel not in moved_from
        )
        kept = [ident for ident in after if ident in before]
        reindexed = self._indexed & plan.changed
        report.updated = sum(1 for ident in kept if after[ident][0] in reindexed)
        report.unchanged = len(kept) - report.updated
        report.articles = len(after)

    def _build_here(
        self,
        chunks: Iterator[list[FileJob]],
        plan: UpdatePlan,
        removals: list[str],
        progress: ProgressCallback | None,
        is_cancelled: CancelCheck | None,
    ) -> None:
        chunk = next(chunks, None)
        if chunk is None:
            return
        builder = SegmentBuilder(
            private_folder(self.folder), entities=self.entities, dayfirst=self.dayfirst
        )
        self._note(builder.notice)
        try:
            while chunk is not None:
                if is_cancelled is not None and is_cancelled():
                    self.report.cancelled = True
                    break
                built = builder.build(chunk, is_cancelled)
                chunk = next(chunks, None)
                self._commit([built], self._deletions(built, plan, removals), merge=chunk is None)
                self._tell(progress, [built])
        finally:
            remove_folder(builder.folder)

    def _build_in_pool(
        self,
        plan: UpdatePlan,
        removals: list[str],
        progress: ProgressCallback | None,
        is_cancelled: CancelCheck | None,
    ) -> Iterator[list[FileJob]]:
        """Build in worker processes; returns the batches they could not build."""
        pool = WorkerPool(self.workers, self.folder, self.entities, self.dayfirst)
        workers = max(1, pool.size)
        whole = [job for job in plan.to_index if not splits(job)]
        source = itertools.chain(
            batches(whole, workers),
            *(self._parts(job, workers) for job in plan.to_index if splits(job)),
        )
        if pool.size == 0:
            return source
        retry: list[list[FileJob]] = []
        received = 0
        try:
            pool.start(source)
            while not (pool.exhausted and received == pool.handed_out):
                if is_cancelled is not None and is_cancelled():
                    self.report.cancelled = True
                    break
                try:
                    first = pool.results.get(timeout=0.2)
                except queue.Empty:
                    if not pool.alive() and pool.results.empty():
                        break
                    continue
                arrived = [first]
                with contextlib.suppress(queue.Empty):
                    while True:
                        arrived.append(pool.results.get_nowait())
                received += len(arrived)
                built = [item for _, item, _ in arrived if item is not None]
                retry.extend(batch for batch, item, _ in arrived if item is None)
                if built:
                    deletions = [
                        rel for item in built for rel in self._deletions(item, plan, removals)
                    ]
                    last = pool.exhausted and received == pool.handed_out and not retry
                    self._commit(built, deletions, merge=last)
                    self._tell(progress, built)
        finally:
            pool.stop(now=self.report.cancelled)
            remove_stale_build_folders(self.folder)
            for notice in pool.notices:
                self._note(notice)
        if self.report.cancelled:
            return iter(())
        return itertools.chain(retry, pool.leftovers())

    def _parts(self, job: FileJob, workers: int) -> Iterator[list[FileJob]]:
        """The batches of one large file's records, read as the workers ask for them.

        Batches grow as in `batches` and shrink again towards the end of the file (judged
        by how much of it has been read), so the workers finish together. None but the
        last is smaller than MIN_PART records: each segment writes its own dictionary of
        terms, so small parts make a bigger index (the tidying after the update merges them).
        A file of fewer than MIN_PART records a worker is split evenly between the workers,
        in parts of at least FIRST_PART, so that no worker idles while one reads it all.
        Only a file of many thousand records starts with a small part, for its first titles.
        """
        split = self._split[job.rel] = SplitFile(job)

        def part(taken: list[Any]) -> list[FileJob]:
            split.records += len(taken)
            split.parts += 1
            return [replace(job, records=tuple(taken))]

        try:
            with open_stream(job.path) as stream:
                size = MIN_PART
                taken: list[Any] = []
                # A part cut is handed out once enough records follow it for a part of
                # their own: the last few records of a file join the part before them.
                held: list[Any] = []
                tail = 0
                for record in records(stream, rel=job.rel):
                    taken.append(record)
                    if held and len(taken) >= tail:
                        yield part(held)
                        held = []
                    read = max(1, stream.consumed)
                    seen = split.records + len(held) + len(taken)
                    left = seen * max(0, job.size - read) // read
                    early = not split.parts and len(taken) == FIRST_PART and left > 4 * MIN_PART
                    least = min(MIN_PART, max(FIRST_PART, -(-(seen + left) // workers)))
                    if early:
                        yield part(taken)  # many records follow: no need to hold it
                        taken = []
                        size = MIN_PART
                    elif len(taken) >= min(size, max(least, left // (2 * workers))):
                        if held:
                            yield part(held)
                        held, taken = taken, []
                        tail = least // 2
                        size = min(MAX_PART, size * 2)
                if held and len(taken) < tail and len(held) + len(taken) <= MAX_PART:
                    held, taken = held + taken, []
                if held:
                    yield part(held)
                if taken or not split.parts:
                    yield part(taken)
                split.sha1 = stream.sha1()
        except OSError:
            # Unreadable now: read whole, it gives the reason (or the articles, if it came back).
            self._split.pop(job.rel, None)
            yield [job]

    def _deletions(self, built: BuiltSegment, plan: UpdatePlan, removals: list[str]) -> list[str]:
        # Old articles of changed files go in the commit that brings their new ones (the
        # first part's, for a split file); files that vanished go with the first commit.
        deletions = []
        for outcome in built.outcomes:
            if outcome.rel in plan.changed and outcome.rel not in self._cleared:
                self._cleared.add(outcome.rel)
                deletions.append(outcome.rel)
        deletions.extend(removals)
        removals.clear()
        return deletions

    def _commit(self, built: list[BuiltSegment], deletions: list[str], *, merge: bool) -> None:
        manifest = self.manifest
        doomed = [
            ident for rel in deletions if rel in manifest.files for ident in manifest.files[rel][3]
        ]
        generation = commit_segments(self.ix, self.folder, built, doomed, merge=merge)
        for rel in deletions:
            manifest.forget_file(rel)
        for item in built:
            for outcome in item.outcomes:
                self._record(outcome)
                self._signatures.update(outcome.signatures)
            for key, name in item.names.items():
                manifest.names.setdefault(key, name)
            self._new_words.extend(item.words)
        manifest.generation = generation
        self._manifest_saved = False
        now = time.perf_counter()
        if now - self._manifest_saved_at >= self._manifest_save_seconds / MANIFEST_SAVE_SHARE:
            self._save_manifest()

    def _record(self, outcome: FileOutcome) -> None:
        """Enter a file's outcome (or one part's) in the manifest."""
        manifest = self.manifest
        ids = tuple(ident for ident, _ in outcome.articles)
        skipped = tuple(outcome.skipped)
        split = self._split.get(outcome.rel) if outcome.part else None
        if split is not None and outcome.rel in self._indexed:
            _, _, _, old_ids, old_skipped = manifest.files[outcome.rel]
            ids, skipped = old_ids + ids, old_skipped + skipped
        else:
            self._indexed.add(outcome.rel)
            manifest.forget_file(outcome.rel)
        if split is None:
            stamp = (outcome.size, outcome.mtime_ns, outcome.sha1)
        else:
            # Until its last part is in, the file is recorded as never seen: an update
            # cancelled or killed half-way reads it again next time.
            split.committed += 1
            stamp = (-1, -1, "")
        manifest.files[outcome.rel] = (*stamp, ids, skipped)
        manifest.articles.update(outcome.articles)

    def _split_complete(self, rel: str) -> bool:
        split = self._split.get(rel)
        return split is None or (bool(split.sha1) and split.committed == split.parts)

    def _finish_split_files(self) -> None:
        """Give each split file whose every part is in the index its real stamp."""
        for rel, split in self._split.items():
            record = self.manifest.files.get(rel)
            if self._split_complete(rel) and record is not None:
                stamp = (split.job.size, split.job.mtime_ns, split.sha1)
                self.manifest.files[rel] = (*stamp, *record[3:])
                self._manifest_saved = False

    def _save_manifest(self) -> None:
        if self._manifest_saved:
            return
        started = time.perf_counter()
        save_manifest(self.folder, self.manifest)
        self._manifest_saved = True
        self._manifest_saved_at = time.perf_counter()
        self._manifest_save_seconds = self._manifest_saved_at - started

    def _tell(self, progress: ProgressCallback | None, built: list[BuiltSegment]) -> None:
        # A split file counts once, when its last part is in.
        self._done += sum(
            1
            for item in built
            for outcome in item.outcomes
            if not outcome.part or self._split_complete(outcome.rel)
        )
        if progress is not None:
            ids = tuple(ident for item in built for ident in item.article_ids)
            progress(IndexProgress(min(self._done, self._total), self._total, ids))

    def _save_words(self) -> None:
        if not self._new_words:
            return
        words = set(load_words(self.folder))
        words.update(self._new_words)
        save_words(self.folder, words)

    def _note(self, notice: str | None) -> None:
        if notice and notice not in self.report.notices:
            self.report.notices.append(notice)


def remove_stale_build_folders(folder: Path) -> None:
    """Remove builder folders whose process is gone (finished, or killed mid-update)."""
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".build-")]
    except OSError:
        return
    for name in names:
        pid_text = name.split("-")[1] if name.count("-") >= 2 else ""
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            continue
        remove_folder(folder / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still answers kill(0); its folder is ours to remove.
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return handle.read().split(")")[-1].split()[0] != "Z"
    return True
