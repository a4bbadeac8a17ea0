"""The manifest: what the index holds for each corpus file, kept beside it for fast starts.

A warm start compares one stat per file with the manifest's (size, mtime_ns) and fills the
article list from it, without opening a single stored Whoosh document. The manifest is a
cache of the index's stored fields, tagged with the Whoosh generation it describes; if the
tags disagree (a crash between commit and manifest write) it is rebuilt from the index.

It is JSON, so loading it can never run code (the pickles of older versions could). At
100,000 articles a warm start reads it at once, so it is laid out for speed: one column per
field, a column of text as one string joined by a character none of its values holds (a
`split` makes 100,000 strings several times faster than the JSON decoder does), and what is
rare (an article whose id is not its file's name, a missing source) as sparse exceptions.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
_DAMAGE = (ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeError)
"""What reading a damaged or foreign file can raise: it is then treated as missing."""

FileRecord = tuple[int, int, str, tuple[str, ...], tuple[tuple[str, str], ...]]
"""(size, mtime_ns, sha1, ids of its articles, (id, reason) of the parts that were skipped)."""

SummaryRecord = tuple[str, str, "datetime | None", "str | None", "str | None", bool]
"""(file id, title, published, source, byline, title_derived)."""


@dataclass(slots=True)
class Manifest:
    """Per-file and per-article records of what the index holds."""

    generation: int = -1
    files: dict[str, FileRecord] = field(default_factory=dict)
    articles: dict[str, SummaryRecord] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """Entity key ("person:vladimir putin") to the name to show for it."""

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
        with _no_collection():
            rels, files = _files_from(data["files"])
            articles = _articles_from(data["articles"], rels)
            return Manifest(int(data["generation"]), files, articles, _names_from(data["names"]))
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
    data = {
        "format": _FORMAT,
        "generation": manifest.generation,
        "files": {
            "rel": _pack(rels),
            "size": [record[0] for record in records],
            "mtime_ns": [record[1] for record in records],
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
            # (articles of a file no longer recorded: not made by the updater, but kept).
            "file": [position.setdefault(summary[0], len(position)) for summary in summaries],
            "other_files": list(position)[len(rels) :],
            "id": {
                n: i
                for n, (i, summary) in enumerate(zip(ids, summaries, strict=True))
                if i != summary[0]
            },
            "title": _pack(summary[1] for summary in summaries),
            "published": _pack(s[2].isoformat() if s[2] else "" for s in summaries),
            "source": _pack(summary[3] or "" for summary in summaries),
            "no_source": [n for n, summary in enumerate(summaries) if summary[3] is None],
            "byline": _pack(summary[4] or "" for summary in summaries),
            "no_byline": [n for n, summary in enumerate(summaries) if summary[4] is None],
            "title_derived": [n for n, summary in enumerate(summaries) if summary[5]],
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
    sizes, stamps, sha1s = columns["size"], columns["mtime_ns"], _unpack(columns["sha1"])
    if not len(rels) == len(sizes) == len(stamps) == len(sha1s):
        raise ValueError("columns of different lengths")
    return rels, dict(zip(rels, zip(sizes, stamps, sha1s, ids, skipped, strict=True), strict=True))


def _articles_from(columns: dict[str, Any], rels: list[str]) -> dict[str, SummaryRecord]:
    known = rels + [str(rel) for rel in columns["other_files"]]
    files = list(map(known.__getitem__, columns["file"]))
    ids = list(files)
    for number, ident in columns["id"].items():
        ids[int(number)] = str(ident)
    parse = datetime.fromisoformat
    published = [parse(text) if text else None for text in _unpack(columns["published"])]
    sources = _with_none(_unpack(columns["source"]), columns["no_source"])
    bylines = _with_none(_unpack(columns["byline"]), columns["no_byline"])
    derived = [False] * len(files)
    for number in columns["title_derived"]:
        derived[number] = True
    rows = zip(files, _unpack(columns["title"]), published, sources, bylines, derived, strict=True)
    return dict(zip(ids, rows, strict=True))


def _names_from(columns: dict[str, Any]) -> dict[str, str]:
    return dict(zip(_unpack(columns["key"]), _unpack(columns["name"]), strict=True))


def _with_none(values: list[str | None], missing: list[int]) -> list[str | None]:
    for number in missing:
        values[number] = None
    return values


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


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large manifest is built: its passes over
    a few hundred thousand new tuples (none of them in a cycle) would cost a third of the
    load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
