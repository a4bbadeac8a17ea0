"""Articles stored as JSON: one object, a list of them, or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..dates import parse_date_or_none
from .boilerplate import boilerplate_start
from .source import source_from_url
from .text import derive_title, split_paragraphs, tidy

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("body", "text", "content", "article", "full_text", "description", "summary")
BYLINE_KEYS = ("author", "byline", "authors", "creator", "writer")
DATE_KEYS = ("date", "published", "published_at", "publishedAt", "pubDate", "datePublished",
             "created_at", "timestamp", "time")  # fmt: skip
URL_KEYS = ("url", "link", "href", "permalink", "original_url")
SOURCE_KEYS = ("source", "publisher", "site", "site_name", "outlet", "feed")


class NotAnArticle(ValueError):
    """A JSON value that does not hold an article; the message says why."""


TOO_DEEP = "JSON nested too deeply to be an article"


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


_MAX_FIELD_DEPTH = 6
"""How deep in lists and objects a field's text is looked for (deeper is not an article's)."""


def _as_text(value: Any, depth: int = 0) -> str | None:
    """Flatten the shapes such fields take: strings, lists of strings, {"name": ...}."""
    if value is None or depth > _MAX_FIELD_DEPTH:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):
        return _as_text(_first(value, ("name", "title", "text", "value", "url", "href")), depth + 1)
    if isinstance(value, list):
        items = [text for item in value if (text := _as_text(item, depth + 1))]
        return ", ".join(items) if items else None
    return None


def _body_text(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n\n".join(value)
    return _as_text(value)


def record_to_fields(record: Any, *, dayfirst: bool = False) -> dict[str, Any]:
    """Read the usual field names of a JSON article into Article keyword arguments."""
    if not isinstance(record, Mapping):
        raise NotAnArticle(f"expected an object, found {type(record).__name__}")
    body = _body_text(_first(record, BODY_KEYS))
    title = _as_text(_first(record, TITLE_KEYS))
    if not (body and body.strip()) and not (title and title.strip()):
        raise NotAnArticle("no title and no text (looked for 'title', 'body', 'text', 'content')")
    paragraphs = split_paragraphs(body or "")
    cut = boilerplate_start(paragraphs)
    notes: list[str] = []
    published = None
    date_value = _first(record, DATE_KEYS)
    if isinstance(date_value, (int, float)) and not isinstance(date_value, bool):
        notes.append("numeric timestamps are not read as dates")
    elif (date_text := _as_text(date_value)) is not None:
        published, note = parse_date_or_none(date_text, dayfirst=dayfirst)
        if note:
            notes.append(f"date {date_text[:40]!r} could not be read")
    url = _as_text(_first(record, URL_KEYS))
    source = _as_text(_first(record, SOURCE_KEYS))
    if source is None and url:
        source = source_from_url(url, body or "")
    derived = not (title and title.strip())
    return {
        "title": tidy(title) if title and title.strip() else derive_title(paragraphs[0]),
        "title_derived": derived,
        "byline": tidy(by) if (by := _as_text(_first(record, BYLINE_KEYS))) else None,
        "source": tidy(source) if source else None,
        "published": published,
        "url": url.strip() if url else None,
        "paragraphs": tuple(paragraphs[:cut]),
        "boilerplate": tuple(paragraphs[cut:]),
        "notes": tuple(notes),
    }


def json_records(text: str) -> list[Any]:
    """The article records of a .json file: an object, a list, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotAnArticle(
            f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error
    except RecursionError as error:
        raise NotAnArticle(TOO_DEEP) from error
    if isinstance(data, Mapping):
        for key in ("articles", "items", "entries", "results", "data"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    if isinstance(data, list):
        return data
    raise NotAnArticle(f"expected an object or a list, found {type(data).__name__}")


GUID_KEYS = ("guid", "id", "uuid", *URL_KEYS)
"""Fields that name one record for good: its id within a file is made from the first."""


def entry_key(record: Any) -> str | None:
    """What names a JSON record for good (its guid, id or URL), or None when nothing does."""
    if not isinstance(record, Mapping):
        return None
    value = _as_text(_first(record, GUID_KEYS), _MAX_FIELD_DEPTH)
    return value.strip() if value and value.strip() else None
