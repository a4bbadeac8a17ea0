"""Articles like the open one (Whoosh's more-like-this)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..core.article import Article
from ..core.index import SearchHit
from ..core.inert import inert_line
from ..core.library import Library
from ..widgets.article_list import format_date
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import TidyFooter
from .dialog import Dialog


class RelatedScreen(Dialog[str | None]):
    """Choose a related article to open it."""

    DEFAULT_CSS = """
    RelatedScreen > Vertical { width: 90%; max-width: 110; height: 80%; }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="related.close"),
    ]

    def __init__(self, library: Library, article: Article) -> None:
        super().__init__()
        self.library = library
        self.article = article
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        """Heading and list."""
        with Vertical():
            yield Static(
                Content.assemble("Related to: ", Content(inert_line(self.article.title))),
                id="related-title",
                classes="dialog-title",
            )
            yield ChoiceList(Option("looking…", disabled=True), id="related-list")
        yield TidyFooter()

    def on_mount(self) -> None:
        """Find related articles off the UI thread."""
        self.query_one(OptionList).focus()
        self.find_related()

    @work(thread=True, exclusive=True, group="related", exit_on_error=False)
    def find_related(self) -> None:
        """More like this, from the index."""
        hits = self.library.related(self.article.id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found, hits)

    def _found(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        options = self.query_one(OptionList)
        if not hits:
            options.set_options([Option("No related articles found.", disabled=True)])
            return
        options.set_options(
            Option(
                Content.assemble(
                    Content(inert_line(hit.title)).stylize("bold"),
                    "\n  ",
                    (
                        " · ".join(
                            p
                            for p in (format_date(hit.published), inert_line(hit.source or ""))
                            if p
                        ),
                        "dim",
                    ),
                ),
                id=hit.id,
            )
            for hit in hits
        )
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)
