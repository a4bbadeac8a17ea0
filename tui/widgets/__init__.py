"""The reader's widgets, one per module."""

from .article_list import ArticleList, ListEntry, Marks
from .footer import TidyFooter
from .reader import ReaderPane
from .search_box import SearchBox, SearchStatus

__all__ = [
    "ArticleList",
    "ListEntry",
    "Marks",
    "ReaderPane",
    "SearchBox",
    "SearchStatus",
    "TidyFooter",
]
