"""A segment's term dictionary as sorted blocks of front-coded keys, in place of Whoosh's hash file.

Whoosh keeps a segment's terms in an `OrderedHashWriter` file: every term costs a length
header (8 bytes), two slots of a hash table (24 bytes) and an entry in a position array,
besides its key and its record. Most terms of real news are rare words and names whose
record is a few dozen bytes, so that overhead was most of the term file, and the term file
most of the index: 2.6 of the 3.8 MB of the AEB tier's one segment (see RESULTS.md).

Here the keys are written in order, in blocks of BLOCK_TERMS, each block laid out by
column so that it decodes with few Python steps: a small header, then for every entry the
length of the prefix its key shares with the key before it (the block's first shares
nothing, so a block reads on its own), the lengths of the rest of its key and of its
record, then the rests of the keys, then the records. After the blocks come where each
block and its records start, each block's first key, the field map (JSON) and a fixed
trailer. A look-up bisects the first keys and decodes one block (kept for the next).

Records are stored as they are, one after another, so a record sits at one place in the
file: Whoosh's `W3TermsReader` reads a term's weight and document frequency straight from
there, and its field cursor steps from term to term by adding a record's length to its
position. Here an entry's position is its record's, and the end of a block's last record
(the start of the next block) leads to the next block's first entry. `TermBlocksReader`
answers the calls those two make of an `OrderedHashReader`; nothing else reads a term file.
"""

from __future__ import annotations

import json
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3Codec as _W3Codec
from whoosh.codec.whoosh3 import W3FieldWriter as _W3FieldWriter
from whoosh.codec.whoosh3 import W3TermsReader as _W3TermsReader
from whoosh.system import pack_ushort

MAGIC = b"BsT2"
BLOCK_TERMS = 32
"""Entries a block: a look-up decodes at most this many keys."""
CACHED_BLOCKS = 256
"""Decoded blocks kept per reader (a query's terms, a prefix's run of keys); when there
are this many, they are all let go."""
_HEAD = struct.Struct("<HB")
"""A block's number of entries and how wide its lengths are (WIDE_KEYS, WIDE_RECORDS)."""
WIDE_KEYS = 1
"""The block's key rests have 4-byte lengths (else 1 byte: a word of over 255 bytes, such
as a run of base64 in a page, is rare)."""
WIDE_RECORDS = 2
"""The block's records have 4-byte lengths (else 2 bytes)."""
_MOST_SHARED = 255
_TRAILER = struct.Struct("<QQI4s")
"""Where the block index starts, where the field map starts, the number of blocks, MAGIC."""
_DOC_FREQUENCY = struct.Struct("!I")
DOC_FREQUENCY_AT = 5
"""Where a term record (W3TermInfo's: flags, weight, then the document frequency, all
big-endian) holds the number of documents the term is in."""


