"""The full-text index of a corpus: schema, updating, the query language and search results."""

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
    "SCHEMA_VERSION",
    "ArticleIndex",
    "ArticleSummary",
    "EntityCount",
    "IndexProgress",
    "IndexUnavailable",
    "QueryError",
    "SearchHit",
    "SearchResults",
    "Snippet",
    "UpdateReport",
    "parse_query",
]
