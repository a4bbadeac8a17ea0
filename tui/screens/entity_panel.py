"""The open article's entities, grouped by type with counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.corrections import KIND_NAMES, name_key
from ..core.entities import Entity
from ..core.inert import inert_line
from ..core.library import Library
from ..core.timeline import Timeline, timeline_of
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from ..widgets.hit_timeline import HitTimeline
from ..widgets.reader import ENTITY_GROUPS, LABEL_GROUP
from .correcting import CorrectingDialog, ShownName, correction_bindings

SEARCH_FIELDS = {"person": "person", "org": "org", "place": "place"}

EntityChoice = tuple[str, str, list[tuple[int, int]]]
"""(action, value, mentions): ("mentions", name, offsets) or ("search", query, [])."""


@dataclass
class EntityGroup:
    """One entity of the article and where it is mentioned."""

    name: str
    key: str
    group: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    """Where in the body (the steps of Enter)."""
    in_captions: int = 0
    """How many mentions are in picture captions (shown, but not stepped through)."""


def group_entities(
    entities: list[Entity], caption_entities: list[list[Entity]] | None = None
) -> dict[str, list[EntityGroup]]:
    """Entities grouped by type, each group's entities most-mentioned first."""
    found: dict[tuple[str, str], EntityGroup] = {}
    in_captions = [entity for found_in in caption_entities or [] for entity in found_in]
    for number, entity in enumerate([*entities, *in_captions]):
        group = LABEL_GROUP.get(entity.label, "other")
        key = entity.key
        item = found.setdefault(
            (group, key), EntityGroup(entity.canonical or entity.text, key, group)
        )
        if number < len(entities):
            item.mentions.append((entity.start, entity.end))
        else:
            item.in_captions += 1
    grouped: dict[str, list[EntityGroup]] = {name: [] for name in ENTITY_GROUPS}
    for item in found.values():
        grouped[item.group].append(item)
    for items in grouped.values():
        items.sort(key=lambda i: (-len(i.mentions), -i.in_captions, i.name.casefold()))
    return {name: items for name, items in grouped.items() if items}


def search_query(item: EntityGroup) -> str:
    """The corpus search that finds other articles mentioning this entity."""
    quoted = '"' + item.key.replace('"', " ") + '"'
    field_name = SEARCH_FIELDS.get(item.group)
    return f"{field_name}:{quoted}" if field_name else quoted


