"""What the index holds, and how fast it answers, on a real corpus (issue #16 items 4 and 6).

    python -m benchmarks.footprint CORPUS [--index DIR] [--fts5 DB] [--rounds N] [--mix doj|generated]

Builds (or reuses) Broadsheet's index of CORPUS and reports its size beside the corpus's text
(UTF-8 bytes of every article's title and body): by file, by part of each segment (postings,
terms, columns, stored fields) and by field (posting bytes). With `--fts5` it also builds the
FTS5 anchor and times the same query mix on both, 20 hits with 20 snippets as the app asks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tui.core.index import ArticleIndex

from .articles import parsed_articles
from .fts5 import FtsSearcher, build_fts5
from .query_mix import QUERY_MIX, QueryCase
from .stats import percentile

REAL_MIX: tuple[QueryCase, ...] = (
    QueryCase("single term", "fraud", fts_match="{title body} : fraud"),
    QueryCase("two-term AND", "fraud sentenced", fts_match="{title body} : (fraud AND sentenced)"),
    QueryCase("phrase", '"attorney general"', fts_match='{title body} : "attorney general"'),
    QueryCase("field", "title:sentenced", fts_match="title : sentenced"),
    QueryCase("date range", "date:2017-10..2017-12", fts_dates=("2017-10-01", "2018-01-01")),
    QueryCase("prefix", "convict*", fts_match="{title body} : convict*"),
    QueryCase("fuzzy", "sentense~", fts_fuzzy=("sentense", 1)),
)
"""The query mix in words a corpus of U.S. Department of Justice press releases holds."""


def corpus_text_bytes(corpus: Path) -> tuple[int, int]:
    """(articles, UTF-8 bytes of their titles and bodies) as the parsers read them."""
    count = size = 0
    for article in parsed_articles(corpus):
        count += 1
        size += len(article.title.encode("utf-8", "surrogatepass"))
        size += len(article.body.encode("utf-8", "surrogatepass"))
    return count, size


def folder_bytes(folder: Path) -> dict[str, int]:
    """Bytes of the index folder's files, by kind of file."""
    kinds: dict[str, int] = defaultdict(int)
    for path in folder.iterdir():
        if path.is_file():
            kind = path.suffix or path.name
            if path.name.startswith("_MAIN_"):
                kind = "toc"
            kinds[kind] += path.stat().st_size
    return dict(kinds)


def segment_parts(index: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Bytes by part of the segments (terms, postings, each column) and posting bytes by field.

    Posting bytes run from each list's start to the next's (inlined postings count in the
    terms).
    """
    from whoosh.filedb.compound import CompoundStorage

    compound_of: Any = CompoundStorage
    parts: dict[str, int] = defaultdict(int)
    fields: dict[str, int] = defaultdict(int)
    ix = index._ix
    storage = ix.storage
    for segment in ix._segments():
        name = segment.make_filename(".seg")
        compound = compound_of(storage.open_file(name), use_mmap=False)
        for part in compound.list():
            suffix = part.rsplit(".", 1)[-1]
            label = suffix
            if suffix == "col":
                label = "column " + part[len(segment.segment_id()) + 1 : -4]
            parts[label] += compound.file_length(part)
        reader = ix.reader()
        for leaf, _ in reader.leaf_readers():
            if leaf.segment().segment_id() != segment.segment_id():
                continue
            terms = leaf._terms
            starts: list[tuple[int, str]] = []
            for fieldname, btext in leaf.all_terms():
                info = terms.term_info(fieldname, btext)
                if not info.is_inlined():
                    starts.append((int(info.extent()[0]), fieldname))
            # A posting list runs to the start of the next one (lists are written in order).
            starts.sort()
            end = int(terms._postfile.size if hasattr(terms._postfile, "size") else 0)
            end = end or len(terms._postfile._buf)
            for (start, fieldname), after in zip(starts, [*starts[1:], (end, "")], strict=True):
                fields[fieldname] += after[0] - start
        reader.close()
    return dict(parts), dict(fields)


def measure_size(corpus: Path, folder: Path, *, rebuild: bool) -> dict[str, Any]:
    """Build (when asked or missing) and measure the index of `corpus` in `folder`."""
    built: dict[str, Any] = {}
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    index = ArticleIndex.open(corpus, folder)
    try:
        started = time.perf_counter()
        cpu = time.process_time()
        report = index.update()
        built = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds_parent": time.process_time() - cpu,
            "added": report.added,
        }
        files = folder_bytes(folder)
        parts, fields = segment_parts(index)
    finally:
        index.close()
    articles, text = corpus_text_bytes(corpus)
    total = sum(files.values())
    return {
        "articles": articles,
        "text_bytes": text,
        "index_bytes": total,
        "ratio": total / text if text else 0.0,
        "files": files,
        "segment_parts": parts,
        "postings_by_field": fields,
        "build": built,
    }


def _timed(search: Any, mix: tuple[QueryCase, ...], rounds: int) -> dict[str, Any]:
    totals = {case.kind: search(case) for case in mix}  # warm up
    every: list[float] = []
    cpu_every: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    cpu_by_kind: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for case in mix:
            started, cpu = time.perf_counter(), time.thread_time()
            search(case)
            seconds = time.perf_counter() - started
            cpu_every.append(time.thread_time() - cpu)
            cpu_by_kind[case.kind].append(cpu_every[-1])
            every.append(seconds)
            by_kind[case.kind].append(seconds)
    return {
        "p50_ms": 1000 * percentile(every, 0.5),
        "p95_ms": 1000 * percentile(every, 0.95),
        "cpu_p95_ms": 1000 * percentile(cpu_every, 0.95),
        "by_kind_p95_ms": {kind: 1000 * percentile(v, 0.95) for kind, v in by_kind.items()},
        "cpu_by_kind_p95_ms": {kind: 1000 * percentile(v, 0.95) for kind, v in cpu_by_kind.items()},
        "hits": totals,
    }


def measure_queries(
    corpus: Path, folder: Path, database: Path | None, mix: tuple[QueryCase, ...], rounds: int
) -> dict[str, Any]:
    """p50/p95 of the mix on our index (20 hits, 20 snippets) and on FTS5 in the same run."""
    found: dict[str, Any] = {}
    index = ArticleIndex.open(corpus, folder)
    try:
        found["ours"] = _timed(
            lambda case: index.search(case.ours, limit=20, snippets=20).total, mix, rounds
        )
    finally:
        index.close()
    if database is not None:
        if not database.exists():
            build_fts5(corpus, database)
        found["fts5_bytes"] = database.stat().st_size
        searcher = FtsSearcher(database)
        try:
            found["fts5"] = _timed(lambda case: searcher.search(case)[0], mix, rounds)
        finally:
            searcher.close()
    return found


def main(argv: list[str] | None = None) -> int:
    """Measure one corpus and print the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.footprint")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--fts5", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--mix", choices=("real", "generated"), default="real")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-queries", action="store_true")
    args = parser.parse_args(argv)
    folder = args.index or Path("/tmp") / f"footprint-{args.corpus.name}"
    out: dict[str, Any] = {"load": os.getloadavg()}
    out["size"] = measure_size(args.corpus, folder, rebuild=args.rebuild)
    if not args.no_queries:
        mix = REAL_MIX if args.mix == "real" else QUERY_MIX
        out["queries"] = measure_queries(args.corpus, folder, args.fts5, mix, args.rounds)
    out["load_after"] = os.getloadavg()
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
