"""Scoring every match of a query a segment at a time, with arrays instead of Whoosh matchers.

Whoosh scores a search by walking matchers one posting at a time in Python: at 100,000
articles a common word matches ~47,000 of them and a search takes half a second. Here each
segment's posting lists are decoded in bulk (one unpickling per block of postings) into
numpy arrays, and BM25F is computed for a whole segment at once, exactly as Whoosh computes
it (same formula, same float operations, same global statistics), so the hits and the total
are those of a full Whoosh search; equal scores are ordered as `order` says (newest first,
then by id), not by document number as in Whoosh. A query with a part this module does not know is left to Whoosh (`rank` returns None).

Supported: Term, Or (and our AnyOf), And, AndNot, Phrase, prefix and fuzzy words (through the
terms they expand to in each segment) and NumericRange (a constant score, as in Whoosh).
"""

from __future__ import annotations

import io
import pickle
import struct
import threading
import time
import weakref
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.codec.whoosh3 import _lenfield as _untyped_lenfield
from whoosh.query.compound import And, AndNot, Or
from whoosh.query.positional import Phrase
from whoosh.query.ranges import NumericRange
from whoosh.query.terms import MultiTerm, Term
from whoosh.query.wrappers import ConstantScoreQuery
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from ..analysis import VARINT_LOW, VARINT_MORE, VarintPositions
from ..schema import UNDATED
from .order import SCORE_DIGITS, by_id_within_runs
from .terms import BlockTermsReader

_length_field: Any = _untyped_lenfield  # untyped in Whoosh
_MAGIC_SIZE = 4
_DAY = 86_400
_INT = struct.Struct("!i")
_LENGTH_OF_BYTE = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
_POSITION_BITS = 32
"""A (document, position) pair is packed into one int64 as doc << 32 | position."""

_MANY_CLAUSES = 1024
_SMALL_SEGMENT = 5000
"""whoosh.query.Or preloads (and, for a prefix or fuzzy word, does not score) a union of
three or more terms in a segment of at most this many documents, or of _MANY_CLAUSES terms."""

Floats = Any  # numpy float64 array
Bools = Any  # numpy bool array


class Unsupported(Exception):
    """A query this module cannot score exactly as Whoosh does: Whoosh must run it."""


@dataclass(slots=True)
class Ranked:
    """The result of `rank`: the best hits, every match counted, and whether time ran out."""

    hits: list[tuple[int, float]]
    """(global document number, score), best first: by score rounded to SCORE_DIGITS,
    then newest first, then by article id (the same for any segment layout)."""
    total: int
    timed_out: bool = False


@dataclass(slots=True)
class _Postings:
    ids: Any  # int64 document numbers within the segment, ascending
    weights: Any  # float64
    values: list[bytes] | None = None


@dataclass(slots=True)
class _Segment:
    """A segment reader for the length of one search, with the arrays kept for it."""

    reader: Any
    size: int
    lengths: dict[str, Floats] = field(default_factory=dict)

    def field_lengths(self, fieldname: str) -> Floats:
        found = self.lengths.get(fieldname)
        if found is None:
            column = self.reader._perdoc._cached_reader(_length_field(fieldname), LENGTHS_COLUMN)
            raw = np.zeros(self.size, dtype=np.uint8)
            if column is not None and getattr(column, "_fixedlen", None) == 1:
                # One length byte per document; documents past the stored ones have none.
                count = min(column._count, self.size)
                stored = bytes(column._dbfile.get(column._basepos, count))
                raw[:count] = np.frombuffer(stored, dtype=np.uint8)
            elif column is not None:
                raw = np.fromiter(column, dtype=np.int64, count=self.size)
            found = self.lengths[fieldname] = _LENGTH_OF_BYTE[raw]
        return found

    def when(self) -> Any:
        found = self.lengths.get(" when")
        if found is None:
            # Untranslated: the translating wrapper Whoosh adds by default hides `_dbfile`,
            # and every date would be read one call at a time.
            column = self.reader.column_reader("when", translate=False)
            raw = getattr(column, "_dbfile", None)
            if getattr(column, "_fixedlen", None) == 8 and raw is not None:
                count = min(column._count, self.size)
                found = np.full(self.size, UNDATED, dtype=np.int64)
                stored = bytes(raw.get(column._basepos, count * 8))
                found[:count] = np.frombuffer(stored, dtype=">i8")
            else:
                found = np.fromiter(column, dtype=np.int64, count=self.size)
            self.lengths[" when"] = found
        return found

    def postings(self, fieldname: str, btext: bytes, *, values: bool = False) -> _Postings | None:
        terms = self.reader._terms
        try:
            info = terms.term_info(fieldname, btext)
        except (TermNotFound, KeyError):  # KeyError: a field with no terms in this segment
            return None
        return _postings_of(info, terms._postfile, values)


