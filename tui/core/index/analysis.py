"""How article text becomes index terms: a lean tokenizer, stop list and cached Porter stems.

Indexing goes through `NewsText.index`, which turns a string straight into postings with no
Token objects at all; queries, snippets and highlights use the same functions with character
offsets, so what is highlighted is exactly what was matched.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import Analyzer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang.porter import stem as _porter_stem

porter_stem: Callable[[str], str] = _porter_stem  # untyped in Whoosh

WORD = re.compile(r"\w+(?:\.?\w+)*")
"""A word: letters and digits, allowing inner dots ("U.S", "3.5") like Whoosh's default."""

MIN_WORD = 2
_STEM_CACHE_LIMIT = 500_000
_stems: dict[str, str] = {}
NAME_GAP = 100
"""Positions left between two entity names so a phrase never spans two of them."""


def stem_word(word: str) -> str:
    """The index term for one lower-cased word, or "" for a stop word or a too-short one."""
    term = _stems.get(word)
    if term is None:
        term = "" if len(word) < MIN_WORD or word in STOP_WORDS else porter_stem(word)
        if len(_stems) < _STEM_CACHE_LIMIT:
            _stems[word] = term
    return term


class _Collecting(threading.local):
    words: set[str] | None = None


_collecting = _Collecting()
"""Per thread, so searches run while another thread indexes never add their words."""


def collect_words() -> None:
    """Start remembering every word this thread indexes (for the spelling word list)."""
    _collecting.words = set()


def collected_words() -> set[str]:
    """The words this thread indexed since `collect_words`, and start afresh."""
    words = _collecting.words or set()
    _collecting.words = set()
    return {w for w in words if len(w) >= MIN_WORD and w not in STOP_WORDS and not w.isdigit()}


def index_terms(text: str) -> list[str]:
    """The terms of `text` in order; a term's index in the list is its position."""
    stems = _stems
    out: list[str] = []
    append = out.append
    words = WORD.findall(text.lower())
    collected = _collecting.words
    if collected is not None:
        collected.update(words)
    for word in words:
        term = stems.get(word)
        if term is None:
            term = stem_word(word)
        if term:
            append(term)
    return out


def fold(text: str) -> str:
    """Lower-case and strip accents, as entity names are indexed."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_terms(text: str) -> list[str]:
    """The terms of an entity name: folded words, no stemming, no stop list."""
    return WORD.findall(fold(text))


class TextToken(NamedTuple):
    """A word found in a text: its index term, the lower-cased word, and where it is."""

    term: str
    word: str
    start: int
    end: int


def text_tokens(text: str) -> list[TextToken]:
    """Every indexed word of `text` with character offsets; list index is its position."""
    stems = _stems
    out: list[TextToken] = []
    append = out.append
    for match in WORD.finditer(text):
        word = match.group().lower()
        term = stems.get(word)
        if term is None:
            term = stem_word(word)
        if term:
            start, end = match.span()
            append(TextToken(term, word, start, end))
    return out


def name_tokens(text: str) -> list[TextToken]:
    """Every word of `text` folded as entity names are, with character offsets."""
    out: list[TextToken] = []
    for match in WORD.finditer(text):
        for term in WORD.findall(fold(match.group())):
            out.append(TextToken(term, term, match.start(), match.end()))
    return out


_ENCODED: dict[object, bytes] = {}
_ENCODED_LIMIT = 200_000
VARINT_LOW = 0x7F
"""The 7 bits of a position gap each varint byte holds."""
VARINT_MORE = 0x80
"""Set on a varint byte that another follows."""


def encode_positions(positions: list[int]) -> bytes:
    """Positions as `VarintPositions` writes them, cached for short lists: the first
    position, then each one's distance from the one before, as LEB128 varints."""
    if len(positions) == 1:
        key: object = positions[0]
    elif len(positions) == 2:
        key = (positions[0], positions[1] - positions[0])
    else:
        key = None
    if key is not None:
        found = _ENCODED.get(key)
        if found is not None:
            return found
    deltas = [positions[0], *(b - a for a, b in itertools.pairwise(positions))]
    if max(deltas) <= VARINT_LOW:
        encoded = bytes(deltas)  # most lists: one byte a position
    else:
        out = bytearray()
        for delta in deltas:
            while delta > VARINT_LOW:
                out.append((delta & VARINT_LOW) | VARINT_MORE)
                delta >>= 7
            out.append(delta)
        encoded = bytes(out)
    if key is not None and len(_ENCODED) < _ENCODED_LIMIT:
        _ENCODED[key] = encoded
    return encoded


def decode_positions(value: bytes) -> list[int]:
    """The positions `encode_positions` wrote into `value`."""
    positions: list[int] = []
    position = 0
    delta = 0
    shift = 0
    for byte in value:
        delta |= (byte & VARINT_LOW) << shift
        if byte & VARINT_MORE:
            shift += 7
            continue
        position += delta
        positions.append(position)
        delta = 0
        shift = 0
    return positions


