"""The order of search hits: one answer for every build of the same corpus.

Whoosh breaks ties between equal scores by document number, and document numbers depend on
which worker wrote which segment and in what order segments were merged. Hits here are
ordered by their score rounded to SCORE_DIGITS significant digits (scores of two builds may
differ in the last bit: array scoring adds field scores in another order than Whoosh's
tree), then newest first, then by article id, none of which depends on the segment layout.
"""

from __future__ import annotations

import bisect
import math
import weakref
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from .columns import column_of, leaf_column

SCORE_DIGITS = 9
"""Scores equal to this many significant digits are ties."""

Hit = tuple[int, Any]
"""(global document number, score) as the rankers hand them back."""

_IDS: weakref.WeakKeyDictionary[Any, dict[int, str]] = weakref.WeakKeyDictionary()
"""Article ids by document number, per searcher (a searcher sees one generation)."""


def score_key(score: float | None) -> float:
    """A score rounded to SCORE_DIGITS significant digits, so near-equal scores compare equal."""
    value = float(score or 0.0)
    if value == 0.0 or not math.isfinite(value):
        return value
    return round(value, SCORE_DIGITS - 1 - math.floor(math.log10(abs(value))))


class PublishedColumn:
    """The `when` column of every segment, indexed by global document number.

    Whoosh's MultiReader.column_reader leaves out segments without the column (one whose
    articles are all undated has none), which shifts every later document onto the wrong
    segment; here each segment answers for its own documents, UNDATED when it has none.
    """

    def __init__(self, reader: Any) -> None:
        leaves = list(reader.leaf_readers())
        self._starts = [offset for _, offset in leaves]
        self._columns = [leaf_column(segment, "when") for segment, _ in leaves]

    def __getitem__(self, docnum: int) -> int:
        place = bisect.bisect_right(self._starts, docnum) - 1
        return int(self._columns[place][docnum - self._starts[place]])


def article_id(searcher: Any, docnum: int) -> str:
    """The id of the article stored as `docnum` (remembered for the searcher's life), read
    from the `key` column rather than the document's stored fields."""
    try:
        known = _IDS.setdefault(searcher, {})
    except TypeError:  # not weakly referenceable: no memory
        known = {}
    found = known.get(docnum)
    if found is None:
        key = column_of(searcher.reader(), "key", translate=False)[docnum]
        if key:
            found = bytes(key).decode("utf-8", "surrogateescape")
        else:  # an index written before the column existed
            found = str(searcher.stored_fields(docnum).get("id", ""))
        known[docnum] = found
    return found


def runs_of_equal(keys: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(start, stop) of every run of two or more equal neighbours in `keys`."""
    runs = []
    start = 0
    for position in range(1, len(keys) + 1):
        if position == len(keys) or keys[position] != keys[start]:
            if position - start > 1:
                runs.append((start, position))
            start = position
    return runs


def by_id_within_runs(searcher: Any, ordered: list[Hit], runs: Iterable[tuple[int, int]]) -> None:
    """Order each run `ordered[start:stop]` of tied hits by article id, in place."""
    for start, stop in runs:
        ordered[start:stop] = sorted(
            ordered[start:stop], key=lambda hit: article_id(searcher, hit[0])
        )


def last_tied(keys: Sequence[Hashable], limit: int) -> int:
    """How many of the ordered `keys` to keep so that the first `limit` are kept with every
    key tied with the last of them."""
    if limit >= len(keys):
        return len(keys)
    if limit <= 0:
        return 0
    stop = limit
    while stop < len(keys) and keys[stop] == keys[limit - 1]:
        stop += 1
    return stop


def _in_order(
    searcher: Any, keyed: list[tuple[float, float, int, Any]], limit: int | None
) -> list[Hit]:
    keyed.sort()
    keys = [item[:2] for item in keyed]
    keep = len(keyed) if limit is None else last_tied(keys, limit)
    ordered = [(docnum, score) for _, _, docnum, score in keyed[:keep]]
    by_id_within_runs(searcher, ordered, runs_of_equal(keys[:keep]))
    return ordered if limit is None else ordered[: max(0, limit)]


def stable_order(
    searcher: Any, hits: Iterable[Hit], when: Any, limit: int | None = None
) -> list[Hit]:
    """Hits best first: by rounded score, then newest first (`when[docnum]`, the column), then
    by article id; the first `limit` of them."""
    keyed: list[tuple[float, float, int, Any]] = [
        (-score_key(score), -int(when[docnum]), docnum, score) for docnum, score in hits
    ]
    return _in_order(searcher, keyed, limit)


def newest_order(searcher: Any, hits: Iterable[Hit], when: Any) -> list[Hit]:
    """Hits newest first (undated last), then by rounded score, then by article id."""
    keyed: list[tuple[float, float, int, Any]] = [
        (-int(when[docnum]), -score_key(score), docnum, score) for docnum, score in hits
    ]
    return _in_order(searcher, keyed, None)