def _postings_of(info: Any, postfile: Any, values: bool, fixedsize: int | None = None) -> _Postings:
    """A term's postings from its term record: inlined in it, or in blocks of `postfile`
    (values, when asked for, of the field format's `fixedsize`: None for variable)."""
    if info.is_inlined():
        ids, weights, vals = info.inlined_postings()
        return _Postings(
            np.asarray(ids, dtype=np.int64),
            np.asarray(weights, dtype=np.float64),
            list(vals) if values else None,
        )
    offset, _ = info.extent()
    return _read_blocks(postfile, offset, values, fixedsize)


def all_postings(info: Any, postfile: Any, fixedsize: int | None) -> Any:
    """Every (document, weight, value) of a term, as Whoosh's matcher would give them."""
    postings = _postings_of(info, postfile, True, fixedsize)
    assert postings.values is not None
    return zip(postings.ids.tolist(), postings.weights.tolist(), postings.values, strict=True)


_SEGMENT_ARRAYS: weakref.WeakKeyDictionary[Any, dict[str, Floats]] = weakref.WeakKeyDictionary()
"""Each open segment reader's length and date arrays, kept while the reader lives (the
arrays must not refer to the reader, or it would never be let go)."""


def live_counts(reader: Any, fieldname: str) -> dict[bytes, int]:
    """For each term of one segment's field, how many of its documents are not deleted:
    its document frequency, in a segment without deletions.

    Whoosh's own matchers read a posting list's blocks through many small file reads each;
    here each list is decoded in bulk (`_read_blocks`) and checked against the deleted
    documents as one array: the entity counts of the DOJ file read 135,467 lists.
    """
    if not reader.has_deletions():
        if isinstance(reader._terms, BlockTermsReader):
            return dict(reader._terms.doc_frequencies(fieldname))
        return {btext: int(info.doc_frequency()) for btext, info in reader.iter_field(fieldname)}
    alive = np.ones(reader.doc_count_all(), dtype=bool)
    alive[list(reader.deleted_docs_set)] = False
    postfile = reader._terms._postfile
    return {
        btext: int(alive[_postings_of(info, postfile, False).ids].sum())
        for btext, info in reader.iter_field(fieldname)
    }


def _read_blocks(
    postfile: Any, offset: int, values: bool, fixedsize: int | None = None
) -> _Postings:
    """Every block of a posting list (as W3PostingsWriter writes them), decoded in bulk:
    each block unpickled, then the whole list turned into arrays at once."""
    deltas: list[int] = []
    weights: list[float] = []
    counts: list[int] = []
    found_values: list[bytes] = []
    position = offset + _MAGIC_SIZE
    while True:
        (length,) = _INT.unpack(bytes(postfile.get(position, 4)))
        last = length < 0
        length = abs(length)
        block = bytes(postfile.get(position + 4, length))
        stream = io.BytesIO(block)
        count, _, _, compression, _, _ = pickle.load(stream)
        data = block[stream.tell() :]
        if compression:
            data = zlib.decompress(data)
        block_deltas, block_weights, block_values = pickle.loads(data)
        deltas.extend(block_deltas)
        counts.append(count)
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        if values:
            if fixedsize is None or fixedsize < 0:
                found_values.extend(block_values)
            elif fixedsize == 0:  # as Whoosh's matcher gives them: no value, None
                found_values.extend([None] * count)  # type: ignore[list-item]
            else:
                found_values.extend(
                    block_values[start : start + fixedsize]
                    for start in range(0, len(block_values), fixedsize)
                )
        position += 4 + length
        if last:
            break
    # Each block's ids are gaps from the one before, its first from 0.
    ids = _sums_restarting(np.array(deltas, dtype=np.int64), np.array(counts, dtype=np.int64))
    return _Postings(ids, np.array(weights, dtype=np.float64), found_values if values else None)


