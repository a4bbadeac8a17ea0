"""Writing a segment's sorted postings, a term at a time rather than a posting at a time.

Whoosh's `FieldWriter.add_postings` checks order and calls three methods for every posting;
here each block of a term's postings (up to 128) is filled in one step.
The bytes written are the same as Whoosh's W3 codec writes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

Posting = tuple[str, bytes, int, float, bytes]

_FIELD = itemgetter(0)
_TERM = itemgetter(1)


def add_postings(fieldwriter: Any, schema: Any, items: Iterable[Posting]) -> None:
    """Write postings sorted by (field, term, docnum) through a W3 field writer."""
    for fieldname, in_field in groupby(items, key=_FIELD):
        fieldwriter.start_field(fieldname, schema[fieldname])
        postwriter = fieldwriter._postwriter
        blocklimit = postwriter._blocklimit
        for btext, in_term in groupby(in_field, key=_TERM):
            fieldwriter.start_term(btext)
            postings = list(in_term)
            # Full blocks are written as they fill, exactly where Whoosh's add_posting would
            # write them; the last (partial) block is left for finish_term.
            for start in range(0, len(postings), blocklimit):
                if start:
                    postwriter._write_block()
                block = postings[start : start + blocklimit]
                weights = [p[3] for p in block]
                postwriter._ids = array("I", [p[2] for p in block])
                postwriter._weights = array("f", weights)
                postwriter._values = [p[4] for p in block if p[4]]
                postwriter._maxweight = max(weights)
            fieldwriter.finish_term()
        fieldwriter.finish_field()
