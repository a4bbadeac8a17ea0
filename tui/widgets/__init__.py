"""The reader's widgets, one per module."""

from .article_list import ArticleList, ListEntry, Marks
from .footer import TidyFooter
from .hit_timeline import HitTimeline
from .reader import ReaderPane
from .search_box import SearchBox, SearchStatus

__all__ = [
    "ArticleList",
    "HitTimeline",
    "ListEntry",
    "Marks",
    "ReaderPane",
    "SearchBox",
    "SearchStatus",
    "TidyFooter",
]
