"""The full-text index of a corpus: schema, updating, the query language and search results."""

from .copies import NO_COPIES, Copies, collapse, with_copies
from .query import parse_query
from .results import (
    ArticleSummary,
    EntityCount,
    IndexProgress,
    IndexUnavailable,
    QueryError,
    SearchHit,
    SearchResults,
    Snippet,
    UpdateReport,
)
from .schema import SCHEMA_VERSION
from .store import ArticleIndex

__all__ = [
    "NO_COPIES",
    "SCHEMA_VERSION",
    "ArticleIndex",
    "ArticleSummary",
    "Copies",
    "EntityCount",
    "IndexProgress",
    "IndexUnavailable",
    "QueryError",
    "SearchHit",
    "SearchResults",
    "Snippet",
    "UpdateReport",
    "collapse",
    "parse_query",
    "with_copies",
]