def _sums_restarting(gaps: Any, sizes: Any) -> Any:
    """Running sums of `gaps` that start again at each of the runs `sizes` long: the values
    a posting list's blocks, or a posting's positions, store as gaps from the one before
    (the running sum over all, less its value before each run's first)."""
    running = np.cumsum(gaps)
    if len(sizes) > 1:
        ends = np.cumsum(sizes)
        running -= np.repeat(np.concatenate(([0], running[ends[:-1] - 1])), sizes)
    return running


def _decode_positions(values: list[bytes]) -> tuple[Any, Any]:
    """Positions of every posting, flat, and how many each has.

    Each value holds its positions as varints of their gaps (`analysis.VarintPositions`):
    all values are joined and decoded at once. A varint ends at a byte below 0x80 and its
    first byte holds the lowest 7 bits.
    """
    if not values:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    more = data >= VARINT_MORE
    value_ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values))) - 1
    if value_ends[0] < 0 or (value_ends[1:] == value_ends[:-1]).any() or more[value_ends].any():
        raise Unsupported("positions")  # an empty value, or one cut inside a varint
    ends = np.flatnonzero(~more)
    counts = np.diff(np.cumsum(~more)[value_ends], prepend=0)
    deltas = data[ends].astype(np.int64)
    # Work back from each varint's last byte while the byte before continues it.
    back = 1
    going = ends >= back
    while going.any():
        going[going] = more[ends[going] - back]
        if not going.any():
            break
        earlier = data[ends[going] - back].astype(np.int64) & VARINT_LOW
        deltas[going] = (deltas[going] << 7) | earlier
        back += 1
        going &= ends >= back
    # Gaps restart at every posting.
    return _sums_restarting(deltas, counts), counts


