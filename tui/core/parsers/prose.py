"""The parser for articles written as text: Markdown-flavoured or bare."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..article import Link
from ..dates import looks_like_date_line, parse_date_or_none
from .boilerplate import boilerplate_start
from .source import source_from_url
from .text import (
    derive_title,
    looks_like_headline,
    split_paragraphs,
    strip_inline_markdown,
    tidy,
)

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BYLINE = re.compile(r"^(?:by|written\s+by|words\s+by)\s+(.+)$", re.IGNORECASE)
_FIELD = re.compile(
    r"^(author|byline|source|publisher|published|date|updated|posted|url|link|original\s+url)"
    r"\s*:\s*(.*)$",
    re.IGNORECASE,
)
_URL = re.compile(r"<?((?:https?)://[^\s<>]+)>?")
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:article|story|stories|content|reading))?|see\s+also|read\s+(?:more|also)"
    r"|also\s+read|more\s+on\s+this(?:\s+story)?)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^()\s]*)\)")
# A caption ends with a short bold credit, as in "... on Dec. 12, 2025. **Zuma\TASS**".
_CREDIT = re.compile(r"\*\*([^*\n]{1,60})\*\*\s*$")
# It is searched for at the end of the line: matching `^(.*?)\s*` before it took quadratic time.
_IMAGE = re.compile(r"^!\[([^\]]*)\]\([^)]*\)\s*(.*)$", re.DOTALL)
_HEADER_BLOCKS = 5
_MESSAGE_FROM = re.compile(
    r"^(?i:an?\s+)?(?i:message|note|letter|word)\s+(?i:from)\s+((?:the\s+)?[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,5})\s*[:.!]?$"
)


@dataclass
class ProseParts:
    """What the text parser found, before it becomes an Article."""

    title: str = ""
    title_derived: bool = False
    byline: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    related: list[Link] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _blocks(text: str, markdown: bool) -> list[str]:
    if not markdown:
        return split_paragraphs(text)
    blocks: list[str] = []
    for raw in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        # Headings and list items stand alone; other lines of a block form one paragraph.
        current: list[str] = []
        for line in lines:
            if _HEADING.match(line) or re.match(r"^(?:[-*+]|\d+[.)])\s", line):
                if current:
                    blocks.append(" ".join(current))
                    current = []
                blocks.append(line)
            else:
                current.append(line)
        if current:
            blocks.append(" ".join(current))
    return blocks


def _link_from(text: str) -> Link:
    match = _MD_LINK.search(text)
    if match:
        url = match.group(2).strip()
        return Link(
            tidy(strip_inline_markdown(match.group(1))), url if url.startswith("http") else None
        )
    cleaned = tidy(strip_inline_markdown(text))
    url_match = _URL.search(cleaned)
    if url_match:
        return Link(
            tidy(cleaned.replace(url_match.group(0), "")) or url_match.group(1), url_match.group(1)
        )
    return Link(cleaned)


def parse_prose(text: str, *, markdown: bool, dayfirst: bool = False) -> ProseParts:
    """Parse an article written as text into its parts."""
    parts = ProseParts()
    blocks = _blocks(text, markdown)
    clean = strip_inline_markdown if markdown else (lambda s: s)

    # The title: a Markdown heading, or a first line that reads as a headline.
    index = 0
    if blocks:
        heading = _HEADING.match(blocks[0])
        if heading and markdown:
            parts.title = tidy(strip_inline_markdown(heading.group(2)))
            index = 1
        elif not markdown and len(blocks) > 1 and looks_like_headline(blocks[0]):
            parts.title = tidy(blocks[0])
            index = 1

    # Header lines right under the title: byline, date, labelled fields.
    header_end = min(len(blocks), index + _HEADER_BLOCKS)
    while index < header_end:
        line = tidy(clean(blocks[index]).strip("*_ "))
        if parts.byline is None and (byline := _BYLINE.match(line)) and len(line) < 120:
            parts.byline = tidy(byline.group(1))
        elif parts.published is None and looks_like_date_line(line):
            parts.published, _ = parse_date_or_none(line, dayfirst=dayfirst)
        elif (labelled := _FIELD.match(line)) and len(line) < 200:
            _apply_field(parts, labelled.group(1).lower(), labelled.group(2), dayfirst)
        else:
            break
        index += 1

    body: list[str] = []
    pending_url_label = False
    for block in blocks[index:]:
        stripped = block.strip()
        plain = tidy(clean(stripped))
        if pending_url_label:
            pending_url_label = False
            url = _URL.fullmatch(stripped)
            if url:
                parts.url = parts.url or url.group(1)
                continue
        labelled = _FIELD.match(plain)
        if labelled and labelled.group(1).lower() in ("original url", "url", "link", "source"):
            value = labelled.group(2).strip()
            if not value:
                pending_url_label = True
                continue
            if _URL.fullmatch(value) or labelled.group(1).lower() != "source":
                url = _URL.search(stripped)
                if url:
                    parts.url = parts.url or url.group(1)
                    continue
        related = _RELATED.match(stripped.replace("**", "").replace("__", ""))
        if related and related.group(1).strip():
            parts.related.append(_link_from(related.group(1)))
            continue
        if markdown and (image := _IMAGE.match(stripped)):
            caption = tidy(strip_inline_markdown(image.group(2) or image.group(1)))
            if caption:
                parts.captions.append(caption)
            continue
        if markdown and (credit := _CREDIT.search(stripped)):
            description, who = stripped[: credit.start()].rstrip(), credit.group(1)
            if len(who.split()) <= 6 and (
                not description or description.rstrip().endswith((".", ")"))
            ):
                caption = tidy(strip_inline_markdown(description))
                parts.captions.append(f"{caption} ({tidy(who)})" if caption else tidy(who))
                continue
        heading = _HEADING.match(stripped) if markdown else None
        body.append(tidy(strip_inline_markdown(heading.group(2))) if heading else plain)

    body = [p for p in body if p]
    cut = boilerplate_start(body)
    parts.paragraphs, parts.boilerplate = body[:cut], body[cut:]

    if not parts.title:
        first = parts.paragraphs[0] if parts.paragraphs else (parts.captions or [""])[0]
        parts.title = derive_title(first) if first else ""
        parts.title_derived = True
    if parts.source is None and parts.boilerplate:
        # "A message from The Moscow Times:" names the publisher.
        named = _MESSAGE_FROM.match(parts.boilerplate[0])
        if named:
            parts.source = tidy(named.group(1))
    if parts.source is None and parts.url:
        parts.source = source_from_url(parts.url, "\n".join(parts.paragraphs + parts.boilerplate))
    return parts


def _apply_field(parts: ProseParts, name: str, value: str, dayfirst: bool) -> None:
    value = tidy(value)
    if not value:
        return
    if name in ("author", "byline"):
        parts.byline = parts.byline or value
    elif name in ("source", "publisher"):
        parts.source = parts.source or value
    elif name in ("published", "date", "updated", "posted"):
        if parts.published is None:
            parts.published, note = parse_date_or_none(value, dayfirst=dayfirst)
            if note:
                parts.notes.append(f"date {value[:40]!r} could not be read")
    else:
        url = _URL.search(value)
        if url:
            parts.url = parts.url or url.group(1)
