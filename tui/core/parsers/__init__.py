"""Turning a file's bytes into articles, choosing the parser by extension and content."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..article import Article, Link, Skipped
from .compressed import GZIP_SUFFIX, MAX_ARTICLE_BYTES, DamagedStream, gunzip
from .decode import NotText, decode_text
from .feed import parse_feed
from .ids import EntryIds
from .json_articles import (
    NotAnArticle,
    entry_key,
    json_records,
    record_to_fields,
)
from .prose import parse_prose
from .records import (
    JSONL_SUFFIXES,
    STREAMED_SUFFIXES,
    WARC_SUFFIXES,
    is_streamed,
    read_records,
    stream_of_bytes,
)
from .web_page import NotAnArticlePage, headline, read_page

# The readers' libraries warn about odd input through `logging`; with no handler of their
# own Python would print those to stderr, over the reader's screen. Skip reasons say enough.
for _library in ("trafilatura", "htmldate", "courlan", "justext", "warcio", "feedparser"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})
PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | PAGE_SUFFIXES | FEED_SUFFIXES | STREAMED_SUFFIXES
"""What an article file's name ends with (each also gzipped: `.html.gz`, `.jsonl.gz`...)."""

__all__ = [
    "ARTICLE_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "WARC_SUFFIXES",
    "Article",
    "Link",
    "Skipped",
    "article_suffix",
    "is_streamed",
    "parse_bytes",
    "reading_cost",
]


def article_suffix(name: str) -> str | None:
    """The suffix that says how a file is read ("x.html.gz" is read as ".html"), else None.

    Files without one of ARTICLE_SUFFIXES (LICENSE, README, photo.jpg) are not articles.
    """
    stem, suffix = os.path.splitext(name.lower())
    if suffix == GZIP_SUFFIX:
        suffix = os.path.splitext(stem)[1]
    return suffix if suffix in ARTICLE_SUFFIXES else None


_PROJECT_FILES = frozenset({"readme", "license", "licence", "copying", "changelog", "contributing"})


def is_project_file(name: str) -> bool:
    """True for a folder's own documentation (README.md, LICENSE.txt...): never an article."""
    return name.lower().split(".", 1)[0] in _PROJECT_FILES


_READING_COSTS = {**dict.fromkeys(PAGE_SUFFIXES, 16), **dict.fromkeys(FEED_SUFFIXES, 16)}
_READING_COSTS[".warc"] = 64


def reading_cost(name: str) -> int:
    """About how many plain text files reading this one costs as much as (for scheduling).

    A saved page takes trafilatura ~80 ms where a text file takes ~5 ms; a feed holds
    tens of items and an archive many pages.
    """
    return _READING_COSTS.get(article_suffix(name) or "", 1)


def file_type_of(name: str) -> str:
    """How a skipped file's type is named in its reason (".gz" included when gzipped)."""
    stem, suffix = os.path.splitext(name.lower())
    if suffix == GZIP_SUFFIX:
        return os.path.splitext(stem)[1] + suffix
    return suffix


