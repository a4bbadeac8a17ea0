"""The full-text index of a corpus: schema, updating, the query language and search results.

Each name is imported from its module when first used (see `..lazy`): the article list
needs the results' types long before search needs Whoosh and NumPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
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
    from .store import ArticleIndex
    from .version import SCHEMA_VERSION

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

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        **dict.fromkeys(("NO_COPIES", "Copies", "collapse", "with_copies"), ".copies"),
        "parse_query": ".query",
        **dict.fromkeys(
            (
                "ArticleSummary",
                "EntityCount",
                "IndexProgress",
                "IndexUnavailable",
                "QueryError",
                "SearchHit",
                "SearchResults",
                "Snippet",
                "UpdateReport",
            ),
            ".results",
        ),
        "SCHEMA_VERSION": ".version",
        "ArticleIndex": ".store",
    },
)
