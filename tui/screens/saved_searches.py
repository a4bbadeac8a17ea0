"""Saved searches: the list with each one's unread count, and the dialog that names one."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core.inert import inert_line
from ..core.state import Reading
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class SaveSearchDialog(Dialog[tuple[str, str] | None]):
    """Name a search (or rename one and change its query); Enter keeps it, Esc leaves."""

    DEFAULT_CSS = """
    SaveSearchDialog > Vertical { width: 80%; max-width: 90; height: auto; padding: 0 1; }
    SaveSearchDialog Input { margin: 0 0 1 0; }
    """

    BINDINGS = [
        Binding("escape", "close", "Cancel", id="save_search.cancel"),
        Binding("enter", "keep", "Save", id="save_search.keep", priority=True),
    ]

    def __init__(self, name: str, query: str, *, title: str = "Save this search") -> None:
        super().__init__()
        self.search_name = name
        self.query_text = query
        self.heading = title

    def compose(self) -> ComposeResult:
        """Title, name and query fields."""
        with Vertical():
            yield Static(self.heading, classes="dialog-title")
            yield Label("Name")
            yield Input(self.search_name, id="saved-name", select_on_focus=True)
            yield Label("Query")
            yield Input(self.query_text, id="saved-query")
            yield Static("", id="saved-problem", classes="dialog-status")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Start in the name."""
        self.query_one("#saved-name", Input).focus()

    def action_keep(self) -> None:
        """Save, when both a name and a query are given."""
        name = self.query_one("#saved-name", Input).value.strip()
        query = self.query_one("#saved-query", Input).value.strip()
        if not name or not query:
            self.query_one("#saved-problem", Static).update(
                "A saved search needs a name and a query."
            )
            return
        self.dismiss((name, query))


class SavedSearchesScreen(Dialog[str | None]):
    """The saved searches with their unread counts; Enter runs one, e edits, d removes."""

    DEFAULT_CSS = """
    SavedSearchesScreen > Vertical { width: 90%; max-width: 100; height: 70%; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="saved_searches.close"),
        Binding("e", "edit", "Edit", id="saved_searches.edit"),
        Binding("d,delete", "remove", "Remove", id="saved_searches.remove"),
    ]

    def __init__(
        self, reading: Reading, counts: dict[str, int], on_change: Callable[[], None]
    ) -> None:
        super().__init__()
        self.reading = reading
        self.on_change = on_change
        """Told when a search is edited or removed (the counts are then redone)."""
        self.counts = dict(counts)
        """Unread hits per saved query (missing while still being counted)."""

    def compose(self) -> ComposeResult:
        """Heading and list."""
        with Vertical():
            yield Static("Saved searches", classes="dialog-title")
            yield Static(
                "Enter runs one · e edits · d removes · V in the list saves the current search",
                classes="dialog-status",
            )
            yield ChoiceList(id="saved-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Fill the list."""
        self.query_one(OptionList).focus()
        self.show_searches()

    def show_searches(self) -> None:
        """Redraw the list from the reading state and the latest counts."""
        options = self.query_one(OptionList)
        chosen = options.highlighted_option.id if options.highlighted_option else None
        saved = self.reading.state.saved_searches
        if not saved:
            options.set_options(
                [Option("No saved searches yet: search, then press V to save one.", disabled=True)]
            )
            return
        names = sorted(saved, key=str.casefold)
        options.set_options(
            Option(
                Content.assemble(
                    Content(inert_line(name)).stylize("bold"),
                    ("  " + self._count_text(saved[name]), "$text-accent"),
                    "\n  ",
                    (inert_line(saved[name]), "dim"),
                ),
                id=name,
            )
            for name in names
        )
        options.highlighted = names.index(chosen) if chosen in names else 0

    def _count_text(self, query: str) -> str:
        count = self.counts.get(query)
        return "counting…" if count is None else f"{count:,} unread"

    def update_counts(self, counts: dict[str, int]) -> None:
        """New unread counts (articles arrived or were read)."""
        self.counts = dict(counts)
        self.show_searches()

    def _highlighted_name(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option is not None and not option.disabled else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        if name is not None:
            self.dismiss(self.reading.state.saved_searches.get(name))

    def action_edit(self) -> None:
        """Rename the highlighted search or change its query."""
        name = self._highlighted_name()
        if name is None:
            return
        query = self.reading.state.saved_searches[name]

        def edited(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            with self.reading.changes() as changing:
                changing.save_search(result[0], result[1], replacing=name)
            self.show_searches()
            self.on_change()

        self.app.push_screen(
            SaveSearchDialog(name, query, title="Edit the saved search"), callback=edited
        )

    def action_remove(self) -> None:
        """Forget the highlighted search."""
        name = self._highlighted_name()
        if name is None:
            return
        with self.reading.changes() as changing:
            changing.remove_search(name)
        self.show_searches()
        self.notify(f"Removed the saved search {inert_line(name)!r}", timeout=2, markup=False)
        self.on_change()