class _Evaluator:
    def __init__(self, searcher: Any) -> None:
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported("not BM25F")
        self.searcher = searcher
        self.weighting = weighting
        self.stats: dict[tuple[str, bytes], tuple[float, float]] = {}

    def term_stats(self, fieldname: str, btext: bytes) -> tuple[float, float, float, float]:
        key = (fieldname, btext)
        found = self.stats.get(key)
        if found is None:
            idf = self.searcher.idf(fieldname, btext)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            found = self.stats[key] = (idf, avgfl)
        weighting = self.weighting
        b = weighting._field_B.get(fieldname, weighting.B)
        return found[0], found[1], b, weighting.K1

    def evaluate(self, query: Any, segment: _Segment) -> tuple[Bools, Floats]:
        if isinstance(query, Term):
            return self.term(query, segment)
        if isinstance(query, Phrase):
            return self.phrase(query, segment)
        if isinstance(query, MultiTerm):
            return self.expanded(query, segment)
        if isinstance(query, NumericRange):
            return self.numeric_range(query, segment)
        if isinstance(query, AndNot):
            mask, scores = self.evaluate(query.a, segment)
            excluded, _ = self.evaluate(query.b, segment)
            mask = mask & ~excluded
            return mask, np.where(mask, scores, 0.0)
        if type(query) is And:
            return self._tree(list(query.subqueries), segment, intersect=True, boost=query.boost)
        if isinstance(query, Or) and query.scale is None and not query.minmatch:
            return self._tree(list(query.subqueries), segment, intersect=False, boost=query.boost)
        raise Unsupported(type(query).__name__)

    def _tree(
        self, queries: list[Any], segment: _Segment, *, intersect: bool, boost: float
    ) -> tuple[Bools, Floats]:
        if boost != 1.0:
            raise Unsupported("boosted compound query")
        if not queries:
            raise Unsupported("empty compound query")
        if len(queries) == 1:
            return self.evaluate(queries[0], segment)
        # Whoosh adds the scores of a binary tree of matchers: add in the same grouping.
        half = len(queries) // 2
        mask_a, scores_a = self._tree(queries[:half], segment, intersect=intersect, boost=boost)
        mask_b, scores_b = self._tree(queries[half:], segment, intersect=intersect, boost=boost)
        if intersect:
            mask = mask_a & mask_b
            return mask, np.where(mask, scores_a + scores_b, 0.0)
        return mask_a | mask_b, scores_a + scores_b

    def _score_postings(
        self, fieldname: str, btext: bytes, postings: _Postings, segment: _Segment
    ) -> Floats:
        if not self.searcher.schema[fieldname].scorable:
            raise Unsupported(f"unscored field {fieldname}")
        idf, avgfl, b, k1 = self.term_stats(fieldname, btext)
        tf = postings.weights
        fl = segment.field_lengths(fieldname)[postings.ids]
        # The very expression of whoosh.scoring.bm25, element by element.
        return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))

    def term(self, query: Term, segment: _Segment) -> tuple[Bools, Floats]:
        fieldname = query.fieldname
        btext = self.searcher.schema[fieldname].to_bytes(query.text)
        mask = np.zeros(segment.size, dtype=bool)
        scores = np.zeros(segment.size, dtype=np.float64)
        postings = segment.postings(fieldname, btext)
        if postings is None:
            return mask, scores
        term_scores = self._score_postings(fieldname, btext, postings, segment)
        if query.boost != 1.0:
            term_scores = term_scores * query.boost
        mask[postings.ids] = True
        scores[postings.ids] = term_scores
        return mask, scores

    def expanded(self, query: Any, segment: _Segment) -> tuple[Bools, Floats]:
        # Whoosh ORs the expanded terms, each a Term with the word's boost (scored, even when
        # the word asks for a constant score: the Or falls back to the searcher's weighting).
        words = [word for word in query._btexts(segment.reader) if word]
        terms = [Term(query.fieldname, word, boost=query.boost) for word in words]
        if not terms:
            empty = np.zeros(segment.size, dtype=bool)
            return empty, np.zeros(segment.size, dtype=np.float64)
        mask, scores = self._tree(terms, segment, intersect=False, boost=1.0)
        if len(terms) > 2 and (len(terms) >= _MANY_CLAUSES or segment.size <= _SMALL_SEGMENT):
            # Whoosh then preloads the Or into an array without scores: each match scores 1.
            scores = np.where(mask, 1.0, 0.0)
        return mask, scores

    def numeric_range(self, query: NumericRange, segment: _Segment) -> tuple[Bools, Floats]:
        if query.fieldname == "day" and query.constantscore:
            return self.day_range(query, segment)
        compiled: Any = query._compile_query(segment.reader)  # type: ignore[no-untyped-call]
        score = 1.0
        if isinstance(compiled, ConstantScoreQuery):
            score = compiled.score
            compiled = compiled.child
        elif query.constantscore:
            raise Unsupported("unexpected numeric range")
        else:
            raise Unsupported("scored numeric range")
        mask = np.zeros(segment.size, dtype=bool)
        leaves: list[Any] = list(compiled.subqueries) if isinstance(compiled, Or) else [compiled]
        for leaf in leaves:
            if isinstance(leaf, Term):
                words = [self.searcher.schema[leaf.fieldname].to_bytes(leaf.text)]
            elif hasattr(leaf, "_btexts"):
                words = list(leaf._btexts(segment.reader))
            else:
                raise Unsupported(type(leaf).__name__)
            for word in words:
                postings = segment.postings(leaf.fieldname, word)
                if postings is not None:
                    mask[postings.ids] = True
        return mask, np.where(mask, score, 0.0)

    def day_range(self, query: NumericRange, segment: _Segment) -> tuple[Bools, Floats]:
        # The `day` terms of a period are many small posting lists in every segment; the
        # `when` column holds the same dates to the second (day = when // 86400), read at once.
        when = segment.when()
        mask = when != UNDATED
        bounds = []
        if query.start is not None:
            first_day = int(query.start) + (1 if query.startexcl else 0)
            bounds.append((first_day * _DAY, True))
        if query.end is not None:
            last_day = int(query.end) - (1 if query.endexcl else 0)
            bounds.append(((last_day + 1) * _DAY, False))
        for seconds, lower in bounds:
            if seconds <= 0:
                # Before 1970 `when` is truncated toward zero, not floored: ask Whoosh.
                raise Unsupported("date before 1970")
            mask &= (when >= seconds) if lower else (when < seconds)
        return mask, np.where(mask, query.boost, 0.0)

    def phrase(self, query: Phrase, segment: _Segment) -> tuple[Bools, Floats]:
        fieldname = query.fieldname
        schema_field = self.searcher.schema[fieldname]
        mask = np.zeros(segment.size, dtype=bool)
        scores = np.zeros(segment.size, dtype=np.float64)
        words = [schema_field.to_bytes(word) for word in query.words if word is not None]
        if len(words) < 2:
            raise Unsupported("phrase of one word")
        if not isinstance(schema_field.format, VarintPositions):
            raise Unsupported("positions in another format")
        lists = []
        for word in words:
            found = _word_positions(segment, fieldname, word)
            if found is None:
                return mask, scores
            lists.append(found)
        # Where the words follow each other within the slop (Whoosh's SpanNear2: ordered,
        # each next word 1..slop positions on); a key holds its document, so a step never
        # reaches into the next document.
        chain: Any = lists[0].keys
        for following in lists[1:]:
            reached = np.zeros(following.keys.size, dtype=bool)
            for step in range(1, max(1, query.slop) + 1):
                reached |= _members(chain + step, following.keys)
            chain = following.keys[reached]
            if not chain.size:
                return mask, scores
        # `chain` is sorted (documents ascending), so each document's first key marks it.
        docs = chain >> _POSITION_BITS
        matched = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
        mask[matched] = True
        # The score is the intersection's: every word's own BM25F, added as a binary tree.
        term_scores = []
        for word, positions in zip(words, lists, strict=True):
            full = np.zeros(segment.size, dtype=np.float64)
            full[positions.postings.ids] = self._score_postings(
                fieldname, word, positions.postings, segment
            )
            term_scores.append(full)
        total = _tree_sum(term_scores)
        if query.boost != 1.0:
            total = total * query.boost
        scores[mask] = total[mask]
        return mask, scores


