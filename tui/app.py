"""The Broadsheet app: wires the core to the screens and owns the indexing worker."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.cells import cell_len
from rich.console import RenderableType
from textual import events, on, work
from textual._compositor import CompositorUpdate
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from . import startup_gc
from .core.config import Config, animation_level
from .core.corrections import CORRECTIONS_FILE, Corrections
from .core.index import ArticleSummary, IndexProgress
from .core.inert import inert_line
from .core.library import Library, merge_listings
from .core.paths import index_dir as default_index_dir
from .core.paths import state_file
from .core.state import Reading, ReadingState, StateStore
from .core.watch import FolderChanges, watch_folder
from .hangup import CHECK_SECONDS, hung_up, leave, terminal_fd
from .keymap import applied_keymap, bindings_of, check_keymap, keys_label
from .messages import (
    ArticlesArrived,
    IndexingDone,
    IndexingProgress,
    IndexStatus,
    IndexTidying,
    ListingReady,
    RecheckRequested,
    WorkerFailed,
)
from .screens import MainScreen
from .terminal_copy import TerminalCopy
from .textual_fixes import apply as apply_textual_fixes

LISTING_REFRESH_SECONDS = 0.5
"""While indexing, the list is refreshed from the index at most this often."""
OTHER_UPDATER_POLL_SECONDS = 0.5
"""How often to look again while another process is updating the index."""
SAVED_LISTING_WAIT_SECONDS = 2.0
"""Longest the index worker waits for the saved list to be drawn before opening the index."""
INDEX_WORKER = "open and update the index"
"""The index worker's description. Without one Textual writes the repr of every argument
into it, on the UI thread: for the saved listing of 12,694 articles, 0.09 s before the
first frame."""
ANSI_THEME = "ansi-dark"
HEADER_SIDES = 18
"""Columns of the header beside its title: Textual's icon (8) and clock space (10)."""
SHORTEST_NAME = 12
"""A corpus's name is cut to no fewer columns than this to make room for its state."""

INDEX_GROUPS = ("index", "tidy")
"""The workers that write the index: one at a time, and a recheck waits for them."""
WORKER_JOBS = {
    "index": "Indexing",
    "tidy": "Tidying the search index",
    "search": "Search",
    "open": "Opening the article",
    "related": "Finding related articles",
    "entity-browser": "Listing names",
    "browser": "Opening the browser",
    "pipe": "Piping the article",
    "export": "Exporting the list",
    "watch": "Watching the folder",
    "saved-counts": "Counting saved searches",
    "entity-timeline": "Counting mentions over time",
}
"""What each group of workers does, as a failure notice names it."""

apply_textual_fixes()


def middle_cut(text: str, width: int) -> str:
    """`text` in at most `width` columns: its start and end, joined by "…" if need be."""
    if cell_len(text) <= width:
        return text
    head = width // 2
    tail = width - 1 - head
    while head + tail and cell_len(text[:head] + text[len(text) - tail :]) > width - 1:
        if head > tail:
            head -= 1
        else:
            tail -= 1
    return text[:head] + "…" + text[len(text) - tail :]


