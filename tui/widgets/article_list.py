"""The article list: titles with date and source, read and bookmark marks, search snippets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..core.inert import inert_line

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
MATCH_STYLE = "bold reverse"


@dataclass(frozen=True)
class ListEntry:
    """One row of the list: an article, and its snippet while searching."""

    id: str
    title: str
    published: datetime | None
    source: str | None
    snippet: str | None = None
    snippet_matches: tuple[tuple[int, int], ...] = ()


def format_date(moment: datetime | None) -> str:
    """A short, unambiguous date for the list."""
    return moment.strftime("%Y-%m-%d") if moment else "no date"


class ArticleList(OptionList):
    """The list of articles (or of search hits); Enter opens one."""

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        & > .option-list--option-highlighted { text-style: bold; }
    }
    ArticleList:focus { border: none; background-tint: $foreground 3%; }
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
        Binding("l", "select", "Open", show=False, id="list.open"),
    ]

    class Opened(Message):
        """The reader asked to open an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Highlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[ListEntry] = []

    def show(
        self,
        entries: list[ListEntry],
        *,
        read: set[str],
        bookmarks: set[str],
        keep: str | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on `keep` (or the same row) when possible."""
        current = keep or self.highlighted_id
        self.entries = entries
        self.set_options(
            Option(self._prompt(entry, entry.id in read, entry.id in bookmarks), id=entry.id)
            for entry in entries
        )
        if not entries:
            return
        index = next((i for i, e in enumerate(entries) if e.id == current), 0)
        self.highlighted = index

    def refresh_marks(self, read: set[str], bookmarks: set[str]) -> None:
        """Redraw the read and bookmark marks without moving the cursor."""
        for index, entry in enumerate(self.entries):
            self.replace_option_prompt_at_index(
                index, self._prompt(entry, entry.id in read, entry.id in bookmarks)
            )

    @property
    def highlighted_id(self) -> str | None:
        """The id of the article under the cursor."""
        if self.highlighted is None or not (0 <= self.highlighted < len(self.entries)):
            return None
        return self.entries[self.highlighted].id

    def _prompt(self, entry: ListEntry, is_read: bool, bookmarked: bool) -> Content:
        marks = (BOOKMARK_MARK if bookmarked else " ") + (" " if is_read else UNREAD_MARK)
        title = Content(inert_line(entry.title))
        if not is_read:
            title = title.stylize("bold")
        meta = " · ".join(
            part for part in (format_date(entry.published), inert_line(entry.source or "")) if part
        )
        lines = [title, Content.assemble((marks, "$text-accent"), " ", (meta, "$text-muted"))]
        if entry.snippet:
            snippet = Content(inert_line(entry.snippet)).stylize("$text-muted")
            for start, end in entry.snippet_matches:
                snippet = snippet.stylize(MATCH_STYLE, start, end)
            lines.append(snippet)
        return Content("\n").join(lines)

    def action_first(self) -> None:
        """Move to the first article."""
        if self.entries:
            self.highlighted = 0

    def action_last(self) -> None:
        """Move to the last article."""
        if self.entries:
            self.highlighted = len(self.entries) - 1

    @on(OptionList.OptionSelected)
    def _opened(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(event.option.id))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Highlighted(event.option.id))
