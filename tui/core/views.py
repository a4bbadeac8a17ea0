"""Reading views: `is:unread`, `is:read` and `is:bookmarked` in the query language.

They narrow a search by the reading state, which lives outside the index, so they are
taken out of the query before it is parsed and applied to the ranked hits afterwards:
`is:unread person:putin` is the hits of `person:putin` that are not read yet, in the same
order. A view term narrows the whole query; it may be negated (`NOT is:read`) but not
OR-ed or put in parentheses. A query of view terms alone lists the matching articles,
newest first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from .index import (
    NO_COPIES,
    ArticleSummary,
    Copies,
    QueryError,
    SearchHit,
    SearchResults,
    collapse,
)

VIEWS = ("unread", "read", "bookmarked")
"""The reading views, as written after `is:`."""
_VIEW_TERM = re.compile(r"(?:\b(NOT)\s+|(-))?\bis:([^\s()\"]*)", re.IGNORECASE)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class ReadingView:
    """The reading-state conditions a query asks for: (view, wanted) pairs, all to hold."""

    terms: tuple[tuple[str, bool], ...]

    def admits(self, article_id: str, read: Set[str], bookmarks: Set[str]) -> bool:
        """True when the article meets every condition."""
        for view, wanted in self.terms:
            if view == "bookmarked":
                holds = article_id in bookmarks
            else:
                holds = (article_id in read) == (view == "read")
            if holds != wanted:
                return False
        return True


def split_view(query: str) -> tuple[str, ReadingView | None]:
    """The query without its view terms, and the view they ask for (None when there are none).

    Raises QueryError for an unknown view or one that is OR-ed or inside parentheses.
    """
    terms: list[tuple[str, bool]] = []
    kept: list[str] = []
    last = 0
    for match in _VIEW_TERM.finditer(query):
        if _inside_quotes(query, match.start()):
            continue
        view = match.group(3).casefold()
        if view not in VIEWS:
            raise QueryError(
                f"is: takes {', '.join(VIEWS)}, not {match.group(3)!r}", match.start() + 3
            )
        if _depth(query, match.start()) > 0:
            raise QueryError(
                "is: narrows the whole query; it cannot go in parentheses", match.start()
            )
        before = _WORD.findall(query[: match.start()])
        after = _WORD.findall(query[match.end() :])
        if (before and before[-1] == "OR") or (after and after[0] == "OR"):
            raise QueryError("is: narrows the whole query; it cannot be OR-ed", match.start())
        terms.append((view, not (match.group(1) or match.group(2))))
        kept.append(query[last : match.start()])
        last = match.end()
    if not terms:
        return query, None
    kept.append(query[last:])
    return _tidy(" ".join(kept)), ReadingView(tuple(terms))


def without_view(query: str) -> str:
    """The query with any view terms taken out (for highlighting matches in the text)."""
    try:
        return split_view(query)[0]
    except QueryError:
        return query


def _inside_quotes(query: str, position: int) -> bool:
    return query.count('"', 0, position) % 2 == 1


def _depth(query: str, position: int) -> int:
    depth = 0
    quoted = False
    for char in query[:position]:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth = max(0, depth - 1)
    return depth


def _tidy(query: str) -> str:
    """Drop the ANDs that the removed terms leave dangling."""
    words = query.split()
    tidied: list[str] = []
    for word in words:
        if word == "AND" and (not tidied or tidied[-1] in ("AND", "OR", "NOT")):
            continue
        tidied.append(word)
    while tidied and tidied[-1] in ("AND", "NOT"):
        tidied.pop()
    return " ".join(tidied)


class Searchable(Protocol):
    """What a view search needs: the index (from the CLI) or the library (from the app)."""

    def search(
        self, query: str, *, limit: int = ..., sort: Literal["relevance", "date"] = ...
    ) -> SearchResults:
        """Ranked hits of a query."""
        ...

    def hit_ids(self, query: str, *, sort: Literal["relevance", "date"] = ...) -> list[str]:
        """Every hit's id, ranked."""
        ...

    def listing(self) -> list[ArticleSummary]:
        """Every article."""
        ...


def search_view(
    source: Searchable,
    query: str,
    read: Set[str],
    bookmarks: Set[str],
    *,
    limit: int = 200,
    sort: Literal["relevance", "date"] = "relevance",
) -> tuple[SearchResults, list[str]]:
    """A search narrowed by its view terms: the first `limit` hits and every hit's id.

    Without view terms this is the plain search (and its ids only when it has more hits).
    """
    rest, view = split_view(query)
    if view is None:
        results = source.search(query, limit=limit, sort=sort)
        ids = [hit.id for hit in results.hits]
        if results.total > len(results.hits):
            ids = source.hit_ids(query, sort=sort)
        return results, ids
    started = time.perf_counter()
    if not rest.strip():
        listing = [s for s in source.listing() if view.admits(s.id, read, bookmarks)]
        listing.sort(key=lambda s: (-_stamp(s.published), s.id))
        hits = [_hit_of(summary) for summary in listing[:limit]]
        seconds = time.perf_counter() - started
        return SearchResults(query, hits, len(listing), seconds), [s.id for s in listing]
    results = source.search(rest, limit=limit, sort=sort)
    ids = [hit.id for hit in results.hits]
    if results.total > len(results.hits):
        ids = source.hit_ids(rest, sort=sort)
    admitted = [article_id for article_id in ids if view.admits(article_id, read, bookmarks)]
    hits = [hit for hit in results.hits if view.admits(hit.id, read, bookmarks)][:limit]
    return (
        SearchResults(
            query,
            hits,
            len(admitted),
            results.seconds + (time.perf_counter() - started),
            suggestion=results.suggestion,
            complete=results.complete,
            timed_out=results.timed_out,
        ),
        admitted,
    )


def _hit_of(summary: ArticleSummary) -> SearchHit:
    return SearchHit(
        summary.id, summary.path, summary.title, summary.published, summary.source,
        summary.byline, 0.0,
    )  # fmt: skip


def _stamp(moment: datetime | None) -> float:
    if moment is None:
        return float("-inf")
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return float("-inf")


def unread_count(
    source: Searchable,
    query: str,
    read: Set[str],
    bookmarks: Set[str],
    copies: Copies = NO_COPIES,
) -> int:
    """How many of a query's hits are not read yet (a saved search's count), each story
    counted once when `copies` are given."""
    _, ids = search_view(source, query, read, bookmarks, limit=1)
    return sum(1 for article_id, _ in collapse(ids, copies) if article_id not in read)
