"""Naming a publisher from an article's address when the article does not name one."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
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
    import sys

    module = sys.modules.get("wordsegment")
    return bool(module is not None and getattr(module, "UNIGRAMS", None))


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
    import wordsegment  # loaded only when an article needs it: its tables take a moment

    if not wordsegment.UNIGRAMS:
        wordsegment.load()
    words = wordsegment.segment(label)
    if len(words) < 2 or any(len(w) < _WORD_MIN for w in words):
        return None
    if any(w not in wordsegment.UNIGRAMS for w in words):
        return None
    return " ".join(w.capitalize() for w in words)
