"""The article list: titles with date and source, read and bookmark marks, search snippets.

A virtual list: only the rows on screen are ever rendered, so showing 100,000 articles
costs no more than showing ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.inert import inert_line

UNREAD_MARK = "●"
BOOKMARK_MARK = "★"
MATCH_STYLE = "bold reverse"
_CACHE_LIMIT = 2048


@dataclass(frozen=True)
class ListEntry:
    """One row of the list: an article, and its snippet while searching."""

    id: str
    title: str
    published: datetime | None
    source: str | None
    byline: str | None = None
    snippet: str | None = None
    snippet_matches: tuple[tuple[int, int], ...] = ()
    pending: bool = False
    """Not indexed yet: the date and source are still to come."""
    summary_only: bool = False
    """A feed item with only a summary: said in the row."""
    copies: int = 0
    """How many other copies of its story the corpus holds (shown as "+N")."""


@dataclass(frozen=True)
class Marks:
    """Which articles are read and which are bookmarked, as the list draws them."""

    read: frozenset[str] = frozenset()
    bookmarks: frozenset[str] = frozenset()


def format_date(moment: datetime | None) -> str:
    """A short, unambiguous date for the list."""
    return moment.strftime("%Y-%m-%d") if moment else "no date"


class ArticleList(ScrollView, can_focus=True):
    """The list of articles (or of search hits); Enter opens one."""

    COMPONENT_CLASSES = {
        "article-list--row",
        "article-list--cursor",
        "article-list--cursor-blurred",
    }

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .article-list--row { }
        & > .article-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
        & > .article-list--cursor-blurred { background: $block-cursor-blurred-background; text-style: bold; }
    }
    """

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter,l", "open", "Open", id="list.open"),
    ]

    # The watchers redraw what changed: a reactive's own repaint would redraw the pane.
    highlighted: reactive[int | None] = reactive(None, init=False, repaint=False)
    entries: reactive[list[ListEntry]] = reactive(
        list, always_update=True, init=False, repaint=False
    )
    """The rows, in order (bound to the screen's; the cursor stays on its article)."""
    marks: reactive[Marks] = reactive(Marks, init=False, repaint=False)
    """The read and bookmark marks (bound to the screen's)."""

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
        self._row_height = 2
        self._cache: dict[tuple[int, bool, bool, int], list[Strip]] = {}

    # Contents

    def watch_entries(self, entries: list[ListEntry]) -> None:
        """New rows: the cursor stays on the same article when it is still listed."""
        current = self._cursor_id
        # Where the cursor sits in the pane, so articles arriving above it do not move it.
        on_screen = None
        if self.highlighted is not None:
            on_screen = self.highlighted - round(self.scroll_y) // self._row_height
        self._row_height = 3 if any(e.snippet for e in entries) else 2
        self._cache.clear()
        self._update_virtual_size()
        self.refresh()
        if not entries:
            self.set_reactive(ArticleList.highlighted, None)
            self._cursor_id = None
            return
        index = next((i for i, e in enumerate(entries) if e.id == current), None)
        if index is not None and on_screen is not None and on_screen >= 0:
            first = max(0, index - on_screen)
            self.scroll_to(y=first * self._row_height, animate=False, immediate=True)
        self._place_cursor(index or 0)

    def watch_marks(self, old: Marks, new: Marks) -> None:
        """Redraw the rows whose read or bookmark mark changed, without moving the cursor."""
        self._cache.clear()
        changed = (old.read ^ new.read) | (old.bookmarks ^ new.bookmarks)
        self._refresh_rows({i for i in self._rows_on_screen() if self.entries[i].id in changed})

    def select(self, article_id: str | None) -> None:
        """Put the cursor on an article, if it is listed."""
        index = next((i for i, e in enumerate(self.entries) if e.id == article_id), None)
        if index is not None:
            self._place_cursor(index)

    def _place_cursor(self, index: int) -> None:
        if self.highlighted == index:
            self._cursor_id = self.entries[index].id
            self._scroll_to_cursor()
            self.refresh()
        else:
            self.highlighted = index

    _cursor_id: str | None = None
    """The article the cursor is on (kept when the rows are replaced)."""

    @property
    def highlighted_id(self) -> str | None:
        """The id of the article under the cursor."""
        if self.highlighted is None or not (0 <= self.highlighted < len(self.entries)):
            return None
        return self.entries[self.highlighted].id

    def _update_virtual_size(self) -> None:
        # Room for the part-row below the last article, so that scrolled to the end the
        # top of the pane is still the top of an article.
        spare = self.scrollable_content_region.height % self._row_height
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self.entries) * self._row_height + spare
        )

    def on_resize(self) -> None:
        """Row strips depend on the width."""
        self._cache.clear()
        self._update_virtual_size()

    # Rendering

    def render_line(self, y: int) -> Strip:
        """One screen line: a line of one entry."""
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        index, part = divmod(line, self._row_height)
        if not (0 <= index < len(self.entries)) or width <= 0:
            return Strip.blank(width, self.get_visual_style("article-list--row").rich_style)
        is_cursor = index == self.highlighted
        key = (index, is_cursor, self.has_focus, width)
        strips = self._cache.get(key)
        if strips is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            strips = self._cache[key] = self._render_entry(index, is_cursor, width)
        return strips[part]

    def _render_entry(self, index: int, is_cursor: bool, width: int) -> list[Strip]:
        entry = self.entries[index]
        if is_cursor:
            component = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
        else:
            component = "article-list--row"
        base = self.get_visual_style(component)
        is_read = entry.id in self.marks.read
        marks = (BOOKMARK_MARK if entry.id in self.marks.bookmarks else " ") + (
            " " if is_read else UNREAD_MARK
        )
        # A title broken over lines in its source is still one line here.
        title = Content(" " + inert_line(" ".join(entry.title.split())))
        if not is_read:
            title = title.stylize("bold")
        byline = entry.byline if entry.byline and entry.byline != entry.source else None
        when = "indexing…" if entry.pending else format_date(entry.published)
        note = "summary only" if entry.summary_only else None
        meta = " · ".join(inert_line(part) for part in (when, byline, entry.source, note) if part)
        copies = f"+{entry.copies} " if entry.copies else ""
        lines = [
            title,
            Content.assemble(
                " ",
                (marks, "$text-accent"),
                " ",
                (copies, "bold $text-accent"),
                (meta, "$text-muted"),
            ),
        ]
        if self._row_height == 3:
            # Cut for this width, so that the first match is on screen with its context.
            from ..core.index.snippets import fit_snippet  # with the index's tokenizer

            text, matches = fit_snippet(
                inert_line(entry.snippet or ""), entry.snippet_matches, width - 1
            )
            snippet = Content(" " + text).stylize("$text-muted")
            for start, end in matches:
                snippet = snippet.stylize(MATCH_STYLE, start + 1, end + 1)
            lines.append(snippet)
        strips = []
        for content in lines:
            fitted = content.truncate(width, ellipsis=True, pad=True)
            # `render` ends with a newline unless told otherwise; a newline inside a
            # strip moves the terminal's cursor and garbles every row after it.
            segments = [
                Segment(text, style.rich_style if style else None)
                for text, style in fitted.render(base, end="")
                if text
            ]
            strips.append(Strip(segments, width).simplify())
        return strips

    def on_focus(self) -> None:
        """The cursor row looks different with focus."""
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        """The cursor row looks different without focus."""
        self._cache.clear()
        self.refresh()

    # The cursor

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        """Keep the cursor visible and tell the screen where it is."""
        if new is None:
            return
        self._cursor_id = self.entries[new].id
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if old is not None and self.scroll_offset.y == top:
            # Only the two rows changed: redraw just them, as bytes count over SSH.
            self._refresh_rows({old, new})
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.entries[new].id))

    def _rows_on_screen(self) -> range:
        """The indexes of the entries at least partly on screen."""
        first = int(self.scroll_offset.y) // self._row_height
        shown = self.scrollable_content_region.height // self._row_height + 2
        return range(first, min(len(self.entries), first + shown))

    def _refresh_rows(self, indexes: set[int]) -> None:
        """Redraw these rows (those on screen) and nothing else."""
        for index in indexes:
            self.refresh_lines(index * self._row_height, self._row_height)

    def validate_highlighted(self, value: int | None) -> int | None:
        """Keep the cursor on a row."""
        if value is None or not self.entries:
            return None
        return max(0, min(value, len(self.entries) - 1))

    def _scroll_to_cursor(self) -> None:
        if self.highlighted is None:
            return
        # Scroll by whole rows, so the top of the pane is always the top of an article.
        rows = max(1, self.scrollable_content_region.height // self._row_height)
        first = round(self.scroll_y) // self._row_height
        if self.highlighted < first:
            first = self.highlighted
        elif self.highlighted >= first + rows:
            first = self.highlighted - rows + 1
        self.scroll_to(y=first * self._row_height, animate=False, immediate=True)

    def _move(self, rows: int) -> None:
        if not self.entries:
            return
        start = self.highlighted if self.highlighted is not None else -1 if rows > 0 else 0
        self.highlighted = start + rows

    def action_cursor_down(self) -> None:
        """Next article."""
        self._move(1)

    def action_cursor_up(self) -> None:
        """Previous article."""
        self._move(-1)

    def action_page_down(self) -> None:
        """A screenful down."""
        self._move(max(1, self.scrollable_content_region.height // self._row_height))

    def action_page_up(self) -> None:
        """A screenful up."""
        self._move(-max(1, self.scrollable_content_region.height // self._row_height))

    def action_first(self) -> None:
        """Move to the first article."""
        if self.entries:
            self.highlighted = 0

    def action_last(self) -> None:
        """Move to the last article."""
        if self.entries:
            self.highlighted = len(self.entries) - 1

    def action_open(self) -> None:
        """Open the article under the cursor."""
        article_id = self.highlighted_id
        if article_id is not None:
            self.post_message(self.Opened(article_id))

    def on_click(self, event: events.Click) -> None:
        """A click picks a row (the reader works without a mouse, but allows one)."""
        index = (event.y + self.scroll_offset.y) // self._row_height
        if 0 <= index < len(self.entries):
            if self.highlighted == index:
                self.action_open()
            self.highlighted = index
