"""The main screen: article list and search on the left, the reading pane on the right."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input
from textual.worker import get_current_worker

from ..core.article import Article, Skipped
from ..core.config import Config
from ..core.entities import Entity
from ..core.export import write_articles
from ..core.index import (
    NO_COPIES,
    ArticleSummary,
    Copies,
    IndexUnavailable,
    QueryError,
    SearchResults,
    collapse,
    with_copies,
)
from ..core.inert import inert_line
from ..core.library import Library, OpenedArticle, sort_key
from ..core.state import Reading
from ..core.timeline import timeline_of
from ..core.views import search_view, split_view, unread_count
from ..keymap import applied_keymap, bindings_of
from ..messages import (
    ArticlesArrived,
    IndexingDone,
    IndexingProgress,
    IndexStatus,
    IndexTidying,
    ListingReady,
    RecheckRequested,
)
from ..widgets import (
    ArticleList,
    HitTimeline,
    ListEntry,
    Marks,
    ReaderPane,
    SearchBox,
    SearchStatus,
)
from ..widgets.footer import TidyFooter
from .copies import CopiesScreen
from .entity_browser import EntityBrowser
from .entity_panel import EntityPanel
from .export import ExportScreen
from .help import HelpScreen
from .leaving import LeavesTheReader
from .related import RelatedScreen
from .saved_searches import SavedSearchesScreen, SaveSearchDialog
from .skipped import SkippedScreen
from .sources import SourcesScreen
from .worker_failures import ReportsWorkerFailures


def export_path(corpus_name: str, fmt: str) -> Path:
    """Where the reader writes an export: the working folder, named for corpus and time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in corpus_name) or "corpus"
    return Path.cwd() / f"broadsheet-{safe}-{stamp}.{fmt}"


NARROW_WIDTH = 100
"""Below this many columns one pane is shown at a time."""
SEARCH_DELAY = 0.15
LIST_SORTS = ("date", "title", "source")
SEARCH_SORTS = ("relevance", "date", "title", "source")