@dataclass(frozen=True, slots=True)
class _WordPositions:
    """A word's postings in one field of one segment, and every position it is at."""

    postings: _Postings
    keys: Any
    """(document << _POSITION_BITS) | position, ascending."""

    @property
    def nbytes(self) -> int:
        """Memory the arrays take."""
        sizes = (self.keys.nbytes, self.postings.ids.nbytes, self.postings.weights.nbytes)
        return int(sum(sizes))


class _KeptPositions:
    """Decoded positions of the words phrases asked for, by segment, field and word, the
    least recently used let go past a budget of bytes. A segment's files never change, so
    what was decoded from it stays true; the entries of segments merged away age out."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[tuple[str, str, bytes], _WordPositions] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bytes]) -> _WordPositions | None:
        """The positions kept for `key`, now the most recently used."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, bytes], value: _WordPositions) -> None:
        """Keep `value`, letting go of the least recently used beyond the budget."""
        size = value.nbytes
        if size > self.budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.used -= old.nbytes
            self._items[key] = value
            self.used += size
            while self.used > self.budget:
                _, dropped = self._items.popitem(last=False)
                self.used -= dropped.nbytes

    def clear(self) -> None:
        """Let go of everything kept."""
        with self._lock:
            self._items.clear()
            self.used = 0

    def __len__(self) -> int:
        return len(self._items)


