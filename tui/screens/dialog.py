"""The frame shared by the list dialogs: a bordered panel with a title line and a list."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from .worker_failures import ReportsWorkerFailures

ResultT = TypeVar("ResultT")


class Dialog(ReportsWorkerFailures, ModalScreen[ResultT]):
    """A centred panel over the reader; Esc (or the screen's own keys) closes it.

    Subclasses compose a `Vertical` holding a `.dialog-title` line, an optional
    `.dialog-status` line and a list, and set their own width and height in CSS.
    """

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 90%; height: 85%; border: round $border; background: $panel; }
    Dialog .dialog-title { text-style: bold; padding: 0 1; }
    Dialog .dialog-status { color: $text-muted; padding: 0 1; }
    Dialog OptionList { height: 1fr; border: none; background: $panel; }
    """

    def action_close(self) -> None:
        """Back to reading."""
        self.dismiss(None)
