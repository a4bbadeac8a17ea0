"""Walking a corpus folder: which files are articles, and loading them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .article import Article, Skipped
from .parsers import (
    MAX_ARTICLE_BYTES,
    article_suffix,
    file_type_of,
    is_project_file,
    is_streamed,
    parse_bytes,
)
from .parsers.records import open_stream, read_records
from .parsers.text import looks_like_headline

__all__ = ["MAX_ARTICLE_BYTES", "CorpusFile", "load_corpus", "read_file", "scan"]


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A file of the corpus that may hold articles, with what a change check needs."""

    rel: str
    """Its path relative to the corpus root, with "/" separators: the article id."""
    location: str
    """Its path as a string (a Path is made only when asked for: scans stay cheap)."""
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.location)


def display_name(rel: str) -> str:
    """A file name fit to print: undecodable bytes and control characters made visible."""
    return (
        rel.encode("utf-8", "surrogateescape")
        .decode("utf-8", "backslashreplace")
        .translate(_CONTROL_MAP)
    )


_CONTROL_MAP = {
    **{code: f"\\x{code:02x}" for code in (*range(0, 32), *range(0x7F, 0xA0))},
    # Bidirectional overrides and isolates would reorder the text around them.
    **{
        code: f"\\u{code:04x}"
        for code in (
            0x061C,
            0x200E,
            0x200F,
            0x202A,
            0x202B,
            0x202C,
            0x202D,
            0x202E,
            0x2066,
            0x2067,
            0x2068,
            0x2069,
        )
    },
}


def scan(root: Path) -> Iterator[CorpusFile | Skipped]:
    """Every article file below `root`, recursively, in a stable order.

    Hidden files and folders are passed over; a symlink is followed only when it stays
    inside the corpus; loops, unreadable folders and files of other kinds are reported as
    Skipped with a reason. Costs one stat per file; nothing is read.
    """
    root = Path(root)
    real_root = Path(os.path.realpath(root))
    seen_dirs: set[tuple[int, int]] = set()
    try:
        root_stat = os.stat(real_root)
    except OSError as error:
        yield Skipped(".", root, f"cannot open the corpus folder: {error.strerror}")
        return
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    yield from _walk(root, "", real_root, seen_dirs)


def _inside(real_root: Path, target: str) -> bool:
    try:
        Path(target).relative_to(real_root)
    except ValueError:
        return False
    return True


def _walk(
    folder: str | Path, prefix: str, real_root: Path, seen_dirs: set[tuple[int, int]]
) -> Iterator[CorpusFile | Skipped]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        where = prefix.rstrip("/") or "."
        yield Skipped(where, Path(folder), f"cannot list folder: {error.strerror}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        rel = prefix + name
        try:
            is_link = entry.is_symlink()
            if is_link:
                target = os.path.realpath(entry.path)
                if not _inside(real_root, target):
                    yield Skipped(rel, Path(entry.path), "symlink points outside the corpus")
                    continue
            info = os.stat(entry.path)  # follows links that stay inside
        except OSError as error:
            reason = "symlink loop" if getattr(error, "errno", None) == 40 else error.strerror
            yield Skipped(rel, Path(entry.path), f"cannot read: {reason}")
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen_dirs:
                yield Skipped(rel, Path(entry.path), "folder already seen (symlink loop)")
                continue
            seen_dirs.add(key)
            yield from _walk(entry.path, rel + "/", real_root, seen_dirs)
            continue
        if not stat.S_ISREG(info.st_mode):
            yield Skipped(rel, Path(entry.path), "not a regular file")
            continue
        if article_suffix(name) is None:
            kind = file_type_of(name) or "no extension"
            yield Skipped(rel, Path(entry.path), f"not an article file type ({kind})")
            continue
        if is_project_file(name):
            yield Skipped(rel, Path(entry.path), "the folder's own documentation, not an article")
            continue
        yield CorpusFile(rel, entry.path, info.st_size, info.st_mtime_ns)


class NotARegularFile(OSError):
    """The path is now a pipe, a device or a folder: reading it could block or never end."""

    def __init__(self) -> None:
        super().__init__("not a regular file")
        self.strerror = "not a regular file"


def read_bytes(path: Path | str, limit: int = MAX_ARTICLE_BYTES + 1) -> bytes:
    """Up to `limit` bytes of a regular file. Raises OSError (NotARegularFile for a pipe or
    a device put in a file's place after the scan: opening a pipe would wait forever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile()
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit)
    finally:
        os.close(fd)


def read_file(
    file: CorpusFile,
    *,
    dayfirst: bool = False,
    only: str | None = None,
    limit: int = MAX_ARTICLE_BYTES,
    first: bool = False,
) -> list[Article | Skipped]:
    """Read and parse one corpus file; never raises for bad content or vanished files.

    With `only` (an article id), the file's other articles are passed over where they can be;
    with `first`, a streamed file is read only as far as its first article.
    JSON Lines and WARC archives are streamed: `limit` applies to each of their records;
    any other file over `limit` is skipped whole.
    """
    if is_streamed(file.rel):
        try:
            with open_stream(file.path, limit=limit) as stream:
                return read_records(
                    stream,
                    rel=file.rel,
                    path=file.path,
                    size=file.size,
                    mtime_ns=file.mtime_ns,
                    dayfirst=dayfirst,
                    only=only,
                    limit=limit,
                    first=first,
                )
        except NotARegularFile:
            return [Skipped(file.rel, file.path, "not a regular file")]
        except OSError as error:
            return [Skipped(file.rel, file.path, f"cannot read: {error.strerror}")]
    if file.size > limit:
        return [Skipped(file.rel, file.path, f"too large ({file.size // 1_048_576} MB)")]
    try:
        data = read_bytes(file.path, limit + 1)
    except NotARegularFile:
        return [Skipped(file.rel, file.path, "not a regular file")]
    except OSError as error:
        return [Skipped(file.rel, file.path, f"cannot read: {error.strerror}")]
    if len(data) > limit:
        return [Skipped(file.rel, file.path, "too large")]
    return parse_bytes(
        data,
        rel=file.rel,
        path=file.path,
        size=len(data),
        mtime_ns=file.mtime_ns,
        dayfirst=dayfirst,
        only=only,
    )


def load_corpus(root: Path, *, dayfirst: bool = False) -> tuple[list[Article], list[Skipped]]:
    """Every article of a corpus and every file that was skipped, in path order."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in scan(root):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        for result in read_file(item, dayfirst=dayfirst):
            if isinstance(result, Article):
                articles.append(result)
            else:
                skipped.append(result)
    return articles, skipped


QUICK_TITLE_BYTES = 2048
"""How much of a file `quick_title` reads."""
QUICK_TITLE_SUFFIXES = (".txt", ".md", ".markdown")


def quick_title(file: CorpusFile) -> str | None:
    """A first guess at a text file's title from its first line, without parsing it.

    A Markdown heading, or a first line the text parser would take for a headline; None
    when there is no such line, or the file is of another kind.
    """
    if not file.rel.lower().endswith(QUICK_TITLE_SUFFIXES):
        return None
    try:
        with open(file.location, "rb") as handle:
            head = handle.read(QUICK_TITLE_BYTES)
    except OSError:
        return None
    for line in head.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            return line.lstrip("#").strip() or None
        return line if looks_like_headline(line) else None
    return None
