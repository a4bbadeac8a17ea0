"""The manifest: what the index holds for each corpus file, kept beside it for fast starts.

A warm start compares one stat per file with the manifest's (size, mtime_ns) and fills the
article list from it, without opening a single stored Whoosh document. The manifest is a
cache of the index's stored fields, tagged with the Whoosh generation it describes; if the
tags disagree (a crash between commit and manifest write) it is rebuilt from the index.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..article import Skipped
from ..files import write_atomically

MANIFEST_FILE = "manifest.pickle"
SKIPPED_FILE = "skipped.json"
WORDS_FILE = "words.pickle"
_FORMAT = 1

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
    """The manifest saved in `folder`, or None when it is missing or unreadable."""
    try:
        with open(folder / MANIFEST_FILE, "rb") as handle:
            data: Any = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return None
    return Manifest(data["generation"], data["files"], data["articles"], data["names"])


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest atomically."""
    data = {
        "format": _FORMAT,
        "generation": manifest.generation,
        "files": manifest.files,
        "articles": manifest.articles,
        "names": manifest.names,
    }
    write_atomically(folder / MANIFEST_FILE, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


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


def load_words(folder: Path) -> set[str]:
    """The words seen in indexed articles (unstemmed), for spelling suggestions."""
    try:
        with open(folder / WORDS_FILE, "rb") as handle:
            words = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return set()
    return words if isinstance(words, set) else set()


def save_words(folder: Path, words: set[str]) -> None:
    """Write the word list atomically."""
    write_atomically(folder / WORDS_FILE, pickle.dumps(words, protocol=pickle.HIGHEST_PROTOCOL))
