"""Saved web pages: the article's main text and metadata, found by trafilatura.

trafilatura (with htmldate for the date) finds the main text and leaves out navigation,
share bars, comments and cookie banners; captions are read from the page's own
`<figcaption>` elements. Its output is plain text, so nothing of the page's markup,
scripts or links survives but their words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..dates import parse_date_or_none
from .boilerplate import boilerplate_start
from .html_text import element_paragraphs
from .source import source_from_url
from .text import derive_title, split_paragraphs, tidy

EXTRACTION_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_images": False,
    "include_links": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}
"""How trafilatura is asked to read a page (each choice measured: benchmarks/RESULTS.md)."""
JSON_LD_FALLBACK = True
JSON_LD_RATIO = 2.0
"""The page's JSON-LD `articleBody` replaces the extraction when it has this many times the
words: trafilatura misses the text of some script-built pages that declare it there."""
_MAX_CAPTIONS = 20
_NOT_FOUND = re.compile(
    r"\b(?:404|page\s+not\s+found|not\s+found|no\s+longer\s+available|page\s+(?:does\s+not|"
    r"doesn't)\s+exist)\b",
    re.IGNORECASE,
)
_SHORT_PAGE_WORDS = 60
_MIN_ARTICLE_WORDS = 15
"""Fewer words than this is a menu or a notice, not an article."""


class NotAnArticlePage(ValueError):
    """A page without article text (an index page, an error page); the message says why."""


@dataclass(slots=True)
class PageParts:
    """What was read from one page."""

    title: str | None = None
    byline: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def headline(parts: PageParts, fallback: str) -> str:
    """The page's title, else one made from its first sentence (the fallback when empty)."""
    if parts.title:
        return parts.title
    return derive_title(parts.paragraphs[0]) if parts.paragraphs else fallback


def read_page(data: bytes | str, *, url: str | None = None, dayfirst: bool = False) -> PageParts:
    """The article of a saved page; raises NotAnArticlePage when it holds none."""
    import trafilatura  # loaded when the first page is read: it takes a moment
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise NotAnArticlePage("not a readable HTML page")
    captions = _captions(tree)
    declared = _json_ld_body(tree) if JSON_LD_FALLBACK else []  # before trafilatura prunes
    document: Any = trafilatura.bare_extraction(tree, url=url, **EXTRACTION_OPTIONS)
    if document is None:
        raise NotAnArticlePage("no article text found (an index page or an error page?)")
    lines = [tidy(line) for line in (document.text or "").split("\n")]
    paragraphs = [line for line in lines if line]
    if declared:
        paragraphs = _fuller_of(paragraphs, declared)
    title = tidy(document.title) if document.title else None
    if _looks_not_found(title, paragraphs):
        raise NotAnArticlePage("an error page (not found), not an article")
    if sum(len(paragraph.split()) for paragraph in paragraphs) < _MIN_ARTICLE_WORDS:
        raise NotAnArticlePage("no article text found (an index page or an error page?)")
    cut = boilerplate_start(paragraphs)
    if title:
        title = without_site_name(title, document.sitename, document.hostname)
    parts = PageParts(
        title=title,
        byline=_byline(document.author),
        source=tidy(document.sitename) if document.sitename else None,
        url=(document.url or url or None),
        paragraphs=paragraphs[:cut],
        boilerplate=paragraphs[cut:],
        captions=captions,
    )
    if parts.source is None and parts.url:
        parts.source = source_from_url(parts.url, "\n".join(paragraphs))
    if document.date:
        parts.published, note = parse_date_or_none(document.date, dayfirst=dayfirst)
        if note:
            parts.notes.append(f"date {document.date[:40]!r} could not be read")
    return parts


def _json_ld_body(tree: Any) -> list[str]:
    """The longest `articleBody` the page declares in its JSON-LD, as paragraphs."""
    best: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for body in _article_bodies(data, 0):
            paragraphs = split_paragraphs(body)
            if sum(map(len, paragraphs)) > sum(map(len, best)):
                best = paragraphs
    return best


def _article_bodies(data: Any, depth: int) -> list[str]:
    if depth > 6:
        return []
    if isinstance(data, list):
        return [body for item in data for body in _article_bodies(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    found = [data["articleBody"]] if isinstance(data.get("articleBody"), str) else []
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found.extend(_article_bodies(data[key], depth + 1))
    return found


def _fuller_of(extracted: list[str], declared: list[str]) -> list[str]:
    """The extracted text, unless the page's declared body holds far more words."""
    words = sum(len(p.split()) for p in extracted)
    declared_words = sum(len(p.split()) for p in declared)
    if declared_words > JSON_LD_RATIO * max(words, 1) and "<" not in " ".join(declared)[:2000]:
        return declared
    return extracted


_TITLE_PARTS = re.compile(r"\s+(?:\||-|–|—|::|•|·)\s+")
_DATE_LIKE = re.compile(r"^[\d\s./:-]+$")


def _squashed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def without_site_name(title: str, site: str | None, host: str | None) -> str:
    """The headline without the site's name (and a date) that pages add after it.

    "Berlin confronts its past | DW | 19.01.2020" becomes "Berlin confronts its past" when
    the page's site is DW; a title with no such tail is left as it is.
    """
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    names = {_squashed(name) for name in (site or "", host or "") if name}
    if host:
        names.add(_squashed(host.removeprefix("www.").split(".")[0]))
    names.discard("")

    def is_site(part: str) -> bool:
        squashed = _squashed(part)
        return bool(squashed) and any(
            squashed == name or (len(squashed) >= 3 and squashed in name) or name in squashed
            for name in names
        )

    end = len(parts)
    matched = False
    while end > 1 and (is_site(parts[end - 1]) or _DATE_LIKE.match(parts[end - 1])):
        matched = matched or is_site(parts[end - 1])
        end -= 1
    if not matched or len(" ".join(parts[:end]).split()) < 3:
        return title
    # Cut the original string after the last kept part, so its own separators survive.
    position = 0
    for part in parts[:end]:
        position = title.index(part, position) + len(part)
    return title[:position].strip()


def _captions(tree: Any) -> list[str]:
    captions: list[str] = []
    for element in tree.iter("figcaption"):
        text = tidy(" ".join(element_paragraphs(element)))
        if text and text not in captions:
            captions.append(text)
        if len(captions) >= _MAX_CAPTIONS:
            break
    return captions


def _byline(author: str | None) -> str | None:
    if not author:
        return None
    names = [tidy(name) for name in author.split(";")]
    return ", ".join(name for name in names if name) or None


def _looks_not_found(title: str | None, paragraphs: list[str]) -> bool:
    words = sum(len(paragraph.split()) for paragraph in paragraphs)
    if words >= _SHORT_PAGE_WORDS:
        return False
    return bool(_NOT_FOUND.search(title or "") or _NOT_FOUND.search(" ".join(paragraphs[:2])))
