"""Articles written out for other tools: JSON Lines, Markdown or CSV.

Text from articles stays data in every format: control characters are made inert, and
in CSV a cell that a spreadsheet would run as a formula (=, +, -, @) is kept as text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from .article import Article
from .inert import inert, inert_json, inert_line

FORMATS = ("jsonl", "md", "csv")
"""The export formats, by the name `--format` takes (and the file suffix)."""
CSV_COLUMNS = (
    "id", "path", "kind", "title", "byline", "source", "date", "url", "captions",
    "summary_only",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def article_record(article: Article) -> dict[str, Any]:
    """One article as JSON-ready data: what was extracted from its file."""
    return {
        "id": article.id,
        "path": str(article.path),
        "kind": article.kind,
        "title": article.title,
        "byline": article.byline,
        "source": article.source,
        "date": article.published.isoformat() if article.published else None,
        "url": article.url,
        "captions": list(article.captions),
        "summary_only": article.summary_only,
        "body": article.body,
    }


def write_articles(
    articles: Iterable[Article], out: TextIO, fmt: str, *, body: bool = False
) -> int:
    """Write the articles in a format; how many were written. CSV has bodies only with `body`."""
    if fmt == "jsonl":
        return _write_jsonl(articles, out)
    if fmt == "md":
        return _write_markdown(articles, out)
    if fmt == "csv":
        return _write_csv(articles, out, body=body)
    raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")


def _write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        out.write(inert_json(json.dumps(article_record(article), ensure_ascii=False)) + "\n")
        count += 1
    return count


def metadata_line(article: Article) -> str:
    """Byline, date, source, kind and URL on one line, as the reader's header shows them."""
    parts = [
        f"By {article.byline}" if article.byline else None,
        article.published.date().isoformat() if article.published else None,
        article.source,
        article.kind + (", summary only" if article.summary_only else ""),
        f"<{article.url}>" if article.url else None,
    ]
    return " · ".join(inert_line(part) for part in parts if part)


def _write_markdown(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        if count:
            out.write("\n---\n\n")
        out.write(f"# {inert_line(' '.join(article.title.split()))}\n\n")
        out.write(f"*{metadata_line(article)}*\n\n")
        for caption in article.captions:
            out.write(f"> {inert_line(caption)}\n\n")
        out.write(inert(article.body).strip() + "\n")
        count += 1
    return count


def _cell(value: Any) -> str:
    text = inert_line("" if value is None else str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_csv(articles: Iterable[Article], out: TextIO, *, body: bool) -> int:
    writer = csv.writer(out)
    writer.writerow([*CSV_COLUMNS, *(("body",) if body else ())])
    count = 0
    for article in articles:
        record = article_record(article)
        record["captions"] = " | ".join(record["captions"])
        row = [_cell(record[column]) for column in CSV_COLUMNS]
        if body:
            row.append(_cell_block(article.body))
        writer.writerow(row)
        count += 1
    return count


def _cell_block(text: str) -> str:
    cleaned = inert(text)
    return "'" + cleaned if cleaned.startswith(_FORMULA_START) else cleaned
