"""Reading the dates that articles carry, with python-dateutil, never guessing "today"."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta

from dateutil import parser as date_parser
from dateutil import tz

# Zones that news text names by abbreviation; dateutil understands none of these by itself.
_ZONE_OFFSETS_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "IST": 5.5, "JST": 9, "AEST": 10, "AEDT": 11,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
TZINFOS = {
    name: tz.tzoffset(name, int(hours * 3600)) for name, hours in _ZONE_OFFSETS_HOURS.items()
}

_HAS_DIGIT = re.compile(r"\d")
_ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
"""A date as machines write it (JSON, feeds, crawls): read directly, 20 times faster."""
_MAX_DATE_TEXT = 80

# Two defaults that differ in every field tell us which fields the text really gave.
_DEFAULT_A = datetime(1904, 1, 1, 0, 0)
_DEFAULT_B = datetime(1908, 2, 2, 1, 1)


class DateError(ValueError):
    """A date that could not be read, with a message fit to show a reader."""


def parse_date(text: str, *, dayfirst: bool = False) -> datetime:
    """Parse a full calendar date (year, month, day), timezone-aware when the text gives a zone.

    Raises DateError for anything that is not such a date: no year, no digits, too long, or
    not a date at all. Ambiguous numeric dates are month-first unless `dayfirst` is set; a
    date that is impossible one way round ("13/04/2026") is read the other way.
    """
    cleaned = text.strip()
    if not cleaned or len(cleaned) > _MAX_DATE_TEXT or not _HAS_DIGIT.search(cleaned):
        raise DateError(f"not a date: {cleaned[:40]!r}")
    if _ISO_8601.fullmatch(cleaned):
        try:
            return datetime.fromisoformat(cleaned)
        except ValueError:
            pass  # such as month 13: dateutil says what is wrong
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = date_parser.parse(
                cleaned, default=_DEFAULT_A, dayfirst=dayfirst, tzinfos=TZINFOS
            )
            second = date_parser.parse(
                cleaned, default=_DEFAULT_B, dayfirst=dayfirst, tzinfos=TZINFOS
            )
    except (ValueError, OverflowError, TypeError) as error:
        raise DateError(f"not a date: {cleaned[:40]!r}") from error
    if first.year != second.year or first.month != second.month or first.day != second.day:
        raise DateError(f"incomplete date (needs year, month and day): {cleaned[:40]!r}")
    return first


def parse_date_or_none(text: str, *, dayfirst: bool = False) -> tuple[datetime | None, str | None]:
    """Parse a date, returning (date, None) or (None, a note saying why it was not read)."""
    try:
        return parse_date(text, dayfirst=dayfirst), None
    except DateError as error:
        return None, str(error)


def looks_like_date_line(line: str) -> bool:
    """True for a short line that is nothing but a date, such as "April 12, 2026"."""
    stripped = line.strip().strip("*_").strip()
    if not stripped or len(stripped) > 60 or not _HAS_DIGIT.search(stripped):
        return False
    if len(stripped.split()) > 8:
        return False
    try:
        parse_date(stripped)
    except DateError:
        return False
    return True


def as_utc(moment: datetime) -> datetime:
    """The same instant as a naive UTC datetime (naive input is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def day_range(moment: datetime) -> tuple[datetime, datetime]:
    """The start of the day and the start of the next one."""
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)
