"""The article model: what a file in the corpus becomes once it is parsed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Link:
    """A link kept apart from the body, such as a "Related article" line."""

    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, parsed from a file (or from one entry of a JSON file)."""

    id: str
    """Stable id: the path relative to the corpus root, plus `#KEY` for one of a file's many
    articles (KEY is a digest of the item's guid or URL where it has one, else its number)."""
    path: Path
    title: str
    title_derived: bool = False
    """True when the file had no title and it was taken from the first sentence."""
    byline: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    related: tuple[Link, ...] = ()
    captions: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    """Publisher appeals and notices found at the end: shown collapsed, never indexed."""
    size: int = 0
    mtime_ns: int = 0
    notes: tuple[str, ...] = field(default=())
    """Things worth telling the reader about how the file was read (encoding, bad date...)."""
    entry: int | None = None
    """For an article that is one of a file's many (JSON, feed, WARC), its number there."""
    kind: str = "text"
    """What it was read from: one of KINDS."""
    summary_only: bool = False
    """A feed item that carried only a summary, not the article's full text."""

    @property
    def body(self) -> str:
        """The article text: paragraphs separated by blank lines (entity offsets refer to it)."""
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def word_count(self) -> int:
        """Words in the body, not counting captions or boilerplate."""
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def file_id(self) -> str:
        """The id of the file the article came from (several articles may share one)."""
        return self.id if self.entry is None else self.id.rsplit("#", 1)[0]


PARAGRAPH_SEPARATOR = "\n\n"

KINDS = ("text", "markdown", "json", "web page", "feed item", "warc page")
"""The kinds of file an article can come from, as the reader and `export` name them."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or an entry of one) that could not become an article, and why."""

    id: str
    path: Path
    reason: str