class VarintPositions(Positions):  # type: ignore[misc]
    """Whoosh's Positions format with each posting's positions as varints of their gaps.

    Whoosh's own spells them as a 4-byte count and a pickled list (~12 bytes a posting
    before the first position); varints take one byte for most positions, and a whole
    posting list's can be decoded at once with numpy (see `engine.ranking`). The count is
    the number of bytes without the high bit. Whoosh's readers and phrase matchers call the
    `decode_*` methods below, so a query Whoosh runs itself still reads them.
    """

    def encode(self, poslist: Any) -> bytes:
        """The positions (ascending) as the index stores them."""
        return encode_positions(list(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        """The positions held in a posting's value."""
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        """How many positions a posting's value holds."""
        return sum(1 for byte in valuestring if not byte & VARINT_MORE)

    def decode_weight(self, valuestring: bytes) -> float:
        """The posting's weight: its frequency times the field's boost."""
        boost: float = self.field_boost
        return self.decode_frequency(valuestring) * boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        """Each position with a boost of 1 (positions carry no boosts)."""
        return [(position, 1.0) for position in decode_positions(valuestring)]

    def combine(self, vs: Any) -> bytes:
        """One value holding every position of several."""
        every: set[int] = set()
        for value in vs:
            every.update(decode_positions(value))
        return encode_positions(sorted(every))


def _postings(
    terms_by_position: dict[str, list[int]], field_boost: float
) -> list[tuple[bytes, int, float, bytes]]:
    return [
        (
            term.encode("utf-8"),
            len(positions),
            len(positions) * field_boost,
            encode_positions(positions),
        )
        for term, positions in terms_by_position.items()
    ]


class NewsAnalyzer(Analyzer):  # type: ignore[misc]
    """Whoosh analyzer for article text: words, stop list, cached Porter stems."""

    def __init__(self, stemming: bool = True) -> None:
        self.stemming = stemming

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewsAnalyzer) and other.stemming == self.stemming

    def __hash__(self) -> int:
        return hash((NewsAnalyzer, self.stemming))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions=positions, chars=chars, mode=mode, **kwargs)
        found = text_tokens(value) if self.stemming else name_tokens(value)
        no_morph = kwargs.get("no_morph", False)
        for pos, item in enumerate(found):
            token.text = item.word if no_morph else item.term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + item.start
                token.endchar = start_char + item.end
            yield token


def _boost_of(fmt: Any) -> float:
    boost: float = fmt.field_boost
    return boost


class NewsText(TEXT):  # type: ignore[misc]
    """A stemmed text field with positions that indexes without building Token objects."""

    def __init__(self, stored: bool = False) -> None:
        super().__init__(analyzer=NewsAnalyzer(), phrase=True, stored=stored)
        self.format = VarintPositions(field_boost=_boost_of(self.format))

    def index(self, value: Any, **kwargs: Any) -> Any:
        """Postings for one value: (term bytes, frequency, weight, encoded positions)."""
        # index_terms and the grouping by term in one pass: this is the indexing hot loop.
        stems = _stems
        words = WORD.findall(value.lower())
        collected = _collecting.words
        if collected is not None:
            collected.update(words)
        by_term: dict[str, list[int]] = {}
        position = 0
        for word in words:
            term = stems.get(word)
            if term is None:
                term = stem_word(word)
            if term:
                found = by_term.get(term)
                if found is None:
                    by_term[term] = [position]
                else:
                    found.append(position)
                position += 1
        fmt: Any = self.format
        return _postings(by_term, fmt.field_boost)


_NAME_CACHE_LIMIT = 200_000
_name_terms: dict[str, list[str]] = {}
"""The terms of names indexed before (most names of news recur from article to article)."""


class NameText(TEXT):  # type: ignore[misc]
    """Entity names (a list of strings): folded words with positions, no stemming."""

    def __init__(self) -> None:
        super().__init__(analyzer=NewsAnalyzer(stemming=False), phrase=True, stored=False)
        self.format = VarintPositions(field_boost=_boost_of(self.format))

    def index(self, value: Any, **kwargs: Any) -> Any:
        """Postings for a list of names, with a gap of positions between two names."""
        names = [value] if isinstance(value, str) else list(value)
        by_term: dict[str, list[int]] = {}
        position = 0
        known = _name_terms
        for name in names:
            terms = known.get(name)
            if terms is None:
                terms = name_terms(name)
                if len(known) < _NAME_CACHE_LIMIT:
                    known[name] = terms
            for term in terms:
                found = by_term.get(term)
                if found is None:
                    by_term[term] = [position]
                else:
                    found.append(position)
                position += 1
            position += NAME_GAP
        fmt: Any = self.format
        return _postings(by_term, fmt.field_boost)
