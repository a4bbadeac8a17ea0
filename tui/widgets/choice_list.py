"""An option list that also answers to j and k, for the reader's pop-up lists."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class ChoiceList(OptionList):
    """OptionList with vim-style movement, as everywhere else in the reader."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="choice.down"),
        Binding("k", "cursor_up", "Up", show=False, id="choice.up"),
    ]
