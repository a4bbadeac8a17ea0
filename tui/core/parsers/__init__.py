"""Turning a file's bytes into articles, choosing the parser by extension and content."""

from __future__ import annotations

from pathlib import Path

from ..article import Article, Link, Skipped
from .decode import NotText, decode_text
from .json_articles import NotAnArticle, json_records, jsonl_records, record_to_fields
from .prose import parse_prose

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ""})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

__all__ = [
    "ARTICLE_SUFFIXES",
    "Article",
    "Link",
    "Skipped",
    "parse_bytes",
]


def parse_bytes(
    data: bytes,
    *,
    rel: str,
    path: Path,
    size: int = 0,
    mtime_ns: int = 0,
    dayfirst: bool = False,
) -> list[Article | Skipped]:
    """Parse one file's bytes into its articles, or say why each part was skipped."""
    suffix = path.suffix.lower()
    try:
        text, notes = decode_text(data)
    except NotText as error:
        return [Skipped(rel, path, str(error))]

    if suffix in JSON_SUFFIXES or suffix in JSONL_SUFFIXES:
        results: list[Article | Skipped] = []
        if suffix in JSON_SUFFIXES:
            try:
                records = list(enumerate(json_records(text)))
            except NotAnArticle as error:
                return [Skipped(rel, path, str(error))]
            single = len(records) == 1
        else:
            records = list(jsonl_records(text))  # type: ignore[arg-type]
            single = False
        for number, record in records:
            ident = rel if single else f"{rel}#{number}"
            if isinstance(record, NotAnArticle):
                results.append(Skipped(ident, path, f"line {number}: {record}"))
                continue
            try:
                fields = record_to_fields(record, dayfirst=dayfirst)
            except NotAnArticle as error:
                where = f"line {number}" if suffix in JSONL_SUFFIXES else f"entry {number}"
                results.append(Skipped(ident, path, f"{where}: {error}"))
                continue
            fields["notes"] = notes + fields["notes"]
            entry = None if single else number
            article = Article(
                id=ident, entry=entry, path=path, size=size, mtime_ns=mtime_ns, **fields
            )
            results.append(article)
        if not results:
            results.append(Skipped(rel, path, "no articles in this file"))
        return results

    markdown = suffix in MARKDOWN_SUFFIXES or text.lstrip().startswith("# ")
    parts = parse_prose(text, markdown=markdown, dayfirst=dayfirst)
    if not parts.paragraphs and not parts.title:
        return [Skipped(rel, path, "no article text found")]
    return [
        Article(
            id=rel,
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
