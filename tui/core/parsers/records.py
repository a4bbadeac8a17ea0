"""Files of many articles read record by record: JSON Lines and WARC archives, gzipped or not.

The file is streamed, never held whole: memory holds one record at a time, the size limit
applies to each record (one over it is skipped with that reason, the rest of the file still
loads), and a gzipped file is decompressed as it is read and stopped once it expands far
beyond what text ever does (a decompression bomb). Records carry their final ids, handed
out in file order by one reader, so a file split across workers gets the ids it would get
read whole.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import hashlib
import io
import json
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from ..article import Article, Skipped
from ..dates import parse_date_or_none
from .compressed import GZIP_SUFFIX, MAX_ARTICLE_BYTES, DamagedStream
from .decode import _BINARY_BYTES, _SNIFF
from .ids import EntryIds
from .json_articles import TOO_DEEP, NotAnArticle, entry_key, record_to_fields
from .web_page import NotAnArticlePage, headline, read_page

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
WARC_SUFFIXES = frozenset({".warc"})
STREAMED_SUFFIXES = JSONL_SUFFIXES | WARC_SUFFIXES
"""Kinds of file read record by record (each also gzipped)."""

MAX_EXPANSION = 100
"""A gzipped file may expand to this many times its size, or to the size limit if larger.

News text and HTML compress 3-10 times (the DOJ releases: 3.4); a bomb of zeros, 1000.
"""

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_READ_CHUNK = 1 << 16


class ExpansionStopped(DamagedStream):
    """A gzipped file that grew past its ceiling while being read: a decompression bomb."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a many-article file, with its id, before it is parsed into an article."""

    number: int
    """Its line (JSON Lines) or record (WARC) number in the file, from 1."""
    ident: str
    data: bytes = b""
    """The JSON line, or the HTML of the WARC response."""
    problem: str | None = None
    """Why it cannot be an article (too large, invalid JSON); `ident` says what it names."""
    url: str | None = None
    crawled: str | None = None
    """The WARC-Date of the record (the crawl date), as written."""
    note: str | None = None
    """How its text was read, when not as UTF-8."""


def is_streamed(name: str) -> bool:
    """True for a file read record by record (`.jsonl`, `.warc`, gzipped or not)."""
    stem, suffix = os.path.splitext(name.lower())
    if suffix == GZIP_SUFFIX:
        suffix = os.path.splitext(stem)[1]
    return suffix in STREAMED_SUFFIXES


def is_warc(name: str) -> bool:
    """True for a WARC archive (gzipped or not)."""
    return name.lower().removesuffix(GZIP_SUFFIX).endswith(tuple(WARC_SUFFIXES))


class _Hashing(io.RawIOBase):
    """A file's bytes as they are read, added to a SHA-1 on the way."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha1()
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        self.digest.update(data)
        self.consumed += len(data)
        buffer[: len(data)] = data
        return len(data)

    def finish(self) -> str:
        """The SHA-1 of the whole file, reading what is left of it."""
        while data := self._handle.read(1 << 20):
            self.digest.update(data)
            self.consumed += len(data)
        return self.digest.hexdigest()


class _Expanding(io.RawIOBase):
    """The decompressed bytes of a gzip stream, refusing to grow past `ceiling`."""

    def __init__(self, raw: io.RawIOBase, ceiling: int) -> None:
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._ceiling = ceiling
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._gzip.read(len(buffer))
        except EOFError as error:
            raise DamagedStream("damaged gzip stream (it ends before its end marker)") from error
        except (OSError, zlib.error) as error:
            raise DamagedStream(f"damaged gzip stream ({error or type(error).__name__})") from error
        self.produced += len(data)
        if self.produced > self._ceiling:
            raise ExpansionStopped(
                f"too large once decompressed (stopped at {self._ceiling // 1_048_576} MB)"
            )
        buffer[: len(data)] = data
        return len(data)


class RecordStream:
    """A file's content as a buffered stream (decompressed when gzipped), hashed as read."""

    def __init__(self, handle: IO[bytes], *, gzipped: bool, size: int, limit: int) -> None:
        self._raw = _Hashing(handle)
        self.content: io.BufferedReader
        if gzipped:
            ceiling = max(limit, MAX_EXPANSION * size)
            self.content = io.BufferedReader(_Expanding(self._raw, ceiling), _READ_CHUNK)
        else:
            self.content = io.BufferedReader(self._raw, _READ_CHUNK)

    @property
    def consumed(self) -> int:
        """How many bytes of the file (as stored) have been read."""
        return self._raw.consumed

    def sha1(self) -> str:
        """The SHA-1 of the file as stored (what is left of it is read first)."""
        return self._raw.finish()


