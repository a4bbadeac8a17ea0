"""The manifest: what the index holds for each corpus file, kept beside it for fast starts.

A warm start compares one stat per file with the manifest's (size, mtime_ns) and fills the
article list from it, without opening a single stored Whoosh document. The manifest is a
cache of the index's stored fields, tagged with the Whoosh generation it describes; if the
tags disagree (a crash between commit and manifest write) it is rebuilt from the index.

It is JSON, so loading it can never run code (the pickles of older versions could). At
100,000 articles a warm start reads it at once, so it is laid out for speed: one column per
field; a column of text as one string joined by a character none of its values holds (a
`split` makes 100,000 strings faster than the JSON decoder does); a column of integers as
the hex of an array; dates, sources and bylines as a table of their distinct values and a
number per article; and what is rare (an article whose id is not its file's name, a file of
several articles) as sparse exceptions. `benchmarks/manifest_load.py` measures it.
"""

from __future__ import annotations

import array
import json
import sys
from collections.abc import Callable, Iterable, Sized
from datetime import datetime
from pathlib import Path
from typing import Any

from ..article import Skipped
from ..files import write_atomically

MANIFEST_FILE = "manifest.json"
SKIPPED_FILE = "skipped.json"
WORDS_FILE = "words.json"
LEGACY_FILES = ("manifest.pickle", "words.pickle")
"""What older versions wrote as pickles: an index that has them is rebuilt, never read."""
_FORMAT = 2
_SEPARATORS = ("\x7f", "|", "~", "^", "`")
"""Characters JSON writes as they are (no escape): the first one a column lacks joins it."""
_DAMAGE = (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError)
"""What reading a damaged or foreign file can raise: it is then treated as missing."""

FileRecord = tuple[int, int, str, tuple[str, ...], tuple[tuple[str, str], ...]]
"""(size, mtime_ns, sha1, ids of its articles, (id, reason) of the parts that were skipped)."""

SummaryRecord = tuple[str, str, "datetime | None", "str | None", "str | None", bool, bool]
"""(file id, title, published, source, byline, title_derived, summary_only)."""