class MainScreen(LeavesTheReader, ReportsWorkerFailures, Screen[None]):
    """Reading and searching the corpus."""

    BINDINGS = [
        # A priority binding runs before the next key is routed, so text typed right
        # after "/" (as it arrives over SSH) lands in the search box.
        Binding("slash", "focus_search", "Search", id="main.search", priority=True),
        Binding("tab", "switch_pane", "Pane", id="main.switch_pane", priority=True),
        Binding("escape", "back", "Back", id="main.back"),
        Binding("h", "back", "Back", show=False, id="main.back_h"),
        Binding("n", "next_match", "Next match", id="main.next_match"),
        Binding("N", "previous_match", "Prev match", id="main.previous_match"),
        Binding("e", "toggle_entities", "Entities", id="main.toggle_entities"),
        Binding("E", "entity_panel", "Entity panel", id="main.entity_panel"),
        Binding("B", "toggle_bookmark", "Bookmark", id="main.bookmark"),
        Binding("m", "toggle_read", "Read/unread", id="main.toggle_read"),
        Binding("s", "cycle_sort", "Sort", id="main.sort"),
        Binding("o", "related", "Related", id="main.related"),
        Binding("y", "copy", "Copy", id="main.copy"),
        Binding("p", "entity_browser", "People & places", id="main.entity_browser"),
        Binding("S", "skipped", "Skipped files", show=False, id="main.skipped"),
        Binding("X", "export_list", "Export list", show=False, id="main.export"),
        Binding("f", "sources", "Sources", show=False, id="main.sources"),
        # One story once: copies of a story are one row with a "+N" mark.
        Binding("c", "copies", "Copies", show=False, id="main.copies"),
        Binding("D", "toggle_copies", "Copies: one/all", show=False, id="main.toggle_copies"),
        # Keeping up with the news as it arrives.
        Binding("u", "next_unread", "Next unread", show=False, id="main.next_unread"),
        Binding("A", "mark_list_read", "Mark list read", show=False, id="main.mark_list_read"),
        Binding("z", "undo_mark_list_read", "Undo mark read", show=False, id="main.undo_read"),
        Binding("w", "saved_searches", "Saved searches", show=False, id="main.saved_searches"),
        Binding("W", "save_search", "Save search", show=False, id="main.save_search"),
        Binding("ctrl+r", "recheck", "Re-check folder", show=False, id="main.recheck"),
        Binding("question_mark", "help", "Help", id="main.help"),
        Binding("q", "quit", "Quit", id="main.quit"),
        # Leaving the reader (actions in leaving.py): the original page, the file, a command.
        Binding("O", "open_original", "Open original", show=False, id="main.open_original"),
        Binding("v", "pager", "View in $PAGER", show=False, id="main.pager"),
        Binding("V", "editor", "Edit in $EDITOR", show=False, id="main.editor"),
        Binding("vertical_line", "pipe", "Pipe to command", show=False, id="main.pipe"),
    ]

    # No repaint of the whole screen when these change (bytes over SSH): the widgets
    # bound to them, and the classes they set, redraw what changes.
    search_text: reactive[str] = reactive("", init=False, repaint=False)
    sort: reactive[str] = reactive("date", init=False, repaint=False)
    reading_pane: reactive[bool] = reactive(False, init=False, repaint=False)
    """True while the reading pane is the active one (in narrow mode, the one shown)."""
    entries: reactive[list[ListEntry]] = reactive(
        list, always_update=True, init=False, repaint=False
    )
    """The list's rows: the articles, or the hits of the search (bound to the list)."""
    marks: reactive[Marks] = reactive(Marks, init=False, repaint=False)
    """Read and bookmark marks (bound to the list)."""

    def __init__(self, library: Library, reading: Reading, config: Config) -> None:
        super().__init__()
        self.library = library
        self.reading = reading
        self.config = config
        self.corpus_name = inert_line(library.corpus.resolve().name or str(library.corpus))
        self.listing: list[ArticleSummary] = []
        self._summaries: dict[str, ArticleSummary] = {}
        self._hit_entries: list[ListEntry] = []
        """Every hit of the answered query known so far, in ranked order."""
        self.results: SearchResults | None = None
        self.answered: str | None = None
        """The query that the list and the status line currently answer (None with no search)."""
        self.opened: OpenedArticle | None = None
        self._search_timer: Timer | None = None
        self._search_generation = 0
        self._open_generation = 0
        self._restored = False
        self._provisional = False
        """True while the list is one made before the index was open (see `ListingReady`)."""
        self._early_cursor: str | None = None
        """The last article read, where such a list put the cursor before the index opened."""
        self._open_later: tuple[str, bool] | None = None
        """An article chosen from such a list: (id, restore scroll), opened with the index."""
        self._list_cursor_before_search: str | None = None
        self._indexing_label = ""
        self._skipped_label = ""
        self._tidying = False
        """The index's segments are being merged (the header says so: a core is busy)."""
        self.indexed = False
        """True once the first indexing pass has finished (or failed)."""
        self.arrived: set[str] = set()
        """Articles that arrived in the folder while the reader was open."""
        self._undo_read: set[str] = set()
        """What the last "mark list read" marked (an undo marks them unread again)."""
        self.saved_counts: dict[str, int] = {}
        """Unread hits of each saved query, as last counted."""
        self._count_timer: Timer | None = None
        self._saved_screen: SavedSearchesScreen | None = None
        self.copies: Copies = NO_COPIES
        """The groups of copies of one story that indexing found."""
        self.all_copies = False
        """True to list every copy; by default a story is one row with a "+N" mark."""

    def compose(self) -> ComposeResult:
        """Header, the two panes, footer."""
        yield Header(show_clock=False, icon="▤")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield SearchBox(id="search")
                yield SearchStatus("", id="search-status", classes="hidden")
                yield HitTimeline(id="search-timeline", classes="hidden")
                yield ArticleList(id="articles").data_bind(MainScreen.entries, MainScreen.marks)
            yield ReaderPane(id="reader", reading_width=self.config.reading_width)
        yield TidyFooter()

    def on_mount(self) -> None:
        """Start with the list focused and an empty reader."""
        state = self.reading.state
        self.set_reactive(MainScreen.sort, state.sort if state.sort in LIST_SORTS else "date")
        self._update_marks()
        self.set_focus(self.query_one(ArticleList))
        self._apply_width(self.size.width)
        self.library.corrections.subscribe(self._names_corrected)

    def on_unmount(self) -> None:
        """Stop listening for corrections to names."""
        self.library.corrections.unsubscribe(self._names_corrected)

    def _names_corrected(self) -> None:
        """A name was corrected: the highlights change now, and a search by name is rerun."""
        if self.opened is not None:
            self.query_one(ReaderPane).set_entities(*self._shown_entities(self.opened))
        if any(field in self.search_text for field in ("person:", "org:", "place:")):
            self._schedule_search()

    def _shown_entities(self, opened: OpenedArticle) -> tuple[list[Entity], list[list[Entity]]]:
        """The open article's entities, body and captions, with the user's corrections."""
        shown = self.library.shown_entities
        return shown(opened.entities), [shown(found) for found in opened.caption_entities]

    # Layout

    def on_resize(self, event: Resize) -> None:
        """One pane at a time below NARROW_WIDTH columns."""
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(0 < width < NARROW_WIDTH, "narrow")

    def watch_reading_pane(self, reading: bool) -> None:
        """Show which pane is active (and, when narrow, which one is shown)."""
        self.set_class(reading, "reading")

    # Listing and indexing

    @on(ListingReady)
    def _listing_ready(self, message: ListingReady) -> None:
        unchanged = message.listing is self.listing  # the saved list, now from the index
        self.listing = message.listing
        if not unchanged:
            self._summaries = {summary.id: summary for summary in self.listing}
        if not message.provisional:
            newest = min(self.listing, key=sort_key("date"), default=None)
            self.query_one(SearchBox).fit_to(newest.published if newest else None)
        self._provisional = message.provisional
        restore: str | None = None
        if not self._restored:
            last = self.reading.state.last_article
            listed = bool(last) and any(s.id == last for s in self.listing)
            if message.provisional:
                # The cursor waits on the last article read; it is opened with the index.
                if listed and self._early_cursor is None:
                    restore = self._early_cursor = last
            else:
                self._restored = True
                cursor = self.query_one(ArticleList).highlighted_id
                moved = self._early_cursor is not None and cursor != self._early_cursor
                if listed and not moved and self._open_later is None:
                    restore = last
        if unchanged:
            self.query_one(ArticleList).select(restore)
        elif restore or not self.search_text.strip():
            self._show_listing(keep=restore)
        if not message.provisional and self._open_later is not None:
            self._open_chosen_early()
        elif restore and not message.provisional:
            self.open_article(restore, restore_scroll=True, focus_reader=False)
        if self.search_text.strip() and not message.provisional:
            self._schedule_search()
        if not message.provisional:
            self.load_copies()
        if message.drawn is not None:
            # Asked of the list: its redraw is queued behind its new rows, not the screen's.
            self.query_one(ArticleList).call_after_refresh(message.drawn.set)

    def _open_chosen_early(self) -> None:
        """Open the article chosen before the index was open, if one was."""
        if self._open_later is not None:
            article_id, restore_scroll = self._open_later
            self._open_later = None
            self.open_article(article_id, restore_scroll=restore_scroll, focus_reader=False)

    @work(thread=True, exclusive=True, group="copies", exit_on_error=False)
    def load_copies(self) -> None:
        """Read the groups of copies (a file beside the index) off the UI thread."""
        copies = self.library.copies()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._copies_loaded, copies)

    def _copies_loaded(self, copies: Copies) -> None:
        same = copies is self.copies or copies.groups == self.copies.groups
        self.copies = copies
        if not same:  # the list is drawn again only when the groups changed
            self._show_current()

    def _show_current(self) -> None:
        """Draw the list again as it is (the listing, or the hits of the search)."""
        if self.search_text.strip():
            if self.results is not None:
                self._show_hits()
        else:
            self._show_listing()

    @on(IndexingProgress)
    def _indexing_progress(self, message: IndexingProgress) -> None:
        self._indexing_label = f"indexing {message.done:,} / {message.total:,}"
        if message.articles and message.articles != message.done:
            # Files are counted when whole: one big file stays at 0 / 1 for a minute.
            self._indexing_label += f" · {message.articles:,} articles in"
        self._update_subtitle()

    @on(IndexStatus)
    def _index_status(self, message: IndexStatus) -> None:
        self._indexing_label = message.text
        self._update_subtitle()

    @on(IndexTidying)
    def _index_tidying(self, message: IndexTidying) -> None:
        self._tidying = message.active
        self._update_subtitle()

    @on(IndexingDone)
    def _indexing_done(self, message: IndexingDone) -> None:
        self.indexed = True
        if self._provisional:  # indexing failed before listing what it opened
            self._provisional = False
            self._open_chosen_early()
        report = message.report
        if message.failure:
            self._indexing_label = "indexing failed: search may be incomplete"
        elif report is None:
            library = self.library
            self._indexing_label = "search unavailable" if library.unavailable else ""
        else:
            self._indexing_label = f"{report.articles:,} articles"
            skipped = len(report.skipped)
            self._skipped_label = f"{skipped:,} skipped (S)" if skipped else ""
        self._update_subtitle()
        self._count_saved_soon()
        if any(field in self.search_text for field in ("person:", "org:", "place:")):
            self._schedule_search()

    def _update_subtitle(self) -> None:
        # What is under way first, so that a narrow header cuts the steadier words.
        tidying = "tidying index" if self._tidying else ""
        parts = (
            self.corpus_name, self._indexing_label, tidying, self._arrived_label(),
            self._skipped_label,
        )  # fmt: skip
        self.app.sub_title = " · ".join(part for part in parts if part)

    def _update_marks(self) -> None:
        """Hand the list the reading state's marks (after any change to them)."""
        state = self.reading.state
        self.marks = Marks(frozenset(state.read), frozenset(state.bookmarks))
        self._update_subtitle()
        self._count_saved_soon()

    def _list_entries(self) -> list[ListEntry]:
        ordered = sorted(self.listing, key=sort_key(self.sort))
        copies = self.copies
        groups = copies.groups  # empty until the copies are read (after the first frame)
        if groups and not self.all_copies:
            shown = {ident for ident, _ in collapse((s.id for s in ordered), copies)}
            ordered = [s for s in ordered if s.id in shown]
        return [
            ListEntry(
                s.id,
                s.title,
                s.published,
                s.source,
                s.byline,
                pending=s.pending,
                summary_only=s.summary_only,
                copies=len(copies.of(s.id)) - 1,
            )
            for s in ordered
        ]

    def _show_listing(self, keep: str | None = None) -> None:
        self.entries = self._list_entries()
        if keep:
            self.query_one(ArticleList).select(keep)

    # Search while reading

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if not self.search_text.strip() and event.value.strip():
            self._list_cursor_before_search = self.query_one(ArticleList).highlighted_id
        self.search_text = event.value

    def watch_search_text(self, old: str, new: str) -> None:
        """Debounce the search; an empty query brings back the full list."""
        if self._search_timer is not None:
            self._search_timer.stop()
        if not new.strip():
            self._search_generation += 1
            self.results = None
            self.answered = None
            self.query_one(SearchStatus).show_text("")
            self.query_one(HitTimeline).show_timeline(None)
            if old.strip():
                if self.sort == "relevance":
                    self.set_reactive(MainScreen.sort, self.reading.state.sort)
                self._show_listing(keep=self._list_cursor_before_search)
                self._refresh_matches()
            return
        if not old.strip() and self.sort in LIST_SORTS:
            self.set_reactive(MainScreen.sort, "relevance")
        self._search_timer = self.set_timer(SEARCH_DELAY, self._schedule_search)

    def _schedule_search(self) -> None:
        self._search_generation += 1
        self.run_search(self.search_text, self.sort, self._search_generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, sort: str, generation: int) -> None:
        """Search in a worker; results for a query that is no longer current are dropped."""
        worker = get_current_worker()
        library = self.library
        index_sort: Literal["relevance", "date"] = "date" if sort == "date" else "relevance"
        rest: list[str] | None = None
        try:
            plain, view = split_view(query)
            if view is None:
                results = library.search(query, sort=index_sort)
            else:
                state = self.reading.state
                results, rest = search_view(
                    library, query, set(state.read), set(state.bookmarks), sort=index_sort
                )
                query = plain
        except QueryError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_search_error, generation, query, error)
            return
        except IndexUnavailable as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(
                    self._show_search_unavailable, generation, query, str(error)
                )
            return
        matches = None
        if self.opened is not None:
            matches = library.match_offsets(query, self.opened.article)
        if rest is None and results.total > len(results.hits) and sort in ("title", "source"):
            # Sorted by title or source, the first page is only right once every hit is known.
            rest = self._all_hit_ids(query, index_sort)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show_results, generation, results, matches, rest)
        if rest is None and results.total > len(results.hits):
            rest = self._all_hit_ids(query, index_sort)
            if rest is not None and not worker.is_cancelled:
                self.app.call_from_thread(self._show_all_hits, generation, rest)

    def _all_hit_ids(self, query: str, sort: str) -> list[str] | None:
        """Every hit's id in ranked order (None if the index went away meanwhile)."""
        try:
            return self.library.hit_ids(query, sort=sort)
        except (QueryError, IndexUnavailable):
            return None

    def _show_search_error(self, generation: int, query: str, error: QueryError) -> None:
        if generation != self._search_generation:
            return
        self.answered = query
        where = f" (at column {error.position + 1})" if error.position is not None else ""
        message = str(error.message) if hasattr(error, "message") else str(error)
        if where and "column" in message:
            where = ""
        self.query_one(SearchStatus).show_text(f"⚠ {message}{where}", error=True)
        self.query_one(HitTimeline).show_timeline(None)

    def _show_search_unavailable(self, generation: int, query: str, reason: str) -> None:
        if generation != self._search_generation:
            return
        self.answered = query
        self.query_one(SearchStatus).show_text(f"Search unavailable: {reason}", error=True)
        self.query_one(HitTimeline).show_timeline(None)

    def _show_results(
        self,
        generation: int,
        results: SearchResults,
        matches: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None,
        rest: list[str] | None = None,
    ) -> None:
        if generation != self._search_generation or not self.search_text.strip():
            return
        self.results = results
        self.answered = results.query
        self._hit_entries = [
            ListEntry(
                h.id,
                h.title,
                h.published,
                h.source,
                h.byline,
                snippet=h.snippet.text if h.snippet else None,
                snippet_matches=tuple(h.snippet.matches) if h.snippet else (),
                summary_only=self._is_summary_only(h.id),
            )
            for h in results.hits
        ]
        if rest is not None:
            self._add_hits(rest)
        self._show_hits()
        if matches is not None and self.opened is not None:
            self.query_one(ReaderPane).set_matches(*matches)

    def _show_all_hits(self, generation: int, ids: list[str]) -> None:
        """The rest of a large result set, after its first page is on screen."""
        if generation != self._search_generation or self.results is None:
            return
        self._add_hits(ids)
        self._show_hits()

    def _add_hits(self, ids: list[str]) -> None:
        """Add the hits beyond the first page, described from the listing."""
        have = {entry.id for entry in self._hit_entries}
        for article_id in ids:
            summary = self._summaries.get(article_id)
            if summary is not None and article_id not in have:
                entry = ListEntry(
                    summary.id, summary.title, summary.published, summary.source,
                    summary.byline, summary_only=summary.summary_only,
                )  # fmt: skip
                self._hit_entries.append(entry)

    def _is_summary_only(self, article_id: str) -> bool:
        summary = self._summaries.get(article_id)
        return summary is not None and summary.summary_only

    def _show_hits(self) -> None:
        """Show the hits in the current order, with the status line that counts them."""
        results = self.results
        assert results is not None
        entries = list(self._hit_entries)
        if self.sort in ("title", "source"):
            by = sort_key(self.sort)
            entries.sort(key=lambda e: by(e))  # type: ignore[arg-type]
        copies = self.copies
        total = results.total
        hidden = 0
        if not self.all_copies:
            shown_ids = {ident for ident, _ in collapse((e.id for e in entries), copies)}
            hidden = len(entries) - len(shown_ids)
            entries = [e for e in entries if e.id in shown_ids]
            total -= hidden
        self.entries = [replace(e, copies=len(copies.of(e.id)) - 1) for e in entries]
        shown = f"{len(entries):,} of {total:,}" if total > len(entries) else f"{total:,}"
        parts = [f"{shown} {'hit' if total == 1 else 'hits'} in {results.seconds * 1000:.0f} ms"]
        if hidden:
            parts.append(f"{hidden:,} more {'copy' if hidden == 1 else 'copies'} (D shows)")
        elif self.all_copies and copies.groups:
            parts.append("every copy shown (D: one each)")
        # A redraw of older results (copies loaded, D) offers nothing for a query typed since.
        current = results.query == self.search_text
        self.query_one(SearchBox).offer(results.suggestion if current else None)
        if results.too_common:
            words = ", ".join(repr(word) for word in results.too_common)
            parts.append(f"left out as too common to search for: {words}")
        if results.suggestion:
            parts.append(f"did you mean: {results.suggestion} (Tab)")
        if not results.complete:
            parts.append("still indexing: results may be incomplete")
        parts.append(f"sort: {self.sort}")
        timeline = timeline_of(entry.published for entry in entries)
        if timeline is not None:
            parts.append(timeline.describe())
        self.query_one(SearchStatus).show_text(" · ".join(parts))
        self.query_one(HitTimeline).show_timeline(timeline)

    def _refresh_matches(self) -> None:
        if self.opened is not None:
            self.query_one(ReaderPane).set_matches([], [])

    @on(SearchBox.Leave)
    def _leave_search(self) -> None:
        self.set_focus(self.query_one(ArticleList))
        self.reading_pane = False

    @on(SearchBox.SuggestionAccepted)
    def _suggestion_accepted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._schedule_search()

    @on(SearchBox.Cleared)
    def _search_cleared(self) -> None:
        self.set_focus(self.query_one(ArticleList))
        self.reading_pane = False

    # Opening articles

    @on(ArticleList.Opened)
    def _open_requested(self, message: ArticleList.Opened) -> None:
        self.open_article(message.article_id)

    def open_article(
        self, article_id: str, *, restore_scroll: bool = False, focus_reader: bool = True
    ) -> None:
        """Open an article in the reading pane (read in a worker). One chosen from a list made
        before the index was open is read as soon as the index is (it is read through it)."""
        if self._provisional:
            self._open_later = (article_id, restore_scroll)
        else:
            self._save_scroll()
            self._open_generation += 1
            self.load_article(article_id, self.search_text, self._open_generation, restore_scroll)
        if focus_reader:
            self.set_focus(self.query_one(ReaderPane))
            self.reading_pane = True

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def load_article(
        self, article_id: str, query: str, generation: int, restore_scroll: bool
    ) -> None:
        """Read the article, its entities and matches off the UI thread."""
        opened = self.library.open_article(article_id, query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_article, generation, opened, restore_scroll)

    def _show_article(
        self, generation: int, opened: OpenedArticle | Skipped, restore_scroll: bool
    ) -> None:
        if generation != self._open_generation:
            return
        if isinstance(opened, Skipped):
            self.notify(
                f"Cannot open {inert_line(opened.id)}: {inert_line(opened.reason)}",
                severity="error",
                markup=False,
            )
            return
        self.opened = opened
        article = opened.article
        state = self.reading.state
        scroll = state.scroll.get(article.id, 0.0) if restore_scroll else 0.0
        entities, caption_entities = self._shown_entities(opened)
        self.query_one(ReaderPane).show_article(
            article, entities, opened.body_matches, opened.title_matches,
            show_entities=state.entities_on, scroll_y=scroll, caption_entities=caption_entities,
        )  # fmt: skip
        with self.reading.changes() as changing:
            # Copies of a story are read together.
            if changing.mark_all_read(self.copies.of(article.id)):
                self._update_marks()
            changing.last_article = article.id
        self.refresh_bindings()

    def _save_scroll(self) -> None:
        if self.opened is not None:
            y = self.query_one(ReaderPane).scroll_y
            self.reading.state.remember_scroll(self.opened.article.id, y)

    @on(ReaderPane.MatchMoved)
    def _match_moved(self, message: ReaderPane.MatchMoved) -> None:
        # Said in the pane's status line, under the text, where it hides no match.
        reader = self.query_one(ReaderPane)
        if message.total and message.index >= 0:
            reader.show_status(
                f"match {message.index + 1} of {message.total} · n next · N previous"
            )
        elif message.total:
            reader.show_status(f"{message.total} matches · n to go to the first")
        elif self.search_text.strip() and self.opened is not None:
            in_title = bool(reader.title_matches)
            reader.show_status(
                "the title matches; no matches in the text"
                if in_title
                else "no matches in this article"
            )
        else:
            reader.show_status("")

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what does not apply now (shown dimmed in the footer, absent from the palette)."""
        if action == "switch_pane" and isinstance(self.focused, SearchBox):
            # Tab in the box takes a "did you mean" suggestion while one is shown.
            return not self.focused.has_suggestion()
        if action == "focus_search":
            # In the box "/" is a character to type, so the binding steps aside.
            return not isinstance(self.focused, SearchBox)
        if action in ("next_match", "previous_match"):
            return bool(self.opened and self.query_one(ReaderPane).matches) or None
        if action in ("entity_panel", "related", "copy"):
            return self.opened is not None or None
        if action in ("toggle_bookmark", "toggle_read"):
            return self._target_id() is not None or None
        if action in ("pager", "editor", "pipe"):
            return self.opened is not None or None
        if action == "open_original":
            return bool(self.opened and self.opened.article.url) or None
        if action == "undo_mark_list_read":
            return bool(self._undo_read) or None
        if action == "save_search":
            return bool(self.search_text.strip()) or None
        if action == "copies":
            target = self._target_id()
            return (target is not None and len(self.copies.of(target)) > 1) or None
        return True

    def _target_id(self) -> str | None:
        """The article a key applies to: the open one in the reader, else the list's cursor."""
        if self.reading_pane and self.opened is not None:
            return self.opened.article.id
        return self.query_one(ArticleList).highlighted_id

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.set_focus(self.query_one(SearchBox))
        self.reading_pane = False

    def action_switch_pane(self) -> None:
        """Move between the list and the reading pane."""
        if isinstance(self.focused, SearchBox) or self.reading_pane:
            self.set_focus(self.query_one(ArticleList))
            self.reading_pane = False
        else:
            self.set_focus(self.query_one(ReaderPane))
            self.reading_pane = True

    def action_back(self) -> None:
        """From the reader to the list; from the list, clear the search."""
        if self.reading_pane:
            self._save_scroll()
            self.set_focus(self.query_one(ArticleList))
            self.reading_pane = False
        elif self.search_text.strip():
            self.query_one(SearchBox).action_clear_search()

    def action_next_match(self) -> None:
        """The next match of the query in the article."""
        self.query_one(ReaderPane).step_match(forward=True)

    def action_previous_match(self) -> None:
        """The previous match of the query in the article."""
        self.query_one(ReaderPane).step_match(forward=False)

    def action_toggle_entities(self) -> None:
        """Entity highlighting on or off (remembered)."""
        with self.reading.changes() as changing:
            changing.entities_on = not changing.entities_on
        shown = self.reading.state.entities_on
        self.query_one(ReaderPane).set_show_entities(shown)
        self.notify(f"Entity highlighting {'on' if shown else 'off'}", timeout=1.5)

    def action_toggle_bookmark(self) -> None:
        """Bookmark the article, or remove the bookmark."""
        article_id = self._target_id()
        if article_id is None:
            return
        with self.reading.changes() as changing:
            added = changing.toggle_bookmark(article_id)
        self._update_marks()
        self.notify("Bookmarked" if added else "Bookmark removed", timeout=1.5)

    def action_toggle_read(self) -> None:
        """Mark the article read or unread."""
        article_id = self._target_id()
        if article_id is None:
            return
        copies = self.copies.of(article_id)
        with self.reading.changes() as changing:
            now_read = changing.toggle_read(article_id)
            if now_read:
                changing.mark_all_read(copies)
            else:
                changing.mark_unread(copies)
        self._update_marks()
        together = f" with {len(copies) - 1} more" if len(copies) > 1 else ""
        self.notify(("Marked read" if now_read else "Marked unread") + together, timeout=1.5)

    def action_cycle_sort(self) -> None:
        """Cycle the order: date, title, source (and relevance while searching)."""
        searching = bool(self.search_text.strip())
        sorts = SEARCH_SORTS if searching else LIST_SORTS
        self.sort = (
            sorts[(sorts.index(self.sort) + 1) % len(sorts)] if self.sort in sorts else sorts[0]
        )
        if searching:
            self._schedule_search()
        else:
            with self.reading.changes() as changing:
                changing.sort = self.sort
            self._show_listing()
        self.notify(f"Sorted by {self.sort}", timeout=1.5)

    def action_related(self) -> None:
        """Articles like the open one."""
        if self.opened is None:
            return
        self.app.push_screen(
            RelatedScreen(self.library, self.opened.article), callback=self._open_from_screen
        )

    def _open_from_screen(self, article_id: str | None) -> None:
        if article_id:
            self.query_one(ArticleList).select(article_id)
            self.open_article(article_id)

    def action_copy(self) -> None:
        """Copy the title and URL (OSC 52, which works over SSH)."""
        if self.opened is None:
            return
        article = self.opened.article
        text = article.title + (f"\n{article.url}" if article.url else "")
        self.app.copy_to_clipboard(text)
        self.notify("Copied title and URL" if article.url else "Copied title", timeout=1.5)

    def action_entity_panel(self) -> None:
        """The open article's entities, grouped by type."""
        if self.opened is None:
            return
        self.app.push_screen(
            EntityPanel(self.opened.entities, self.library, self.opened.caption_entities),
            callback=self._entity_chosen,
        )

    def _entity_chosen(self, choice: tuple[str, str, list[tuple[int, int]]] | None) -> None:
        if choice is None:
            return
        action, value, mentions = choice
        if action == "search":
            self.search_for(value)
        elif action == "mentions":
            reader = self.query_one(ReaderPane)
            reader.set_matches(mentions, [])
            reader.step_match(forward=True)
            self.set_focus(reader)
            self.reading_pane = True
            self.refresh_bindings()

    def search_for(self, query: str) -> None:
        """Run a search as though it had been typed."""
        box = self.query_one(SearchBox)
        box.value = query
        box.cursor_position = len(query)
        self.set_focus(self.query_one(ArticleList))
        self.reading_pane = False

    def action_entity_browser(self) -> None:
        """The corpus's most-mentioned people, organisations and places."""
        self.app.push_screen(EntityBrowser(self.library), callback=self._browser_chosen)

    def _browser_chosen(self, query: str | None) -> None:
        if query:
            self.search_for(query)

    def action_skipped(self) -> None:
        """Files that could not be read as articles, and why."""
        self.app.push_screen(SkippedScreen(self.library.skipped()))

    def action_sources(self) -> None:
        """The corpus's sites, feeds and archives with counts; choosing one lists its articles."""
        self.app.push_screen(SourcesScreen(self.library), callback=self._browser_chosen)

    def action_copies(self) -> None:
        """The other copies of the story under the cursor (or open); choosing one opens it."""
        article_id = self._target_id()
        if article_id is None:
            return
        group = self.copies.of(article_id)
        if len(group) < 2:
            self.notify("This story has no other copies", timeout=2)
            return
        summaries = [self._summaries[ident] for ident in group if ident in self._summaries]
        self.app.push_screen(
            CopiesScreen(article_id, summaries, self.reading.state.read),
            callback=self._open_from_screen,
        )

    def action_toggle_copies(self) -> None:
        """Show every copy of each story, or each story once (the default)."""
        self.all_copies = not self.all_copies
        self._show_current()
        self.notify(
            "Every copy listed" if self.all_copies else "Each story once (+N: its copies)",
            timeout=1.5,
        )

    def action_export_list(self) -> None:
        """Write the articles of the current list (all, or the hits) to a file."""
        ids = [entry.id for entry in self.entries]
        if not ids:
            self.notify("The list is empty: nothing to export", timeout=3)
            return

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export_articles(ids, fmt, export_path(self.corpus_name, fmt))

        self.app.push_screen(ExportScreen(len(ids)), callback=chosen)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def export_articles(self, ids: list[str], fmt: str, target: Path) -> None:
        """Read each article from disk and write them in the format chosen."""
        loaded = (self.library.load_article(article_id) for article_id in ids)
        with open(target, "w", encoding="utf-8", newline="") as out:
            count = write_articles(
                (article for article in loaded if isinstance(article, Article)), out, fmt
            )
        noun = "article" if count == 1 else "articles"
        self.app.call_from_thread(
            self.notify, f"Exported {count:,} {noun} to {target}", timeout=10, markup=False
        )

    # Keeping up: the live folder, unread articles, saved searches

    @on(ArticlesArrived)
    def _articles_arrived(self, message: ArticlesArrived) -> None:
        self.arrived.update(message.article_ids)
        count = len(message.article_ids)
        self.notify(f"{count:,} new {'article' if count == 1 else 'articles'} arrived", timeout=3)
        self._update_subtitle()

    def _arrived_label(self) -> str:
        """The header's word on new arrivals: how many of them are still unread."""
        unread = len(self.arrived - self.reading.state.read)
        return f"{unread:,} new" if unread else ""

    def action_recheck(self) -> None:
        """Look for added, changed and removed files now."""
        self.post_message(RecheckRequested())
        self.notify("Checking the folder for changes", timeout=1.5)

    def action_next_unread(self) -> None:
        """Open the next unread article in the list (from the top again at the end)."""
        entries = self.entries
        read = self.reading.state.read
        current = self._target_id()
        start = next((i for i, e in enumerate(entries) if e.id == current), -1)
        if start >= 0 and (self.opened is None or self.opened.article.id != current):
            start -= 1  # the article under the cursor, not yet open, is the next one
        order = entries[start + 1 :] + entries[: start + 1]
        found = next((e.id for e in order if e.id not in read), None)
        if found is None:
            self.notify("No unread articles in this list", timeout=2)
            return
        self.query_one(ArticleList).select(found)
        self.open_article(found, focus_reader=self.reading_pane)

    def action_mark_list_read(self) -> None:
        """Mark every article in the list read (z undoes it)."""
        with self.reading.changes() as changing:
            marked = changing.mark_all_read(
                with_copies((entry.id for entry in self.entries), self.copies)
            )
        self._undo_read = marked
        self._update_marks()
        self.refresh_bindings()
        self.notify(f"Marked {len(marked):,} read · z to undo", timeout=4)

    def action_undo_mark_list_read(self) -> None:
        """Mark unread again what the last "mark list read" marked."""
        if not self._undo_read:
            return
        with self.reading.changes() as changing:
            changing.mark_unread(self._undo_read)
        count = len(self._undo_read)
        self._undo_read = set()
        self._update_marks()
        self.refresh_bindings()
        self.notify(f"Marked {count:,} unread again", timeout=2)

    def action_save_search(self) -> None:
        """Keep the current query under a name."""
        query = self.search_text.strip()
        if not query:
            return

        def named(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            with self.reading.changes() as changing:
                changing.save_search(*result)
            self.notify(f"Saved the search as {inert_line(result[0])!r}", markup=False)
            self._count_saved_soon()

        self.app.push_screen(SaveSearchDialog(query, query), callback=named)

    def action_saved_searches(self) -> None:
        """The saved searches with their unread counts; choosing one runs it."""
        screen = SavedSearchesScreen(self.reading, self.saved_counts, self._count_saved_soon)
        self._saved_screen = screen
        self.app.push_screen(screen, callback=self._saved_search_chosen)
        self._count_saved_soon()

    def _saved_search_chosen(self, query: str | None) -> None:
        self._saved_screen = None
        if query:
            self.search_for(query)

    def run_saved_search(self, name: str) -> None:
        """Run a saved search by name (from the command palette)."""
        query = self.reading.state.saved_searches.get(name)
        if query:
            self.search_for(query)

    def _count_saved_soon(self) -> None:
        """Count the saved searches' unread hits after a short pause (changes come in runs)."""
        if not self.reading.state.saved_searches:
            return
        if self._count_timer is not None:
            self._count_timer.stop()
        self._count_timer = self.set_timer(SEARCH_DELAY, self._start_counting)

    def _start_counting(self) -> None:
        state = self.reading.state
        self.count_saved(dict(state.saved_searches), set(state.read), set(state.bookmarks))

    @work(
        thread=True,
        exclusive=True,
        group="saved-counts",
        exit_on_error=False,
        description="count saved searches",
    )
    def count_saved(self, saved: dict[str, str], read: set[str], bookmarks: set[str]) -> None:
        """Each saved query's unread hits, counted off the UI thread."""
        worker = get_current_worker()
        counts: dict[str, int] = {}
        copies = NO_COPIES if self.all_copies else self.copies
        for query in saved.values():
            if worker.is_cancelled:
                return
            try:
                counts[query] = unread_count(self.library, query, read, bookmarks, copies)
            except (QueryError, IndexUnavailable):
                continue
        if not worker.is_cancelled:
            self.app.call_from_thread(self._saved_counted, counts)

    def _saved_counted(self, counts: dict[str, int]) -> None:
        self.saved_counts = counts
        if self._saved_screen is not None and self._saved_screen.is_attached:
            self._saved_screen.update_counts(counts)

    def action_help(self) -> None:
        """Every key (from the bindings, as the user's keymap left them), and the query syntax."""
        sections = [
            ("Reading and searching", bindings_of(MainScreen)),
            ("In the list", bindings_of(ArticleList)),
            ("In the article", bindings_of(ReaderPane)),
            ("In the search box", bindings_of(SearchBox)),
            ("Everywhere", bindings_of(type(self.app))),
        ]
        self.app.push_screen(HelpScreen(sections, applied_keymap(self.app)))

    async def action_quit(self) -> None:
        """Save where we are and leave."""
        with self.reading.changes():
            self._save_scroll()
        self.app.exit()