def parse_bytes(
    data: bytes,
    *,
    rel: str,
    path: Path,
    size: int = 0,
    mtime_ns: int = 0,
    dayfirst: bool = False,
    only: str | None = None,
) -> list[Article | Skipped]:
    """Parse one file's bytes into its articles, or say why each part was skipped.

    With `only`, the file's other articles are passed over unread where the format allows
    (JSON, JSON Lines, WARC): opening one of 12,000 articles of a file costs a scan, not
    12,000 parses. JSON Lines and WARC archives are read record by record (see `records`).
    """
    suffix = article_suffix(path.name) or ""
    if suffix in STREAMED_SUFFIXES:
        stream = stream_of_bytes(data, path.name)
        placed_at: dict[str, Any] = {"rel": rel, "path": path, "size": size, "mtime_ns": mtime_ns}
        return read_records(stream, dayfirst=dayfirst, only=only, **placed_at)
    if path.name.lower().endswith(GZIP_SUFFIX):
        try:
            data = gunzip(data, MAX_ARTICLE_BYTES)
        except DamagedStream as error:
            return [Skipped(rel, path, str(error))]
    placed: dict[str, Any] = {"rel": rel, "path": path, "size": size, "mtime_ns": mtime_ns}
    try:
        if suffix in PAGE_SUFFIXES:
            return _page(data, dayfirst=dayfirst, **placed)
        if suffix in FEED_SUFFIXES:
            return _keep(parse_feed(data, **placed), only)
    except Exception as error:  # a library's bug on odd markup costs this file, not the corpus
        return [Skipped(rel, path, f"could not be read ({type(error).__name__}: {error!s:.80})")]
    try:
        text, notes = decode_text(data)
    except NotText as error:
        return [Skipped(rel, path, str(error))]
    if suffix in JSON_SUFFIXES:
        return _json(text, notes, dayfirst=dayfirst, only=only, **placed)
    markdown = suffix in MARKDOWN_SUFFIXES or text.lstrip().startswith("# ")
    parts = parse_prose(text, markdown=markdown, dayfirst=dayfirst)
    if not parts.paragraphs and not parts.title:
        return [Skipped(rel, path, "no article text found")]
    return [
        Article(
            id=rel,
            kind="markdown" if markdown else "text",
            title=parts.title,
            title_derived=parts.title_derived,
            byline=parts.byline,
            source=parts.source,
            published=parts.published,
            url=parts.url,
            related=tuple(parts.related),
            captions=tuple(parts.captions),
            paragraphs=tuple(parts.paragraphs),
            boilerplate=tuple(parts.boilerplate),
            notes=notes + tuple(parts.notes),
            path=path,
            size=size,
            mtime_ns=mtime_ns,
        )
    ]


def _keep(results: list[Article | Skipped], only: str | None) -> list[Article | Skipped]:
    """The results for one id (or all of them): a file-wide reason is always kept."""
    if only is None:
        return results
    rel = only.rsplit("#", 1)[0]
    return [result for result in results if result.id in (only, rel)]


def _page(
    data: bytes, *, rel: str, path: Path, size: int, mtime_ns: int, dayfirst: bool
) -> list[Article | Skipped]:
    try:
        page = read_page(data, dayfirst=dayfirst)
    except NotAnArticlePage as error:
        return [Skipped(rel, path, str(error))]
    return [
        Article(
            id=rel,
            kind="web page",
            title=headline(page, page.url or rel),
            title_derived=not page.title,
            byline=page.byline,
            source=page.source,
            published=page.published,
            url=page.url,
            captions=tuple(page.captions),
            paragraphs=tuple(page.paragraphs),
            boilerplate=tuple(page.boilerplate),
            notes=tuple(page.notes),
            path=path,
            size=size,
            mtime_ns=mtime_ns,
        )
    ]


def _json(
    text: str,
    notes: tuple[str, ...],
    *,
    rel: str,
    path: Path,
    size: int,
    mtime_ns: int,
    dayfirst: bool,
    only: str | None,
) -> list[Article | Skipped]:
    results: list[Article | Skipped] = []
    try:
        records = list(enumerate(json_records(text)))
    except NotAnArticle as error:
        return [Skipped(rel, path, str(error))]
    single = len(records) == 1
    ids = EntryIds(rel)
    for number, record in records:
        ident = rel if single else ids.for_entry(entry_key(record), number)
        if only is not None and ident != only:
            continue
        try:
            fields = record_to_fields(record, dayfirst=dayfirst)
        except NotAnArticle as error:
            results.append(Skipped(ident, path, f"entry {number}: {error}"))
            continue
        fields["notes"] = notes + fields["notes"]
        entry = None if single else number
        results.append(
            Article(
                id=ident,
                entry=entry,
                path=path,
                size=size,
                mtime_ns=mtime_ns,
                kind="json",
                **fields,
            )
        )
    if not results and only is None:
        results.append(Skipped(rel, path, "no articles in this file"))
    return results