class Manifest:
    """Per-file and per-article records of what the index holds."""

    __slots__ = ("_names", "_packed_names", "articles", "files", "generation")

    def __init__(
        self,
        generation: int = -1,
        files: dict[str, FileRecord] | None = None,
        articles: dict[str, SummaryRecord] | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        self.generation = generation
        self.files: dict[str, FileRecord] = {} if files is None else files
        self.articles: dict[str, SummaryRecord] = {} if articles is None else articles
        self._names: dict[str, str] | None = {} if names is None else names
        self._packed_names: Any = None
        """The names' columns as the file holds them, until `names` is first asked for."""

    @property
    def names(self) -> dict[str, str]:
        """Entity key ("person:vladimir putin") to the name to show for it.

        Read from the file only when first asked for: at the DOJ releases' 83,000 names,
        a third of reading the manifest, which the list a later launch shows first does
        not need.
        """
        if self._names is None:
            self._names = _names_from(self._packed_names)
            self._packed_names = None
        return self._names

    @names.setter
    def names(self, names: dict[str, str]) -> None:
        self._names, self._packed_names = names, None

    def copy(self) -> Manifest:
        """A manifest that can be changed without changing this one (records are tuples)."""
        return Manifest(self.generation, dict(self.files), dict(self.articles), dict(self.names))

    def forget_file(self, rel: str) -> None:
        """Drop a file and its articles."""
        record = self.files.pop(rel, None)
        if record is not None:
            for ident in record[3]:
                self.articles.pop(ident, None)


def load_manifest(folder: Path) -> Manifest | None:
    """The manifest saved in `folder`, or None when it is missing, damaged or of another format."""
    try:
        data = _read_json(folder / MANIFEST_FILE)
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return None
        rels, files = _files_from(data["files"])
        articles = _articles_from(data["articles"], rels)
        manifest = Manifest(int(data["generation"]), files, articles)
        manifest._names, manifest._packed_names = None, _checked_names(data["names"])
        return manifest
    except (OSError, *_DAMAGE):
        return None


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest atomically."""
    files = manifest.files
    rels = list(files)
    records = list(files.values())
    position = {rel: number for number, rel in enumerate(rels)}
    ids = list(manifest.articles)
    summaries = list(manifest.articles.values())
    same_order = len(rels) == len(summaries) and all(
        summary[0] == rel for summary, rel in zip(summaries, rels, strict=True)
    )
    data = {
        "format": _FORMAT,
        "generation": manifest.generation,
        "files": {
            "rel": _pack(rels),
            "size": _pack_numbers(record[0] for record in records),
            "mtime_ns": _pack_numbers(record[1] for record in records),
            "sha1": _pack(record[2] for record in records),
            # Most files hold one article, whose id is the file's: only the others are listed.
            "ids": {
                n: r[3]
                for n, (rel, r) in enumerate(zip(rels, records, strict=True))
                if r[3] != (rel,)
            },
            "skipped": {n: record[4] for n, record in enumerate(records) if record[4]},
        },
        "articles": {
            # The number of the article's file, counting on past the files into `other_files`
            # (articles of a file no longer recorded: not made by the updater, but kept);
            # null when the articles are the files' own, one each in the same order.
            "file": None
            if same_order
            else _pack_numbers((position.setdefault(s[0], len(position)) for s in summaries), "i"),
            "other_files": list(position)[len(rels) :],
            "id": {
                n: i
                for n, (i, summary) in enumerate(zip(ids, summaries, strict=True))
                if i != summary[0]
            },
            "title": _pack(summary[1] for summary in summaries),
            "published": _pack_table(s[2].isoformat() if s[2] else None for s in summaries),
            "source": _pack_table(summary[3] for summary in summaries),
            "byline": _pack_table(summary[4] for summary in summaries),
            "title_derived": [n for n, summary in enumerate(summaries) if summary[5]],
            "summary_only": [n for n, summary in enumerate(summaries) if summary[6]],
        },
        "names": {"key": _pack(manifest.names), "name": _pack(manifest.names.values())},
    }
    _write_json(folder / MANIFEST_FILE, data)


def _files_from(columns: dict[str, Any]) -> tuple[list[str], dict[str, FileRecord]]:
    rels = _unpack(columns["rel"])
    ids: list[tuple[str, ...]] = list(zip(rels))
    for number, listed in columns["ids"].items():
        ids[int(number)] = tuple(map(str, listed))
    skipped: list[tuple[tuple[str, str], ...]] = [()] * len(rels)
    for number, pairs in columns["skipped"].items():
        skipped[int(number)] = tuple((str(ident), str(reason)) for ident, reason in pairs)
    sizes, stamps = _unpack_numbers(columns["size"]), _unpack_numbers(columns["mtime_ns"])
    sha1s = _unpack(columns["sha1"])
    _same_lengths(rels, sizes, stamps, sha1s)
    return rels, dict(
        zip(rels, zip(sizes, stamps, sha1s, ids, skipped, strict=False), strict=False)
    )


def _articles_from(columns: dict[str, Any], rels: list[str]) -> dict[str, SummaryRecord]:
    if columns["file"] is None:
        files = rels
    else:
        known = rels + [str(rel) for rel in columns["other_files"]]
        files = list(map(known.__getitem__, _unpack_numbers(columns["file"], "i")))
    ids = list(files)
    for number, ident in columns["id"].items():
        ids[int(number)] = str(ident)
    published = _unpack_table(columns["published"], datetime.fromisoformat)
    sources = _unpack_table(columns["source"])
    bylines = _unpack_table(columns["byline"])
    derived = [False] * len(files)
    for number in columns["title_derived"]:
        derived[number] = True
    summary_only = [False] * len(files)
    for number in columns.get("summary_only", []):  # absent from older manifests
        summary_only[number] = True
    titles = _unpack(columns["title"])
    _same_lengths(files, titles, published, sources, bylines)
    rows = zip(files, titles, published, sources, bylines, derived, summary_only, strict=False)
    return dict(zip(ids, rows, strict=False))


def _checked_names(columns: Any) -> dict[str, Any]:
    """The names' columns, checked without being unpacked: a damaged file is found while it
    is read (and then read as missing), not when a name is first asked for."""
    keys, names = columns["key"], columns["name"]
    if _packed_count(keys) != _packed_count(names):
        raise ValueError("the names' columns have different lengths")
    return {"key": keys, "name": names}


def _packed_count(packed: Any) -> int:
    """How many values a column `_pack` wrote holds, checked as `_unpack` would find it."""
    if isinstance(packed, list):
        return len(packed)
    count, separator, text = packed["count"], packed["separator"], packed["text"]
    if not (isinstance(count, int) and isinstance(separator, str) and isinstance(text, str)):
        raise TypeError("a column is not what `_pack` writes")
    if count and text.count(separator) != count - 1:  # one fast pass, no strings made
        raise ValueError("a column has the wrong number of values")
    return count


def _names_from(columns: dict[str, Any]) -> dict[str, str]:
    return dict(zip(_unpack(columns["key"]), _unpack(columns["name"]), strict=True))


def _same_lengths(*columns: Sized) -> None:
    # Checked once here: `zip(strict=True)` costs a sixth of building the records.
    if len({len(column) for column in columns}) > 1:
        raise ValueError("columns of different lengths")


def _pack_table(values: Iterable[str | None]) -> dict[str, Any]:
    """A column of few distinct values (dates, sources, bylines): each distinct value once,
    and for each row the number of its value, -1 for None."""
    numbers: dict[str, int] = {}
    rows = [-1 if value is None else numbers.setdefault(value, len(numbers)) for value in values]
    return {"values": _pack(numbers), "rows": _pack_numbers(rows, "i")}


def _unpack_table(packed: dict[str, Any], convert: Callable[[str], Any] = str) -> list[Any]:
    """The rows of a column `_pack_table` wrote, each distinct value converted once."""
    values = [*map(convert, _unpack(packed["values"])), None]  # row -1 is the None at the end
    return list(map(values.__getitem__, _unpack_numbers(packed["rows"], "i")))


def _pack(values: Iterable[str]) -> dict[str, Any] | list[str]:
    """A column of text as one joined string, or as a list when every separator occurs in it."""
    values = list(values)
    for separator in _SEPARATORS:
        joined = separator.join(values)
        if joined.count(separator) == max(0, len(values) - 1):
            return {"count": len(values), "separator": separator, "text": joined}
    return values


def _unpack(packed: Any) -> list[Any]:
    """The values of a column `_pack` wrote."""
    if isinstance(packed, list):
        return [str(value) for value in packed]
    count = packed["count"]
    if count == 0:
        return []
    values = packed["text"].split(packed["separator"])
    if len(values) != count:
        raise ValueError("a column has the wrong number of values")
    return values  # type: ignore[no-any-return]


def _pack_numbers(values: Iterable[int], kind: str = "q") -> str:
    """A column of integers as the hex of a little-endian array (`kind` "q": 64-bit, "i":
    32-bit): JSON's decoder makes Python ints from digits several times slower."""
    column = array.array(kind, values)
    if sys.byteorder == "big":
        column.byteswap()
    return column.tobytes().hex()


def _unpack_numbers(text: str, kind: str = "q") -> array.array[int]:
    """The integers of a column `_pack_numbers` wrote (made into ints as they are iterated)."""
    column = array.array(kind, bytes.fromhex(text))
    if sys.byteorder == "big":
        column.byteswap()
    return column


def _read_json(path: Path) -> Any:
    # Lone surrogates (from file names that are not UTF-8) are written and read back as they are.
    return json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    write_atomically(path, text.encode("utf-8", "surrogatepass"))


def save_skipped(folder: Path, skipped: list[Skipped]) -> None:
    """Keep the last update's skipped files, so a warm start can list them."""
    rows = [{"id": item.id, "path": str(item.path), "reason": item.reason} for item in skipped]
    # Names that are not UTF-8 are kept as their own bytes (surrogate escapes).
    data = json.dumps(rows, ensure_ascii=False).encode("utf-8", "surrogateescape")
    write_atomically(folder / SKIPPED_FILE, data)


def load_skipped(folder: Path) -> list[Skipped]:
    """The skipped files saved by the last update (empty when there is no record)."""
    try:
        text = (folder / SKIPPED_FILE).read_text(encoding="utf-8", errors="surrogateescape")
        rows = json.loads(text)
        return [Skipped(row["id"], Path(row["path"]), row["reason"]) for row in rows]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def load_words(folder: Path) -> list[str]:
    """The words seen in indexed articles (unstemmed, sorted), for spelling suggestions."""
    try:
        words = _unpack(_read_json(folder / WORDS_FILE))
    except (OSError, *_DAMAGE):
        return []
    return words


def save_words(folder: Path, words: set[str]) -> None:
    """Write the word list atomically."""
    _write_json(folder / WORDS_FILE, _pack(sorted(words)))
