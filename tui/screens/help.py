"""The help screen: every key, generated from the bindings (as the user's keymap left them)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import keys_label

QUERY_SYNTAX = [
    ("putin ceasefire", "both words (AND is the default)"),
    ("iran OR iraq, NOT israel, -israel", "either word; leave a word out"),
    ("(iran OR iraq) AND talks", "group with parentheses"),
    ('"strait of hormuz"', "an exact phrase"),
    ("negot*  /  kremlin~", "prefix / fuzzy (spelling slips)"),
    ("title:peace  author:afp  source:moscow", "one field"),
    ("person:putin  org:kremlin  place:tehran", "entities found in the article"),
    ("entity:russian", "any name: also nationalities, events, laws"),
    ("date:2026-04  date:2026-04-01..2026-04-30", "a month, a range"),
    ('after:"last week"  before:2026', "relative and open-ended dates"),
    ("is:unread  is:read  is:bookmarked", "reading views; they narrow the whole query"),
]

HelpSection = tuple[str, Sequence[Binding]]
"""A heading and the bindings listed under it."""


@cache
def help_texts() -> dict[str, str]:
    """Longer descriptions of the bindings, by binding id (package data)."""
    text = files(__package__ or "tui.screens").joinpath("help_text.toml").read_text("utf-8")
    return {key: str(value) for key, value in tomllib.loads(text).items()}


class HelpScreen(ModalScreen[None]):
    """Every key and the query syntax."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $border; background: $panel; padding: 0 2;
    }
    HelpScreen .help-heading { text-style: bold; color: $text-accent; margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up"),
    ]

    def __init__(self, sections: Sequence[HelpSection], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        """The keys of each section, then the query syntax."""
        with VerticalScroll(id="help-body"):
            yield Static(Content("Broadsheet keys").stylize("bold"), classes="help-heading")
            for heading, bindings in self.sections:
                yield Static(heading, classes="help-heading")
                yield Static(self._table(self.key_rows(bindings)))
            yield Static("Query syntax", classes="help-heading")
            yield Static(self._table(QUERY_SYNTAX))

    def key_rows(self, bindings: Sequence[Binding]) -> list[tuple[str, str]]:
        """One row per action: its keys (several bindings of one action share a row)."""
        texts = help_texts()
        rows: dict[tuple[str, str], list[str]] = {}
        for binding in bindings:
            label = keys_label(binding, self.keymap, self.app.get_key_display)
            text = texts.get(binding.id or "", binding.description)
            rows.setdefault((binding.action, text), []).append(label)
        return [(" / ".join(labels), text) for (_, text), labels in rows.items()]

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> Content:
        width = max(len(key) for key, _ in rows) + 2
        return Content("\n").join(
            Content.assemble((key.ljust(width), "bold"), text) for key, text in rows
        )

    def action_scroll_down(self) -> None:
        """Scroll the help down."""
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        """Scroll the help up."""
        self.query_one(VerticalScroll).scroll_up()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
