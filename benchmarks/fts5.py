"""The SQLite FTS5 anchor: the same articles in an FTS5 table, and the same query mix.

The text columns (title, body, byline, source) go in one `fts5` table with the `porter`
tokenizer; the id, url and published date go in a plain table with an index on the date.
Everything is written in one transaction. Queries return the 20 best hits by bm25 `rank`
with `snippet()` of the body, plus a `count(*)` of all matches (Broadsheet reports a total).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh.lang.porter import stem as porter_stem

from tui.core.index.spelling import words_within

from .articles import parsed_articles
from .query_mix import QueryCase

FUZZY_LIMIT = 128
"""Most vocabulary terms one fuzzy word expands to (Broadsheet's limit is of the same order)."""


@dataclass(frozen=True, slots=True)
class FtsBuild:
    """How long the FTS5 build took and how many articles it holds."""

    seconds: float
    articles: int


def build_fts5(corpus: Path, database: Path) -> FtsBuild:
    """Index the corpus into a new FTS5 database file; time reading, parsing and commit."""
    if database.exists():
        database.unlink()
    database.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    count = 0
    with connection:
        connection.execute(
            "CREATE VIRTUAL TABLE articles USING fts5(title, body, byline, source, "
            "tokenize='porter')"
        )
        connection.execute(
            "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, url TEXT, published TEXT)"
        )
        connection.execute("CREATE INDEX meta_published ON meta(published)")
        for article in parsed_articles(corpus):
            count += 1
            connection.execute(
                "INSERT INTO articles(rowid, title, body, byline, source) VALUES (?, ?, ?, ?, ?)",
                (count, article.title, article.body, article.byline or "", article.source or ""),
            )
            connection.execute(
                "INSERT INTO meta(rowid, id, url, published) VALUES (?, ?, ?, ?)",
                (
                    count,
                    article.id,
                    article.url,
                    article.published.isoformat() if article.published else None,
                ),
            )
    seconds = time.perf_counter() - started
    connection.close()
    return FtsBuild(seconds, count)


class FtsSearcher:
    """Answers the query mix from an FTS5 database built by `build_fts5`."""

    def __init__(self, database: Path) -> None:
        self.connection = sqlite3.connect(database)
        self.connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, articles, 'row')"
        )

    def _fuzzy_match(self, word: str, distance: int) -> str | None:
        stemmed = porter_stem(word.lower())
        first = stemmed[0]
        vocabulary = sorted(
            term
            for (term,) in self.connection.execute(
                "SELECT term FROM temp.vocab WHERE term >= ? AND term < ?",
                (first, chr(ord(first) + 1)),
            )
        )
        # The same closeness as our fuzzy words: Damerau edits, the first letter kept.
        terms = words_within(vocabulary, stemmed, distance, prefix=1)[:FUZZY_LIMIT]
        if not terms:
            return None
        return "{title body} : (" + " OR ".join(f'"{term}"' for term in terms) + ")"

    def search(self, case: QueryCase, limit: int = 20) -> tuple[int, list[tuple[str, str]]]:
        """The total number of matches and (id, snippet) of the best `limit`."""
        if case.fts_dates is not None:
            start, end = case.fts_dates
            rows = self.connection.execute(
                "SELECT m.id, substr(a.body, 1, 160) FROM meta m JOIN articles a "
                "ON a.rowid = m.rowid WHERE m.published >= ? AND m.published < ? "
                "ORDER BY m.published DESC LIMIT ?",
                (start, end, limit),
            ).fetchall()
            (total,) = self.connection.execute(
                "SELECT count(*) FROM meta WHERE published >= ? AND published < ?", (start, end)
            ).fetchone()
            return int(total), rows
        match = case.fts_match
        if case.fts_fuzzy is not None:
            match = self._fuzzy_match(*case.fts_fuzzy)
        if match is None:
            return 0, []
        rows = self.connection.execute(
            "SELECT m.id, snippet(articles, 1, '[', ']', '…', 24) FROM articles a "
            "JOIN meta m ON m.rowid = a.rowid WHERE articles MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
        (total,) = self.connection.execute(
            "SELECT count(*) FROM articles WHERE articles MATCH ?", (match,)
        ).fetchone()
        return int(total), rows

    def close(self) -> None:
        """Close the database."""
        self.connection.close()
