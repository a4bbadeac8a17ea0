"""Turning a query tree into Whoosh queries, and the terms a query matches in a text.

Uses Whoosh's private `_btexts` of multi-term queries (see `engine/__init__.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh.query.compound import And, AndNot, Or
from whoosh.query.positional import Phrase
from whoosh.query.ranges import NumericRange
from whoosh.query.terms import FuzzyTerm, Prefix, Term
from whoosh.query.wrappers import Not

from ..analysis import index_terms, name_terms, porter_stem
from ..query.tree import (
    DEFAULT_FIELDS,
    MIN_PREFIX,
    DateFilter,
    Negation,
    Node,
    ParsedQuery,
    Word,
    at_column,
)
from ..results import QueryError
from ..schema import ANY_NAME, NAME_FIELDS, NAME_INDEX_FIELDS, day_number
from ..spelling import terms_within

MAX_EXPANSION = 1000
"""Most index terms one prefix or fuzzy word may stand for."""


# Whoosh queries -------------------------------------------------------------------------


def terms_for(word: Word, field_name: str) -> list[str]:
    """The index terms a word stands for in one field."""
    if field_name in NAME_FIELDS:
        return name_terms(word.text)
    return index_terms(word.text)


def prefix_for(word: Word, field_name: str) -> str:
    """The index prefix a prefix* word searches for."""
    if field_name in NAME_FIELDS:
        terms = name_terms(word.text)
        return terms[-1] if terms else ""
    prefix = word.text.lower().strip()
    stemmed = porter_stem(prefix)
    # "sanctions*" should find what "sanction*" finds: the index holds stems.
    return stemmed if prefix.startswith(stemmed) and len(stemmed) >= MIN_PREFIX else prefix


def fields_of(word: Word) -> tuple[tuple[str, float], ...]:
    """The fields a word is searched in, with their boosts."""
    if word.field is None:
        return DEFAULT_FIELDS
    if word.field == ANY_NAME:
        return _ANY_NAME_FIELDS
    return ((word.field, 1.0),)


_ANY_NAME_FIELDS = tuple((name, 1.0) for name in NAME_INDEX_FIELDS)


class _RemembersExpansion:
    """Remembers the index terms a prefix or fuzzy word expands to in each reader (segment).

    Whoosh expands a multi-term word in each segment once for the size estimate that orders
    a union and again for the matcher; expanding a fuzzy word walks the term list.
    """

    fieldname: str
    word: Word | None = None
    """The word of the query this stands for (set by `to_whoosh`)."""

    def _btexts(self, ixreader: Any) -> list[bytes]:
        cache: dict[int, tuple[Any, list[bytes]]] = self.__dict__.setdefault("_expanded", {})
        found = cache.get(id(ixreader))
        if found is None or found[0] is not ixreader:
            found = cache[id(ixreader)] = (ixreader, self._segment_btexts(ixreader))
        return found[1]

    def _segment_btexts(self, ixreader: Any) -> list[bytes]:
        # A segment's terms never change (its files are written once), so what a word
        # expands to in it is kept across searches, by segment id.
        segment = ixreader.segment() if hasattr(ixreader, "segment") else None
        if segment is None:
            return self._expand(ixreader)
        key = (
            type(self).__name__,
            self.fieldname,
            getattr(self, "text", ""),
            getattr(self, "maxdist", 0),
            getattr(self, "prefixlength", 0),
            segment.segment_id(),
        )
        found = _EXPANSIONS.get(key)
        if found is None:
            found = self._expand(ixreader)
            _remember_expansion(key, found)
        return found

    def _expand(self, ixreader: Any) -> list[Any]:
        """The index terms this stands for in `ixreader`, worked out afresh."""
        return list(super()._btexts(ixreader))  # type: ignore[misc]


_EXPANSIONS: dict[tuple[Any, ...], list[bytes]] = {}
_EXPANSIONS_KEPT = 20_000
"""Most (word, segment) expansions remembered across searches."""
_EXPANSION_TERMS_KEPT = 400_000
"""Most terms in all remembered expansions together (a few tens of MB at worst)."""
_expansion_terms = 0


def _remember_expansion(key: tuple[Any, ...], terms: list[bytes]) -> None:
    """Keep an expansion, forgetting all of them first when the cache is full.

    Segments are replaced as the index is updated and merged, so expansions of segments
    that are gone are dropped along with the rest each time the cache fills.
    """
    global _expansion_terms
    if len(terms) > _EXPANSION_TERMS_KEPT // 100:
        return  # too broad to be worth keeping (and usually refused as too broad anyway)
    if (
        len(_EXPANSIONS) >= _EXPANSIONS_KEPT
        or _expansion_terms + len(terms) > _EXPANSION_TERMS_KEPT
    ):
        _EXPANSIONS.clear()
        _expansion_terms = 0
    _EXPANSIONS[key] = terms
    _expansion_terms += len(terms)


class PrefixWord(_RemembersExpansion, Prefix):  # type: ignore[misc]
    """Whoosh's Prefix, expanded once per segment."""


class FuzzyWord(_RemembersExpansion, FuzzyTerm):  # type: ignore[misc]
    """Whoosh's FuzzyTerm, expanded once per segment, with a swap of two neighbouring
    letters counted as one edit ("blari~" finds "blair")."""

    def _expand(self, ixreader: Any) -> list[Any]:
        """The terms within `maxdist` Damerau edits, sharing the first `prefixlength` letters."""
        return terms_within(ixreader, self.fieldname, self.text, self.maxdist, self.prefixlength)


