"""The search box, and the line under it that reports counts, errors and suggestions."""

from __future__ import annotations

from datetime import datetime

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..core.inert import inert_line


def example_query(newest: datetime | None) -> str:
    """The placeholder: the kinds of query, with a month of the corpus when it has dates."""
    month = f"date:{newest:%Y-%m}" if newest else "date:YYYY-MM"
    return f'/ search: words, "a phrase", person:name, {month}'


class SearchBox(Input):
    """Where the query is typed; the list filters as you type."""

    DEFAULT_CSS = """
    SearchBox { border: tall $border-blurred; margin: 0; }
    SearchBox:focus { border: tall $border; }
    """

    # Priority bindings run when the key is read, before later keys are routed: keys
    # typed right after Enter (as they arrive together over SSH) reach the results.
    BINDINGS = [
        Binding("enter", "leave", "To results", show=False, id="search.submit", priority=True),
        Binding("down", "leave", "To results", show=False, id="search.leave", priority=True),
        Binding("escape", "clear_search", "Clear search", id="search.clear"),
        # Priority, so that it comes before Tab's other use (the screen's switch of pane),
        # which steps aside while a suggestion is offered.
        Binding(
            "tab",
            "accept_suggestion",
            "Accept suggestion",
            priority=True,
            id="search.accept_suggestion",
        ),
    ]

    class Leave(Message):
        """Move focus into the results."""

    class Cleared(Message):
        """The search was cleared with Esc."""

    class SuggestionAccepted(Message):
        """The "did you mean" query was taken with Tab (it is now the box's value)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=example_query(None), id=id, select_on_focus=False)

    def on_mount(self) -> None:
        """No blinking cursor without animations: each blink is a repaint on the wire."""
        self.cursor_blink = self.app.animation_level != "none"

    def fit_to(self, newest: datetime | None) -> None:
        """Make the example in the empty box fit the corpus (a month it has articles in)."""
        self.placeholder = example_query(newest)

    suggestion: str | None = None
    """The corrected query offered under the box for the query in it, if any."""

    def offer(self, suggestion: str | None) -> None:
        """Offer a corrected query for the one in the box (Tab takes it), or none."""
        self.suggestion = suggestion if suggestion and suggestion != self.value else None
        self.refresh_bindings()

    def has_suggestion(self) -> bool:
        """True while a suggestion is offered and the box has focus: Tab takes it."""
        return self.has_focus and self.suggestion is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tab accepts a suggestion only while one is offered."""
        if action == "accept_suggestion":
            return self.has_suggestion()
        return True

    def action_accept_suggestion(self) -> None:
        """Put the suggested query in the box (which searches for it)."""
        suggestion = self.suggestion
        if suggestion is None:
            return
        self.suggestion = None
        self.value = suggestion
        self.cursor_position = len(suggestion)
        self.post_message(self.SuggestionAccepted(suggestion))
        self.refresh_bindings()

    def _on_input_changed(self, event: Input.Changed) -> None:
        # A suggestion answers the query it was made for, not one typed since.
        if self.suggestion is not None and event.value != self.suggestion:
            self.suggestion = None
            self.refresh_bindings()

    def action_leave(self) -> None:
        """Go to the results.

        Focus moves at once (not when the message arrives) so that keys typed right
        after, as they arrive together over SSH, already go to the results.
        """
        if self.has_focus:
            self.screen.focus_next()
            self.post_message(self.Leave())

    def action_clear_search(self) -> None:
        """Clear the query and go back to the full list."""
        self.value = ""
        self.post_message(self.Cleared())

    async def action_submit(self) -> None:
        """Enter moves into the results."""
        self.action_leave()


class SearchStatus(Static):
    """One line under the search box: hits and time, a query error, or 'did you mean'."""

    DEFAULT_CSS = """
    SearchStatus { height: auto; max-height: 3; color: $text-muted; padding: 0 1; }
    SearchStatus.error { color: $text-error; }
    SearchStatus.hidden { display: none; }
    """

    def show_text(self, text: str, *, error: bool = False) -> None:
        """Show a message (article text in it is made inert)."""
        self.set_class(error, "error")
        self.set_class(not text, "hidden")
        self.update(Content(inert_line(text)))
