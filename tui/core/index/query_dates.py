"""Dates in queries: `2026`, `2026-04`, `2026-04-01..2026-04-30`, `yesterday`, `last week`...

Every form names a period [start, end); `date:` keeps articles published inside it, `after:`
those published from its start on, `before:` those published before its start. Times are
naive UTC, as the index stores them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from ..dates import DateError, as_utc, parse_date

Period = tuple[datetime | None, datetime | None]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_YEAR = re.compile(r"(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?,? +(\d{4})")
_AGO = re.compile(r"(\d{1,4}) +(day|week|month|year)s? +ago")
_PAST = re.compile(r"(?:last|past) +(\d{1,4}) +(day|week|month|year)s?")
_LAST = re.compile(r"(?:last|past) +(day|week|month|year)")
_THIS = re.compile(r"this +(week|month|year)")
MAX_DATE_TEXT = 60
DATE_HELP = (
    "try 2026, 2026-04, 2026-04-12, 2026-04-01..2026-04-30, today, yesterday, "
    '"last week" or "3 days ago"'
)


class DateTextError(ValueError):
    """A date in a query that could not be read (the message says why)."""


def utc_now() -> datetime:
    """Now, as naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def parse_period(text: str, *, now: datetime | None = None, dayfirst: bool = False) -> Period:
    """The period a query date names; raises DateTextError."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateTextError("a date is missing")
    if len(cleaned) > MAX_DATE_TEXT:
        raise DateTextError("the date is too long")
    if ".." in cleaned:
        first, _, second = cleaned.partition("..")
        start = _period(first.strip(), now, dayfirst)[0] if first.strip() else None
        end = _period(second.strip(), now, dayfirst)[1] if second.strip() else None
        if start is None and end is None:
            raise DateTextError("a date range needs a date on at least one side of '..'")
        if start is not None and end is not None and end <= start:
            raise DateTextError(f"the range {text.strip()!r} ends before it starts")
        return start, end
    return _period(cleaned, now, dayfirst)


def _period(text: str, now: datetime | None, dayfirst: bool) -> tuple[datetime, datetime]:
    moment = now or utc_now()
    today = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = today + timedelta(days=1)
    if text == "today":
        return today, tomorrow
    if text == "yesterday":
        return today - timedelta(days=1), today
    if text == "tomorrow":
        return tomorrow, tomorrow + timedelta(days=1)
    if match := _LAST.fullmatch(text):
        return today - _span(match.group(1), 1), tomorrow
    if match := _PAST.fullmatch(text):
        amount = int(match.group(1))
        return today - _span(match.group(2), amount), tomorrow
    if match := _AGO.fullmatch(text):
        day = today - _span(match.group(2), int(match.group(1)))
        return day, day + timedelta(days=1)
    if match := _THIS.fullmatch(text):
        unit = match.group(1)
        if unit == "week":
            start = today - timedelta(days=today.weekday())
            return start, start + timedelta(days=7)
        if unit == "month":
            start = today.replace(day=1)
            return start, start + relativedelta(months=1)
        start = today.replace(month=1, day=1)
        return start, start + relativedelta(years=1)
    if match := _YEAR.fullmatch(text):
        start = _safe(int(match.group(1)), 1, 1, text)
        return start, start + relativedelta(years=1)
    if match := _YEAR_MONTH.fullmatch(text):
        start = _safe(int(match.group(1)), int(match.group(2)), 1, text)
        return start, start + relativedelta(months=1)
    if match := _ISO_DAY.fullmatch(text):
        start = _safe(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
        return start, start + timedelta(days=1)
    if (match := _MONTH_YEAR.fullmatch(text)) and match.group(1) in _MONTHS:
        start = _safe(int(match.group(2)), _MONTHS[match.group(1)], 1, text)
        return start, start + relativedelta(months=1)
    try:
        day = as_utc(parse_date(text, dayfirst=dayfirst))
    except DateError as error:
        raise DateTextError(f"not a date: {text!r}") from error
    start = day.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _span(unit: str, amount: int) -> relativedelta:
    if unit == "day":
        return relativedelta(days=amount)
    if unit == "week":
        return relativedelta(weeks=amount)
    if unit == "month":
        return relativedelta(months=amount)
    return relativedelta(years=amount)


def _safe(year: int, month: int, day: int, text: str) -> datetime:
    try:
        return datetime(year, month, day)
    except ValueError as error:
        raise DateTextError(f"not a date: {text!r} ({error})") from error
