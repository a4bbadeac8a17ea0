"""Choosing the type a name should have: person, organisation, place, group or other."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.corrections import KIND_NAMES, KINDS
from ..core.inert import inert_line
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class KindChooser(Dialog[str | None]):
    """The kinds a name can be given; Enter chooses, Esc leaves it as it is."""

    DEFAULT_CSS = """
    KindChooser > Vertical { width: 50; max-width: 90%; height: auto; max-height: 12; }
    KindChooser OptionList { height: auto; }
    """

    BINDINGS = [Binding("escape,q", "close", "Cancel", id="kind_chooser.close")]

    def __init__(self, name: str, kind: str) -> None:
        super().__init__()
        self.entity_name = name
        self.kind = kind

    def compose(self) -> ComposeResult:
        """Heading and the kinds (the current one left out)."""
        with Vertical():
            yield Static(Content(f"{inert_line(self.entity_name)} is a…"), classes="dialog-title")
            yield ChoiceList(
                *(Option(KIND_NAMES[kind], id=kind) for kind in KINDS if kind != self.kind),
                id="kind-list",
            )
        yield TidyFooter()

    def on_mount(self) -> None:
        """Cursor on the first kind."""
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
