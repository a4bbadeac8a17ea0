"""Per-document columns read segment by segment, by global document number.

Whoosh's `MultiReader.column_reader` leaves out segments without the column, which shifts
every later document onto the wrong segment; here each segment answers for its own
documents (with the column's default when it has none). Readers are made once per
top-level reader (a searcher sees one generation) and kept while it lives.
"""

from __future__ import annotations

import bisect
import weakref
from typing import Any

_KEPT: weakref.WeakKeyDictionary[Any, dict[tuple[str, bool], SegmentColumns]] = (
    weakref.WeakKeyDictionary()
)


class SegmentColumns:
    """One field's column in every segment of a reader, indexed by global document number."""

    def __init__(self, reader: Any, fieldname: str, *, translate: bool = True) -> None:
        leaves = list(reader.leaf_readers())
        self._starts = [offset for _, offset in leaves]
        self._columns = [leaf_column(leaf, fieldname, translate) for leaf, _ in leaves]

    def __getitem__(self, docnum: int) -> Any:
        place = bisect.bisect_right(self._starts, docnum) - 1
        return self._columns[place][docnum - self._starts[place]]


def leaf_column(leaf: Any, fieldname: str, translate: bool = True) -> Any:
    """One segment's column (empty for a reader of an index with nothing committed)."""
    try:
        return leaf.column_reader(fieldname, translate=translate)
    except NotImplementedError:
        # An index with nothing committed yet reads as Whoosh's EmptyReader, which has no
        # columns; it has no documents to ask about either.
        return ()


def column_of(reader: Any, fieldname: str, *, translate: bool = True) -> SegmentColumns:
    """The `fieldname` column of every segment of `reader`, made once per reader."""
    try:
        kept = _KEPT.setdefault(reader, {})
    except TypeError:  # not weakly referenceable: made afresh
        return SegmentColumns(reader, fieldname, translate=translate)
    found = kept.get((fieldname, translate))
    if found is None:
        found = kept[(fieldname, translate)] = SegmentColumns(
            reader, fieldname, translate=translate
        )
    return found