class EntityPanel(CorrectingDialog[EntityChoice | None]):
    """Entities of one article; Enter steps through mentions, f searches the corpus, and
    x, t, m correct a name (hide it, change its type, merge it into another)."""

    DEFAULT_CSS = """
    EntityPanel > Vertical { width: 80%; max-width: 90; height: 85%; }
    EntityPanel #entity-panel-empty.hidden { display: none; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="entity_panel.close"),
        Binding("f", "search", "Search corpus", id="entity_panel.search"),
        *correction_bindings("entity_panel"),
    ]

    def __init__(
        self,
        entities: list[Entity],
        library: Library | None = None,
        caption_entities: list[list[Entity]] | None = None,
    ) -> None:
        super().__init__(library)
        self.entities = entities
        """The article's entities as recognised (corrections are applied to show them)."""
        self.caption_entities = caption_entities or []
        """Those of its picture captions, each caption's own."""
        self.groups: dict[str, list[EntityGroup]] = {}
        self.items: dict[str, EntityGroup] = {}

    def _options(self) -> list[Option | None]:
        show = self.library.shown_entities if self.library else (lambda found: found)
        self.groups = group_entities(
            show(self.entities), [show(found) for found in self.caption_entities]
        )
        self.items = {}
        options: list[Option | None] = []
        for group, items in self.groups.items():
            name, style, _ = ENTITY_GROUPS[group]
            if options:
                options.append(None)
            options.append(Option(Content(f"{name} ({len(items)})").stylize("bold"), disabled=True))
            for number, item in enumerate(items):
                option_id = f"{group}-{number}"
                self.items[option_id] = item
                label = Content(inert_line(item.name)).stylize(style)
                counted = f"  ×{len(item.mentions)}" if item.mentions else ""
                if item.in_captions:
                    counted += "  in a caption"
                options.append(
                    Option(Content.assemble("  ", label, (counted, "dim")), id=option_id)
                )
        return options

    def compose(self) -> ComposeResult:
        """The grouped list."""
        options = self._options()
        with Vertical():
            yield Static(
                "Entities in this article · Enter: step through mentions · f: search the corpus",
                id="entity-panel-title",
                classes="dialog-title",
            )
            yield Static(
                "x hides a name · t changes its type · m merges it into another · z undoes",
                id="entity-panel-status",
                classes="dialog-status",
            )
            yield HitTimeline(id="entity-timeline", classes="hidden")
            yield ChoiceList(*options, id="entity-options")
            yield Static(
                "No entities found in this article.",
                id="entity-panel-empty",
                classes="hidden" if options else "",
            )
        yield TidyFooter()

    def on_mount(self) -> None:
        """Put the cursor on the first entity; redraw whenever a name is corrected."""
        options = self.query_one(OptionList)
        options.focus()
        if self.items:
            options.action_first()
        if self.library is not None:
            self.library.corrections.subscribe(self._corrected)

    def on_unmount(self) -> None:
        """Stop listening for corrections."""
        if self.library is not None:
            self.library.corrections.unsubscribe(self._corrected)

    def _corrected(self) -> None:
        """A name was corrected (here or elsewhere): regroup, keeping the cursor's place."""
        options = self.query_one(OptionList)
        place = options.highlighted
        current = self._current()
        new = self._options()
        options.set_options(new)
        self.query_one("#entity-panel-empty").set_class(bool(new), "hidden")
        wanted = next(
            (
                number
                for number, option in enumerate(new)
                if option is not None
                and current is not None
                and (item := self.items.get(option.id or "")) is not None
                and (item.group, item.key) == (current.group, current.key)
            ),
            None,
        )
        if wanted is None and place is not None and new:
            wanted = min(place, len(new) - 1)
            while wanted > 0 and (new[wanted] is None or new[wanted].disabled):  # type: ignore[union-attr]
                wanted -= 1
        if wanted is not None and self.items:
            options.highlighted = wanted
        self.refresh_bindings()

    def current_name(self) -> ShownName | None:
        """The highlighted name as (kind, key, name); dates and numbers are not names."""
        item = self._current()
        if item is None or item.group not in KIND_NAMES:
            return None
        return (item.group, name_key(item.name), item.name)

    def say(self, text: str) -> None:
        """Say it in the panel's status line."""
        self.query_one("#entity-panel-status", Static).update(Content(text))

    def _current(self) -> EntityGroup | None:
        try:
            options = self.query_one(OptionList)
        except Exception:
            return None
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self.items.get(option.id or "")

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        item = self.items.get(event.option.id or "")
        self.refresh_bindings()
        if item is not None and self.library is not None and item.group in SEARCH_FIELDS:
            self.mentions_over_time(item)
        else:
            self.query_one("#entity-timeline", HitTimeline).show_timeline(None)

    @work(thread=True, exclusive=True, group="entity-timeline", exit_on_error=False)
    def mentions_over_time(self, item: EntityGroup) -> None:
        """The corpus's articles mentioning the entity, counted over time, off the UI thread."""
        assert self.library is not None
        articles = self.library.articles_mentioning(item.group, item.key)
        timeline = timeline_of(article.published for article in articles)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_timeline, timeline)

    def _show_timeline(self, timeline: Timeline | None) -> None:
        bars = self.query_one("#entity-timeline", HitTimeline)
        bars.show_timeline(timeline)
        bars.tooltip = f"mentions in the corpus {timeline.describe()}" if timeline else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        item = self.items.get(event.option.id or "")
        if item is not None and item.mentions:
            self.dismiss(("mentions", item.name, sorted(item.mentions)))
        elif item is not None:
            self.say(f"{inert_line(item.name)} is named only in a caption")

    def action_search(self) -> None:
        """Search the whole corpus for the highlighted entity."""
        item = self._current()
        if item is not None:
            self.dismiss(("search", search_query(item), []))