@contextlib.contextmanager
def open_stream(path: Path | str, *, limit: int = MAX_ARTICLE_BYTES) -> Iterator[RecordStream]:
    """Open a corpus file as a RecordStream. Raises OSError (as `corpus.read_bytes` does)."""
    from ..corpus import NotARegularFile

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile()
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as handle:
            gzipped = str(path).lower().endswith(GZIP_SUFFIX)
            yield RecordStream(handle, gzipped=gzipped, size=info.st_size, limit=limit)
    finally:
        os.close(fd)


def stream_of_bytes(data: bytes, name: str, *, limit: int = MAX_ARTICLE_BYTES) -> RecordStream:
    """A RecordStream over bytes already in memory (a file named `name`)."""
    gzipped = name.lower().endswith(GZIP_SUFFIX)
    return RecordStream(io.BytesIO(data), gzipped=gzipped, size=len(data), limit=limit)


def records(
    stream: RecordStream, *, rel: str, limit: int = MAX_ARTICLE_BYTES, only: str | None = None
) -> Iterator[Record]:
    """The records of a JSON Lines file or a WARC archive, in file order, with their ids.

    A problem with the whole file (a damaged or bombing stream) comes as a last record
    whose id is `rel`. With `only`, WARC records of other ids are passed over unread.
    """
    if is_warc(rel):
        yield from _warc_records(stream, rel=rel, limit=limit, only=only)
    else:
        yield from _jsonl_records(stream, rel=rel, limit=limit)


def _too_large(limit: int) -> str:
    if limit >= 1_048_576:
        return f"too large (over {limit // 1_048_576} MB)"
    return f"too large (over {limit:,} bytes)"


def _lines(content: io.BufferedReader, limit: int) -> Iterator[bytes | None]:
    """Each line of the stream (without its end), or None for a line over `limit` bytes."""
    while True:
        line = content.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := content.readline(_READ_CHUNK)) and not rest.endswith(b"\n"):
                pass  # the long line is passed over, never held
            yield None
            continue
        yield line.rstrip(b"\r\n")


def _jsonl_records(stream: RecordStream, *, rel: str, limit: int) -> Iterator[Record]:
    ids = EntryIds(rel)
    content = stream.content
    number = 0
    seen_text = False
    try:
        head = content.peek(_SNIFF)[:_SNIFF]
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield from _utf16_records(content, rel=rel, limit=limit, ids=ids)
            return
        binary = len(head) - len(head.translate(None, _BINARY_BYTES))
        if b"\x00" in head or binary > len(head) // 100 + 2:
            yield Record(0, rel, problem="binary file, not text")
            return
        for line in _lines(content, limit):
            number += 1
            if line is None:
                seen_text = True
                yield Record(
                    number, f"{rel}#{number}", problem=f"line {number}: {_too_large(limit)}"
                )
                continue
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                continue
            seen_text = True
            yield _json_line(line, number, rel, ids)
    except DamagedStream as error:
        yield Record(number, rel, problem=str(error))
        return
    if not seen_text:
        yield Record(0, rel, problem="empty file" if number == 0 else "only white space")


def _json_line(line: bytes, number: int, rel: str, ids: EntryIds) -> Record:
    note = None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        text = line.decode("cp1252", errors="replace")
        note = f"not valid UTF-8 (byte {error.start}); read as Windows-1252"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        problem = f"line {number}: invalid JSON at column {error.colno}: {error.msg}"
        return Record(number, f"{rel}#{number}", problem=problem)
    except RecursionError:
        return Record(number, f"{rel}#{number}", problem=f"line {number}: {TOO_DEEP}")
    ident = ids.for_entry(entry_key(value), number)
    return Record(number, ident, line, note=note)


def _utf16_records(
    content: io.BufferedReader, *, rel: str, limit: int, ids: EntryIds
) -> Iterator[Record]:
    """A UTF-16 JSON Lines file (rare: its lines cannot be found in the bytes) read whole."""
    data = content.read(limit + 1)
    if len(data) > limit:
        yield Record(0, rel, problem=_too_large(limit))
        return
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        yield Record(0, rel, problem=f"damaged UTF-16 text at byte {error.start}")
        return
    number = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            record = _json_line(
                line.rstrip("\r").encode("utf-8", "surrogatepass"), number, rel, ids
            )
            yield Record(record.number, record.ident, record.data, record.problem,
                         note="read as UTF-16")  # fmt: skip
    if number == 0 or not text.strip():
        yield Record(0, rel, problem="only white space")


