"""Measures of the index: cold builds (ours and the anchors), warm start, incremental
update, and query latency (ours and FTS5)."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.corpus import CorpusFile, scan
from tui.core.index import ArticleIndex

from .fts5 import FtsSearcher
from .query_mix import QUERY_MIX, QueryCase
from .stats import median, percentile
from .synthetic import generate_article

INCREMENTAL_FRACTION = 0.01
"""Share of the corpus changed, and again added, and again removed, by the incremental run."""


@dataclass(frozen=True, slots=True)
class Timed:
    """Seconds taken, with what the operation reported."""

    seconds: float
    detail: dict[str, Any]


def build_ours(corpus: Path, folder: Path, *, entities: str = "rules") -> Timed:
    """Cold build: open an empty index folder and update it until it returns."""
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    index = ArticleIndex.open(corpus, folder, entities=entities)
    report = index.update()
    seconds = time.perf_counter() - started
    index.close()
    return Timed(seconds, {"added": report.added, "skipped": len(report.skipped)})


def tidy(corpus: Path, folder: Path) -> Timed:
    """What the reader does after a build: merge the build's small segments into fewer."""
    index = ArticleIndex.open(corpus, folder)
    try:
        before = index.segment_sizes()
        started = time.perf_counter()
        merges = index.consolidate()
        seconds = time.perf_counter() - started
        after = index.segment_sizes()
    finally:
        index.close()
    return Timed(
        seconds, {"merges": merges, "segments_before": len(before), "segments_after": len(after)}
    )


def open_and_update(corpus: Path, folder: Path) -> Timed:
    """Warm start or incremental: open an existing index and update it until it returns."""
    started = time.perf_counter()
    index = ArticleIndex.open(corpus, folder)
    report = index.update()
    seconds = time.perf_counter() - started
    index.close()
    detail = {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "renamed": len(report.renamed),
        "notices": list(report.notices),
    }
    return Timed(seconds, detail)


def _link_tree(source: Path, target: Path) -> None:
    """Copy a corpus folder as hard links (instant, no data copied; the source is never
    written because every change below replaces a file rather than writing into it)."""
    shutil.copytree(source, target, copy_function=os.link)


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name("." + path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def change_corpus(corpus: Path, *, seed: int, run: int, fraction: float) -> dict[str, int]:
    """Change, add and remove `fraction` of the corpus's files each (in place, by replacing)."""
    files = sorted(
        item.rel
        for item in scan(corpus)
        if isinstance(item, CorpusFile) and item.rel.endswith((".txt", ".md"))
    )
    count = max(1, round(len(files) * fraction))
    rng = random.Random(f"incremental:{seed}:{run}")
    picked = rng.sample(files, min(len(files), 2 * count))
    changed, removed = picked[:count], picked[count:]
    for rel in changed:
        path = corpus / rel
        text = path.read_text(encoding="utf-8", errors="replace").rstrip("\n")
        addition = generate_article(seed, 10_000_000 + rng.randrange(10**6), variant=run + 1)
        paragraph = addition.text.split("\n\n")[5]
        _replace(path, f"{text}\n\nUpdate: {paragraph}\n")
    for rel in removed:
        (corpus / rel).unlink()
    for number in range(count):
        article = generate_article(seed, 20_000_000 + number, variant=run + 1)
        _replace(corpus / f"bench-added-{run}-{number:05d}.txt", article.text)
    return {"changed": len(changed), "added": count, "removed": len(removed)}


def incremental_update(
    corpus: Path, warm_index: Path, scratch: Path, *, seed: int, run: int
) -> Timed:
    """Copy corpus (as links) and warm index, change 1% of files each way, open and update."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    copy, index = scratch / "corpus", scratch / "index"
    _link_tree(corpus, copy)
    shutil.copytree(warm_index, index)
    planned = change_corpus(copy, seed=seed, run=run, fraction=INCREMENTAL_FRACTION)
    timed = open_and_update(copy, index)
    shutil.rmtree(scratch, ignore_errors=True)
    return Timed(timed.seconds, {**timed.detail, "planned": planned})


def _time_mix(
    search: Callable[[QueryCase], int], rounds: int, mix: tuple[QueryCase, ...] = QUERY_MIX
) -> tuple[list[float], dict[str, list[float]], dict[str, int], dict[str, str], list[float]]:
    """Every case once to warm up, then `rounds` passes; seconds per search, by kind, and
    the CPU seconds of each search (what a busy shared machine leaves honest)."""
    totals: dict[str, int] = {}
    errors: dict[str, str] = {}
    for case in mix:
        try:
            totals[case.kind] = search(case)
        except Exception as error:
            errors[case.kind] = f"{type(error).__name__}: {error}"
    by_kind: dict[str, list[float]] = {case.kind: [] for case in mix if case.kind in totals}
    every: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for case in mix:
            if case.kind not in totals:
                continue
            started = time.perf_counter()
            started_cpu = time.process_time()
            search(case)
            cpu.append(time.process_time() - started_cpu)
            seconds = time.perf_counter() - started
            by_kind[case.kind].append(seconds)
            every.append(seconds)
    return every, by_kind, totals, errors, cpu


def latency_summary(
    every: list[float],
    by_kind: dict[str, list[float]],
    totals: dict[str, int],
    errors: dict[str, str],
    cpu: list[float] | None = None,
) -> dict[str, Any]:
    """p50/p95 over the whole mix (wall clock, and CPU when given), and per kind, in seconds."""
    summary: dict[str, Any] = {
        "p50": percentile(every, 0.50),
        "p95": percentile(every, 0.95),
        "searches": len(every),
        "by_kind": {
            kind: {
                "p50": percentile(times, 0.5),
                "p95": percentile(times, 0.95),
                "hits": totals.get(kind, 0),
            }
            for kind, times in by_kind.items()
        },
        "errors": errors,
    }
    if cpu:
        summary["cpu_p50"] = percentile(cpu, 0.50)
        summary["cpu_p95"] = percentile(cpu, 0.95)
    return summary


def query_latency_ours(
    corpus: Path, index_folder: Path, rounds: int, mix: tuple[QueryCase, ...] = QUERY_MIX
) -> dict[str, Any]:
    """Our search over the mix: 20 hits with snippets for all 20 (as the app asks)."""
    index = ArticleIndex.open(corpus, index_folder)
    try:

        def search(case: QueryCase) -> int:
            results = index.search(case.ours, limit=20, sort="relevance", snippets=20)
            return results.total

        return latency_summary(*_time_mix(search, rounds, mix))
    finally:
        index.close()


def query_latency_fts5(
    database: Path, rounds: int, mix: tuple[QueryCase, ...] = QUERY_MIX
) -> dict[str, Any]:
    """FTS5 over the same mix: 20 hits by rank with snippet(), plus a count of all."""
    searcher = FtsSearcher(database)
    try:

        def search(case: QueryCase) -> int:
            total, _ = searcher.search(case)
            return total

        return latency_summary(*_time_mix(search, rounds, mix))
    finally:
        searcher.close()


def median_seconds(runs: list[float]) -> float:
    """The median of a list of run times (kept here so callers need not import stats)."""
    return median(runs)