class TermBlocksWriter:
    """Writes a term file; keys must be added in increasing order (as Whoosh's writer adds
    them: by field number, then term bytes)."""

    def __init__(self, dbfile: Any) -> None:
        self.dbfile = dbfile
        self.extras: dict[str, Any] = {}
        """Whoosh's field writer keeps its field map here (`extras["fieldmap"]`)."""
        self._raw = dbfile.file if hasattr(dbfile, "file") else dbfile
        self._raw.write(MAGIC)
        self._position = len(MAGIC)
        self._last = b""
        self._count = 0
        self._starts: list[int] = []
        self._record_starts: list[int] = []
        self._firsts: list[bytes] = []
        self._shared = bytearray()
        self._rests: list[bytes] = []
        self._records: list[bytes] = []

    def add(self, key: bytes, value: bytes) -> None:
        """Add a key and its record."""
        last = self._last
        if self._count and key <= last:
            raise ValueError(f"keys must increase: {last!r}..{key!r}")
        shared = 0
        if not self._records:
            self._firsts.append(key)  # a block's first key is whole
        else:
            most = min(len(key), len(last), _MOST_SHARED)
            while shared < most and key[shared] == last[shared]:
                shared += 1
        self._shared.append(shared)
        self._rests.append(key[shared:])
        self._records.append(value)
        self._last = key
        self._count += 1
        if len(self._records) == BLOCK_TERMS:
            self._write_block()

    def _write_block(self) -> None:
        rests, records = self._rests, self._records
        count = len(records)
        rest_lengths = array("B" if max(map(len, rests)) < 256 else "I", map(len, rests))
        record_lengths = array("H" if max(map(len, records)) < 65536 else "I", map(len, records))
        flags = (WIDE_KEYS if rest_lengths.typecode == "I" else 0) | (
            WIDE_RECORDS if record_lengths.typecode == "I" else 0
        )
        head = b"".join(
            (
                _HEAD.pack(count, flags),
                bytes(self._shared),
                rest_lengths.tobytes(),
                record_lengths.tobytes(),
                *rests,
            )
        )
        self._starts.append(self._position)
        self._record_starts.append(self._position + len(head))
        self._raw.write(head)
        body = b"".join(records)
        self._raw.write(body)
        self._position += len(head) + len(body)
        self._shared = bytearray()
        self._rests = []
        self._records = []

    def close(self) -> int:
        """Write the last block, the block index, the field map and the trailer; close the
        file."""
        if self._records:
            self._write_block()
        raw = self._raw
        index_at = self._position
        blocks = len(self._starts)
        raw.write(array("Q", self._starts).tobytes())
        raw.write(array("Q", self._record_starts).tobytes())
        raw.write(array("I", map(len, self._firsts)).tobytes())
        raw.write(b"".join(self._firsts))
        fields_at = index_at + 20 * blocks + sum(map(len, self._firsts))
        fieldmap = json.dumps(self.extras.get("fieldmap", {}), sort_keys=True).encode()
        raw.write(fieldmap)
        raw.write(_TRAILER.pack(index_at, fields_at, blocks, MAGIC))
        self.dbfile.close()
        return fields_at + len(fieldmap) + _TRAILER.size


class _Block:
    """One block decoded: its keys, and where each record lies and how long it is."""

    __slots__ = ("datalen", "datapos", "keys")

    def __init__(self, data: bytes, record_start: int) -> None:
        count, flags = _HEAD.unpack_from(data)
        at = _HEAD.size
        shared = data[at : at + count]
        at += count
        rest_lengths = array("I" if flags & WIDE_KEYS else "B")
        rest_lengths.frombytes(data[at : at + count * rest_lengths.itemsize])
        at += count * rest_lengths.itemsize
        record_lengths = array("I" if flags & WIDE_RECORDS else "H")
        record_lengths.frombytes(data[at : at + count * record_lengths.itemsize])
        at += count * record_lengths.itemsize
        keys: list[bytes] = []
        key = b""
        for common, size in zip(shared, rest_lengths, strict=True):
            key = key[:common] + data[at : at + size]
            at += size
            keys.append(key)
        self.keys = keys
        self.datalen = record_lengths.tolist()
        self.datapos = list(accumulate(self.datalen[:-1], initial=record_start))


