"""Words close to a word: within a few edits, a swap of two neighbouring letters being one.

Whoosh's own fuzzy terms use a Levenshtein automaton, in which "blari" is two edits from
"blair". Here the automaton also takes a transposition as one edit (optimal string
alignment, the Damerau distance of `whoosh.support.levenshtein`), and walks a segment's
term list, or the sorted list of words seen in articles, with Whoosh's own DFA matcher.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from whoosh.automata.fsa import ANY, EPSILON, NFA
from whoosh.codec.base import Automata
from whoosh.support.levenshtein import damerau_levenshtein


def distance(a: str, b: str) -> int:
    """Edits between two words: insertions, deletions, substitutions and swaps of neighbours."""
    return int(damerau_levenshtein(a, b))  # type: ignore[no-untyped-call]


def damerau_automaton(term: str, edits: int, prefix: int = 0) -> Any:
    """An NFA accepting the words within `edits` Damerau edits of `term` that begin with
    its first `prefix` letters unchanged."""
    nfa: Any = NFA((0, 0))  # type: ignore[no-untyped-call]
    for i in range(min(prefix, len(term))):
        nfa.add_transition((i, 0), term[i], (i + 1, 0))
    size = len(term)
    for i in range(min(prefix, size), size):
        char = term[i]
        for used in range(edits + 1):
            nfa.add_transition((i, used), char, (i + 1, used))
            if used == edits:
                continue
            nfa.add_transition((i, used), ANY, (i, used + 1))  # a letter inserted
            nfa.add_transition((i, used), EPSILON, (i + 1, used + 1))  # a letter left out
            nfa.add_transition((i, used), ANY, (i + 1, used + 1))  # a letter replaced
            if i + 1 < size and term[i + 1] != char:
                # Two neighbours swapped: the next letter, then this one.
                nfa.add_transition((i, used), term[i + 1], (-1 - i, used))
                nfa.add_transition((-1 - i, used), char, (i + 2, used + 1))
    for used in range(edits + 1):
        if used < edits:
            nfa.add_transition((size, used), ANY, (size, used + 1))
        nfa.add_final_state((size, used))
    return nfa


@lru_cache(maxsize=256)
def _dfa(term: str, edits: int, prefix: int) -> Any:
    return damerau_automaton(term, edits, prefix).to_dfa()


def _matches(term: str, edits: int, prefix: int, cursor: Any) -> Iterator[str]:
    yield from Automata.find_matches(_dfa(term, edits, prefix), cursor)  # type: ignore[no-untyped-call]


def terms_within(reader: Any, fieldname: str, term: str, edits: int, prefix: int = 0) -> list[str]:
    """The terms of a field in one segment's reader within `edits` Damerau edits of `term`."""
    field = reader.schema[fieldname]
    try:
        cursor = reader.cursor(field.spelling_fieldname(fieldname))
    except (AttributeError, NotImplementedError, KeyError):
        # A reader without a term cursor: compare the terms sharing the prefix one by one.
        found = []
        for btext in reader.expand_prefix(fieldname, term[:prefix]):
            word = field.from_bytes(btext)
            if distance(word, term) <= edits:
                found.append(word)
        return found
    return list(_matches(term, edits, prefix, cursor))


class _WordCursor:
    """A term cursor (as Whoosh's DFA matcher walks one) over a sorted list of words."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self.position = 0

    def text(self) -> str | None:
        """The word at the cursor, None past the end."""
        return self.words[self.position] if self.position < len(self.words) else None

    def find(self, word: str) -> None:
        """Move to the first word not before `word`."""
        self.position = bisect.bisect_left(self.words, word, self.position)


def words_within(words: Sequence[str], word: str, edits: int, prefix: int = 0) -> list[str]:
    """The words of a sorted list within `edits` Damerau edits of `word`."""
    return list(_matches(word, edits, prefix, _WordCursor(words)))
