"""Writing a segment's sorted postings a term at a time rather than a posting at a time.

Whoosh's `FieldWriter.add_postings` checks order and makes several method calls for every
posting and every block. Most of our terms have fewer postings than one block holds (128),
so their block and term record are written here in one step, in exactly the bytes Whoosh's
W3 codec writes (with LeanCodec: no compression, no length statistics). Longer posting lists
go through Whoosh's own postings writer, filled a block at a time.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.codec.whoosh3 import W3TermInfo as _W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

Posting = tuple[str, bytes, int, float, bytes]

W3TermInfo: Any = _W3TermInfo  # untyped in Whoosh
_FIELD = itemgetter(0)
_TERM = itemgetter(1)
_NO_LENGTH = length_to_byte(None)
_ZERO_LENGTH = length_to_byte(0)


def add_postings(fieldwriter: Any, schema: Any, items: Iterable[Posting]) -> None:
    """Write postings sorted by (field, term, docnum) through a W3 field writer."""
    for fieldname, in_field in groupby(items, key=_FIELD):
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        postwriter = fieldwriter._postwriter
        blocklimit = postwriter._blocklimit
        fixed_size = fieldobj.format.fixed_value_size()
        prefix = pack_ushort(fieldwriter._fieldid)
        raw = postwriter._postfile.file  # the buffered file under Whoosh's StructFile
        position = raw.tell()
        tindex = fieldwriter._tindex
        for btext, in_term in groupby(in_field, key=_TERM):
            postings = list(in_term)
            if len(postings) < blocklimit:
                block, record = _short_term(position, postings, fixed_size)
                raw.write(block)
                position += len(block)
                tindex.add(prefix + btext, record)
                continue
            fieldwriter.start_term(btext)
            # Full blocks are written as they fill, exactly where Whoosh's add_posting would
            # write them; the last (partial) block is left for finish_term.
            for start in range(0, len(postings), blocklimit):
                if start:
                    postwriter._write_block()
                chunk = postings[start : start + blocklimit]
                weights = [p[3] for p in chunk]
                postwriter._ids = array("I", [p[2] for p in chunk])
                postwriter._weights = array("f", weights)
                postwriter._values = [p[4] for p in chunk if p[4]]
                postwriter._maxweight = max(weights)
            fieldwriter.finish_term()
            position = raw.tell()
        fieldwriter.finish_field()


def _short_term(start: int, postings: list[Posting], fixed_size: Any) -> tuple[bytes, bytes]:
    """The block bytes and term record bytes that W3PostingsWriter and W3FieldWriter write."""
    ids = array("I", [p[2] for p in postings])
    weights = array("f", [p[3] for p in postings])
    maxweight = max(p[3] for p in postings)
    count = len(ids)
    if weights.count(1.0) == count:
        mini_weights: Any = None
    elif weights.count(weights[0]) == count:
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    if fixed_size is None or fixed_size < 0:
        mini_values: Any = tuple([p[4] for p in postings if p[4]])
    elif fixed_size == 0:
        mini_values = None
    else:
        mini_values = b"".join([p[4] for p in postings if p[4]])
    data = dumps((tuple(delta_encode(ids)), mini_weights, mini_values), 2)
    info = dumps((count, ids[-1], maxweight, 0, _NO_LENGTH, _ZERO_LENGTH), 2)
    block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
    terminfo = W3TermInfo(
        weight=sum(weights),
        df=count,
        minlength=None,
        maxlength=0,
        maxweight=maxweight,
        minid=ids[0],
        maxid=ids[-1],
    )
    terminfo.set_extent(start, len(block))
    return block, terminfo.to_bytes()
