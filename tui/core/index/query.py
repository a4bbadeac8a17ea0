"""The query language: reading what the user typed into a checked tree, then a Whoosh query.

    putin kremlin              both words (words default to AND), anywhere
    putin OR zelensky          either; NOT excludes; (parentheses) group
    "strait of hormuz"         a phrase; "peace talks"~3 allows words in between
    sanction*  goverment~      a prefix; a fuzzy word (~1 or ~2 edits)
    title:iran  author:smith   a field: title, body, author, source, person, org, place
    date:2026-04  after:"last week"  before:2026  date:2026-04-01..2026-04-30

We read the query ourselves rather than through whoosh.qparser so that every mistake is
reported with what is wrong and the column where it is, and so dates and entity fields are
first-class; the tree then becomes ordinary whoosh.query objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from whoosh.query.compound import And, AndNot, Or
from whoosh.query.positional import Phrase
from whoosh.query.ranges import NumericRange
from whoosh.query.terms import FuzzyTerm, Prefix, Term
from whoosh.query.wrappers import Not

from .analysis import index_terms, name_terms, porter_stem
from .query_dates import DATE_HELP, DateTextError, parse_period
from .results import QueryError
from .schema import NAME_FIELDS, day_number
from .spelling import terms_within

MAX_QUERY_LENGTH = 1000
MIN_PREFIX = 2
MAX_FUZZY = 2
MAX_EXPANSION = 1000
"""Most index terms one prefix or fuzzy word may stand for."""

FIELD_NAMES: dict[str, str] = {
    "title": "title",
    "body": "body",
    "author": "byline",
    "byline": "byline",
    "source": "source",
    "person": "person",
    "org": "org",
    "place": "place",
    "entity": "entity",
}
DATE_FIELDS = ("date", "after", "before")
SHOWN_FIELDS = "title, author, source, person, org, place, date, after, before"
DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 3.0),
    ("body", 1.0),
    ("byline", 1.0),
    ("source", 1.0),
)
_FIELD_PREFIX = re.compile(r"([A-Za-z_]+):")
_FUZZY = re.compile(r"(.+?)~(\d*)")
_NOT_FIELDS = frozenset({"http", "https", "ftp", "mailto"})


# The tree -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """A word, prefix*, fuzzy~ word or "phrase", searched in one field or the default ones."""

    text: str
    start: int
    end: int
    field: str | None = None
    kind: str = "word"
    """One of "word", "prefix", "fuzzy", "phrase"."""
    distance: int = 0
    """Edits allowed for a fuzzy word; words allowed between for a phrase (its slop)."""


@dataclass(frozen=True, slots=True)
class DateFilter:
    """A date:, after: or before: clause, as the period of publication it admits."""

    start: datetime | None
    end: datetime | None
    position: int


@dataclass(frozen=True, slots=True)
class Group:
    """Clauses joined by AND or OR."""

    operator: str
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Negation:
    """NOT a clause."""

    item: Node


Node = Word | DateFilter | Group | Negation


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A checked query: its tree, and the text it came from."""

    text: str
    tree: Node | None

    def words(self, *, negated: bool = False) -> list[Word]:
        """Every Word of the tree (leaving out those under NOT, unless `negated`)."""
        found: list[Word] = []
        _collect(self.tree, found, negated)
        return found

    @property
    def has_text(self) -> bool:
        """True when something besides dates is searched for."""
        return bool(self.words(negated=True))


def _collect(node: Node | None, found: list[Word], negated: bool) -> None:
    if isinstance(node, Word):
        found.append(node)
    elif isinstance(node, Group):
        for item in node.items:
            _collect(item, found, negated)
    elif isinstance(node, Negation) and negated:
        _collect(node.item, found, negated)


# Reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "field", "word", "phrase"
    text: str
    start: int
    end: int
    slop: int = 1


