"""Files that could not be read as articles, each with its reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from ..core.article import Skipped
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class SkippedScreen(Dialog[None]):
    """The skipped files and why."""

    DEFAULT_CSS = """
    SkippedScreen > Vertical { width: 90%; max-width: 120; height: 85%; }
    """

    BINDINGS = [
        Binding("escape,q,S", "close", "Close", id="skipped.close"),
    ]

    def __init__(self, skipped: list[Skipped]) -> None:
        super().__init__()
        self.skipped = skipped

    def compose(self) -> ComposeResult:
        """The list of skipped files."""
        from ..core.corpus import display_name  # the corpus reader loads with the index

        skipped = self.skipped
        with Vertical():
            yield Static(
                f"Skipped files ({len(skipped):,})", id="skipped-title", classes="dialog-title"
            )
            if skipped:
                yield ChoiceList(
                    *(
                        Option(
                            Content.assemble(
                                Content(display_name(item.id)).stylize("bold"),
                                "\n  ",
                                (display_name(item.reason), "$text-warning"),
                            )
                        )
                        for item in skipped
                    )
                )
            else:
                yield Static("Every file was read.", id="skipped-none")
        yield TidyFooter()
