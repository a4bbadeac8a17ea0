"""A segment's term dictionary as sorted blocks of front-coded keys, in place of Whoosh's hash file.

Whoosh keeps a segment's terms in an `OrderedHashWriter` file: every term costs a length
header (8 bytes), two slots of a hash table (24 bytes) and an entry in a position array,
besides its key and its record. Most terms of real news are rare words and names whose
record is a few dozen bytes, so that overhead was most of the term file, and the term file
most of the index: 2.6 of the 3.8 MB of the AEB tier's one segment (see RESULTS.md).

Here the keys are written in order, in blocks of BLOCK_TERMS. Each entry is the length of
the prefix it shares with the key before it, the rest of its key and its record, the three
lengths as varints; the first entry of a block shares nothing, so a block reads on its
own. After the entries come the first key and the offset of every block, then the field
map (JSON) and a fixed trailer. A look-up bisects the first keys and reads one block.

Records are stored as they are, so a record still sits at one place in the file: Whoosh's
`W3TermsReader` reads a term's weight and document frequency straight from there, and its
field cursor walks entries by their positions (an entry starts where the one before it
ends, across blocks too). `TermBlocksReader` answers the calls those two make of an
`OrderedHashReader`; nothing else reads a term file.
"""

from __future__ import annotations

import json
import struct
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3Codec as _W3Codec
from whoosh.codec.whoosh3 import W3FieldWriter as _W3FieldWriter
from whoosh.codec.whoosh3 import W3TermsReader as _W3TermsReader

from ..analysis import VARINT_LOW, VARINT_MORE

MAGIC = b"BsT1"
BLOCK_TERMS = 32
"""Entries a block: a look-up decodes at most this many keys."""
CACHED_BLOCKS = 64
"""Decoded blocks kept per reader (a query's terms, a prefix's run of keys)."""
_TRAILER = struct.Struct("<QQI4s")
"""Where the block index starts, where the field map starts, the number of blocks, MAGIC."""


def _varint(number: int) -> bytes:
    if number <= VARINT_LOW:
        return bytes((number,))
    out = bytearray()
    while number > VARINT_LOW:
        out.append((number & VARINT_LOW) | VARINT_MORE)
        number >>= 7
    out.append(number)
    return bytes(out)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    byte = data[at]
    if byte <= VARINT_LOW:
        return byte, at + 1
    number = shift = 0
    while True:
        byte = data[at]
        at += 1
        number |= (byte & VARINT_LOW) << shift
        if not byte & VARINT_MORE:
            return number, at
        shift += 7


class TermBlocksWriter:
    """Writes a term file; keys must be added in increasing order (as Whoosh's writer adds
    them: by field number, then term bytes)."""

    def __init__(self, dbfile: Any) -> None:
        self.dbfile = dbfile
        self.extras: dict[str, Any] = {}
        """Whoosh's field writer keeps its field map here (`extras["fieldmap"]`)."""
        self._raw = dbfile.file if hasattr(dbfile, "file") else dbfile
        self._position = dbfile.tell()
        self._raw.write(MAGIC)
        self._position += len(MAGIC)
        self._last = b""
        self._count = 0
        self._offsets: list[int] = []
        self._firsts: list[bytes] = []

    def add(self, key: bytes, value: bytes) -> None:
        """Add a key and its record."""
        last = self._last
        if self._count and key <= last:
            raise ValueError(f"keys must increase: {last!r}..{key!r}")
        if self._count % BLOCK_TERMS == 0:
            self._offsets.append(self._position)
            self._firsts.append(key)
            shared = 0
        else:
            shared = 0
            most = min(len(key), len(last))
            while shared < most and key[shared] == last[shared]:
                shared += 1
        suffix = key[shared:]
        entry = b"".join(
            (_varint(shared), _varint(len(suffix)), suffix, _varint(len(value)), value)
        )
        self._raw.write(entry)
        self._position += len(entry)
        self._last = key
        self._count += 1

    def close(self) -> int:
        """Write the block index, the field map and the trailer; close the file."""
        raw = self._raw
        index_at = self._position
        raw.write(struct.pack(f"<{len(self._offsets)}Q", *self._offsets))
        raw.write(b"".join(_varint(len(key)) + key for key in self._firsts))
        fields_at = raw.tell()
        raw.write(json.dumps(self.extras.get("fieldmap", {}), sort_keys=True).encode())
        raw.write(_TRAILER.pack(index_at, fields_at, len(self._offsets), MAGIC))
        end = raw.tell()
        self.dbfile.close()
        return int(end)


