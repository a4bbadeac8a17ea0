"""Asking for the shell command an article is piped to."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..core.inert import inert_line


class PipePrompt(ModalScreen[str | None]):
    """A one-line dialog: Enter runs the command, Esc goes back to reading."""

    DEFAULT_CSS = """
    PipePrompt { align: center middle; }
    PipePrompt > Vertical {
        width: 80%; max-width: 100; height: auto;
        border: round $border; background: $panel; padding: 0 1;
    }
    PipePrompt .pipe-title { text-style: bold; }
    PipePrompt .pipe-hint { color: $text-muted; }
    PipePrompt Input { margin: 1 0 0 0; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pipe.cancel")]

    def __init__(self, title: str, last_command: str | None) -> None:
        super().__init__()
        self.article_title = title
        self.last_command = last_command or ""

    def compose(self) -> ComposeResult:
        """The article's title, the command line and a hint."""
        with Vertical():
            yield Static(
                Content.assemble("Pipe to a command: ", Content(inert_line(self.article_title))),
                classes="pipe-title",
            )
            yield Input(self.last_command, placeholder="for example: wc -w", id="pipe-command")
            yield Static(
                "The article (title, byline, date, URL, text) goes to its input. "
                "Enter runs it · Esc cancels",
                classes="pipe-hint",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        command = event.value.strip()
        self.dismiss(command or None)

    def action_cancel(self) -> None:
        """Back to reading, nothing run."""
        self.dismiss(None)
