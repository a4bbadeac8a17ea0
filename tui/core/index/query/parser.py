"""Reading what the user typed into a checked query tree, with errors that say where.

    putin kremlin              both words (words default to AND), anywhere
    putin OR zelensky          either; NOT or a leading - excludes (-kyiv); (parentheses) group
    "strait of hormuz"         a phrase; "peace talks"~3 allows words in between
    sanction*  goverment~      a prefix; a fuzzy word (~1 or ~2 edits)
    title:iran  author:smith   a field: title, body, author, source, person, org, place, entity
    date:2026-04  after:"last week"  before:2026  date:2026-04-01..2026-04-30

We read the query ourselves rather than through whoosh.qparser so that every mistake is
reported with what is wrong and the column where it is, and so dates and entity fields are
first-class; the tree then becomes ordinary whoosh.query objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..query_dates import DATE_HELP, DateTextError, parse_period
from ..results import QueryError
from .tree import (
    DATE_FIELDS,
    FIELD_NAMES,
    MAX_FUZZY,
    MAX_QUERY_LENGTH,
    MIN_PREFIX,
    SHOWN_FIELDS,
    DateFilter,
    Group,
    Negation,
    Node,
    ParsedQuery,
    Word,
    at_column,
)

_FIELD_PREFIX = re.compile(r"([A-Za-z_]+):")
_FUZZY = re.compile(r"(.+?)~(\d*)")
_NOT_FIELDS = frozenset({"http", "https", "ftp", "mailto"})


# Reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "field", "word", "phrase"
    text: str
    start: int
    end: int
    slop: int = 1


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
                raise QueryError(
                    f"unbalanced quote at {at_column(i)}: the phrase is never closed", i
                )
            end = close + 1
            slop = 1
            if end < n and text[end] == "~":
                digits = re.match(r"\d*", text[end + 1 :])
                assert digits is not None
                slop = int(digits.group()) if digits.group() else 2
                end += 1 + len(digits.group())
            tokens.append(_Token("phrase", text[i + 1 : close], i, end, max(1, slop)))
            i = end
        elif char == "-" and _opens_negation(text, i):
            tokens.append(_Token("NOT", "-", i, i + 1))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            _lex_word(text[i:j], i, tokens)
            i = j
    return tokens


def _opens_negation(text: str, i: int) -> bool:
    """A '-' that starts a clause (`-fraud`, `-"a phrase"`, `-(a OR b)`) excludes it, as in
    web search; inside a word (`covid-19`) or standing alone it is only a character."""
    starts_clause = i == 0 or text[i - 1].isspace() or text[i - 1] == "("
    following = text[i + 1 : i + 2]
    return starts_clause and following != "" and not following.isspace() and following not in ")-"


def _lex_word(word: str, start: int, tokens: list[_Token]) -> None:
    match = _FIELD_PREFIX.match(word)
    if match and match.group(1).lower() not in _NOT_FIELDS:
        name = match.group(1).lower()
        if name not in FIELD_NAMES and name not in DATE_FIELDS:
            raise QueryError(
                f"unknown field '{match.group(1)}:' at {at_column(start)} (fields: {SHOWN_FIELDS})",
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
                f"unbalanced parenthesis: ')' at {at_column(token.start)} has no matching '('",
                token.start,
            )
        return node

    def _needs_right(self, operator: _Token) -> None:
        following = self.peek()
        if following is None or following.kind in (")", "AND", "OR"):
            what = "must be followed by" if operator.kind == "NOT" else "needs on its right"
            raise QueryError(
                f"'{operator.text}' at {at_column(operator.start)} {what} a word, a \"phrase\" "
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
                f"'{token.kind}' at {at_column(token.start)} needs a word, a \"phrase\" or a (group) "
                "on its left",
                token.start,
            )
        if token.kind == ")":
            raise QueryError(
                f"unbalanced parenthesis: ')' at {at_column(token.start)} has no matching '('",
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
            raise QueryError(f"empty parentheses at {at_column(opening.start)}", opening.start)
        if following is None:
            raise QueryError(
                f"unbalanced parenthesis: '(' at {at_column(opening.start)} is never closed",
                opening.start,
            )
        node = self.parse_or(field_name)
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise QueryError(
                f"unbalanced parenthesis: '(' at {at_column(opening.start)} is never closed",
                opening.start,
            )
        self.take()
        return node

    def parse_field(self, token: _Token) -> Node:
        name = token.text
        following = self.peek()
        if following is None or following.kind not in ("word", "phrase", "("):
            raise QueryError(
                f"'{name}:' at {at_column(token.start)} needs a word, a \"phrase\" or a (group) "
                "right after the colon",
                token.start,
            )
        if name in DATE_FIELDS:
            if following.kind == "(":
                raise QueryError(
                    f"'{name}:' at {at_column(token.start)} takes a date, not a group ({DATE_HELP})",
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
                f"bad date for '{name}:' at {at_column(value.start)}: {error} ({DATE_HELP})",
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
                    f"'*' at {at_column(token.start + text.index('*'))} can only end a word "
                    "(as in sanction*)",
                    token.start + text.index("*"),
                )
            stem = text[:-1]
            if len(re.sub(r"\W", "", stem)) < MIN_PREFIX:
                raise QueryError(
                    f"the prefix '{text}' at {at_column(token.start)} is too short: give at least "
                    f"{MIN_PREFIX} letters before '*'",
                    token.start,
                )
            return Word(stem, token.start, token.end, field_name, "prefix")
        if fuzzy := _FUZZY.fullmatch(text):
            distance = int(fuzzy.group(2)) if fuzzy.group(2) else 1
            if distance < 1 or distance > MAX_FUZZY:
                raise QueryError(
                    f"'{text}' at {at_column(token.start)}: a fuzzy word allows ~1 or ~2 edits",
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