def _word_query(word: Word, field_name: str, boost: float) -> Any:
    if word.kind == "prefix":
        prefix = prefix_for(word, field_name)
        if not prefix:
            return None
        found = PrefixWord(field_name, prefix, boost=boost)
        found.word = word
        return found
    terms = terms_for(word, field_name)
    if not terms:
        return None
    if len(terms) == 1:
        if word.kind == "fuzzy":
            fuzzy = FuzzyWord(
                field_name, terms[0], boost=boost, maxdist=word.distance, prefixlength=1
            )
            fuzzy.word = word
            return fuzzy
        return Term(field_name, terms[0], boost=boost)
    slop = word.distance if word.kind == "phrase" else 1
    return Phrase(field_name, terms, slop=max(1, slop), boost=boost)


class AnyOf(Or):  # type: ignore[misc]
    """Whoosh's Or, always matched as a tree of unions (never preloaded into arrays).

    Whoosh preloads every match of an Or into arrays when a segment has few documents, and
    that matcher cannot skip blocks: a top-N search then scores every match.
    """

    matcher_type = Or.DEFAULT_MATCHER


def to_whoosh(node: Node | None) -> Any:
    """The Whoosh query for a tree (None when nothing in it can match, e.g. only stop words)."""
    if node is None:
        return None
    if isinstance(node, Word):
        parts = [
            part
            for name, boost in fields_of(node)
            if (part := _word_query(node, name, boost)) is not None
        ]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else AnyOf(parts)
    if isinstance(node, DateFilter):
        # Periods start and end at midnight, so whole days are exact.
        first = day_number(node.start) if node.start is not None else None
        after_last = day_number(node.end) if node.end is not None else None
        return NumericRange("day", first, after_last, endexcl=after_last is not None)
    if isinstance(node, Negation):
        inner = to_whoosh(node.item)
        return None if inner is None else Not(inner)
    if node.operator == "or":
        parts = [part for item in node.items if (part := to_whoosh(item)) is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else AnyOf(parts)
    positive = [
        part
        for item in node.items
        if not isinstance(item, Negation) and (part := to_whoosh(item)) is not None
    ]
    negative = [
        part
        for item in node.items
        if isinstance(item, Negation) and (part := to_whoosh(item.item)) is not None
    ]
    if not positive and not negative:
        return None
    excluded: Any = None
    if negative:
        excluded = negative[0] if len(negative) == 1 else AnyOf(negative)
    if not positive:
        return Not(excluded)
    included = positive[0] if len(positive) == 1 else And(positive)
    return included if excluded is None else AndNot(included, excluded)


def _too_many(word: Word) -> QueryError:
    shown = word.text + ("*" if word.kind == "prefix" else "~")
    return QueryError(
        f"'{shown}' at {at_column(word.start)} matches too many words (more than "
        f"{MAX_EXPANSION:,}): make it longer",
        word.start,
    )


Expansions = dict[tuple[Word, str], set[bytes | str]]
"""The index terms each prefix or fuzzy word stands for, by word and field."""


def expand_words(query: Any, reader: Any) -> Expansions:
    """Expand the prefix and fuzzy words of a Whoosh query in each segment of `reader`.

    The words remember their expansion per segment, so the search then reuses it. Raises
    QueryError for a word that stands for more than MAX_EXPANSION index terms.
    """
    found: Expansions = {}
    if query is None:
        return found
    counts: dict[Word, int] = {}
    for leaf in query.leaves():
        word = getattr(leaf, "word", None)
        if word is None or not isinstance(leaf, _RemembersExpansion):
            continue
        terms = found.setdefault((word, leaf.fieldname), set())
        before = len(terms)
        for segment, _ in reader.leaf_readers():
            terms.update(leaf._btexts(segment))
            if counts.get(word, 0) + len(terms) - before > MAX_EXPANSION:
                raise _too_many(word)
        counts[word] = counts.get(word, 0) + len(terms) - before
    return found


@dataclass(frozen=True, slots=True)
class MatchSpec:
    """Something to highlight in a text: what kind of match, and its terms."""

    kind: str
    """"term", "prefix", "fuzzy" or "phrase"; against stemmed words or (names) folded ones."""
    terms: tuple[str, ...]
    names: bool = False
    distance: int = 1
    extra: frozenset[str] = field(default_factory=frozenset)
    """For a fuzzy word: the index terms it expanded to, when a reader was at hand."""


def _as_text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


def match_specs(
    parsed: ParsedQuery, target: str, reader: Any = None, expanded: Expansions | None = None
) -> list[MatchSpec]:
    """What to highlight in the `target` field's text ("body" or "title") for a query.

    A fuzzy word is expanded with `reader`, or taken from `expanded` (see `expand_words`).
    """
    specs: list[MatchSpec] = []
    for word in parsed.words():
        if word.field is not None and word.field != target and word.field not in NAME_FIELDS:
            continue
        names = word.field in NAME_FIELDS
        field_name = word.field if names and word.field else target
        if word.kind == "prefix":
            prefix = prefix_for(word, field_name)
            if prefix:
                specs.append(MatchSpec("prefix", (prefix,), names))
            continue
        terms = tuple(terms_for(word, field_name))
        if not terms:
            continue
        if len(terms) > 1:
            slop = word.distance if word.kind == "phrase" else 1
            specs.append(MatchSpec("phrase", terms, names, max(1, slop)))
        elif word.kind == "fuzzy":
            close: frozenset[str] = frozenset()
            if expanded is not None and (word, target) in expanded:
                close = frozenset(_as_text(item) for item in expanded[word, target])
            elif reader is not None:
                query = FuzzyWord(target, terms[0], maxdist=word.distance, prefixlength=1)
                close = frozenset(
                    _as_text(item)
                    for _, item in zip(range(MAX_EXPANSION), query._btexts(reader), strict=False)
                )
            specs.append(MatchSpec("fuzzy", terms, names, word.distance, close))
        else:
            specs.append(MatchSpec("term", terms, names))
    return specs
