"""Choosing the format the reader exports the current list in."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog

CHOICES = (
    ("md", "Markdown: each article as a heading, a metadata line and its text"),
    ("csv", "CSV: one row per article with its metadata"),
    ("jsonl", "JSON Lines: everything extracted from each article"),
)


class ExportScreen(Dialog[str | None]):
    """Pick a format; dismisses with its name (the file suffix), or None."""

    DEFAULT_CSS = """
    ExportScreen > Vertical { width: 80%; max-width: 80; height: 9; }
    """

    BINDINGS = [Binding("escape,q", "close", "Close", id="export.close")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        """Title and the three formats."""
        noun = "article" if self.count == 1 else "articles"
        with Vertical():
            yield Static(
                f"Export the {self.count:,} {noun} of this list as…", classes="dialog-title"
            )
            yield ChoiceList(*(Option(text, id=fmt) for fmt, text in CHOICES), id="export-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """The list takes the keys."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
