"""The reading pane: an article's header, its body with entity and match highlights."""

from __future__ import annotations

import bisect
import re
from contextlib import ExitStack

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import Collapsible, Static

from ..core.article import PARAGRAPH_SEPARATOR, Article
from ..core.entities import Entity
from ..core.inert import inert, inert_line
from ..core.library import READER_TEXT_LIMIT
from .article_list import format_date

# Entity groups, each with a colour from the theme and a text style that survives NO_COLOR.
ENTITY_GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "person": ("People", "bold $text-accent", ("PERSON",)),
    "org": ("Organisations", "underline $text-secondary", ("ORG",)),
    "place": ("Places", "italic $text-success", ("GPE", "LOC", "FAC")),
    "group": ("Groups", "bold italic $text-warning", ("NORP",)),
    "when": ("Dates & numbers", "$text-primary underline", ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")),
    "other": ("Other", "$text-error italic", ("EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")),
}  # fmt: skip
LABEL_STYLE = {label: style for _, style, labels in ENTITY_GROUPS.values() for label in labels}
LABEL_GROUP = {label: key for key, (_, _, labels) in ENTITY_GROUPS.items() for label in labels}
MATCH_STYLE = "reverse"
CURRENT_MATCH_STYLE = "reverse bold $text-warning"
MAX_PARAGRAPH_CHARS = 20_000
MAX_RENDERED_CHARS = READER_TEXT_LIMIT
"""Beyond this much text an article is shown in part, with a notice, to keep the reader quick."""


def origin_label(article: Article) -> str | None:
    """What the article was read from, for its header ("feed item, summary only")."""
    if article.kind in ("text", "markdown"):
        return None
    return f"{article.kind}, summary only" if article.summary_only else article.kind


def paragraph_starts(paragraphs: tuple[str, ...]) -> list[int]:
    """The body offset at which each paragraph begins."""
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return starts


def styled_text(
    text: str,
    offset: int,
    entities: list[Entity],
    matches: list[tuple[int, int]],
    current: tuple[int, int] | None,
) -> Content:
    """A piece of text (at `offset` in the body) with entity and match styles applied."""
    content = Content(inert(text))
    end_of_text = offset + len(text)
    for entity in entities:
        if entity.end <= offset or entity.start >= end_of_text:
            continue
        style = LABEL_STYLE.get(entity.label)
        if style:
            content = content.stylize(style, entity.start - offset, entity.end - offset)
    for start, end in matches:
        if end <= offset or start >= end_of_text:
            continue
        style = CURRENT_MATCH_STYLE if (start, end) == current else MATCH_STYLE
        content = content.stylize(style, max(0, start - offset), end - offset)
    return content


_URL_BREAKS = re.compile(r"(?<=[/?&#=._~-])")
"""Where a URL may be broken across lines: after its separators."""
MATCH_PLACE = 1 / 3
"""How far down the pane the current match is brought by n and N."""
EMPTY_MESSAGE = "Choose an article and press Enter."
"""What the pane says while no article is open."""


def wrap_url(url: str, width: int) -> str:
    """The URL over as many lines as it needs, broken after separators, not mid-word."""
    if width <= 0 or len(url) <= width:
        return url
    lines: list[str] = []
    line = ""
    for piece in _URL_BREAKS.split(url):
        while len(piece) > width:  # a piece longer than a line: no better place to break
            room = width - len(line)
            line, piece = line + piece[:room], piece[room:]
            lines.append(line)
            line = ""
        if len(line) + len(piece) > width:
            lines.append(line)
            line = ""
        line += piece
    if line:
        lines.append(line)
    return "\n".join(lines)


def line_of_offset(text: str, offset: int, width: int) -> int:
    """The 0-based line, once `text` is wrapped to `width`, on which character `offset` is."""
    if width <= 0:
        return 0
    lines = Content(text).wrap(width)
    position = 0
    for number, line in enumerate(lines):
        words = line.plain.strip()
        found = text.find(words, position) if words else position
        if found < 0:
            break
        position = found + len(words)
        if offset < position:
            return number
    return max(0, len(lines) - 1)


class Paragraph(Static):
    """One paragraph of the body."""

    DEFAULT_CSS = """
    Paragraph { margin: 0 0 1 0; }
    """


