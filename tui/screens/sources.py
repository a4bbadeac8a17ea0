"""The corpus's sources (sites, feeds, archives) with counts; choosing one lists its articles."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.inert import inert_line
from ..core.library import Library
from ..core.sources import SourceCount, count_sources, source_query
from ..widgets.footer import TidyFooter
from .dialog import Dialog

KIND_NAME = {"feed": "feed", "site": "site", "archive": "archive", "files": "files"}


class SourcesScreen(Dialog[str | None]):
    """Choose a source to list its articles; dismisses with the search that does so."""

    DEFAULT_CSS = """
    SourcesScreen > Vertical { width: 90%; max-width: 100; height: 90%; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="sources.close"),
        Binding("down", "to_list", "To list", show=False, id="sources.to_list"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.sources: list[SourceCount] = []
        self.shown: list[SourceCount] = []

    def compose(self) -> ComposeResult:
        """Filter box, status, list."""
        with Vertical():
            yield Static("Sources: sites, feeds and archives", classes="dialog-title")
            yield Input(placeholder="filter: type part of a name", id="sources-filter")
            yield Static("loading…", id="sources-status", classes="dialog-status")
            yield OptionList(id="sources-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Count the sources off the UI thread."""
        self.query_one("#sources-filter", Input).focus()
        self.load_sources()

    @work(thread=True, exclusive=True, group="sources")
    def load_sources(self) -> None:
        """Count the articles of each source in the listing."""
        sources = count_sources(self.library.listing())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, sources)

    def _loaded(self, sources: list[SourceCount]) -> None:
        self.sources = sources
        if not sources:
            self.query_one("#sources-status", Static).update("No article names its source yet.")
        self._filter(self.query_one("#sources-filter", Input).value)

    @on(Input.Changed, "#sources-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        self.shown = [s for s in self.sources if not needle or needle in s.name.casefold()]
        self.query_one("#sources-list", OptionList).set_options(
            Option(
                Content.assemble(
                    (f"{s.count:>5,} ", "dim"),
                    Content(inert_line(s.name)),  # a feed's title is data, never markup
                    (f"  {KIND_NAME.get(s.kind, s.kind)}", "dim"),
                )
            )
            for s in self.shown
        )
        if self.sources:
            self.query_one("#sources-status", Static).update(
                f"{len(self.shown):,} of {len(self.sources):,} sources · Enter lists its articles"
            )

    @on(Input.Submitted, "#sources-filter")
    def _submitted(self) -> None:
        if self.shown:
            self.dismiss(source_query(self.shown[0]))

    @on(OptionList.OptionSelected, "#sources-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(source_query(self.shown[event.option_index]))

    def action_to_list(self) -> None:
        """From the filter into the list."""
        options = self.query_one("#sources-list", OptionList)
        options.focus()
        if options.option_count and options.highlighted is None:
            options.highlighted = 0