def _col(position: int) -> str:
    return f"column {position + 1}"


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, char, i, i + 1))
            i += 1
        elif char == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError(f"unbalanced quote at {_col(i)}: the phrase is never closed", i)
            end = close + 1
            slop = 1
            if end < n and text[end] == "~":
                digits = re.match(r"\d*", text[end + 1 :])
                assert digits is not None
                slop = int(digits.group()) if digits.group() else 2
                end += 1 + len(digits.group())
            tokens.append(_Token("phrase", text[i + 1 : close], i, end, max(1, slop)))
            i = end
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            _lex_word(text[i:j], i, tokens)
            i = j
    return tokens


def _lex_word(word: str, start: int, tokens: list[_Token]) -> None:
    match = _FIELD_PREFIX.match(word)
    if match and match.group(1).lower() not in _NOT_FIELDS:
        name = match.group(1).lower()
        if name not in FIELD_NAMES and name not in DATE_FIELDS:
            raise QueryError(
                f"unknown field '{match.group(1)}:' at {_col(start)} (fields: {SHOWN_FIELDS})",
                start,
            )
        tokens.append(_Token("field", name, start, start + match.end()))
        rest = word[match.end() :]
        if rest:
            tokens.append(_Token("word", rest, start + match.end(), start + len(word)))
        return
    if word in ("AND", "OR", "NOT"):
        tokens.append(_Token(word, word, start, start + len(word)))
    else:
        tokens.append(_Token("word", word, start, start + len(word)))


