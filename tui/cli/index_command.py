"""`broadsheet index`: bring a corpus's search index up to date and say what changed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.index import ArticleIndex, IndexProgress, IndexUnavailable, UpdateReport
from ..core.inert import inert_json, inert_line
from .options import add_corpus_options, add_entities_option


def add_parser(subparsers: Any) -> None:
    """Register `index`."""
    parser = subparsers.add_parser(
        "index",
        help="bring the search index of a corpus up to date",
        description=(
            "Index new and changed articles, drop deleted ones, and report what was added, "
            "updated, removed, unchanged and skipped (with reasons)."
        ),
    )
    add_corpus_options(parser, positional=True)
    add_entities_option(parser)
    parser.add_argument(
        "--rebuild", action="store_true", help="throw the index away and build it again"
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.set_defaults(func=run)


def open_index(args: argparse.Namespace) -> ArticleIndex | None:
    """Open the index named by the corpus options, or print why not (and return None)."""
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"broadsheet: no corpus folder at {inert_line(str(corpus))}", file=sys.stderr)
        return None
    try:
        return ArticleIndex.open(
            corpus,
            args.index_dir,
            entities=getattr(args, "entities", None) or "rules",
            dayfirst=args.day_first,
        )
    except IndexUnavailable as error:
        print(f"broadsheet: {inert_line(str(error))}", file=sys.stderr)
        return None


def _show_progress(progress: IndexProgress) -> None:
    sys.stderr.write(f"\rindexing {progress.done:,} / {progress.total:,}")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Update the index and print the report."""
    index = open_index(args)
    if index is None:
        return 2
    with index:
        for notice in index.notices:
            print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
        interactive = sys.stderr.isatty() and not args.json
        try:
            report = index.update(
                progress=_show_progress if interactive else None, rebuild=args.rebuild
            )
        except IndexUnavailable as error:
            print(f"broadsheet: {inert_line(str(error))}", file=sys.stderr)
            return 2
        finally:
            if interactive:
                sys.stderr.write("\r\x1b[K")
        if not report.cancelled:
            _tidy(index, interactive)
        if args.json:
            print(inert_json(json.dumps(report_json(report, index), ensure_ascii=False)))
        else:
            print_report(report)
        return 0


def _tidy(index: ArticleIndex, interactive: bool) -> None:
    """Merge the small segments the update left, as the reader would after it."""
    before = len(index.segment_sizes())
    known = len(index.notices)
    if interactive:
        sys.stderr.write(f"\rtidying the index ({before:,} segments) ...")
        sys.stderr.flush()
    try:
        index.consolidate()
    finally:
        if interactive:
            sys.stderr.write("\r\x1b[K")
    for notice in index.notices[known:]:
        print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)


def report_json(report: UpdateReport, index: ArticleIndex) -> dict[str, Any]:
    """The update report as JSON-ready data."""
    return {
        "articles": report.articles,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "renamed": report.renamed,
        "skipped": [
            {"id": item.id, "path": str(item.path), "reason": item.reason}
            for item in report.skipped
        ],
        "seconds": round(report.seconds, 3),
        "notices": [*index.notices, *report.notices],
        "index_dir": str(index.folder),
    }


def print_report(report: UpdateReport) -> None:
    """The update report as a few lines of text."""
    for notice in report.notices:
        print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
    print(
        f"added {report.added:,}, updated {report.updated:,}, removed {report.removed:,}, "
        f"unchanged {report.unchanged:,}, skipped {len(report.skipped):,} "
        f"in {report.seconds:.2f} s; {report.articles:,} "
        f"{'article' if report.articles == 1 else 'articles'} in the index"
    )
    for old, new in sorted(report.renamed.items()):
        print(f"renamed {inert_line(old)} -> {inert_line(new)}")
    for item in report.skipped:
        print(f"skipped {inert_line(item.id)}: {inert_line(item.reason)}")
    if report.cancelled:
        print("stopped before the end: run `broadsheet index` again to finish")
