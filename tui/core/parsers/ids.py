"""Ids for the articles of a file that holds many (feeds, crawl archives, JSON Lines).

An item's id is its file's path plus a short digest of its guid or URL, so it stays the
same when other items are added to or removed from the file; an item with neither is
known by its number in the file.
"""

from __future__ import annotations

import hashlib

_DIGEST_CHARS = 12


class EntryIds:
    """Hands out the ids of one file's articles, each only once."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self._taken: set[str] = set()

    def for_entry(self, key: str | None, number: int) -> str:
        """The id of the entry numbered `number` whose guid or URL is `key` (None: none)."""
        base = f"{self.rel}#{_digest(key)}" if key and key.strip() else f"{self.rel}#{number}"
        ident = base
        repeat = 2
        while ident in self._taken:  # two items with one guid: the later ones get a suffix
            ident = f"{base}-{repeat}"
            repeat += 1
        self._taken.add(ident)
        return ident


def _digest(key: str) -> str:
    data = key.strip().encode("utf-8", "surrogatepass")
    return hashlib.sha1(data).hexdigest()[:_DIGEST_CHARS]
