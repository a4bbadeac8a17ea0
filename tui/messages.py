"""Messages the app's workers send to the screens."""

from __future__ import annotations

import threading

from textual.message import Message
from textual.worker import Worker

from .core.index import ArticleSummary, UpdateReport


class ListingReady(Message):
    """A fresh article listing is available (from the index or from a scan)."""

    def __init__(
        self,
        listing: list[ArticleSummary],
        *,
        provisional: bool = False,
        drawn: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self.listing = listing
        self.provisional = provisional
        """True for a listing from before the index is open: files by name before anything
        is indexed, or the list the index saved last time. Articles are not opened from it."""
        self.drawn = drawn
        """Set once the list is on screen (the sender waits for it before heavy work)."""


class IndexingProgress(Message):
    """Indexing moved on; floods of these replace each other."""

    def __init__(self, done: int, total: int, articles: int = 0) -> None:
        super().__init__()
        self.done = done
        self.total = total
        # Articles committed so far in this pass (a big file counts as done only at its end).
        self.articles = articles

    def can_replace(self, message: Message) -> bool:
        """A newer progress report makes an older one pointless."""
        return isinstance(message, IndexingProgress)


class IndexStatus(Message):
    """A word on the index's state for the header (e.g. another process is updating it)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class IndexTidying(Message):
    """The index's segments are being merged (`active`), or that is over."""

    def __init__(self, active: bool) -> None:
        super().__init__()
        self.active = active


class IndexingDone(Message):
    """Indexing finished (report is None when there is no index to update)."""

    def __init__(self, report: UpdateReport | None, *, failure: str | None = None) -> None:
        super().__init__()
        self.report = report
        self.failure = failure
        """Why indexing stopped, when it failed."""


class WorkerFailed(Message):
    """A screen's worker raised: sent to the app, which reports every failure in one place."""

    def __init__(self, worker: Worker[object]) -> None:
        super().__init__()
        self.worker = worker


class ArticlesArrived(Message):
    """Re-indexing after a change in the folder found articles that were not listed before."""

    def __init__(self, article_ids: list[str]) -> None:
        super().__init__()
        self.article_ids = article_ids


class RecheckRequested(Message):
    """The reader asked for the folder to be checked for changes now (Ctrl+R)."""