class TermBlocksReader:
    """Reads a term file written by `TermBlocksWriter`, with the calls Whoosh's W3 terms
    reader and field cursor make of an `OrderedHashReader`."""

    def __init__(self, dbfile: Any, length: int) -> None:
        self.dbfile = dbfile
        if length < len(MAGIC) + _TRAILER.size:
            raise ValueError("not a term file of this format")
        index_at, fields_at, blocks, magic = _TRAILER.unpack(
            bytes(dbfile.get(length - _TRAILER.size, _TRAILER.size))
        )
        if magic != MAGIC or bytes(dbfile.get(0, len(MAGIC))) != MAGIC:
            raise ValueError("not a term file of this format")
        index = bytes(dbfile.get(index_at, fields_at - index_at))
        starts, record_starts, sizes = array("Q"), array("Q"), array("I")
        starts.frombytes(index[: 8 * blocks])
        record_starts.frombytes(index[8 * blocks : 16 * blocks])
        sizes.frombytes(index[16 * blocks : 20 * blocks])
        at = 20 * blocks
        firsts: list[bytes] = []
        for size in sizes:
            firsts.append(index[at : at + size])
            at += size
        self._firsts = firsts
        self._starts = [*starts.tolist(), index_at]
        """Where each block starts, and where the blocks end."""
        self._record_starts = record_starts.tolist()
        self._end = index_at
        fieldmap = json.loads(bytes(dbfile.get(fields_at, length - _TRAILER.size - fields_at)))
        self.extras: dict[str, Any] = {"fieldmap": fieldmap}
        self._cache: dict[int, _Block] = {}

    def _block(self, number: int) -> _Block:
        # Readers are shared by the app's worker threads: only single dict operations here,
        # and a full cache is emptied rather than kept in order.
        found = self._cache.get(number)
        if found is None:
            start = self._starts[number]
            data = bytes(self.dbfile.get(start, self._record_starts[number] - start))
            found = _Block(data, self._record_starts[number])
            if len(self._cache) >= CACHED_BLOCKS:
                self._cache.clear()
            self._cache[number] = found
        return found

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
        """The position of the first key >= `key`; None past the last key."""
        found = self._at_or_after(key)
        if found is None:
            return None
        number, at = found
        return self._block(number).datapos[at]

    def closest_key(self, key: bytes) -> bytes | None:
        """The first key >= `key`."""
        found = self._at_or_after(key)
        return None if found is None else self._block(found[0]).keys[found[1]]

    def key_and_range_at(self, position: int) -> tuple[bytes, int, int] | None:
        """The key at `position` (where its record starts), with where its record lies; the
        end of a block's records stands for the next block's first key."""
        if position >= self._end:
            return None
        number = bisect_right(self._starts, position) - 1
        if number < 0:
            return None
        block = self._block(number)
        if self._starts[number] == position:
            at = 0
        else:
            at = bisect_left(block.datapos, position)
            if at >= len(block.datapos) or block.datapos[at] != position:
                return None
        return block.keys[at], block.datapos[at], block.datalen[at]

    def _ranges(self, start: tuple[int, int] | None) -> Iterator[tuple[bytes, int, int]]:
        if start is None:
            return
        number, at = start
        while number < len(self._firsts):
            block = self._block(number)
            yield from zip(block.keys[at:], block.datapos[at:], block.datalen[at:], strict=True)
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

    def doc_frequencies(self, prefix: bytes) -> Iterator[tuple[bytes, int]]:
        """Every key that starts with `prefix` (less the prefix: a field's terms, for its
        field number) with the document frequency its record holds, read in place a block
        of records at a time rather than a term record at a time."""
        start = self._at_or_after(prefix)
        if start is None:
            return
        number, at = start
        cut = len(prefix)
        unpack = _DOC_FREQUENCY.unpack_from
        while number < len(self._firsts):
            block = self._block(number)
            begin = self._record_starts[number]
            records = bytes(self.dbfile.get(begin, self._starts[number + 1] - begin))
            for key, position in zip(block.keys[at:], block.datapos[at:], strict=True):
                if not key.startswith(prefix):
                    return
                yield key[cut:], unpack(records, position - begin + DOC_FREQUENCY_AT)[0]
            number += 1
            at = 0

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

    def doc_frequencies(self, fieldname: str) -> Iterator[tuple[bytes, int]]:
        """Each term of a field with the number of documents it is in (deleted ones too)."""
        number = self._fieldmap.get(fieldname)
        if number is None:
            return iter(())
        blocks: TermBlocksReader = self._tindex  # type: ignore[assignment]
        return blocks.doc_frequencies(pack_ushort(number))