def _warc_records(
    stream: RecordStream, *, rel: str, limit: int, only: str | None
) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    ids = EntryIds(rel)
    number = 0
    found = False
    try:
        iterator: Any = ArchiveIterator(stream.content, arc2warc=True)
        for record in iterator:
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
            found = True
            if only is not None and ident != only:
                continue
            crawled = record.rec_headers.get_header("WARC-Date")
            try:
                body = record.content_stream().read(limit + 1)
            except DamagedStream:
                raise
            except Exception as error:  # one broken record costs that record only
                problem = f"record {number}: unreadable ({error!r:.80})"
                yield Record(number, ident, problem=problem, url=url)
                continue
            if len(body) > limit:
                yield Record(number, ident, problem=f"record {number}: {_too_large(limit)}")
                continue
            yield Record(number, ident, body, url=url, crawled=crawled)
    except DamagedStream as error:
        yield Record(number, rel, problem=str(error))
        return
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        where = f"after record {number}" if number else "at its start"
        yield Record(number, rel, problem=f"damaged archive {where} ({str(error)[:80]})")
        return
    if not found and only is None:
        yield Record(number, rel, problem="no HTML pages with status 200 in this archive")


def record_article(
    record: Record,
    *,
    rel: str,
    path: Path,
    size: int,
    mtime_ns: int,
    dayfirst: bool = False,
) -> Article | Skipped:
    """The article a record holds, or why it was skipped; never raises for bad content."""
    if record.problem is not None:
        return Skipped(record.ident, path, record.problem)
    placed: dict[str, Any] = {"path": path, "size": size, "mtime_ns": mtime_ns}
    if is_warc(rel):
        return _warc_page(record, dayfirst=dayfirst, **placed)
    try:
        fields = record_to_fields(json.loads(record.data.decode("utf-8", "replace")),
                                  dayfirst=dayfirst)  # fmt: skip
    except NotAnArticle as error:
        return Skipped(record.ident, path, f"line {record.number}: {error}")
    except Exception as error:  # a parser bug costs this record, not the file
        return Skipped(record.ident, path, f"line {record.number}: unreadable ({error!r:.80})")
    if record.note:
        fields["notes"] = (record.note, *fields["notes"])
    return Article(id=record.ident, entry=record.number, kind="json", **placed, **fields)


def _warc_page(
    record: Record, *, path: Path, size: int, mtime_ns: int, dayfirst: bool
) -> Article | Skipped:
    where = f"record {record.number}"
    try:
        page = read_page(record.data, url=record.url, dayfirst=dayfirst)
    except NotAnArticlePage as error:
        return Skipped(record.ident, path, f"{where}: {error}")
    except Exception as error:  # one broken record costs that record only
        return Skipped(record.ident, path, f"{where}: unreadable ({error!r:.80})")
    published = page.published or _crawled(record.crawled, dayfirst)
    return Article(
        id=record.ident,
        entry=record.number,
        path=path,
        size=size,
        mtime_ns=mtime_ns,
        kind="warc page",
        title=headline(page, record.url or record.ident),
        title_derived=not page.title,
        byline=page.byline,
        source=page.source,
        published=published,
        url=page.url or record.url,
        captions=tuple(page.captions),
        paragraphs=tuple(page.paragraphs),
        boilerplate=tuple(page.boilerplate),
        notes=tuple(page.notes),
    )


def _crawled(stamp: str | None, dayfirst: bool) -> datetime | None:
    if not stamp:
        return None
    moment, _ = parse_date_or_none(stamp, dayfirst=dayfirst)
    return moment


def read_records(
    stream: RecordStream,
    *,
    rel: str,
    path: Path,
    size: int,
    mtime_ns: int,
    dayfirst: bool = False,
    only: str | None = None,
    limit: int = MAX_ARTICLE_BYTES,
    first: bool = False,
) -> list[Article | Skipped]:
    """Every article of a streamed file, and why parts were skipped.

    With `only`, that one article; with `first`, the records up to the first article.
    """
    results: list[Article | Skipped] = []
    for record in records(stream, rel=rel, limit=limit, only=only):
        if only is not None and record.ident not in (only, rel):
            continue
        result = record_article(
            record, rel=rel, path=path, size=size, mtime_ns=mtime_ns, dayfirst=dayfirst
        )
        results.append(result)
        if first and isinstance(result, Article):
            break
    if not results and only is None:
        results.append(Skipped(rel, path, "no articles in this file"))
    return results