class _Block:
    """One block decoded: its keys, where each record lies, where each entry starts."""

    __slots__ = ("datalen", "datapos", "keys", "starts")

    def __init__(self, data: bytes, start: int) -> None:
        keys: list[bytes] = []
        datapos: list[int] = []
        datalen: list[int] = []
        starts: list[int] = []
        key = b""
        at = 0
        end = len(data)
        while at < end:
            starts.append(start + at)
            shared, at = _read_varint(data, at)
            size, at = _read_varint(data, at)
            key = key[:shared] + data[at : at + size]
            at += size
            length, at = _read_varint(data, at)
            keys.append(key)
            datapos.append(start + at)
            datalen.append(length)
            at += length
        self.keys = keys
        self.datapos = datapos
        self.datalen = datalen
        self.starts = starts


class TermBlocksReader:
    """Reads a term file written by `TermBlocksWriter`, with the calls Whoosh's W3 terms
    reader and field cursor make of an `OrderedHashReader`."""

    def __init__(self, dbfile: Any, length: int) -> None:
        self.dbfile = dbfile
        index_at, fields_at, blocks, magic = _TRAILER.unpack(
            bytes(dbfile.get(length - _TRAILER.size, _TRAILER.size))
        )
        if magic != MAGIC or bytes(dbfile.get(0, len(MAGIC))) != MAGIC:
            raise ValueError("not a term file of this format")
        index = bytes(dbfile.get(index_at, fields_at - index_at))
        self._offsets = list(struct.unpack_from(f"<{blocks}Q", index))
        firsts: list[bytes] = []
        at = blocks * 8
        for _ in range(blocks):
            size, at = _read_varint(index, at)
            firsts.append(index[at : at + size])
            at += size
        self._firsts = firsts
        self._end = index_at
        """Where the entries end."""
        self._offsets.append(index_at)
        fieldmap = json.loads(bytes(dbfile.get(fields_at, length - _TRAILER.size - fields_at)))
        self.extras: dict[str, Any] = {"fieldmap": fieldmap}
        self._cache: OrderedDict[int, _Block] = OrderedDict()

    def _block(self, number: int) -> _Block:
        found = self._cache.get(number)
        if found is not None:
            self._cache.move_to_end(number)
            return found
        start, stop = self._offsets[number], self._offsets[number + 1]
        block = _Block(bytes(self.dbfile.get(start, stop - start)), start)
        self._cache[number] = block
        if len(self._cache) > CACHED_BLOCKS:
            self._cache.popitem(last=False)
        return block

    def _find(self, key: bytes) -> tuple[_Block, int] | None:
        number = bisect_right(self._firsts, key) - 1
        if number < 0:
            return None
        block = self._block(number)
        at = bisect_left(block.keys, key)
        if at < len(block.keys) and block.keys[at] == key:
            return block, at
        return None

    def _at_or_after(self, key: bytes) -> tuple[int, int] | None:
        """(block number, entry) of the first key >= `key`."""
        number = max(0, bisect_right(self._firsts, key) - 1)
        while number < len(self._firsts):
            block = self._block(number)
            at = bisect_left(block.keys, key)
            if at < len(block.keys):
                return number, at
            number += 1
        return None

    def __contains__(self, key: bytes) -> bool:
        return self._find(key) is not None

    def __getitem__(self, key: bytes) -> bytes:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        block, at = found
        return bytes(self.dbfile.get(block.datapos[at], block.datalen[at]))

    def get(self, key: bytes, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def range_for_key(self, key: bytes) -> tuple[int, int]:
        """Where the record of `key` lies in the file."""
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        block, at = found
        return block.datapos[at], block.datalen[at]

    def closest_key_pos(self, key: bytes) -> int | None:
        """Where the entry of the first key >= `key` starts; None past the last key."""
        found = self._at_or_after(key)
        if found is None:
            return None
        number, at = found
        return self._block(number).starts[at]

    def closest_key(self, key: bytes) -> bytes | None:
        """The first key >= `key`."""
        found = self._at_or_after(key)
        return None if found is None else self._block(found[0]).keys[found[1]]

    def key_and_range_at(self, position: int) -> tuple[bytes, int, int] | None:
        """The key whose entry starts at `position`, with where its record lies."""
        if position >= self._end:
            return None
        number = bisect_right(self._offsets, position) - 1
        if number < 0:
            return None
        block = self._block(number)
        at = bisect_left(block.starts, position)
        if at >= len(block.starts) or block.starts[at] != position:
            return None
        return block.keys[at], block.datapos[at], block.datalen[at]

    def _ranges(self, start: tuple[int, int] | None) -> Iterator[tuple[bytes, int, int]]:
        if start is None:
            return
        number, at = start
        while number < len(self._firsts):
            block = self._block(number)
            for entry in range(at, len(block.keys)):
                yield block.keys[entry], block.datapos[entry], block.datalen[entry]
            number += 1
            at = 0

    def keys(self) -> Iterator[bytes]:
        """Every key, in order."""
        return (key for key, _, _ in self._ranges((0, 0)))

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """Every key with its record, in order."""
        return self.items_from(b"")

    def keys_from(self, key: bytes) -> Iterator[bytes]:
        """The keys >= `key`, in order."""
        return (found for found, _, _ in self._ranges(self._at_or_after(key)))

    def items_from(self, key: bytes) -> Iterator[tuple[bytes, bytes]]:
        """The keys >= `key` with their records, in order."""
        get = self.dbfile.get
        return (
            (found, bytes(get(datapos, datalen)))
            for found, datapos, datalen in self._ranges(self._at_or_after(key))
        )

    def close(self) -> None:
        self._cache.clear()
        self.dbfile.close()


class BlockFieldWriter(_W3FieldWriter):  # type: ignore[misc]
    """Whoosh's W3 field writer with its terms written by `TermBlocksWriter`."""

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        # As W3FieldWriter.__init__, which would start an OrderedHashWriter on the file.
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._fieldname = None
        self._fieldid = None
        self._btext = None
        self._fieldobj = None
        self._format = None
        untyped: Any = self
        # Whoosh types this attribute as its hash writer, which ours stands in for.
        self._tindex = TermBlocksWriter(untyped._create_file(_W3Codec.TERMS_EXT))  # type: ignore[assignment]
        self._fieldmap = self._tindex.extras["fieldmap"] = {}
        self._postfile = untyped._create_file(_W3Codec.POSTS_EXT)
        self._postwriter = None
        self._infield = False
        self.is_closed = False


class BlockTermsReader(_W3TermsReader):  # type: ignore[misc]
    """Whoosh's W3 terms reader over a term file of `TermBlocksWriter`."""

    def __init__(self, codec: Any, dbfile: Any, length: int, postfile: Any) -> None:
        self._codec = codec
        self._dbfile = dbfile
        # Whoosh types this attribute as its hash reader, which ours stands in for.
        self._tindex = TermBlocksReader(dbfile, length)  # type: ignore[assignment]
        self._fieldmap = self._tindex.extras["fieldmap"]
        self._postfile = postfile
        self._fieldunmap = [None] * len(self._fieldmap)
        for fieldname, number in self._fieldmap.items():
            self._fieldunmap[number] = fieldname