POSITIONS_KEPT_BYTES = 32 * 1024 * 1024
"""Most memory the decoded positions kept across searches may take."""
KEPT_POSITIONS = _KeptPositions(POSITIONS_KEPT_BYTES)


def _word_positions(segment: _Segment, fieldname: str, word: bytes) -> _WordPositions | None:
    """A word's postings and positions in a segment (None when it is not there), decoded
    once and kept (see `_KeptPositions`)."""
    whoosh_segment = segment.reader.segment() if hasattr(segment.reader, "segment") else None
    key = None
    if whoosh_segment is not None:
        key = (whoosh_segment.segment_id(), fieldname, word)
        found = KEPT_POSITIONS.get(key)
        if found is not None:
            return found
    postings = segment.postings(fieldname, word, values=True)
    if postings is None:
        return None
    positions, counts = _decode_positions(postings.values or [])
    if not np.array_equal(counts, postings.weights):
        raise Unsupported("positions do not agree with frequencies")
    # Sorted already: documents ascending, positions ascending within each.
    keys = (np.repeat(postings.ids, counts) << _POSITION_BITS) | positions
    found = _WordPositions(_Postings(postings.ids, postings.weights), keys)
    if key is not None:
        KEPT_POSITIONS.put(key, found)
    return found


def _members(haystack: Any, needles: Any) -> Any:
    """Which of `needles` are in the sorted array `haystack`."""
    if not haystack.size:
        return np.zeros(needles.size, dtype=bool)
    places = np.searchsorted(haystack, needles)
    places[places == haystack.size] = haystack.size - 1
    found: Any = haystack[places] == needles
    return found


def _tree_sum(arrays: list[Floats]) -> Floats:
    if len(arrays) == 1:
        return arrays[0]
    half = len(arrays) // 2
    return _tree_sum(arrays[:half]) + _tree_sum(arrays[half:])


@dataclass(slots=True)
class _Evaluated:
    """Every match of a query, segment by segment: global document numbers, scores,
    rounded scores and dates (in document order), and the number of matches."""

    docs: list[Any]
    scores: list[Floats]
    keys: list[Floats]
    when: list[Any]
    total: int
    timed_out: bool


_EVALUATED: weakref.WeakKeyDictionary[Any, dict[str, _Evaluated]] = weakref.WeakKeyDictionary()
"""The last few queries' matches, per reader (one generation of the index): the app asks
for a query's first page, then for every hit's id, and the second need not score again."""
_EVALUATED_KEPT = 2


def _evaluate(searcher: Any, query: Any, started: float, timelimit: float | None) -> _Evaluated:
    """Score every segment (raises Unsupported for a query only Whoosh can score)."""
    evaluator = _Evaluator(searcher)
    found_all = _Evaluated([], [], [], [], 0, False)
    for reader, offset in searcher.reader().leaf_readers():
        if not reader.doc_count_all():
            continue
        if timelimit is not None and time.perf_counter() - started > timelimit:
            found_all.timed_out = True
            break
        arrays = _SEGMENT_ARRAYS.get(reader)
        if arrays is None:
            arrays = _SEGMENT_ARRAYS[reader] = {}
        segment = _Segment(reader, reader.doc_count_all(), arrays)
        mask, scores = evaluator.evaluate(query, segment)
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        if deleted:
            mask[np.fromiter(deleted, dtype=np.int64)] = False
        found = np.flatnonzero(mask)
        found_all.total += int(found.size)
        found_scores = scores[found]
        found_all.docs.append(found + offset)
        found_all.scores.append(found_scores)
        found_all.keys.append(rounded(found_scores))
        found_all.when.append(segment.when()[found])
    return found_all


