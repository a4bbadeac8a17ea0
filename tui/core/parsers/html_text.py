"""Turning a piece of HTML (a feed item's content) into plain paragraphs.

HTML here is data: scripts, styles, frames, forms and embedded objects are dropped with
their content, event handlers are never looked at, links become their text and images
their nothing. Only text nodes survive, split into paragraphs at block elements and
`<br>` runs.
"""

from __future__ import annotations

from typing import Any

from .text import tidy

_DROPPED = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript",
     "template", "form", "button", "select", "textarea", "input", "svg", "math", "head",
     "canvas", "audio", "video", "map"}
)  # fmt: skip
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
     "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
     "figure", "figcaption", "hr", "address", "main", "nav", "details", "summary", "center"}
)  # fmt: skip
_BREAK = "\n"


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment or page, as plain text."""
    if not markup or not markup.strip():
        return []
    if "<" not in markup and "&" not in markup:
        return _split(markup)
    import lxml.html  # loaded with the first feed item or page, not at start-up
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _split(markup)
    pieces: list[str] = []
    _walk(root, pieces)
    return _split("".join(pieces))


def element_paragraphs(element: Any) -> list[str]:
    """The paragraphs of an already parsed element (its tail left out)."""
    pieces: list[str] = []
    _walk(element, pieces, tail=False)
    return _split("".join(pieces))


def _walk(element: Any, pieces: list[str], *, tail: bool = True) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower().rsplit("}", 1)[-1]
    if tag in _DROPPED or not isinstance(element.tag, str):
        # Comments and processing instructions hold no article text either.
        if tail and element.tail:
            pieces.append(element.tail)
        return
    block = tag in _BLOCKS
    if block:
        pieces.append(_BREAK)
    if tag == "br":
        pieces.append(_BREAK)
    if element.text:
        pieces.append(element.text)
    for child in element:
        _walk(child, pieces)
    if block:
        pieces.append(_BREAK)
    if tail and element.tail:
        pieces.append(element.tail)


def _split(text: str) -> list[str]:
    paragraphs = (tidy(line) for line in text.replace("\r", "\n").split("\n"))
    return [paragraph for paragraph in paragraphs if paragraph]