class _Parser:
    """Recursive descent over the tokens, one method per rule:

    query := or ; or := and ("OR" and)* ; and := unary (["AND"] unary)* ;
    unary := "NOT" unary | primary ; primary := "(" or ")" | field ":" value | word | phrase
    """

    def __init__(self, text: str, tokens: list[_Token], now: datetime | None, dayfirst: bool):
        self.text = text
        self.tokens = tokens
        self.i = 0
        self.now = now
        self.dayfirst = dayfirst

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or(None)
        token = self.peek()
        if token is not None:
            raise QueryError(
                f"unbalanced parenthesis: ')' at {_col(token.start)} has no matching '('",
                token.start,
            )
        return node

    def _needs_right(self, operator: _Token) -> None:
        following = self.peek()
        if following is None or following.kind in (")", "AND", "OR"):
            what = "must be followed by" if operator.kind == "NOT" else "needs on its right"
            raise QueryError(
                f"'{operator.kind}' at {_col(operator.start)} {what} a word, a \"phrase\" "
                "or a (group)",
                operator.start,
            )

    def parse_or(self, field_name: str | None) -> Node:
        items = [self.parse_and(field_name)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            self._needs_right(token)
            items.append(self.parse_and(field_name))
        return items[0] if len(items) == 1 else Group("or", tuple(items))

    def parse_and(self, field_name: str | None) -> Node:
        items = [self.parse_unary(field_name)]
        while (token := self.peek()) is not None and token.kind not in (")", "OR"):
            if token.kind == "AND":
                self.take()
                self._needs_right(token)
            items.append(self.parse_unary(field_name))
        return items[0] if len(items) == 1 else Group("and", tuple(items))

    def parse_unary(self, field_name: str | None) -> Node:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            self._needs_right(token)
            return Negation(self.parse_unary(field_name))
        return self.parse_primary(field_name)

    def parse_primary(self, field_name: str | None) -> Node:
        token = self.take()
        if token.kind in ("AND", "OR"):
            raise QueryError(
                f"'{token.kind}' at {_col(token.start)} needs a word, a \"phrase\" or a (group) "
                "on its left",
                token.start,
            )
        if token.kind == ")":
            raise QueryError(
                f"unbalanced parenthesis: ')' at {_col(token.start)} has no matching '('",
                token.start,
            )
        if token.kind == "(":
            return self.parse_group(token, field_name)
        if token.kind == "field":
            return self.parse_field(token)
        return self.make_word(token, field_name)

    def parse_group(self, opening: _Token, field_name: str | None) -> Node:
        following = self.peek()
        if following is not None and following.kind == ")":
            raise QueryError(f"empty parentheses at {_col(opening.start)}", opening.start)
        if following is None:
            raise QueryError(
                f"unbalanced parenthesis: '(' at {_col(opening.start)} is never closed",
                opening.start,
            )
        node = self.parse_or(field_name)
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise QueryError(
                f"unbalanced parenthesis: '(' at {_col(opening.start)} is never closed",
                opening.start,
            )
        self.take()
        return node

    def parse_field(self, token: _Token) -> Node:
        name = token.text
        following = self.peek()
        if following is None or following.kind not in ("word", "phrase", "("):
            raise QueryError(
                f"'{name}:' at {_col(token.start)} needs a word, a \"phrase\" or a (group) "
                "right after the colon",
                token.start,
            )
        if name in DATE_FIELDS:
            if following.kind == "(":
                raise QueryError(
                    f"'{name}:' at {_col(token.start)} takes a date, not a group ({DATE_HELP})",
                    token.start,
                )
            value = self.take()
            return self.make_date(name, value)
        if following.kind == "(":
            return self.parse_group(self.take(), FIELD_NAMES[name])
        return self.make_word(self.take(), FIELD_NAMES[name])

    def make_date(self, name: str, value: _Token) -> DateFilter:
        try:
            start, end = parse_period(value.text, now=self.now, dayfirst=self.dayfirst)
        except DateTextError as error:
            raise QueryError(
                f"bad date for '{name}:' at {_col(value.start)}: {error} ({DATE_HELP})",
                value.start,
            ) from error
        if name == "after":
            return DateFilter(start if start is not None else end, None, value.start)
        if name == "before":
            return DateFilter(None, start if start is not None else end, value.start)
        return DateFilter(start, end, value.start)

    def make_word(self, token: _Token, field_name: str | None) -> Word:
        if token.kind == "phrase":
            return Word(token.text, token.start, token.end, field_name, "phrase", token.slop)
        text = token.text
        if "*" in text:
            if text.index("*") != len(text) - 1 or "~" in text:
                raise QueryError(
                    f"'*' at {_col(token.start + text.index('*'))} can only end a word "
                    "(as in sanction*)",
                    token.start + text.index("*"),
                )
            stem = text[:-1]
            if len(re.sub(r"\W", "", stem)) < MIN_PREFIX:
                raise QueryError(
                    f"the prefix '{text}' at {_col(token.start)} is too short: give at least "
                    f"{MIN_PREFIX} letters before '*'",
                    token.start,
                )
            return Word(stem, token.start, token.end, field_name, "prefix")
        if fuzzy := _FUZZY.fullmatch(text):
            distance = int(fuzzy.group(2)) if fuzzy.group(2) else 1
            if distance < 1 or distance > MAX_FUZZY:
                raise QueryError(
                    f"'{text}' at {_col(token.start)}: a fuzzy word allows ~1 or ~2 edits",
                    token.start,
                )
            return Word(fuzzy.group(1), token.start, token.end, field_name, "fuzzy", distance)
        return Word(text, token.start, token.end, field_name)


def parse_query(text: str, *, now: datetime | None = None, dayfirst: bool = False) -> ParsedQuery:
    """Read and check a query; raises QueryError saying what is wrong and where."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is too long ({len(text):,} characters; the limit is {MAX_QUERY_LENGTH:,})",
            MAX_QUERY_LENGTH,
        )
    if not text.strip():
        raise QueryError("the query is empty: type a word to search for", None)
    tokens = _lex(text)
    tree = _Parser(text, tokens, now, dayfirst).parse()
    return ParsedQuery(text, tree)


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
    return DEFAULT_FIELDS if word.field is None else ((word.field, 1.0),)


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
        f"'{shown}' at {_col(word.start)} matches too many words (more than "
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
