"""Naming a publisher from an article's address when the article does not name one."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "news"})
_WORD_MIN = 3
_TABLES_ALLOWED: ContextVar[bool] = ContextVar("word_tables_allowed", default=True)


@contextlib.contextmanager
def without_word_tables() -> Iterator[None]:
    """Within this block a host is not split into words unless the tables are loaded already.

    Loading wordsegment's tables costs ~0.7 s of CPU: a first listing shows the host
    ("themoscowtimes.com") rather than wait for "The Moscow Times".
    """
    token = _TABLES_ALLOWED.set(False)
    try:
        yield
    finally:
        _TABLES_ALLOWED.reset(token)


def host_of(url: str) -> str | None:
    """The host of a URL without a leading "www.", or None when it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _site_label(host: str) -> str:
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def source_from_url(url: str, text: str = "") -> str | None:
    """A publisher name for a URL's host.

    "themoscowtimes.com" becomes "The Moscow Times" when the article's own text names it
    so, or when the host splits cleanly into dictionary words; otherwise the host is kept.
    """
    host = host_of(url)
    if host is None:
        return None
    label = _site_label(host)
    named = _named_in_text(label, text)
    if named:
        return named
    if not _TABLES_ALLOWED.get() and not _tables_loaded():
        return host
    return _segmented_name(label) or host


def _tables_loaded() -> bool:
    return _SEGMENTER is not None


_SEGMENTER: Any = None
_SEGMENTER_LOCK = threading.Lock()
_CACHE_FORMAT = 1


def _segmenter() -> Any:
    """wordsegment's Segmenter with its word counts, from this user's cache when there is one.

    Reading its tables from the package's text files costs ~0.7 s of CPU; from a marshal
    file in the user's cache folder, trusted as the gazetteer's is, a tenth of that.
    """
    global _SEGMENTER
    with _SEGMENTER_LOCK:
        if _SEGMENTER is not None:
            return _SEGMENTER
        import wordsegment

        segmenter = wordsegment.Segmenter()
        path = _cache_path(wordsegment)
        tables = _read_cache(path) if path is not None else None
        if tables is None:
            segmenter.load()
            if path is not None:
                _write_cache(path, (segmenter.unigrams, segmenter.bigrams))
        else:
            segmenter.unigrams.update(tables[0])
            segmenter.bigrams.update(tables[1])
            segmenter.total = segmenter.TOTAL
            segmenter.limit = segmenter.LIMIT
        _SEGMENTER = segmenter
        return segmenter


def _cache_path(module: Any) -> Path | None:
    from ..paths import cache_dir

    try:
        info = os.stat(module.Segmenter.UNIGRAMS_FILENAME)
        extra = os.stat(module.Segmenter.BIGRAMS_FILENAME)
    except (OSError, AttributeError):
        return None
    stamp = f"{_CACHE_FORMAT} {module.__version__} {info.st_size} {info.st_mtime_ns} "
    stamp += f"{extra.st_size} {extra.st_mtime_ns} {sys.version_info[:2]}"
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:16]
    return cache_dir() / f"wordsegment-{digest}.marshal"


def _read_cache(path: Path) -> tuple[dict[str, float], dict[str, float]] | None:
    from ..trust import load_private_marshal

    data = load_private_marshal(path)
    if not (
        isinstance(data, tuple)
        and len(data) == 2
        and isinstance(data[0], dict)
        and isinstance(data[1], dict)
    ):
        return None
    return data[0], data[1]


def _write_cache(path: Path, tables: tuple[dict[str, float], dict[str, float]]) -> None:
    """Write the cache atomically, dropping older ones; a failure costs only speed."""
    from ..files import write_atomically
    from ..trust import make_private_folder

    try:
        make_private_folder(path.parent)
        write_atomically(path, marshal.dumps(tables))
        for old in path.parent.glob("wordsegment-*.marshal"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except Exception:  # the cache is optional: any failure costs only speed
        return


def _named_in_text(label: str, text: str) -> str | None:
    if not text or len(label) < 4:
        return None
    squashed = label.replace("-", "").lower()
    words = r"(?:[A-Z][\w'&]*\s+){0,5}[A-Z][\w'&]*"
    for match in re.finditer(words, text):
        phrase = match.group(0)
        tokens = phrase.split()
        # Any run of capitalised words whose letters spell the label.
        for first in range(len(tokens)):
            joined = ""
            for last in range(first, len(tokens)):
                joined += tokens[last].lower()
                if joined == squashed:
                    return " ".join(tokens[first : last + 1])
                if len(joined) >= len(squashed):
                    break
    return None


@lru_cache(maxsize=1024)
def _segmented_name(label: str) -> str | None:
    if not label.isalpha() or len(label) < 6:
        return None
    segmenter = _segmenter()  # loaded only when an article needs it
    words = segmenter.segment(label)
    if len(words) < 2 or any(len(w) < _WORD_MIN for w in words):
        return None
    if any(w not in segmenter.unigrams for w in words):
        return None
    return " ".join(w.capitalize() for w in words)
