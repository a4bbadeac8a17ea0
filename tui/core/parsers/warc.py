"""WARC crawl archives: every HTTP 200 response with an HTML body is a saved page.

Read with warcio (Apache-2.0, pure Python: its only dependency is `six`; fastwarc would
bring click and tqdm, whose licence is MPL-2.0 in part). Request, metadata and other
records, and responses that are not a 200 with HTML, are passed over; one record that
cannot be read is skipped with its reason and the rest of the archive still loads.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from ..article import Article, Skipped
from ..dates import parse_date_or_none
from .ids import EntryIds
from .web_page import NotAnArticlePage, headline, read_page

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_warc(
    data: bytes,
    *,
    rel: str,
    path: Path,
    size: int,
    mtime_ns: int,
    dayfirst: bool = False,
    only: str | None = None,
) -> list[Article | Skipped]:
    """Every HTML page of a WARC archive as an article (with `only`, just that one)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    ids = EntryIds(rel)
    results: list[Article | Skipped] = []
    number = 0
    records: Any = ArchiveIterator(io.BytesIO(data), arc2warc=True)
    try:
        for record in records:
            number += 1
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if record.http_headers.get_statuscode() != "200":
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if content_type and not content_type.startswith(_HTML_TYPES):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            ident = ids.for_entry(url, number)
            if only is not None and ident != only:
                continue
            try:
                body = record.content_stream().read()
                page = read_page(body, url=url, dayfirst=dayfirst)
            except NotAnArticlePage as error:
                results.append(Skipped(ident, path, f"record {number}: {error}"))
                continue
            except Exception as error:  # one broken record costs that record only
                results.append(Skipped(ident, path, f"record {number}: unreadable ({error!r:.80})"))
                continue
            published = page.published or _crawled(record, dayfirst)
            results.append(
                Article(
                    id=ident,
                    entry=number,
                    path=path,
                    size=size,
                    mtime_ns=mtime_ns,
                    kind="warc page",
                    title=headline(page, url or ident),
                    title_derived=not page.title,
                    byline=page.byline,
                    source=page.source,
                    published=published,
                    url=page.url or url,
                    captions=tuple(page.captions),
                    paragraphs=tuple(page.paragraphs),
                    boilerplate=tuple(page.boilerplate),
                    notes=tuple(page.notes),
                )
            )
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        where = f"after record {number}" if number else "at its start"
        results.append(Skipped(rel, path, f"damaged archive {where} ({str(error)[:80]})"))
    if not results and only is None:
        results.append(Skipped(rel, path, "no HTML pages with status 200 in this archive"))
    return results


def _crawled(record: Any, dayfirst: bool) -> datetime | None:
    stamp = record.rec_headers.get_header("WARC-Date")
    if not stamp:
        return None
    moment, _ = parse_date_or_none(stamp, dayfirst=dayfirst)
    return moment
