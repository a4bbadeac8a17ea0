"""The copies of one story: the same article as each source carried it."""

from __future__ import annotations

from collections.abc import Set

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.index import ArticleSummary
from ..core.inert import inert_line
from ..widgets.article_list import format_date
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class CopiesScreen(Dialog[str | None]):
    """Choose one of a story's copies to open it."""

    DEFAULT_CSS = """
    CopiesScreen > Vertical { width: 90%; max-width: 110; height: 80%; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="copies.close"),
    ]

    def __init__(self, current: str, copies: list[ArticleSummary], read: Set[str]) -> None:
        super().__init__()
        self.current = current
        self.copies = copies
        self.read = frozenset(read)

    def compose(self) -> ComposeResult:
        """Heading and the list of copies."""
        count = len(self.copies)
        with Vertical():
            yield Static(
                f"One story, {count} copies (read together): Enter opens one",
                id="copies-title",
                classes="dialog-title",
            )
            yield ChoiceList(*self._options(), id="copies-list")
        yield TidyFooter()

    def _options(self) -> list[Option]:
        options = []
        for summary in self.copies:
            details = [format_date(summary.published), inert_line(summary.source or "")]
            if summary.id == self.current:
                details.append("this one")
            details.append("read" if summary.id in self.read else "unread")
            options.append(
                Option(
                    Content.assemble(
                        Content(inert_line(summary.title)).stylize("bold"),
                        "\n  ",
                        (" · ".join(part for part in details if part), "dim"),
                    ),
                    id=summary.id,
                )
            )
        return options

    def on_mount(self) -> None:
        """Start on the copy after the current one."""
        options = self.query_one(OptionList)
        options.focus()
        ids = [summary.id for summary in self.copies]
        here = ids.index(self.current) if self.current in ids else -1
        options.highlighted = (here + 1) % len(ids) if ids else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)
