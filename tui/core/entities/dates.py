"""Date and time expressions: the patterns that find them and the resolver that dates them."""

from __future__ import annotations

import datetime
import re

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta, weekday

_WEEKDAYS: tuple[weekday, ...] = (MO, TU, WE, TH, FR, SA, SU)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sept", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBER = {name: i for i, name in enumerate(_WEEKDAY_NAMES)}

# Month names that are safe alone; "May" and the abbreviations need a number nearby.
_MONTH_FULL = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December)"
)
_MONTH_ANY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

#: Alternatives for DATE expressions, most specific first (the regex takes the first that fits).
DATE_PATTERN = (
    r"(?:[0-9]{4}-[01][0-9]-[0-3][0-9](?![0-9]))"
    rf"|(?:(?:(?:last|next|this|early|late)\s+)?{_WEEKDAY}(?:\s*,\s*{_MONTH_ANY}\s+{_DAY}(?:\s*,\s*{_YEAR})?)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?)"
    rf"|(?:{_MONTH_ANY}\s+{_DAY}(?:\s*,?\s*{_YEAR})?(?![0-9]))"
    rf"|(?:{_DAY}\s+{_MONTH_ANY}(?:\s*,?\s*{_YEAR})?(?![0-9]))"
    rf"|(?:(?:(?:early|mid|late)[- ])?{_MONTH_ANY}\s*,?\s*{_YEAR}(?![0-9]))"
    rf"|(?:(?:(?:early|mid|late)[- ])?{_MONTH_FULL}(?![\w-]))"
    r"|(?:(?:(?<=in )|(?<=of )|(?<=since )|(?<=until )|(?<=by )|(?<=from )|(?<=through )"
    r"|(?<=early )|(?<=late )|(?<=mid-)|(?<=last )|(?<=next )|(?<=this ))May(?![\w-]))"
    r"|(?:(?:the\s+)?(?:early\s+|mid-?|late\s+)?(?:1[6-9]|20)[0-9]0'?s(?![\w]))"
    r"|(?:(?:[Tt]oday|[Yy]esterday|[Tt]omorrow)(?![\w]))"
    r"|(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier\s+this|[Ll]ater\s+this)\s+(?:week|month|year|weekend|decade|spring|summer|autumn|fall|winter)(?![\w]))"
    r"|(?:(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|a|several|a\s+few)\s+"
    r"(?:days?|weeks?|months?|years?|decades?)\s+ago(?![\w]))"
    r"|(?:(?:(?:early|mid|late)[- ])?" + _YEAR + r"(?![\w%$€£,.-][0-9])(?!-)"
    r"(?!\s+(?!and\b|or\b|to\b|when\b|as\b|after\b|before\b|until\b|through\b|with\b|in\b|at\b)[a-z]))"
)

#: Alternatives for TIME expressions.
TIME_PATTERN = (
    r"(?:(?:[01]?[0-9]|2[0-3])(?:[:.][0-5][0-9])?\s*(?:[AaPp]\.[Mm]\.|[AaPp][Mm](?![\w]))"
    r"(?:\s+(?:local\s+time|GMT|UTC|[ECMP][SD]T))?)"
    r"|(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s+(?:GMT|UTC|[ECMP][SD]T))?(?![0-9]))"
    r"|(?:(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)(?![\w]))"
    r"|(?:(?:[Tt]onight|[Mm]idnight|[Nn]oon)(?![\w]))"
)

_RESOLVABLE = re.compile(
    r"(?P<iso>(?P<iy>[0-9]{4})-(?P<im>[01][0-9])-(?P<id>[0-3][0-9]))"
    rf"|(?P<md>(?P<mdm>{_MONTH_ANY})\s+(?P<mdd>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<mdy>{_YEAR}))?)"
    rf"|(?P<dm>(?P<dmd>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<dmm>{_MONTH_ANY})(?:\s*,?\s*(?P<dmy>{_YEAR}))?)"
    rf"|(?P<wd>(?:(?P<wdrel>last|next|this)\s+)?(?P<wdn>{_WEEKDAY}))"
    r"|(?P<rel>today|yesterday|tomorrow)"
    r"|(?P<ago>(?P<agon>[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+"
    r"(?P<agou>day|week)s?\s+ago)",
    re.IGNORECASE,
)

_SMALL_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _month_day(
    month: int, day: int, year: str | None, published: datetime.date | None
) -> datetime.date | None:
    if year is not None:
        return datetime.date(int(year), month, day)
    if published is None:
        return None
    candidate = datetime.date(published.year, month, day)
    delta = (candidate - published).days
    # A date without a year is near publication: well after it means last year,
    # long before it (an article in December about "Jan. 5") means next year.
    if delta > 90:
        return datetime.date(published.year - 1, month, day)
    if delta < -275:
        return datetime.date(published.year + 1, month, day)
    return candidate


def resolve_date(
    text: str, published: datetime.date | datetime.datetime | None = None
) -> datetime.date | None:
    """The calendar day a DATE expression names, relative to `published`, or None.

    Only day-precise expressions resolve: full dates, month and day, weekdays,
    today/yesterday/tomorrow and "N days ago". Weekdays resolve to the most
    recent such day on or before publication ("last" means strictly before,
    "next" strictly after).
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    try:
        return _resolve(text, published)
    except (ValueError, OverflowError):  # 31 February, or a date past year 9999
        return None


def _resolve(text: str, published: datetime.date | None) -> datetime.date | None:
    m = _RESOLVABLE.search(text)
    if m is None:
        return None
    if m.group("iso"):
        return datetime.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if m.group("md"):
        month = _MONTHS[m.group("mdm").lower().rstrip(".")]
        return _month_day(month, int(m.group("mdd")), m.group("mdy"), published)
    if m.group("dm"):
        month = _MONTHS[m.group("dmm").lower().rstrip(".")]
        return _month_day(month, int(m.group("dmd")), m.group("dmy"), published)
    if published is None:
        return None
    if m.group("wd"):
        day: weekday = _WEEKDAYS[_DAY_NUMBER[m.group("wdn").lower()]]
        rel = (m.group("wdrel") or "").lower()
        if rel == "next":
            return published + relativedelta(days=1, weekday=day(+1))
        if rel == "last":
            return published + relativedelta(days=-1, weekday=day(-1))
        return published + relativedelta(weekday=day(-1))
    if m.group("rel"):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("rel").lower()]
        return published + datetime.timedelta(days=offset)
    if m.group("ago"):
        count_text = m.group("agon").lower()
        count = _SMALL_NUMBERS.get(count_text) or int(count_text)
        unit = 7 if m.group("agou").lower() == "week" else 1
        if count > 3660:
            return None
        return published - datetime.timedelta(days=count * unit)
    return None
