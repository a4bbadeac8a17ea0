"""The help screen: every key, where it applies, and the query syntax."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Moving", [
        ("j / k, ↓ / ↑", "move in the list; scroll the article"),
        ("Enter / l", "open the article under the cursor"),
        ("h / Esc", "back from the article to the list; in the list, clear the search"),
        ("Tab", "switch between the list and the article"),
        ("g / G, Home / End", "first / last article; top / bottom of the article"),
        ("Space / PgDn, b / PgUp", "page down / up in the article"),
    ]),
    ("Searching", [
        ("/", "search: the list filters as you type"),
        ("Enter / ↓", "from the search box into the results"),
        ("n / N", "next / previous match of the query in the article"),
        ("s", "sort: date, title, source (and relevance while searching)"),
        ("o", "related articles (more like this one)"),
        ("V / v", "save the current search / the saved searches (Enter runs, e edits, d removes)"),
    ]),
    ("Entities", [
        ("e", "entity highlighting on / off"),
        ("E", "the article's entities: Enter steps through mentions, f searches the corpus"),
        ("p", "people, organisations and places across the corpus"),
    ]),
    ("Marks", [
        ("B", "bookmark (★)"),
        ("m", "mark read / unread (● is unread)"),
        ("u", "open the next unread article in the list"),
        ("A / z", "mark every article in the list read / undo that"),
        ("y", "copy title and URL to the clipboard (OSC 52, works over SSH)"),
    ]),
    ("Other", [
        ("S", "files that were skipped, and why"),
        ("Ctrl+R", "check the folder for new, changed and removed files now"),
        ("Ctrl+P", "command palette: every action, and themes"),
        ("?", "this help"),
        ("q", "quit"),
    ]),
]  # fmt: skip

QUERY_SYNTAX = [
    ("putin ceasefire", "both words (AND is the default)"),
    ("iran OR iraq, NOT israel", "either word; leave a word out"),
    ("(iran OR iraq) AND talks", "group with parentheses"),
    ('"strait of hormuz"', "an exact phrase"),
    ("negot*  /  kremlin~", "prefix / fuzzy (spelling slips)"),
    ("title:peace  author:afp  source:moscow", "one field"),
    ("person:putin  org:kremlin  place:tehran", "entities found in the article"),
    ("date:2026-04  date:2026-04-01..2026-04-30", "a month, a range"),
    ('after:"last week"  before:2026', "relative and open-ended dates"),
    ("is:unread  is:read  is:bookmarked", "reading views; they narrow the whole query"),
]


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

    def compose(self) -> ComposeResult:
        """The key table and the query syntax."""
        with VerticalScroll(id="help-body"):
            yield Static(Content("Broadsheet keys").stylize("bold"), classes="help-heading")
            for heading, rows in KEYS:
                yield Static(heading, classes="help-heading")
                yield Static(self._table(rows))
            yield Static("Query syntax", classes="help-heading")
            yield Static(self._table(QUERY_SYNTAX))

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
