"""The search pipeline over an open searcher: rank a parsed query, cut snippets, suggest.

`ArticleIndex` opens the index and holds the searcher; this module answers queries with
it. Ranking goes through the engine's array scoring (`engine.ranking`) where it can, else
Whoosh's own search, and every result set is put in one stable order (`engine.order`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh.collectors import TimeLimitCollector, TopCollector, UnlimitedCollector
from whoosh.searching import TimeLimit

from .analysis import index_terms
from .engine.columns import column_of
from .engine.order import PublishedColumn, newest_order, stable_order
from .engine.translate import expand_words, match_specs, to_whoosh
from .manifest import SummaryRecord, load_words
from .query import ParsedQuery
from .results import SearchHit, SearchResults
from .schema import TEXT_FIELDS
from .snippets import MATCH_SCAN_CHARS, find_matches, make_snippet
from .spelling import distance, words_within

SEARCH_SECONDS = 3.0
"""Longest a search may run before it stops and returns what it found."""
SUGGEST_BELOW = 3
"""A fuzzy word gets a "did you mean" when its query finds fewer hits than this."""
RARE_BELOW = 5
"""A word in fewer articles than this may be a slip: look for a much commoner neighbour."""
MUCH_COMMONER = 10
"""A suggestion for a word found in N articles must be found in at least N times this."""
MIN_SUGGESTED = 4
"""Shorter words get no spelling suggestion."""

Ranked = list[tuple[int, Any]]
"""(document number, score) pairs, best first."""


def top_collector(limit: int | None) -> Any:
    """A Whoosh collector of the `limit` best hits (all hits when None) that counts every match.

    Block-quality skipping and matcher replacement are off: with our codec (no length
    statistics) they drop real top hits, and the exact total comes free from the same pass
    instead of a second search to count.
    """
    if limit is None:
        return UnlimitedCollector()  # type: ignore[no-untyped-call]
    return TopCollector(limit, usequality=False, replace=0)  # type: ignore[no-untyped-call]


def _rank_with_arrays(searcher: Any, whoosh_query: Any, wanted: int | None) -> Any:
    """`ranking.rank`, or None for a query it cannot score (numpy loads on the first search,
    which keeps it out of the reader's start)."""
    from .engine import ranking

    return ranking.rank(searcher, whoosh_query, wanted, timelimit=SEARCH_SECONDS)


def rank(
    searcher: Any, whoosh_query: Any, sort: str, limit: int | None
) -> tuple[Ranked, int, bool]:
    """Ranked hits, the total and whether time ran out; every hit when `limit` is None.

    Sorting by date keeps relevance scores: score everything, then order.
    """
    wanted = None if sort == "date" or limit is None else max(1, limit)
    found = _rank_with_arrays(searcher, whoosh_query, wanted)
    if found is not None:
        ranked, total, timed_out = found.hits, found.total, found.timed_out
    else:
        ranked, total, timed_out = _rank_with_whoosh(searcher, whoosh_query, wanted)
    if sort == "date":
        # Undated articles hold UNDATED in the column, which sorts after every date.
        ranked = newest_order(searcher, ranked, PublishedColumn(searcher.reader()))
    return ranked, total, timed_out


def _rank_with_whoosh(
    searcher: Any, whoosh_query: Any, wanted: int | None
) -> tuple[Ranked, int, bool]:
    """Whoosh's own search, for a query `ranking` cannot score: hits, total, timed out.

    Every match is collected (Whoosh's top N would cut ties by document number), then put
    in the stable order of `order.stable_order`.
    """
    timed = TimeLimitCollector(top_collector(None), timelimit=SEARCH_SECONDS, use_alarm=False)
    timed_out = False
    try:
        searcher.search_with_collector(whoosh_query, timed)
    except TimeLimit:
        timed_out = True
    results = timed.results()
    total = results.scored_length() if timed_out else len(results)
    when = PublishedColumn(searcher.reader())
    return stable_order(searcher, results.items(), when, wanted), total, timed_out


def match_offsets(
    parsed: ParsedQuery, text: str, field: str, reader: Any | None
) -> list[tuple[int, int]]:
    """Sorted (start, end) offsets of every match of the query in `text` (body or title)."""
    target = "title" if field == "title" else "body"
    specs = match_specs(parsed, target, reader)
    return find_matches(text[:MATCH_SCAN_CHARS], specs)


class Searching:
    """Answers parsed queries for one corpus's index: hits with snippets, every hit's id,
    and a "did you mean" from the words seen in its articles."""

    def __init__(self, corpus: Path, folder: Path) -> None:
        self.corpus = corpus
        self.folder = folder
        self._words: list[str] | None = None

    def forget_words(self) -> None:
        """The index changed: read the word list again when it is next needed."""
        self._words = None

    def search(
        self,
        searcher: Any,
        parsed: ParsedQuery,
        *,
        limit: int,
        sort: str,
        snippets: int,
        started: float,
        complete: bool,
        records: Mapping[str, SummaryRecord] | None = None,
    ) -> SearchResults:
        """The best `limit` hits (the first `snippets` with a snippet), the exact total, and a
        suggestion when the query looks misspelt.

        A hit's title, date and the like come from `records` (the manifest's, by article id)
        when it has the article, which spares unpacking its stored fields."""
        whoosh_query = to_whoosh(parsed.tree)
        expanded = expand_words(whoosh_query, searcher.reader())
        hits: list[SearchHit] = []
        total = 0
        timed_out = False
        if whoosh_query is not None:
            ranked, total, timed_out = rank(searcher, whoosh_query, sort, limit)
            specs = match_specs(parsed, "body", searcher.reader(), expanded) if snippets else []
            bodies = column_of(searcher.reader(), "body") if snippets else None
            keys = column_of(searcher.reader(), "key", translate=False)
            for number, (docnum, score) in enumerate(ranked[: max(0, limit)]):
                snippet = None
                if bodies is not None and number < snippets:
                    body = bodies[docnum]
                    matches = find_matches(body[:MATCH_SCAN_CHARS], specs)
                    snippet = make_snippet(body, matches)
                ident = bytes(keys[docnum]).decode("utf-8", "surrogateescape")
                record = records.get(ident) if records is not None and ident else None
                if record is not None:
                    hits.append(self.hit_of_record(ident, record, float(score or 0.0), snippet))
                else:
                    fields = searcher.stored_fields(docnum)
                    hits.append(self.hit(fields, float(score or 0.0), snippet))
        suggestion = self.suggest(parsed, searcher, total)
        return SearchResults(
            parsed.text,
            hits,
            total,
            time.perf_counter() - started,
            suggestion=suggestion,
            complete=complete and not timed_out,
            timed_out=timed_out,
            too_common=too_common_words(parsed),
        )

    def hit_ids(self, searcher: Any, parsed: ParsedQuery, *, sort: str) -> list[str]:
        """The ids of every hit, in the order `search` ranks them.

        Read from the id column, not the stored fields, so that a result set of tens of
        thousands costs milliseconds.
        """
        whoosh_query = to_whoosh(parsed.tree)
        expand_words(whoosh_query, searcher.reader())
        if whoosh_query is None:
            return []
        ranked, _, _ = rank(searcher, whoosh_query, sort, None)
        if not ranked:
            return []
        keys = column_of(searcher.reader(), "key")
        return [bytes(keys[docnum]).decode("utf-8", "surrogateescape") for docnum, _ in ranked]

    def hit(self, fields: dict[str, Any], score: float, snippet: Any) -> SearchHit:
        """A search hit from a document's stored fields."""
        return SearchHit(
            id=fields["id"],
            path=self.corpus / fields["file"],
            title=fields.get("title", ""),
            published=fields.get("published"),
            source=fields.get("source"),
            byline=fields.get("byline"),
            score=score,
            snippet=snippet,
        )

    def hit_of_record(
        self, ident: str, record: SummaryRecord, score: float, snippet: Any
    ) -> SearchHit:
        """A search hit from the manifest's record of the article."""
        rel, title, published, source, byline, _, _ = record
        return SearchHit(
            id=ident,
            path=_article_path(self.corpus, rel),
            title=title,
            published=published,
            source=source,
            byline=byline,
            score=score,
            snippet=snippet,
        )

    def suggest(self, parsed: ParsedQuery, searcher: Any, total: int) -> str | None:
        """The query with its rare or unknown words replaced by close, much commoner ones."""
        reader = searcher.reader()
        replacements: list[tuple[int, int, str]] = []
        for word in parsed.words():
            if word.kind not in ("word", "fuzzy") or word.field not in (None, "title", "body"):
                continue
            if word.kind == "fuzzy" and total >= SUGGEST_BELOW:
                continue  # the fuzzy word found what it was asked to
            terms = index_terms(word.text)
            if len(terms) != 1:
                continue
            frequency = _frequency(reader, terms[0])
            if frequency >= RARE_BELOW:
                continue
            best = self._correction(word.text.lower(), terms[0], frequency, reader)
            if best is not None:
                end = word.start + len(word.text)
                replacements.append((word.start, end, best))
        if not replacements:
            return None
        text = parsed.text
        for start, end, replacement in sorted(replacements, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def _correction(self, word: str, term: str, frequency: int, reader: Any) -> str | None:
        """The closest word seen in articles (a swap of neighbours is one edit) whose term is
        in at least MUCH_COMMONER times as many articles as `word`'s `term`, or None."""
        if len(word) < MIN_SUGGESTED:
            return None  # "kr" is the start of a word being typed, not a misspelling
        if self._words is None:
            self._words = sorted(load_words(self.folder))
        allowed = 1 if len(word) <= 5 else 2
        wanted = max(1, frequency * MUCH_COMMONER)
        best: tuple[int, int, str] | None = None
        for candidate in words_within(self._words, word, allowed, prefix=1):
            terms = index_terms(candidate)
            if len(terms) != 1 or terms[0] == term:
                continue
            found = _frequency(reader, terms[0])
            if found < wanted:
                continue
            key = (distance(word, candidate), -found, candidate)
            if best is None or key < best:
                best = key
        return best[2] if best else None


@functools.lru_cache(maxsize=4096)
def _article_path(corpus: Path, rel: str) -> Path:
    """The path of an article file (joining paths costs more than the rest of a hit)."""
    return corpus / rel


def _frequency(reader: Any, term: str) -> int:
    return int(reader.doc_frequency("body", term) + reader.doc_frequency("title", term))


def too_common_words(parsed: ParsedQuery) -> tuple[str, ...]:
    """The query's words (or phrases) that the index leaves out of article text, such as
    "the" or "a": they match nothing, and the reader says so rather than "0 hits"."""
    return tuple(
        word.text
        for word in parsed.words()
        if word.kind in ("word", "phrase")
        and (word.field is None or word.field in TEXT_FIELDS)
        and not index_terms(word.text)
    )