def _evaluated(searcher: Any, query: Any, timelimit: float | None) -> _Evaluated:
    """Every match of `query`, scored now or kept from a search of the same reader."""
    started = time.perf_counter()
    reader = searcher.reader()
    key = repr(query)
    try:
        kept = _EVALUATED.setdefault(reader, {})
    except TypeError:  # not weakly referenceable: nothing kept
        kept = {}
    found = kept.get(key)
    if found is None:
        found = _evaluate(searcher, query, started, timelimit)
        if not found.timed_out:
            if len(kept) >= _EVALUATED_KEPT:
                kept.pop(next(iter(kept)))
            kept[key] = found
    return found


def rank(
    searcher: Any, query: Any, limit: int | None, *, timelimit: float | None = None
) -> Ranked | None:
    """The `limit` best hits of `query` (all when None) and the number of matches, or None
    when the query has a part only Whoosh can score."""
    try:
        evaluated = _evaluated(searcher, query, timelimit)
    except Unsupported:
        return None
    best_docs: list[Any] = []
    best_scores: list[Floats] = []
    best_keys: list[Floats] = []
    best_when: list[Any] = []
    for docs, found_scores, found_keys, found_when in zip(
        evaluated.docs, evaluated.scores, evaluated.keys, evaluated.when, strict=True
    ):
        if limit is not None and docs.size > limit:
            # Only each segment's best (and those tied with them) can be among the best.
            order = np.lexsort((docs, -found_when, -found_keys))
            order = order[: _keep(found_keys[order], found_when[order], limit)]
            docs, found_scores = docs[order], found_scores[order]
            found_keys, found_when = found_keys[order], found_when[order]
        best_docs.append(docs)
        best_scores.append(found_scores)
        best_keys.append(found_keys)
        best_when.append(found_when)
    total, timed_out = evaluated.total, evaluated.timed_out
    if not best_docs:
        return Ranked([], total, timed_out)
    docs = np.concatenate(best_docs)
    keys = np.concatenate(best_keys)
    when = np.concatenate(best_when)
    order = np.lexsort((docs, -when, -keys))
    keys, when = keys[order], when[order]
    if limit is not None:
        keep = _keep(keys, when, limit)
        order, keys, when = order[:keep], keys[:keep], when[:keep]
    scores = np.concatenate(best_scores)
    hits = list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))
    # Equal rounded scores and dates: by article id, which no segment layout changes.
    tied = (keys[1:] == keys[:-1]) & (when[1:] == when[:-1])
    if tied.any():
        by_id_within_runs(searcher, hits, _runs(tied))
    if limit is not None:
        hits = hits[: max(0, limit)]
    return Ranked(hits, total, timed_out)


def rounded(scores: Floats) -> Floats:
    """Scores rounded to SCORE_DIGITS significant digits (see `order.score_key`)."""
    out: Floats = np.array(scores, dtype=np.float64, copy=True)
    real = np.isfinite(out) & (out != 0.0)
    if real.any():
        values = out[real]
        scale = 10.0 ** (SCORE_DIGITS - 1 - np.floor(np.log10(np.abs(values))))
        out[real] = np.round(values * scale) / scale
    return out


def _keep(keys: Floats, when: Any, limit: int) -> int:
    """How many of the ordered hits to keep: the first `limit` and every hit tied with the
    last of them (so the cut never depends on document numbers)."""
    if limit >= keys.size:
        return int(keys.size)
    if limit <= 0:
        return 0
    last = limit - 1
    beyond = (keys[limit:] != keys[last]) | (when[limit:] != when[last])
    first_other = np.flatnonzero(beyond)
    return int(limit + (first_other[0] if first_other.size else beyond.size))


def _runs(tied: Bools) -> list[tuple[int, int]]:
    """(start, stop) of the runs of hits tied with their neighbours; `tied[i]` says that hit
    i + 1 ties with hit i."""
    edges = np.diff(np.concatenate(([0], tied.astype(np.int8), [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) + 1
    return list(zip(starts.tolist(), stops.tolist(), strict=True))
