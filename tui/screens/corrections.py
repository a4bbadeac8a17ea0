"""The user's corrections to names, newest first; each can be undone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.corrections import Corrections
from ..core.inert import inert_line
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class CorrectionsScreen(Dialog[None]):
    """Every correction made to this corpus's names; Enter or d undoes the highlighted one."""

    DEFAULT_CSS = """
    CorrectionsScreen > Vertical { width: 90%; max-width: 100; height: 70%; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="corrections.close"),
        Binding("d,delete", "undo", "Undo this", id="corrections.undo"),
        Binding("z", "undo_last", "Undo last", id="corrections.undo_last"),
    ]

    def __init__(self, corrections: Corrections) -> None:
        super().__init__()
        self.corrections = corrections

    def compose(self) -> ComposeResult:
        """Heading and list."""
        with Vertical():
            yield Static("Your corrections to names", classes="dialog-title")
            yield Static(
                "Enter or d undoes the highlighted one · z undoes the last · Esc closes",
                classes="dialog-status",
            )
            yield ChoiceList(id="corrections-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Fill the list, and refill it whenever the corrections change."""
        self.query_one(OptionList).focus()
        self.corrections.subscribe(self.show_corrections)
        self.show_corrections()

    def on_unmount(self) -> None:
        """Stop listening."""
        self.corrections.unsubscribe(self.show_corrections)

    def show_corrections(self) -> None:
        """Redraw the list, newest first, keeping the cursor's place."""
        options = self.query_one(OptionList)
        place = options.highlighted or 0
        if not self.corrections:
            options.set_options(
                [
                    Option(
                        "No corrections yet: in the entity panel (E) or the people and places "
                        "browser (p), x hides a name, t changes its type, M merges two.",
                        disabled=True,
                    )
                ]
            )
            return
        items = list(enumerate(self.corrections))[::-1]
        options.set_options(
            Option(Content(inert_line(item.describe())), id=str(number)) for number, item in items
        )
        options.highlighted = min(place, len(items) - 1)

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_undo()

    def action_undo(self) -> None:
        """Undo the highlighted correction."""
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id is not None:
            taken = self.corrections.undo(int(option.id))
            if taken is not None:
                self.notify(f"Undone: {inert_line(taken.describe())}", timeout=2, markup=False)

    def action_undo_last(self) -> None:
        """Undo the last correction made."""
        taken = self.corrections.undo()
        if taken is not None:
            self.notify(f"Undone: {inert_line(taken.describe())}", timeout=2, markup=False)
