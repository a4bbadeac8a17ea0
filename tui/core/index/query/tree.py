"""The query language's tree: what a typed query means, before any search engine sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_QUERY_LENGTH = 1000
MIN_PREFIX = 2
MAX_FUZZY = 2
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
SHOWN_FIELDS = "title, author, source, person, org, place, entity, date, after, before"
DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (
    ("title", 3.0),
    ("body", 1.0),
    ("byline", 1.0),
    ("source", 1.0),
)


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


def at_column(position: int) -> str:
    return f"column {position + 1}"
