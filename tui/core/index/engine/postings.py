"""Writing a segment's sorted postings a term at a time rather than a posting at a time.

Whoosh's `FieldWriter.add_postings` checks order and makes several method calls for every
posting and every block. Most of our terms have fewer postings than one block holds,
so their block and term record are written here in one step, in the layout Whoosh's W3 codec
reads. Longer posting lists go through `CompactPostingsWriter`, filled a block at a time.

Two things differ from the bytes Whoosh itself writes, both to keep the index small; Whoosh
reads either way. Blocks are pickled with protocol 4, not 2: protocol 2 spells every bytes
value (each posting's positions) as a call to `_codecs.encode` with a latin-1 string, about
17 bytes of overhead per posting, where protocol 4 needs 2 or 3. And a term in at most
INLINE_LIMIT articles keeps its postings in its term record (Whoosh's `inlinelimit` never
takes effect: its writer calls a `set_inline` that W3TermInfo does not have), which saves a
block header, a block info record and a file pointer for most names and rare words.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from io import BytesIO
from pickle import FRAME, Pickler, dumps
from typing import Any

from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.codec.whoosh3 import W3PostingsWriter as _W3PostingsWriter
from whoosh.codec.whoosh3 import W3TermInfo as _W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode

Posting = tuple[int, float, Any]
"""One document's posting of a term: its number, the weight, the encoded value (or None)."""
FieldPostings = Iterable[tuple[str, Iterable[tuple[bytes, list[Posting]]]]]
"""Postings field by field and term by term, each in order: what `add_postings` writes."""

W3TermInfo: Any = _W3TermInfo  # untyped in Whoosh
PICKLE_PROTOCOL = 4
"""The pickle protocol of posting blocks and inlined postings (Whoosh's own writer uses 2)."""
INLINE_LIMIT = 4
"""Terms in at most this many articles keep their postings in the term record (text and
name fields: those whose postings carry positions)."""
_PROTO_SIZE = 2
"""The PROTO opcode and its argument."""
_FRAMED = _PROTO_SIZE + 9
"""... and the FRAME opcode with its 8-byte length."""
_NO_LENGTH = length_to_byte(None)
_ZERO_LENGTH = length_to_byte(0)


def add_postings(fieldwriter: Any, schema: Any, fields: FieldPostings) -> None:
    """Write postings, field by field and term by term in order, through a W3 field writer."""
    for fieldname, terms in fields:
        fieldobj = schema[fieldname]
        fieldwriter.start_field(fieldname, fieldobj)
        postwriter = fieldwriter._postwriter
        blocklimit = postwriter._blocklimit
        fixed_size = fieldobj.format.fixed_value_size()
        prefix = pack_ushort(fieldwriter._fieldid)
        compression = postwriter._compression
        raw = postwriter._postfile.file  # the buffered file under Whoosh's StructFile
        position = raw.tell()
        tindex = fieldwriter._tindex
        for btext, postings in terms:
            if len(postings) < blocklimit:
                block, record = _short_term(position, postings, fixed_size, compression)
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
                weights = [p[1] for p in chunk]
                postwriter._ids = array("I", [p[0] for p in chunk])
                postwriter._weights = array("f", weights)
                postwriter._values = [p[2] for p in chunk if p[2]]
                postwriter._maxweight = max(weights)
            fieldwriter.finish_term()
            position = raw.tell()
        fieldwriter.finish_field()


def _short_term(
    start: int, postings: list[Posting], fixed_size: Any, compression: int = 0
) -> tuple[bytes, bytes]:
    """The block bytes (empty when the postings are inlined) and the term record bytes."""
    ids = array("I", [p[0] for p in postings])
    weights = array("f", [p[1] for p in postings])
    maxweight = max(weights)
    count = len(ids)
    values = tuple([p[2] for p in postings if p[2]])
    if count <= INLINE_LIMIT and len(values) == count and (fixed_size is None or fixed_size < 0):
        # As W3TermInfo.to_bytes writes an inlined term (flag set), with a smaller pickle.
        # Only postings with values: Whoosh reads inlined postings without values as "",
        # which its merging refuses (it wants bytes).
        inlined = bare_pickle((tuple(ids), _compact(weights), values))
        head = W3TermInfo._struct.pack(
            1, sum(weights), count, 0, _ZERO_LENGTH, maxweight, ids[0], ids[-1]
        )
        return b"", head + inlined
    terminfo = W3TermInfo(
        weight=sum(weights),
        df=count,
        minlength=None,
        maxlength=0,
        maxweight=maxweight,
        minid=ids[0],
        maxid=ids[-1],
    )
    if weights.count(1.0) == count:
        mini_weights: Any = None
    elif weights.count(weights[0]) == count:
        mini_weights = weights[0]
    else:
        mini_weights = _compact(weights)
    if fixed_size is None or fixed_size < 0:
        mini_values: Any = values
    elif fixed_size == 0:
        mini_values = None
    else:
        mini_values = b"".join(values)
    data = dumps((tuple(delta_encode(ids)), mini_weights, mini_values), PICKLE_PROTOCOL)
    if len(data) < COMPRESSION_MIN_SIZE:
        compression = 0  # as Whoosh's writer: zlib only makes a tiny block bigger
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((count, ids[-1], maxweight, compression, _NO_LENGTH, _ZERO_LENGTH), 2)
    block = b"".join((WHOOSH3_HEADER_MAGIC, pack_int(-(len(info) + len(data))), info, data))
    terminfo.set_extent(start, len(block))
    return block, terminfo.to_bytes()


def bare_pickle(value: Any) -> bytes:
    """`value` pickled with PICKLE_PROTOCOL without its protocol mark, frame header and
    memo (16 of the 28 bytes of a one-posting term's inlined postings): `pickle.loads`
    needs none of them, and most terms of real text are in one or two articles."""
    buffer = BytesIO()
    pickler = Pickler(buffer, PICKLE_PROTOCOL)
    pickler.fast = True  # no memo: these tuples hold no value twice
    pickler.dump(value)
    data = buffer.getvalue()
    return data[_FRAMED:] if data[_PROTO_SIZE] == FRAME[0] else data[_PROTO_SIZE:]


def _compact(weights: array[float]) -> tuple[float, ...]:
    """The weights, whole ones as ints: a pickled small int takes 2 bytes, a float 9
    (weights are term frequencies; Whoosh's readers do arithmetic on either)."""
    return tuple([int(w) if w.is_integer() else w for w in weights])


class CompactPostingsWriter(_W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's W3 postings writer, pickling each block with PICKLE_PROTOCOL."""

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        terminfo: Any = self._terminfo
        terminfo.add_block(self)
        mine: Any = self
        weights = mine._mini_weights()
        if isinstance(weights, tuple):
            weights = _compact(self._weights)
        data = (mine._mini_ids(), weights, mine._mini_values())
        databytes = dumps(data, PICKLE_PROTOCOL)
        compression = self._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
        if compression:
            databytes = zlib.compress(databytes, compression)
        info = (
            len(self._ids),
            self._ids[-1],
            self._maxweight,
            compression,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = dumps(info, 2)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        mine._new_block()