class BroadsheetApp(App[None]):
    """A keyboard-first reader for a folder of news articles."""

    CSS_PATH = "app.tcss"
    TITLE = "Broadsheet"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", show=False),
        Binding("ctrl+l", "redraw", "Redraw screen", id="app.redraw", show=False),
    ]

    def __init__(
        self,
        corpus: Path,
        index_dir: Path | None = None,
        *,
        config: Config | None = None,
        entities: str | None = None,
        dayfirst: bool | None = None,
        state_path: Path | None = None,
        watch: str | None = None,
        config_problems: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.config = config or Config()
        self.config_problems = list(config_problems or [])
        """What was wrong in the config file: shown on the screen, where the user looks."""
        # Off over SSH unless chosen: every frame of an animation is bytes on the wire.
        self.animation_level = animation_level(self.config, os.environ)
        self.corpus = Path(corpus)
        self.corpus_name = inert_line(self.corpus.resolve().name or str(self.corpus))
        self.state_path = state_path or state_file(self.corpus)
        self.corrections = Corrections(self.state_path.with_name(CORRECTIONS_FILE))
        """The user's corrections to names, kept beside the reading state."""
        self.library = Library(
            self.corpus,
            index_dir,
            entities=entities or self.config.entities,
            dayfirst=self.config.day_first if dayfirst is None else dayfirst,
            corrections=self.corrections,
        )
        self.reading = Reading(StateStore(self.state_path))
        self.watch_mode = watch or self.config.watch
        """How the folder is watched for changes: "auto", "poll" or "off"."""
        self._recheck_wanted = False
        self.reading.on_error = self._state_not_saved
        self.main_screen = MainScreen(self.library, self.reading, self.config)
        self.keymap, self.keymap_problems = check_keymap(self.config.keys, binding_ids())
        """The user's keys that apply, and the entries of `[keys]` that do not."""
        self._theme_chosen = False
        """Set once the starting theme is applied: later changes are the reader's choice."""
        self.terminal_copy = TerminalCopy()
        """What the terminal shows: each update writes only the cells that changed."""

    def on_mount(self) -> None:
        """Load reading state, pick a theme, show the main screen, start indexing."""
        self.reading.load()
        self.notify_notices(self.reading.notices)
        self.corrections.on_error = self._corrections_not_saved
        self.notify_notices(self.corrections.load().notices)
        self.set_keymap(self.keymap)
        self.notify_notices(self.config_problems + self.keymap_problems)
        self.theme = self._initial_theme()
        self._theme_chosen = True
        self.sub_title = self.corpus_name
        # A pager or editor (or Ctrl+Z) leaves the terminal showing something else.
        self.app_suspend_signal.subscribe(self, self._forget_terminal)
        self.app_resume_signal.subscribe(self, self._forget_terminal)
        # A later launch puts the titles the index saved in the first frame: one JSON file
        # read here, before anything is drawn (Whoosh loads after it, in the index worker).
        # A large one is left to the index worker, after the first frame.
        library = self.library
        saved = library.saved_listing() if library.saved_listing_is_quick() else None
        drawn = threading.Event()
        self.push_screen(self.main_screen)
        if saved is not None:
            self._offer_saved_listing(saved, drawn)
        # Paint first: the index worker's imports and scan would otherwise delay it.
        self.call_after_refresh(self.index_corpus, saved, drawn)
        self.call_after_refresh(startup_gc.release)
        self.call_after_refresh(self.watch_corpus)
        terminal = None if self.is_headless else terminal_fd()
        if terminal is not None:
            self.set_interval(CHECK_SECONDS, lambda: self._leave_if_hung_up(terminal))

    def _leave_if_hung_up(self, terminal: int) -> None:
        """The terminal has gone without a hang-up signal reaching the reader: leave."""
        if hung_up(terminal):
            leave()

    def _initial_theme(self) -> str:
        wanted = self.state.theme or self.config.theme
        if wanted and wanted in self.available_themes:
            return wanted
        if self.no_color:
            # Textual renders NO_COLOR as shades of grey; the ANSI theme would turn to black.
            return "textual-dark"
        # 16-colour terminals (and TERM=xterm over SSH) get the theme made of ANSI colours.
        term = os.environ.get("TERM", "")
        if self.console.color_system in ("standard", "windows") or term in (
            "xterm",
            "linux",
            "vt100",
        ):
            return ANSI_THEME
        return "textual-dark"

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the reader chose."""
        if self._theme_chosen and self.state.theme != theme:
            with self.reading.changes() as changing:
                changing.theme = theme

    @property
    def state(self) -> ReadingState:
        """The corpus's reading state (changed through `reading.changes()`)."""
        return self.reading.state

    def _state_not_saved(self, error: OSError) -> None:
        self.notify(f"Could not save reading state: {error}", severity="error", markup=False)

    def _corrections_not_saved(self, error: OSError) -> None:
        self.notify(f"Could not save your corrections: {error}", severity="error", markup=False)

    def notify_notices(self, notices: list[str]) -> None:
        """Show notices from the core (they may quote file names: shown inert)."""
        for notice in notices:
            self.notify(inert_line(notice), severity="warning", timeout=10, markup=False)

    def _offer_saved_listing(self, saved: list[ArticleSummary], drawn: threading.Event) -> None:
        """Show the list the index saved; `drawn` is set once it is on screen (at once when
        there is none). Called from the UI thread or the index worker."""
        if saved:
            self.main_screen.post_message(ListingReady(saved, provisional=True, drawn=drawn))
        else:
            drawn.set()

    @work(
        thread=True,
        exclusive=True,
        group="index",
        exit_on_error=False,
        description=INDEX_WORKER,
    )
    def index_corpus(self, saved: list[ArticleSummary] | None, drawn: threading.Event) -> None:
        """Open the index, show what it holds, then bring it up to date in the background.

        Until the index is complete, files not yet in it are listed by name, so the list
        never shrinks while indexing (ours, or another broadsheet's) goes on. On a later
        launch the list the index saved (`saved`, sent to the screen before its first
        frame; None when too large for that, and read here) stays while the index opens.
        """
        worker = get_current_worker()
        library = self.library
        screen = self.main_screen
        shown = 0
        if saved is None:
            # Too large to read before the first frame: read now, drawn as soon as it is.
            saved = library.saved_listing()
            self._offer_saved_listing(saved, drawn)
        # Opening the index imports Whoosh and NumPy, holding the interpreter's lock for a
        # fifth of a second: the saved titles are drawn first.
        drawn.wait(SAVED_LISTING_WAIT_SECONDS)
        if worker.is_cancelled:
            return

        def announce() -> None:
            nonlocal shown
            fresh, shown = library.notices[shown:], len(library.notices)
            if fresh:
                self.call_from_thread(self.notify_notices, fresh)

        library.open()
        announce()
        index = library.index
        listing = library.listing() if index is not None else []
        if saved and listing == saved:
            listing = saved  # as shown already: the screen keeps the rows it drew
        pending: list[ArticleSummary] = []
        if not listing or (index is not None and not index.complete):
            pending = library.quick_listing()
        if pending:
            screen.post_message(
                ListingReady(merge_listings(listing, pending), provisional=not listing)
            )
        else:
            screen.post_message(ListingReady(listing))
        progress = self._progress_reporter(pending)

        def cancelled() -> bool:
            return worker.is_cancelled

        report = library.update(progress=progress, is_cancelled=cancelled)
        announce()
        waited = False
        while library.index is not None and not library.index.complete and not cancelled():
            # Another broadsheet holds the update: show what it commits as it goes.
            waited = True
            screen.post_message(IndexStatus("another broadsheet is updating this index"))
            screen.post_message(ListingReady(merge_listings(library.listing(), pending)))
            time.sleep(OTHER_UPDATER_POLL_SECONDS)
        if waited and not cancelled():
            report = library.update(progress=progress, is_cancelled=cancelled)
            announce()
        if cancelled():
            return
        final = library.listing()
        screen.post_message(ListingReady(listing if final == listing else final))
        screen.post_message(IndexingDone(report))
        if report is not None:
            self.call_from_thread(self.notify_notices, report.notices)
        self.call_from_thread(self.tidy_index)

    @work(thread=True, exclusive=True, group="tidy", exit_on_error=False)
    def tidy_index(self) -> None:
        """Merge the many small segments a large update leaves (searches get faster), in a
        worker process; a change to the folder stops it, and it starts again after."""
        worker = get_current_worker()
        screen = self.main_screen
        tidying = False

        def started() -> None:
            nonlocal tidying
            tidying = True
            screen.post_message(IndexTidying(True))

        try:
            self.library.consolidate(lambda: worker.is_cancelled or self._recheck_wanted, started)
        finally:
            if tidying:
                screen.post_message(IndexTidying(False))

    # The live folder

    @work(thread=True, group="watch", exit_on_error=False)
    def watch_corpus(self) -> None:
        """Watch the corpus folder; each batch of changes asks for a re-check."""
        worker = get_current_worker()

        def changed(_batch: FolderChanges) -> None:
            self.call_from_thread(self.recheck)

        def fell_back(reason: str) -> None:
            self.call_from_thread(self.notify_notices, [reason])

        ignore = [default_index_dir(self.corpus, self.library.index_dir), self.state_path.parent]
        watch_folder(
            self.corpus,
            changed,
            lambda: worker.is_cancelled,
            ignore=ignore,
            mode=self.watch_mode,
            on_fallback=fell_back,
        )

    def _indexing_running(self) -> bool:
        """An update or a tidying of the index is under way (a recheck waits for it)."""
        return any(
            w.group in INDEX_GROUPS and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )

    def recheck(self) -> None:
        """Bring the index up to date with the folder now (or right after the pass under way)."""
        if self._indexing_running():
            self._recheck_wanted = True
            return
        self._recheck_wanted = False
        self.refresh_index()

    @on(RecheckRequested)
    def _recheck_requested(self) -> None:
        self.recheck()

    def _progress_reporter(self, pending: list[ArticleSummary]) -> Callable[[IndexProgress], None]:
        """What an update reports as it goes: progress in the header and, at most every
        LISTING_REFRESH_SECONDS, the list as far as it is indexed (plus `pending` files)."""
        screen, library = self.main_screen, self.library
        last_refresh = time.monotonic()
        articles = 0

        def progress(update: IndexProgress) -> None:
            nonlocal last_refresh, articles
            articles += len(update.committed)
            screen.post_message(IndexingProgress(update.done, update.total, articles))
            if time.monotonic() - last_refresh >= LISTING_REFRESH_SECONDS:
                last_refresh = time.monotonic()
                screen.post_message(ListingReady(merge_listings(library.listing(), pending)))

        return progress

    @work(thread=True, group="index", exit_on_error=False)
    def refresh_index(self) -> None:
        """Re-index what changed in the folder; the list and search update in place."""
        worker = get_current_worker()
        library = self.library
        screen = self.main_screen
        if library.index is None and library.unavailable is None:
            return  # the first pass has not opened the index yet; it will see the change
        before = {summary.id for summary in library.listing()}
        progress = self._progress_reporter([])

        report = library.update(progress=progress, is_cancelled=lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        listing = library.listing()
        arrived = [summary.id for summary in listing if summary.id not in before]
        screen.post_message(ListingReady(listing))
        screen.post_message(IndexingDone(report))
        if arrived:
            screen.post_message(ArticlesArrived(arrived))
        self.call_from_thread(self.tidy_index)

    @on(Worker.StateChanged)
    def _own_worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.post_message(WorkerFailed(event.worker))
        if (
            event.worker.group in INDEX_GROUPS
            and event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
            and self._recheck_wanted
        ):
            self.call_later(self.recheck)

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """Every worker's failure, in one place: a notice, the log, and a header that says so."""
        worker = message.worker
        job = WORKER_JOBS.get(worker.group, worker.name or "A background task")
        error = worker.error
        reason = f"{type(error).__name__}: {error}" if error is not None else "unknown error"
        self.log.error(f"{job} failed", error)
        self.notify(
            f"{job} failed ({inert_line(reason)}). The reader goes on; see the log for details.",
            severity="error",
            timeout=15,
            markup=False,
        )
        if worker.group == "index":
            self.main_screen.post_message(IndexingDone(None, failure=reason))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers every action that has a key, plus Textual's own."""
        yield from super().get_system_commands(screen)
        if screen is not self.main_screen:
            return
        keymap = applied_keymap(self)
        for binding in bindings_of(MainScreen):
            if binding.action == "quit":
                continue
            if screen.check_action(binding.action, ()) is not True:
                continue
            key = keys_label(binding, keymap, self.get_key_display)
            yield SystemCommand(
                binding.description,
                f"{binding.description} ({key})",
                lambda action=binding.action: self.call_later(screen.run_action, action),
            )
        main = self.main_screen
        for name, query in sorted(self.state.saved_searches.items()):
            count = main.saved_counts.get(query)
            unread = f" ({count:,} unread)" if count is not None else ""
            yield SystemCommand(
                inert_line(f"Saved search: {name}{unread}"),
                inert_line(f"Run {query}"),
                lambda name=name: self.call_later(main.run_saved_search, name),
            )

    def action_redraw(self) -> None:
        """Paint the whole screen again, whichever screen is showing."""
        self.terminal_copy.forget()
        self.refresh(repaint=True, layout=True)

    def _forget_terminal(self, _app: object = None) -> None:
        self.terminal_copy.forget()

    def on_resize(self, event: events.Resize) -> None:
        """After a resize the terminal's cells are not what was written: write them all."""
        self.terminal_copy.forget()
        self.mutate_reactive(App.sub_title)  # the header's title may fit, or not, now

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's text: "Broadsheet — " and the corpus with its state, or where that
        is too wide for the header (an 80-column terminal), the corpus and its state alone,
        the corpus's name cut in the middle if the state would not fit beside it."""
        room = self.size.width - HEADER_SIDES
        if not sub_title or cell_len(title) + cell_len(" — ") + cell_len(sub_title) <= room:
            return super().format_title(title, sub_title)
        name = self.corpus_name
        if sub_title.startswith(f"{name} · ") and cell_len(sub_title) > room:
            state = sub_title[len(name) :]
            sub_title = middle_cut(name, max(SHORTEST_NAME, room - cell_len(state))) + state
        return Content(sub_title)

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        # Textual writes every cell of a dirty region; send only the cells that changed.
        if isinstance(renderable, CompositorUpdate) and not (self.is_headless or self.is_inline):
            renderable = self.terminal_copy.update(renderable, *self.size)
        super()._display(screen, renderable)

    def on_unmount(self) -> None:
        """Release the index."""
        self.library.close()


def binding_ids() -> set[str]:
    """Every binding id a keymap may name: the app's, and its screens' and widgets'."""
    owners: list[type] = [BroadsheetApp]
    pending: list[type] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("tui."):
            owners.append(cls)
    return {binding.id for binding in bindings_of(*owners) if binding.id}
