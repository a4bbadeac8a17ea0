"""What the index hands back: article summaries, search hits, update reports and errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..article import Skipped


class IndexUnavailable(Exception):
    """The index folder cannot be created or written; articles can still be read from disk."""


class QueryError(ValueError):
    """A query that cannot be run, with a message saying what is wrong and where."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        """0-based offset into the query of the problem, when there is one place to point at."""


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What the article list shows about an article, read from the index alone."""

    id: str
    path: Path
    title: str
    published: datetime | None = None
    source: str | None = None
    byline: str | None = None
    title_derived: bool = False
    pending: bool = False
    """True for a file not indexed yet: its title is a first guess and its date unknown."""
    summary_only: bool = False
    """A feed item that carried only a summary, not the article's text."""


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage of an article with the matched terms as offsets into `text`."""

    text: str
    matches: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by a search."""

    id: str
    path: Path
    title: str
    published: datetime | None
    source: str | None
    byline: str | None
    score: float
    snippet: Snippet | None = None


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The hits of a search, how many there were in all, and how long it took."""

    query: str
    hits: list[SearchHit]
    total: int
    seconds: float
    suggestion: str | None = None
    """A corrected query string when the query found little and a likely fix exists."""
    complete: bool = True
    """False while the index is still being brought up to date (results may be missing)."""
    timed_out: bool = False
    """True when the search was stopped at its time limit and the hits are partial."""
    too_common: tuple[str, ...] = ()
    """Words of the query left out because they are too common to be indexed ("the")."""


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """How far an update has got, sent after each committed batch."""

    done: int
    total: int
    committed: tuple[str, ...] = ()
    """Ids of the articles committed in the batch just finished."""


@dataclass(slots=True)
class UpdateReport:
    """What an update did to the index, counted in articles (a JSON file may hold many)."""

    added: int = 0
    """Articles new to the index (not those of a renamed file)."""
    updated: int = 0
    """Articles read again because their file changed."""
    removed: int = 0
    """Articles gone from the index (their file was deleted or no longer holds them)."""
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    """Files, or parts of files, that could not be read as articles, and why."""
    articles: int = 0
    """Articles in the index after the update: what the reader says it holds."""
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """Files found under a new name with the same content: old id to new id."""
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity and how many articles mention it."""

    name: str
    key: str
    kind: str
    count: int
