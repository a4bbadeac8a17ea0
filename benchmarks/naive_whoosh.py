"""The Whoosh anchors: what a first Whoosh index of the corpus would look like.

Two schemas. "naive": the same fields as Broadsheet's index stores and searches. "simple":
the simplest index a user would write, title and body only (title stored to show in a
result list, body not stored). Both: one `index.writer()` with default settings,
`StemmingAnalyzer` on the text fields, every article added in turn (read and parsed by
Broadsheet's parser as it goes), one commit. No entity recognition, no manifest, no
batching or worker processes.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema

from .articles import parsed_articles


def naive_schema() -> Schema:
    """The same fields as Broadsheet's index stores and searches, with Whoosh defaults."""
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        byline=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        source=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        url=ID(stored=True),
        published=DATETIME(stored=True, sortable=True),
    )


def simple_schema() -> Schema:
    """Title and body, stemmed; only the title stored."""
    return Schema(
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer()),
    )


@dataclass(frozen=True, slots=True)
class NaiveBuild:
    """How long the naive build took and how many articles it indexed."""

    seconds: float
    articles: int
    index_bytes: int


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under a folder (0 when it is missing)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_simple_whoosh(corpus: Path, folder: Path) -> NaiveBuild:
    """Index title and body into an empty `folder`; time reading, parsing, commit."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), simple_schema())
    writer = ix.writer()
    count = 0
    for article in parsed_articles(corpus):
        writer.add_document(title=article.title, body=article.body)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    return NaiveBuild(seconds, count, folder_bytes(folder))


def build_naive_whoosh(corpus: Path, folder: Path) -> NaiveBuild:
    """Index the corpus into an empty `folder` the naive way; time reading, parsing, commit."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), naive_schema())
    writer = ix.writer()
    count = 0
    for article in parsed_articles(corpus):
        fields: dict[str, object] = {
            "id": article.id,
            "title": article.title,
            "body": article.body,
        }
        if article.byline:
            fields["byline"] = article.byline
        if article.source:
            fields["source"] = article.source
        if article.url:
            fields["url"] = article.url
        if article.published:
            fields["published"] = article.published
        writer.add_document(**fields)
        count += 1
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    return NaiveBuild(seconds, count, folder_bytes(folder))