class ReaderPane(VerticalScroll):
    """Shows one article; n/N step through the query's matches."""

    DEFAULT_CSS = """
    ReaderPane { padding: 0 2; background: $surface; }
    ReaderPane > .article { height: auto; }
    ReaderPane #reader-title { text-style: bold; color: $text; margin: 1 0 0 0; }
    ReaderPane #reader-meta { color: $text-muted; }
    ReaderPane #reader-url { color: $text-muted; }
    ReaderPane #reader-legend { color: $text-muted; margin: 0 0 1 0; }
    ReaderPane #reader-notes { color: $text-warning; }
    ReaderPane .section-title { text-style: bold; color: $text-muted; margin: 1 0 0 0; }
    ReaderPane .caption { color: $text-muted; text-style: italic; margin: 0 0 1 0; }
    ReaderPane .related { color: $text-muted; }
    ReaderPane #reader-empty { color: $text-muted; margin: 2 0; text-align: center; width: 1fr; }
    ReaderPane Collapsible { margin: 1 0 0 0; border: none; padding: 0; }
    ReaderPane #reader-truncated { color: $text-warning; margin: 1 0; }
    ReaderPane #reader-status {
        dock: bottom; height: 1; width: 1fr; padding: 0 1; display: none;
        background: $panel; color: $text-muted;
    }
    ReaderPane #reader-status.shown { display: block; }
    """

    BINDINGS = [
        Binding("space,pagedown", "page_down", "Page↓", key_display="spc", id="reader.page_down"),
        Binding("b,pageup", "page_up", "Page↑", id="reader.page_up"),
        Binding("g,home", "scroll_home", "Top", id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", id="reader.bottom"),
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up"),
    ]

    class MatchMoved(Message):
        """The current match changed (index is 0-based; total may be 0)."""

        def __init__(self, index: int, total: int) -> None:
            super().__init__()
            self.index = index
            self.total = total

    def __init__(self, *, id: str | None = None, reading_width: int = 80) -> None:
        super().__init__(id=id, can_focus=True)
        self.article: Article | None = None
        self.entities: list[Entity] = []
        self.caption_entities: list[list[Entity]] = []
        """Entities of each of the article's captions (offsets into that caption)."""
        self.matches: list[tuple[int, int]] = []
        self.title_matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.show_entities = True
        self._starts: list[int] = []
        self._rendered = 0
        """How many paragraphs are on screen (all, unless the article is huge)."""
        self._body: Vertical | None = None
        self.reading_width = reading_width
        """The longest line of article text, in columns (0: as wide as the pane)."""
        self.status_text = ""
        """What the pane's status line says (the current match and the count)."""

    def compose(self) -> ComposeResult:
        """The status line, docked under the article (it never covers the text), and the
        "nothing open" message."""
        yield Static("", id="reader-status")
        # Composed, not swapped in: a swap holds every frame until it is done, and at
        # start-up the first frame (with the titles) would be drawn and then thrown away.
        self._body = self._new_body(Static(EMPTY_MESSAGE, id="reader-empty"))
        yield self._body

    def show_status(self, text: str) -> None:
        """Say something in the pane's status line (an empty text hides it)."""
        self.status_text = text
        status = self.query_one("#reader-status", Static)
        status.update(Content(text))
        status.set_class(bool(text), "shown")

    def on_resize(self, event: Resize) -> None:
        """The URL is broken for the width it is shown in."""
        if self.article is not None and self._body is not None and self.article.url:
            # A body just swapped in may not have mounted its children yet.
            for url in self._body.query("#reader-url").results(Static):
                url.update(self._url_content())

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width
        return min(width, self.reading_width) if self.reading_width > 0 else width

    def _url_content(self) -> Content:
        assert self.article is not None and self.article.url
        return Content(wrap_url(inert_line(self.article.url), self._text_width()))

    def _replace_body(self, *widgets: Static | Collapsible) -> None:
        """Swap in a new article body (ids are unique within each body), drawn once."""
        old, self._body = self._body, self._new_body(*widgets)
        # No frame between the removal and the mount: a blank pane painted in between
        # and then the article doubles the bytes of every open over SSH.
        held = ExitStack()
        held.enter_context(self.app.batch_update())
        removed = old.remove() if old is not None else None
        mounted = self.mount(self._body)

        async def swapped() -> None:
            try:
                if removed is not None:
                    await removed
                await mounted
            finally:
                held.close()

        self.app.call_next(swapped)

    def _new_body(self, *widgets: Static | Collapsible) -> Vertical:
        body = Vertical(*widgets, classes="article")
        if self.reading_width > 0:
            body.styles.max_width = self.reading_width
        return body

    def show_article(
        self,
        article: Article,
        entities: list[Entity],
        matches: list[tuple[int, int]],
        title_matches: list[tuple[int, int]],
        *,
        show_entities: bool,
        scroll_y: float = 0.0,
        caption_entities: list[list[Entity]] | None = None,
    ) -> None:
        """Show an article from the top (or at `scroll_y`)."""
        self.article = article
        self.entities = entities
        self.caption_entities = caption_entities or []
        self.matches = sorted(matches)
        self.title_matches = title_matches
        self.current_match = None
        self.show_entities = show_entities
        self._starts = paragraph_starts(article.paragraphs)
        self._render_article()
        if scroll_y:
            # A place in the new text: known once it is laid out.
            self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)
        else:
            # At once, so the new article is not drawn first at the old one's place.
            self.scroll_to(y=0, animate=False, immediate=True)
        self.post_message(self.MatchMoved(-1, len(self.matches)))

    def set_matches(
        self, matches: list[tuple[int, int]], title_matches: list[tuple[int, int]]
    ) -> None:
        """New query matches for the open article (the search changed)."""
        self.matches = sorted(matches)
        self.title_matches = title_matches
        self.current_match = None
        if self.article is not None:
            self._restyle()
        self.post_message(self.MatchMoved(-1, len(self.matches)))

    def set_entities(self, entities: list[Entity], caption_entities: list[list[Entity]]) -> None:
        """New entities for the open article (the user corrected a name): restyled in place."""
        self.entities = entities
        self.caption_entities = caption_entities
        if self.article is not None:
            self._restyle()

    def set_show_entities(self, show: bool) -> None:
        """Turn entity highlighting on or off."""
        self.show_entities = show
        if self.article is not None:
            self._restyle()

    def _visible_entities(self) -> list[Entity]:
        return self.entities if self.show_entities else []

    def _render_article(self) -> None:
        article = self.article
        assert article is not None
        widgets: list[Static | Collapsible] = [
            Static(self._title_content(), id="reader-title"),
        ]
        meta = " · ".join(
            inert_line(part)
            for part in (
                article.byline and f"By {article.byline}",
                format_date(article.published) if article.published else None,
                article.source,
                origin_label(article),
                f"{article.word_count:,} words",
            )
            if part
        )
        widgets.append(Static(Content(meta), id="reader-meta"))
        if article.url:
            widgets.append(Static(self._url_content(), id="reader-url"))
        if article.notes:
            widgets.append(Static(Content(inert_line("; ".join(article.notes))), id="reader-notes"))
        widgets.append(Static(self._legend(), id="reader-legend"))
        for index in range(len(article.captions)):
            widgets.append(Static(self._caption_content(index), id=f"c{index}", classes="caption"))
        budget = MAX_RENDERED_CHARS
        self._rendered = 0
        for index, paragraph in enumerate(article.paragraphs):
            if budget <= 0:
                break
            budget -= len(paragraph)
            widgets.append(Paragraph(self._paragraph_content(index), id=f"p{index}"))
            self._rendered = index + 1
        if self._rendered < len(article.paragraphs):
            hidden = len(article.paragraphs) - self._rendered
            widgets.append(
                Static(
                    f"This article is very long: {hidden:,} more paragraphs are not shown.",
                    id="reader-truncated",
                )
            )
        if article.related:
            widgets.append(Static("Related", classes="section-title"))
            for link in article.related:
                text = link.title + (f" <{link.url}>" if link.url else "")
                widgets.append(Static(Content("→ " + inert_line(text)), classes="related"))
        if article.boilerplate:
            notice = Collapsible(
                *(Static(Content(inert(p)), classes="caption") for p in article.boilerplate),
                title=f"Publisher notice ({len(article.boilerplate)} paragraphs, not part of the article)",
                collapsed=True,
            )
            widgets.append(notice)
        self._replace_body(*widgets)

    def _title_content(self) -> Content:
        assert self.article is not None
        title = Content(inert_line(self.article.title.replace("\n", " ")))
        for start, end in self.title_matches:
            title = title.stylize(MATCH_STYLE, start, end)
        if self.article.title_derived:
            title = Content.assemble(title, ("  (title from first sentence)", "dim"))
        return title

    def _caption_content(self, index: int) -> Content:
        assert self.article is not None
        caption = inert_line(self.article.captions[index])
        entities = self.caption_entities[index] if index < len(self.caption_entities) else []
        # inert_line keeps the caption's length, so the entities' offsets still hold.
        styled = styled_text(caption, 0, entities if self.show_entities else [], [], None)
        return Content.assemble("▣ ", styled)

    def _all_entities(self) -> list[Entity]:
        return [*self.entities, *(e for found in self.caption_entities for e in found)]

    def _legend(self) -> Content:
        entities = self._all_entities()
        if not self.show_entities or not entities:
            return Content("entities off (e)" if entities else "")
        present = {LABEL_GROUP.get(e.label) for e in entities}
        parts: list[Content | str] = []
        for key, (name, style, _) in ENTITY_GROUPS.items():
            if key in present:
                if parts:
                    parts.append("  ")
                parts.append(Content(name).stylize(style))
        return Content.assemble(*parts)

    def _paragraph_content(self, index: int) -> Content:
        assert self.article is not None
        paragraph = self.article.paragraphs[index]
        shortened = len(paragraph) > MAX_PARAGRAPH_CHARS
        text = paragraph[:MAX_PARAGRAPH_CHARS] if shortened else paragraph
        current = self.matches[self.current_match] if self.current_match is not None else None
        content = styled_text(
            text, self._starts[index], self._visible_entities(), self.matches, current
        )
        if shortened:
            content = Content.assemble(
                content, (f" … [{len(paragraph) - MAX_PARAGRAPH_CHARS:,} more characters]", "dim")
            )
        return content

    def _restyle(self, paragraphs: range | None = None) -> None:
        body = self._body
        if body is None:
            return
        for index in paragraphs if paragraphs is not None else range(self._rendered):
            body.query_one(f"#p{index}", Paragraph).update(self._paragraph_content(index))
        if paragraphs is None:
            body.query_one("#reader-title", Static).update(self._title_content())
            body.query_one("#reader-legend", Static).update(self._legend())
            if self.article is not None:
                for index in range(len(self.article.captions)):
                    body.query_one(f"#c{index}", Static).update(self._caption_content(index))

    def _paragraph_of(self, offset: int) -> int:
        return min(max(0, bisect.bisect_right(self._starts, offset) - 1), self._rendered - 1)

    def step_match(self, forward: bool) -> None:
        """Move to the next (or previous) match, wrapping around, and scroll it into view."""
        if not self.matches:
            self.post_message(self.MatchMoved(-1, 0))
            return
        previous = self.current_match
        if previous is None:
            self.current_match = 0 if forward else len(self.matches) - 1
        else:
            step = 1 if forward else -1
            self.current_match = (previous + step) % len(self.matches)
        index = self._paragraph_of(self.matches[self.current_match][0])
        if index >= 0 and self._body is not None:
            touched = {index}
            if previous is not None:
                touched.add(self._paragraph_of(self.matches[previous][0]))
            for number in sorted(touched):
                self._restyle(range(number, number + 1))
            self._bring_to_view(index, self.matches[self.current_match][0])
        self.post_message(self.MatchMoved(self.current_match, len(self.matches)))

    def _bring_to_view(self, index: int, offset: int) -> None:
        """Scroll so that the line holding body `offset` is a third of the way down."""
        assert self._body is not None
        target = self._body.query_one(f"#p{index}", Paragraph)
        line = line_of_offset(
            self.article.paragraphs[index] if self.article else "",
            offset - self._starts[index],
            target.content_region.width,
        )
        top = target.region.y - self.content_region.y + round(self.scroll_y)
        y = top + line - int(self.scrollable_content_region.height * MATCH_PLACE)
        self.scroll_to(y=max(0, y), animate=False, immediate=True)
