"""`broadsheet export`: every article (or every match of a query) as JSON Lines, Markdown
or CSV, on standard output or into a file.

JSON Lines is how a user, and our own quality checks, see exactly what was extracted from
each file: id, path, kind, title, byline, source, date, URL, captions and body.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.article import Article, Skipped
from ..core.corpus import CorpusFile, read_file, scan
from ..core.export import FORMATS, write_articles
from ..core.index import QueryError
from ..core.inert import inert_line
from .index_command import open_index
from .options import add_corpus_options


def add_parser(subparsers: Any) -> None:
    """Register `export`."""
    parser = subparsers.add_parser(
        "export",
        help="write every article (or every match of a query) as JSON Lines, Markdown or CSV",
        description=(
            "Print one JSON object per article: id, path, kind, title, byline, source, date, "
            "url, captions and body (paragraphs separated by blank lines). With a QUERY, only "
            "the articles it matches (the index is brought up to date first), best first. "
            "Markdown gives each article as a heading, a metadata line and its text; CSV one "
            "row per article with its metadata (and its body with --body)."
        ),
    )
    parser.add_argument("query", nargs="?", default=None, help="what to search for (optional)")
    add_corpus_options(parser, positional=False)
    parser.add_argument(
        "--format", choices=FORMATS, default="jsonl", help="output format (default jsonl)"
    )
    parser.add_argument(
        "--output", "-o", type=Path, default=None, help="write to FILE instead of the screen"
    )
    parser.add_argument("--body", action="store_true", help="CSV: include each article's body")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the articles; 0 when some were printed, 1 for none, 2 for a bad query."""
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"broadsheet: no such folder: {inert_line(str(corpus))}", file=sys.stderr)
        return 2
    if args.query and args.query.strip():
        found = _matching(args)
        if found is None:
            return 2
        articles = _articles_by_id(corpus, found, dayfirst=args.day_first)
    else:
        articles = _every_article(corpus, dayfirst=args.day_first)
    if args.output is None:
        printed = write_articles(articles, sys.stdout, args.format, body=args.body)
    else:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                printed = write_articles(articles, out, args.format, body=args.body)
        except OSError as error:
            where = inert_line(str(args.output))
            print(f"broadsheet: cannot write {where}: {error.strerror}", file=sys.stderr)
            return 2
        noun = "article" if printed == 1 else "articles"
        print(f"wrote {printed:,} {noun} to {inert_line(str(args.output))}", file=sys.stderr)
    return 0 if printed else 1


def _every_article(corpus: Path, *, dayfirst: bool) -> Iterator[Article]:
    for item in scan(corpus):
        if isinstance(item, CorpusFile):
            for result in read_file(item, dayfirst=dayfirst):
                if isinstance(result, Article):
                    yield result


def _matching(args: argparse.Namespace) -> list[tuple[str, str]] | None:
    """(article id, file) of every match, best first; None after printing why it failed."""
    index = open_index(args)
    if index is None:
        return None
    with index:
        report = index.update()
        for notice in report.notices:
            print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
        try:
            total = index.search(args.query, limit=1, snippets=0).total
            results = index.search(args.query, limit=max(total, 1), snippets=0)
        except QueryError as error:
            print(f"broadsheet: bad query: {inert_line(error.message)}", file=sys.stderr)
            return None
        base = Path(args.corpus)
        return [(hit.id, hit.path.relative_to(base).as_posix()) for hit in results.hits]


def _articles_by_id(
    corpus: Path, wanted: list[tuple[str, str]], *, dayfirst: bool
) -> Iterator[Article]:
    """The articles named, in order, reading each file once however many it holds."""
    by_file: dict[str, dict[str, Article]] = {}
    for ident, rel in wanted:
        if rel not in by_file:
            path = corpus / rel
            try:
                info = path.stat()
            except OSError:
                by_file[rel] = {}
                continue
            results = read_file(
                CorpusFile(rel, str(path), info.st_size, info.st_mtime_ns), dayfirst=dayfirst
            )
            by_file[rel] = {r.id: r for r in results if not isinstance(r, Skipped)}
        article = by_file[rel].get(ident)
        if article is not None:
            yield article
