"""`broadsheet search`: ranked hits with snippets, as text or JSON lines.

Exit status: 0 with hits, 1 with none, 2 for a bad query or an index that cannot be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.corrections import CORRECTIONS_FILE, Corrections
from ..core.index import (
    NO_COPIES,
    ArticleIndex,
    Copies,
    QueryError,
    SearchHit,
    SearchResults,
    Snippet,
)
from ..core.index.copies import one_per_story
from ..core.inert import inert_json, inert_line
from ..core.library import NameCorrector
from ..core.paths import state_file
from ..core.state import StateStore
from ..core.views import search_view, split_view
from .index_command import open_index
from .options import add_corpus_options, add_entities_option

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


def add_parser(subparsers: Any) -> None:
    """Register `search`."""
    parser = subparsers.add_parser(
        "search",
        help="search the corpus and print ranked hits",
        description=(
            'Search with AND/OR/NOT, (groups), "phrases", prefix*, fuzzy~, fields '
            "(title: author: source: person: org: place: entity:), dates (date:2026-04, "
            'date:2026-04-01..2026-04-30, after:"last week", before:2026) and reading views '
            "(is:unread, is:read, is:bookmarked, from the reader's state). The index is "
            "brought up to date first. Exit status: 0 with hits, 1 with none, 2 for a bad query."
        ),
    )
    parser.add_argument("query", help="what to search for")
    add_corpus_options(parser, positional=False)
    add_entities_option(parser)
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (20)")
    parser.add_argument(
        "--sort", choices=("relevance", "date"), default="relevance",
        help="order hits by relevance (default) or newest first",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON object per hit and line")
    parser.add_argument(
        "--no-update", action="store_true", help="search the index as it is, without updating"
    )
    parser.add_argument(
        "--all-copies", action="store_true",
        help="list every copy of a story (by default each story once, with its copies named)",
    )  # fmt: skip
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Search and print."""
    if args.limit < 1:
        print("broadsheet: --limit must be at least 1", file=sys.stderr)
        return 2
    index = open_index(args)
    if index is None:
        return 2
    with index:
        for notice in index.notices:
            print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
        # The reader's corrections to names apply here too (person:, org:, place:).
        corrections = Corrections(state_file(Path(args.corpus)).with_name(CORRECTIONS_FILE))
        for notice in corrections.load().notices:
            print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
        index.rewrite = NameCorrector(lambda: index, corrections).rewrite_query
        if not args.no_update:
            report = index.update()
            for notice in report.notices:
                print(f"broadsheet: {inert_line(notice)}", file=sys.stderr)
        copies = NO_COPIES if args.all_copies else index.copies()
        try:
            results = _search(index, args, copies)
        except QueryError as error:
            print(f"broadsheet: bad query: {inert_line(error.message)}", file=sys.stderr)
            if error.position is not None and len(args.query) <= 200:
                print(f"  {inert_line(args.query)}", file=sys.stderr)
                print("  " + " " * error.position + "^", file=sys.stderr)
            return 2
    if args.json:
        for hit in results.hits:
            row = hit_json(hit)
            if not args.all_copies:
                row["copies"] = list(copies.others(hit.id))
            print(inert_json(json.dumps(row, ensure_ascii=False)))
    else:
        print_results(results, emphasis=sys.stdout.isatty(), copies=copies)
    _tell_about(results)
    return 0 if results.hits else 1


def _search(index: ArticleIndex, args: argparse.Namespace, copies: Copies) -> SearchResults:
    """The hits of the query, each story once unless `copies` is empty: more hits are asked
    for while copies take places in the first page."""
    limit = args.limit
    while True:
        if split_view(args.query)[1] is None:
            results = index.search(args.query, limit=limit, sort=args.sort)
            ids = [hit.id for hit in results.hits]
            if copies.groups and results.total > len(results.hits):
                ids = index.hit_ids(args.query, sort=args.sort)
        else:
            state = StateStore(state_file(Path(args.corpus))).load()
            results, ids = search_view(
                index, args.query, state.read, state.bookmarks, limit=limit, sort=args.sort
            )
        if not copies.groups:
            return results
        collapsed = one_per_story(results, ids, copies, args.limit)
        if len(collapsed.hits) >= min(args.limit, collapsed.total) or limit >= results.total:
            return collapsed
        limit *= 2


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """One hit as JSON-ready data."""
    return {
        "id": hit.id,
        "path": str(hit.path),
        "title": hit.title,
        "date": hit.published.isoformat() if hit.published else None,
        "source": hit.source,
        "score": round(hit.score, 4),
        "snippet": hit.snippet.text if hit.snippet else None,
        "matches": [list(span) for span in hit.snippet.matches] if hit.snippet else [],
    }


def emphasised(snippet: Snippet, *, emphasis: bool) -> str:
    """The snippet made safe to print, with matches in bold when `emphasis` is on."""
    text = inert_line(snippet.text)  # one character for one: offsets stay valid
    if not emphasis:
        return text
    pieces = []
    last = 0
    for start, end in snippet.matches:
        pieces.append(text[last:start])
        pieces.append(f"{_BOLD}{text[start:end]}{_RESET}")
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def print_results(results: SearchResults, *, emphasis: bool, copies: Copies = NO_COPIES) -> None:
    """Hits as numbered entries: title, date and source, id, snippet."""
    for number, hit in enumerate(results.hits, 1):
        others = len(copies.of(hit.id)) - 1
        details = [
            hit.published.date().isoformat() if hit.published else None,
            inert_line(hit.source) if hit.source else None,
            f"score {hit.score:.2f}",
            f"+{others} {'copy' if others == 1 else 'copies'}" if others else None,
        ]
        print(f"{number}. {inert_line(hit.title)}  ({' · '.join(d for d in details if d)})")
        print(f"   {inert_line(hit.id)}")
        if hit.snippet is not None:
            print(f"   {emphasised(hit.snippet, emphasis=emphasis)}")
    shown = len(results.hits)
    stories = " (each story once: --all-copies lists every copy)" if copies.groups else ""
    print(f"{shown:,} of {results.total:,} hits in {results.seconds:.3f} s{stories}")


def _tell_about(results: SearchResults) -> None:
    if results.too_common:
        words = ", ".join(repr(word) for word in results.too_common)
        print(
            f"broadsheet: left out as too common to search for: {inert_line(words)}",
            file=sys.stderr,
        )
    if results.suggestion:
        print(f"did you mean: {inert_line(results.suggestion)}", file=sys.stderr)
    if results.timed_out:
        print("broadsheet: the search hit its time limit; hits may be missing", file=sys.stderr)
    elif not results.complete:
        print("broadsheet: the index is still being updated; hits may be missing", file=sys.stderr)
