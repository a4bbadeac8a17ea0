"""The corpus's people, organisations and places, most mentioned first, any of them found by
typing."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.corrections import KIND_NAMES, SEARCH_KINDS
from ..core.index import EntityCount
from ..core.inert import inert_line
from ..core.library import Library
from ..core.timeline import Timeline, timeline_of
from ..widgets.footer import TidyFooter
from ..widgets.hit_timeline import HitTimeline
from ..widgets.reader import ENTITY_GROUPS
from .correcting import CorrectingDialog, ShownName, correction_bindings

KIND_STYLE = {kind: style for kind, (_, style, _) in ENTITY_GROUPS.items()}
MAX_SHOWN = 200
"""Most entities listed at once: more only slow the list down; typing finds the others."""


def entity_query(entity: EntityCount) -> str:
    """The search that lists the articles mentioning an entity (its words, for a kind
    without a field of its own)."""
    quoted = '"' + entity.key.replace('"', " ") + '"'
    return f"{entity.kind}:{quoted}" if entity.kind in SEARCH_KINDS else quoted


class EntityBrowser(CorrectingDialog[str | None]):
    """Choose an entity to list the articles that mention it; in the list, x, t and m
    correct a name (hide it, change its type, merge it into another)."""

    DEFAULT_CSS = """
    EntityBrowser > Vertical { width: 90%; max-width: 100; height: 90%; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="entity_browser.close"),
        Binding("down", "to_list", "To list", show=False, id="entity_browser.to_list"),
        Binding("slash", "to_filter", "Filter", id="entity_browser.to_filter"),
        *correction_bindings("entity_browser"),
    ]

    library: Library
    """Where the names come from (always given here)."""

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.entities: list[EntityCount] = []
        """Every entity the index knows, most mentioned first."""
        self.shown: list[EntityCount] = []
        """The entities in the list: the first MAX_SHOWN of those matching the filter."""
        self.matching = 0
        """How many entities match the filter."""
        self._haystacks: list[str] = []

    def compose(self) -> ComposeResult:
        """Filter box, status, list."""
        with Vertical():
            yield Static(
                "People, organisations and places in the corpus",
                id="browser-title",
                classes="dialog-title",
            )
            yield Input(placeholder="filter: type part of a name", id="browser-filter")
            yield Static("loading…", id="browser-status", classes="dialog-status")
            yield Static(
                "in the list: x hides a name · t changes its type · m merges · z undoes · "
                "/ filters",
                id="browser-say",
                classes="dialog-status",
            )
            yield HitTimeline(id="browser-timeline", classes="hidden")
            yield OptionList(id="browser-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Load the counts off the UI thread."""
        self.query_one("#browser-filter", Input).focus()
        self.load_entities()
        self.library.corrections.subscribe(self._corrected)

    def on_unmount(self) -> None:
        """Stop listening for corrections."""
        self.library.corrections.unsubscribe(self._corrected)

    def _corrected(self) -> None:
        self.load_entities()

    @work(thread=True, exclusive=True, group="entity-browser", exit_on_error=False)
    def load_entities(self) -> None:
        """Ask the library for every recognised entity, corrected (counted once per index
        generation and set of corrections)."""
        entities = self.library.top_entities(None, limit=None)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, entities)

    def _loaded(self, entities: list[EntityCount]) -> None:
        current = self.current_name()
        self.entities = entities
        self._haystacks = [f"{e.name.casefold()}\n{e.key}" for e in entities]
        if not entities:
            reason = self.library.unavailable
            self.query_one("#browser-status", Static).update(
                f"Search unavailable: {reason}" if reason else "No entities indexed yet."
            )
        self._filter(self.query_one("#browser-filter", Input).value, keep=current)

    @on(Input.Changed, "#browser-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str, keep: ShownName | None = None) -> None:
        needle = text.casefold().strip()
        if needle:
            matching = [
                entity
                for entity, haystack in zip(self.entities, self._haystacks, strict=True)
                if needle in haystack
            ]
        else:
            matching = self.entities
        self.matching = len(matching)
        # The list shows the most mentioned; typing narrows it to any name at all.
        self.shown = matching[:MAX_SHOWN]
        options = self.query_one("#browser-list", OptionList)
        place = options.highlighted
        options.set_options(
            Option(
                Content.assemble(
                    (f"{e.count:>5,} ", "dim"),
                    Content(inert_line(e.name)).stylize(KIND_STYLE.get(e.kind, "")),
                    (f"  {KIND_NAMES.get(e.kind, e.kind)}", "dim"),
                )
            )
            for e in self.shown
        )
        if keep is not None and place is not None and self.shown:
            # After a correction the cursor stays on the name, or where it was.
            found = [n for n, e in enumerate(self.shown) if (e.kind, e.key) == keep[:2]]
            options.highlighted = found[0] if found else min(place, len(self.shown) - 1)
        if self.entities:
            every = f"{len(self.entities):,} names"
            if self.matching > len(self.shown):
                which = "most mentioned" if not needle else f"of {self.matching:,} matching"
                shown = f"{len(self.shown):,} {which} of {every} · type to find any"
            else:
                shown = f"{self.matching:,} of {every}"
            self.query_one("#browser-status", Static).update(
                f"{shown} · count is articles mentioning · Enter lists them"
            )

    @on(Input.Submitted, "#browser-filter")
    def _submitted(self) -> None:
        if self.shown:
            self.dismiss(entity_query(self.shown[0]))

    @on(OptionList.OptionSelected, "#browser-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(entity_query(self.shown[event.option_index]))

    @on(OptionList.OptionHighlighted, "#browser-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self.shown):
            self.mentions_over_time(self.shown[event.option_index])

    @work(thread=True, exclusive=True, group="entity-timeline", exit_on_error=False)
    def mentions_over_time(self, entity: EntityCount) -> None:
        """The articles mentioning a name, counted per month (or day), off the UI thread."""
        articles = self.library.articles_mentioning(entity.kind, entity.key)
        timeline = timeline_of(article.published for article in articles)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_timeline, entity, timeline)

    def _show_timeline(self, entity: EntityCount, timeline: Timeline | None) -> None:
        self.query_one("#browser-timeline", HitTimeline).show_timeline(timeline)
        if timeline is not None:
            self.query_one("#browser-status", Static).update(
                Content(f"{inert_line(entity.name)}: mentions {timeline.describe()}")
            )

    def current_name(self) -> ShownName | None:
        """The name under the list's cursor (only while the list has the focus)."""
        try:
            options = self.query_one("#browser-list", OptionList)
        except Exception:
            return None
        index = options.highlighted
        if not options.has_focus or index is None or not 0 <= index < len(self.shown):
            return None
        entity = self.shown[index]
        return (entity.kind, entity.key, entity.name)

    def say(self, text: str) -> None:
        """Say it on the browser's line for corrections."""
        self.query_one("#browser-say", Static).update(Content(text))

    def action_to_filter(self) -> None:
        """Back to the filter box (to find a name, say one to merge into)."""
        self.query_one("#browser-filter", Input).focus()

    def action_to_list(self) -> None:
        """From the filter into the list."""
        options = self.query_one("#browser-list", OptionList)
        options.focus()
        if options.option_count and options.highlighted is None:
            options.highlighted = 0
